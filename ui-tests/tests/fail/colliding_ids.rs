// Ids that would make the same Rust accessor are a located manifest error, not a rustc error.
sst_resources::sst_resources!("manifests/collisions.json", function = "api");

fn main() {
    let _ = Bucket::my_files();
}
