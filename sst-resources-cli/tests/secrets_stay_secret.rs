//! The command line prints a secret value only when asked (`secrets get`, `secrets list`): every other
//! command and every error path it has is driven with distinctive secret values, and all it printed is
//! searched for them. Run with `scripts/with-moto cargo test -p sst-resources-cli --test secrets_stay_secret`.

mod common;

use common::{Project, Run, moto};
use sst_resources_tests::needs;

/// Secret values that appear nowhere but where the test puts them.
const IN_VALUES_FILE: &str = "values-secret-Xr52Gm7u";
const IN_REDIS: &str = "redis-secret-Tc19Wa4k";
const IN_DOTENV: &str = "dotenv-secret-Lf83Np2e";
const IN_SSM: &str = "ssm-secret-Bh64Qz9s";
const IN_FALLBACK: &str = "fallback-secret-Ue27Kc5j";
const SECRETS: &[&str] = &[IN_VALUES_FILE, IN_REDIS, IN_DOTENV, IN_SSM, IN_FALLBACK];

/// Everything the runs printed, by the command that printed it.
#[derive(Default)]
struct Printed(Vec<(String, String)>);

impl Printed {
    fn add(&mut self, args: &[&str], run: &Run) {
        self.0.push((args.join(" "), format!("{}\n{}", run.stdout, run.stderr)));
    }

    #[track_caller]
    fn holds_no_secret(&self) {
        for (command, output) in &self.0 {
            for secret in SECRETS {
                assert!(!output.contains(secret), "`{command}` printed {secret}:\n{output}");
            }
        }
    }
}

fn values_file() -> String {
    format!(
        r#"{{
  "Bucket": {{ "myFiles": {{ "bucketName": "my-files-bucket-1234" }} }},
  "Secret": {{ "STRIPE_KEY": {{ "value": "{IN_VALUES_FILE}" }} }},
  "Parameter": {{ "MY_CLUSTER_NAME": {{ "value": "cluster-1" }} }},
  "Redis": {{ "cache": {{ "host": "localhost", "port": 6379, "password": "{IN_REDIS}" }} }}
}}
"#
    )
}

#[test]
fn no_command_prints_a_secret_it_was_not_asked_for() {
    let p = Project::new("no-leak");
    p.write("values.json", &values_file());
    // Each a problem right next to a secret value.
    let broken = [
        format!(r#"{{ "Secret": {{ "STRIPE_KEY": {{ "value": "{IN_VALUES_FILE}", "valu": "{IN_REDIS}" }} }} }}"#),
        format!(r#"{{ "Secret": {{ "2x": {{ "value": "{IN_VALUES_FILE}" }} }}, "Buckett": {{}} }}"#),
        format!(r#"{{ "Secret": {{ "STRIPE_KEY": {{ "value": "{IN_VALUES_FILE}" x }} }} }}"#),
        format!(r#"{{ "Secret": {{ "STRIPE_KEY": {{ "value": "{IN_VALUES_FILE}", "value": "{IN_REDIS}" }} }} }}"#),
        format!(r#"{{ "Secret": {{ "STRIPE_KEY": {{ "value": ["{IN_VALUES_FILE}"] }} }} }}"#),
        format!("{{ \"Secret\": {{ \"STRIPE_KEY\": {{ \"value\": \"{IN_VALUES_FILE}"),
    ];
    let dotenv = [
        format!("STRIPE_KEY={IN_DOTENV}\n2BAD={IN_DOTENV}\n"),
        format!("{IN_DOTENV}\n"),
        format!("STRIPE_KEY='{IN_DOTENV}\n"),
        format!("STRIPE_KEY=\"{IN_DOTENV}\\q\"\n"),
        format!("= {IN_DOTENV}\n"),
        format!("LONG={}{IN_DOTENV}\n", "x".repeat(9000)),
    ];
    let mut printed = Printed::default();
    let mut run = |args: &[&str]| {
        let run = p.run_without_aws(args);
        printed.add(args, &run);
        run
    };

    // What needs no AWS: bind and env from the values file, policy, check.
    run(&["--stage", "dev", "bind", "--values", "values.json", "--", "true"]).ok();
    run(&["--stage", "dev", "bind", "--function", "api", "--values", "values.json", "--", "true"]).ok();
    run(&["--stage", "dev", "bind", "--values", "values.json", "--", "false"]).code(1);
    run(&["--stage", "dev", "bind", "--values", "values.json", "--", "no-such-command-anywhere"]).code(127);
    for format in ["dotenv", "json"] {
        let env =
            run(&["--stage", "dev", "env", "--function", "worker", "--values", "values.json", "--format", format]);
        env.ok();
        assert!(env.stdout.contains("__FETCH_FROM_SSM__"), "{}", env.stdout);
    }
    run(&["--stage", "dev", "env", "--function", "api", "--values", "values.json"]).code(1);
    run(&["--stage", "dev", "policy", "--function", "worker", "--values", "values.json", "--account", "123456789012"]);
    run(&["check"]).ok();
    for (i, text) in broken.iter().enumerate() {
        let file = format!("broken-{i}.json");
        p.write(&file, text);
        run(&["--stage", "dev", "bind", "--values", &file, "--", "true"]).code(1);
        run(&["--stage", "dev", "env", "--function", "worker", "--values", &file]).code(1);
    }
    for (i, text) in dotenv.iter().enumerate() {
        let file = format!("bad-{i}.env");
        p.write(&file, text);
        // Refused for its problem, or (a line the reader takes) for want of AWS: either way, no value shown.
        run(&["--stage", "dev", "secrets", "load", &file]);
    }
    // Setting with no way to AWS: the value was read, and the error is about AWS.
    run(&["--stage", "dev", "secrets", "set", "STRIPE_KEY", IN_DOTENV]);
    run(&["--stage", "dev", "secrets", "set", "2BAD", IN_DOTENV]).code(1);
    run(&["--stage", "dev", "secrets", "set", "STRIPE_KEY", &format!("{}{IN_DOTENV}", "x".repeat(9000))]).code(1);
    assert!(printed.0.len() > 20);
    printed.holds_no_secret();
}

#[test]
fn against_ssm_only_get_and_list_print_a_secret() {
    needs!(Moto);
    moto();
    let p = Project::new("no-leak-ssm");
    let mut printed = Printed::default();
    let mut dev = |args: &[&str]| {
        let args = [&["--stage", "dev"], args].concat();
        let run = p.run(&args);
        printed.add(&args, &run);
        run
    };
    dev(&["secrets", "set", "STRIPE_KEY", IN_SSM]).ok();
    dev(&["secrets", "set", "STRIPE_KEY", "--fallback", IN_FALLBACK]).ok();
    p.write("ssm.env", &format!("STRIPE_KEY={IN_SSM}\n"));
    dev(&["secrets", "load", "ssm.env"]).ok();
    dev(&["bind", "--", "true"]).ok();
    dev(&["bind", "--function", "api", "--", "true"]).ok();
    dev(&["bind", "--function", "worker", "--", "false"]).code(1);
    dev(&["env", "--function", "api"]);
    dev(&["secrets", "get", "NOT_SET"]).code(1);
    dev(&["secrets", "remove", "NOT_SET"]).code(1);
    printed.holds_no_secret();

    // Asked for, they are printed: the search would have found them.
    let get = p.run(&["--stage", "dev", "secrets", "get", "STRIPE_KEY"]);
    assert_eq!(get.ok().stdout, format!("{IN_SSM}\n"));
    let list = p.run(&["--stage", "dev", "secrets", "list"]);
    assert!(list.ok().stdout.contains(IN_SSM), "{}", list.stdout);
    // `list --fallback` shows only fallback values no stage value hides (as SST): the stage has one here.
    let fallback = p.run(&["secrets", "get", "STRIPE_KEY", "--fallback"]);
    assert_eq!(fallback.ok().stdout, format!("{IN_FALLBACK}\n"));
}
