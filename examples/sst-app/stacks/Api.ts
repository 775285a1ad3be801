import { Api as HttpApi, StackContext, use } from "sst/constructs";
import { Storage } from "./Storage";

export function Api({ stack }: StackContext) {
  const { notes, uploads } = use(Storage);
  // A Rust function of another crate (functions/billing), behind two routes that bind differently: SST
  // builds it once per route, and its code compiles against what both are bound to.
  const charge = "functions/billing/src/bin/charge.rs";
  const api = new HttpApi(stack, "http", {
    routes: {
      "POST /charge": { function: { runtime: "rust", handler: charge, bind: [notes] } },
      "GET /receipts": { function: { runtime: "rust", handler: charge, bind: [notes, uploads] } },
    },
  });
  stack.addOutputs({ url: api.url });
}
