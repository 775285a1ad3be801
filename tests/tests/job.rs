//! A bound Job's `run` and `cancel` against a real Lambda Invoke API on loopback: `cargo lambda watch`
//! (its Lambda APIs only) serving the tests' job manager (`src/bin/job-manager.rs`), invoked by the
//! generated accessor from a process whose environment is set as SST sets a function's.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use sst_resources::Error;
use sst_resources_tests::*;

/// The job manager binary, and its name as a function of the workspace (which `cargo lambda watch` checks).
const JOB_MANAGER: &str = env!("CARGO_BIN_EXE_job-manager");

/// A process group of its own, stopped (the whole group) when dropped.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.wait();
    }
}

fn spawn_in_own_group(command: &mut Command) -> Stopped {
    use std::os::unix::process::CommandExt;
    let child = command.process_group(0).spawn().unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    Stopped(child)
}

#[test]
fn a_job_runs_and_cancels_through_its_job_manager() {
    needs!(Moto, CargoLambda);
    if let Ok(mode) = std::env::var("SST_RESOURCES_JOB_CHILD") {
        return child(&mode);
    }
    let port = closed_port();
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut command = Command::new(needs::cargo_lambda());
    command
        .args(["lambda", "watch", "--only-lambda-apis", "--invoke-address", "127.0.0.1"])
        .args(["--invoke-port", &port.to_string(), "--timeout", "60"])
        .current_dir(workspace)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut watch = spawn_in_own_group(&mut command);
    let stdout = watch.0.stdout.take().unwrap_or_else(|| panic!("cargo lambda watch has no stdout"));
    // It reads the workspace's metadata first; `starting Runtime server` is its last line before it serves.
    let what = "cargo lambda watch (is cargo-lambda installed?)";
    wait_for_line(stdout, what, Duration::from_secs(60), |line| line.contains("starting Runtime server").then_some(()));
    // cargo-lambda logs that line just before it binds the port. The connects cover that one statement, a
    // millisecond each that one is refused; its start-up is what the line waited for.
    let mut refused = 0;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        refused += 1;
        assert!(refused < 1000, "cargo lambda watch said it was starting, but 127.0.0.1:{port} refuses connections");
        std::thread::sleep(Duration::from_millis(1));
    }
    let _job_manager = spawn_in_own_group(
        Command::new(JOB_MANAGER)
            .env("AWS_LAMBDA_RUNTIME_API", format!("http://127.0.0.1:{port}/.rt/job-manager"))
            .env("AWS_LAMBDA_FUNCTION_NAME", "job-manager")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
    );
    let endpoint = format!("http://127.0.0.1:{port}");
    let run = |mode: &str, function: &str| {
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "a_job_runs_and_cancels_through_its_job_manager", "--nocapture"])
            .env("SST_RESOURCES_JOB_CHILD", mode)
            .env("SST_APP", "jobs")
            .env("SST_STAGE", STAGE)
            .env("SST_Job_functionName_nightly", function)
            .env("AWS_ENDPOINT_URL", &endpoint)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .status()
            .unwrap();
        assert!(status.success(), "the child process `{mode}` failed");
    };
    run("jobs", "job-manager");
    run("missing", "no-such-function");
}

/// The child: a process with a Job bound, as SST deploys it.
fn child(mode: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let nightly = Job::nightly().unwrap();
        match mode {
            "jobs" => {
                // Each run reaches the job manager once, with SST's event: the ids count the runs.
                let id = nightly.run(&json!({ "title": "report" })).await.unwrap();
                assert_eq!(id.as_str(), r#"job-1:{"title":"report"}"#);
                #[derive(serde::Serialize)]
                struct Report<'a> {
                    day: &'a str,
                    pages: u32,
                }
                let id = nightly.run(&Report { day: "monday", pages: 3 }).await.unwrap();
                assert_eq!(id.as_str(), r#"job-2:{"day":"monday","pages":3}"#);
                nightly.cancel(&id).await.unwrap();

                let error = nightly.cancel("build-that-never-ran").await.unwrap_err();
                let text = error.to_string();
                assert!(matches!(error, Error::Job { .. }), "{error:?}");
                assert!(
                    text.starts_with(r#"Failed to cancel the "nightly" job id build-that-never-ran. Error: "#),
                    "{text}"
                );
                // `cargo lambda watch` answers a function error with a 500 (Lambda, with `FunctionError`).
                assert!(text.ends_with(". Error: HTTP 500: StopBuild: no build build-that-never-ran"), "{text}");
                let error = nightly.run(&json!({ "fail": true })).await.unwrap_err();
                let text = error.to_string();
                assert!(text.starts_with(r#"Failed to invoke the "nightly" job. Error: "#), "{text}");
                assert_eq!(
                    text,
                    r#"Failed to invoke the "nightly" job. Error: HTTP 500: StartBuild refused the payload"#
                );
                println!("job errors: {text}");
            }
            "missing" => {
                let error = nightly.run(&()).await.unwrap_err();
                let text = error.to_string();
                // `cargo lambda watch` answers as Lambda's `ResourceNotFoundException` would, in its words.
                let start = r#"Failed to invoke the "nightly" job. Error: HTTP 404: {"detail":"that function doesn't"#;
                assert!(text.starts_with(start), "{text}");
                println!("no job manager: {text}");
            }
            other => panic!("unknown mode {other}"),
        }
    });
}
