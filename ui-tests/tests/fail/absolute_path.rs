sst_resources::sst_resources!("/srv/app/bindings.json", function = "api");

fn main() {}
