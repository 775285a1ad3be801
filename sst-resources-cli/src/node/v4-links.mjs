// Run by `sst-resources import` with Node for an SST v3/v4 app (sst.config.ts with `$config({ app, run })`; any
// release whose platform has what checkPlatform() looks for, 3.9.39 through 4.17.1 seen to):
// prints, as one JSON document on stdout, every function of the app with the links SST gives it, and every
// linkable of the app with its type. argv[2] is the app's root, argv[3] the stage; argv[4] and argv[5] what the
// release of SST's Go binary decides, which the platform cannot show ("1" or "0", sst_app/release.rs): whether
// `sst.config.ts` may import at the top level (before 3.11.0), whether `providers: { aws: true }` is `{}`
// (up to 4.5.2; an error after).
//
// It runs the app's own SST platform (`.sst/platform`, written by `sst install`, `sst dev` or `sst deploy`)
// as SST's CLI does, without AWS, Pulumi's CLI or a deploy:
//   1. `app({ stage })` is bundled and evaluated as pkg/project/project.go does, for `$app`;
//   2. `run()` is bundled as pkg/project/run.go and pkg/js/js.go do (the providers and `sst` imported into
//      each user file, `$app`, `$cli` with command "diff", `$dev` false, platform/src/shim/run.js injected,
//      platform/src/auto/run.ts calling `run`);
//   3. that bundle runs under @pulumi/pulumi's unit-test mocks, with SST_SERVER a stand-in for SST's RPC
//      server on 127.0.0.1: every function SST builds calls `Runtime.Build` with its links, as computed by
//      SST's own components (an API's `link` given to its routes, subscribers, crons, ...);
//   4. the linkables are the components SST makes a `sst:sst:LinkRef` for (what sst-env.d.ts lists).
//
// Output: {"app":{"name","stage"},"version","functions":[{"name","runtime","handler","bundle","links"}, and
// "dockerfile" for a container],
// "links":{"Name":{"type"}},"notes":[...]}, keys and lists sorted, the same bytes on every run.
//
// Function names, as a reader of sst.config.ts knows them (never SST's hashed ids):
//   - a Function component made in sst.config.ts: its name (`new sst.aws.Function("Checkout")` -> `Checkout`);
//   - an API route's handler: the API's name, `/`, the route (`Api/POST /checkout`);
//   - a subscriber (of a queue, topic, stream, ...): the component subscribed to, `/subscriber `, the handler
//     (`Jobs/subscriber functions/shop.worker`);
//   - an SSR site's server function: the site's name, `/server` (`Site/server`);
//   - any other function made by a component: the component the user made, `/`, the function's own name
//     without that prefix (first letter lowered), a space, the handler (`Cron/handler src/cron.handler`).
//   - a container of a Service or Task (`runtime: "container"`, its links those of its task definition, its
//     `handler` the image's build context): the component's name (`Web`), `/` and the container's where it
//     has several (`Web/sidecar`).
//   A name that would repeat gets ` #2`, ` #3`, ... in the order SST builds the functions.
//
// What the mocks cannot run is reported, never lost: a site whose server function needs its build output
// (Nextjs and the other SSR sites) is listed with the site's own `link` and a note; a lookup the stand-ins
// lack names the component and the call; an error in the program names its place in sst.config.ts; an
// error in a callback (an unhandled rejection) fails the import. Secrets get placeholders: no value of the
// environment is read or printed. Nothing is printed on stdout unless the whole import succeeded; a failure
// is told on stderr, with a non-zero exit.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

// What the import needs of the app's platform (`.sst/platform`, as `sst install` writes it), checked by what the
// platform has, never by its version (3.9.39 through 4.17.1 were seen to have all of it): its files, what they
// must say, and Pulumi's runtime API under its node_modules.
const PLATFORM_FILES = {
  "src/components/index.ts": [[/export \* as aws from/], "the `sst` namespace (`export * as aws from ...`)"],
  "src/components/component.ts": [[/export function \$transform\b/], "`export function $transform`"],
  "src/components/link.ts": [[/"sst:sst:LinkRef"/], "the `sst:sst:LinkRef` resource of a linkable"],
  "src/components/aws/function.ts": [
    [/"Runtime\.Build"/, /\bfunctionID: name\b/, /\blinks: /],
    "the `Runtime.Build` RPC with `functionID` and `links`",
  ],
  "src/shim/run.js": [[/\$transform/], "the globals `sst.config.ts` runs with ($transform, ...)"],
  "src/auto/run.ts": [[/export (async )?function run\b/], "`export function run`"],
};
const PULUMI_RUNTIME = ["setMocks", "runInPulumiStack", "registerStackTransformation"];
const CONFIG = "sst.config.ts";
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const SECRET_PLACEHOLDER = "sst-resources-placeholder";
// Sites whose server function is built from the site's build output, which the mocks do not make.
const SSR_SITES = new Set(
  ["Nextjs", "Remix", "Astro", "SvelteKit", "SolidStart", "Nuxt", "Analog", "TanStackStart", "React"].map(
    (t) => `sst:aws:${t}`,
  ),
);
// Stand-ins for the lookups SST's components make (`aws:index/...`), by token.
const LOOKUPS = {
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
  "aws:index/getRegion:getRegion": () => ({ name: REGION, region: REGION, id: REGION }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:user/sst-resources`,
    userId: "sst-resources",
    id: ACCOUNT,
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
    names: [`${REGION}a`, `${REGION}b`, `${REGION}c`],
    zoneIds: ["use1-az1", "use1-az2", "use1-az3"],
    id: REGION,
  }),
  // A container image's registry login (Service, Task): nothing is pushed.
  "aws:ecr/getAuthorizationToken:getAuthorizationToken": () => ({
    authorizationToken: "",
    proxyEndpoint: `https://${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`,
    userName: "AWS",
    password: SECRET_PLACEHOLDER,
    expiresAt: "",
    id: REGION,
  }),
  // Made by the provider without AWS: the policy's JSON (the statements as given; nothing reads it here).
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => ({
    json: JSON.stringify({ Version: "2012-10-17", Statement: inputs.statements ?? [] }),
    id: "policy",
  }),
};
// The resources a container's links and image are read from: its task definition (each container's
// `environment` holds SST_RESOURCE_<Name>, `fargate.ts`) and the image built for it (context, Dockerfile).
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const IMAGE = "docker-build:index:Image";
const CONTAINER_RESOURCES = new Set([TASK_DEFINITION, IMAGE]);
// The components whose task definitions run containers.
const CONTAINER_COMPONENTS = new Set(["sst:aws:Service", "sst:aws:Task"]);
// The lookup SSR sites run their build with.
const BUILD_COMMAND = "command:local:run";
// How long nothing may happen (no resource, lookup or RPC) after the program returned before it counts as
// finished, and before it returned before it counts as stuck: longer, since loading the platform's modules
// is a long quiet stretch on a loaded machine (500 ms was seen to be too short with builds beside it).
const QUIET_MS = 500;
const STUCK_MS = 5000;

/** A failure told to the user: `message`, then each of `details` on its own line. */
class Failure extends Error {
  constructor(message, details = []) {
    super(message);
    this.details = details;
  }
}

const [rootArg, stageArg, topLevelImportsArg, providerTrueArg] = process.argv.slice(2);
const root = path.resolve(rootArg ?? ".");
const stage = stageArg ?? "";
const TOP_LEVEL_IMPORTS = topLevelImportsArg === "1";
const PROVIDER_TRUE_IS_EMPTY = providerTrueArg === "1";
// Its real path: a copy of an app may link to another's platform (the bundle is written there, and its
// files must be told from the app's own).
const platform = realPath(path.join(root, ".sst", "platform"));
const made = [];
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const file of made) fs.rmSync(file, { recursive: true, force: true });
    process.exit(1);
  });
}

process.setSourceMapsEnabled(true);
let code = 0;
try {
  const result = await importApp();
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
} catch (e) {
  code = 1;
  if (e instanceof Failure) {
    process.stderr.write([`v4-links: ${e.message}`, ...e.details.map((d) => `  ${d}`)].join("\n") + "\n");
  } else {
    process.stderr.write(`v4-links: ${placed(e)}\n`);
  }
} finally {
  for (const file of made) fs.rmSync(file, { recursive: true, force: true });
}
// What the mocks leave unresolved (outputs nothing awaits) is no leak of the import: Pulumi's exit check
// would fail the process for it.
leaksForgotten();
process.exit(code);

function leaksForgotten() {
  try {
    createRequire(path.join(platform, "package.json"))("@pulumi/pulumi/runtime/state.js").getStore().leakCandidates?.clear();
  } catch {
    // No platform, no Pulumi, nothing to forget.
  }
}

async function importApp() {
  if (!stage || /[^a-zA-Z0-9-]/.test(stage)) {
    throw new Failure(`the stage ${JSON.stringify(stage)} is not one SST accepts (letters, digits and -)`);
  }
  if (!fs.existsSync(path.join(root, CONFIG))) throw new Failure(`no ${CONFIG} in ${root}`);
  let version;
  try {
    version = fs.readFileSync(path.join(platform, "version"), "utf8").trim();
  } catch {
    throw new Failure(
      `${path.join(root, ".sst", "platform")} is missing: run \`sst install\` in ${root} (or \`sst dev\` once)`,
    );
  }
  const require = createRequire(path.join(platform, "package.json"));
  const { esbuild, pulumi } = checkPlatform(version, require);

  const app = await evaluateApp(esbuild);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sst-resources-v4-"));
  made.push(home);
  const program = await bundleRun(esbuild, app, home);
  const seen = await runMocked(pulumi, require, app, program);
  return report(app, version, seen);
}

/**
 * What the import needs of the platform (PLATFORM_FILES, esbuild, Pulumi's runtime API, the provider lock), all
 * of it checked before anything runs; a failure names each thing missing.
 */
function checkPlatform(version, require) {
  const missing = [];
  for (const [file, [patterns, what]] of Object.entries(PLATFORM_FILES)) {
    let text;
    try {
      text = fs.readFileSync(path.join(platform, file), "utf8");
    } catch {
      missing.push(`.sst/platform/${file} (${what})`);
      continue;
    }
    if (!patterns.every((p) => p.test(text))) missing.push(`${what} in .sst/platform/${file}`);
  }
  if (!fs.existsSync(path.join(platform, "src/components/aws"))) missing.push(".sst/platform/src/components/aws/");
  if (!fs.existsSync(path.join(root, ".sst", "provider-lock.json"))) {
    missing.push(".sst/provider-lock.json (the providers `sst install` installed)");
  }
  let esbuild;
  let pulumi;
  try {
    esbuild = require("esbuild");
    if (typeof esbuild.build !== "function") missing.push("esbuild's build() in .sst/platform/node_modules/esbuild");
  } catch {
    missing.push("esbuild in .sst/platform/node_modules");
  }
  try {
    pulumi = require("@pulumi/pulumi");
    for (const fn of PULUMI_RUNTIME) {
      if (typeof pulumi.runtime?.[fn] !== "function") missing.push(`@pulumi/pulumi's runtime.${fn}() in .sst/platform/node_modules`);
    }
    for (const file of ["@pulumi/pulumi/runtime/invoke.js", "@pulumi/pulumi/runtime/state.js"]) {
      try {
        require.resolve(file);
      } catch {
        missing.push(`${file} in .sst/platform/node_modules`);
      }
    }
  } catch {
    missing.push("@pulumi/pulumi in .sst/platform/node_modules");
  }
  if (missing.length) {
    throw new Failure(
      `the app's SST platform (${version}, ${path.join(root, ".sst", "platform")}) lacks what the import needs; was \`sst install\` run to the end?`,
      missing,
    );
  }
  return { esbuild, pulumi };
}

/** `$app`: the config's `app({ stage })`, bundled and evaluated as pkg/project/project.go does. */
async function evaluateApp(esbuild) {
  const file = path.join(platform, `sst.config.sst-resources-app.${process.pid}.mjs`);
  await build(esbuild, {
    banner: "function $config(input) { return input }",
    define: { $input: JSON.stringify({ stage }) },
    code: `import mod from ${JSON.stringify(path.join(root, CONFIG))};
export const v2 = Boolean(mod.stacks || mod.config);
export const app = v2 ? undefined : await mod.app({ stage: $input.stage || undefined });`,
    outfile: file,
    topLevelImports: TOP_LEVEL_IMPORTS,
  });
  const mod = await import(pathToFileURL(file).href);
  if (mod.v2) throw new Failure(`${CONFIG} is an SST v2 config (stacks), which sst-resources import reads with the app's node_modules/sst`);
  const app = mod.app ?? {};
  if (!app.name) throw new Failure(`${CONFIG}: app() returns no name`);
  if (!app.home) throw new Failure(`${CONFIG}: app() returns no home`);
  // As project.go completes it, in the order of its App struct (what `$app` is in the bundle).
  const providers = {};
  for (const [name, args] of Object.entries(app.providers ?? {})) {
    if (args === true && !PROVIDER_TRUE_IS_EMPTY) {
      throw new Failure(
        `${CONFIG}: \`providers: { ${name}: true }\` is refused by this release of SST (4.5.3 and later): write \`${name}: {}\` or a version string`,
      );
    }
    providers[name] = typeof args === "string" ? { version: args } : args === true ? {} : args;
  }
  if (app.home !== "local" && !(app.home in providers)) providers[app.home] = {};
  return {
    name: app.name,
    stage,
    removal: app.removal || "retain",
    providers,
    home: app.home,
    version: app.version ?? "",
    protect: app.protect ?? false,
    watch: app.watch ?? {},
    state: app.state ?? null,
    types: { ignore: app.types?.ignore ?? null },
    backend: "",
    removalPolicy: "",
  };
}

/** The program `sst diff` would run: run.go's bundle of `run()`. */
async function bundleRun(esbuild, app, home) {
  const lock = JSON.parse(fs.readFileSync(path.join(root, ".sst", "provider-lock.json"), "utf8"));
  const globals = [
    ...lock.map((e) => `import * as ${e.alias} from "${e.package}";`),
    `import * as sst from "${path.join(platform, "src/components")}";`,
  ].join("\n");
  const cli = {
    command: "diff",
    dev: false,
    paths: { home, root, work: path.join(root, ".sst"), platform },
    state: { version: {} },
  };
  const file = path.join(platform, `sst.config.sst-resources-run.${process.pid}.mjs`);
  await build(esbuild, {
    globals,
    define: { $app: JSON.stringify(app), $cli: JSON.stringify(cli), $dev: "false" },
    inject: [path.join(platform, "src/shim/run.js")],
    code: `import { run } from ${JSON.stringify(path.join(platform, "src/auto/run.ts"))};
${recordArgs()}
import mod from ${JSON.stringify(path.join(root, CONFIG))};
const result = await run(mod.run);
export default result;`,
    outfile: file,
    topLevelImports: true,
  });
  return file;
}

/**
 * The one addition to SST's entry point: each SST component's args, as `$transform` sees them, kept in
 * globalThis.__sstResourcesArgs by type and name (a function's name needs its route's or queue's). The
 * classes are those `sst` exports and the routes and subscribers the components make.
 */
function recordArgs() {
  const aws = path.join(platform, "src/components/aws");
  const internal = fs.readdirSync(aws).filter((f) => /-(route|subscriber)\.ts$/.test(f)).sort();
  return `import { $transform as __transform } from ${JSON.stringify(path.join(platform, "src/components/component.ts"))};
import * as __sst from ${JSON.stringify(path.join(platform, "src/components/index.ts"))};
${internal.map((f, i) => `import * as __internal${i} from ${JSON.stringify(path.join(aws, f))};`).join("\n")}
globalThis.__sstResourcesArgs = new Map();
{
  const visited = new Set();
  const visit = (ns) => {
    if (!ns || visited.has(ns)) return;
    visited.add(ns);
    for (const value of Object.values(ns)) {
      if (typeof value === "function" && typeof value.__pulumiType === "string" && value.__pulumiType.startsWith("sst:")) {
        if (visited.has(value)) continue;
        visited.add(value);
        const type = value.__pulumiType;
        __transform(value, (args, opts, name) => { globalThis.__sstResourcesArgs.set(type + "::" + name, args ?? {}); });
      } else if (value && typeof value === "object" && !Array.isArray(value)) {
        visit(value);
      }
    }
  };
  visit(__sst);
  ${internal.map((_, i) => `visit(__internal${i});`).join(" ")}
}`;
}

/** pkg/js/js.go Build(): the same esbuild options; its errors located in the user's files. */
async function build(esbuild, { banner = "", globals = "", define, inject, code, outfile, topLevelImports }) {
  made.push(outfile, `${outfile}.map`);
  const sstDirs = [path.join(root, ".sst"), platform];
  try {
    await esbuild.build({
      banner: {
        js: `
import { createRequire as topLevelCreateRequire } from 'module';
const require = topLevelCreateRequire(import.meta.url);
import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"
const __filename = topLevelFileUrlToPath(import.meta.url)
const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))
${banner}`,
      },
      mainFields: ["module", "main"],
      format: "esm",
      platform: "node",
      sourcemap: "linked",
      stdin: { contents: code, resolveDir: root, sourcefile: "eval.ts", loader: "ts" },
      nodePaths: [path.join(platform, "node_modules")],
      plugins: [
        {
          name: "DisallowImports",
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) => {
              if (!topLevelImports && path.basename(args.importer) === CONFIG && args.kind === "import-statement") {
                return {
                  errors: [
                    {
                      text: `${CONFIG} imports ${JSON.stringify(args.path)} at the top level; SST allows imports only inside run() (dynamic import())`,
                    },
                  ],
                };
              }
              return undefined;
            });
          },
        },
        {
          name: "InjectGlobals",
          setup(b) {
            b.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, (args) => {
              if (sstDirs.some((dir) => args.path.startsWith(dir))) return undefined;
              let contents = fs.readFileSync(args.path, "utf8");
              // SST puts the imports on lines of their own, which moves every line of the source map: on the
              // first line, the places of errors are those of the file.
              if (!args.path.includes(".sst")) contents = globals.replaceAll("\n", " ") + " " + contents;
              return { contents, loader: "default" };
            });
          },
        },
      ],
      external: ["@pulumi/*", "undici", "@pulumiverse/*", "@sst-provider/*", "@aws-sdk/*", "esbuild", "archiver", "glob", "vite"],
      define,
      inject,
      outfile,
      write: true,
      bundle: true,
      logLevel: "silent",
    });
  } catch (e) {
    const lines = (e.errors ?? []).map((m) =>
      m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text,
    );
    throw new Failure(`${CONFIG} does not build`, lines.length ? lines : [String(e.message ?? e)]);
  }
}

/** Runs the bundle under Pulumi's mocks; returns what SST's components did. */
async function runMocked(pulumi, require, app, program) {
  const seen = {
    builds: [], // Runtime.Build params, in the order SST made them
    resources: new Map(), // urn-less record per resource: { name, type, parent, props }
    byObject: new WeakMap(),
    linkRefs: [], // targets of sst:sst:LinkRef
    values: new Map(), // a mocked output string -> the resource record it belongs to
    secrets: new Set(),
    // The inputs of the resources a container is read from, by `type::name`.
    containerInputs: new Map(),
    // The files SST's components would write in the app (a container's `.dockerignore`), not written.
    unwritten: [],
    problems: [],
    notes: [],
    activity: 0,
  };

  // SST's RPC server (pkg/server), the methods components call; an unknown one is a problem, not a guess.
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.activity++;
      let reply;
      try {
        const { method, params } = JSON.parse(body);
        reply = { result: answer(method, params?.[0] ?? {}), error: null };
      } catch (e) {
        reply = { result: null, error: String(e.message ?? e) };
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "sst-resources-v4-build-"));
  made.push(buildDir);
  fs.writeFileSync(path.join(buildDir, "bootstrap"), "");
  function answer(method, arg) {
    switch (method) {
      case "Runtime.Build":
        seen.builds.push(arg);
        return { handler: "bootstrap", out: buildDir, errors: [], sourcemaps: [] };
      case "Provider.Aws.Bootstrap":
        return {
          asset: "sst-asset-standin",
          assetEcrRegistryId: ACCOUNT,
          assetEcrUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/sst-asset`,
          state: "sst-state-standin",
          appsyncHttp: "",
          appsyncRealtime: "",
        };
      case "Provider.Aws.Appsync":
        return { http: "", realtime: "" };
      default:
        seen.problems.push(`SST's RPC ${method} has no stand-in (called with ${Object.keys(arg).sort().join(", ")})`);
        throw new Error(`rpc: can't find method ${method}`);
    }
  }
  await new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("SST_SECRET_") || k === "SST_SECRETS") delete env[k];
  env.SST_SERVER = `http://127.0.0.1:${server.address().port}`;
  // Every secret reads its placeholder; the environment's values are never seen.
  process.env = new Proxy(env, {
    get(t, k) {
      if (typeof k === "string" && k.startsWith("SST_SECRET_")) {
        seen.secrets.add(k.slice("SST_SECRET_".length));
        return SECRET_PLACEHOLDER;
      }
      return t[k];
    },
    has(t, k) {
      return (typeof k === "string" && k.startsWith("SST_SECRET_")) || k in t;
    },
  });

  // A lookup is made synchronously by a component's code: where it was made is known only then.
  const invokeModule = require("@pulumi/pulumi/runtime/invoke.js");
  const lookups = new Map(); // token -> [place]
  for (const fn of ["invoke", "invokeOutput", "invokeSingle", "invokeSingleOutput"]) {
    const original = invokeModule[fn];
    if (typeof original !== "function") continue;
    invokeModule[fn] = function (tok, props, opts, ...rest) {
      if (!(tok in LOOKUPS)) {
        const parent = opts?.parent && seen.byObject.get(opts.parent);
        const where = parent ? `the ${parent.type} "${topLevel(parent).name}"` : placeOf(new Error().stack);
        lookups.set(tok, [...(lookups.get(tok) ?? []), where]);
      }
      return original.call(this, tok, props, opts, ...rest);
    };
  }

  // Asynchronous in newer Pulumis (3.210 on), synchronous in older ones (3.146): awaited either way.
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        seen.activity++;
        if (args.type === "sst:sst:LinkRef") seen.linkRefs.push(args.name.replace(/LinkRef$/, ""));
        if (CONTAINER_RESOURCES.has(args.type)) seen.containerInputs.set(`${args.type}::${args.name}`, args.inputs);
        const computed = standIns(args.type, args.name, args.inputs);
        const record = [...seen.resources.values()].find((r) => r.name === args.name && r.type === args.type);
        for (const value of Object.values(computed)) if (typeof value === "string" && record) seen.values.set(value, record);
        return { id: `${args.name}-id`, state: { ...computed, ...args.inputs } };
      },
      call(args) {
        seen.activity++;
        const standIn = LOOKUPS[args.token];
        if (standIn) return standIn(args.inputs);
        // A site's build (`command:local:run`) is not run: its server function is reported from its link.
        if (args.token === BUILD_COMMAND && hasSsrSite(seen)) throw new Error(`${BUILD_COMMAND} is not run`);
        const places = [...new Set(lookups.get(args.token) ?? ["an unknown place"])];
        seen.problems.push(`the lookup ${args.token} (made by ${places.join(", ")}) has no stand-in without AWS`);
        throw new Error(`the lookup ${args.token} has no stand-in`);
      },
    },
    app.name,
    stage,
    false,
  );

  const rejections = [];
  const onRejection = (e) => rejections.push(e);
  process.on("unhandledRejection", onRejection);
  let finished = false;
  let failed;
  // SST's Service and Task add `.sst` to the `.dockerignore` of their build context (fargate.ts) with
  // `fs.writeFileSync`: the import writes nothing in the app, so that write is noted and skipped.
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = function (file, ...rest) {
    const name = typeof file === "string" ? file : "";
    if (path.basename(name).endsWith("dockerignore") && !path.relative(root, name).startsWith("..")) {
      seen.unwritten.push(relativeToRoot(name));
      return undefined;
    }
    return writeFileSync.call(this, file, ...rest);
  };
  const running = pulumi.runtime
    .runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        const parent = args.opts?.parent ? seen.byObject.get(args.opts.parent) : undefined;
        const record = {
          name: args.name,
          type: args.type,
          parent,
          get props() {
            return globalThis.__sstResourcesArgs?.get(`${args.type}::${args.name}`) ?? args.props ?? {};
          },
        };
        seen.resources.set(`${args.type}::${args.name}::${parent?.name ?? ""}`, record);
        seen.byObject.set(args.resource, record);
        return undefined;
      });
      const mod = await import(pathToFileURL(program).href);
      return mod.default;
    })
    .then(
      () => (finished = true),
      (e) => (failed = e),
    );
  try {
    // Functions are built in callbacks of callbacks, and a callback that fails leaves the program waiting
    // for ever: it is over when nothing has happened for a while.
    let before;
    do {
      before = seen.activity;
      const quiet = new Promise((r) => setTimeout(r, finished ? QUIET_MS : STUCK_MS));
      await (finished ? quiet : Promise.race([running, quiet]));
      if (failed) throw new Failure(`${CONFIG} failed under the mocks: ${placed(failed)}`);
    } while (before !== seen.activity);
    if (!finished && !rejections.length && !seen.problems.length) {
      seen.problems.push("the program did not finish: it waits for something the mocks never give");
    }
  } finally {
    fs.writeFileSync = writeFileSync;
    process.off("unhandledRejection", onRejection);
    server.close();
  }
  for (const e of rejections) {
    // A failed lookup rejects with an empty error of Pulumi's: the lookup itself is reported (or is a site's
    // build, reported with the site).
    if (!e?.message && String(e?.stack ?? "").includes("MockMonitor.invoke")) {
      if (!seen.problems.length && !hasSsrSite(seen)) seen.problems.push("a lookup failed under the mocks");
      continue;
    }
    seen.problems.push(`an error in a callback: ${placed(e)}`);
  }
  // Every SSR site none of whose functions was built: its server function needed the build output.
  const built = new Set(seen.builds.map((b) => b.functionID));
  const records = [...seen.resources.values()];
  seen.siteFailures = records.filter(
    (r) =>
      !r.parent &&
      SSR_SITES.has(r.type) &&
      !records.some((f) => f.type === "sst:aws:Function" && built.has(f.name) && topLevel(f) === r),
  );
  if (seen.problems.length) {
    throw new Failure(`${CONFIG} could not be run whole under the mocks, so no function is reported`, [
      ...new Set(seen.problems),
    ]);
  }
  return seen;
}

/** Provider-computed outputs components read, made from the resource's name so that they trace back. */
function standIns(type, name, inputs) {
  const n = name.toLowerCase();
  // Each ARN in its service's form, which components parse (helpers/arn.ts).
  const service = type.match(/^aws:([a-z0-9]+)\//)?.[1] ?? "standin";
  const resource = { dynamodb: `table/${name}`, kinesis: `stream/${name}`, lambda: `function:${name}` }[service] ?? name;
  return {
    arn: service === "s3" ? `arn:aws:s3:::${n}` : `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`,
    name: inputs.name ?? n,
    url: `https://${n}.standin.aws/`,
    functionUrl: `https://${n}.lambda-url.${REGION}.on.aws/`,
    endpoint: `${n}.standin.aws`,
    apiEndpoint: `https://${n}.execute-api.${REGION}.amazonaws.com`,
    invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/${type}/${name}`,
    executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${n}`,
    qualifiedArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${n}:1`,
    domainName: `${n}.cloudfront.net`,
    hostedZoneId: "Z2FDTNDATAQYW2",
    bucket: inputs.bucket ?? n,
    bucketDomainName: `${n}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${n}.s3.${REGION}.amazonaws.com`,
    streamArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${n}/stream/standin`,
    keyValueStoreArn: `arn:aws:cloudfront::${ACCOUNT}:key-value-store/${n}`,
    etag: "standin",
    version: "1",
  };
}

function topLevel(record) {
  let r = record;
  while (r.parent) r = r.parent;
  return r;
}

function hasSsrSite(seen) {
  return [...seen.resources.values()].some((r) => !r.parent && SSR_SITES.has(r.type));
}

/** The report: functions by readable name, linkables by name, notes; all sorted. */
async function report(app, version, seen) {
  const functions = [];
  const names = new Map();
  const unique = (name) => {
    const n = (names.get(name) ?? 0) + 1;
    names.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  };
  const records = [...seen.resources.values()];
  for (const build of seen.builds) {
    const record = records.find((r) => r.type === "sst:aws:Function" && r.name === build.functionID);
    functions.push({
      name: unique(functionName(record, build, seen)),
      runtime: build.runtime ?? "nodejs",
      handler: build.handler ?? null,
      bundle: build.bundle ?? null,
      links: Object.keys(build.links ?? {}).sort(),
    });
  }
  const notes = [];
  for (const container of containers(records, seen)) {
    functions.push({ ...container, name: unique(container.name) });
  }
  for (const file of [...new Set(seen.unwritten)].sort()) {
    notes.push(`SST's build writes ${file} (it adds \`.sst\` to it); the import did not`);
  }
  for (const site of [...new Set(seen.siteFailures)]) {
    const links = await linkNames(site.props?.link, seen);
    functions.push({ name: unique(`${site.name}/server`), runtime: "nodejs", handler: null, links });
    notes.push(
      `${site.name} (${dotted(site.type)}): its server function needs the site's build output, which the import does not make; listed with the site's own link`,
    );
  }
  if (seen.secrets.size) {
    notes.push(`placeholders stood in for the secrets ${[...seen.secrets].sort().join(", ")} (no value is read)`);
  }
  const links = {};
  for (const target of [...new Set(seen.linkRefs)].sort()) {
    const record = records.find((r) => !r.parent && r.name === target);
    links[target] = { type: dotted(record?.type ?? "unknown") };
  }
  functions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { app: { name: app.name, stage: app.stage }, version, functions, links, notes: notes.sort() };
}

/**
 * Every container of a Service or Task, with the links its task definition gives it (SST_RESOURCE_<Name> in
 * its `environment`, `App` aside) and where its image is built (`handler`: the build context, relative to the
 * app's root; `dockerfile`: relative to the context). Named by its component, and `/<container>` where the
 * container's name is not the component's. A prebuilt image (`image: "..."`) has no context.
 */
function containers(records, seen) {
  const out = [];
  for (const record of records.filter((r) => r.type === TASK_DEFINITION)) {
    const owner = topLevel(record);
    if (!CONTAINER_COMPONENTS.has(owner.type)) continue;
    const inputs = seen.containerInputs.get(`${TASK_DEFINITION}::${record.name}`) ?? {};
    for (const container of containerDefinitions(inputs.containerDefinitions)) {
      const links = (container.environment ?? [])
        .map((e) => e.name)
        .filter((n) => typeof n === "string" && n.startsWith("SST_RESOURCE_") && n !== "SST_RESOURCE_App")
        .map((n) => n.slice("SST_RESOURCE_".length));
      const image = seen.containerInputs.get(`${IMAGE}::${owner.name}Image${container.name}`);
      const context = image?.context?.location;
      const dockerfile = image?.dockerfile?.location;
      out.push({
        name: container.name === owner.name ? owner.name : `${owner.name}/${container.name}`,
        runtime: "container",
        handler: typeof context === "string" ? relativeToRoot(context) : null,
        bundle: null,
        dockerfile: typeof context === "string" && typeof dockerfile === "string" ? path.relative(context, dockerfile) : null,
        links: [...new Set(links)].sort(),
      });
    }
  }
  return out;
}

/** A task definition's containers: JSON text, which Pulumi's mocks hand over as a secret (`{<sig>, value}`). */
function containerDefinitions(value) {
  const text = value && typeof value === "object" && typeof value.value === "string" ? value.value : value;
  if (typeof text !== "string") return [];
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** A path of the app, relative to its root (`.` for the root), with `/` on every system. */
function relativeToRoot(file) {
  return path.relative(root, file).split(path.sep).join("/") || ".";
}

/** The naming rule of the header comment. */
function functionName(record, build, seen) {
  if (!record) return `${build.functionID} ${build.handler ?? ""}`.trim();
  if (!record.parent) return record.name;
  const owner = topLevel(record);
  const props = owner.props ?? {};
  // An API route (ApiGatewayV1/V2, WebSocket): its API and route key.
  if (props.api?.name && typeof props.route === "string") return `${props.api.name}/${props.route}`;
  // A subscriber: the component whose output it was given (a queue's ARN, a topic's, a bucket's name, ...).
  const target = subscribedTo(props, seen);
  if (target) return `${target.name}/subscriber ${build.handler}`;
  if (SSR_SITES.has(owner.type)) return `${owner.name}/server`;
  const role = record.name.startsWith(owner.name) ? record.name.slice(owner.name.length) : record.name;
  return `${owner.name}/${role.charAt(0).toLowerCase()}${role.slice(1)} ${build.handler ?? ""}`.trim();
}

function subscribedTo(props, seen) {
  for (const value of Object.values(props)) {
    if (!value || typeof value !== "object") continue;
    for (const inner of Object.values(value)) {
      const record = typeof inner === "string" ? seen.values.get(inner) : undefined;
      if (record) return topLevel(record);
    }
  }
  return undefined;
}

async function linkNames(link, seen) {
  if (!link) return [];
  const { output } = createRequire(path.join(platform, "package.json"))("@pulumi/pulumi");
  const list = await new Promise((resolve) => output(link).apply((v) => resolve(v ?? [])));
  return list
    .map((l) => seen.byObject.get(l))
    .filter(Boolean)
    .map((r) => r.name)
    .sort();
}

function realPath(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function dotted(type) {
  return type.replaceAll(":", ".");
}

/** An error's message with its place in sst.config.ts (or the first place in the app's own files). */
function placed(e) {
  const message = String(e?.message ?? e).split("\n")[0];
  const where = placeOf(e?.stack ?? "");
  return where ? `${where}: ${message}` : message;
}

function placeOf(stack) {
  const frames = [...String(stack).matchAll(/(?:file:\/\/)?(\/[^\s()]+?):(\d+):(\d+)/g)].map((m) => ({
    file: m[1],
    line: m[2],
    column: m[3],
  }));
  const inApp = (f) => f.file.startsWith(root + path.sep) && !f.file.includes(`${path.sep}.sst${path.sep}`) && !f.file.includes("node_modules");
  const config = frames.find((f) => f.file === path.join(root, CONFIG)) ?? frames.find(inApp);
  if (config) return `${path.relative(root, config.file)}:${config.line}:${config.column}`;
  const component = frames.find((f) => f.file.startsWith(path.join(platform, "src")));
  return component ? `${path.relative(root, component.file)}:${component.line}:${component.column}` : "";
}
