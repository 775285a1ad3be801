//! The IAM statements a binding grants by default (binding protocol §5), as templates.
//!
//! A template's placeholders are `{partition}`, `{region}`, `{account}`, `{app}`, `{id}` (normalized),
//! `{construct}`, `{prefix}` (the stage's SSM prefix, with its leading and trailing `/`), any prop of the
//! construct by its name (`{bucketName}`), and the values derived from props: `{queueName}` (the last
//! segment of `queueUrl`) and `{apiId}` (the host's first label of a WebSocketApi `url`).

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
