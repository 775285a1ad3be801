//! Every link of an SST v4 app, typed by its `sst-env.d.ts`, read from test values as SST's `Resource`
//! reads them.
#![deny(warnings)]

use sst_resources::ExposeSecret;
use sst_resources::serde_json::json;
use sst_resources::testing::Values;

sst_resources::sst_resources!("manifests/sst-env.d.ts");

fn main() {
    let values = Values::new("shop", "dev")
        .link("MyBucket", json!({ "type": "sst.aws.Bucket", "name": "shop-dev-mybucket" }))
        .link("StripeKey", json!({ "type": "sst.sst.Secret", "value": "sk_test_1" }))
        .link(
            "Stripe",
            json!({
                "type": "sst.sst.Linkable", "key": "sk_test_1", "live": false, "config": { "mode": "test" },
                "limits": { "retries": 3 }, "regions": ["us-east-1", "eu-west-1"], "routes": [{ "path": "/pay" }]
            }),
        );
    values.run(|| -> Result<(), sst_resources::Error> {
        assert_eq!(Resource::app()?.name, "shop");
        assert_eq!(Resource::app()?.stage, "dev");
        assert_eq!(Resource::my_bucket()?.name, "shop-dev-mybucket");
        assert_eq!(Resource::stripe_key()?.value.expose_secret(), "sk_test_1");
        let stripe = Resource::stripe()?;
        assert_eq!((stripe.key, stripe.live, stripe.limits.retries), ("sk_test_1", false, 3.0));
        assert_eq!(stripe.regions, ["us-east-1", "eu-west-1"]);
        assert_eq!(stripe.routes[0].path, "/pay");
        assert_eq!(stripe.config["mode"], "test");
        // Linked in the types file, but not set in this process: SST's own words.
        let error = Resource::jobs().map(|_| ()).unwrap_err();
        assert!(error.to_string().starts_with("\"Jobs\" is not linked in your sst.config.ts"), "{error}");
        Ok(())
    })
    .unwrap();
}
