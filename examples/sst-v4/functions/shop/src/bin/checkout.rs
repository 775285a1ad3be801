//! `checkout`: the function `Checkout` (with a URL) and the route `POST /checkout` of the API run this
//! binary (SST builds `functions/shop.checkout` once per function). Both are linked to MyBucket, Stripe and
//! StripeKey (the API's `link` reaches its routes), so those compile here; `Jobs` would not.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};
use sst_resources::ExposeSecret;

sst_resources::sst_resources!("../../bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(checkout)).await
}

async fn checkout(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    let stripe = Resource::stripe()?;
    Ok(json!({
        "app": Resource::app()?.name,
        "bucket": Resource::my_bucket()?.name,
        "receipt": shop::receipt("o-1")?,
        "live": stripe.live,
        "retries": stripe.limits.retries,
        "regions": stripe.regions,
        "testKey": Resource::stripe_key()?.value.expose_secret().starts_with("sk_test_"),
    }))
}
