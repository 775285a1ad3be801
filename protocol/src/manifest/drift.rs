//! What differs between a manifest kept in the repository and the one the app gives today
//! (`sst-resources import --check`): each difference located in the kept file, so that a build stops on
//! drift instead of a function failing in production with `Cannot use ...`.

use std::collections::BTreeMap;

use super::{Diagnostic, Manifest, Position};
use crate::catalog::Origin;
use crate::names::normalize_id;

/// The differences, in the order of their places in `kept`; none when the two describe the same app.
pub fn drift(kept: &Manifest, app: &Manifest) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut say = |at: Position, message: String| out.push(Diagnostic { file: kept.file.clone(), at, message });
    let top = Position { line: 1, column: 1 };
    if kept.app != app.app {
        say(top, format!("the app is `{}`, not `{}`", app.app, kept.app));
    }

    let key = |construct: &str, id: &str| (construct.to_owned(), normalize_id(id));
    let kept_resources: BTreeMap<_, _> = kept.resources.iter().map(|r| (key(&r.construct, &r.id), r)).collect();
    let app_resources: BTreeMap<_, _> = app.resources.iter().map(|r| (key(&r.construct, &r.id), r)).collect();
    let first_resource = kept.resources.first().map_or(top, |r| r.at);
    for (k, r) in &app_resources {
        match kept_resources.get(k) {
            None => say(first_resource, format!("resource `{}.{}` was added to the app", r.construct, r.id)),
            Some(kept) if kept.id != r.id => {
                say(
                    kept.at,
                    format!(
                        "resource `{}.{}` was renamed `{}.{}` in the app",
                        kept.construct, kept.id, r.construct, r.id
                    ),
                );
            }
            Some(_) => {}
        }
    }
    for (k, r) in &kept_resources {
        if !app_resources.contains_key(k) {
            say(r.at, format!("resource `{}.{}` is no longer in the app", r.construct, r.id));
        }
    }

    let kinds = |m: &Manifest| -> BTreeMap<String, Vec<(String, &'static str)>> {
        m.catalog
            .iter()
            .filter(|c| c.origin == Origin::Custom)
            .map(|c| {
                let mut props: Vec<_> = c.props.iter().map(|p| (p.name.to_string(), p.kind.manifest_name())).collect();
                props.sort();
                (c.name.to_string(), props)
            })
            .collect()
    };
    let (kept_kinds, app_kinds) = (kinds(kept), kinds(app));
    for (name, props) in &app_kinds {
        if kept_kinds.get(name) != Some(props) {
            let list: Vec<String> = props.iter().map(|(p, k)| format!("{p} ({k})")).collect();
            say(top, format!("the kind `{name}` has props {} in the app", list.join(", ")));
        }
    }
    for name in kept_kinds.keys().filter(|k| !app_kinds.contains_key(*k)) {
        say(top, format!("the kind `{name}` is no longer in the app"));
    }

    let first_function = kept.functions.first().map_or(top, |f| f.at);
    for f in &app.functions {
        let Some(kept_f) = kept.function(&f.name) else {
            say(first_function, format!("function `{}` was added to the app", f.name));
            continue;
        };
        for (what, kept_value, app_value) in [("package", &kept_f.package, &f.package), ("bin", &kept_f.bin, &f.bin)] {
            if kept_value != app_value {
                let show = |v: &Option<String>| v.as_deref().map_or("none".to_owned(), |v| format!("`{v}`"));
                say(
                    kept_f.at,
                    format!(
                        "function `{}`: its {what} is {} in the app, not {}",
                        f.name,
                        show(app_value),
                        show(kept_value)
                    ),
                );
            }
        }
        for b in &f.bind {
            if kept_f.binding(&b.construct, &b.id).is_none() {
                say(kept_f.at, format!("function `{}` is bound to `{}.{}` in the app", f.name, b.construct, b.id));
            }
        }
        for b in &kept_f.bind {
            if f.binding(&b.construct, &b.id).is_none() {
                say(b.at, format!("function `{}` is no longer bound to `{}.{}` in the app", f.name, b.construct, b.id));
            }
        }
    }
    for kept_f in &kept.functions {
        if app.function(&kept_f.name).is_none() {
            say(kept_f.at, format!("function `{}` is no longer in the app", kept_f.name));
        }
    }
    out.sort_by_key(|d| d.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse;

    const KEPT: &str = r#"{
  "app": "a",
  "resources": [
    { "type": "Bucket", "id": "my_files" },
    { "type": "Table", "id": "notes" },
    { "type": "Queue", "id": "jobs" }
  ],
  "functions": {
    "api": { "package": "fns", "bin": "api", "bind": ["Bucket.my_files", "Table.notes"] },
    "old": { "bind": [] }
  }
}"#;

    const APP: &str = r#"{
  "app": "a",
  "resources": [
    { "type": "Bucket", "id": "my-files" },
    { "type": "Table", "id": "notes" },
    { "type": "Secret", "id": "KEY" }
  ],
  "functions": {
    "api": { "package": "fns", "bin": "main", "bind": ["Bucket.my-files", "Secret.KEY"] },
    "new": { "bind": [] }
  }
}"#;

    #[test]
    fn every_difference_is_located_in_the_kept_file() {
        let kept = parse(KEPT, "bindings.json").unwrap();
        let app = parse(APP, "app").unwrap();
        let lines: Vec<String> = drift(&kept, &app).iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "bindings.json:4:5: resource `Bucket.my_files` was renamed `Bucket.my-files` in the app",
                "bindings.json:4:5: resource `Secret.KEY` was added to the app",
                "bindings.json:6:5: resource `Queue.jobs` is no longer in the app",
                "bindings.json:9:5: function `api`: its bin is `main` in the app, not `api`",
                "bindings.json:9:5: function `api` is bound to `Secret.KEY` in the app",
                "bindings.json:9:5: function `new` was added to the app",
                "bindings.json:9:74: function `api` is no longer bound to `Table.notes` in the app",
                "bindings.json:10:5: function `old` is no longer in the app",
            ]
        );
        assert!(drift(&kept, &kept).is_empty());
    }
}
