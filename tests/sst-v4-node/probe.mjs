// The Node side of the differential test of SST v3/v4 links (tests/tests/sst_v4_node.rs): SST's own link
// reader, `sst/resource` of the `sst` package installed by scripts/sst-v4-node (whose folder is the first
// argument), imported by path: dist/resource/node.js from 4.7.5, dist/resource.js before it. Prints one
// line per read, as the Rust probe (tests/src/bin/sst-v4-probe.rs) does: first the props a generated
// accessor reads (unless the second argument is `--links-only`), then each link named in the other
// arguments as JSON (object keys sorted: their order is not part of a link); `{name} = {value}` or
// `{name} ! {error}`.
import { existsSync } from "fs";

const dist = `${process.argv[2]}/node_modules/sst/dist`;
const reader = existsSync(`${dist}/resource/node.js`) ? `${dist}/resource/node.js` : `${dist}/resource.js`;
const { Resource } = await import(reader);

/** JSON with every object's keys sorted. */
function json(value) {
  const sorted = (v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
      : Array.isArray(v)
        ? v.map(sorted)
        : v;
  return JSON.stringify(sorted(value));
}

function line(name, read) {
  try {
    console.log(`${name} = ${read()}`);
  } catch (error) {
    console.log(`${name} ! ${error.message.replace(/\n/g, "\\n")}`);
  }
}

let names = process.argv.slice(3);
if (names[0] === "--links-only") {
  names.shift();
} else {
  accessors();
}
for (const name of names) {
  line(name, () => json(Resource[name]));
}

/** The props the Rust probe's accessors read. */
function accessors() {
  line("App.name", () => Resource.App.name);
  line("App.stage", () => Resource.App.stage);
  line("MyBucket.name", () => Resource.MyBucket.name);
  line("Stripe.key", () => Resource.Stripe.key);
  line("Stripe.limits.retries", () => Resource.Stripe.limits.retries);
  line("Stripe.live", () => Resource.Stripe.live);
  line("Stripe.regions", () => json(Resource.Stripe.regions));
  line("Stripe.extra", () => json(Resource.Stripe.extra));
}
