sst_resources::sst_resources!("manifests/all-kinds.json", function = "worker");

fn main() {
    let _ = Bucket::my_files();
}
