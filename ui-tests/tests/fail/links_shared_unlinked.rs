// This code runs in `Api/POST /checkout` and `Checkout`; only the first is linked to StripeKey.
sst_resources::sst_resources!("manifests/links-shared.json");

fn main() {
    let _ = Resource::stripe();
    let _ = Resource::stripe_key();
}
