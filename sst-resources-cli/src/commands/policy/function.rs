//! The IAM statements one function's bindings need: the construct's default grants (the templates of
//! `sst_binding_protocol::catalog::grants`, filled in by `iam`), a binding's own permissions, and the SSM
//! reads of `sst_resources::load()` that no default grant covers.

use std::fmt;

use crate::iam::{Placeholders, RenderError, Scope, Statement, parameter_arn};
use sst_binding_protocol::catalog::{Construct, Origin, PropKind, SECRET};
use sst_binding_protocol::manifest::{Binding, Function, Manifest};
use sst_binding_protocol::names::{SsmPath, SsmPrefix};

/// What stops a binding's statements from being made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingError {
    /// The construct's name (`Bucket`).
    pub construct: String,
    /// The id as the manifest writes it.
    pub id: String,
    pub error: RenderError,
}

impl fmt::Display for BindingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.construct, self.id, self.error)
    }
}

/// The IAM statements one function's bindings need (docs/sst-v2-binding-protocol.md §5):
/// - per binding, the construct's default grants, or the binding's own `permissions` instead;
/// - one `ssm:GetParameters` statement on the values that `sst_resources::load()` fetches from SSM and that
///   no default grant covers already: the secret and site-url props of custom kinds, and those of a binding
///   whose own `permissions` replaced its defaults (a `Secret`'s fallback path included).
#[derive(Clone, Copy, Debug)]
pub struct FunctionPolicy<'m> {
    manifest: &'m Manifest,
    function: &'m Function,
}

impl<'m> FunctionPolicy<'m> {
    pub fn new(manifest: &'m Manifest, function: &'m Function) -> FunctionPolicy<'m> {
        FunctionPolicy { manifest, function }
    }

    /// The bindings with their construct, and whether their default grants apply.
    fn bindings(&self) -> impl Iterator<Item = (&'m Binding, &'m Construct, bool)> + 'm {
        let catalog = &self.manifest.catalog;
        self.function.bind.iter().filter_map(move |binding| {
            let construct = catalog.get(&binding.construct)?;
            Some((binding, construct, binding.permissions.is_none()))
        })
    }

    /// The props whose values the statements need, as `(construct, id, prop)`: those the default grants'
    /// templates use (`bucketName`; `queueUrl` for `{queueName}`).
    pub fn props_needed(&self) -> Vec<(&'m str, &'m str, &'static str)> {
        let mut out = Vec::new();
        for (binding, construct, defaults) in self.bindings() {
            if !defaults {
                continue;
            }
            for grant in construct.grants {
                for prop in grant.props_needed() {
                    let entry = (binding.construct.as_str(), binding.id.as_str(), prop);
                    if !out.contains(&entry) {
                        out.push(entry);
                    }
                }
            }
        }
        out
    }

    /// Whether any statement names the account (so the caller must find it, e.g. with STS).
    pub fn needs_account(&self) -> bool {
        !self.ssm_loads_uncovered().is_empty()
            || self.bindings().any(|(_, construct, defaults)| {
                defaults && construct.grants.iter().any(|g| g.placeholders().contains(&"account"))
            })
    }

    /// The values the runtime loads from SSM that no default grant covers, as `(construct, id, prop)`.
    fn ssm_loads_uncovered(&self) -> Vec<(&'m str, &'m str, &'m str)> {
        let mut out = Vec::new();
        for (binding, construct, defaults) in self.bindings() {
            if defaults && construct.origin == Origin::Builtin {
                continue;
            }
            for prop in construct.props.iter().filter(|p| matches!(p.kind, PropKind::Secret | PropKind::SiteUrl)) {
                out.push((binding.construct.as_str(), binding.id.as_str(), prop.name.as_ref()));
            }
        }
        out
    }

    /// The SSM paths of [`Self::ssm_loads_uncovered`], with a `Secret`'s fallback.
    fn ssm_paths_uncovered(&self, prefix: &SsmPrefix) -> Vec<SsmPath> {
        let mut out = Vec::new();
        for (construct, id, prop) in self.ssm_loads_uncovered() {
            out.push(prefix.path(construct, id, prop));
            if construct == SECRET {
                out.push(SsmPath::secret_fallback(&self.manifest.app, id));
            }
        }
        out
    }

    /// The statements, in binding order, the SSM one last. `value(construct, id, prop)` gives a prop's
    /// value; every binding whose statements cannot be made is reported.
    pub fn statements(
        &self,
        scope: &Scope<'_>,
        value: impl Fn(&str, &str, &str) -> Option<String>,
    ) -> Result<Vec<Statement>, Vec<BindingError>> {
        let mut statements = Vec::new();
        let mut errors = Vec::new();
        for (binding, construct, _) in self.bindings() {
            if let Some(permissions) = &binding.permissions {
                statements.extend(permissions.iter().map(|p| Statement::new(&p.actions, &p.resources)));
                continue;
            }
            let mut placeholders = Placeholders::new(scope, &construct.name, &binding.id);
            for prop in construct.props.iter() {
                if let Some(v) = value(&construct.name, &binding.id, &prop.name) {
                    placeholders.prop(&prop.name, &v);
                }
            }
            match placeholders.render_grants(construct.grants) {
                Ok(s) => statements.extend(s),
                Err(error) => {
                    errors.push(BindingError { construct: construct.name.to_string(), id: binding.id.clone(), error })
                }
            }
        }
        let paths = self.ssm_paths_uncovered(scope.prefix);
        if !paths.is_empty() {
            match scope.account {
                Some(account) => statements.push(Statement {
                    actions: vec!["ssm:GetParameters".to_owned()],
                    resources: paths.iter().map(|p| parameter_arn(scope.region, account, p.as_str())).collect(),
                }),
                None => errors.push(BindingError {
                    construct: "SSM".to_owned(),
                    id: "values".to_owned(),
                    error: RenderError::Missing { placeholder: "account".to_owned() },
                }),
            }
        }
        if errors.is_empty() { Ok(statements) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "123456789012";

    #[test]
    fn a_function_gets_its_bindings_statements_and_the_ssm_its_custom_secrets_need() {
        let text = r#"{
            "app": "app",
            "resources": [
                { "type": "Bucket", "id": "files" },
                { "type": "Table", "id": "notes" },
                { "type": "Secret", "id": "KEY" },
                { "type": "Secret", "id": "OWN" },
                { "type": "Redis", "id": "cache" }
            ],
            "kinds": { "Redis": { "props": { "host": "plain", "password": "secret" } } },
            "functions": { "api": { "bind": [
                "Bucket.files",
                { "resource": "Table.notes", "permissions": [{ "actions": ["dynamodb:GetItem"], "resources": ["*"] }] },
                "Secret.KEY",
                { "resource": "Secret.OWN", "permissions": [] },
                "Redis.cache"
            ] } }
        }"#;
        let manifest = sst_binding_protocol::manifest::parse(text, "bindings.json").unwrap();
        let function = manifest.function("api").unwrap();
        let policy = FunctionPolicy::new(&manifest, function);
        assert_eq!(policy.props_needed(), vec![("Bucket", "files", "bucketName")]);
        assert!(policy.needs_account());
        let prefix = SsmPrefix::for_stage(None, "app", "dev");
        let scope = Scope { region: "us-east-1", account: Some(ACCOUNT), app: "app", prefix: &prefix };
        let value =
            |c: &str, i: &str, p: &str| (c, i, p).eq(&("Bucket", "files", "bucketName")).then(|| "b".to_owned());
        let ssm = |path: &str| format!("arn:aws:ssm:us-east-1:123456789012:parameter{path}");
        assert_eq!(
            policy.statements(&scope, value).unwrap(),
            vec![
                Statement::new(&["s3:*"], &["arn:aws:s3:::b", "arn:aws:s3:::b/*"]),
                Statement::new(&["dynamodb:GetItem"], &["*"]),
                Statement::new(
                    &["ssm:GetParameters"],
                    &[ssm("/sst/app/dev/Secret/KEY/value"), ssm("/sst/app/.fallback/Secret/KEY/value")]
                ),
                Statement::new(
                    &["ssm:GetParameters"],
                    &[
                        ssm("/sst/app/dev/Secret/OWN/value"),
                        ssm("/sst/app/.fallback/Secret/OWN/value"),
                        ssm("/sst/app/dev/Redis/cache/password"),
                    ]
                ),
            ]
        );
        let errors = policy.statements(&scope, |_: &str, _: &str, _: &str| None).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].to_string(), "Bucket.files: no value for `{bucketName}`");
    }
}
