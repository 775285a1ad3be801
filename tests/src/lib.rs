//! Helpers shared by the integration tests: the moto server they run against (`scripts/with-moto`), SSM
//! clients that count their calls, parameters to store, faults to inject into real answers, and a slow
//! network on loopback (`latency`).
//!
//! The app of `bindings.json` is bound to every resource the tests read; each test gives its values with
//! `sst_resources::testing::Values` under an app name of its own ([`app_name`]), so that tests share one
//! moto server without seeing each other's parameters.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_ssm::config::interceptors::{
    BeforeDeserializationInterceptorContextMut, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_sdk_ssm::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_ssm::types::ParameterType;
use sst_binding_protocol::names::{SsmPath, SsmPrefix};

pub mod latency;
pub mod needs;

sst_resources::sst_resources!("bindings.json", function = "tests");

/// What an interceptor hook may fail with.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The moto server of `scripts/with-moto`. Panics with what to do when the tests do not run under it:
/// these tests need a real SSM server and must not pass without one.
pub fn moto_endpoint() -> String {
    match std::env::var("AWS_ENDPOINT_URL") {
        Ok(url) if !url.is_empty() => {
            assert!(
                url.starts_with("http://127.0.0.1:") || url.starts_with("http://localhost:"),
                "AWS_ENDPOINT_URL is {url}: these tests only talk to a moto server on loopback"
            );
            url
        }
        _ => panic!(
            "AWS_ENDPOINT_URL is not set: these tests run against moto. Run them with \
             `scripts/with-moto cargo test -p sst-resources-tests` (or `scripts/test`)."
        ),
    }
}

/// An app name no other test (nor an earlier run against the same server) uses: `{name}-{unique}`.
pub fn app_name(name: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or_default();
    format!("{name}-{}-{nanos}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The stage the tests deploy to.
pub const STAGE: &str = "ci";

/// The SSM path of a value of `app` at [`STAGE`], under the default prefix.
pub fn stage_path(app: &str, construct: &str, id: &str, prop: &str) -> String {
    SsmPrefix::for_stage(None, app, STAGE).path(construct, id, prop).to_string()
}

/// The fallback path of Secret `id` of `app`.
pub fn fallback_path(app: &str, id: &str) -> String {
    SsmPath::secret_fallback(app, id).to_string()
}

/// A client for setting parameters up: moto's, with nothing counted.
pub async fn admin_client() -> aws_sdk_ssm::Client {
    moto_endpoint();
    aws_sdk_ssm::Client::from_conf(sst_resources::ssm::config().await)
}

/// Stores parameters, all at once: `(path, value)`, as SecureString (what `sst secrets set` writes).
pub async fn put_secrets(client: &aws_sdk_ssm::Client, parameters: &[(String, String)]) {
    put(client, parameters, ParameterType::SecureString).await;
}

/// Stores parameters, all at once: `(path, value)`, as String (what SST writes for site URLs).
pub async fn put_strings(client: &aws_sdk_ssm::Client, parameters: &[(String, String)]) {
    put(client, parameters, ParameterType::String).await;
}

async fn put(client: &aws_sdk_ssm::Client, parameters: &[(String, String)], kind: ParameterType) {
    let puts = parameters.iter().map(|(path, value)| {
        client.put_parameter().name(path).value(value).r#type(kind.clone()).overwrite(true).send()
    });
    for result in futures_util::future::join_all(puts).await {
        if let Err(error) = result {
            panic!("PutParameter failed: {}", aws_sdk_ssm::error::DisplayErrorContext(error));
        }
    }
}

/// Deletes parameters: `paths`, one call each.
pub async fn delete_parameters(client: &aws_sdk_ssm::Client, paths: &[String]) {
    let deletes = paths.iter().map(|path| client.delete_parameter().name(path).send());
    for result in futures_util::future::join_all(deletes).await {
        if let Err(error) = result {
            panic!("DeleteParameter failed: {}", aws_sdk_ssm::error::DisplayErrorContext(error));
        }
    }
}

/// The SSM calls a client made, seen by an interceptor: attempts of `GetParameters`, the most that were
/// in flight at once, and the number of names in each.
#[derive(Debug, Default)]
pub struct CallLog {
    attempts: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    names: Mutex<Vec<usize>>,
}

impl CallLog {
    pub fn new() -> Arc<CallLog> {
        Arc::new(CallLog::default())
    }

    /// `GetParameters` attempts (a retried call counts once per attempt).
    pub fn attempts(&self) -> usize {
        self.attempts.load(Ordering::SeqCst)
    }

    /// The most attempts that were in flight at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// The number of names of each attempt, in the order they were sent.
    pub fn names_per_call(&self) -> Vec<usize> {
        self.names.lock().map(|n| n.clone()).unwrap_or_default()
    }
}

/// Counts the `GetParameters` attempts of a client into a [`CallLog`].
#[derive(Debug)]
struct Counter(Arc<CallLog>);

impl Intercept for Counter {
    fn name(&self) -> &'static str {
        "CallLog"
    }

    fn read_before_attempt(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        if request.headers().get("x-amz-target") != Some("AmazonSSM.GetParameters") {
            return Err("this client is for GetParameters only".into());
        }
        let body: serde_json::Value = serde_json::from_slice(request.body().bytes().unwrap_or_default())?;
        let names = body["Names"].as_array().map(Vec::len).unwrap_or_default();
        self.0.names.lock().map_err(|_| "poisoned")?.push(names);
        self.0.attempts.fetch_add(1, Ordering::SeqCst);
        let now = self.0.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.0.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Ok(())
    }

    fn read_after_attempt(
        &self,
        _: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        Ok(())
    }
}

/// A fault put in place of moto's answer, for the first `times` attempts.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// `400 ThrottlingException`, as SSM answers over its rate.
    Throttling,
    /// A `200` whose body is not JSON.
    Malformed,
}

#[derive(Debug)]
struct Injector {
    fault: Fault,
    left: AtomicUsize,
}

impl Intercept for Injector {
    fn name(&self) -> &'static str {
        "FaultInjector"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if self.left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_err() {
            return Ok(());
        }
        let (status, body) = match self.fault {
            Fault::Throttling => (400, r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#),
            Fault::Malformed => (200, r#"{"Parameters": [{"Name": "/x", "Value"#),
        };
        let response = context.response_mut();
        *response.status_mut() = status.try_into()?;
        response.headers_mut().insert("content-type", "application/x-amz-json-1.1");
        response.headers_mut().remove("content-length");
        *response.body_mut() = aws_smithy_types::body::SdkBody::from(body);
        Ok(())
    }
}

/// A client of `config` that counts its calls into `log` (it makes `GetParameters` calls only).
pub fn count_calls(config: aws_sdk_ssm::config::Builder, log: &Arc<CallLog>) -> aws_sdk_ssm::Client {
    aws_sdk_ssm::Client::from_conf(config.interceptor(Counter(log.clone())).build())
}

/// A client for `load_with`: the configuration `load()` would use, counting its calls into `log`.
pub async fn counting_client(log: &Arc<CallLog>) -> aws_sdk_ssm::Client {
    moto_endpoint();
    count_calls(sst_resources::ssm::config().await.to_builder(), log)
}

/// [`counting_client`] whose calls go to `endpoint` (a [`latency::SlowProxy`] in front of moto, say).
pub async fn counting_client_at(log: &Arc<CallLog>, endpoint: &str) -> aws_sdk_ssm::Client {
    moto_endpoint();
    count_calls(sst_resources::ssm::config().await.to_builder().endpoint_url(endpoint), log)
}

/// [`counting_client`] whose first `times` answers are replaced by `fault`.
pub async fn faulty_client(log: &Arc<CallLog>, fault: Fault, times: usize) -> aws_sdk_ssm::Client {
    moto_endpoint();
    let injector = Injector { fault, left: AtomicUsize::new(times) };
    count_calls(sst_resources::ssm::config().await.to_builder().interceptor(injector), log)
}

/// A loopback port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("the port of a bound listener").port()
}

/// Reads `output`, a child's pipe, line by line on a thread of its own until `ready` finds in a line what
/// it waits for, and gives that. Panics, naming the child `what` and showing what it printed, when its
/// output ends first (it exited) or `limit` passes. The thread then reads the rest of the output, so that
/// the child never blocks on a full pipe.
pub fn wait_for_line<T: Send + 'static>(
    output: impl Read + Send + 'static,
    what: &str,
    limit: Duration,
    ready: impl Fn(&str) -> Option<T> + Send + 'static,
) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut output = BufReader::new(output);
        let mut printed = String::new();
        let mut line = Vec::new();
        while matches!(output.read_until(b'\n', &mut line), Ok(n) if n > 0) {
            let text = String::from_utf8_lossy(&line);
            if let Some(found) = ready(&text) {
                let _ = sender.send(Ok(found));
                // What the child prints from now on goes nowhere.
                let _ = std::io::copy(&mut output, &mut std::io::sink());
                return;
            }
            printed.push_str(&text);
            line.clear();
        }
        let _ = sender.send(Err(printed));
    });
    match receiver.recv_timeout(limit) {
        Ok(Ok(found)) => found,
        Ok(Err(printed)) => panic!("{what} exited before it was ready; it printed:\n{printed}"),
        Err(RecvTimeoutError::Timeout) => panic!("{what} was not ready within {limit:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("the reader of {what}'s output panicked"),
    }
}

/// A moto server of a test's own (for what would disturb the shared one, like enforcing IAM), stopped
/// when dropped.
pub struct OwnMoto {
    child: Child,
    /// `http://127.0.0.1:{port}`.
    pub endpoint: String,
}

impl OwnMoto {
    /// Starts `moto_server` (from `MOTO_SERVER`, which `scripts/with-moto` sets, else `.venv/bin/`) on a
    /// loopback port of its choosing, and waits until it says where it listens.
    pub fn start() -> OwnMoto {
        OwnMoto::start_with(&[])
    }

    /// A moto that keeps every request it gets, with its headers and body, in `file` (moto's recorder,
    /// `MOTO_ENABLE_RECORDING`); [`recorded`] reads them.
    pub fn recording(file: &std::path::Path) -> OwnMoto {
        OwnMoto::start_with(&[("MOTO_ENABLE_RECORDING", "True".as_ref()), ("MOTO_RECORDER_FILEPATH", file.as_os_str())])
    }

    fn start_with(env: &[(&str, &std::ffi::OsStr)]) -> OwnMoto {
        moto_endpoint();
        let program = std::env::var("MOTO_SERVER")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../.venv/bin/moto_server").to_owned());
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", "0"])
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        let mut moto = OwnMoto { child, endpoint: String::new() };
        let stderr = moto.child.stderr.take().unwrap_or_else(|| panic!("{program} has no stderr"));
        // Werkzeug prints the line once its socket listens (connections wait in its backlog from then on).
        let port = wait_for_line(stderr, &program, Duration::from_secs(30), |line| {
            let (_, rest) = line.split_once("Running on http://127.0.0.1:")?;
            rest.trim_end().parse::<u16>().ok()
        });
        moto.endpoint = format!("http://127.0.0.1:{port}");
        moto
    }
}

impl Drop for OwnMoto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl OwnMoto {
    /// Creates an IAM user with no permission at all and returns its access key and secret key; then
    /// makes the server enforce IAM (moto's `/moto-api/reset-auth`), so that this user is refused
    /// everything. Store what the test needs before calling it.
    pub fn user_without_permissions(&self, name: &str) -> (String, String) {
        let (status, body) = self.iam(&format!("Action=CreateUser&UserName={name}&Version=2010-05-08"));
        assert_eq!(status, 200, "CreateUser: {body}");
        let (status, body) = self.iam(&format!("Action=CreateAccessKey&UserName={name}&Version=2010-05-08"));
        assert_eq!(status, 200, "CreateAccessKey: {body}");
        let key = xml_text(&body, "AccessKeyId");
        let secret = xml_text(&body, "SecretAccessKey");
        let (status, body) = self.post("/moto-api/reset-auth", &[("Content-Type", "text/plain")], "0");
        assert_eq!(status, 200, "reset-auth: {body}");
        (key, secret)
    }

    /// An IAM query-protocol call; moto does not check signatures until it enforces IAM, and routes by
    /// the credential scope.
    fn iam(&self, form: &str) -> (u16, String) {
        let auth = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, \
                    Signature=0";
        self.post(
            "/",
            &[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Authorization", auth)],
            form,
        )
    }

    /// A plain HTTP/1.1 POST to this server.
    fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).expect("moto accepts connections");
        let mut request = format!("POST {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        stream.write_all(request.as_bytes()).expect("moto reads the request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("moto answers");
        let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_default();
        (status, response)
    }
}

/// The text of the first `<tag>` element of `xml`.
fn xml_text(xml: &str, tag: &str) -> String {
    let open = format!("<{tag}>");
    let start = xml.find(&open).map(|i| i + open.len()).unwrap_or_else(|| panic!("no <{tag}> in {xml}"));
    let end = xml[start..].find('<').map(|i| start + i).unwrap_or(xml.len());
    xml[start..end].to_owned()
}

/// A request moto's recorder kept.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub url: String,
    pub headers: serde_json::Map<String, serde_json::Value>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str())
    }

    /// The access key the request was signed with (`Credential=AKID/...` of SigV4's Authorization).
    pub fn access_key(&self) -> Option<&str> {
        let credential = self.header("Authorization")?.split("Credential=").nth(1)?;
        credential.split('/').next()
    }

    /// The service of the signature's scope (`sts`, `ssm`).
    pub fn service(&self) -> Option<&str> {
        let credential = self.header("Authorization")?.split("Credential=").nth(1)?;
        credential.split('/').nth(3)
    }

    /// The operation: `Action` of a query-protocol form, else the JSON protocols' `X-Amz-Target`.
    pub fn action(&self) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == "Action")
            .map(|(_, v)| v)
            .or_else(|| self.header("X-Amz-Target").and_then(|t| t.rsplit('.').next()).map(str::to_owned))
    }

    /// The fields of a form body (`application/x-www-form-urlencoded`), decoded.
    pub fn form(&self) -> Vec<(String, String)> {
        let decode = |s: &str| {
            let bytes = s.as_bytes();
            let mut out = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'+' => out.push(b' '),
                    b'%' if i + 2 < bytes.len() => {
                        let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                        out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                        i += 2;
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            String::from_utf8_lossy(&out).into_owned()
        };
        String::from_utf8_lossy(&self.body)
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// One field of the form body.
    pub fn param(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// Every request moto's recorder kept in `file` (one JSON object a line; a body in base64 where
/// `body_encoded`); none where the file does not exist yet.
pub fn recorded(file: &std::path::Path) -> Vec<Recorded> {
    use base64::Engine;
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .map(|line| {
            let entry: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("a recorded request is not JSON ({e}): {line}"));
            let text = |name: &str| entry.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let body = text("body");
            let body = if entry.get("body_encoded").and_then(|v| v.as_bool()).unwrap_or(false) {
                base64::engine::general_purpose::STANDARD
                    .decode(&body)
                    .unwrap_or_else(|e| panic!("a recorded body is not base64: {e}"))
            } else {
                body.into_bytes()
            };
            Recorded {
                method: text("method"),
                url: text("url"),
                headers: entry.get("headers").and_then(|h| h.as_object()).cloned().unwrap_or_default(),
                body,
            }
        })
        .collect()
}
