import { Bucket, Config, Function, Queue, StackContext, Table } from "sst/constructs";

export function Storage({ stack }: StackContext) {
  const uploads = new Bucket(stack, "my-uploads");
  const notes = new Table(stack, "notes", {
    fields: { id: "string" },
    primaryIndex: { partitionKey: "id" },
  });
  const jobs = new Queue(stack, "jobs");
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
  return { uploads, notes, jobs };
}
