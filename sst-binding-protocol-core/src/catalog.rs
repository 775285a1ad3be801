//! The constructs SST v2 can bind, with their props and the kind of each prop (docs/sst-v2-binding-protocol.md §5),
//! plus the custom kinds an app declares in its manifest.

use std::borrow::Cow;

use crate::names::AUTH_ID;

/// How a prop's value travels from the deployment to the function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropKind {
    /// The real value is in the environment variable (and, for `bind`, in a String SSM parameter).
    Plain,
    /// The environment holds `__FETCH_FROM_SSM__`; the value is a SecureString in SSM, with a fallback.
    Secret,
    /// The environment holds `__FETCH_FROM_SSM__`; the value is a String in SSM (a site's URL).
    SiteUrl,
    /// The environment (and the String in SSM) holds `__FETCH_FROM_SECRET__:{name}`; the value is that of
    /// the `Secret` `{name}`, which SST binds beside it.
    SecretReference,
}

impl PropKind {
    /// The kinds a custom kind's prop may be (`kinds.*.props` of the manifest): every kind SST's binding
    /// variables have (`plain`, `secret`, `site_url`, `secret_reference`).
    pub const CUSTOM: &'static [PropKind] = &[Plain, Secret, SiteUrl, SecretReference];

    /// The kind's name in `bindings.json` (`kinds.*.props`).
    pub fn manifest_name(self) -> &'static str {
        match self {
            Plain => "plain",
            Secret => "secret",
            SiteUrl => "siteUrl",
            SecretReference => "secretReference",
        }
    }

    /// Whether the value must be kept out of logs (`secrecy`).
    pub fn is_secret(self) -> bool {
        matches!(self, Secret | SecretReference)
    }
}

/// One bound property of a construct, e.g. `bucketName` of `Bucket`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prop {
    /// camelCase, as in the environment variable name.
    pub name: Cow<'static, str>,
    pub kind: PropKind,
    /// Bound by some versions of SST only (the newer `Auth`'s `url`): its variable may be missing, and
    /// that is not an error (the accessor's field is an `Option`).
    pub optional: bool,
}

/// Where a construct comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// One of SST v2's constructs (docs/sst-v2-binding-protocol.md §5).
    Builtin,
    /// Declared by the app under `kinds` in `bindings.json`.
    Custom,
}

/// A construct kind: its name in environment variables and SSM paths, and its props.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Construct {
    /// The class name, e.g. `Bucket`, as it appears in `SST_Bucket_bucketName_myFiles`.
    pub name: Cow<'static, str>,
    pub props: Cow<'static, [Prop]>,
    /// The IAM statements a binding grants by default (empty for custom kinds).
    pub grants: &'static [Grant],
    pub origin: Origin,
    /// A variable (not `SST_*`) that SST sets to the resource's id on the functions bound to it:
    /// `AUTH_ID` for the newer `Auth`. The accessor gives it as an `Option`.
    pub id_variable: Option<&'static str>,
}

impl Construct {
    /// The name users read in messages and in Rust: `Config` for `Secret` and `Parameter`
    /// (as the Node helpers say), the construct's own name otherwise.
    pub fn display_name(&self) -> &str {
        display_name(&self.name)
    }

    /// Whether this is `Secret` or `Parameter`, the two that share the `Config` namespace.
    pub fn is_config(&self) -> bool {
        is_config(&self.name)
    }

    /// The prop of that name, if the construct has it.
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }
}

/// One `Allow` statement: these actions on these resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant {
    pub actions: &'static [&'static str],
    pub resources: &'static [&'static str],
}

/// The templates of docs/sst-v2-binding-protocol.md §5, one list per construct (each entry becomes one
/// statement); `iam` fills them in.
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

/// The construct name of `Config.Secret` (its fallback path is a naming rule: `names` holds it).
pub use crate::names::SECRET;
/// The construct name of `Config.Parameter`.
pub const PARAMETER: &str = "Parameter";
/// The construct name of a Job, whose props struct can also run and cancel it.
pub const JOB: &str = "Job";
/// The name under which `Secret` and `Parameter` are used (`Config.STRIPE_KEY`).
pub const CONFIG: &str = "Config";

/// Whether the construct of that name is `Secret` or `Parameter`.
pub fn is_config(construct: &str) -> bool {
    construct == SECRET || construct == PARAMETER
}

/// The name users read for the construct of that name: `Config` for `Secret` and `Parameter`.
pub fn display_name(construct: &str) -> &str {
    if is_config(construct) { CONFIG } else { construct }
}

const fn prop(name: &'static str, kind: PropKind) -> Prop {
    Prop { name: Cow::Borrowed(name), kind, optional: false }
}

/// A prop that only some versions of SST bind.
const fn optional(name: &'static str, kind: PropKind) -> Prop {
    Prop { name: Cow::Borrowed(name), kind, optional: true }
}

const fn builtin(name: &'static str, props: &'static [Prop], grants: &'static [Grant]) -> Construct {
    Construct {
        name: Cow::Borrowed(name),
        props: Cow::Borrowed(props),
        grants,
        origin: Origin::Builtin,
        id_variable: None,
    }
}

/// Whether `name` is the [`Construct::id_variable`] of one of SST's constructs (`AUTH_ID`).
pub fn is_id_variable(name: &str) -> bool {
    BUILTIN.iter().any(|c| c.id_variable == Some(name))
}

use PropKind::{Plain, Secret, SecretReference, SiteUrl};
use grants as g;

const URL: &[Prop] = &[prop("url", Plain)];
const SITE_URL: &[Prop] = &[prop("url", SiteUrl)];
const WEB_SOCKET_API: &[Prop] = &[prop("url", Plain), prop("httpsUrl", Plain)];
const BUCKET: &[Prop] = &[prop("bucketName", Plain)];
const EVENT_BUS: &[Prop] = &[prop("eventBusName", Plain)];
const FUNCTION: &[Prop] = &[prop("functionName", Plain)];
const KINESIS_STREAM: &[Prop] = &[prop("streamName", Plain)];
const QUEUE: &[Prop] = &[prop("queueUrl", Plain)];
const RDS: &[Prop] = &[prop("clusterArn", Plain), prop("secretArn", Plain), prop("defaultDatabaseName", Plain)];
const TABLE: &[Prop] = &[prop("tableName", Plain)];
const TOPIC: &[Prop] = &[prop("topicArn", Plain)];
const SECRET_PROPS: &[Prop] = &[prop("value", Secret)];
const PARAMETER_PROPS: &[Prop] = &[prop("value", Plain)];
/// `Auth`: the older construct binds `publicKey` as a secret of its own (`__FETCH_FROM_SSM__`); the newer
/// one (`sst/constructs/future`) as a reference to its Secret `{id}PublicKey` (`__FETCH_FROM_SECRET__:`),
/// with its `url` and `AUTH_ID`.
const AUTH: &[Prop] = &[prop("publicKey", Secret), optional("url", Plain)];

/// SST v2's constructs that can be bound, in the order of docs/sst-v2-binding-protocol.md §5.
pub const BUILTIN: &[Construct] = &[
    builtin("Api", URL, &[]),
    builtin("ApiGatewayV1Api", URL, &[]),
    builtin("AppSyncApi", URL, &[]),
    builtin("WebSocketApi", WEB_SOCKET_API, g::WEB_SOCKET_API),
    builtin("Bucket", BUCKET, g::BUCKET),
    builtin("EventBus", EVENT_BUS, g::EVENT_BUS),
    builtin("Function", FUNCTION, g::FUNCTION),
    builtin(JOB, FUNCTION, g::FUNCTION),
    builtin("KinesisStream", KINESIS_STREAM, g::KINESIS_STREAM),
    builtin("Queue", QUEUE, g::QUEUE),
    builtin("RDS", RDS, g::RDS),
    builtin("Table", TABLE, g::TABLE),
    builtin("Topic", TOPIC, g::TOPIC),
    builtin("Service", SITE_URL, g::SITE_URL),
    builtin("StaticSite", SITE_URL, g::SITE_URL),
    builtin("NextjsSite", SITE_URL, g::SITE_URL),
    builtin("AstroSite", SITE_URL, g::SITE_URL),
    builtin("RemixSite", SITE_URL, g::SITE_URL),
    builtin("SolidStartSite", SITE_URL, g::SITE_URL),
    builtin("SvelteKitSite", SITE_URL, g::SITE_URL),
    builtin(SECRET, SECRET_PROPS, g::SECRET),
    builtin(PARAMETER, PARAMETER_PROPS, &[]),
    Construct {
        name: Cow::Borrowed("Auth"),
        props: Cow::Borrowed(AUTH),
        grants: g::AUTH,
        origin: Origin::Builtin,
        id_variable: Some(AUTH_ID),
    },
];

/// The constructs an app can use: SST's own plus the custom kinds of its manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    constructs: Vec<Construct>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog { constructs: BUILTIN.to_vec() }
    }
}

impl Catalog {
    /// SST's own constructs only.
    pub fn builtin() -> Catalog {
        Catalog::default()
    }

    /// Adds a custom kind. The caller has checked its name and props (see `names::check_kind_name`).
    pub fn add_custom(&mut self, name: String, props: Vec<(String, PropKind)>) {
        let props =
            props.into_iter().map(|(name, kind)| Prop { name: Cow::Owned(name), kind, optional: false }).collect();
        self.constructs.push(Construct {
            name: Cow::Owned(name),
            props: Cow::Owned(props),
            grants: &[],
            origin: Origin::Custom,
            id_variable: None,
        });
    }

    /// The construct of that (environment) name.
    pub fn get(&self, name: &str) -> Option<&Construct> {
        self.constructs.iter().find(|c| c.name == name)
    }

    /// Every construct, SST's first, in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = &Construct> {
        self.constructs.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_constructs_are_shown_as_config() {
        let catalog = Catalog::builtin();
        assert_eq!(catalog.get("Secret").unwrap().display_name(), "Config");
        assert_eq!(catalog.get("Parameter").unwrap().display_name(), "Config");
        assert_eq!(catalog.get("Bucket").unwrap().display_name(), "Bucket");
    }

    #[test]
    fn construct_names_and_props_have_no_underscore() {
        // The environment variable name is split on `_`: construct and prop names must not hold one.
        for c in BUILTIN {
            assert!(!c.name.contains('_'), "{}", c.name);
            for p in c.props.iter() {
                assert!(!p.name.contains('_'), "{}.{}", c.name, p.name);
            }
        }
    }

    #[test]
    fn auth_binds_as_both_versions_of_sst_do() {
        let auth = Catalog::builtin().get("Auth").cloned().unwrap();
        assert_eq!(auth.prop("publicKey").map(|p| (p.kind, p.optional)), Some((Secret, false)));
        assert_eq!(auth.prop("url").map(|p| (p.kind, p.optional)), Some((Plain, true)));
        assert_eq!(auth.id_variable, Some("AUTH_ID"));
        assert!(is_id_variable("AUTH_ID"));
        assert!(!is_id_variable("SST_APP"));
    }

    #[test]
    fn custom_kinds_are_found_after_the_builtin_ones() {
        let mut catalog = Catalog::builtin();
        catalog.add_custom("Redis".into(), vec![("host".into(), Plain), ("password".into(), Secret)]);
        let redis = catalog.get("Redis").unwrap();
        assert_eq!(redis.origin, Origin::Custom);
        assert_eq!(redis.prop("password").unwrap().kind, Secret);
        assert!(redis.grants.is_empty());
    }
}
