//! The manifest as the command line writes and checks it: written back as a file (`write`), its JSON
//! Schema for editors (`schema`), and what differs between a kept manifest and the app's (`drift`). The
//! manifest itself, and its reader, are the protocol's (`sst_binding_protocol::manifest`).

mod drift;
mod schema;
mod write;

pub use drift::{drift, drift_links};
pub use schema::schema;
pub use write::ToJson;
