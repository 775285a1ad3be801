//! With one function in the manifest, `function = ...` may be left out.
#![deny(warnings)]

sst_resources::sst_resources!("manifests/one-function.json");

fn main() {
    let _ = Bucket::my_files().map(|b| b.bucket_name);
}
