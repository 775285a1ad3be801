//! One module per command.

pub mod bind;
pub mod check;
pub mod env;
pub mod import;
pub mod policy;
pub mod schema;
pub mod secrets;
