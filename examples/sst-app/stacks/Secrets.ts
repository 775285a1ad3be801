import { Config, StackContext } from "sst/constructs";

export function Secrets({ stack, app }: StackContext) {
  const STRIPE_KEY = new Config.Secret(stack, "STRIPE_KEY");
  // Every function of the app is bound to the key.
  app.addDefaultFunctionBinding([STRIPE_KEY]);
  return { STRIPE_KEY };
}
