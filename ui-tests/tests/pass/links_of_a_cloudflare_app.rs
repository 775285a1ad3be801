//! An app with Cloudflare bindings, its `sst-env.d.ts` as SST 4.9.1 writes it (a second `declare module`
//! block typed `cloudflare.Service`): the links of both blocks, a binding read as the link's JSON.
#![deny(warnings)]

use sst_resources::serde_json::json;
use sst_resources::testing::Values;

sst_resources::sst_resources!("manifests/sst-env-cloudflare-4.9.d.ts");

fn main() {
    let values = Values::new("shop", "dev")
        .link("MyBucket", json!({ "type": "sst:aws:Bucket", "name": "shop-dev-mybucket" }))
        .link("Worker", json!({ "type": "sst:cloudflare:Worker", "url": "https://worker.example" }));
    values
        .run(|| -> Result<(), sst_resources::Error> {
            let bucket = Resource::my_bucket()?;
            assert_eq!((bucket.name, bucket.r#type), ("shop-dev-mybucket", "sst.aws.Bucket"));
            let worker: &'static sst_resources::serde_json::Value = Resource::worker()?;
            assert_eq!(worker["url"], "https://worker.example");
            Ok(())
        })
        .unwrap();
}
