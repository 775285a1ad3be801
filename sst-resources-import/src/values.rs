//! The values file of `sst-resources bind --values FILE` (docs/manifest.md §4): the app's values laid out
//! as in SSM, `{ "Bucket": { "myFiles": { "bucketName": "..." } } }`, read with the place of every node so
//! that each problem is reported as `file:line:column`, every problem at once, like the manifest's.

use std::collections::HashMap;
use std::fmt;

use sst_binding_protocol::json::syntax::{Object, ObjectProp, Value};

use sst_binding_protocol::catalog::{Catalog, Construct, Origin, PropKind};
use sst_binding_protocol::json::{self, Diagnostic, Position, Reader, did_you_mean, key, unknown};
use sst_binding_protocol::limits::MAX_VALUES_FILE_BYTES;
use sst_binding_protocol::names::{self, EnvVar, normalize_id};

/// An example of the layout, for messages.
const EXAMPLE: &str = "{ \"Bucket\": { \"myFiles\": { \"bucketName\": \"my-bucket\" } } }";

/// The values of a values file, in file order.
#[derive(Clone, Debug)]
pub struct Values {
    /// The file as the user named it.
    pub file: String,
    pub entries: Vec<Entry>,
}

/// One value: `prop` of resource `id` of `construct`.
#[derive(Clone)]
pub struct Entry {
    pub construct: String,
    /// The id as the file writes it.
    pub id: String,
    pub prop: String,
    pub kind: PropKind,
    pub value: String,
    /// The place of the prop's key.
    pub at: Position,
}

impl fmt::Debug for Entry {
    /// Shows a secret value as `[redacted]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if self.kind.is_secret() { &"[redacted]" } else { &self.value };
        f.debug_struct("Entry")
            .field("construct", &self.construct)
            .field("id", &self.id)
            .field("prop", &self.prop)
            .field("kind", &self.kind)
            .field("value", value)
            .field("at", &self.at)
            .finish()
    }
}

impl Entry {
    /// The environment variable the value goes to: `SST_{Construct}_{prop}_{id}`.
    pub fn env_var(&self) -> EnvVar {
        EnvVar::new(&self.construct, &self.prop, &self.id)
    }
}

impl Values {
    /// The value of `prop` of `construct`.`id` (ids compared normalized).
    pub fn get(&self, construct: &str, id: &str, prop: &str) -> Option<&Entry> {
        let id = normalize_id(id);
        self.entries.iter().find(|e| e.construct == construct && e.prop == prop && normalize_id(&e.id) == id)
    }
}

/// Every problem of a values file, in the order of their places.
#[derive(Clone, Debug)]
pub struct ValuesError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ValuesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        json::write_lines(f, &self.diagnostics)
    }
}

impl std::error::Error for ValuesError {}

/// Reads and checks a values file against `catalog` (SST's constructs plus the manifest's kinds).
/// `file` is the name used in diagnostics. A number or boolean is taken as its JSON text (`6379`).
pub fn parse(text: &str, file: &str, catalog: &Catalog) -> Result<Values, ValuesError> {
    let mut reader = Reader::new(text, file);
    let mut entries = Vec::new();
    let shape = format!("an object like {EXAMPLE}");
    reader.read_root(MAX_VALUES_FILE_BYTES, "the values file", &shape, |reader, root| {
        reader.values(root, catalog, &mut entries)
    });
    if reader.diagnostics.is_empty() {
        Ok(Values { file: file.to_owned(), entries })
    } else {
        Err(ValuesError { diagnostics: reader.sorted_diagnostics() })
    }
}

/// The values file's own rules, on the protocol's JSON kit (a trait: the kit's `Reader` is the protocol's).
trait ReadValues {
    fn unique_keys<'o, 'a>(&mut self, object: &'o Object<'a>, place: &str) -> Vec<&'o ObjectProp<'a>>;
    fn values(&mut self, root: &Object<'_>, catalog: &Catalog, out: &mut Vec<Entry>);
    fn ids(&mut self, construct: &Construct, ids: &Object<'_>, out: &mut Vec<Entry>);
    fn props(&mut self, construct: &Construct, id: &str, props: &Object<'_>, out: &mut Vec<Entry>);
}

impl ReadValues for Reader<'_> {
    /// The properties of `object` whose key is given once; a repeated key is reported.
    fn unique_keys<'o, 'a>(&mut self, object: &'o Object<'a>, place: &str) -> Vec<&'o ObjectProp<'a>> {
        self.unique(&object.properties, |name, line| {
            format!("`{name}` is given twice in {place} (first on line {line}); remove one")
        })
    }

    fn values(&mut self, root: &Object<'_>, catalog: &Catalog, out: &mut Vec<Entry>) {
        for prop in self.unique_keys(root, "the values file") {
            let name = key(prop);
            let Some(construct) = catalog.get(name) else {
                let names: Vec<&str> = catalog.iter().map(|c| c.name.as_ref()).collect();
                let message = unknown(&format!("construct `{name}`"), name, &names, || {
                    "use SST's names (`Bucket`, `Secret`, ...) or a kind declared under `kinds` in the manifest"
                        .to_owned()
                });
                self.error(self.at(&prop.name), message);
                continue;
            };
            let Value::Object(ids) = &prop.value else {
                self.error(
                    self.at(&prop.value),
                    format!("`{name}` must be an object of ids, each an object of props, e.g. {EXAMPLE}"),
                );
                continue;
            };
            self.ids(construct, ids, out);
        }
    }

    fn ids(&mut self, construct: &Construct, ids: &Object<'_>, out: &mut Vec<Entry>) {
        let name = &construct.name;
        // The normalized ids read so far, with the id as written and its line.
        let mut seen: HashMap<String, (&str, u32)> = HashMap::new();
        for prop in self.unique_keys(ids, &format!("`{name}`")) {
            let id = key(prop);
            let at = self.at(&prop.name);
            if let Err(e) = names::check_id(id) {
                self.error(at, e.to_string());
                continue;
            }
            let normalized = normalize_id(id);
            if let Some((first, line)) = seen.get(&normalized) {
                self.error(
                    at,
                    format!(
                        "`{name}.{id}` and `{name}.{first}` (line {line}) are the same id once `-` is read as `_`; \
                         remove one"
                    ),
                );
                continue;
            }
            seen.insert(normalized, (id, at.line));
            let Value::Object(props) = &prop.value else {
                let example = construct.props.first().map_or("value", |p| p.name.as_ref());
                self.error(
                    self.at(&prop.value),
                    format!("`{name}.{id}` must be an object of props, e.g. {{ \"{example}\": \"...\" }}"),
                );
                continue;
            };
            self.props(construct, id, props, out);
        }
    }

    fn props(&mut self, construct: &Construct, id: &str, props: &Object<'_>, out: &mut Vec<Entry>) {
        let name = &construct.name;
        for prop in self.unique_keys(props, &format!("`{name}.{id}`")) {
            let prop_name = key(prop);
            let at = self.at(&prop.name);
            let Some(known) = construct.prop(prop_name) else {
                let known_names: Vec<&str> = construct.props.iter().map(|p| p.name.as_ref()).collect();
                let hint = did_you_mean(prop_name, &known_names).unwrap_or_default();
                let message = if hint.is_empty() {
                    let list = known_names.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
                    let what = if construct.origin == Origin::Custom { "kind" } else { "construct" };
                    format!("`{name}` has no prop `{prop_name}`: the props of this {what} are {list}")
                } else {
                    format!("`{name}` has no prop `{prop_name}`{hint}")
                };
                self.error(at, message);
                continue;
            };
            let value = match &prop.value {
                Value::StringLit(s) => s.value.to_string(),
                Value::NumberLit(n) => n.value.to_owned(),
                Value::BooleanLit(b) => b.value.to_string(),
                other => {
                    self.error(
                        self.at(other),
                        format!("the value of `{name}.{id}.{prop_name}` must be a string (it becomes an environment variable)"),
                    );
                    continue;
                }
            };
            out.push(Entry {
                construct: name.to_string(),
                id: id.to_owned(),
                prop: prop_name.to_owned(),
                kind: known.kind,
                value,
                at,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let mut c = Catalog::builtin();
        c.add_custom("Redis".into(), vec![("host".into(), PropKind::Plain), ("password".into(), PropKind::Secret)]);
        c
    }

    fn errors(text: &str) -> Vec<String> {
        parse(text, "values.json", &catalog()).unwrap_err().diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn values_become_their_env_vars() {
        let text = r#"{
  "Bucket": { "my-files": { "bucketName": "b-1" } },
  "Secret": { "STRIPE_KEY": { "value": "sk_test" } },
  "Redis": { "cache": { "host": "localhost", "password": "pw" } },
  "Parameter": { "PORT": { "value": 6379 } }
}"#;
        let values = parse(text, "values.json", &catalog()).unwrap();
        let vars: Vec<(String, &str)> =
            values.entries.iter().map(|e| (e.env_var().to_string(), e.value.as_str())).collect();
        assert_eq!(
            vars,
            vec![
                ("SST_Bucket_bucketName_my_files".to_owned(), "b-1"),
                ("SST_Secret_value_STRIPE_KEY".to_owned(), "sk_test"),
                ("SST_Redis_host_cache".to_owned(), "localhost"),
                ("SST_Redis_password_cache".to_owned(), "pw"),
                ("SST_Parameter_value_PORT".to_owned(), "6379"),
            ]
        );
        assert_eq!(values.entries[0].at, Position { line: 2, column: 29 });
        assert_eq!(values.get("Bucket", "my_files", "bucketName").map(|e| e.value.as_str()), Some("b-1"));
        assert_eq!(values.get("Secret", "STRIPE_KEY", "value").map(|e| e.kind), Some(PropKind::Secret));
    }

    #[test]
    fn secret_values_are_not_debug_printed() {
        let values = parse(r#"{ "Secret": { "K": { "value": "hunter2" } } }"#, "v.json", &catalog()).unwrap();
        let debug = format!("{values:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("[redacted]"));
    }

    #[test]
    fn every_problem_is_located() {
        let text = r#"{
  "Buckett": { "a": { "bucketName": "x" } },
  "Table": { "notes": { "tablename": "x" }, "2x": {} },
  "Secret": { "a-b": { "value": "1" }, "a_b": { "value": "2" } },
  "Topic": { "t": { "topicArn": null } },
  "Queue": []
}"#;
        assert_eq!(
            errors(text),
            vec![
                "values.json:2:3: unknown construct `Buckett`; did you mean `Bucket`?",
                "values.json:3:25: `Table` has no prop `tablename`; did you mean `tableName`?",
                "values.json:3:45: the id `2x` must start with a letter (a-z, A-Z)",
                "values.json:4:40: `Secret.a_b` and `Secret.a-b` (line 4) are the same id once `-` is read as `_`; \
                 remove one",
                "values.json:5:33: the value of `Topic.t.topicArn` must be a string (it becomes an environment variable)",
                "values.json:6:12: `Queue` must be an object of ids, each an object of props, e.g. { \"Bucket\": { \
                 \"myFiles\": { \"bucketName\": \"my-bucket\" } } }",
            ]
        );
    }

    #[test]
    fn invalid_json_and_odd_shapes() {
        assert_eq!(
            errors("{\n  \"Bucket\": {,\n}"),
            vec!["values.json:2:14: invalid JSON: unexpected token in object"]
        );
        // A JSONC extension gets a reminder that the file is plain JSON.
        let comment = errors("{\n  // the stage's values\n}");
        assert_eq!(comment.len(), 1);
        assert!(
            comment[0].starts_with("values.json:2:3: invalid JSON: ")
                && comment[0].ends_with("(the values file is plain JSON)"),
            "{comment:?}"
        );
        assert_eq!(errors("[]")[0], format!("values.json:1:1: the values file must be an object like {EXAMPLE}"));
        assert_eq!(errors("")[0], format!("values.json:1:1: the values file is empty: write an object like {EXAMPLE}"));
        assert_eq!(
            errors(r#"{ "Redis": { "c": { "port": "1" } } }"#),
            vec!["values.json:1:21: `Redis` has no prop `port`: the props of this kind are `host`, `password`"]
        );
        assert_eq!(
            errors("{ \"Bucket\": {}, \"Bucket\": {} }"),
            vec!["values.json:1:17: `Bucket` is given twice in the values file (first on line 1); remove one"]
        );
    }

    #[test]
    fn no_panic_on_truncated_files() {
        let text = r#"{ "Bucket": { "b": { "bucketName": "x" } }, "Secret": { "S": { "value": "é" } } }"#;
        for end in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
            let _ = parse(&text[..end], "v.json", &catalog());
        }
    }

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn a_values_file_nesting_deeper_than_the_limit_is_located() {
        let values = parse(&nested(100_000), "values.json", &Catalog::builtin()).unwrap_err();
        assert_eq!(
            values.to_string(),
            "values.json:1:513: the values file nests objects and arrays more than 513 levels deep here, the limit"
        );
    }

    #[test]
    fn a_values_file_over_the_size_limit_is_refused() {
        let text = " ".repeat(MAX_VALUES_FILE_BYTES + 1);
        let error = parse(&text, "values.json", &Catalog::builtin()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "values.json:1:1: the values file is 8.1 MiB; the limit is 8 MiB: is this the right file?"
        );
    }
}
