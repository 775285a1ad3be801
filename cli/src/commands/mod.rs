//! One module per command.

pub mod bind;
pub mod check;
pub mod env;
pub mod policy;
pub mod schema;
pub mod secrets;
