sst_resources::sst_resources!("manifests/all-kinds.json");

fn main() {
    let _ = Bucket::my_files();
}
