//! `sst-resources`: imports and checks what an SST app gives its Rust functions — `import` (the manifest
//! from an SST v2, v3 or v4 app), `check` and `schema` (the manifest) — and, for SST v2 apps, runs and
//! configures them: `bind` (run with the bound values), `secrets`, `env` and `policy` (for other
//! deployment tools).
//!
//! Every name of the binding protocol (environment variables, SSM paths, IAM templates) comes from
//! `sst-binding-protocol`; this crate only reads the command line, calls AWS and prints. It is a library
//! with a thin `main.rs`, so that tests and other crates call it rather than include its files.
//!
//! The modules are layers, listed here from the bottom up; each uses only the layers below it (never one
//! beside it). `sst-binding-protocol/tests/layers.rs` checks it.
//!
//! | layer | modules | what |
//! | --- | --- | --- |
//! | 0 | `args`, `error`, `iam` | the command line as clap reads it; a failed command and its exit code; the IAM a binding grants, rendered |
//! | 1 | `output` | a command's lines on stdout, its warnings on stderr |
//! | 2 | `aws`, `context` | AWS: region, credentials, clients; the manifest, app, stage and values of a command |
//! | 3 | `ssm`, `lambda` | the calls: SSM parameters; the functions bound to a secret, restarted |
//! | 4 | `commands` | one module per command, and `commands::run`, which runs the one named |

pub mod args;
pub mod error;
pub mod iam;

pub mod output;

pub mod aws;
pub mod context;

pub mod lambda;
pub mod ssm;

pub mod commands;
