//! SST's quick start in Rust (the S3 upload comes with the SSM work).

sst_resources::sst_resources!("bindings.json");

fn main() -> Result<(), sst_resources::Error> {
    println!("{}", Bucket::my_files()?.bucket_name);
    Ok(())
}
