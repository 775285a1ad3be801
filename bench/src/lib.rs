//! What the benchmarks (`benches/`, run by `scripts/bench`) share: generated apps, timing, and the table
//! each prints.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sst_binding_protocol::catalog::{PARAMETER, SECRET};

/// The constructs a generated app spreads its resources over, one after another.
pub const CONSTRUCTS: &[&str] =
    &["Bucket", "Table", "Queue", "Topic", "Function", "EventBus", "KinesisStream", "Api", SECRET, PARAMETER];

/// A generated app: `resources` resources over [`CONSTRUCTS`] (`r0`, `r1`, ...), and `functions`
/// functions `f0`, `f1`, ... of `bindings` bindings each, taken in turn from the resources.
#[derive(Clone, Copy, Debug)]
pub struct App {
    pub resources: usize,
    pub functions: usize,
    pub bindings: usize,
}

impl App {
    /// The construct of resource `i`.
    pub fn construct(i: usize) -> &'static str {
        CONSTRUCTS[i % CONSTRUCTS.len()]
    }

    /// The app's `bindings.json`, one resource a line.
    pub fn manifest(&self, app: &str) -> String {
        let mut out = format!("{{\n  \"app\": \"{app}\",\n  \"resources\": [\n");
        for i in 0..self.resources {
            let comma = if i + 1 < self.resources { "," } else { "" };
            let _ = writeln!(out, "    {{ \"type\": \"{}\", \"id\": \"r{i}\" }}{comma}", App::construct(i));
        }
        out.push_str("  ],\n  \"functions\": {\n");
        for f in 0..self.functions {
            let bind: Vec<String> = (0..self.bindings)
                .map(|j| (f * self.bindings + j) % self.resources.max(1))
                .map(|i| format!("\"{}.r{i}\"", App::construct(i)))
                .collect();
            let comma = if f + 1 < self.functions { "," } else { "" };
            let _ = writeln!(out, "    \"f{f}\": {{ \"bind\": [{}] }}{comma}", bind.join(", "));
        }
        out.push_str("  }\n}\n");
        out
    }
}

/// The median of `runs` timings of `f`.
pub fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1)).map(|_| f()).collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// How long `f` takes.
pub fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let out = f();
    (started.elapsed(), out)
}

/// A table printed as Markdown, so that it can be pasted into docs/performance.md as it is.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(title: &str, header: &[&str]) -> Table {
        println!("\n### {title}\n");
        Table { header: header.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self) {
        let line = |cells: &[String]| format!("| {} |", cells.join(" | "));
        println!("{}", line(&self.header));
        println!("|{}", "---|".repeat(self.header.len()));
        for row in &self.rows {
            println!("{}", line(row));
        }
    }
}

/// `1.23 s`, `45.6 ms`, `789 µs`.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// The workspace's `target/` directory, where benchmarks write what they generate.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_dir().join("target"),
    }
}

/// The workspace's root.
pub fn workspace_dir() -> PathBuf {
    let bench = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    bench.parent().map(PathBuf::from).unwrap_or(bench)
}

/// The `sst-resources` binary to time (`check`, `bind`): `SST_RESOURCES_BIN`, which `scripts/bench` sets
/// to the debug build, as a user runs it while developing.
pub fn cli_binary() -> Option<PathBuf> {
    std::env::var_os("SST_RESOURCES_BIN").map(PathBuf::from).filter(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_app_is_a_valid_manifest() {
        let app = App { resources: 30, functions: 3, bindings: 12 };
        let manifest = sst_binding_protocol::manifest::parse(&app.manifest("bench"), "bindings.json").unwrap();
        assert_eq!((manifest.resources.len(), manifest.functions.len()), (30, 3));
        assert!(manifest.functions.iter().all(|f| f.bind.len() == 12));
    }
}
