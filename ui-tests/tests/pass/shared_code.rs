//! Code every function of the package runs (a library, or one binary behind several routes) compiles
//! against what all of them are bound to: `Bucket.photos` is bound to both.
#![deny(warnings)]

use sst_resources::testing::Values;

sst_resources::sst_resources!("manifests/shared.json");

fn main() {
    let values = Values::new("fleet", "test").set("Bucket", "photos", "bucketName", "photos-1");
    let name = values.run(|| Bucket::photos().map(|b| b.bucket_name));
    assert_eq!(name.ok(), Some("photos-1"));
}
