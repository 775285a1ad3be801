//! A differential test of SST v3/v4 links against SST's own Node reader (`sst/resource` of the `sst` npm
//! package 4.17.1, installed by `scripts/sst-v4-node`; offline, no AWS): in each scenario, SST's reader
//! (tests/sst-v4-node/probe.mjs) and accessors written as the macro generates them (src/bin/sst-v4-probe.rs)
//! run in the same folder with the same environment, and every line must be the same: each value, and
//! each of SST's two errors (links not active; a link not linked, ` to {function}` in Lambda).
//!
//! The same scenarios run against the reader of a release before 4.7.5 (4.7.4, `before-4.7.5/` of the same
//! folder), with accessors that read as that release does (`--sst 4.7.4`, as the macro's do for a manifest
//! that records `"sst": "4.7.4"`): there the variables win over `SST_RESOURCES_JSON`, and only
//! `SST_RESOURCE_App` makes links active.
//!
//! Where the sources are bad (a wrong key, a key not of 32 bytes, a file missing, truncated or not JSON, a
//! variable not JSON) Node throws the platform's error at every read, and the runtime gives its own, naming
//! the variable or the file: those scenarios check that both fail on every line, and what the runtime says,
//! and that no value of a link appears in it. One scenario differs on purpose: `SST_RESOURCES_JSON` that is
//! not JSON, which Node logs and skips (sst-resources/src/links.rs says why).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sst_binding_protocol::releases::{JSON_OVER_VARIABLES, NEWEST_CHECKED, Release};
use sst_resources_tests::needs;

const RUST_PROBE: &str = env!("CARGO_BIN_EXE_sst-v4-probe");
const NODE_PROBE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sst-v4-node/probe.mjs");

/// The lines both probes print before the links named in their arguments, unless given `--links-only`.
const ACCESSOR_LINES: usize = 8;
const LINKS_ONLY: &str = "--links-only";

/// What no error may show: the secret of every scenario's links.
const SECRET: &str = "sk_live_s3cr3t";

/// One install of SST's `sst` package, and how the Rust probe reads to match it.
struct Oracle {
    /// The folder whose `node_modules/sst` it is.
    dir: PathBuf,
    /// Its version.
    release: Release,
    /// The Rust probe reads as this release's reader (`--sst`); else as the macro's default, the newest.
    as_release: bool,
}

impl Oracle {
    fn at(dir: PathBuf, as_release: bool) -> Oracle {
        let dir = dir.canonicalize().unwrap();
        let package = std::fs::read_to_string(dir.join("node_modules/sst/package.json")).unwrap();
        let package: Value = serde_json::from_str(&package).unwrap();
        let release = Release::parse(package["version"].as_str().unwrap()).unwrap();
        Oracle { dir, release, as_release }
    }

    /// 4.17.1, read by accessors as the macro writes them with no release recorded.
    fn newest() -> Oracle {
        Oracle::at(needs::sst_v4_node_dir(), false)
    }

    /// A release before 4.7.5, read by accessors as the macro writes them for a manifest that records it.
    fn before_475() -> Oracle {
        Oracle::at(needs::sst_v4_node_before_475_dir(), true)
    }
}

/// One scenario: the environment, the files of its working folder, the links printed whole.
struct Scenario {
    name: &'static str,
    vars: Vec<(String, String)>,
    files: Vec<(&'static str, Vec<u8>)>,
    links: Vec<&'static str>,
}

impl Scenario {
    fn new(name: &'static str, links: &[&'static str]) -> Scenario {
        Scenario { name, vars: Vec::new(), files: Vec::new(), links: links.to_vec() }
    }

    fn var(mut self, name: &str, value: impl Into<String>) -> Scenario {
        self.vars.push((name.to_owned(), value.into()));
        self
    }

    fn link(self, name: &str, value: &Value) -> Scenario {
        self.var(&format!("SST_RESOURCE_{name}"), value.to_string())
    }

    fn file(mut self, name: &'static str, data: Vec<u8>) -> Scenario {
        self.files.push((name, data));
        self
    }

    /// The key file as SST deploys it: `SST_KEY` (standard base64), `SST_KEY_FILE=resource.enc`.
    fn key_file(self, links: &Value) -> Scenario {
        self.var("SST_KEY", STANDARD.encode(KEY))
            .var("SST_KEY_FILE", "resource.enc")
            .file("resource.enc", encrypt(&KEY, links.to_string().as_bytes()))
    }

    /// How many lines each probe prints.
    fn lines(&self) -> usize {
        match self.links.first() {
            Some(&LINKS_ONLY) => self.links.len() - 1,
            _ => ACCESSOR_LINES + self.links.len(),
        }
    }

    /// What each probe prints, run in a folder of their own with only the scenario's variables.
    fn run(&self, oracle: &Oracle) -> (String, String) {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sst-v4-node-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, data) in &self.files {
            std::fs::write(dir.join(name), data).unwrap();
        }
        let node_dir = oracle.dir.to_string_lossy().into_owned();
        let node: Vec<&str> = [NODE_PROBE, &node_dir].into_iter().chain(self.links.iter().copied()).collect();
        let release = oracle.release.to_string();
        let sst = if oracle.as_release { vec!["--sst", release.as_str()] } else { Vec::new() };
        let rust: Vec<&str> = sst.into_iter().chain(self.links.iter().copied()).collect();
        let out = (output(&dir, "node", &node, &self.vars), output(&dir, RUST_PROBE, &rust, &self.vars));
        std::fs::remove_dir_all(&dir).unwrap();
        out
    }
}

const KEY: [u8; 32] = *b"0123456789abcdef0123456789ABCDEF";

/// AES-256-GCM with 12 zero bytes of nonce and no associated data: the ciphertext, then the 16-byte tag.
fn encrypt(key: &[u8; 32], plain: &[u8]) -> Vec<u8> {
    Aes256Gcm::new_from_slice(key).unwrap().encrypt(&Nonce::default(), plain).unwrap()
}

/// A process with only `vars` (and PATH, to find `node`), in `dir`.
fn output(dir: &Path, program: &str, args: &[&str], vars: &[(String, String)]) -> String {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir).env_clear().envs(vars.iter().map(|(k, v)| (k, v)));
    if let Ok(path) = std::env::var("PATH") {
        command.env("PATH", path);
    }
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{command:?} failed: {}{stdout}", String::from_utf8_lossy(&output.stderr));
    stdout
}

fn app(stage: &str) -> Value {
    json!({"name": "shop", "stage": stage})
}

fn bucket(name: &str) -> Value {
    json!({"name": name, "type": "sst.aws.Bucket"})
}

fn stripe(retries: u32) -> Value {
    json!({
        "key": SECRET,
        "limits": {"retries": retries},
        "live": true,
        "regions": ["eu-west-1", "us-east-1"],
        "extra": {"nested": {"list": [1, 2.5, -3, false, null, "x"], "empty": {}}},
        "type": "sst.sst.Linkable",
    })
}

/// Compares line by line; gives the number of lines.
fn assert_same(scenario: &Scenario, node: &str, rust: &str) -> usize {
    let (node, rust): (Vec<&str>, Vec<&str>) = (node.lines().collect(), rust.lines().collect());
    assert_eq!(node, rust, "{}: SST's Node reader (left) and the Rust accessors (right) differ", scenario.name);
    assert_eq!(node.len(), scenario.lines(), "{}", scenario.name);
    node.len()
}

/// The links every scenario prints whole (besides the accessors' props).
const EVERY: [&str; 5] = ["App", "MyBucket", "Stripe", "Queue", "Jobs"];

/// The scenarios with sources every release reads without an error, to run against each release.
fn scenarios() -> Vec<Scenario> {
    let every = EVERY;
    let deployed = json!({
        "MyBucket": bucket("shop-prod-bucket"),
        "Stripe": stripe(3),
        "Queue": {"url": "https://sqs.eu-west-1.amazonaws.com/1/q", "type": "sst.aws.Queue"},
    });
    vec![
        // A deployed function: App in the environment, the rest in the key file; a link that is not linked
        // names the function.
        Scenario::new("deployed (key file)", &every)
            .link("App", &app("prod"))
            .key_file(&deployed)
            .var("AWS_LAMBDA_FUNCTION_NAME", "shop-prod-checkout"),
        // `sst shell`, `sst dev` for a non-Lambda process, Fargate: every link in its variable.
        Scenario::new("environment only (sst shell)", &every)
            .link("App", &app("dev"))
            .link("MyBucket", &bucket("shop-dev-bucket"))
            .link("Stripe", &stripe(1)),
        // The multiplexer on Windows: one SST_RESOURCES_JSON, App in it.
        Scenario::new("SST_RESOURCES_JSON", &every).var(
            "SST_RESOURCES_JSON",
            json!({"App": app("win"), "MyBucket": bucket("win-bucket"), "Stripe": stripe(2)}).to_string(),
        ),
        // All three: the file over the JSON over the variables, each link whole.
        Scenario::new("all three (precedence)", &every)
            .link("App", &app("env"))
            .link("MyBucket", &bucket("from-env"))
            .link("Stripe", &stripe(1))
            .link("Queue", &json!({"url": "from-env"}))
            .var(
                "SST_RESOURCES_JSON",
                json!({"MyBucket": bucket("from-json"), "Stripe": stripe(2), "Jobs": {"from": "json"}}).to_string(),
            )
            .key_file(&json!({"MyBucket": bucket("from-file"), "Jobs": {"from": "file"}})),
        // No App anywhere: links that are there are still read; the others are "not active".
        Scenario::new("inactive (no App)", &every)
            .link("MyBucket", &bucket("lone"))
            .var("AWS_LAMBDA_FUNCTION_NAME", "shop-prod-checkout"),
        Scenario::new("inactive (nothing)", &every),
        // Empty variables count as unset: an empty link, SST_RESOURCES_JSON, SST_KEY (the file, which does
        // not exist, is not read) and AWS_LAMBDA_FUNCTION_NAME.
        Scenario::new("empty variables", &every)
            .link("App", &app("prod"))
            .var("SST_RESOURCE_MyBucket", "")
            .var("SST_RESOURCE_Stripe", "")
            .var("SST_RESOURCES_JSON", "")
            .var("SST_KEY", "")
            .var("SST_KEY_FILE", "missing.enc")
            .var("AWS_LAMBDA_FUNCTION_NAME", ""),
        Scenario::new("empty App", &every).var("SST_RESOURCE_App", "").link("MyBucket", &bucket("b")),
        // App is "there" as JavaScript decides (the links only: an App that is no object is no accessor's): the variable set (even to `null`), or a value that is true.
        Scenario::new("App variable null", &[LINKS_ONLY, "App", "Jobs"]).var("SST_RESOURCE_App", "null"),
        Scenario::new("App null in JSON", &[LINKS_ONLY, "App", "Jobs"]).var("SST_RESOURCES_JSON", r#"{"App": null}"#),
        Scenario::new("App 0 in JSON", &[LINKS_ONLY, "App", "Jobs"]).var("SST_RESOURCES_JSON", r#"{"App": 0}"#),
        Scenario::new("App a string in JSON", &[LINKS_ONLY, "App", "Jobs"])
            .var("SST_RESOURCES_JSON", r#"{"App": "x"}"#),
        // A link may be any JSON value; nested objects, arrays, numbers, booleans, null, unicode.
        Scenario::new(
            "values of every JSON type",
            &["Num", "Neg", "Float", "Str", "Null", "True", "List", "Deep", "Text"],
        )
        .link("App", &app("prod"))
        .var("SST_RESOURCE_Num", "42")
        .var("SST_RESOURCE_Neg", "-7")
        .var("SST_RESOURCE_Float", "0.125")
        .var("SST_RESOURCE_Str", r#""plain""#)
        .var("SST_RESOURCE_Null", "null")
        .var("SST_RESOURCE_True", " true ")
        .link("List", &json!([[], {}, [1, [2, [3]]], {"a": {"b": {"c": [true, false]}}}]))
        .link("Deep", &json!({"z": 1, "a": {"y": [1, 2], "b": "x"}, "m": null}))
        .link("Text", &json!({"s": "tab\there \"quoted\" \\ é ✓ \u{1F600} \u{1}"})),
        // Keys in base64 as Node's Buffer reads them: unpadded and URL-safe, with a line break.
        Scenario::new("key in unpadded URL-safe base64", &every)
            .link("App", &app("prod"))
            .var("SST_KEY", format!("{}\n", URL_SAFE_NO_PAD.encode(KEY)))
            .var("SST_KEY_FILE", "./resource.enc")
            .file("resource.enc", encrypt(&KEY, deployed.to_string().as_bytes())),
        // App in the key file only (SST never puts it there, but Node reads it from there).
        Scenario::new("App in the key file", &every).key_file(&json!({"App": app("file"), "MyBucket": bucket("f")})),
        // A name in its variable and in SST_RESOURCES_JSON, no key file: the releases differ (4.7.5).
        Scenario::new("variable and JSON", &every)
            .link("App", &app("env"))
            .link("MyBucket", &bucket("from-variable"))
            .link("Stripe", &stripe(1))
            .var(
                "SST_RESOURCES_JSON",
                json!({"App": app("json"), "MyBucket": bucket("from-json"), "Stripe": stripe(2)}).to_string(),
            ),
    ]
}

/// Runs every scenario against `oracle` and compares each line; gives the scenarios and what the Rust probe
/// printed for each.
fn compare_all(oracle: &Oracle) -> Vec<(Scenario, String)> {
    let mut compared = 0;
    let mut runs = Vec::new();
    for scenario in scenarios() {
        let (node, rust) = scenario.run(oracle);
        println!("{} (sst {}):\n{rust}", scenario.name, oracle.release);
        compared += assert_same(&scenario, &node, &rust);
        runs.push((scenario, rust));
    }
    let lines: usize = runs.iter().map(|(s, _)| s.lines()).sum();
    assert_eq!((runs.len(), compared), (16, lines));
    runs
}

/// What the Rust probe printed for the scenario of that name.
fn printed<'r>(runs: &'r [(Scenario, String)], name: &str) -> &'r str {
    &runs.iter().find(|(s, _)| s.name == name).unwrap().1
}

#[test]
fn the_rust_accessors_read_what_sst_s_node_reader_reads() {
    needs!(SstV4Node);
    let oracle = Oracle::newest();
    // What an app that records no release is read as.
    assert_eq!(oracle.release, NEWEST_CHECKED);
    let runs = compare_all(&oracle);
    // Spot checks that the scenarios test what they say.
    let rust = printed(&runs, "deployed (key file)");
    assert!(rust.contains("Jobs ! \"Jobs\" is not linked in your sst.config.ts to shop-prod-checkout\n"), "{rust}");
    assert!(rust.contains(&format!("Stripe.key = {SECRET}\n")), "{rust}");
    let rust = printed(&runs, "all three (precedence)");
    assert!(rust.contains("MyBucket.name = from-file\nStripe.key"), "{rust}");
    assert!(rust.contains("Stripe.limits.retries = 2\n") && rust.contains("Queue = {\"url\":\"from-env\"}"), "{rust}");
    let rust = printed(&runs, "inactive (nothing)");
    assert!(rust.contains("Jobs ! It does not look like SST links are active."), "{rust}");
}

/// The reader of a release before 4.7.5 against accessors that read as that release: every line the same,
/// and where a name is in its variable and in `SST_RESOURCES_JSON`, or `App` only in the JSON, the lines
/// differ from 4.17.1's.
#[test]
fn accessors_of_a_release_before_4_7_5_read_what_its_node_reader_reads() {
    needs!(SstV4Node, SstV4NodeBefore475);
    let (old, newest) = (Oracle::before_475(), Oracle::newest());
    assert!(!old.release.at_least(JSON_OVER_VARIABLES), "{} is not before 4.7.5", old.release);
    let runs = compare_all(&old);
    let newest_read = |name: &str| scenarios().into_iter().find(|s| s.name == name).unwrap().run(&newest).1;

    // The variable over the JSON there, the JSON over the variable from 4.7.5.
    let (then, now) = (printed(&runs, "variable and JSON"), newest_read("variable and JSON"));
    for (then_line, now_line) in [
        ("App.stage = env\n", "App.stage = json\n"),
        ("MyBucket.name = from-variable\n", "MyBucket.name = from-json\n"),
        ("Stripe.limits.retries = 1\n", "Stripe.limits.retries = 2\n"),
    ] {
        assert!(then.contains(then_line) && now.contains(now_line), "{then}\n{now}");
    }
    // The key file over both in each release.
    let (then, now) = (printed(&runs, "all three (precedence)"), newest_read("all three (precedence)"));
    assert!(then.contains("MyBucket.name = from-file\n") && now.contains("MyBucket.name = from-file\n"));
    assert!(then.contains("Stripe.limits.retries = 1\n") && now.contains("Stripe.limits.retries = 2\n"));
    // App only in the JSON: links are not active there (only SST_RESOURCE_App counts before 4.12.3).
    let (then, now) = (printed(&runs, "App a string in JSON"), newest_read("App a string in JSON"));
    assert!(then.contains("Jobs ! It does not look like SST links are active."), "{then}");
    assert!(now.contains("Jobs ! \"Jobs\" is not linked in your sst.config.ts"), "{now}");
}

/// Where the sources are bad, Node throws at every read and so does the runtime, with its own text: which
/// variable or file, and what to do; never a value.
#[test]
fn bad_sources_fail_every_read_on_both_sides_and_show_no_value() {
    needs!(SstV4Node);
    let oracle = Oracle::newest();
    let links = json!({"MyBucket": bucket("b"), "Stripe": stripe(3)});
    let plain = links.to_string().into_bytes();
    let mut tampered = encrypt(&KEY, &plain);
    tampered[3] ^= 1;
    let other_key = STANDARD.encode(*b"another key of thirty-two bytes!");
    let with_file = |name, data: Vec<u8>, key: &str| {
        Scenario::new(name, &["MyBucket"])
            .link("App", &app("prod"))
            .var("SST_KEY", key)
            .var("SST_KEY_FILE", "resource.enc")
            .file("resource.enc", data)
    };
    let key = STANDARD.encode(KEY);
    // (scenario, what Node says, what the runtime says)
    let cases = [
        (
            with_file("wrong key", encrypt(&KEY, &plain), &other_key),
            "Unsupported state or unable to authenticate data",
            "does not decrypt with the key in SST_KEY",
        ),
        (
            with_file("tampered file", tampered, &key),
            "Unsupported state or unable to authenticate data",
            "does not decrypt with the key in SST_KEY",
        ),
        (
            with_file("key of 16 bytes", encrypt(&KEY, &plain), &STANDARD.encode([1u8; 16])),
            "Invalid key length",
            "and it decodes to 16 bytes",
        ),
        (
            with_file("key not base64", encrypt(&KEY, &plain), "%%% not base64 %%%"),
            "Invalid key length",
            "and it decodes to 6 bytes",
        ),
        (
            with_file("truncated file", encrypt(&KEY, &plain)[..10].to_vec(), &key),
            "Invalid authentication tag length: 10",
            "has 10 bytes, fewer than the 16",
        ),
        (
            with_file("empty file", Vec::new(), &key),
            "Invalid authentication tag length: 0",
            "has 0 bytes, fewer than the 16",
        ),
        (
            with_file("file not JSON", encrypt(&KEY, format!("{{\"k\": {SECRET}}}").as_bytes()), &key),
            "is not valid JSON",
            "decrypts to text that is not JSON (line 1 column 7)",
        ),
        (
            Scenario::new("missing file", &["MyBucket"])
                .link("App", &app("prod"))
                .var("SST_KEY", key.as_str())
                .var("SST_KEY_FILE", "gone.enc"),
            "ENOENT: no such file or directory, open 'gone.enc'",
            "the key file gone.enc (from SST_KEY_FILE) cannot be read: No such file or directory",
        ),
        (
            Scenario::new("link not JSON", &["MyBucket"])
                .link("App", &app("prod"))
                .var("SST_RESOURCE_Stripe", format!("{{\"key\": \"{SECRET}\"")),
            "JSON",
            "the variable SST_RESOURCE_Stripe is not JSON (line 1 column 24)",
        ),
    ];
    for (scenario, node_says, rust_says) in &cases {
        let (node, rust) = scenario.run(&oracle);
        println!("{}:\n{node}{rust}", scenario.name);
        let (node, rust): (Vec<&str>, Vec<&str>) = (node.lines().collect(), rust.lines().collect());
        assert_eq!((node.len(), rust.len()), (ACCESSOR_LINES + 1, ACCESSOR_LINES + 1), "{}", scenario.name);
        for (n, r) in node.iter().zip(&rust) {
            let name = n.split_once(' ').unwrap().0;
            assert!(n.starts_with(&format!("{name} ! ")) && n.contains(node_says), "{}: Node says {n}", scenario.name);
            assert!(r.starts_with(&format!("{name} ! Cannot read SST's links: ")), "{}: {r}", scenario.name);
            assert!(r.contains(rust_says), "{}: {r}", scenario.name);
            assert!(
                !r.contains(SECRET) && !r.contains(&key) && !r.contains("sst.aws.Bucket"),
                "{}: {r}",
                scenario.name
            );
        }
    }

    // SST_RESOURCES_JSON that is not JSON: Node logs it and reads the other sources; the runtime fails.
    let scenario = Scenario::new("SST_RESOURCES_JSON not JSON", &["MyBucket"])
        .link("App", &app("prod"))
        .link("MyBucket", &bucket("b"))
        .var("SST_RESOURCES_JSON", format!("{{\"Stripe\": {SECRET}"));
    let (node, rust) = scenario.run(&oracle);
    assert!(node.contains("MyBucket.name = b\n") && node.contains("App.name = shop\n"), "{node}");
    for line in rust.lines() {
        assert!(line.contains(" ! Cannot read SST's links: the variable SST_RESOURCES_JSON is not JSON"), "{line}");
        assert!(!line.contains(SECRET), "{line}");
    }
    assert_eq!(cases.len() + 1, 10);
}
