//! The importer: what the `sst-resources` command line reads from outside the protocol and writes. An SST
//! app's own files made into a manifest (`sst_app`: SST v2's construct tree or build output, SST v3/v4's
//! links as its platform computes them), the manifest written back, its JSON Schema and its drift from a
//! kept one (`manifest`), the values file of `bind --values` (`values`) and the `.env` files of
//! `secrets load` (`dotenv`).
//!
//! It builds on `sst-binding-protocol` (names, catalog, messages, the manifest model and its reader) and
//! needs no AWS SDK: the fuzz targets check its readers (`hostile/`). The macro and the runtime never
//! depend on it, so no user's function build compiles it.
//!
//! The modules are layers, listed here from the bottom up; each uses only the layers below it (never one
//! beside it). `sst-binding-protocol/tests/layers.rs` checks it.
//!
//! | layer | modules | what |
//! | --- | --- | --- |
//! | 0 | `manifest`, `values`, `dotenv` | the files users write and keep |
//! | 1 | `sst_app` | the SST app's own files, made into a manifest |

pub mod dotenv;
pub mod manifest;
pub mod values;

pub mod sst_app;
