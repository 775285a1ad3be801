//! `policy --deploy`: the policy of CloudFormation's execution role for the app (what `cdk bootstrap
//! --cloudformation-execution-policies` takes): the registry's create, read, update and delete handler
//! permissions of each resource type of the app's templates, grouped by service, and what CloudFormation
//! itself does for the templates (invoke the custom resources' handlers, resolve SSM-typed parameters).

use std::collections::{BTreeMap, BTreeSet};

use crate::iam::{Statement, parameter_arn, partition};
use serde_json::Value;

use super::Named;
use super::assembly::{Assembly, Stack};
use super::registry::{Lookup, Registry};
use crate::error::count;

/// The execution role's statements, and one warning line for each kind of type left out.
#[derive(Debug, Default)]
pub struct ExecutionPolicy {
    pub statements: Vec<Named>,
    pub warnings: Vec<String>,
}

/// The policy of the execution role that deploys `assembly` in `region` of `account`.
pub fn execution_policy(assembly: &Assembly, registry: &Registry, region: &str, account: &str) -> ExecutionPolicy {
    let mut by_service: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let (mut unknown, mut elsewhere, mut whole_services) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut tokens = BTreeSet::new();
    let mut unresolved = BTreeSet::new();
    for stack in &assembly.stacks {
        for resource in &stack.resources {
            if resource.is_custom() {
                match service_token(resource.service_token.as_ref(), stack, region, account) {
                    Some(arn) => tokens.insert(arn),
                    None => unresolved.insert(format!("{}/{}", stack.name, resource.logical_id)),
                };
                continue;
            }
            match registry.lookup(&resource.type_name, region) {
                Lookup::Known(actions) if actions.iter().any(|a| *a == "*" || a.ends_with(":*")) => {
                    whole_services.insert(resource.type_name.as_str());
                }
                Lookup::Known(actions) => {
                    for action in actions {
                        let service = action.split(':').next().unwrap_or(action).to_ascii_lowercase();
                        by_service.entry(service).or_default().insert(action);
                    }
                }
                Lookup::NotInRegion => {
                    elsewhere.insert(resource.type_name.as_str());
                }
                Lookup::Unknown => {
                    unknown.insert(resource.type_name.as_str());
                }
            }
        }
    }
    let mut policy = ExecutionPolicy::default();
    for (service, actions) in by_service {
        policy
            .statements
            .push(Named::new(sid(&service), Statement::new(&actions.into_iter().collect::<Vec<_>>(), &["*"])));
    }
    if !unresolved.is_empty() {
        // A token that is not a function of the stack (an import, a topic): any function of the account.
        tokens.insert(format!("arn:{}:lambda:{region}:{account}:function:*", partition(region)));
    }
    if !tokens.is_empty() {
        let tokens: Vec<String> = tokens.into_iter().collect();
        policy.statements.push(Named::new(
            "InvokeCustomResourceHandlers".to_owned(),
            Statement::new(&["lambda:InvokeFunction"], &tokens),
        ));
    }
    let parameters: BTreeSet<String> = assembly
        .stacks
        .iter()
        .flat_map(|s| &s.ssm_parameters)
        .map(|name| parameter_arn(region, account, &format!("/{}", name.trim_start_matches('/'))))
        .collect();
    if !parameters.is_empty() {
        let parameters: Vec<String> = parameters.into_iter().collect();
        policy
            .statements
            .push(Named::new("ResolveSsmParameters".to_owned(), Statement::new(&["ssm:GetParameters"], &parameters)));
    }

    let source = registry.source();
    if !registry.regions().contains(&region) {
        policy.warnings.push(format!(
            "the registry data {source} knows no region {region}: every type it knows is taken as there \
             (a newer cfn-lint may know it: scripts/cfn-permissions)"
        ));
    }
    let names = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(", ");
    if !unknown.is_empty() {
        policy.warnings.push(format!(
            "the registry data {source} does not know {}, left out of the policy: {} (add their permissions by hand)",
            count(unknown.len(), "resource type"),
            names(&unknown)
        ));
    }
    if !elsewhere.is_empty() {
        policy.warnings.push(format!(
            "{} of the app {} not in {region} by the registry data {source}, left out of the policy: {}",
            count(elsewhere.len(), "resource type"),
            if elsewhere.len() == 1 { "is" } else { "are" },
            names(&elsewhere)
        ));
    }
    if !whole_services.is_empty() {
        policy.warnings.push(format!(
            "the registry's handlers of {} ask for a whole service (`service:*`), left out of the policy: {} (add their permissions by hand)",
            count(whole_services.len(), "resource type"),
            names(&whole_services)
        ));
    }
    if !unresolved.is_empty() {
        policy.warnings.push(format!(
            "the service token of {} is not a function of its stack: lambda:InvokeFunction on every function of the account: {}",
            count(unresolved.len(), "custom resource"),
            unresolved.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    policy
}

/// A statement's `Sid` for a service: its prefix in PascalCase (`application-autoscaling` ->
/// `ApplicationAutoscaling`), which IAM takes (letters and digits only).
fn sid(service: &str) -> String {
    let mut out = String::new();
    for word in service.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// The ARN of the function a custom resource's `ServiceToken` names: a literal ARN, or `Fn::GetAtt` of a
/// function of the same stack (by its `FunctionName`, else CloudFormation's `{stack}-{logicalId}-{suffix}`).
fn service_token(token: Option<&Value>, stack: &Stack, region: &str, account: &str) -> Option<String> {
    let token = token?;
    if let Some(arn) = token.as_str() {
        return arn.starts_with("arn:").then(|| arn.to_owned());
    }
    let target = token.get("Fn::GetAtt")?.as_array()?;
    let (id, attribute) = (target.first()?.as_str()?, target.get(1)?.as_str()?);
    let function = stack.resources.iter().find(|r| r.logical_id == id && r.type_name == "AWS::Lambda::Function")?;
    if attribute != "Arn" {
        return None;
    }
    let name = match &function.function_name {
        Some(name) => name.clone(),
        None => format!("{}-*", stack.name),
    };
    Some(format!("arn:{}:lambda:{region}:{account}:function:{name}", partition(region)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::policy::assembly::Resource;

    fn resource(id: &str, type_name: &str) -> Resource {
        Resource {
            logical_id: id.to_owned(),
            type_name: type_name.to_owned(),
            service_token: None,
            function_name: None,
        }
    }

    #[test]
    fn sids_are_services_in_pascal_case() {
        assert_eq!(sid("s3"), "S3");
        assert_eq!(sid("application-autoscaling"), "ApplicationAutoscaling");
    }

    #[test]
    fn types_the_data_cannot_answer_for_are_named_never_dropped() {
        let mut custom = resource("Uploader", "Custom::Uploader");
        custom.service_token = Some(serde_json::json!({ "Fn::GetAtt": ["Handler", "Arn"] }));
        let stack = Stack {
            name: "dev-app-Storage".to_owned(),
            resources: vec![
                resource("Queue", "AWS::SQS::Queue"),
                resource("Mystery", "AWS::Nothing::Here"),
                resource("Lake", "AWS::SecurityLake::DataLake"),
                resource("Handler", "AWS::Lambda::Function"),
                custom,
            ],
            ..Stack::default()
        };
        let assembly = Assembly { stacks: vec![stack], ..Assembly::default() };
        let policy = execution_policy(&assembly, &Registry::builtin(), "us-east-1", "123456789012");
        let sids: Vec<&str> = policy.statements.iter().map(|s| s.sid.as_str()).collect();
        assert!(sids.contains(&"Sqs") && sids.contains(&"Lambda"), "{sids:?}");
        let invoke = policy.statements.iter().find(|s| s.sid == "InvokeCustomResourceHandlers").unwrap();
        assert_eq!(
            invoke.statement.resources,
            vec!["arn:aws:lambda:us-east-1:123456789012:function:dev-app-Storage-*"]
        );
        assert_eq!(policy.warnings.len(), 2, "{:?}", policy.warnings);
        assert!(
            policy.warnings[0].contains("does not know 1 resource type")
                && policy.warnings[0].ends_with("AWS::Nothing::Here (add their permissions by hand)")
        );
        assert!(policy.warnings[1].contains("AWS::SecurityLake::DataLake"));
        for s in &policy.statements {
            assert!(s.statement.actions.iter().all(|a| a != "*" && !a.ends_with(":*")), "{s:?}");
        }
    }
}
