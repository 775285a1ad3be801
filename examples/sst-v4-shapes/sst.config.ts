/// <reference path="./.sst/platform/config.d.ts" />

// An SST v4 app whose Rust functions take the shapes public apps give them beside `functions/<crate>.<bin>`
// (examples/sst-v4): a crate at the app's root with several binaries, each named by its handler
// (`./.push`), and a binary built by `cargo lambda build` and deployed as a prebuilt bundle
// (`provided.al2023`, `bundle: "target/lambda/notify"`).
export default $config({
  app(input) {
    return {
      name: "shapes",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      providers: { aws: { region: "us-east-1" } },
    };
  },
  async run() {
    const bucket = new sst.aws.Bucket("MyBucket");
    const jobs = new sst.aws.Queue("Jobs");

    // The crate at the app's root, its binary `push`: linked to the queue only.
    new sst.aws.Function("Push", {
      runtime: "rust",
      handler: "./.push",
      link: [jobs],
    });

    // The same crate's binary `notify`, built by `cargo lambda build --release --bin notify` and deployed as
    // it is: linked to the bucket only.
    new sst.aws.Function("Notify", {
      runtime: "provided.al2023",
      handler: "bootstrap",
      bundle: "target/lambda/notify",
      link: [bucket],
    });
  },
});
