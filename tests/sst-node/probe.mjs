// The Node side of the differential tests (tests/tests/sst_node.rs): SST's own `sst/node/*` helpers, from
// the `sst` package installed by scripts/sst-node (its folder is the first argument), read the values of
// tests/sst-node/bindings.json; one line each, as the Rust probe (tests/src/bin/sst-probe.rs) prints them.
const sst = `${process.argv[2]}/node_modules/sst/node`;

function line(name, read) {
  try {
    const value = read();
    console.log(value === undefined ? `${name} = (none)` : `${name} = ${value}`);
  } catch (error) {
    console.log(`${name} ! ${error.message.replace(/\n/g, "\\n")}`);
  }
}

let helpers;
try {
  // The helpers load SSM values at import (top-level await): a failure is the import's.
  helpers = await Promise.all(
    ["config/index", "bucket/index", "table/index", "site/index", "future/auth/proxy"].map((m) => import(`${sst}/${m}.js`)),
  );
} catch (error) {
  line("load", () => {
    throw error;
  });
  process.exit(0);
}
const [{ Config }, { Bucket }, { Table }, { StaticSite }, { Auth }] = helpers;
line("Config.APP", () => Config.APP);
line("Config.STAGE", () => Config.STAGE);
line("Config.STRIPE_KEY", () => Config.STRIPE_KEY);
line("Config.DB_PASSWORD", () => Config.DB_PASSWORD);
line("Config.MY_CLUSTER_NAME", () => Config.MY_CLUSTER_NAME);
line("Bucket.myFiles.bucketName", () => Bucket.myFiles.bucketName);
line("Bucket.my-uploads.bucketName", () => Bucket["my-uploads"].bucketName);
line("Table.orders.tableName", () => Table.orders.tableName);
line("StaticSite.site.url", () => StaticSite.site.url);
line("Auth.auth.publicKey", () => Auth.auth.publicKey);
line("Auth.auth.url", () => Auth.auth.url);
