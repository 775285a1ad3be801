// Run by `sst-resources import` with Node, in the SST app's root, against the app's own node_modules/sst:
// loads sst.config.* and runs its stacks into an App in "remove" mode, as `sst types` does (no AWS, no
// function is built), then writes what the manifest needs of the construct tree as JSON to the file named
// by argv[2]. argv[3] is the stage. Everything else it prints (the app's own console.log) is left alone.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [out, stage] = process.argv.slice(2);
const root = process.cwd();
const sst = (file) => import(pathToFileURL(path.join(root, "node_modules", "sst", file)).href);

const { initProject, useProject } = await sst("project.js");
const { App } = await sst("constructs/App.js");
const { isSSTConstruct } = await sst("constructs/Construct.js");
const { Function: SstFunction } = await sst("constructs/Function.js");
const { Stacks } = await sst("stacks/index.js");

await initProject({ stage });
const project = useProject();
const [, config] = await Stacks.load(project.paths.config);
const app = new App({
  mode: "remove",
  stage: project.config.stage,
  name: project.config.name,
  region: project.config.region,
});
await config.stacks(app);

const constructs = [];
const functions = [];
for (const c of app.node.findAll()) {
  if (!isSSTConstruct(c)) continue;
  const stack = c.stack?.stackName ?? null;
  if (c instanceof SstFunction) {
    functions.push({
      id: c.node.id,
      stack,
      runtime: c.props?.runtime ?? null,
      handler: c.props?.handler ?? null,
      environment: Object.keys(c.environment ?? {}).sort(),
    });
  }
  if (c._doNotAllowOthersToBind) continue;
  const binding = typeof c.getBindings === "function" ? c.getBindings() : undefined;
  if (!binding) continue;
  const props = {};
  for (const [prop, variable] of Object.entries(binding.variables ?? {})) props[prop] = variable.type;
  constructs.push({ type: c.constructor.name, id: String(c.id ?? c.node.id), stack, props });
}

fs.writeFileSync(
  out,
  JSON.stringify({
    format: "sst-resources/construct-tree@1",
    sstVersion: project.version,
    app: project.config.name,
    stage: project.config.stage,
    ssmPrefix: project.config.ssmPrefix,
    constructs,
    functions,
  }),
);
