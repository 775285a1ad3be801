//! Test values, in-process, without touching the environment.
#![deny(warnings)]

use sst_resources::testing::Values;

sst_resources::sst_resources!("manifests/one-function.json");

fn main() {
    let values = Values::new("one", "test").set("Bucket", "myFiles", "bucketName", "b-1");
    let name = values.run(|| Bucket::my_files().map(|b| b.bucket_name));
    assert_eq!(name.ok(), Some("b-1"));
}
