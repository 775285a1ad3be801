//! Rendering the IAM statements a binding grants by default (docs/sst-v2-binding-protocol.md §5): the templates are
//! plain data in `catalog::grants`; this module fills them in.
//!
//! A template's placeholders are `{partition}`, `{region}`, `{account}`, `{app}`, `{id}` (normalized),
//! `{construct}`, `{prefix}` (the stage's SSM prefix, as written), any prop of the
//! construct by its name (`{bucketName}`), and the values derived from props: `{queueName}` (the last
//! segment of `queueUrl`) and `{apiId}` (the host's first label of a WebSocketApi `url`).
//!
//! [`Placeholders`] fills the templates in. What a whole function needs, and the command line's own
//! statements, are made where they are used: by `sst-resources policy`.

use std::fmt;

use sst_binding_protocol::catalog::Grant;
use sst_binding_protocol::names::{SsmPrefix, normalize_id};

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

#[cfg(test)]
mod tests {
    use super::*;
    use sst_binding_protocol::catalog::{BUILTIN, grants};

    const ACCOUNT: &str = "123456789012";

    /// A value for every prop of docs/sst-v2-binding-protocol.md §5, as a deployment would bind it.
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

    /// The statements of the table of docs/sst-v2-binding-protocol.md §5 for resource `my-res` of `construct` in app
    /// `app`, stage `dev`, as (actions, resources), with `{p}`, `{r}` and `{a}` written out.
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
}
