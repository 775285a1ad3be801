import { SSTConfig } from "sst";
import { Secrets } from "./stacks/Secrets";
import { Storage } from "./stacks/Storage";
import { Api } from "./stacks/Api";

export default {
  config() {
    return { name: "sst-app", region: "us-east-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps({ runtime: "nodejs20.x" });
    app.stack(Secrets).stack(Storage).stack(Api);
  },
} satisfies SSTConfig;
