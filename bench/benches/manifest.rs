//! Reading `bindings.json` and expanding the macro at 1,000, 10,000 and 20,000 resources (functions of 50
//! bindings, one per 100 resources): how the time grows. And `sst-resources check` of the largest, with the
//! debug build a user runs while developing (`SST_RESOURCES_BIN`, set by `scripts/bench`).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use sst_binding_protocol::manifest;
use sst_resources_bench::{App, Table, cli_binary, duration, median, target_dir, time};
use sst_resources_codegen::CrateContext;

const SIZES: &[usize] = &[1_000, 10_000, 20_000];

fn app(resources: usize) -> App {
    App { resources, functions: resources / 100, bindings: 50 }
}

fn main() {
    let dir = target_dir().join("bench-manifest");
    std::fs::create_dir_all(&dir).expect("a directory under target/");
    let mut table = Table::new(
        "Reading the manifest and expanding the macro (release build, median of 5)",
        &["resources", "functions × bindings", "read", "µs a resource", "expand (read + generate)", "µs a resource"],
    );
    let mut first: Option<(f64, f64)> = None;
    for &resources in SIZES {
        let app = app(resources);
        let text = app.manifest("bench-app");
        let file = format!("bindings-{resources}.json");
        std::fs::write(dir.join(&file), &text).expect("write the manifest");

        let read = median(5, || {
            let (took, read) = time(|| manifest::parse(&text, "bindings.json").map(|m| m.resources.len()).ok());
            assert_eq!(read, Some(resources), "the generated manifest is valid");
            took
        });
        assert!(!expand(&dir, &file).to_string().contains("compile_error"), "the generated manifest expands");
        let expand = median(5, || time(|| expand(&dir, &file)).0);
        let per = |d: Duration| d.as_secs_f64() * 1e6 / resources as f64;
        let (read_per, expand_per) = (per(read), per(expand));
        let growth = |now: f64, then: f64| format!("{now:.2} ({:.2}× the first)", now / then);
        let (read_cell, expand_cell) = match first {
            None => {
                first = Some((read_per, expand_per));
                (format!("{read_per:.2}"), format!("{expand_per:.2}"))
            }
            Some((r, e)) => (growth(read_per, r), growth(expand_per, e)),
        };
        table.row(vec![
            format!("{resources}"),
            format!("{} × {}", app.functions, app.bindings),
            duration(read),
            read_cell,
            duration(expand),
            expand_cell,
        ]);
    }
    table.print();

    let largest = *SIZES.last().unwrap_or(&20_000);
    let mut check =
        Table::new("`sst-resources check` (debug build, median of 3)", &["resources", "functions", "wall time", "bar"]);
    match cli_binary() {
        Some(bin) => {
            let file = dir.join(format!("bindings-{largest}.json"));
            let took = median(3, || {
                let (took, output) = time(|| Command::new(&bin).arg("--manifest").arg(&file).arg("check").output());
                let output = output.expect("run sst-resources check");
                assert!(output.status.success(), "check failed: {}", String::from_utf8_lossy(&output.stderr));
                took
            });
            check.row(vec![
                format!("{largest}"),
                format!("{}", app(largest).functions),
                duration(took),
                "< 1 s".into(),
            ]);
            check.print();
        }
        None => println!("(not measured: set SST_RESOURCES_BIN to the sst-resources binary, as scripts/bench does)"),
    }
}

/// The macro's whole work on one manifest: read, check, model, tokens.
fn expand(dir: &Path, file: &str) -> proc_macro2::TokenStream {
    let input: proc_macro2::TokenStream = format!("{file:?}, function = \"f0\"").parse().expect("macro input");
    sst_resources_codegen::expand(input, CrateContext { manifest_dir: dir, target: Default::default() })
}
