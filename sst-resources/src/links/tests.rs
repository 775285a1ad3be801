use super::*;

use aes_gcm::aead::Aead;
use serde_json::json;

/// What no error may show: every value below holds it.
const SECRET: &str = "s3cr3t-VALUE";

/// The sources of an environment of `vars`, as a process's is scanned.
fn sources(vars: &[(&str, &str)]) -> Sources {
    crate::store::Environment::from_vars(vars.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())))
        .links
}

/// The error of reading `vars`, or of the first link read from them as the newest release reads it (where
/// `SST_RESOURCES_JSON` is bad: only a release that reads it fails). `Links` is not `Debug`, so
/// `unwrap_err` is not for it.
fn error(vars: &[(&str, &str)]) -> LinkSourceError {
    match read(vars).map(|links| links.link("A", LinkReading::NEWEST)) {
        Err(error) | Ok(Err(Error::LinkSource(error))) => error,
        Ok(_) => panic!("{vars:?} read without an error"),
    }
}

fn read(vars: &[(&str, &str)]) -> Result<&'static Links, LinkSourceError> {
    Links::read(&sources(vars)).map(|links| &*Box::leak(Box::new(links)))
}

fn json_of(links: &'static Links, name: &'static str) -> Result<Value, String> {
    links.link(name, LinkReading::NEWEST).map(|l| l.json().clone()).map_err(|e| e.to_string())
}

/// A key file as SST writes it: AES-256-GCM, 12 zero bytes of nonce, the tag after the ciphertext.
fn key_file_of(plain: &str) -> (String, tempfile_path::Path) {
    let key = [7u8; 32];
    let cipher = Aes256Gcm::new_from_slice(&key).unwrap();
    let data = cipher.encrypt(&Nonce::default(), plain.as_bytes()).unwrap();
    let path = tempfile_path::Path::new(&data);
    (base64::engine::general_purpose::STANDARD.encode(key), path)
}

/// A file in the temporary folder, removed when dropped.
mod tempfile_path {
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Path(pub String);

    impl Path {
        pub fn new(data: &[u8]) -> Path {
            static N: AtomicUsize = AtomicUsize::new(0);
            let name = format!("sst-links-{}-{}.enc", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
            let path = std::env::temp_dir().join(name).to_string_lossy().into_owned();
            std::fs::write(&path, data).unwrap();
            Path(path)
        }
    }

    impl Drop for Path {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[test]
fn base64_is_read_as_node_reads_it() {
    // Each pair checked against Node 20's `Buffer.from(text, "base64").toString("hex")`.
    for (text, hex) in [
        ("AAEC", "000102"),
        ("AAE", "0001"),
        ("AAE=", "0001"),
        ("AA-_", "000fbf"),
        ("AA+/", "000fbf"),
        (" A A E C ", "000102"),
        ("AA!EC", "000102"),
        ("AA=EC", "00"),
        ("AAEC==", "000102"),
        ("A", ""),
        ("AAECA", "000102"),
        ("AA==AA", "00"),
        ("AAE=C", "0001"),
        ("\nAAEC\n", "000102"),
    ] {
        let bytes: String = node_base64(text).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(bytes, hex, "{text:?}");
    }
}

/// A variable set twice (a test's `Values::from_env` may): the later value replaces the earlier, which is
/// not read at all, as in an environment.
#[test]
fn a_variable_set_twice_holds_its_later_value() {
    let links = read(&[
        ("SST_RESOURCE_App", "{}"),
        ("SST_RESOURCE_A", "not json"),
        ("SST_RESOURCE_B", r#""b""#),
        ("SST_RESOURCE_A", r#""later""#),
    ])
    .unwrap();
    assert_eq!(json_of(links, "A").unwrap(), json!("later"));
    assert_eq!(json_of(links, "B").unwrap(), json!("b"));
}

#[test]
fn later_sources_win_and_empty_variables_are_skipped() {
    let (key, file) = key_file_of(r#"{"A": "file", "F": 1}"#);
    let links = read(&[
        ("SST_RESOURCE_App", r#"{"name":"app","stage":"dev"}"#),
        ("SST_RESOURCE_A", r#""env""#),
        ("SST_RESOURCE_B", r#""env""#),
        ("SST_RESOURCE_C", r#""env""#),
        ("SST_RESOURCE_Empty", ""),
        ("SST_RESOURCES_JSON", r#"{"A": "json", "B": "json"}"#),
        ("SST_KEY", &key),
        ("SST_KEY_FILE", &file.0),
    ])
    .unwrap();
    assert_eq!(json_of(links, "A").unwrap(), json!("file"));
    assert_eq!(json_of(links, "B").unwrap(), json!("json"));
    assert_eq!(json_of(links, "C").unwrap(), json!("env"));
    assert_eq!(json_of(links, "F").unwrap(), json!(1));
    assert_eq!(json_of(links, "Empty").unwrap_err(), "\"Empty\" is not linked in your sst.config.ts");
    // The file is read only with both variables set.
    let links = read(&[("SST_KEY_FILE", &file.0), ("SST_RESOURCE_App", "{}")]).unwrap();
    assert!(json_of(links, "F").is_err());
    let links = read(&[("SST_KEY", &key), ("SST_KEY_FILE", ""), ("SST_RESOURCE_App", "{}")]).unwrap();
    assert!(json_of(links, "F").is_err());
}

/// Link `name` as the reader of `release` reads it.
fn json_as(links: &'static Links, name: &'static str, release: &str) -> Result<Value, String> {
    let reading = LinkReading::of(sst_binding_protocol_core::releases::Release::parse(release).unwrap());
    links.link(name, reading).map(|l| l.json().clone()).map_err(|e| e.to_string())
}

/// Each release's reader, as its npm package merges the sources (docs/sst-v3-links.md §5): the file over both in
/// every release; the JSON over the variables from 4.7.5, under them before, unread before 3.17.21.
#[test]
fn each_release_merges_the_sources_as_its_reader_does() {
    let (key, file) = key_file_of(r#"{"A": "file"}"#);
    let links = read(&[
        ("SST_RESOURCE_App", r#"{"name":"app","stage":"dev"}"#),
        ("SST_RESOURCE_A", r#""env""#),
        ("SST_RESOURCE_B", r#""env""#),
        ("SST_RESOURCES_JSON", r#"{"A": "json", "B": "json", "J": "json"}"#),
        ("SST_KEY", &key),
        ("SST_KEY_FILE", &file.0),
    ])
    .unwrap();
    let not_linked = "\"J\" is not linked in your sst.config.ts";
    for (release, b, j) in [
        ("4.17.1", Ok(json!("json")), Ok(json!("json"))),
        ("4.7.5", Ok(json!("json")), Ok(json!("json"))),
        ("4.7.4", Ok(json!("env")), Ok(json!("json"))),
        ("3.17.21", Ok(json!("env")), Ok(json!("json"))),
        ("3.17.20", Ok(json!("env")), Err(not_linked.to_owned())),
        ("3.9.39", Ok(json!("env")), Err(not_linked.to_owned())),
    ] {
        assert_eq!(json_as(links, "A", release), Ok(json!("file")), "{release}");
        assert_eq!(json_as(links, "B", release), b, "{release}");
        assert_eq!(json_as(links, "J", release), j, "{release}");
    }
    // A bad SST_RESOURCES_JSON is an error only for the releases that read it.
    let links = read(&[("SST_RESOURCE_App", "{}"), ("SST_RESOURCE_A", "1"), ("SST_RESOURCES_JSON", "[1]")]).unwrap();
    assert!(json_as(links, "A", "3.17.21").unwrap_err().contains("SST_RESOURCES_JSON holds an array"));
    assert_eq!(json_as(links, "A", "3.17.20"), Ok(json!(1)));
}

/// Before 4.12.3 links are active only where `SST_RESOURCE_App` is set; from it also where the merged links
/// hold a true `App` (from `SST_RESOURCES_JSON` or the key file).
#[test]
fn links_are_active_as_each_release_decides() {
    let inactive = messages::LINKS_INACTIVE;
    let not_linked = "\"Jobs\" is not linked in your sst.config.ts";
    let (key, file) = key_file_of(r#"{"App": {"name": "a"}}"#);
    let in_json = read(&[("SST_RESOURCES_JSON", r#"{"App": {}}"#)]).unwrap();
    let in_file = read(&[("SST_KEY", &key), ("SST_KEY_FILE", &file.0)]).unwrap();
    let variable = read(&[("SST_RESOURCE_App", "null")]).unwrap();
    for (release, expected) in
        [("4.17.1", not_linked), ("4.12.3", not_linked), ("4.12.2", inactive), ("4.7.4", inactive)]
    {
        assert_eq!(json_as(in_json, "Jobs", release).unwrap_err(), expected, "{release}");
        assert_eq!(json_as(in_file, "Jobs", release).unwrap_err(), expected, "{release}");
        assert_eq!(json_as(variable, "Jobs", release).unwrap_err(), not_linked, "{release}");
    }
}

#[test]
fn a_type_reads_as_sst_env_d_ts_spells_it_in_either_release_s_spelling() {
    let links = read(&[
        ("SST_RESOURCE_Old", r#"{"type": "sst:aws:Bucket"}"#),
        ("SST_RESOURCE_New", r#"{"type": "sst.aws.Bucket"}"#),
        ("SST_RESOURCE_Other", r#"{"type": "sst:aws:Queue"}"#),
        ("SST_RESOURCE_Number", r#"{"type": 1}"#),
    ])
    .unwrap();
    let type_of = |name| links.link(name, LinkReading::NEWEST).and_then(|l| l.get("type")?.literal("sst.aws.Bucket"));
    assert_eq!(type_of("Old").unwrap(), "sst.aws.Bucket");
    assert_eq!(type_of("New").unwrap(), "sst.aws.Bucket");
    assert_eq!(type_of("Other").unwrap(), "sst:aws:Queue");
    assert!(type_of("Number").unwrap_err().to_string().starts_with("`type` of link \"Number\" is a number"));
}

#[test]
fn links_are_active_as_node_decides() {
    let inactive = messages::LINKS_INACTIVE;
    let not_linked = "\"Jobs\" is not linked in your sst.config.ts";
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[], inactive),
        (&[("SST_RESOURCE_App", "")], inactive),
        // The variable counts, whatever the merged value.
        (&[("SST_RESOURCE_App", "null")], not_linked),
        (&[("SST_RESOURCE_App", "{}"), ("SST_RESOURCES_JSON", r#"{"App": false}"#)], not_linked),
        // Else the merged value, if JavaScript takes it as true.
        (&[("SST_RESOURCES_JSON", r#"{"App": {}}"#)], not_linked),
        (&[("SST_RESOURCES_JSON", r#"{"App": 0}"#)], inactive),
        (&[("SST_RESOURCES_JSON", r#"{"App": ""}"#)], inactive),
        (&[("SST_RESOURCES_JSON", r#"{"App": "x"}"#)], not_linked),
        (&[("SST_RESOURCES_JSON", r#"{"App": null}"#)], inactive),
        (&[("SST_RESOURCE_App", "{}"), ("AWS_LAMBDA_FUNCTION_NAME", "")], not_linked),
    ];
    for (vars, expected) in cases {
        assert_eq!(json_of(read(vars).unwrap(), "Jobs").unwrap_err(), *expected, "{vars:?}");
    }
    let links = read(&[("SST_RESOURCE_App", "{}"), ("AWS_LAMBDA_FUNCTION_NAME", "prod-api")]).unwrap();
    assert_eq!(json_of(links, "Jobs").unwrap_err(), format!("{not_linked} to prod-api"));
    // A link that is there is read even where links are not active (Node looks it up first).
    assert_eq!(json_of(read(&[("SST_RESOURCE_X", "1")]).unwrap(), "X").unwrap(), json!(1));
    assert_eq!(
        messages::LINKS_INACTIVE,
        "It does not look like SST links are active. If this is in local development and you are not starting \
         this process through the multiplexer, wrap your command with `sst dev -- <command>`"
    );
}

/// Every bad source: one error, on one line, naming the variable or the file, never the value.
#[test]
fn bad_sources_are_errors_that_show_no_value() {
    let (key, file) = key_file_of(&format!(r#"{{"A": "{SECRET}"}}"#));
    let (other_key, _) = {
        let mut k = [9u8; 32];
        k[0] = 1;
        (base64::engine::general_purpose::STANDARD.encode(k), ())
    };
    let (_, array_file) = key_file_of(&format!(r#"["{SECRET}"]"#));
    let (_, bad_json_file) = key_file_of(&format!(r#"{{"A": {SECRET}}}"#));
    let short = tempfile_path::Path::new(&[1, 2, 3]);
    let long_key = base64::engine::general_purpose::STANDARD.encode([1u8; 33]);
    let missing = format!("{}.missing", file.0);
    let bad_var = format!("{{\"x\": \"{SECRET}\"");
    let array = format!("[\"{SECRET}\"]");
    let cases: Vec<(Vec<(&str, &str)>, String)> = vec![
        (vec![("SST_RESOURCE_A", &bad_var)], "the variable SST_RESOURCE_A is not JSON (line 1 column 20)".into()),
        (vec![("SST_RESOURCES_JSON", &bad_var)], "the variable SST_RESOURCES_JSON is not JSON".into()),
        (
            vec![("SST_RESOURCES_JSON", &array)],
            "the variable SST_RESOURCES_JSON holds an array, not an object of links".into(),
        ),
        (vec![("SST_KEY", "AAEC"), ("SST_KEY_FILE", &file.0)], "decodes to 3 bytes".into()),
        (vec![("SST_KEY", &long_key), ("SST_KEY_FILE", &file.0)], "decodes to 33 bytes".into()),
        (vec![("SST_KEY", "%%%%"), ("SST_KEY_FILE", &file.0)], "decodes to 0 bytes".into()),
        (vec![("SST_KEY", &key), ("SST_KEY_FILE", &missing)], format!("the key file {missing} (from SST_KEY_FILE)")),
        (vec![("SST_KEY", &key), ("SST_KEY_FILE", &short.0)], "has 3 bytes, fewer than the 16".into()),
        (vec![("SST_KEY", &other_key), ("SST_KEY_FILE", &file.0)], "does not decrypt with the key in SST_KEY".into()),
        (vec![("SST_KEY", &key), ("SST_KEY_FILE", &array_file.0)], "decrypts to an array, not a JSON object".into()),
        (vec![("SST_KEY", &key), ("SST_KEY_FILE", &bad_json_file.0)], "decrypts to text that is not JSON".into()),
    ];
    for (vars, expected) in &cases {
        let error = Error::LinkSource(error(vars)).to_string();
        assert!(error.contains(expected.as_str()), "{vars:?}: {error}");
        assert!(error.starts_with("Cannot read SST's links: "), "{error}");
        assert!(!error.contains(SECRET) && !error.contains(&key) && !error.contains('\n'), "{error}");
    }
    // Node reads the file before it checks the key: a missing file is the error with both wrong.
    let both_wrong = error(&[("SST_KEY", "AAEC"), ("SST_KEY_FILE", &missing)]);
    assert!(matches!(both_wrong, LinkSourceError::FileUnreadable { .. }), "{both_wrong:?}");
}

#[test]
fn a_prop_of_the_wrong_type_names_its_path_and_types_only() {
    let value = json!({"name": SECRET, "limits": {"retries": SECRET}, "subnets": ["a", "b", 3], "on": true, "n": 2.5});
    let value = value.to_string();
    let links = read(&[("SST_RESOURCE_Stripe", &value)]).unwrap();
    let stripe = links.link("Stripe", LinkReading::NEWEST).unwrap();
    assert_eq!(stripe.get("name").unwrap().secret().unwrap().expose_secret(), SECRET);
    assert!(stripe.get("on").unwrap().bool().unwrap());
    assert_eq!(stripe.get("n").unwrap().f64().unwrap(), 2.5);
    assert_eq!(stripe.get("gone").unwrap().json(), &Value::Null);
    let advice = "The app's sst-env.d.ts may be older than the app (SST rewrites it on `sst dev` and `sst deploy`): \
                  run one, then build again.";
    let errors = [
        (
            stripe.get("limits").and_then(|l| l.get("retries")?.f64()).unwrap_err(),
            "`limits.retries` of link \"Stripe\" is a string, not a number.",
        ),
        (
            stripe.get("subnets").and_then(|s| s.slice(|i| i.str())).unwrap_err(),
            "`subnets[2]` of link \"Stripe\" is a number, not a string.",
        ),
        (stripe.get("gone").and_then(|g| g.str()).unwrap_err(), "`gone` of link \"Stripe\" is missing, not a string."),
        (
            stripe.get("name").and_then(|n| n.get("x")).unwrap_err(),
            "`name` of link \"Stripe\" is a string, not an object.",
        ),
        (
            stripe.get("on").and_then(|n| n.slice(|i| i.bool())).unwrap_err(),
            "`on` of link \"Stripe\" is a boolean, not an array.",
        ),
        (stripe.str().unwrap_err(), "Link \"Stripe\" is an object, not a string."),
    ];
    for (error, expected) in errors {
        assert_eq!(error.to_string(), format!("{expected} {advice}"));
        assert!(matches!(error, Error::LinkValue { link: "Stripe", .. }));
    }
    let subnets = stripe.get("subnets").unwrap().slice(|i| Ok(i.json().clone())).unwrap();
    assert_eq!(subnets, [json!("a"), json!("b"), json!(3)]);
    assert!(!format!("{stripe:?}").contains(SECRET));
}

/// The key file is decrypted once per layer, on the first link asked for: a later link of the same layer
/// is read from what was kept (here, after the file is gone), and nothing is read before the first.
#[test]
fn the_key_file_is_read_once_on_first_use() {
    use crate::store::Cache;
    let (key, file) = key_file_of(r#"{"A": "a", "B": "b"}"#);
    let path = file.0.clone();
    let vars = [("SST_RESOURCE_App", "{}"), ("SST_KEY", key.as_str()), ("SST_KEY_FILE", path.as_str())];
    let values = crate::testing::Values::from_env(vars.map(|(k, v)| (k.to_owned(), v.to_owned()))).shared();
    let read = |name: &'static str| {
        let cache: &'static Cache<&'static str> = Box::leak(Box::new(Cache::new()));
        values.run(|| {
            cache.get(|source| source.link(name, LinkReading::NEWEST)?.str()).copied().map_err(|e| e.to_string())
        })
    };
    assert_eq!(read("A"), Ok("a"));
    drop(file);
    assert!(!std::path::Path::new(&path).exists());
    assert_eq!(read("B"), Ok("b"));
    // A layer that reads no link never opens the file: one made now, with the file gone, reads it late.
    let later = crate::testing::Values::from_env(vars.map(|(k, v)| (k.to_owned(), v.to_owned()))).shared();
    let cache: &'static Cache<&'static str> = Box::leak(Box::new(Cache::new()));
    let error = later
        .run(|| cache.get(|source| source.link("A", LinkReading::NEWEST)?.str()).copied())
        .unwrap_err()
        .to_string();
    assert!(error.contains("cannot be read"), "{error}");
}

/// Texts nested 128 levels deep or more, and where the reader refuses each (module doc: serde_json's limit,
/// which its feature `unbounded_depth` keeps: it only adds a method to lift it): the line and column of the
/// bracket that opens level 128, or of a mistake before it.
#[test]
fn nesting_is_refused_at_serde_json_s_limit() {
    let texts = [
        ("127 arrays", "[".repeat(127) + &"]".repeat(127), None),
        ("128 arrays", "[".repeat(128) + &"]".repeat(128), Some((1, 128))),
        ("129 objects", "{\"a\":".repeat(129) + "1" + &"}".repeat(129), Some((1, 636))),
        ("a bracket a line", "[\n".repeat(130), Some((128, 1))),
        ("brackets in strings", format!("[\"[[\\\"[{{\", {}", "[".repeat(128)), Some((1, 138))),
        ("a mistake before", "[1 2".to_owned() + &"[".repeat(200), Some((1, 4))),
    ];
    for (what, text, expected) in texts {
        let got = parse(&text).map(drop).map_err(|at| (at.line, at.column));
        assert_eq!(got.err(), expected, "{what}");
    }
}
