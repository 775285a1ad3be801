/// <reference path="./.sst/platform/config.d.ts" />

// The example SST v4 app: a shop whose two Rust functions (functions/shop, bins `checkout` and `worker`)
// are linked to different resources, so that a use of a link the function lacks can be told apart.
export default $config({
  app(input) {
    return {
      name: "shop",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      providers: { aws: { region: "us-east-1" } },
    };
  },
  async run() {
    const bucket = new sst.aws.Bucket("MyBucket");
    const stripeKey = new sst.Secret("StripeKey");
    const stripe = new sst.Linkable("Stripe", {
      properties: {
        key: stripeKey.value,
        limits: { retries: 3 },
        regions: ["us-east-1"],
        live: false,
      },
    });
    const jobs = new sst.aws.Queue("Jobs");

    // Linked to everything but the queue.
    const checkout = new sst.aws.Function("Checkout", {
      runtime: "rust",
      handler: "functions/shop.checkout",
      link: [bucket, stripeKey, stripe],
      url: true,
    });

    // Linked to the bucket only.
    jobs.subscribe({
      runtime: "rust",
      handler: "functions/shop.worker",
      link: [bucket],
    });

    // The API's link reaches every route; the route adds its own.
    const api = new sst.aws.ApiGatewayV2("Api", { link: [stripe] });
    api.route("POST /checkout", {
      runtime: "rust",
      handler: "functions/shop.checkout",
      link: [bucket, stripeKey],
    });

    return { api: api.url, checkout: checkout.url };
  },
});
