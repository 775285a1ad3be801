//! The fuzz targets' properties (`sst_resources_hostile`) on stable, without a fuzzer: every input
//! a target once failed on (`fuzz/regressions/{target}/`, committed with its fix) and every seed a target
//! starts from (its `//! Seeds:` line) must hold.

use std::path::{Path, PathBuf};

use sst_resources_hostile::{Property, TARGETS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The property of `target`.
fn property(target: &str) -> Option<Property> {
    TARGETS.iter().find(|(name, _)| *name == target).map(|(_, check)| *check)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn replay(target: &str, check: Property, file: &Path) {
    let data = std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
        let message = panic.downcast_ref::<String>().map(String::as_str).or(panic.downcast_ref::<&str>().copied());
        panic!("{target}: {} fails: {}", file.display(), message.unwrap_or("a panic"));
    }
}

#[test]
fn every_input_a_target_failed_on_holds_now() {
    let mut replayed = 0;
    for dir in std::fs::read_dir(root().join("fuzz/regressions")).into_iter().flatten().filter_map(Result::ok) {
        let target = dir.file_name().to_string_lossy().into_owned();
        let check = property(&target).unwrap_or_else(|| {
            panic!(
                "fuzz/regressions/{target}/ has no property to replay it with: add it to sst_resources_hostile::TARGETS"
            )
        });
        for file in files(&dir.path()) {
            replay(&target, check, &file);
            replayed += 1;
        }
    }
    println!("{replayed} regression inputs replayed");
}

#[test]
fn every_seed_holds() {
    let mut seeds = 0;
    for (target, check) in TARGETS {
        let source = root().join(format!("fuzz/fuzz_targets/{target}.rs"));
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let line = text.lines().find_map(|l| l.strip_prefix("//! Seeds: "));
        let line = line.unwrap_or_else(|| panic!("{} has no `//! Seeds: ` line", source.display()));
        for pattern in line.split_whitespace().filter(|p| p.contains('/')) {
            let matched = glob(&root(), pattern);
            assert!(!matched.is_empty(), "{target}: no seed file matches {pattern}");
            for file in matched {
                replay(target, *check, &file);
                seeds += 1;
            }
        }
    }
    assert!(seeds > 10, "only {seeds} seeds");
}

/// The files under `dir` that `pattern` names, where a `*` stands for any part of one path component.
fn glob(dir: &Path, pattern: &str) -> Vec<PathBuf> {
    let (first, rest) = match pattern.split_once('/') {
        Some((first, rest)) => (first, Some(rest)),
        None => (pattern, None),
    };
    let matches = |name: &str| match first.split_once('*') {
        Some((before, after)) => {
            name.len() >= before.len() + after.len() && name.starts_with(before) && name.ends_with(after)
        }
        None => name == first,
    };
    let mut found = Vec::new();
    for path in files_and_dirs(dir) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !matches(&name) {
            continue;
        }
        match rest {
            Some(rest) if path.is_dir() => found.extend(glob(&path, rest)),
            None if path.is_file() => found.push(path),
            _ => {}
        }
    }
    found
}

fn files_and_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(dir).into_iter().flatten().filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    paths
}
