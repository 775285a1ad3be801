//! What the example app's Cron job (`nightly/job`) and queue consumer (`jobs/consumer`) share. The macro is
//! called once, here: this code runs in both functions, so it compiles against what both are bound to (the
//! table `notes` and the secret `STRIPE_KEY`); the bucket, bound to the job only, does not compile here.

use serde_json::{Value, json};

sst_resources::sst_resources!("../../bindings.json");

/// What both functions answer: the table they write to.
pub fn describe(function: &str) -> Result<Value, sst_resources::Error> {
    // With `--features unbound-demo` this line does not compile: `jobs/consumer` is not bound to the bucket.
    #[cfg(feature = "unbound-demo")]
    let _ = Bucket::my_uploads()?;
    Ok(json!({ "function": function, "table": Table::notes()?.table_name }))
}
