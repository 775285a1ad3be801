sst_resources::sst_resources!("manifests/nope.json", function = "api");

fn main() {}
