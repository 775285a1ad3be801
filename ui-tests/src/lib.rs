//! Compile-pass and compile-fail tests of the `sst_resources!` macro (see `tests/ui.rs`).
//!
//! This library itself expands the macro for a manifest that uses every construct kind, a custom kind,
//! awkward ids (`RDS`, `STRIPE_KEY`, `my-archive`, the keyword `type`) and resources that are not bound
//! to the function, under `#![deny(warnings, missing_docs)]`: `cargo clippy --all-targets -- -D warnings`
//! on the workspace proves that generated code is free of rustc and clippy warnings.
#![deny(warnings, missing_docs)]

/// Every construct kind of the app `all-kinds`, as the function `all` sees it.
pub mod all {
    sst_resources::sst_resources!("manifests/all-kinds.json", function = "all");
}
