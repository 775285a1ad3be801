// `Table.trips` is bound to `api` but not to `thumbs`, and this code runs in both.
sst_resources::sst_resources!("manifests/shared.json");

fn main() {
    let _ = Table::trips();
}
