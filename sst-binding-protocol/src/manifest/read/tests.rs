use super::*;
use crate::catalog::Catalog;
use crate::catalog::{Origin, PropKind};
use crate::json::Reader;
use crate::json::suggestion;
use crate::manifest::{Binding, CrateTarget, Function, FunctionHead, Permission, Position, Resource};

/// The example of docs/manifest.md §1.
const SPEC_EXAMPLE: &str = r#"{
  "app": "my-sst-app",
  "resources": [
    { "type": "Bucket", "id": "myFiles" },
    { "type": "Table", "id": "notes" },
    { "type": "Secret", "id": "STRIPE_KEY" },
    { "type": "Parameter", "id": "MY_CLUSTER_NAME" },
    { "type": "Redis", "id": "cache" }
  ],
  "kinds": {
    "Redis": { "props": { "host": "plain", "port": "plain", "password": "secret" } }
  },
  "functions": {
    "api": {
      "package": "api-function",
      "bind": [
        "Bucket.myFiles",
        "Secret.STRIPE_KEY",
        { "resource": "Table.notes",
          "permissions": [ { "actions": ["dynamodb:GetItem"], "resources": ["*"] } ] }
      ]
    },
    "worker": { "bind": ["Parameter.MY_CLUSTER_NAME", "Redis.cache"] }
  }
}
"#;

fn pos(line: u32, column: u32) -> Position {
    Position { line, column }
}

/// Every diagnostic of `text` as the user reads it.
fn problems(text: &str) -> Vec<String> {
    match parse(text, "bindings.json") {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(ToString::to_string).collect(),
    }
}

/// The one diagnostic of `text`.
#[track_caller]
fn problem(text: &str) -> String {
    let mut all = problems(text);
    assert_eq!(all.len(), 1, "expected one problem, got {all:#?}");
    all.remove(0)
}

/// A one-line manifest with these resources, kinds and functions (each the inside of its brackets).
fn one_line(resources: &str, kinds: &str, functions: &str) -> String {
    format!(r#"{{"app": "a", "resources": [{resources}], "kinds": {{{kinds}}}, "functions": {{{functions}}}}}"#)
}

/// The column of the first `marker` in a one-line text (1-based, in characters).
fn col(text: &str, marker: &str) -> usize {
    let offset = text.find(marker).expect("marker in text");
    text[..offset].chars().count() + 1
}

#[test]
fn the_spec_example_reads_to_the_model() {
    let m = parse(SPEC_EXAMPLE, "bindings.json").unwrap();
    assert_eq!(m.file, "bindings.json");
    assert_eq!(m.app, "my-sst-app");

    let redis = m.catalog.get("Redis").unwrap();
    assert_eq!(redis.origin, Origin::Custom);
    let props: Vec<(&str, PropKind)> = redis.props.iter().map(|p| (p.name.as_ref(), p.kind)).collect();
    assert_eq!(props, [("host", PropKind::Plain), ("port", PropKind::Plain), ("password", PropKind::Secret)]);
    assert!(m.catalog.get("Bucket").is_some());

    let resource =
        |construct: &str, id: &str, line| Resource { construct: construct.into(), id: id.into(), at: pos(line, 5) };
    assert_eq!(
        m.resources,
        [
            resource("Bucket", "myFiles", 4),
            resource("Table", "notes", 5),
            resource("Secret", "STRIPE_KEY", 6),
            resource("Parameter", "MY_CLUSTER_NAME", 7),
            resource("Redis", "cache", 8),
        ]
    );

    let binding =
        |construct: &str, id: &str, at| Binding { construct: construct.into(), id: id.into(), permissions: None, at };
    assert_eq!(
        m.functions,
        [
            Function {
                head: FunctionHead {
                    name: "api".into(),
                    package: Some("api-function".into()),
                    bin: None,
                    at: pos(14, 5)
                },
                bind: vec![
                    binding("Bucket", "myFiles", pos(17, 9)),
                    binding("Secret", "STRIPE_KEY", pos(18, 9)),
                    Binding {
                        permissions: Some(vec![Permission {
                            actions: vec!["dynamodb:GetItem".into()],
                            resources: vec!["*".into()],
                        }]),
                        ..binding("Table", "notes", pos(19, 9))
                    },
                ],
            },
            Function {
                head: FunctionHead { name: "worker".into(), package: None, bin: None, at: pos(23, 5) },
                bind: vec![
                    binding("Parameter", "MY_CLUSTER_NAME", pos(23, 26)),
                    binding("Redis", "cache", pos(23, 55)),
                ],
            },
        ]
    );
    assert_eq!(m.select_functions(Some("worker"), CrateTarget::default()).unwrap()[0].head.name, "worker");
}

#[test]
fn a_minimal_manifest_is_valid() {
    let m = parse(r#"{"app": "a", "resources": [], "functions": {}}"#, "bindings.json").unwrap();
    assert_eq!(m.app, "a");
    assert!(m.resources.is_empty() && m.functions.is_empty());
    assert_eq!(m.catalog, Catalog::builtin());
}

// Invalid JSON: one diagnostic at the parser's place.

#[test]
fn trailing_comma() {
    assert_eq!(
        problem(r#"{ "app": "x", }"#),
        "bindings.json:1:13: invalid JSON: trailing commas are not allowed (the manifest is plain JSON)"
    );
}

#[test]
fn comment() {
    assert_eq!(
        problem("{\n  // the app\n  \"app\": \"x\"\n}"),
        "bindings.json:2:3: invalid JSON: comments are not allowed (the manifest is plain JSON)"
    );
}

#[test]
fn unterminated_object() {
    assert_eq!(problem("{\n  \"app\": \"x\",\n"), "bindings.json:1:1: invalid JSON: unterminated object");
}

#[test]
fn missing_comma() {
    assert_eq!(problem("{\"app\": \"x\"\n\"resources\": []}"), "bindings.json:1:12: invalid JSON: expected comma");
}

#[test]
fn empty_file() {
    assert_eq!(
        problem("  \n"),
        "bindings.json:1:1: the manifest is empty: write an object with `app`, `resources` and `functions`"
    );
}

#[test]
fn root_not_an_object() {
    assert_eq!(
        problem("\n  [1]"),
        "bindings.json:2:3: the manifest must be an object with `app`, `resources` and `functions`"
    );
}

// The root object.

#[test]
fn missing_root_keys() {
    assert_eq!(
        problems(" {}"),
        [
            "bindings.json:1:2: missing key `app`: add the SST app name, e.g. `\"app\": \"my-sst-app\"`",
            "bindings.json:1:2: missing key `resources`: add the app's resources, e.g. \
             `\"resources\": [{ \"type\": \"Bucket\", \"id\": \"myFiles\" }]`",
            "bindings.json:1:2: missing key `functions`: add each function's bindings, e.g. \
             `\"functions\": { \"api\": { \"bind\": [\"Bucket.myFiles\"] } }`",
        ]
    );
}

#[test]
fn app_not_a_string() {
    assert_eq!(
        problem(r#"{"app": 1, "resources": [], "functions": {}}"#),
        "bindings.json:1:9: `app` must be a string, the SST app name, e.g. \"my-sst-app\""
    );
}

#[test]
fn app_empty() {
    assert_eq!(
        problem(r#"{"app": "", "resources": [], "functions": {}}"#),
        "bindings.json:1:9: `app` is empty: give the SST app name, e.g. \"my-sst-app\""
    );
}

#[test]
fn app_name_breaking_the_rules() {
    assert_eq!(
        problem(r#"{"app": "my app", "resources": [], "functions": {}}"#),
        "bindings.json:1:9: the app name `my app` must start with a letter or digit and hold only letters, digits, \
         `_`, `.` and `-`"
    );
}

#[test]
fn unknown_root_key_close_to_a_known_one() {
    let text = r#"{"app": "a", "resources": [], "functions": {}, "kind": {}}"#;
    assert_eq!(problem(text), "bindings.json:1:48: unknown key `kind` in the manifest; did you mean `kinds`?");
}

#[test]
fn unknown_root_key() {
    let text = r#"{"app": "a", "resources": [], "functions": {}, "version": 2}"#;
    assert_eq!(
        problem(text),
        "bindings.json:1:48: unknown key `version` in the manifest: its keys are `app`, `resources`, `kinds`, \
         `functions` and `$schema`"
    );
}

#[test]
fn repeated_key() {
    let text = "{\"app\": \"a\", \"resources\": [], \"functions\": {},\n\"app\": \"b\"}";
    assert_eq!(
        problem(text),
        "bindings.json:2:1: key `app` is given twice in the manifest (first on line 1); remove one"
    );
}

// Resources.

#[test]
fn resources_not_an_array() {
    assert_eq!(
        problem(r#"{"app": "a", "resources": {}, "functions": {}}"#),
        "bindings.json:1:27: `resources` must be an array of resources like { \"type\": \"Bucket\", \"id\": \"myFiles\" }"
    );
}

#[test]
fn resource_not_an_object() {
    let text = one_line(r#""Bucket.myFiles""#, "", "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: a resource must be an object like {{ \"type\": \"Bucket\", \"id\": \"myFiles\" }}",
            col(&text, "\"Bucket.")
        )
    );
}

#[test]
fn resource_without_type_and_id() {
    let text = one_line("{}", "", "");
    let at = col(&text, "{}]");
    assert_eq!(
        problems(&text),
        [
            format!(
                "bindings.json:1:{at}: missing key `type` in a resource: add its construct, e.g. `\"type\": \"Bucket\"`"
            ),
            format!("bindings.json:1:{at}: missing key `id` in a resource: add its id, e.g. `\"id\": \"myFiles\"`"),
        ]
    );
}

#[test]
fn type_not_a_string() {
    let text = one_line(r#"{"type": ["Bucket"], "id": "x"}"#, "", "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `type` must be a string, the name of a construct, e.g. \"Bucket\"",
            col(&text, "[\"Bucket")
        )
    );
}

#[test]
fn id_not_a_string() {
    let text = one_line(r#"{"type": "Bucket", "id": 7}"#, "", "");
    assert_eq!(problem(&text), format!("bindings.json:1:{}: `id` must be a string, e.g. \"myFiles\"", col(&text, "7")));
}

#[test]
fn unknown_key_in_a_resource() {
    let text = one_line(r#"{"type": "Bucket", "id": "x", "ids": "y"}"#, "", "");
    assert_eq!(
        problem(&text),
        format!("bindings.json:1:{}: unknown key `ids` in a resource; did you mean `id`?", col(&text, "\"ids\""))
    );
}

#[test]
fn unknown_type_close_to_a_construct() {
    let text = r#"{
  "app": "my-sst-app",
  "resources": [
    { "type": "Bucket", "id": "a" }, { "type": "Buckett", "id": "myFiles" }
  ],
  "functions": {}
}"#;
    assert_eq!(problem(text), "bindings.json:4:48: unknown type `Buckett`; did you mean `Bucket`?");
}

#[test]
fn unknown_type_close_to_a_custom_kind() {
    let text = one_line(r#"{"type": "Reddis", "id": "x"}"#, r#""Redis": {"props": {"host": "plain"}}"#, "");
    assert_eq!(
        problem(&text),
        format!("bindings.json:1:{}: unknown type `Reddis`; did you mean `Redis`?", col(&text, "\"Reddis"))
    );
}

#[test]
fn unknown_type() {
    let text = one_line(r#"{"type": "Database", "id": "x"}"#, "", "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: unknown type `Database`: use one of SST's constructs (e.g. `Bucket`, `Table`, \
             `Secret`) or declare it under `kinds`",
            col(&text, "\"Database")
        )
    );
}

#[test]
fn config_is_not_a_type() {
    let text = one_line(r#"{"type": "Config", "id": "x"}"#, "", "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: unknown type `Config`: a secret is of type `Secret`, a parameter of type `Parameter`",
            col(&text, "\"Config")
        )
    );
}

#[test]
fn id_breaking_the_rules() {
    let text = one_line(r#"{"type": "Bucket", "id": "my files"}"#, "", "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: the id `my files` holds ` `: ids may hold only letters, digits, `_` and `-`",
            col(&text, "\"my files")
        )
    );
    let text = one_line(r#"{"type": "Bucket", "id": "2fast"}"#, "", "");
    assert_eq!(
        problem(&text),
        format!("bindings.json:1:{}: the id `2fast` must start with a letter (a-z, A-Z)", col(&text, "\"2fast"))
    );
}

#[test]
fn duplicate_id() {
    let text = r#"{"app": "a", "functions": {}, "resources": [
  {"type": "Bucket", "id": "myFiles"},
  {"type": "Table", "id": "myFiles"},
  {"type": "Bucket", "id": "myFiles"}
]}"#;
    assert_eq!(problem(text), "bindings.json:4:28: duplicate resource `Bucket.myFiles` (first on line 2); remove one");
}

#[test]
fn duplicate_id_after_dash_to_underscore() {
    let text = r#"{"app": "a", "functions": {}, "resources": [
  {"type": "Bucket", "id": "my-files"},
  {"type": "Bucket", "id": "my_files"}
]}"#;
    assert_eq!(
        problem(text),
        "bindings.json:3:28: duplicate resource `Bucket.my_files`: `Bucket.my-files` on line 2 has the same id once \
         `-` becomes `_`; rename one"
    );
}

#[test]
fn secret_and_parameter_share_one_namespace() {
    let text = r#"{"app": "a", "functions": {}, "resources": [
  {"type": "Secret", "id": "STRIPE_KEY"},
  {"type": "Parameter", "id": "STRIPE_KEY"},
  {"type": "Parameter", "id": "MY-KEY"},
  {"type": "Secret", "id": "MY_KEY"}
]}"#;
    assert_eq!(
        problems(text),
        [
            "bindings.json:3:31: duplicate resource `Parameter.STRIPE_KEY`: `Secret.STRIPE_KEY` on line 2 has the \
             same id, and secrets and parameters share one namespace; rename one",
            "bindings.json:5:28: duplicate resource `Secret.MY_KEY`: `Parameter.MY-KEY` on line 4 has the same id \
             once `-` becomes `_`, and secrets and parameters share one namespace; rename one",
        ]
    );
}

#[test]
fn colliding_accessors() {
    let text = r#"{"app": "a", "functions": {}, "resources": [
  {"type": "Bucket", "id": "myFiles"},
  {"type": "Bucket", "id": "my_files"},
  {"type": "Table", "id": "my_files"},
  {"type": "Secret", "id": "API_KEY"},
  {"type": "Parameter", "id": "apiKey"}
]}"#;
    assert_eq!(
        problems(text),
        [
            "bindings.json:3:28: `Bucket.my_files` and `Bucket.myFiles` on line 2 would both be the accessor \
             `Bucket::my_files()`; rename one",
            "bindings.json:6:31: `Parameter.apiKey` and `Secret.API_KEY` on line 5 would both be the accessor \
             `Config::api_key()`; rename one",
        ]
    );
}

#[test]
fn config_accessors_app_and_stage_are_reserved() {
    let text = r#"{"app": "a", "functions": {}, "resources": [
  {"type": "Parameter", "id": "APP"},
  {"type": "Secret", "id": "Stage"},
  {"type": "Bucket", "id": "app"}
]}"#;
    assert_eq!(
        problems(text),
        [
            "bindings.json:2:31: `Parameter.APP` would be the accessor `Config::app()`, which gives `SST_APP`; rename it",
            "bindings.json:3:28: `Secret.Stage` would be the accessor `Config::stage()`, which gives `SST_STAGE`; \
             rename it",
        ]
    );
}

// Kinds.

#[test]
fn a_resource_may_use_a_kind_declared_later() {
    let text = r#"{"app": "a", "resources": [{"type": "Redis", "id": "cache"}], "functions": {},
"kinds": {"Redis": {"props": {"url": "secret"}}}}"#;
    let m = parse(text, "bindings.json").unwrap();
    assert_eq!(m.resources.len(), 1);
    assert_eq!(m.catalog.get("Redis").unwrap().prop("url").unwrap().kind, PropKind::Secret);
}

#[test]
fn kinds_not_an_object() {
    let text = r#"{"app": "a", "resources": [], "functions": {}, "kinds": ["Redis"]}"#;
    assert_eq!(
        problem(text),
        "bindings.json:1:57: `kinds` must be an object mapping kind names to their props, \
         e.g. { \"Redis\": { \"props\": { \"host\": \"plain\" } } }"
    );
}

#[test]
fn kind_name_breaking_the_rules() {
    let text = one_line("", r#""my_redis": {"props": {"host": "plain"}}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: the kind name `my_redis` must be UpperCamelCase: a capital letter, then letters and \
             digits (no `_`)",
            col(&text, "\"my_redis")
        )
    );
}

#[test]
fn kind_named_like_a_construct() {
    let text = one_line("", r#""Queue": {"props": {"url": "plain"}}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `Queue` is one of SST's constructs: use it as a resource `type` directly, or give \
             your kind another name",
            col(&text, "\"Queue")
        )
    );
}

#[test]
fn kind_named_config() {
    let text = one_line("", r#""Config": {"props": {"url": "plain"}}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: the kind name `Config` is reserved for secrets and parameters: give your kind \
             another name",
            col(&text, "\"Config")
        )
    );
}

#[test]
fn kind_declared_twice() {
    let text = "{\"app\": \"a\", \"resources\": [], \"functions\": {}, \"kinds\": {\n\"Redis\": {\"props\": {\"a\": \
                \"plain\"}},\n\"Redis\": {\"props\": {\"b\": \"plain\"}}}}";
    assert_eq!(problem(text), "bindings.json:3:1: kind `Redis` is declared twice (first on line 2); remove one");
}

#[test]
fn kind_not_an_object() {
    let text = one_line("", r#""Redis": "plain""#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: kind `Redis` must be an object like {{ \"props\": {{ \"host\": \"plain\" }} }}",
            col(&text, "\"plain")
        )
    );
}

#[test]
fn kind_without_props() {
    let text = one_line("", r#""Redis": {"prop": {"host": "plain"}}"#, "");
    assert_eq!(
        problems(&text),
        [
            format!(
                "bindings.json:1:{}: missing key `props` in kind `Redis`: add its props, e.g. `\"props\": {{ \"host\": \"plain\" }}`",
                col(&text, "{\"prop\"")
            ),
            format!(
                "bindings.json:1:{}: unknown key `prop` in kind `Redis`; did you mean `props`?",
                col(&text, "\"prop\"")
            ),
        ]
    );
}

#[test]
fn props_not_an_object() {
    let text = one_line("", r#""Redis": {"props": ["host"]}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `props` of kind `Redis` must be an object mapping prop names to \"plain\", \"secret\", \"siteUrl\" or \"secretReference\"",
            col(&text, "[\"host")
        )
    );
}

#[test]
fn kind_with_no_prop() {
    let text = one_line("", r#""Redis": {"props": {}}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: kind `Redis` has no props: give it at least one, e.g. {{ \"host\": \"plain\" }}",
            col(&text, "{}}")
        )
    );
}

#[test]
fn prop_name_breaking_the_rules() {
    let text = one_line("", r#""Redis": {"props": {"db_host": "plain"}}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: the prop name `db_host` must be camelCase: a small letter, then letters and digits \
             (no `_`)",
            col(&text, "\"db_host")
        )
    );
}

#[test]
fn prop_kind_close_to_a_known_one() {
    let text = one_line("", r#""Redis": {"props": {"password": "secrit"}}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: the kind of prop `password` must be \"plain\", \"secret\", \"siteUrl\" or \"secretReference\", not \"secrit\"; \
             did you mean `secret`?",
            col(&text, "\"secrit")
        )
    );
}

#[test]
fn prop_kind_not_a_string() {
    let text = one_line("", r#""Redis": {"props": {"port": 6379}}"#, "");
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: the kind of prop `port` must be \"plain\", \"secret\", \"siteUrl\" or \"secretReference\"",
            col(&text, "6379")
        )
    );
}

#[test]
fn prop_declared_twice() {
    let text = "{\"app\": \"a\", \"resources\": [], \"functions\": {}, \"kinds\": {\"Redis\": {\"props\": {\n\
                \"host\": \"plain\",\n\"host\": \"secret\"}}}}";
    assert_eq!(
        problem(text),
        "bindings.json:3:1: prop `host` of kind `Redis` is declared twice (first on line 2); remove one"
    );
}

#[test]
fn props_with_colliding_fields() {
    let text = "{\"app\": \"a\", \"resources\": [], \"functions\": {}, \"kinds\": {\"Redis\": {\"props\": {\n\
                \"myUrl\": \"plain\",\n\"myURL\": \"plain\"}}}}";
    assert_eq!(
        problem(text),
        "bindings.json:3:1: props `myURL` and `myUrl` (line 2) of kind `Redis` would both be the field `my_url`; \
         rename one"
    );
}

#[test]
fn a_resource_of_a_kind_with_a_problem_is_not_reported_again() {
    let text = one_line(
        r#"{"type": "Redis", "id": "cache"}"#,
        r#""Redis": {"props": {"host": "plan"}}"#,
        r#""api": {"bind": ["Redis.cache"]}"#,
    );
    let e = parse(&text, "bindings.json").unwrap_err();
    assert_eq!(
        e.diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        [
            "the kind of prop `host` must be \"plain\", \"secret\", \"siteUrl\" or \"secretReference\", not \"plan\"; did you mean `plain`?"
        ]
    );
    assert!(e.partial.catalog.get("Redis").is_none());
    assert!(e.partial.resources.is_empty());
    assert!(e.partial.functions[0].bind.is_empty());
}

#[test]
fn a_binding_to_a_resource_with_a_problem_is_not_reported_again() {
    let text = one_line(
        r#"{"id": "myFiles"}, {"type": "Buckett", "id": "other"}, {"type": "Table", "id": "bad id"}"#,
        "",
        r#""api": {"bind": ["Bucket.myFiles", "Buckett.other", "Table.bad id"]}"#,
    );
    let e = parse(&text, "bindings.json").unwrap_err();
    assert_eq!(
        e.diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        [
            "missing key `type` in a resource: add its construct, e.g. `\"type\": \"Bucket\"`",
            "unknown type `Buckett`; did you mean `Bucket`?",
            "the id `bad id` holds ` `: ids may hold only letters, digits, `_` and `-`",
        ]
    );
    assert!(e.partial.resources.is_empty());
    assert!(e.partial.functions[0].bind.is_empty());
}

// Functions and bindings.

#[test]
fn functions_not_an_object() {
    assert_eq!(
        problem(r#"{"app": "a", "resources": [], "functions": ["api"]}"#),
        "bindings.json:1:44: `functions` must be an object mapping function names to their bindings, \
         e.g. { \"api\": { \"bind\": [\"Bucket.myFiles\"] } }"
    );
}

#[test]
fn function_not_an_object() {
    let text = one_line("", "", r#""api": ["Bucket.x"]"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: function `api` must be an object like {{ \"bind\": [\"Bucket.myFiles\"] }}",
            col(&text, "[\"Bucket.x")
        )
    );
}

#[test]
fn function_declared_twice() {
    let text =
        "{\"app\": \"a\", \"resources\": [], \"functions\": {\n\"api\": {\"bind\": []},\n\"api\": {\"bind\": []}}}";
    assert_eq!(problem(text), "bindings.json:3:1: function `api` is declared twice (first on line 2); remove one");
}

#[test]
fn function_with_an_empty_name() {
    let text = one_line("", "", r#""": {"bind": []}"#);
    assert_eq!(problem(&text), format!("bindings.json:1:{}: a function name must not be empty", col(&text, "\"\": {")));
}

#[test]
fn function_without_bind() {
    let text = one_line("", "", r#""api": {"package": "api"}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: missing key `bind` in function `api`: add its bindings, e.g. \
             `\"bind\": [\"Bucket.myFiles\"]`",
            col(&text, "{\"package")
        )
    );
}

#[test]
fn bind_not_an_array() {
    let text = one_line(r#"{"type": "Bucket", "id": "myFiles"}"#, "", r#""api": {"bind": "Bucket.myFiles"}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `bind` must be an array of bindings like \"Bucket.myFiles\"",
            col(&text, "\"Bucket.myFiles\"}")
        )
    );
}

#[test]
fn package_not_a_string() {
    let text = one_line("", "", r#""api": {"package": true, "bind": []}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `package` must be a string, the Cargo package that builds the function",
            col(&text, "true")
        )
    );
}

#[test]
fn unknown_key_in_a_function() {
    let text = one_line("", "", r#""api": {"bindings": []}"#);
    let at = col(&text, "{\"bindings");
    assert_eq!(
        problems(&text),
        [
            format!(
                "bindings.json:1:{at}: missing key `bind` in function `api`: add its bindings, e.g. \
                 `\"bind\": [\"Bucket.myFiles\"]`"
            ),
            format!(
                "bindings.json:1:{}: unknown key `bindings` in function `api`: its keys are `package`, `bin` and `bind`",
                at + 1
            ),
        ]
    );
}

#[test]
fn binding_of_the_wrong_type() {
    let text = one_line("", "", r#""api": {"bind": [42]}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: a binding must be a string like \"Bucket.myFiles\" or an object like \
             {{ \"resource\": \"Table.notes\", \"permissions\": [...] }}",
            col(&text, "42")
        )
    );
}

#[test]
fn binding_without_a_dot() {
    let text = one_line(r#"{"type": "Bucket", "id": "myFiles"}"#, "", r#""api": {"bind": ["myFiles", "Bucket."]}"#);
    assert_eq!(
        problems(&text),
        [
            format!(
                "bindings.json:1:{}: the binding `myFiles` must be `Type.id`, e.g. \"Bucket.myFiles\"",
                col(&text, "\"myFiles\",")
            ),
            format!(
                "bindings.json:1:{}: the binding `Bucket.` must be `Type.id`, e.g. \"Bucket.myFiles\"",
                col(&text, "\"Bucket.\"")
            ),
        ]
    );
}

#[test]
fn binding_to_an_unknown_resource_close_to_one() {
    let text = one_line(
        r#"{"type": "Table", "id": "orders"}, {"type": "Bucket", "id": "orders"}"#,
        "",
        r#""api": {"bind": ["Table.order"]}"#,
    );
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: unknown resource `Table.order`; did you mean `Table.orders`?",
            col(&text, "\"Table.order\"")
        )
    );
}

#[test]
fn binding_to_an_unknown_resource() {
    let text = one_line(r#"{"type": "Table", "id": "orders"}"#, "", r#""api": {"bind": ["Queue.jobs"]}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: unknown resource `Queue.jobs`: declare it under `resources` or remove this binding",
            col(&text, "\"Queue.jobs")
        )
    );
}

#[test]
fn binding_to_config() {
    let text = one_line(r#"{"type": "Secret", "id": "STRIPE_KEY"}"#, "", r#""api": {"bind": ["Config.STRIPE_KEY"]}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: unknown resource `Config.STRIPE_KEY`: bind a secret as `Secret.STRIPE_KEY`, a \
             parameter as `Parameter.STRIPE_KEY`; did you mean `Secret.STRIPE_KEY`?",
            col(&text, "\"Config.")
        )
    );
}

#[test]
fn binding_to_a_resource_with_a_dash_matches_it_normalized() {
    let text = one_line(r#"{"type": "Bucket", "id": "my-files"}"#, "", r#""api": {"bind": ["Bucket.my_files"]}"#);
    let m = parse(&text, "bindings.json").unwrap();
    assert!(m.functions[0].is_bound(&m.resources[0]));
}

#[test]
fn resource_bound_twice() {
    let text = "{\"app\": \"a\", \"resources\": [{\"type\": \"Bucket\", \"id\": \"my-files\"}], \"functions\": \
                {\"api\": {\"bind\": [\n\"Bucket.my-files\",\n{\"resource\": \"Bucket.my_files\"}]}}}";
    assert_eq!(
        problem(text),
        "bindings.json:3:1: function `api` binds `Bucket.my_files` twice (first on line 2); remove one"
    );
}

#[test]
fn unknown_key_in_a_binding() {
    let text = one_line(
        r#"{"type": "Table", "id": "notes"}"#,
        "",
        r#""api": {"bind": [{"resource": "Table.notes", "permission": []}]}"#,
    );
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: unknown key `permission` in a binding; did you mean `permissions`?",
            col(&text, "\"permission\"")
        )
    );
}

#[test]
fn binding_without_resource() {
    let text = one_line("", "", r#""api": {"bind": [{"permissions": []}]}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: missing key `resource` in a binding: add the bound resource, e.g. \
             `\"resource\": \"Table.notes\"`",
            col(&text, "{\"permissions")
        )
    );
}

#[test]
fn binding_resource_not_a_string() {
    let text = one_line("", "", r#""api": {"bind": [{"resource": {"type": "Table"}}]}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `resource` must be a string like \"Table.notes\"",
            col(&text, "{\"type\": \"Table\"")
        )
    );
}

/// A manifest with one table bound with these `permissions` (the inside of the brackets).
fn with_permissions(permissions: &str) -> String {
    one_line(
        r#"{"type": "Table", "id": "notes"}"#,
        "",
        &format!(r#""api": {{"bind": [{{"resource": "Table.notes", "permissions": {permissions}}}]}}"#),
    )
}

#[test]
fn permissions_not_an_array() {
    let text = with_permissions(r#"{"actions": ["s3:*"], "resources": ["*"]}"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `permissions` must be an array of IAM statements like {{ \"actions\": \
             [\"s3:GetObject\"], \"resources\": [\"*\"] }}",
            col(&text, "{\"actions")
        )
    );
}

#[test]
fn permission_not_an_object() {
    let text = with_permissions(r#"["s3:*"]"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: a permission must be an object like {{ \"actions\": [\"s3:GetObject\"], \
             \"resources\": [\"*\"] }}",
            col(&text, "\"s3:*")
        )
    );
}

#[test]
fn permission_with_an_unknown_key_and_no_resources() {
    let text = with_permissions(r#"[{"actions": ["s3:*"], "resource": "*"}]"#);
    assert_eq!(
        problems(&text),
        [
            format!(
                "bindings.json:1:{}: missing key `resources` in a permission: add the ARNs of the resources, e.g. \
                 `\"resources\": [\"*\"]`",
                col(&text, "{\"actions")
            ),
            format!(
                "bindings.json:1:{}: unknown key `resource` in a permission; did you mean `resources`?",
                col(&text, "\"resource\": \"*")
            ),
        ]
    );
}

#[test]
fn permission_without_actions() {
    let text = with_permissions(r#"[{"resources": ["*"]}]"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: missing key `actions` in a permission: add the IAM actions, e.g. \
             `\"actions\": [\"s3:GetObject\"]`",
            col(&text, "{\"resources\": [\"*")
        )
    );
}

#[test]
fn permission_with_no_action() {
    let text = with_permissions(r#"[{"actions": [], "resources": ["*"]}]"#);
    assert_eq!(
        problem(&text),
        format!(
            "bindings.json:1:{}: `actions` must be a non-empty array of the IAM actions, e.g. [\"s3:GetObject\"]",
            col(&text, "[], \"resources")
        )
    );
}

#[test]
fn permission_with_a_resource_not_a_string() {
    let text = with_permissions(r#"[{"actions": ["s3:*"], "resources": ["*", null]}]"#);
    assert_eq!(
        problem(&text),
        format!("bindings.json:1:{}: each of `resources` must be a string, e.g. \"*\"", col(&text, "null"))
    );
}

// Every problem at once, and what is valid in spite of them.

#[test]
fn every_problem_is_reported_in_the_order_of_its_place() {
    // Found in the order kinds, resources, functions, root keys; reported in the order of the file.
    let text = r#"{
  "app": "my app",
  "resources": [
    { "type": "Buckett", "id": "myFiles" },
    { "type": "Table", "id": "notes" }
  ],
  "functions": {
    "api": { "bind": ["Table.note"] }
  },
  "kinds": { "redis": { "props": { "host": "plain" } } }
}"#;
    assert_eq!(
        problems(text),
        [
            "bindings.json:2:10: the app name `my app` must start with a letter or digit and hold only letters, \
             digits, `_`, `.` and `-`",
            "bindings.json:4:15: unknown type `Buckett`; did you mean `Bucket`?",
            "bindings.json:8:23: unknown resource `Table.note`; did you mean `Table.notes`?",
            "bindings.json:10:14: the kind name `redis` must be UpperCamelCase: a capital letter, then letters and \
             digits (no `_`)",
        ]
    );
}

#[test]
fn the_partial_manifest_holds_what_is_valid() {
    let text = r#"{
  "app": "my-app",
  "resources": [
    { "type": "Bucket", "id": "myFiles" },
    { "type": "Bucket", "id": "my_files" },
    { "type": "Buckett", "id": "other" },
    { "type": "Table", "id": "bad id" },
    { "type": "Redis", "id": "cache" },
    { "type": "Memcached", "id": "mem" }
  ],
  "kinds": {
    "Redis": { "props": { "host": "plain" } },
    "Memcached": { "props": { "host": "plane" } }
  },
  "functions": {
    "api": { "package": 1, "bind": ["Bucket.myFiles", "Buckett.other", "Table.bad id", "Bucket.nope",
             "Redis.cache", "Memcached.mem", { "resource": "Bucket.my_files" }] },
    "worker": "nope"
  }
}"#;
    let e = parse(text, "bindings.json").unwrap_err();
    assert_eq!(
        e.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "bindings.json:5:31: `Bucket.my_files` and `Bucket.myFiles` on line 4 would both be the accessor \
             `Bucket::my_files()`; rename one",
            "bindings.json:6:15: unknown type `Buckett`; did you mean `Bucket`?",
            "bindings.json:7:30: the id `bad id` holds ` `: ids may hold only letters, digits, `_` and `-`",
            "bindings.json:13:39: the kind of prop `host` must be \"plain\", \"secret\", \"siteUrl\" or \"secretReference\", not \"plane\"",
            "bindings.json:16:25: `package` must be a string, the Cargo package that builds the function",
            "bindings.json:16:88: unknown resource `Bucket.nope`: declare it under `resources` or remove this binding",
            "bindings.json:18:15: function `worker` must be an object like { \"bind\": [\"Bucket.myFiles\"] }",
        ]
    );
    let m = *e.partial;
    assert_eq!(m.app, "my-app");
    assert!(m.catalog.get("Redis").is_some());
    assert!(m.catalog.get("Memcached").is_none());
    let resources: Vec<String> = m.resources.iter().map(|r| format!("{}.{}", r.construct, r.id)).collect();
    assert_eq!(resources, ["Bucket.myFiles", "Redis.cache"]);
    assert_eq!(m.functions.len(), 1);
    let api = &m.functions[0];
    assert_eq!(api.head.package, None);
    let bound: Vec<String> = api.bind.iter().map(|b| format!("{}.{}", b.construct, b.id)).collect();
    assert_eq!(bound, ["Bucket.myFiles", "Redis.cache"]);
}

#[test]
fn a_manifest_error_displays_one_line_a_problem() {
    let e = parse(r#"{"app": 1, "resources": [], "functions": {}, "x": 1}"#, "dir/bindings.json").unwrap_err();
    assert_eq!(
        e.to_string(),
        "dir/bindings.json:1:9: `app` must be a string, the SST app name, e.g. \"my-sst-app\"\n\
         dir/bindings.json:1:46: unknown key `x` in the manifest: its keys are `app`, `resources`, `kinds`, \
         `functions` and `$schema`"
    );
}

// Places.

#[test]
fn columns_count_characters_and_lines_follow_any_line_break() {
    let reader = Reader::new("{\"é\": 1,\r\n\"ü\": \"\u{1F600}x\"\r}", "f");
    assert_eq!(reader.position(0), pos(1, 1));
    assert_eq!(reader.position(5), pos(1, 5)); // after `{"é"` (é is two bytes)
    assert_eq!(reader.position(11), pos(2, 1)); // after `\r\n`
    assert_eq!(reader.position(12), pos(2, 2));
    assert_eq!(reader.position(22), pos(2, 8)); // after `"ü": "` and the emoji (four bytes)
    assert_eq!(reader.position(19), pos(2, 8)); // inside the emoji: never a panic
    assert_eq!(reader.position(25), pos(3, 1)); // after a lone `\r`
    assert_eq!(reader.position(1000), pos(3, 2)); // past the end: never a panic
    let e = parse("{\"app\": \"é\",\r\n  \"resources\": 1, \"functions\": {}}", "f").unwrap_err();
    let places: Vec<Position> = e.diagnostics.iter().map(|d| d.at).collect();
    assert_eq!(places, [pos(1, 9), pos(2, 16)]); // the app name `é`, then `resources`
}

#[test]
fn suggestions_are_close_names_only() {
    let keys = ["app", "resources", "kinds", "functions"];
    assert_eq!(suggestion("apps", &keys).as_deref(), Some("app"));
    assert_eq!(suggestion("Resources", &keys).as_deref(), Some("resources"));
    assert_eq!(suggestion("function", &keys).as_deref(), Some("functions"));
    assert_eq!(suggestion("version", &keys), None);
    assert_eq!(suggestion("x", &keys), None);
    let types: Vec<&str> = crate::catalog::BUILTIN.iter().map(|c| c.name.as_ref()).collect();
    assert_eq!(suggestion("S3Bucket", &types).as_deref(), Some("Bucket"));
    assert_eq!(suggestion("Parameters", &types).as_deref(), Some("Parameter"));
    assert_eq!(suggestion("NextSite", &types).as_deref(), Some("NextjsSite"));
    assert_eq!(suggestion("Database", &types), None);
    assert_eq!(suggestion("Table.xyz", &["Table.orders"]), None);
}

// No input makes the reader panic.

#[test]
fn no_panic_on_mutated_or_truncated_manifests() {
    let mut variants: Vec<String> = Vec::new();
    // Cut at every character.
    for (i, _) in SPEC_EXAMPLE.char_indices() {
        variants.push(SPEC_EXAMPLE[..i].to_owned());
        variants.push(SPEC_EXAMPLE[i..].to_owned());
    }
    // Replace one character by each of a few troublemakers, at a spread of places.
    let replacements = ['"', '{', '}', '[', ']', ',', ':', '.', '-', '\\', '\n', '\r', 'é', '\u{1F600}', '0', 'x', ' '];
    let chars: Vec<char> = SPEC_EXAMPLE.chars().collect();
    for (n, replacement) in replacements.iter().enumerate() {
        for i in (n % 7..chars.len()).step_by(7) {
            let mut mutated = chars.clone();
            mutated[i] = *replacement;
            variants.push(mutated.into_iter().collect());
        }
    }
    // Values of every JSON type where the manifest has a value; every key renamed.
    for value in ["null", "true", "-1.5e3", "\"\"", "[]", "{}", "[null]", "{\"\": []}"] {
        for target in ["\"my-sst-app\"", "\"Bucket\"", "\"myFiles\"", "\"Bucket.myFiles\"", "\"plain\"", "[\"*\"]"] {
            variants.push(SPEC_EXAMPLE.replacen(target, value, 1));
        }
        for section in ["resources", "kinds", "functions", "props", "bind", "permissions", "actions"] {
            let key = format!("\"{section}\": ");
            if let Some(at) = SPEC_EXAMPLE.find(&key) {
                let after = &SPEC_EXAMPLE[at + key.len()..];
                let end = matching_end(after);
                variants.push(format!("{}{key}{value}{}", &SPEC_EXAMPLE[..at], &after[end..]));
            }
        }
    }
    for key in ["\"app\"", "\"type\"", "\"id\"", "\"props\"", "\"bind\"", "\"resource\"", "\"package\""] {
        variants.push(SPEC_EXAMPLE.replace(key, "\"\""));
        variants.push(SPEC_EXAMPLE.replace(key, "\"-\""));
    }
    variants.push("[".repeat(600));
    variants.push(format!("{}{}", "[".repeat(400), "]".repeat(400)));
    variants.push("\u{feff}{}".to_owned());
    variants.push("\"\\ud800\"".to_owned());
    assert!(variants.len() > 1000, "{}", variants.len());

    for text in &variants {
        let result = std::panic::catch_unwind(|| parse(text, "bindings.json"));
        let Ok(result) = result else { panic!("parse panicked on {text:?}") };
        if let Err(e) = result {
            assert!(!e.diagnostics.is_empty());
            assert!(e.diagnostics.windows(2).all(|w| w[0].at <= w[1].at), "unsorted on {text:?}");
            assert!(e.diagnostics.iter().all(|d| d.at.line >= 1 && d.at.column >= 1));
        }
    }
}

/// The byte offset just past the JSON value `text` starts with (a bracketed value or a string).
fn matching_end(text: &str) -> usize {
    let mut depth = 0;
    let mut in_string = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' if depth == 0 && in_string => return i + 1,
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => depth += 1,
            '}' | ']' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

#[test]
fn a_schema_key_is_allowed_for_editors() {
    let text = r#"{ "$schema": "./bindings.schema.json", "app": "a", "resources": [], "functions": {} }"#;
    assert!(parse(text, "bindings.json").is_ok());
    let text = r#"{ "$schema": 1, "app": "a", "resources": [], "functions": {} }"#;
    assert_eq!(
        parse(text, "bindings.json").unwrap_err().to_string(),
        "bindings.json:1:14: `$schema` must be a string, the path or URL of the manifest's JSON Schema"
    );
}

// Choosing the function a crate is (the macro without `function = ...`).

const SELECTION: &str = r#"{ "app": "a", "resources": [], "functions": {
    "api": { "package": "app-fns", "bin": "api", "bind": [] },
    "worker": { "package": "app-fns", "bin": "worker", "bind": [] },
    "charge": { "package": "billing", "bind": [] },
    "node": { "bind": [] } } }"#;

fn select(package: Option<&str>, bin: Option<&str>) -> Result<String, String> {
    let m = parse(SELECTION, "bindings.json").unwrap();
    let functions = m.select_functions(None, CrateTarget { package, bin }).map_err(|e| e.to_string())?;
    Ok(functions.iter().map(|f| f.head.name.as_str()).collect::<Vec<_>>().join(" "))
}

#[test]
fn the_function_is_the_one_of_this_package_and_binary() {
    assert_eq!(select(Some("app-fns"), Some("api")).unwrap(), "api");
    assert_eq!(select(Some("app-fns"), Some("worker")).unwrap(), "worker");
    // A function without `bin` is any binary (or the library) of its package.
    assert_eq!(select(Some("billing"), Some("charge")).unwrap(), "charge");
    assert_eq!(select(Some("billing"), None).unwrap(), "charge");
}

#[test]
fn a_library_runs_in_every_function_of_its_package() {
    assert_eq!(select(Some("app-fns"), None).unwrap(), "api worker");
}

#[test]
fn no_matching_binary_names_the_candidates() {
    assert_eq!(
        select(Some("app-fns"), Some("cron")).unwrap_err(),
        "no function of bindings.json is package `app-fns`, binary `cron`: its functions of package `app-fns` are \
         `api`, `worker` (with their `bin`: api, worker); name this crate's with `function = \"...\"`"
    );
    assert_eq!(
        select(Some("other"), Some("x")).unwrap_err(),
        "bindings.json has several functions and none has `\"package\": \"other\"`: name this crate's with \
         `function = \"...\"` (or give it `package` and `bin`, as `sst-resources import` does); its functions are: \
         `api`, `worker`, `charge`, `node`"
    );
}

#[test]
fn one_binary_behind_several_functions_is_each_of_them() {
    let text = r#"{ "app": "a", "resources": [], "functions": {
        "a": { "package": "p", "bind": [] }, "b": { "package": "p", "bin": "x", "bind": [] },
        "c": { "package": "p", "bin": "y", "bind": [] } } }"#;
    let m = parse(text, "bindings.json").unwrap();
    let names = |bin| {
        let functions = m.select_functions(None, CrateTarget { package: Some("p"), bin }).unwrap();
        functions.iter().map(|f| f.head.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(Some("x")), ["a", "b"]);
    assert_eq!(names(None), ["a", "b", "c"]);
}

#[test]
fn bin_needs_a_package_and_a_name() {
    let text = r#"{ "app": "a", "resources": [], "functions": { "f": { "bin": "x", "bind": [] },
        "g": { "package": "p", "bin": "", "bind": [] } } }"#;
    let error = parse(text, "bindings.json").unwrap_err().to_string();
    assert_eq!(
        error,
        "bindings.json:1:61: `bin` needs `package` in function `f`: name the Cargo package the binary belongs to\n\
         bindings.json:2:39: `bin` must be a non-empty string, the binary target of `package` that is this function"
    );
}
