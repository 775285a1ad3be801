//! What a failed `GetParameters` call becomes: one named error per fault, with what to do, never a value.

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ssm::config::http::HttpResponse;
use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_ssm::operation::get_parameters::GetParametersError;
use sst_binding_protocol_core::names::SsmPath;
use sst_resources_aws::{error_chain, is_throttling};

use crate::Error;

/// Error codes of a refused call (SSM's JSON protocol says the first; some endpoints the second).
const ACCESS_DENIED: &[&str] = &["AccessDeniedException", "AccessDenied"];

/// The error of a failed call for `paths`, made by a client with `config` (and `endpoint`, where known).
pub(super) fn classify(
    error: SdkError<GetParametersError, HttpResponse>,
    paths: &[SsmPath],
    config: &aws_sdk_ssm::Config,
    endpoint: Option<&str>,
) -> Error {
    let denied =
        |message: String| Error::SsmAccessDenied { ssm_paths: paths.iter().map(|p| p.to_string()).collect(), message };
    if let Some(credentials) = credentials_error(&error) {
        return Error::SsmCredentials { detail: error_chain(credentials) };
    }
    match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => Error::SsmUnreachable {
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
            endpoint: endpoint.map(str::to_owned),
            detail: error_chain(&error),
        },
        SdkError::ResponseError(context) => {
            let raw = context.raw();
            let status = raw.status().as_u16();
            if status == 403 {
                // A refusal in a shape the SDK does not read (XML, as some endpoints and moto send).
                return denied(xml_message(raw.body().bytes()).unwrap_or_else(|| format!("HTTP {status}")));
            }
            let reason = std::error::Error::source(&error).map(without_quotes).unwrap_or_default();
            Error::SsmMalformedResponse { detail: format!("HTTP {status}: {reason}") }
        }
        SdkError::ServiceError(context) => {
            let code = error.code();
            let message =
                error.message().map(str::to_owned).unwrap_or_else(|| format!("HTTP {}", context.raw().status()));
            match code {
                Some(code) if ACCESS_DENIED.contains(&code) => denied(message),
                None if context.raw().status().as_u16() == 403 => denied(message),
                Some(code) if is_throttling(code) => Error::SsmThrottled {
                    attempts: config.retry_config().map(|r| r.max_attempts()).unwrap_or(1),
                    code: code.to_owned(),
                },
                _ => Error::Ssm { code: code.map(str::to_owned), message },
            }
        }
        _ => Error::Ssm { code: None, message: error_chain(&error) },
    }
}

/// The credential chain's error, where the call failed for want of credentials.
fn credentials_error<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<CredentialsError>() {
            return Some(error);
        }
        current = error.source();
    }
    None
}

/// The error line ([`error_chain`]) cut at the first quote: a parser quotes what it could not read, and
/// that may be part of a value.
fn without_quotes(error: &(dyn std::error::Error + 'static)) -> String {
    let text = error_chain(error);
    match text.find(['\'', '"', '`']) {
        Some(quote) => text[..quote].trim_end().to_owned(),
        None => text,
    }
}

/// The `<Message>` of an XML error body.
fn xml_message(body: Option<&[u8]>) -> Option<String> {
    let body = std::str::from_utf8(body?).ok()?;
    let start = body.find("<Message>")? + "<Message>".len();
    let end = start + body[start..].find("</Message>")?;
    Some(body[start..end].to_owned())
}
