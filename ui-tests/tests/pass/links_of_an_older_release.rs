//! The links of an app on SST 4.5.12 (`"sst"` in the manifest), read as that release's reader reads them:
//! `SST_RESOURCE_{Name}` over `SST_RESOURCES_JSON` (4.7.5 turned it round), and a link's `type` as
//! `sst-env.d.ts` spells it, whichever spelling the release deployed (`sst:aws:Bucket` before 4.6.11).
#![deny(warnings)]

use sst_resources::testing::Values;

sst_resources::sst_resources!("manifests/links-sst-4.5.json", function = "checkout");

fn main() {
    let vars = [
        ("SST_RESOURCE_App", r#"{"name":"shop","stage":"dev"}"#),
        ("SST_RESOURCE_MyBucket", r#"{"name":"from-variable","type":"sst:aws:Bucket"}"#),
        ("SST_RESOURCES_JSON", r#"{"MyBucket":{"name":"from-json","type":"sst.aws.Bucket"}}"#),
    ];
    let values = Values::from_env(vars.map(|(name, value)| (name.to_owned(), value.to_owned())));
    values
        .run(|| -> Result<(), sst_resources::Error> {
            let bucket = Resource::my_bucket()?;
            assert_eq!((bucket.name, bucket.r#type), ("from-variable", "sst.aws.Bucket"));
            Ok(())
        })
        .unwrap();
}
