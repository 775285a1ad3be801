//! The statements of the command line itself (`policy --cli`).

use crate::iam::{Statement, parameter_arn, partition};
use sst_binding_protocol::names::SsmPrefix;

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

    const ACCOUNT: &str = "123456789012";

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
}
