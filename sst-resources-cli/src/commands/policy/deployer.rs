//! `policy --deployer`: the policy of the identity that runs `npx sst deploy`, scoped to what SST 2.49's
//! deploy calls with it (`sst/stacks/deploy.js`, `sst/bootstrap.js`, `sst/stacks/app-metadata.js`, as
//! recorded against moto; `scripts/deploy-policy-check` runs it again): it reads the bootstrap stacks, creates, updates
//! and watches the app's stacks with the execution role (so it passes that role), assumes the CDK roles the
//! cloud assembly names to publish assets, and keeps SST's app metadata. Not in it, though SST calls them:
//! `sts:GetCallerIdentity`, which AWS answers whatever the policy, and CDK's read of the bootstrap version
//! parameter, which it makes as the deploy role it assumed (`validateVersion` of `@aws-cdk/toolkit-lib`).

use std::collections::BTreeSet;

use crate::iam::{Statement, partition};

use super::Named;
use super::assembly::Assembly;

/// The stacks SST reads before it deploys (its `cdk.toolkitStackName` and `bootstrap.stackName` defaults).
const BOOTSTRAP_STACKS: &[&str] = &["CDKToolkit", "SSTBootstrap"];

/// The deployer's statements for `assembly`, in `region` of `account`.
pub fn deployer_statements(assembly: &Assembly, region: &str, account: &str) -> Vec<Named> {
    let p = partition(region);
    let resolve = |text: &str| {
        text.replace("${AWS::Partition}", p).replace("${AWS::Region}", region).replace("${AWS::AccountId}", account)
    };
    let set = |items: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        items.map(|s| resolve(s)).collect::<BTreeSet<_>>().into_iter().collect()
    };
    let stacks = &assembly.stacks;
    let assumed = set(&mut stacks.iter().filter_map(|s| s.deploy_role.as_ref()).chain(&assembly.asset_roles));
    let passed = set(&mut stacks.iter().filter_map(|s| s.execution_role.as_ref()));
    let stack_arn = |name: &str| format!("arn:{p}:cloudformation:{region}:{account}:stack/{name}/*");
    let app_stacks = stack_arn(&format!("{}-{}-*", assembly.stage, assembly.app));
    let bootstrap: Vec<String> = BOOTSTRAP_STACKS.iter().map(|s| stack_arn(s)).collect();
    let metadata =
        format!("arn:{p}:s3:::sstbootstrap-*/appMetadata/app.{}/stage.{}.json", assembly.app, assembly.stage);
    let templates: Vec<String> =
        set(&mut assembly.asset_buckets.iter()).iter().map(|b| format!("arn:{p}:s3:::{b}/*")).collect();

    let mut out = vec![
        Named::new("ReadBootstrapStacks", Statement::new(&["cloudformation:DescribeStacks"], &bootstrap)),
        Named::new(
            "DeployAppStacks",
            Statement::new(
                &[
                    "cloudformation:CreateStack",
                    "cloudformation:DeleteStack",
                    "cloudformation:DescribeStackEvents",
                    "cloudformation:DescribeStackResources",
                    "cloudformation:DescribeStacks",
                    "cloudformation:UpdateStack",
                ],
                &[app_stacks],
            ),
        ),
        // ListImports has no resource-level permission: `*` is the only resource it takes.
        Named::new("ListExportImports", Statement::new(&["cloudformation:ListImports"], &["*"])),
        Named::new("AppMetadata", Statement::new(&["s3:GetObject", "s3:PutObject"], &[metadata])),
    ];
    if !templates.is_empty() {
        // CreateStack and UpdateStack fetch the TemplateURL with the caller's own credentials.
        out.push(Named::new("ReadStackTemplates", Statement::new(&["s3:GetObject"], &templates)));
    }
    if !assumed.is_empty() {
        out.push(Named::new("AssumeCdkRoles", Statement::new(&["sts:AssumeRole"], &assumed)));
    }
    if !passed.is_empty() {
        out.push(Named::new("PassExecutionRole", Statement::new(&["iam:PassRole"], &passed)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::policy::assembly::Stack;

    #[test]
    fn placeholders_of_the_cdk_arns_are_resolved_in_the_region_s_partition() {
        let stack = Stack {
            name: "prod-shop-Api".to_owned(),
            deploy_role: Some("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}".to_owned()),
            execution_role: Some("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role".to_owned()),
            ..Stack::default()
        };
        let assembly =
            Assembly { app: "shop".to_owned(), stage: "prod".to_owned(), stacks: vec![stack], ..Assembly::default() };
        let statements = deployer_statements(&assembly, "cn-north-1", "123456789012");
        let find = |sid: &str| &statements.iter().find(|s| s.sid == sid).unwrap().statement;
        assert_eq!(
            find("AssumeCdkRoles").resources,
            vec!["arn:aws-cn:iam::123456789012:role/cdk-hnb659fds-deploy-role-123456789012-cn-north-1"]
        );
        assert_eq!(
            find("PassExecutionRole").resources,
            vec!["arn:aws-cn:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role"]
        );
        assert_eq!(
            find("DeployAppStacks").resources,
            vec!["arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/prod-shop-*/*"]
        );
    }
}
