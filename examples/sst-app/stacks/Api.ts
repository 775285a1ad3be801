import { Api as HttpApi, StackContext, use } from "sst/constructs";
import { Storage } from "./Storage";

export function Api({ stack }: StackContext) {
  const { notes } = use(Storage);
  // A Rust function of another crate (functions/billing), as an API route.
  const api = new HttpApi(stack, "http", {
    routes: {
      "POST /charge": {
        function: {
          runtime: "rust",
          handler: "functions/billing/src/bin/charge.rs",
          bind: [notes],
        },
      },
    },
  });
  stack.addOutputs({ url: api.url });
}
