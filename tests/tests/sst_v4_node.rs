//! A differential test of SST v3/v4 links against SST's own Node reader (`sst/resource` of the `sst` npm
//! package 4.17.1, installed by `scripts/sst-v4-node`; offline, no AWS): in each scenario, SST's reader
//! (tests/sst-v4-node/probe.mjs) and accessors written as the macro generates them (src/bin/sst-v4-probe.rs)
//! run in the same folder with the same environment, and every line must be the same: each value, and
//! each of SST's two errors (links not active; a link not linked, ` to {function}` in Lambda).
//!
//! Where the sources are bad (a wrong key, a key not of 32 bytes, a file missing, truncated or not JSON, a
//! variable not JSON) Node throws the platform's error at every read, and the runtime gives its own, naming
//! the variable or the file: those scenarios check that both fail on every line, and what the runtime says,
//! and that no value of a link appears in it. One scenario differs on purpose: `SST_RESOURCES_JSON` that is
//! not JSON, which Node logs and skips (runtime/src/links.rs says why).

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sst_resources_tests::needs;

const RUST_PROBE: &str = env!("CARGO_BIN_EXE_sst-v4-probe");
const NODE_PROBE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sst-v4-node/probe.mjs");

/// The lines both probes print before the links named in their arguments, unless given `--links-only`.
const ACCESSOR_LINES: usize = 8;
const LINKS_ONLY: &str = "--links-only";

/// What no error may show: the secret of every scenario's links.
const SECRET: &str = "sk_live_s3cr3t";

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
    fn run(&self) -> (String, String) {
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
        let node_dir = needs::sst_v4_node_dir().canonicalize().unwrap().to_string_lossy().into_owned();
        let node: Vec<&str> = [NODE_PROBE, &node_dir].into_iter().chain(self.links.iter().copied()).collect();
        let out = (output(&dir, "node", &node, &self.vars), output(&dir, RUST_PROBE, &self.links, &self.vars));
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

#[test]
fn the_rust_accessors_read_what_sst_s_node_reader_reads() {
    needs!(SstV4Node);
    let every = ["App", "MyBucket", "Stripe", "Queue", "Jobs"];
    let deployed = json!({
        "MyBucket": bucket("shop-prod-bucket"),
        "Stripe": stripe(3),
        "Queue": {"url": "https://sqs.eu-west-1.amazonaws.com/1/q", "type": "sst.aws.Queue"},
    });
    let scenarios = vec![
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
    ];
    let mut compared = 0;
    for scenario in &scenarios {
        let (node, rust) = scenario.run();
        println!("{}:\n{rust}", scenario.name);
        compared += assert_same(scenario, &node, &rust);
    }
    // Spot checks that the scenarios test what they say.
    let (_, rust) = scenarios[0].run();
    assert!(rust.contains("Jobs ! \"Jobs\" is not linked in your sst.config.ts to shop-prod-checkout\n"), "{rust}");
    assert!(rust.contains(&format!("Stripe.key = {SECRET}\n")), "{rust}");
    let (_, rust) = scenarios[3].run();
    assert!(rust.contains("MyBucket.name = from-file\nStripe.key"), "{rust}");
    assert!(rust.contains("Stripe.limits.retries = 2\n") && rust.contains("Queue = {\"url\":\"from-env\"}"), "{rust}");
    let (_, rust) = scenarios[5].run();
    assert!(rust.contains("Jobs ! It does not look like SST links are active."), "{rust}");
    let lines: usize = scenarios.iter().map(Scenario::lines).sum();
    assert_eq!((scenarios.len(), compared), (15, lines));
}

/// Where the sources are bad, Node throws at every read and so does the runtime, with its own text: which
/// variable or file, and what to do; never a value.
#[test]
fn bad_sources_fail_every_read_on_both_sides_and_show_no_value() {
    needs!(SstV4Node);
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
        let (node, rust) = scenario.run();
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
    let (node, rust) = scenario.run();
    assert!(node.contains("MyBucket.name = b\n") && node.contains("App.name = shop\n"), "{node}");
    for line in rust.lines() {
        assert!(line.contains(" ! Cannot read SST's links: the variable SST_RESOURCES_JSON is not JSON"), "{line}");
        assert!(!line.contains(SECRET), "{line}");
    }
    assert_eq!(cases.len() + 1, 10);
}
