sst_resources::sst_resources!("manifests/all-kinds.json", function = "all");

fn main() {
    let _ = Bucket::archive();
}
