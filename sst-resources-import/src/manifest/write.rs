//! The manifest as `sst-resources import` writes it, in either form: deterministic and sorted (resources by
//! type and id, kinds and their props by name, functions by name, bindings and links by name), one
//! resource, binding or link a line, so that a change in the app is a small diff in review.

use std::fmt::Write;

use sst_binding_protocol::catalog::Origin;
use sst_binding_protocol::manifest::{Binding, Function, FunctionHead, LinkFunction, LinksManifest, Manifest};

/// A manifest as the file `sst-resources import` writes (a trait: the manifests are the protocol's types,
/// and writing them is the importer's work).
pub trait ToJson {
    /// The manifest as JSON text that reads back to the same manifest (positions aside).
    fn to_json(&self) -> String;
}

impl ToJson for Manifest {
    fn to_json(&self) -> String {
        let mut out = String::from("{\n");
        let _ = writeln!(out, "  \"app\": {},", quote(&self.app));

        let mut resources: Vec<_> = self.resources.iter().collect();
        resources.sort_by(|a, b| (&a.construct, &a.id).cmp(&(&b.construct, &b.id)));
        out.push_str("  \"resources\": [");
        list(
            &mut out,
            resources.iter().map(|r| format!("{{ \"type\": {}, \"id\": {} }}", quote(&r.construct), quote(&r.id))),
            4,
        );
        out.push_str("],\n");

        let mut kinds: Vec<_> = self.catalog.iter().filter(|c| c.origin == Origin::Custom).collect();
        kinds.sort_by(|a, b| a.name.cmp(&b.name));
        if !kinds.is_empty() {
            out.push_str("  \"kinds\": {");
            list(
                &mut out,
                kinds.iter().map(|kind| {
                    let mut props: Vec<_> = kind.props.iter().collect();
                    props.sort_by(|a, b| a.name.cmp(&b.name));
                    let props: Vec<String> = props
                        .iter()
                        .map(|p| format!("{}: {}", quote(&p.name), quote(p.kind.manifest_name())))
                        .collect();
                    format!("{}: {{ \"props\": {{ {} }} }}", quote(&kind.name), props.join(", "))
                }),
                4,
            );
            out.push_str("},\n");
        }

        let mut functions: Vec<_> = self.functions.iter().collect();
        functions.sort_by(|a, b| a.head.name.cmp(&b.head.name));
        out.push_str("  \"functions\": {");
        list(&mut out, functions.iter().map(|f| function(f)), 4);
        out.push_str("}\n}\n");
        out
    }
}

/// The types file, the SST release where recorded, then the functions by name, each with its package and
/// binary where known and its links sorted.
impl ToJson for LinksManifest {
    fn to_json(&self) -> String {
        let mut out = String::from("{\n");
        let _ = writeln!(out, "  \"links\": {},", quote(&self.links));
        if let Some(release) = self.sst {
            let _ = writeln!(out, "  \"sst\": \"{release}\",");
        }
        let mut functions: Vec<_> = self.functions.iter().collect();
        functions.sort_by(|a, b| a.head.name.cmp(&b.head.name));
        out.push_str("  \"functions\": {");
        list(&mut out, functions.iter().map(|f| link_function(f)), 4);
        out.push_str("}\n}\n");
        out
    }
}

fn link_function(f: &LinkFunction) -> String {
    let mut out = function_start(&f.head);
    let mut link: Vec<&str> = f.link.iter().map(|l| l.name.as_str()).collect();
    link.sort_unstable();
    out.push_str("      \"link\": [");
    list(&mut out, link.iter().map(|name| quote(name)), 8);
    out.push_str("]\n    }");
    out
}

/// A function's name and, where given, the Cargo package and binary that build it: what both forms share.
fn function_start(head: &FunctionHead) -> String {
    let mut out = format!("{}: {{\n", quote(&head.name));
    if let Some(package) = &head.package {
        let _ = writeln!(out, "      \"package\": {},", quote(package));
    }
    if let Some(bin) = &head.bin {
        let _ = writeln!(out, "      \"bin\": {},", quote(bin));
    }
    out
}

fn function(f: &Function) -> String {
    let mut out = function_start(&f.head);
    let mut bind: Vec<&Binding> = f.bind.iter().collect();
    bind.sort_by(|a, b| (&a.construct, &a.id).cmp(&(&b.construct, &b.id)));
    out.push_str("      \"bind\": [");
    list(&mut out, bind.iter().map(|b| binding(b)), 8);
    out.push_str("]\n    }");
    out
}

fn binding(b: &Binding) -> String {
    let resource = quote(&format!("{}.{}", b.construct, b.id));
    let Some(permissions) = &b.permissions else { return resource };
    let strings = |items: &[String]| items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let permissions: Vec<String> = permissions
        .iter()
        .map(|p| format!("{{ \"actions\": [{}], \"resources\": [{}] }}", strings(&p.actions), strings(&p.resources)))
        .collect();
    format!("{{ \"resource\": {resource}, \"permissions\": [{}] }}", permissions.join(", "))
}

/// Items one a line at `indent`, the closing bracket on a line of its own; `[]` when there are none.
fn list(out: &mut String, items: impl Iterator<Item = String>, indent: usize) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return;
    }
    out.push('\n');
    for (i, item) in items.iter().enumerate() {
        let comma = if i + 1 < items.len() { "," } else { "" };
        let _ = writeln!(out, "{:indent$}{item}{comma}", "");
    }
    let _ = write!(out, "{:width$}", "", width = indent - 2);
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::ToJson;
    use sst_binding_protocol::manifest::{FunctionHead, LinkFunction, LinkUse, LinksManifest, parse, parse_links};

    const TEXT: &str = r#"{ "app": "my-app",
      "resources": [ { "type": "Table", "id": "notes" }, { "type": "Bucket", "id": "my-files" },
                     { "type": "Redis", "id": "cache" }, { "type": "Secret", "id": "STRIPE_KEY" } ],
      "kinds": { "Redis": { "props": { "port": "plain", "host": "plain", "password": "secret" } } },
      "functions": {
        "worker": { "bind": [] },
        "api": { "package": "fns", "bin": "api", "bind": [ "Table.notes",
          { "resource": "Bucket.my-files", "permissions": [ { "actions": ["s3:GetObject"], "resources": ["arn:\"x\""] } ] },
          "Redis.cache" ] } } }"#;

    #[test]
    fn writes_sorted_text_that_reads_back_the_same() {
        let manifest = parse(TEXT, "bindings.json").unwrap();
        let text = manifest.to_json();
        assert_eq!(
            text,
            r#"{
  "app": "my-app",
  "resources": [
    { "type": "Bucket", "id": "my-files" },
    { "type": "Redis", "id": "cache" },
    { "type": "Secret", "id": "STRIPE_KEY" },
    { "type": "Table", "id": "notes" }
  ],
  "kinds": {
    "Redis": { "props": { "host": "plain", "password": "secret", "port": "plain" } }
  },
  "functions": {
    "api": {
      "package": "fns",
      "bin": "api",
      "bind": [
        { "resource": "Bucket.my-files", "permissions": [{ "actions": ["s3:GetObject"], "resources": ["arn:\"x\""] }] },
        "Redis.cache",
        "Table.notes"
      ]
    },
    "worker": {
      "bind": []
    }
  }
}
"#
        );
        assert_eq!(parse(&text, "bindings.json").unwrap().to_json(), text);
    }

    /// The links form of the SST v4 example (examples/sst-v4), as the import writes it.
    const LINKS: &str = r#"{
  "links": "sst-env.d.ts",
  "functions": {
    "Api/POST /checkout": {
      "package": "shop",
      "bin": "checkout",
      "link": [
        "MyBucket",
        "Stripe",
        "StripeKey"
      ]
    },
    "Jobs/subscriber functions/shop.worker": {
      "package": "shop",
      "bin": "worker",
      "link": [
        "MyBucket"
      ]
    },
    "Site/server": {
      "link": []
    },
    "say \"hi\"": {
      "link": [
        "Ünïcode"
      ]
    }
  }
}
"#;

    fn function(name: &str, target: Option<(&str, &str)>, link: &[&str]) -> LinkFunction {
        LinkFunction {
            head: FunctionHead {
                name: name.to_owned(),
                package: target.map(|(package, _)| package.to_owned()),
                bin: target.map(|(_, bin)| bin.to_owned()),
                at: Default::default(),
            },
            link: link.iter().map(|name| LinkUse { name: (*name).to_owned(), at: Default::default() }).collect(),
        }
    }

    /// The manifest without the places of its parts, which only a read gives.
    fn unplaced(mut m: LinksManifest) -> LinksManifest {
        m.links_at = Default::default();
        m.sst_at = Default::default();
        for f in &mut m.functions {
            f.head.at = Default::default();
            f.link.iter_mut().for_each(|l| l.at = Default::default());
        }
        m
    }

    #[test]
    fn writes_the_links_form_sorted_and_it_reads_back_the_same() {
        // As an import makes it: functions and links in no order, no places.
        let made = LinksManifest {
            file: "bindings.json".into(),
            links: "sst-env.d.ts".into(),
            links_at: Default::default(),
            sst: None,
            sst_at: Default::default(),
            functions: vec![
                function("say \"hi\"", None, &["Ünïcode"]),
                function("Jobs/subscriber functions/shop.worker", Some(("shop", "worker")), &["MyBucket"]),
                function("Api/POST /checkout", Some(("shop", "checkout")), &["StripeKey", "MyBucket", "Stripe"]),
                function("Site/server", None, &[]),
            ],
        };
        let text = made.to_json();
        assert_eq!(text, LINKS);
        let read = parse_links(&text, "bindings.json").unwrap();
        let mut sorted = made.clone();
        sorted.functions.sort_by(|a, b| a.head.name.cmp(&b.head.name));
        sorted.functions.iter_mut().for_each(|f| f.link.sort_by(|a, b| a.name.cmp(&b.name)));
        assert_eq!(unplaced(read.clone()), sorted);
        // Read from its own text, the manifest is a fixed point, places and all.
        assert_eq!(parse_links(&read.to_json(), "bindings.json").unwrap(), read);
    }

    #[test]
    fn writes_the_release_right_after_the_types_file() {
        let mut made = parse_links(LINKS, "bindings.json").unwrap();
        made.sst = Some(sst_binding_protocol::releases::Release::new(4, 5, 12));
        let text = made.to_json();
        assert!(
            text.starts_with("{\n  \"links\": \"sst-env.d.ts\",\n  \"sst\": \"4.5.12\",\n  \"functions\": {"),
            "{text}"
        );
        assert_eq!(unplaced(parse_links(&text, "bindings.json").unwrap()), unplaced(made));
    }
}
