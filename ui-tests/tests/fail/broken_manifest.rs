// Every problem is reported in one compile; the valid resource still compiles (no cascade).
sst_resources::sst_resources!("manifests/broken.json", function = "api");

fn main() {
    let _ = Bucket::my_files();
}
