//! The Cargo package and binary of a function that runs in a container (an ECS `Service`, a Job of
//! `runtime: "container"`): its folder's `Cargo.toml` is the package, and the binary is the one its
//! Dockerfile builds (`cargo build ... --bin X`, `cargo lambda build ... --bin X`), or the package's only one.
//! Anything else is said, and the function keeps no package (a container need not be Rust at all).

use std::path::Path;

use sst_resources_import::sst_app::{AppFunction, CrateNotFound, RustTarget};

use super::cargo::{Workspaces, binaries};
use super::shown;

/// SST's Dockerfile where the stacks name none.
const DEFAULT_DOCKERFILE: &str = "Dockerfile";

/// The package and binary of a container function whose folder is relative to the app's `root`.
pub(super) fn container_target(
    root: &Path,
    function: &AppFunction,
    workspaces: &mut Workspaces,
) -> Result<RustTarget, CrateNotFound> {
    let folder = function.handler.as_deref().ok_or(CrateNotFound::NoImageFolder)?;
    if !root.join(folder).join("Cargo.toml").is_file() {
        return Err(CrateNotFound::NoCrateInFolder { folder: shown(&root.join(folder)) });
    }
    image_target(root, folder, function.dockerfile.as_deref(), workspaces)
}

/// The package and binary the image built from `folder` (relative to the app's `root`, with a `Cargo.toml`)
/// runs: its package, and the binary its Dockerfile (`dockerfile`, relative to `folder`) builds, of those
/// cargo says the package has.
pub(super) fn image_target(
    root: &Path,
    folder: &str,
    dockerfile: Option<&str>,
    workspaces: &mut Workspaces,
) -> Result<RustTarget, CrateNotFound> {
    let folder = root.join(folder);
    let cargo_toml = folder.join("Cargo.toml");
    let package =
        workspaces.package(&cargo_toml)?.ok_or_else(|| CrateNotFound::NoPackage { cargo_toml: shown(&cargo_toml) })?;
    let dockerfile = folder.join(dockerfile.unwrap_or(DEFAULT_DOCKERFILE));
    let docker_text = std::fs::read_to_string(&dockerfile)
        .map_err(|error| CrateNotFound::DockerfileUnreadable { dockerfile: shown(&dockerfile), error })?;
    let mut bins: Vec<String> = binaries(package).into_iter().map(str::to_owned).collect();
    bins.sort();
    let (dockerfile, cargo_toml) = (shown(&dockerfile), shown(&cargo_toml));
    let bin = match dockerfile_bins(&docker_text).as_slice() {
        [bin] if bins.contains(bin) => bin.clone(),
        [bin] => return Err(CrateNotFound::DockerfileBinNotInCrate { dockerfile, bin: bin.clone(), cargo_toml, bins }),
        [] => match bins.as_slice() {
            [bin] => bin.clone(),
            _ => return Err(CrateNotFound::DockerfileNamesNoBin { dockerfile, cargo_toml, bins }),
        },
        several => return Err(CrateNotFound::DockerfileBuildsSeveral { dockerfile, bins: several.to_vec() }),
    };
    Ok(RustTarget { package: package.name.to_string(), bin })
}

/// The binaries a Dockerfile builds with `cargo build` or `cargo lambda build` (`--bin X`, `--bin=X`), in
/// its order, each once; lines continued with `\` are read as one.
fn dockerfile_bins(text: &str) -> Vec<String> {
    let joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    let mut bins: Vec<String> = Vec::new();
    for line in joined.lines() {
        // The exec form (`RUN ["cargo", "build", ...]`) is the same words in quotes.
        let line = line.replace(['[', ']', '"', ','], " ");
        for command in line.split(['&', ';', '|']) {
            let words: Vec<&str> = command.split_whitespace().collect();
            let Some(cargo) = words.iter().position(|w| *w == "cargo" || w.ends_with("/cargo")) else { continue };
            let mut rest = words[cargo + 1..].iter().skip_while(|w| w.starts_with('+'));
            let builds = match rest.next() {
                Some(&"build") => true,
                Some(&"lambda") => rest.next() == Some(&"build"),
                _ => false,
            };
            if !builds {
                continue;
            }
            let mut words = rest.copied();
            while let Some(word) = words.next() {
                let bin = match word.strip_prefix("--bin") {
                    Some("") => words.next(),
                    Some(value) => value.strip_prefix('='),
                    None => None,
                };
                if let Some(bin) = bin.filter(|b| !b.is_empty() && !bins.iter().any(|known| known == b)) {
                    bins.push(bin.to_owned());
                }
            }
        }
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(dockerfile: Option<&str>) -> AppFunction {
        AppFunction {
            id: "web".into(),
            address: None,
            stack: "dev-app-Web".into(),
            runtime: Some("container".into()),
            handler: Some("services/web".into()),
            dockerfile: dockerfile.map(str::to_owned),
            variables: Vec::new(),
        }
    }

    /// An app folder with `services/web` holding each `(path, text)`.
    fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join("services/web").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const CARGO: &str = "[package]\nname = \"web-server\"\n";

    #[test]
    fn the_dockerfile_names_the_binary() {
        let text = "FROM rust:1.95 AS build\nRUN cargo build --release \\\n    --locked --bin server\n\
                    FROM debian\nCOPY --from=build /src/target/release/server /server\n";
        assert_eq!(dockerfile_bins(text), ["server"]);
        assert_eq!(
            dockerfile_bins("RUN cargo lambda build --release --bin=handler && cargo test --bin x"),
            ["handler"]
        );
        assert_eq!(dockerfile_bins("RUN [\"cargo\", \"+nightly\", \"build\", \"--bin\", \"api\"]"), ["api"]);
        assert_eq!(dockerfile_bins("RUN cargo build --bin a; cargo build --bin b --bin a"), ["a", "b"]);
        assert!(dockerfile_bins("RUN cargo install --bin tool\nRUN cargo build --release").is_empty());
        assert!(dockerfile_bins("RUN cargo build --bin").is_empty());

        let dir = app(&[
            ("Cargo.toml", CARGO),
            ("Dockerfile", "RUN cargo build --release --bin server"),
            ("src/bin/server.rs", ""),
            ("src/bin/migrate.rs", ""),
        ]);
        let target = container_target(dir.path(), &service(None), &mut Workspaces::default()).unwrap();
        assert_eq!((target.package.as_str(), target.bin.as_str()), ("web-server", "server"));
    }

    #[test]
    fn a_package_with_one_binary_needs_no_bin_in_the_dockerfile() {
        let dir =
            app(&[("Cargo.toml", CARGO), ("docker/Prod.Dockerfile", "RUN cargo build --release"), ("src/main.rs", "")]);
        let prod = service(Some("docker/Prod.Dockerfile"));
        let target = container_target(dir.path(), &prod, &mut Workspaces::default()).unwrap();
        assert_eq!((target.package.as_str(), target.bin.as_str()), ("web-server", "web-server"));
        let named = "[package]\nname = \"web-server\"\nautobins = false\n[[bin]]\nname = \"serve\"\npath = \"x.rs\"\n";
        let dir = app(&[("Cargo.toml", named), ("Dockerfile", "RUN cargo build"), ("src/main.rs", "")]);
        assert_eq!(container_target(dir.path(), &service(None), &mut Workspaces::default()).unwrap().bin, "serve");
    }

    #[test]
    fn what_cannot_be_told_is_said() {
        let error = |files: &[(&str, &str)], dockerfile: Option<&str>| {
            let dir = app(files);
            container_target(dir.path(), &service(dockerfile), &mut Workspaces::default())
                .unwrap_err()
                .to_string()
                .replace(&dir.path().display().to_string(), "APP")
        };
        assert_eq!(error(&[("Dockerfile", "FROM node")], None), "APP/services/web has no Cargo.toml");
        assert_eq!(
            error(&[("Cargo.toml", "[workspace]\n"), ("Dockerfile", "")], None),
            "APP/services/web/Cargo.toml has no [package] name"
        );
        // What cargo cannot read, cargo says.
        assert_eq!(
            error(&[("Cargo.toml", "[package")], None),
            "`cargo metadata` cannot read APP/services/web/Cargo.toml: unclosed table, expected `]`"
        );
        assert!(
            error(&[("Cargo.toml", CARGO), ("src/main.rs", "")], Some("Dockerfile.prod"))
                .starts_with("cannot read APP/services/web/Dockerfile.prod: No such file or directory")
        );
        assert_eq!(
            error(
                &[
                    ("Cargo.toml", CARGO),
                    ("Dockerfile", "RUN cargo build"),
                    ("src/bin/a.rs", ""),
                    ("src/bin/b/main.rs", "")
                ],
                None
            ),
            "APP/services/web/Dockerfile names no `--bin` and APP/services/web/Cargo.toml has `a`, `b`"
        );
        assert_eq!(
            error(
                &[
                    ("Cargo.toml", CARGO),
                    ("Dockerfile", "RUN cargo build --bin a && cargo build --bin b"),
                    ("src/main.rs", "")
                ],
                None
            ),
            "APP/services/web/Dockerfile builds several binaries: `a`, `b`"
        );
        assert_eq!(
            error(&[("Cargo.toml", CARGO), ("Dockerfile", "RUN cargo build --bin srv"), ("src/main.rs", "")], None),
            "APP/services/web/Dockerfile builds `--bin srv`, which APP/services/web/Cargo.toml has not (it has \
             `web-server`)"
        );
        assert_eq!(
            error(&[("Cargo.toml", CARGO), ("Dockerfile", "RUN cargo build"), ("src/lib.rs", "")], None),
            "APP/services/web/Dockerfile names no `--bin` and APP/services/web/Cargo.toml has no binary"
        );
        let dir = tempfile::tempdir().unwrap();
        let mut none = service(None);
        none.handler = None;
        assert_eq!(
            container_target(dir.path(), &none, &mut Workspaces::default()).unwrap_err().to_string(),
            "SST names no folder its image is built in"
        );
    }
}
