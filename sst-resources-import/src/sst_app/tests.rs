use super::*;

const TREE: &str = include_str!("testdata/construct-tree.json");

fn targets(f: &AppFunction) -> Result<RustTarget, CrateNotFound> {
    let handler = f.handler.as_deref().unwrap_or_default();
    let package =
        handler.split('/').nth(1).ok_or_else(|| CrateNotFound::NoCrateInFolder { folder: handler.to_owned() })?;
    let bin = f.bin().ok_or_else(|| CrateNotFound::HandlerNotRs { handler: handler.to_owned() })?;
    Ok(RustTarget { package: format!("{package}-fns"), bin: bin.to_owned() })
}

#[test]
fn the_construct_tree_becomes_a_sorted_manifest() {
    let app = read_tree(TREE, "tree.json").unwrap();
    let imported = app.to_manifest("bindings.json", targets).unwrap();
    insta::assert_snapshot!(imported.manifest.to_json());
    assert_eq!(
        imported.notes,
        [
            "`Redis` is not one of SST's constructs: imported as a custom kind with props host (plain), password (secret)"
        ]
    );
}

#[test]
fn a_rust_function_is_its_handler_file() {
    let f = |handler: &str| AppFunction {
        id: "f".into(),
        address: None,
        stack: String::new(),
        runtime: Some("rust".into()),
        handler: Some(handler.into()),
        dockerfile: None,
        variables: Vec::new(),
    };
    assert_eq!(f("functions/api/src/bin/api.rs").bin(), Some("api"));
    assert_eq!(f("src/main.rs").bin(), Some("main"));
    assert_eq!(f("functions/api/src/bin/.rs").bin(), None);
    assert_eq!(f("packages/fn.handler").bin(), None);
    assert!(f("x.rs").is_rust());
}

#[test]
fn a_function_without_its_crate_fails_the_import() {
    let app = read_tree(TREE, "tree.json").unwrap();
    let errors = app
        .to_manifest("bindings.json", |f| {
            Err(CrateNotFound::NoCargoTomlAbove { handler: f.handler.clone().unwrap_or_default() })
        })
        .unwrap_err();
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let above = "(SST builds from the one it finds there)";
    assert_eq!(
        errors,
        [
            format!("function `api`: no Cargo.toml above its handler functions/api/src/bin/api.rs {above}"),
            format!("function `worker`: no Cargo.toml above its handler functions/api/src/bin/worker.rs {above}"),
            format!("function `http/GET /`: no Cargo.toml above its handler functions/other/src/bin/charge.rs {above}"),
        ]
    );
}

#[test]
fn functions_of_one_id_are_named_by_their_stack() {
    let f = |id: &str, stack: &str| AppFunction {
        id: id.into(),
        address: None,
        stack: stack.into(),
        runtime: None,
        handler: None,
        dockerfile: None,
        variables: Vec::new(),
    };
    let functions = [f("api", "dev-app-A"), f("api", "dev-app-B"), f("api", "dev-app-B"), f("cron", "dev-app-A")];
    assert_eq!(function_names(&functions, &[], "app", "dev"), ["A/api", "B/api", "B/api#2", "cron"]);
}

#[test]
fn variables_of_constructs_sst_does_not_list_still_bind() {
    let app = SstApp {
        sst_version: "2.49.6".into(),
        app: "a".into(),
        stage: "dev".into(),
        constructs: vec![AppConstruct { construct: "Bucket".into(), id: "my-files".into(), props: Vec::new() }],
        metadata: Vec::new(),
        functions: vec![AppFunction {
            id: "f".into(),
            address: None,
            stack: "dev-a-S".into(),
            runtime: Some("nodejs20.x".into()),
            handler: Some("f.handler".into()),
            dockerfile: None,
            variables: vec![
                ("SST_APP".into(), Some(false)),
                ("SST_Bucket_bucketName_my_files".into(), Some(false)),
                ("SST_Cache_host_main".into(), Some(false)),
                ("SST_Cache_token_main".into(), Some(true)),
                ("SST_Bad_Prop_x".into(), Some(false)),
            ],
        }],
    };
    let imported = app.to_manifest("bindings.json", targets).unwrap();
    let m = &imported.manifest;
    let bound: Vec<String> = m.functions[0].bind.iter().map(|b| format!("{}.{}", b.construct, b.id)).collect();
    assert_eq!(bound, ["Bucket.my-files", "Cache.main"]);
    let cache = m.catalog.get("Cache").unwrap();
    assert_eq!(cache.prop("token").unwrap().kind, PropKind::Secret);
    assert_eq!(cache.prop("host").unwrap().kind, PropKind::Plain);
    assert!(imported.notes.iter().any(|n| n.starts_with("left out the construct kind `Bad`: the prop name `Prop`")));
}

#[test]
fn another_sst_or_another_format_is_refused() {
    let v3 = TREE.replace("\"2.49.6\"", "\"3.1.0\"");
    assert_eq!(
        read_tree(&v3, "tree.json").unwrap_err().to_string(),
        "tree.json (the app's node_modules/sst) was made by SST 3.1.0; sst-resources import reads SST v2 apps \
         (sst 2.x): an SST v3 (Ion) app links resources differently"
    );
    let other = TREE.replace("construct-tree@2", "construct-tree@9");
    assert_eq!(
        read_tree(&other, "tree.json").unwrap_err().to_string(),
        "tree.json: `format` is `sst-resources/construct-tree@9`; this sst-resources reads `sst-resources/construct-tree@2`"
    );
    assert!(read_tree("{\"format\":", "tree.json").unwrap_err().to_string().starts_with("tree.json:1:"));
}

#[test]
fn dist_needs_templates_with_sst_metadata() {
    assert_eq!(
        read_dist(&[("manifest.json".into(), "{}".into())], ".sst/dist").unwrap_err().to_string(),
        ".sst/dist holds no `*.template.json`: it is not the output of `sst build` (run `npx sst build` first)"
    );
    assert_eq!(
        read_dist(&[("a.template.json".into(), "{\"Resources\": {}}".into())], ".sst/dist").unwrap_err().to_string(),
        "no template in .sst/dist has the output `SSTMetadata` that SST v2 writes: not the output of an SST v2 build"
    );
    let half =
        read_dist(&[("a.template.json".into(), "{\"Resources\": {".into())], ".sst/dist").unwrap_err().to_string();
    assert!(half.starts_with(".sst/dist/a.template.json:1:15: invalid JSON"), "{half}");
    assert!(half.ends_with("a half-written build? run `npx sst build` again"), "{half}");
}

/// The tree `construct-tree.mjs` writes for `testdata/made-functions.sst.config.ts` with SST 2.49.6 (run it
/// with `node sst-resources-cli/src/node/construct-tree.mjs OUT probe` in a folder holding that config as
/// `sst.config.ts`, a `package.json` and SST's `node_modules`): one of each construct that makes functions.
const MADE: &str = include_str!("testdata/made-functions.json");

#[test]
fn functions_sst_makes_in_other_constructs_are_named_as_the_stacks_write_them() {
    let app = read_tree(MADE, "made-functions.json").unwrap();
    let names = function_names(&app.functions, &app.metadata, &app.app, &app.stage);
    let ids: Vec<&str> = app.functions.iter().map(|f| f.id.as_str()).collect();
    let pairs: Vec<(&str, &str)> = ids.iter().copied().zip(names.iter().map(String::as_str)).collect();
    assert_eq!(
        pairs,
        [
            ("Consumer_notes_audit", "notes/consumer/audit"),
            // Made by the stacks and handed to a route and a queue: its own name.
            ("own", "own"),
            // The route key as written, its blanks joined as SST joins them.
            ("Lambda_GET_--photos--{id}", "api/GET /photos/{id}"),
            ("Lambda_default", "api/$default"),
            ("$connect", "socket/$connect"),
            ("sendMessage", "socket/sendMessage"),
            ("Job_nightly", "nightly/job"),
            ("Consumer_jobs", "jobs/consumer"),
            // The queue notification before it is no function.
            ("Notification_uploads_resize", "uploads/notification/resize"),
            ("Subscriber_events_mail", "events/subscriber/mail"),
            ("Consumer_clicks_count", "clicks/consumer/count"),
            // SST lists the rule's function targets without the names of the others: named by its id.
            ("Target_bus_signup_welcome", "bus/signup/welcome"),
            // A Job's handler runs in CodeBuild, bound through the project's environment.
            ("report", "report"),
            // Containers: an ECS Service (its dev function, in "remove" mode, is not imported) and a Job.
            ("web", "web"),
            ("export", "export"),
        ]
    );
    let imported = app.to_manifest("bindings.json", targets).unwrap();
    let bound = |name: &str| -> Vec<String> {
        let f = imported.manifest.function(name).unwrap();
        f.bind.iter().map(|b| format!("{}.{}", b.construct, b.id)).collect()
    };
    for name in ["api/GET /photos/{id}", "nightly/job", "jobs/consumer", "uploads/notification/resize", "report"] {
        assert_eq!(bound(name), ["Table.notes"], "{name}");
    }
    assert!(bound("own").is_empty());
}

#[test]
fn a_custom_constructs_site_url_and_secret_reference_keep_their_kind() {
    // The construct tree gives SST's own kind of each prop (`getBindings().variables[prop].type`).
    let tree = r#"{"format": "sst-resources/construct-tree@2", "sstVersion": "2.49.6", "app": "a", "stage": "dev",
        "constructs": [{"type": "Portal", "id": "web", "props":
            {"url": "site_url", "key": "secret_reference", "name": "plain", "token": "secret", "AUTH_ID": "auth_id"}}],
        "functions": [{"id": "f", "addr": "c81", "environment": ["SST_Portal_url_web"]}], "metadata": []}"#;
    let app = read_tree(tree, "tree.json").unwrap();
    let imported = app.to_manifest("bindings.json", targets).unwrap();
    assert!(
        imported.manifest.to_json().contains(
            r#""Portal": { "props": { "key": "secretReference", "name": "plain", "token": "secret", "url": "siteUrl" } }"#
        ),
        "{}",
        imported.manifest.to_json()
    );

    // `.sst/dist`: SST stores a site's URL and a reference (as it is set), never a secret; a stored value
    // that functions get as `__FETCH_FROM_SSM__` is a site's URL.
    let parameter = |prop: &str, value: &str| {
        format!(
            r#""P{prop}": {{"Type": "AWS::SSM::Parameter", "Properties": {{"Name": "/sst/a/dev/Portal/web/{prop}", "Value": "{value}"}}}}"#
        )
    };
    let template = format!(
        r#"{{"Outputs": {{"SSTMetadata": {{"Value": {{"Fn::Join": ["", ["{{\"app\":\"a\",\"stage\":\"dev\",\"version\":\"2.49.6\",\"metadata\":[{{\"id\":\"web\",\"type\":\"Portal\"}},{{\"id\":\"f\",\"addr\":\"c81\",\"type\":\"Function\",\"data\":{{\"arn\":\"", {{"Fn::GetAtt": ["F", "Arn"]}}, "\"}}}}]}}"]]}}}}}},
            "Resources": {{{}, {}, {},
              "F": {{"Type": "AWS::Lambda::Function", "Properties": {{"Environment": {{"Variables": {{
                "SST_Portal_url_web": "__FETCH_FROM_SSM__", "SST_Portal_key_web": "__FETCH_FROM_SECRET__:KEY",
                "SST_Portal_name_web": "portal"}}}}}}}}}}}}"#,
        parameter("url", "https://example.com"),
        parameter("key", "__FETCH_FROM_SECRET__:KEY"),
        parameter("name", "portal"),
    );
    let app = read_dist(&[("dev-a-S.template.json".into(), template)], ".sst/dist").unwrap();
    let portal = &app.constructs[0];
    assert_eq!(
        portal.props,
        [
            ("key".to_owned(), PropKind::SecretReference),
            ("name".to_owned(), PropKind::Plain),
            ("url".to_owned(), PropKind::SiteUrl)
        ]
    );
}

#[test]
fn a_jobs_handler_is_read_from_its_codebuild_project_as_from_the_tree() {
    let template = r#"{"Outputs": {"SSTMetadata": {"Value": "{\"app\":\"a\",\"stage\":\"dev\",\"version\":\"2.49.6\",\"metadata\":[{\"id\":\"report\",\"addr\":\"c8j\",\"stack\":\"dev-a-S\",\"type\":\"Job\",\"data\":{\"handler\":\"f.report\"}}]}"}},
        "Resources": {"P": {"Type": "AWS::CodeBuild::Project", "Properties": {"Name": "dev-a-report", "Environment":
            {"EnvironmentVariables": [{"Name": "SST_APP", "Value": "a"}, {"Name": "SST_Table_tableName_notes", "Value": "t"},
             {"Name": "SST_Secret_value_KEY", "Value": "__FETCH_FROM_SSM__"}]}}}}}"#;
    let app = read_dist(&[("dev-a-S.template.json".into(), template.into())], ".sst/dist").unwrap();
    let job = &app.functions[0];
    assert_eq!((job.id.as_str(), job.handler.as_deref()), ("report", Some("f.report")));
    assert_eq!(
        job.variables,
        [
            ("SST_APP".to_owned(), Some(false)),
            ("SST_Secret_value_KEY".to_owned(), Some(true)),
            ("SST_Table_tableName_notes".to_owned(), Some(false))
        ]
    );
    assert!(!job.is_container());
    // The tree of the probe app gives its Job the same bindings, by the same name.
    let tree = read_tree(MADE, "made-functions.json").unwrap();
    let report = tree.functions.iter().find(|f| f.id == "report").unwrap();
    assert_eq!(report.handler.as_deref(), Some("f.report"));

    // A Job of `runtime: "container"`: SST gives its project no source (the image holds the code), and its
    // handler is the folder the image is built in.
    let container = template
        .replace(r#"\"handler\":\"f.report\""#, r#"\"handler\":\"web\""#)
        .replace(r#""Properties": {"Name""#, r#""Properties": {"Source": {"Type": "NO_SOURCE"}, "Name""#);
    let app = read_dist(&[("dev-a-S.template.json".into(), container)], ".sst/dist").unwrap();
    let job = &app.functions[0];
    assert!(job.is_container());
    assert_eq!((job.handler.as_deref(), job.variables.len()), (Some("web"), 3));
}

#[test]
fn a_service_is_bound_through_its_containers_environment() {
    // Bound in its props and later (`web.bind([jobs])`), with an `environment` of its own.
    let app = read_tree(MADE, "made-functions.json").unwrap();
    let web = app.functions.iter().find(|f| f.id == "web").unwrap();
    assert!(web.is_container() && !web.is_rust());
    assert_eq!((web.handler.as_deref(), web.dockerfile.as_deref()), (Some("web"), None));
    let export = app.functions.iter().find(|f| f.id == "export").unwrap();
    assert!(export.is_container());
    assert_eq!((export.handler.as_deref(), export.dockerfile.as_deref()), (Some("web"), Some("Export.Dockerfile")));

    // A container whose package the import cannot tell keeps none, and the note says why.
    let imported = app.to_manifest("bindings.json", targets).unwrap();
    let function = |name: &str| imported.manifest.function(name).unwrap();
    let bound = |name: &str| -> Vec<String> {
        function(name).bind.iter().map(|b| format!("{}.{}", b.construct, b.id)).collect()
    };
    assert_eq!(bound("web"), ["Queue.jobs", "Table.notes"]);
    assert_eq!(bound("export"), ["Queue.jobs"]);
    assert_eq!((function("web").head.package.as_deref(), function("web").head.bin.as_deref()), (None, None));
    assert!(
        imported.notes.contains(
            &"function `web` runs in a container: web has no Cargo.toml, so its package and bin are left unset (its code names \
              it with `function = \"web\"`)"
                .to_owned()
        ),
        "{:?}",
        imported.notes
    );
    let found = |f: &AppFunction| {
        Ok(RustTarget { package: format!("{}-crate", f.id), bin: f.dockerfile.clone().unwrap_or("main".into()) })
    };
    let imported = app.to_manifest("bindings.json", found).unwrap();
    let web = imported.manifest.function("web").unwrap();
    assert_eq!((web.head.package.as_deref(), web.head.bin.as_deref()), (Some("web-crate"), Some("main")));
    let export = imported.manifest.function("export").unwrap();
    assert_eq!(
        (export.head.package.as_deref(), export.head.bin.as_deref()),
        (Some("export-crate"), Some("Export.Dockerfile"))
    );
}

/// The tree `construct-tree.mjs` writes for the app of `sst-resources-cli/tests/fixtures/sst-service/sst.config.ts`, whose
/// `sst build` output is that folder's template.
const SERVICE_TREE: &str = include_str!("testdata/service-tree.json");

#[test]
fn a_service_has_the_same_bindings_in_the_tree_and_in_the_build_output() {
    let template = include_str!("../../../sst-resources-cli/tests/fixtures/sst-service/test-svc-Web.template.json");
    let dist = read_dist(&[("test-svc-Web.template.json".into(), template.into())], ".sst/dist").unwrap();
    let tree = read_tree(SERVICE_TREE, "service-tree.json").unwrap();
    let web = |app: &SstApp| {
        let f = app.functions.iter().find(|f| f.id == "web").unwrap().clone();
        (f.runtime, f.handler, f.variables.into_iter().map(|(v, _)| v).collect::<Vec<_>>())
    };
    assert_eq!(web(&dist), web(&tree));
    let (runtime, handler, variables) = web(&dist);
    assert_eq!((runtime.as_deref(), handler.as_deref()), (Some("container"), Some("services/web")));
    assert_eq!(
        variables,
        ["MODE", "SST_APP", "SST_SSM_PREFIX", "SST_STAGE", "SST_Secret_value_KEY", "SST_Table_tableName_notes"]
    );
    let ssm = dist.functions[0].variables.iter().find(|(v, _)| v == "SST_Secret_value_KEY").unwrap();
    assert_eq!(ssm.1, Some(true));

    // A template whose Service names no task definition of its own is said to be wrong.
    let broken = template.replace(r#"\"task\":\""#, r#"\"task\":\"x"#);
    assert_eq!(
        read_dist(&[("test-svc-Web.template.json".into(), broken)], ".sst/dist").unwrap_err().to_string(),
        ".sst/dist/test-svc-Web.template.json: service `web`: its `data.task` names no task definition of the template"
    );
}
