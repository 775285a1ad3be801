import { Bucket, Config, Cron, Function, Job, Queue, StackContext, Table } from "sst/constructs";

export function Storage({ stack }: StackContext) {
  const uploads = new Bucket(stack, "my-uploads");
  const notes = new Table(stack, "notes", {
    fields: { id: "string" },
    primaryIndex: { partitionKey: "id" },
  });
  // Its consumer and the Cron's job below are Rust binaries of one crate (functions/fleet) that share its lib.
  const jobs = new Queue(stack, "jobs", {
    consumer: {
      function: { runtime: "rust", handler: "functions/fleet/src/bin/consume.rs", bind: [notes] },
    },
  });
  const cluster = new Config.Parameter(stack, "MY_CLUSTER_NAME", { value: "cluster-1" });

  // Two Rust functions of one crate (functions/app, binaries `api` and `worker`).
  new Function(stack, "api", {
    runtime: "rust",
    handler: "functions/app/src/bin/api.rs",
    bind: [uploads, notes],
  });
  new Function(stack, "worker", {
    runtime: "rust",
    handler: "functions/app/src/bin/worker.rs",
    bind: [jobs, cluster],
  });
  // A Node function beside them.
  new Function(stack, "notify", {
    handler: "packages/functions/src/notify.handler",
    bind: [uploads, jobs],
  });
  new Cron(stack, "nightly", {
    schedule: "rate(1 day)",
    job: {
      function: { runtime: "rust", handler: "functions/fleet/src/bin/nightly.rs", bind: [notes, uploads] },
    },
  });
  // A Job: its handler runs in CodeBuild, bound through the project's environment (no default binding).
  new Job(stack, "report", {
    handler: "packages/functions/src/report.handler",
    bind: [notes, uploads],
  });
  return { uploads, notes, jobs };
}
