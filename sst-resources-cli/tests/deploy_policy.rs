//! `policy --deploy` and `--deployer` on the example app's real `sst build` output
//! (`fixtures/sst-dist`, from `scripts/sst-app`'s build of examples/sst-app): no AWS is used, the build
//! names its region and account. The handler permissions are checked against the data file the command
//! line compiles in; `scripts/cfn-permissions --verify` checks the same output against cfn-lint's schemas
//! themselves.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::Project;
use serde_json::Value;

const DATA: &str = include_str!("../src/commands/policy/handler-permissions.tsv");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sst-dist");
const LIMIT: usize = 6144;

/// The registry's permissions of a type in us-east-1 (bit 33 of the `regions` line), read from the data.
fn handler_permissions(type_name: &str) -> Option<Vec<&'static str>> {
    let line = DATA.lines().find(|l| l.split('\t').next() == Some(type_name))?;
    let fields: Vec<&str> = line.split('\t').collect();
    Some(fields[2].split(' ').filter(|a| !a.is_empty()).collect())
}

/// The resource types of the templates of `dir`.
fn types(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".template.json") {
            let template: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for resource in template["Resources"].as_object().unwrap().values() {
                out.insert(resource["Type"].as_str().unwrap().to_owned());
            }
        }
    }
    out
}

/// The documents of an output: one object, or an array of them.
fn documents(output: &Value) -> Vec<Value> {
    match output {
        Value::Array(documents) => documents.clone(),
        document => vec![document.clone()],
    }
}

fn size(document: &Value) -> usize {
    serde_json::to_string(document).unwrap().chars().filter(|c| !c.is_whitespace()).count()
}

/// Every `(Sid, action)` of the documents.
fn actions(documents: &[Value]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for document in documents {
        for statement in document["Statement"].as_array().unwrap() {
            let sid = statement["Sid"].as_str().unwrap().to_owned();
            for action in statement["Action"].as_array().unwrap() {
                out.push((sid.clone(), action.as_str().unwrap().to_owned()));
            }
        }
    }
    out
}

/// A copy of the fixture in a project, to change.
fn copy_of_fixture(p: &Project) -> std::path::PathBuf {
    let dist = p.path("dist");
    std::fs::create_dir_all(&dist).unwrap();
    for entry in std::fs::read_dir(FIXTURE).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dist.join(path.file_name().unwrap())).unwrap();
    }
    dist
}

#[test]
fn the_execution_policy_grants_every_handler_permission_of_the_app_s_types_and_nothing_else() {
    let p = Project::empty("deploy");
    let run = p.run_without_aws(&["policy", "--deploy", "--from", FIXTURE]);
    run.ok();
    assert!(!run.stderr.contains("warning"), "the example app has no type the data does not know: {}", run.stderr);
    let documents = documents(&run.json());
    let granted = actions(&documents);
    let granted_actions: BTreeSet<&str> = granted.iter().map(|(_, a)| a.as_str()).collect();
    let mut needed = BTreeSet::new();
    for type_name in types(Path::new(FIXTURE)) {
        if type_name.starts_with("Custom::") {
            continue;
        }
        let permissions = handler_permissions(&type_name).unwrap_or_else(|| panic!("{type_name} is not in the data"));
        for action in permissions {
            assert!(granted_actions.contains(action), "{type_name}: {action} is not granted");
            needed.insert(action);
        }
    }
    for (sid, action) in &granted {
        let extra = (sid == "InvokeCustomResourceHandlers" && action == "lambda:InvokeFunction")
            || (sid == "ResolveSsmParameters" && action == "ssm:GetParameters");
        assert!(needed.contains(action.as_str()) || extra, "{sid}: {action} is no handler's permission");
        assert!(action != "*" && !action.ends_with(":*"), "{action}");
        // One statement a service, named by it.
        if !extra {
            let service = action.split(':').next().unwrap().replace('-', "");
            assert!(sid.eq_ignore_ascii_case(&service), "{action} is in the statement {sid}");
        }
    }
    // An action is in one statement, but for an extra, which may be a handler's permission too (on `*`).
    let handler_statements: Vec<&String> = granted
        .iter()
        .filter(|(sid, _)| sid != "InvokeCustomResourceHandlers" && sid != "ResolveSsmParameters")
        .map(|(_, a)| a)
        .collect();
    assert_eq!(handler_statements.len(), handler_statements.iter().collect::<BTreeSet<_>>().len(), "granted twice");
    for document in &documents {
        assert!(size(document) <= LIMIT, "{} characters", size(document));
    }
    // The custom resource's handler is a function of its stack; the bootstrap version parameter is read.
    let invoke = documents
        .iter()
        .flat_map(|d| d["Statement"].as_array().unwrap().clone())
        .find(|s| s["Sid"] == "InvokeCustomResourceHandlers")
        .unwrap();
    assert_eq!(
        invoke["Resource"],
        serde_json::json!(["arn:aws:lambda:us-east-1:123456789012:function:test-sst-app-Storage-*"])
    );
}

#[test]
fn the_policies_are_byte_identical_across_runs() {
    let p = Project::empty("deploy-twice");
    for flag in ["--deploy", "--deployer"] {
        let first = p.run_without_aws(&["policy", flag, "--from", FIXTURE]);
        let second = p.run_without_aws(&["policy", flag, "--from", FIXTURE]);
        first.ok();
        assert_eq!(first.stdout, second.stdout, "{flag}");
        assert_eq!(first.stderr, second.stderr, "{flag}");
    }
}

#[test]
fn an_app_that_needs_more_than_one_managed_policy_gets_an_array_of_documents_each_within_the_limit() {
    let p = Project::empty("deploy-big");
    let dist = copy_of_fixture(&p);
    // Every type of a few big services, added to the Storage stack.
    let file = dist.join("test-sst-app-Storage.template.json");
    let mut template: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut added = Vec::new();
    for line in DATA.lines().filter(|l| l.starts_with("AWS::EC2::") || l.starts_with("AWS::RDS::")) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields[1] == "*" && !fields[2].split(' ').any(|a| a.ends_with(":*")) {
            added.push(fields[0]);
        }
    }
    for (i, type_name) in added.iter().enumerate() {
        template["Resources"][format!("Added{i}")] = serde_json::json!({ "Type": type_name });
    }
    std::fs::write(&file, serde_json::to_string(&template).unwrap()).unwrap();
    let run = p.run_without_aws(&["policy", "--deploy", "--from", dist.to_str().unwrap()]);
    run.ok();
    let output = run.json();
    let documents = documents(&output);
    assert!(output.is_array() && documents.len() > 1, "{} document(s)", documents.len());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with(&format!("note: the policy takes {} documents", documents.len())), "{}", run.stderr);
    for document in &documents {
        assert!(size(document) <= LIMIT, "{} characters", size(document));
    }
    let granted: BTreeSet<String> = actions(&documents).into_iter().map(|(_, a)| a).collect();
    for type_name in added {
        for action in handler_permissions(type_name).unwrap() {
            assert!(granted.contains(action), "{type_name}: {action}");
        }
    }
}

#[test]
fn types_the_data_does_not_know_are_named_in_one_warning_line() {
    let p = Project::empty("deploy-unknown");
    let dist = copy_of_fixture(&p);
    let file = dist.join("test-sst-app-Api.template.json");
    let mut template: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    template["Resources"]["Mystery"] = serde_json::json!({ "Type": "AWS::Mystery::Thing" });
    template["Resources"]["Other"] = serde_json::json!({ "Type": "Vendor::Some::Thing" });
    std::fs::write(&file, serde_json::to_string(&template).unwrap()).unwrap();
    let run = p.run_without_aws(&["policy", "--deploy", "--from", dist.to_str().unwrap()]);
    run.ok();
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].starts_with("warning: the registry data (schema_date "), "{}", run.stderr);
    assert!(
        warnings[0].ends_with(
            "does not know 2 resource types, left out of the policy: AWS::Mystery::Thing, Vendor::Some::Thing \
             (add their permissions by hand)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_or_half_written_build_is_one_clear_line() {
    let p = Project::empty("deploy-broken");
    let missing = p.run_without_aws(&["policy", "--deploy", "--from", "nowhere"]);
    missing.code(1);
    assert_eq!(missing.stderr.lines().count(), 1, "{}", missing.stderr);
    assert!(missing.stderr.starts_with("error: cannot read nowhere: "), "{}", missing.stderr);
    assert!(missing.stderr.trim_end().ends_with("run `npx sst build` first (or give its folder with --from DIR)"));

    let dist = copy_of_fixture(&p);
    std::fs::remove_file(dist.join("manifest.json")).unwrap();
    let run = p.run_without_aws(&["policy", "--deployer", "--from", "dist"]);
    run.code(1);
    assert_eq!(run.stderr, "error: dist has no manifest.json: a half-written build? run `npx sst build` again\n");

    let dist = copy_of_fixture(&p);
    let file = dist.join("test-sst-app-Storage.assets.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let run = p.run_without_aws(&["policy", "--deployer", "--from", "dist"]);
    run.code(1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: dist/test-sst-app-Storage.assets.json:"), "{}", run.stderr);
    assert!(run.stderr.trim_end().ends_with("a half-written build? run `npx sst build` again"), "{}", run.stderr);

    let dist = copy_of_fixture(&p);
    std::fs::remove_file(dist.join("test-sst-app-Api.template.json")).unwrap();
    let run = p.run_without_aws(&["policy", "--deploy", "--from", "dist"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: dist names the template test-sst-app-Api.template.json, which is missing: a half-written build? \
         run `npx sst build` again\n"
    );
}

#[test]
fn the_deployer_assumes_exactly_the_cdk_roles_the_build_names() {
    let p = Project::empty("deployer");
    let run = p.run_without_aws(&["policy", "--deployer", "--from", FIXTURE]);
    run.ok();
    let document = run.json();
    let statement = |sid: &str| {
        document["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == sid)
            .cloned()
            .unwrap_or_else(|| panic!("no {sid}"))
    };
    let role = |kind: &str| format!("arn:aws:iam::123456789012:role/cdk-hnb659fds-{kind}-role-123456789012-us-east-1");
    assert_eq!(statement("AssumeCdkRoles")["Resource"], serde_json::json!([role("deploy"), role("file-publishing")]));
    assert_eq!(statement("PassExecutionRole")["Resource"], serde_json::json!([role("cfn-exec")]));
    assert_eq!(
        statement("DeployAppStacks")["Resource"],
        serde_json::json!(["arn:aws:cloudformation:us-east-1:123456789012:stack/test-sst-app-*/*"])
    );
    assert_eq!(
        statement("AppMetadata")["Resource"],
        serde_json::json!(["arn:aws:s3:::sstbootstrap-*/appMetadata/app.sst-app/stage.test.json"])
    );
    // A build for another stage is refused.
    let other = p.run_without_aws(&["--stage", "prod", "policy", "--deployer", "--from", FIXTURE]);
    other.code(1);
    assert!(other.stderr.contains("is the build of stage `test`, not `prod`"), "{}", other.stderr);
}
