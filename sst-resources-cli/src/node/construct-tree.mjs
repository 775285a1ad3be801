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
const { Job } = await sst("constructs/Job.js");
const { Service } = await sst("constructs/Service.js");
const { getBindingEnvironments, getBindingReferencedSecrets } = await sst("constructs/util/binding.js");
const { Stacks } = await sst("stacks/index.js");

// In "remove" mode a Service makes no container, only a dev function: what its container would be given is
// its props and what the stacks add later (`service.bind(...)`, `service.addEnvironment(...)`), kept here.
const added = new WeakMap();
const addedTo = (service) => {
  if (!added.has(service)) added.set(service, { bind: [], environment: [] });
  return added.get(service);
};
const { bind, addEnvironment } = Service.prototype;
Service.prototype.bind = function (constructs) {
  addedTo(this).bind.push(...constructs);
  return bind.call(this, constructs);
};
Service.prototype.addEnvironment = function (name, value) {
  addedTo(this).environment.push(name);
  return addEnvironment.call(this, name, value);
};
// The environment SST gives a Service's container when it deploys it (`createService`, `bindForService`):
// SST's own variables, its bindings' (and the secrets they refer to), and its `environment`.
const serviceEnvironment = (service) => {
  const later = addedTo(service);
  const bound = [...(service.props.bind ?? []), ...later.bind];
  const names = new Set(["SST_APP", "SST_STAGE", "SST_SSM_PREFIX", ...later.environment]);
  for (const name of Object.keys(service.props.environment ?? {})) names.add(name);
  for (const r of [...bound, ...bound.flatMap((c) => getBindingReferencedSecrets(c))]) {
    for (const name of Object.keys(getBindingEnvironments(r))) names.add(name);
  }
  return [...names].sort();
};

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

// What `sst build` writes of a construct (its `SSTMetadata` item): where an API's routes, a Cron's job, a
// Queue's consumer, ... are functions, by address. Only its keys and addresses are read.
const describe = (c) => {
  try {
    const { type, data } = c.getConstructMetadata();
    // A token's number changes from run to run: dropped, so the same stacks give the same tree.
    const text = JSON.stringify({ type, id: c.node.id, data: data ?? null }, (_, value) =>
      typeof value === "string" ? value.replace(/\$\{Token\[[^\]]*\]\}/g, "${Token}") : value,
    );
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const constructs = [];
const functions = [];
const metadata = [];
for (const c of app.node.findAll()) {
  if (!isSSTConstruct(c)) continue;
  const stack = [...c.node.scopes].reverse().find((s) => typeof s.stackName === "string")?.stackName ?? null;
  const described = describe(c);
  if (described && typeof described.type === "string") metadata.push(described);
  // A Service's dev function stands in for its container, which is imported instead.
  if (c instanceof SstFunction && !c.node.scopes.some((s) => s instanceof Service)) {
    functions.push({
      id: c.node.id,
      addr: c.node.addr,
      stack,
      runtime: c.props?.runtime ?? null,
      handler: c.props?.handler ?? null,
      environment: Object.keys(c.environment ?? {}).sort(),
    });
  }
  // A Job's handler runs in CodeBuild, not as a Lambda function: its bindings are the project's environment.
  if (c instanceof Job) {
    const env = c.cdk.codeBuildProject.node.defaultChild.environment?.environmentVariables ?? [];
    functions.push({
      id: c.node.id,
      addr: c.node.addr,
      stack,
      runtime: c.props?.runtime === "container" ? "container" : "nodejs18.x",
      handler: c.props?.handler ?? null,
      dockerfile: c.props?.container?.file ?? null,
      environment: env.map((v) => v.name).sort(),
    });
  }
  // A Service runs in ECS, its image built from the Dockerfile in its `path`.
  if (c instanceof Service) {
    functions.push({
      id: c.node.id,
      addr: c.node.addr,
      stack,
      runtime: "container",
      handler: c.props.path,
      dockerfile: c.props.file ?? null,
      environment: serviceEnvironment(c),
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
    format: "sst-resources/construct-tree@2",
    sstVersion: project.version,
    app: project.config.name,
    stage: project.config.stage,
    ssmPrefix: project.config.ssmPrefix,
    constructs,
    functions,
    metadata,
  }),
);
