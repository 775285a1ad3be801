sst_resources::sst_resources!("manifests/one-function.json");

fn main() -> Result<(), sst_resources::Error> {
    let _ = Bucket::my_files()?.name;
    Ok(())
}
