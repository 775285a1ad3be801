sst_resources::sst_resources!("manifests/one-function.json", func = "api");

fn main() {}
