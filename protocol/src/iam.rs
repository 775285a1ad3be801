//! The IAM statements a binding grants by default (binding protocol §5), as templates.
//!
//! A template's placeholders are `{partition}`, `{region}`, `{account}`, `{app}`, `{id}` (normalized),
//! `{construct}`, `{prefix}` (the stage's SSM prefix, as written), any prop of the
//! construct by its name (`{bucketName}`), and the values derived from props: `{queueName}` (the last
//! segment of `queueUrl`) and `{apiId}` (the host's first label of a WebSocketApi `url`).
//!
//! [`Placeholders`] fills the templates in; with the `manifest` feature, [`FunctionPolicy`] makes the
//! statements of one function's bindings and [`cli_statements`] those of the command line itself.

use std::fmt;

#[cfg(feature = "manifest")]
use crate::catalog::{Origin, PropKind, SECRET};
#[cfg(feature = "manifest")]
use crate::manifest::{Function, Manifest};
#[cfg(feature = "manifest")]
use crate::names::SsmPath;
use crate::names::{SsmPrefix, normalize_id};

/// One `Allow` statement: these actions on these resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant {
    pub actions: &'static [&'static str],
    pub resources: &'static [&'static str],
}

/// The templates of §5, one list per construct (each entry becomes one statement).
pub mod grants {
    use super::Grant;

    pub const WEB_SOCKET_API: &[Grant] = &[Grant {
        actions: &["execute-api:ManageConnections"],
        resources: &["arn:{partition}:execute-api:{region}:{account}:{apiId}/*/*/@connections/*"],
    }];
    pub const BUCKET: &[Grant] = &[Grant {
        actions: &["s3:*"],
        resources: &["arn:{partition}:s3:::{bucketName}", "arn:{partition}:s3:::{bucketName}/*"],
    }];
    pub const EVENT_BUS: &[Grant] = &[Grant {
        actions: &["events:*"],
        resources: &["arn:{partition}:events:{region}:{account}:event-bus/{eventBusName}"],
    }];
    /// `Function` and `Job` (the job manager function) alike.
    pub const FUNCTION: &[Grant] = &[Grant {
        actions: &["lambda:*"],
        resources: &["arn:{partition}:lambda:{region}:{account}:function:{functionName}"],
    }];
    pub const KINESIS_STREAM: &[Grant] = &[Grant {
        actions: &["kinesis:*"],
        resources: &["arn:{partition}:kinesis:{region}:{account}:stream/{streamName}"],
    }];
    pub const QUEUE: &[Grant] =
        &[Grant { actions: &["sqs:*"], resources: &["arn:{partition}:sqs:{region}:{account}:{queueName}"] }];
    /// The `kms:Decrypt` on the secret's key that SST adds when the secret has a customer key cannot be
    /// derived from the bound values; it is left to the binding's own `permissions`.
    pub const RDS: &[Grant] = &[
        Grant { actions: &["rds-data:*"], resources: &["{clusterArn}"] },
        Grant {
            actions: &["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            resources: &["{secretArn}*"],
        },
    ];
    pub const TABLE: &[Grant] = &[Grant {
        actions: &["dynamodb:*"],
        resources: &[
            "arn:{partition}:dynamodb:{region}:{account}:table/{tableName}",
            "arn:{partition}:dynamodb:{region}:{account}:table/{tableName}/*",
        ],
    }];
    pub const TOPIC: &[Grant] = &[Grant { actions: &["sns:*"], resources: &["{topicArn}"] }];
    /// `Service` and every site construct.
    pub const SITE_URL: &[Grant] = &[Grant {
        actions: &["ssm:GetParameters"],
        resources: &["arn:{partition}:ssm:{region}:{account}:parameter{prefix}{construct}/{id}/url"],
    }];
    pub const SECRET: &[Grant] = &[Grant {
        actions: &["ssm:GetParameters"],
        resources: &[
            "arn:{partition}:ssm:{region}:{account}:parameter{prefix}Secret/{id}/value",
            "arn:{partition}:ssm:{region}:{account}:parameter/sst/{app}/.fallback/Secret/{id}/value",
        ],
    }];
    pub const AUTH: &[Grant] = &[Grant {
        actions: &["ssm:GetParameters"],
        resources: &["arn:{partition}:ssm:{region}:{account}:parameter{prefix}Auth/{id}/publicKey"],
    }];
}

/// The partition of a region's ARNs: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, `aws` otherwise.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// One `Allow` statement with every placeholder filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub actions: Vec<String>,
    pub resources: Vec<String>,
}

impl Statement {
    /// A statement from borrowed actions and resources.
    pub fn new<A: AsRef<str>, R: AsRef<str>>(actions: &[A], resources: &[R]) -> Statement {
        Statement {
            actions: actions.iter().map(|a| a.as_ref().to_owned()).collect(),
            resources: resources.iter().map(|r| r.as_ref().to_owned()).collect(),
        }
    }
}

/// Where the ARNs of an app's stage are: its region (and so partition), account, app and SSM prefix.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    pub region: &'a str,
    /// `None` while unknown: a template that needs `{account}` then fails with [`RenderError::Missing`].
    pub account: Option<&'a str>,
    pub app: &'a str,
    pub prefix: &'a SsmPrefix,
}

/// Why a template could not be filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    /// A placeholder has no value: a prop the binding has no value for, or the account.
    Missing { placeholder: String },
    /// A value derived from a prop (`{apiId}` from `url`) cannot be derived from the prop's value.
    Underivable { placeholder: String, prop: String, value: String, reason: &'static str },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Missing { placeholder } => write!(f, "no value for `{{{placeholder}}}`"),
            RenderError::Underivable { placeholder, prop, value, reason } => {
                write!(f, "cannot derive `{{{placeholder}}}` from {prop} `{value}`: {reason}")
            }
        }
    }
}

impl std::error::Error for RenderError {}

/// The values of a template's placeholders for one binding: the scope's, the construct and id, and the
/// binding's props (from which `{queueName}` and `{apiId}` are derived when a template asks for them).
#[derive(Clone, Debug)]
pub struct Placeholders {
    values: Vec<(String, String)>,
}

impl Placeholders {
    /// The placeholders of resource `id` (normalized here) of `construct`, with no prop yet.
    pub fn new(scope: &Scope<'_>, construct: &str, id: &str) -> Placeholders {
        let mut values = vec![
            ("partition".to_owned(), partition(scope.region).to_owned()),
            ("region".to_owned(), scope.region.to_owned()),
            ("app".to_owned(), scope.app.to_owned()),
            ("prefix".to_owned(), scope.prefix.as_str().to_owned()),
            ("construct".to_owned(), construct.to_owned()),
            ("id".to_owned(), normalize_id(id)),
        ];
        if let Some(account) = scope.account {
            values.push(("account".to_owned(), account.to_owned()));
        }
        Placeholders { values }
    }

    /// Adds the value of a prop (`bucketName`).
    pub fn prop(&mut self, name: &str, value: &str) -> &mut Placeholders {
        self.values.retain(|(n, _)| n != name);
        self.values.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The value of one placeholder.
    pub fn get(&self, name: &str) -> Result<String, RenderError> {
        if let Some((_, value)) = self.values.iter().find(|(n, _)| n == name) {
            return Ok(value.clone());
        }
        match name {
            "queueName" => self.derive(name, "queueUrl", queue_name),
            "apiId" => self.derive(name, "url", api_id),
            _ => Err(RenderError::Missing { placeholder: name.to_owned() }),
        }
    }

    fn derive(
        &self,
        name: &str,
        prop: &str,
        derive: fn(&str) -> Result<&str, &'static str>,
    ) -> Result<String, RenderError> {
        let Some((_, value)) = self.values.iter().find(|(n, _)| n == prop) else {
            return Err(RenderError::Missing { placeholder: prop.to_owned() });
        };
        derive(value).map(str::to_owned).map_err(|reason| RenderError::Underivable {
            placeholder: name.to_owned(),
            prop: prop.to_owned(),
            value: value.clone(),
            reason,
        })
    }

    /// Fills in one template.
    pub fn render(&self, template: &str) -> Result<String, RenderError> {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                // Not a placeholder: keep the text as it is.
                out.push_str(&rest[open..]);
                return Ok(out);
            };
            out.push_str(&self.get(&after[..close])?);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Fills in every grant: one statement each.
    pub fn render_grants(&self, grants: &[Grant]) -> Result<Vec<Statement>, RenderError> {
        grants
            .iter()
            .map(|grant| {
                let resources = grant.resources.iter().map(|r| self.render(r)).collect::<Result<Vec<_>, _>>()?;
                Ok(Statement { actions: grant.actions.iter().map(|a| (*a).to_owned()).collect(), resources })
            })
            .collect()
    }
}

impl Grant {
    /// The placeholders the grant's templates use, each once, in order.
    pub fn placeholders(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for template in self.resources {
            let mut rest: &'static str = template;
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                let Some(close) = after.find('}') else { break };
                let name = &after[..close];
                if !out.contains(&name) {
                    out.push(name);
                }
                rest = &after[close + 1..];
            }
        }
        out
    }

    /// The props of the construct the grant needs values of (`queueUrl` for `{queueName}`).
    pub fn props_needed(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for name in self.placeholders() {
            let prop = match name {
                "partition" | "region" | "account" | "app" | "prefix" | "construct" | "id" => continue,
                "queueName" => "queueUrl",
                "apiId" => "url",
                prop => prop,
            };
            if !out.contains(&prop) {
                out.push(prop);
            }
        }
        out
    }
}

/// The queue's name, the last segment of its URL (`https://sqs.{r}.amazonaws.com/{a}/{name}`).
fn queue_name(url: &str) -> Result<&str, &'static str> {
    match url.trim_end_matches('/').rsplit_once('/') {
        Some((_, name)) if !name.is_empty() => Ok(name),
        _ => Err(
            "a queue URL ends with the queue's name, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/my-queue",
        ),
    }
}

/// The API's id, the first label of an API Gateway host (`wss://{apiId}.execute-api.{r}.amazonaws.com/{stage}`).
fn api_id(url: &str) -> Result<&str, &'static str> {
    let host = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = host.split(['/', ':', '?']).next().unwrap_or_default();
    match host.split_once('.') {
        Some((id, rest)) if !id.is_empty() && rest.starts_with("execute-api.") => Ok(id),
        _ => Err("not an API Gateway URL (`wss://{apiId}.execute-api.{region}.amazonaws.com/...`); for a custom \
                  domain, give the binding its own `permissions`"),
    }
}

/// The ARN of an SSM parameter: `arn:{p}:ssm:{r}:{a}:parameter/sst/...`.
pub fn parameter_arn(region: &str, account: &str, path: &str) -> String {
    format!("arn:{}:ssm:{region}:{account}:parameter{path}", partition(region))
}

/// What stops a binding's statements from being made.
#[cfg(feature = "manifest")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingError {
    /// The construct's name (`Bucket`).
    pub construct: String,
    /// The id as the manifest writes it.
    pub id: String,
    pub error: RenderError,
}

#[cfg(feature = "manifest")]
impl fmt::Display for BindingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.construct, self.id, self.error)
    }
}

/// The IAM statements one function's bindings need (binding protocol §5):
/// - per binding, the construct's default grants, or the binding's own `permissions` instead;
/// - one `ssm:GetParameters` statement on the values that `sst_resources::load()` fetches from SSM and that
///   no default grant covers already: the secret and site-url props of custom kinds, and those of a binding
///   whose own `permissions` replaced its defaults (a `Secret`'s fallback path included).
#[cfg(feature = "manifest")]
#[derive(Clone, Copy, Debug)]
pub struct FunctionPolicy<'m> {
    manifest: &'m Manifest,
    function: &'m Function,
}

#[cfg(feature = "manifest")]
impl<'m> FunctionPolicy<'m> {
    pub fn new(manifest: &'m Manifest, function: &'m Function) -> FunctionPolicy<'m> {
        FunctionPolicy { manifest, function }
    }

    /// The bindings with their construct, and whether their default grants apply.
    fn bindings(&self) -> impl Iterator<Item = (&'m crate::manifest::Binding, &'m crate::Construct, bool)> + 'm {
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

/// The least-privilege statements of the `sst-resources` command line for one app: read, write and delete
/// the app's parameters (every stage and the fallback, and `prefix` where it is not under `/sst/{app}/`),
/// `sts:GetCallerIdentity` for `policy`, and what `secrets` needs to restart the functions bound to a secret
/// (list the functions, read and update their configuration: any function of the account may be one of the
/// app's). SecureStrings use the AWS managed key `aws/ssm`, whose key policy already lets the account's
/// principals use it through SSM: no `kms:` statement is needed.
pub fn cli_statements(app: &str, prefix: &SsmPrefix, region: &str, account: &str) -> Vec<Statement> {
    let mut resources = vec![parameter_arn(region, account, &format!("/sst/{app}/*"))];
    if !prefix.as_str().starts_with(&format!("/sst/{app}/")) {
        resources.push(parameter_arn(region, account, &format!("{prefix}*")));
    }
    vec![
        Statement { actions: CLI_SSM_ACTIONS.iter().map(|a| (*a).to_owned()).collect(), resources },
        Statement::new(&["sts:GetCallerIdentity"], &["*"]),
        Statement::new(&["lambda:ListFunctions"], &["*"]),
        Statement::new(
            &["lambda:GetFunctionConfiguration", "lambda:UpdateFunctionConfiguration"],
            &[&format!("arn:{}:lambda:{region}:{account}:function:*", partition(region))],
        ),
    ]
}

/// The SSM actions of the command line: `bind` and `secrets list` read by path, `env` and `policy` read
/// by name, `secrets get` reads one, `secrets set`/`load` write (and delete to move a value to a
/// smaller tier), `secrets remove` deletes.
const CLI_SSM_ACTIONS: &[&str] =
    &["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::BUILTIN;

    const ACCOUNT: &str = "123456789012";

    /// A value for every prop of §5, as a deployment would bind it.
    fn prop_value(prop: &str) -> &'static str {
        match prop {
            "url" => "wss://a1b2c3.execute-api.us-east-1.amazonaws.com/dev",
            "httpsUrl" => "https://a1b2c3.execute-api.us-east-1.amazonaws.com/dev",
            "bucketName" => "my-bucket",
            "eventBusName" => "my-bus",
            "functionName" => "my-fn",
            "streamName" => "my-stream",
            "queueUrl" => "https://sqs.us-east-1.amazonaws.com/123456789012/my-queue",
            "clusterArn" => "arn:aws:rds:us-east-1:123456789012:cluster:db",
            "secretArn" => "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC",
            "defaultDatabaseName" => "main",
            "tableName" => "my-table",
            "topicArn" => "arn:aws:sns:us-east-1:123456789012:my-topic",
            _ => "",
        }
    }

    /// The statements of the §5 table for resource `my-res` of `construct` in app `app`, stage `dev`,
    /// as (actions, resources), with `{p}`, `{r}` and `{a}` written out.
    fn expected(construct: &str, p: &str, r: &str) -> Vec<(Vec<&'static str>, Vec<String>)> {
        let a = ACCOUNT;
        let ssm = |path: &str| format!("arn:{p}:ssm:{r}:{a}:parameter{path}");
        match construct {
            "Api" | "ApiGatewayV1Api" | "AppSyncApi" | "Parameter" => vec![],
            "WebSocketApi" => vec![(
                vec!["execute-api:ManageConnections"],
                vec![format!("arn:{p}:execute-api:{r}:{a}:a1b2c3/*/*/@connections/*")],
            )],
            "Bucket" => {
                vec![(vec!["s3:*"], vec![format!("arn:{p}:s3:::my-bucket"), format!("arn:{p}:s3:::my-bucket/*")])]
            }
            "EventBus" => vec![(vec!["events:*"], vec![format!("arn:{p}:events:{r}:{a}:event-bus/my-bus")])],
            "Function" | "Job" => vec![(vec!["lambda:*"], vec![format!("arn:{p}:lambda:{r}:{a}:function:my-fn")])],
            "KinesisStream" => vec![(vec!["kinesis:*"], vec![format!("arn:{p}:kinesis:{r}:{a}:stream/my-stream")])],
            "Queue" => vec![(vec!["sqs:*"], vec![format!("arn:{p}:sqs:{r}:{a}:my-queue")])],
            "RDS" => vec![
                (vec!["rds-data:*"], vec!["arn:aws:rds:us-east-1:123456789012:cluster:db".to_owned()]),
                (
                    vec!["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    vec!["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC*".to_owned()],
                ),
            ],
            "Table" => vec![(
                vec!["dynamodb:*"],
                vec![
                    format!("arn:{p}:dynamodb:{r}:{a}:table/my-table"),
                    format!("arn:{p}:dynamodb:{r}:{a}:table/my-table/*"),
                ],
            )],
            "Topic" => vec![(vec!["sns:*"], vec!["arn:aws:sns:us-east-1:123456789012:my-topic".to_owned()])],
            "Service" | "StaticSite" | "NextjsSite" | "AstroSite" | "RemixSite" | "SolidStartSite"
            | "SvelteKitSite" => {
                vec![(vec!["ssm:GetParameters"], vec![ssm(&format!("/sst/app/dev/{construct}/my_res/url"))])]
            }
            "Secret" => vec![(
                vec!["ssm:GetParameters"],
                vec![ssm("/sst/app/dev/Secret/my_res/value"), ssm("/sst/app/.fallback/Secret/my_res/value")],
            )],
            "Auth" => vec![(vec!["ssm:GetParameters"], vec![ssm("/sst/app/dev/Auth/my_res/publicKey")])],
            other => panic!("the §5 table has no row for `{other}`: add it to this test"),
        }
    }

    #[test]
    fn every_construct_grants_what_the_table_says_in_every_partition() {
        for (region, p) in [("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")] {
            let prefix = SsmPrefix::for_stage(None, "app", "dev");
            let scope = Scope { region, account: Some(ACCOUNT), app: "app", prefix: &prefix };
            for construct in BUILTIN {
                let mut placeholders = Placeholders::new(&scope, &construct.name, "my-res");
                for prop in construct.props.iter() {
                    placeholders.prop(&prop.name, prop_value(&prop.name));
                }
                let statements = placeholders.render_grants(construct.grants).unwrap();
                let want: Vec<Statement> =
                    expected(&construct.name, p, region).iter().map(|(a, r)| Statement::new(a, r)).collect();
                assert_eq!(statements, want, "{} in {region}", construct.name);
            }
        }
    }

    #[test]
    fn partitions_follow_the_region() {
        assert_eq!(partition("eu-west-3"), "aws");
        assert_eq!(partition("cn-northwest-1"), "aws-cn");
        assert_eq!(partition("us-gov-east-1"), "aws-us-gov");
    }

    #[test]
    fn missing_values_are_named() {
        let prefix = SsmPrefix::for_stage(None, "app", "dev");
        let scope = Scope { region: "us-east-1", account: None, app: "app", prefix: &prefix };
        let p = Placeholders::new(&scope, "Bucket", "b");
        assert_eq!(p.render_grants(grants::BUCKET), Err(RenderError::Missing { placeholder: "bucketName".into() }));
        let mut p = Placeholders::new(&scope, "Table", "t");
        p.prop("tableName", "t");
        assert_eq!(p.render_grants(grants::TABLE), Err(RenderError::Missing { placeholder: "account".into() }));
        let mut p = Placeholders::new(&scope, "Queue", "q");
        assert_eq!(p.get("queueName"), Err(RenderError::Missing { placeholder: "queueUrl".into() }));
        p.prop("queueUrl", "not-a-url");
        assert!(matches!(p.get("queueName"), Err(RenderError::Underivable { .. })));
    }

    #[test]
    fn api_ids_come_from_api_gateway_hosts_only() {
        assert_eq!(api_id("wss://abc.execute-api.eu-west-1.amazonaws.com/prod"), Ok("abc"));
        assert_eq!(api_id("https://abc.execute-api.cn-north-1.amazonaws.com.cn:443/x"), Ok("abc"));
        assert!(api_id("wss://ws.example.com/").is_err());
        assert_eq!(queue_name("https://sqs.us-east-1.amazonaws.com/1/q/"), Ok("q"));
    }

    #[test]
    fn grants_know_their_props() {
        assert_eq!(grants::QUEUE[0].props_needed(), vec!["queueUrl"]);
        assert_eq!(grants::WEB_SOCKET_API[0].props_needed(), vec!["url"]);
        assert_eq!(grants::BUCKET[0].props_needed(), vec!["bucketName"]);
        assert!(grants::SECRET[0].props_needed().is_empty());
    }

    #[test]
    fn the_cli_may_touch_its_app_only() {
        let prefix = SsmPrefix::for_stage(None, "app", "dev");
        let s = cli_statements("app", &prefix, "us-east-1", ACCOUNT);
        assert_eq!(s[0].resources, vec!["arn:aws:ssm:us-east-1:123456789012:parameter/sst/app/*"]);
        assert!(s[0].actions.contains(&"ssm:PutParameter".to_owned()));
        assert_eq!(s[1], Statement::new(&["sts:GetCallerIdentity"], &["*"]));
        assert_eq!(s[3].resources, vec!["arn:aws:lambda:us-east-1:123456789012:function:*"]);
        let custom = SsmPrefix::for_stage(Some("/custom/"), "app", "dev");
        let s = cli_statements("app", &custom, "cn-north-1", ACCOUNT);
        assert_eq!(s[0].resources[1], "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/custom/*");
        // A prefix without a trailing `/` covers `/org/appSecret/...` (and the levels `bind` reads).
        let unslashed = SsmPrefix::for_stage(Some("/org/app"), "app", "dev");
        let s = cli_statements("app", &unslashed, "us-east-1", ACCOUNT);
        assert_eq!(s[0].resources[1], "arn:aws:ssm:us-east-1:123456789012:parameter/org/app*");
    }

    #[cfg(feature = "manifest")]
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
        let manifest = crate::manifest::parse(text, "bindings.json").unwrap();
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
