//! What differs between a manifest kept in the repository and the one the app gives today
//! (`sst-resources import --check`), in either form: each difference located in the kept file, so that a
//! build stops on drift instead of a function failing in production with `Cannot use ...` (v2) or
//! `"Jobs" is not linked` (v3, v4).

use std::collections::{BTreeMap, BTreeSet};

use sst_binding_protocol::catalog::Origin;
use sst_binding_protocol::manifest::{
    Binding, Diagnostic, Function, FunctionHead, LinkFunction, LinksManifest, Manifest, Position,
};
use sst_binding_protocol::names::normalize_id;

/// The differences of two manifests of the links form (SST v3, v4), in the order of their places in
/// `kept`; none when the two describe the same app.
pub fn drift_links(kept: &LinksManifest, app: &LinksManifest) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut say = |at: Position, message: String| out.push(Diagnostic { file: kept.file.clone(), at, message });
    if kept.links != app.links {
        say(kept.links_at, format!("the types file is `{}` for the app, not `{}`", app.links, kept.links));
    }
    // The release decides how the accessors read links (`releases`): one changed is drift.
    match (kept.sst, app.sst) {
        (Some(kept_sst), Some(app_sst)) if kept_sst != app_sst => {
            say(kept.sst_at, format!("the app is on SST {app_sst}, not {kept_sst}"))
        }
        (None, Some(app_sst)) => {
            say(kept.links_at, format!("the app is on SST {app_sst}, which this file does not record"))
        }
        _ => {}
    }
    functions(&kept.functions, &app.functions, Position { line: 1, column: 1 }, &mut say);
    out.sort_by_key(|d| d.at);
    out
}

/// The differences of two manifests of the v2 form (SST v2), in the order of their places in `kept`; none
/// when the two describe the same app.
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

    functions(&kept.functions, &app.functions, top, &mut say);
    out.sort_by_key(|d| d.at);
    out
}

/// A function of either form as drift compares it: its head, and what it lists (bindings, links).
trait Listing: AsRef<FunctionHead> {
    /// How a message says that a function has a member (`is bound to`, `links`), and no longer has it.
    const HAS: &str;
    const HAS_NO_LONGER: &str;
    /// Each member by what tells it from the others (an id normalized, as SST compares them), as a
    /// message shows it, and where it is.
    fn members(&self) -> BTreeMap<String, (String, Position)>;
}

impl Listing for Function {
    const HAS: &str = "is bound to";
    const HAS_NO_LONGER: &str = "is no longer bound to";
    fn members(&self) -> BTreeMap<String, (String, Position)> {
        let key = |b: &Binding| format!("{}.{}", b.construct, normalize_id(&b.id));
        self.bind.iter().map(|b| (key(b), (format!("{}.{}", b.construct, b.id), b.at))).collect()
    }
}

impl Listing for LinkFunction {
    const HAS: &str = "links";
    const HAS_NO_LONGER: &str = "no longer links";
    fn members(&self) -> BTreeMap<String, (String, Position)> {
        self.link.iter().map(|l| (l.name.clone(), (l.name.clone(), l.at))).collect()
    }
}

/// The functions' differences, in both forms: a function added or gone, its package or binary changed, a
/// member added (located at the function) or gone (located at the member).
fn functions<F: Listing>(kept: &[F], app: &[F], top: Position, say: &mut impl FnMut(Position, String)) {
    let first_function = kept.first().map_or(top, |f| f.as_ref().at);
    let kept_by_name: BTreeMap<&str, &F> = kept.iter().map(|f| (f.as_ref().name.as_str(), f)).collect();
    let app_names: BTreeSet<&str> = app.iter().map(|f| f.as_ref().name.as_str()).collect();
    for f in app {
        let name = &f.as_ref().name;
        let Some(kept_f) = kept_by_name.get(name.as_str()) else {
            say(first_function, format!("function `{name}` was added to the app"));
            continue;
        };
        let (kept_head, head) = (kept_f.as_ref(), f.as_ref());
        for (what, kept_value, app_value) in
            [("package", &kept_head.package, &head.package), ("bin", &kept_head.bin, &head.bin)]
        {
            if kept_value != app_value {
                let show = |v: &Option<String>| v.as_ref().map_or("none".to_owned(), |v| format!("`{v}`"));
                say(
                    kept_head.at,
                    format!(
                        "function `{name}`: its {what} is {} in the app, not {}",
                        show(app_value),
                        show(kept_value)
                    ),
                );
            }
        }
        let (kept_members, app_members) = (kept_f.members(), f.members());
        for (key, (shown, _)) in &app_members {
            if !kept_members.contains_key(key) {
                say(kept_head.at, format!("function `{name}` {} `{shown}` in the app", F::HAS));
            }
        }
        for (key, (shown, at)) in &kept_members {
            if !app_members.contains_key(key) {
                say(*at, format!("function `{name}` {} `{shown}` in the app", F::HAS_NO_LONGER));
            }
        }
    }
    for kept_f in kept.iter().map(AsRef::as_ref).filter(|k| !app_names.contains(k.name.as_str())) {
        say(kept_f.at, format!("function `{}` is no longer in the app", kept_f.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sst_binding_protocol::manifest::{parse, parse_links};

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

    const KEPT_LINKS: &str = r#"{
  "links": "sst-env.d.ts",
  "functions": {
    "Checkout": {
      "package": "shop",
      "bin": "checkout",
      "link": [
        "MyBucket",
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
    "Old": {
      "link": []
    }
  }
}
"#;

    const APP_LINKS: &str = r#"{
  "links": "../sst-env.d.ts",
  "functions": {
    "Api/POST /checkout": { "package": "shop", "bin": "checkout", "link": ["MyBucket"] },
    "Checkout": { "package": "shop", "bin": "pay", "link": ["MyBucket", "Stripe"] },
    "Jobs/subscriber functions/shop.worker": { "package": "shop", "bin": "worker", "link": [] }
  }
}"#;

    #[test]
    fn every_difference_of_the_links_form_is_located_in_the_kept_file() {
        let kept = parse_links(KEPT_LINKS, "bindings.json").unwrap();
        let app = parse_links(APP_LINKS, "app").unwrap();
        let lines: Vec<String> = drift_links(&kept, &app).iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "bindings.json:2:12: the types file is `../sst-env.d.ts` for the app, not `sst-env.d.ts`",
                "bindings.json:4:5: function `Api/POST /checkout` was added to the app",
                "bindings.json:4:5: function `Checkout`: its bin is `pay` in the app, not `checkout`",
                "bindings.json:4:5: function `Checkout` links `Stripe` in the app",
                "bindings.json:9:9: function `Checkout` no longer links `StripeKey` in the app",
                "bindings.json:16:9: function `Jobs/subscriber functions/shop.worker` no longer links `MyBucket` in the app",
                "bindings.json:19:5: function `Old` is no longer in the app",
            ]
        );
        assert!(drift_links(&kept, &kept).is_empty());
    }

    /// The release decides how the accessors read links: a kept manifest of another release, or of none,
    /// is drift, located at its `sst` (or at `links` where it has none).
    #[test]
    fn a_changed_release_is_drift() {
        let on = |release: &str| {
            let text = format!("{{\n  \"links\": \"sst-env.d.ts\",{release}\n  \"functions\": {{}}\n}}");
            parse_links(&text, "bindings.json").unwrap()
        };
        let lines = |kept: &LinksManifest, app: &LinksManifest| -> Vec<String> {
            drift_links(kept, app).iter().map(ToString::to_string).collect()
        };
        let (old, new, none) = (on("\n  \"sst\": \"4.5.12\","), on("\n  \"sst\": \"4.17.1\","), on(""));
        assert_eq!(lines(&old, &new), ["bindings.json:3:10: the app is on SST 4.17.1, not 4.5.12"]);
        assert_eq!(
            lines(&none, &new),
            ["bindings.json:2:12: the app is on SST 4.17.1, which this file does not record"]
        );
        assert!(lines(&new, &new).is_empty());
    }
}
