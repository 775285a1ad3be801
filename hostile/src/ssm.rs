//! The `ssm_answer` property: what `load()` makes of any answer from SSM to `GetParameters`, through the
//! SSM client of the AWS SDK (feature `ssm`). `fuzz/` builds its other targets without it: the SDK is most
//! of what a build with it compiles.

use std::sync::{Mutex, OnceLock};

use arbitrary::{Arbitrary, Unstructured};
use aws_sdk_ssm::config::{BehaviorVersion, Credentials, Region, StalledStreamProtectionConfig};
use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture, SharedHttpConnector, http_client_fn};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use sst_binding_protocol::names::{FETCH_FROM_SSM, SsmPath, SsmPrefix};
use sst_resources::testing::Values;
use sst_resources::{Error, ExposeSecret};

use crate::{Config, MARKER, Redis, StaticSite};

/// An answer of SSM to `GetParameters`, as the fuzzer makes it: any bytes, or parameters with values
/// that are markers (so that a value showing in an error is found), maybe cut short.
#[derive(Arbitrary, Debug)]
enum Answer {
    Raw {
        status: u16,
        body: Vec<u8>,
    },
    Parameters {
        status: Status,
        parameters: Vec<Parameter>,
        invalid: Vec<Name>,
        error_type: Option<String>,
        cut: Option<u16>,
    },
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Status {
    Ok,
    BadRequest,
    Forbidden,
    ServerError,
}

#[derive(Arbitrary, Debug)]
struct Parameter {
    name: Name,
    /// Whether the parameter has its `Value` (a marker).
    value: bool,
    kind: Option<String>,
}

/// A parameter name: one the load asked for (at the stage or the fallback), or any other.
#[derive(Arbitrary, Debug)]
enum Name {
    Stage(u8),
    Fallback(u8),
    Other(String),
    Missing,
}

/// What SSM's answers hold: its error types and parameter types, among any text.
const ERROR_TYPES: &[&str] =
    &["ValidationException", "AccessDeniedException", "ThrottlingException", "InternalServerError"];
const KINDS: &[&str] = &["String", "SecureString", "StringList"];

impl Answer {
    /// An answer as a coverage-guided fuzzer comes to make them: often every name the load asked for,
    /// with or without values, among others; now and then an error type, another status, a body cut
    /// short or any bytes. (Random bytes decoded as [`Arbitrary`] almost never hold a value under a name
    /// asked for: 8 values in 20,000 answers.)
    fn random(rng: &mut fastrand::Rng) -> Answer {
        let text = |rng: &mut fastrand::Rng| -> String {
            let len = rng.usize(0..12);
            (0..len).map(|_| rng.char(..)).collect()
        };
        let name = |rng: &mut fastrand::Rng| match rng.u8(0..8) {
            0..=3 => Name::Stage(rng.u8(..)),
            4 | 5 => Name::Fallback(rng.u8(..)),
            6 => Name::Other(text(rng)),
            _ => Name::Missing,
        };
        let one_in = |rng: &mut fastrand::Rng, n: u8| rng.u8(0..n) == 0;
        if one_in(rng, 10) {
            let len = rng.usize(0..64);
            let body = (0..len).map(|_| rng.u8(..)).collect();
            return Answer::Raw { status: rng.u16(..), body };
        }
        let status = if one_in(rng, 4) {
            [Status::BadRequest, Status::Forbidden, Status::ServerError][rng.usize(0..3)]
        } else {
            Status::Ok
        };
        let kind = |rng: &mut fastrand::Rng| match rng.u8(0..4) {
            0 | 1 => None,
            2 => Some(KINDS[rng.usize(0..KINDS.len())].to_owned()),
            _ => Some(text(rng)),
        };
        // Half the answers hold every name asked for (as SSM's do), the others any few.
        let mut parameters: Vec<Parameter> = match rng.bool() {
            true => (0u8..)
                .take(FETCHED.len())
                .map(|i| Parameter { name: Name::Stage(i), value: !one_in(rng, 8), kind: kind(rng) })
                .collect(),
            false => Vec::new(),
        };
        for _ in 0..rng.usize(0..4) {
            let at = rng.usize(0..=parameters.len());
            parameters.insert(at, Parameter { name: name(rng), value: !one_in(rng, 4), kind: kind(rng) });
        }
        let invalid = (0..rng.usize(0..3)).map(|_| name(rng)).collect();
        let error_type = one_in(rng, 8).then(|| match rng.bool() {
            true => ERROR_TYPES[rng.usize(0..ERROR_TYPES.len())].to_owned(),
            false => text(rng),
        });
        let cut = one_in(rng, 8).then(|| rng.u16(..));
        Answer::Parameters { status, parameters, invalid, error_type, cut }
    }
}

/// What the load of [`ssm_answer`] fetches: `(construct, id, prop)`, all bound with `__FETCH_FROM_SSM__`.
const FETCHED: &[(&str, &str, &str)] = &[
    ("Secret", "STRIPE_KEY", "value"),
    ("Secret", "my-token", "value"),
    ("StaticSite", "site", "url"),
    ("Redis", "cache", "password"),
];
const APP: &str = "fuzz-app";
const STAGE: &str = "fuzz";

/// `load()` given any answer from SSM: a value or a named error, and never a value from the answer in
/// the error; an accessor gives a value the answer held for its path.
pub fn ssm_answer(data: &[u8]) {
    if let Ok(answer) = Answer::arbitrary_take_rest(Unstructured::new(data)) {
        check(answer);
    }
}

/// What the accessors made of one answer: so many values read, so many errors (a failed `load()` is one).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    pub values: usize,
    pub errors: usize,
}

/// [`ssm_answer`]'s property for the random answer that `seed` makes ([`Answer::random`]): the same
/// answer for the same seed. Says what the accessors read, so that a test of many can show that they
/// reach both values and errors.
pub fn ssm_answer_random(seed: u64) -> Reads {
    check(Answer::random(&mut fastrand::Rng::with_seed(seed)))
}

fn check(answer: Answer) -> Reads {
    let stage_paths: Vec<SsmPath> =
        FETCHED.iter().map(|(c, id, prop)| SsmPrefix::for_stage(None, APP, STAGE).path(c, id, prop)).collect();
    let fallback_paths: Vec<SsmPath> = FETCHED.iter().map(|(_, id, _)| SsmPath::secret_fallback(APP, id)).collect();
    let (status, body, markers) = answer.render(&stage_paths, &fallback_paths);
    *ANSWER.lock().unwrap_or_else(|p| p.into_inner()) = (status, body);

    let mut values = Values::new(APP, STAGE).set("Redis", "cache", "host", "localhost");
    for (construct, id, prop) in FETCHED {
        values = values.set(construct, id, prop, FETCH_FROM_SSM);
    }
    let (runtime, client) = ssm_client();
    let results = runtime.block_on(values.scope(async {
        sst_resources::load_with(client).await?;
        let read = [
            Config::stripe_key().map(|v| v.expose_secret().to_owned()),
            Config::my_token().map(|v| v.expose_secret().to_owned()),
            StaticSite::site().map(|v| v.url.to_owned()),
            Redis::cache().map(|v| v.password.expose_secret().to_owned()),
        ];
        Ok::<_, Error>(read)
    }));
    let mut reads = Reads::default();
    match results {
        Err(error) => {
            no_value(&error, &markers);
            reads.errors += 1;
        }
        Ok(read) => {
            for (i, result) in read.iter().enumerate() {
                match result {
                    Err(error) => {
                        no_value(error, &markers);
                        reads.errors += 1;
                    }
                    Ok(value) => {
                        reads.values += 1;
                        let fallback = (FETCHED[i].0 == "Secret").then(|| fallback_paths[i].as_str());
                        let held = markers.iter().any(|(path, m)| {
                            m == value && (path == stage_paths[i].as_str() || Some(path.as_str()) == fallback)
                        });
                        assert!(
                            held,
                            "{} read {value:?}, which the answer does not hold for it: {markers:?}",
                            FETCHED[i].1
                        );
                    }
                }
            }
        }
    }
    reads
}

/// The error shows none of the values the answer held. (Text of SSM's own, such as the message of an
/// error answer, may be shown: a raw body the fuzzer wrote is no parameter's value.)
fn no_value(error: &Error, markers: &[(String, String)]) {
    for text in [error.to_string(), format!("{error:?}")] {
        for (_, marker) in markers {
            // `SECRET-MARKER-1` is the start of `SECRET-MARKER-12`: a marker counts where no digit follows.
            let shown = text
                .match_indices(marker.as_str())
                .any(|(at, m)| !text[at + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
            assert!(!shown, "an error shows the value {marker} from SSM: {text}");
        }
    }
}

impl Answer {
    /// The status and body, and each marker with the name it was given under.
    fn render(self, stage: &[SsmPath], fallback: &[SsmPath]) -> (u16, Vec<u8>, Vec<(String, String)>) {
        let (status, parameters, invalid, error_type, cut) = match self {
            Answer::Raw { status, body } => return (status, body, Vec::new()),
            Answer::Parameters { status, parameters, invalid, error_type, cut } => {
                (status, parameters, invalid, error_type, cut)
            }
        };
        let name = |n: &Name| -> Option<String> {
            match n {
                Name::Stage(i) => Some(stage[usize::from(*i) % stage.len()].to_string()),
                Name::Fallback(i) => Some(fallback[usize::from(*i) % fallback.len()].to_string()),
                Name::Other(other) => Some(other.clone()),
                Name::Missing => None,
            }
        };
        let mut markers = Vec::new();
        let mut list = Vec::new();
        for (i, p) in parameters.iter().enumerate() {
            let mut object = serde_json::Map::new();
            let n = name(&p.name);
            if let Some(n) = &n {
                object.insert("Name".into(), n.clone().into());
            }
            if p.value {
                let marker = format!("{MARKER}{i}");
                object.insert("Value".into(), marker.clone().into());
                if let Some(n) = n {
                    markers.push((n, marker));
                }
            }
            if let Some(kind) = &p.kind {
                object.insert("Type".into(), kind.clone().into());
            }
            list.push(serde_json::Value::Object(object));
        }
        let mut body = serde_json::Map::new();
        body.insert("Parameters".into(), list.into());
        body.insert("InvalidParameters".into(), invalid.iter().filter_map(name).collect::<Vec<_>>().into());
        if let Some(error_type) = error_type {
            body.insert("__type".into(), error_type.into());
        }
        let mut bytes = serde_json::Value::Object(body).to_string().into_bytes();
        if let Some(cut) = cut {
            bytes.truncate(usize::from(cut) % (bytes.len() + 1));
        }
        let status = match status {
            Status::Ok => 200,
            Status::BadRequest => 400,
            Status::Forbidden => 403,
            Status::ServerError => 500,
        };
        (status, bytes, markers)
    }
}

/// The answer the client of [`ssm_client`] gives to every call.
static ANSWER: Mutex<(u16, Vec<u8>)> = Mutex::new((200, Vec::new()));

/// Answers every request with [`ANSWER`]: the bytes of a fuzzed SSM, no network.
#[derive(Debug)]
struct Replay;

impl HttpConnector for Replay {
    fn call(&self, _: HttpRequest) -> HttpConnectorFuture {
        let (status, body) = ANSWER.lock().map(|a| a.clone()).unwrap_or_else(|p| p.into_inner().clone());
        let status =
            StatusCode::try_from(status).unwrap_or_else(|_| StatusCode::try_from(500).expect("500 is a status"));
        HttpConnectorFuture::ready(Ok(HttpResponse::new(status, SdkBody::from(body))))
    }
}

/// One runtime and one client for every input: the client answers with [`ANSWER`], makes one attempt
/// a call (a retry would only wait) and signs with dummy credentials.
fn ssm_client() -> &'static (tokio::runtime::Runtime, aws_sdk_ssm::Client) {
    static CLIENT: OnceLock<(tokio::runtime::Runtime, aws_sdk_ssm::Client)> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let config = aws_sdk_ssm::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("fuzz", "fuzz", None, None, "fuzz"))
            .http_client(http_client_fn(|_, _| SharedHttpConnector::new(Replay)))
            .retry_config(aws_sdk_ssm::config::retry::RetryConfig::disabled())
            .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
            .build();
        (runtime, aws_sdk_ssm::Client::from_conf(config))
    })
}
