//! What the shop's functions share. This library's code runs in every function of the package (the
//! checkout behind two functions, and the worker), so the macro here compiles against the links all three
//! have: `MyBucket` only. A use of `Stripe` here would not compile: the worker is not linked to it.

sst_resources::sst_resources!("../../bindings.json");

/// Where an order's receipt is kept: the bucket every function is linked to.
pub fn receipt(order: &str) -> Result<String, sst_resources::Error> {
    Ok(format!("s3://{}/receipts/{order}.json", Resource::my_bucket()?.name))
}
