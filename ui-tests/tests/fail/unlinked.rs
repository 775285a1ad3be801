// The worker is linked to Jobs and MyBucket only.
sst_resources::sst_resources!("manifests/links.json", function = "worker");

fn main() {
    let _ = Resource::my_bucket();
    let _ = Resource::stripe();
}
