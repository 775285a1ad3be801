sst_resources::sst_resources!("manifests/one-function.json");

fn main() {
    let _ = Queue::jobs();
}
