//! The AWS plumbing that the runtime (`sst_resources::load()`, a Job's `run`) and the command line share,
//! each rule once: the HTTPS client every AWS client is made with, an error as one line, which errors are
//! throttling, and the limits of the SSM API they both call.

use aws_runtime::retries::classifiers::THROTTLING_ERRORS;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// The most names one SSM `GetParameters` call takes (the API's limit): longer lists are read in calls of
/// this many.
pub const GET_PARAMETERS_MAX_NAMES: usize = 10;

/// Runs `call` on `names` in batches of [`GET_PARAMETERS_MAX_NAMES`], all batches at the same time (one
/// round trip, however many names); the results in the order of the batches.
pub async fn in_get_parameters_batches<'a, T, F: Future>(
    names: &'a [T],
    call: impl FnMut(&'a [T]) -> F,
) -> Vec<F::Output> {
    futures_util::future::join_all(names.chunks(GET_PARAMETERS_MAX_NAMES).map(call)).await
}

/// Whether an AWS error code means throttling: the codes the AWS SDK's own retry classifier retries as
/// throttling (`ThrottlingException`, `Throttling`, `TooManyRequestsException`, `RequestLimitExceeded`,
/// ...), so that an error called throttled is one the SDK retried as such.
pub fn is_throttling(code: &str) -> bool {
    THROTTLING_ERRORS.contains(&code)
}

/// The HTTPS client of every AWS client: rustls with the `ring` provider (no C toolchain to build, unlike
/// `aws-lc`), the platform's root certificates.
pub fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(CryptoMode::Ring)).build_https()
}

/// An error and its sources as one line, joined by `: `, each text once: an SDK error often repeats its
/// source's text in its own, and its `Debug` (which holds the raw response) is too long for a line.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(error) = next {
        let text = error.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = error.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn throttling_is_what_the_sdk_retries_as_throttling() {
        for code in [
            "ThrottlingException",
            "Throttling",
            "ThrottledException",
            "RequestThrottledException",
            "TooManyRequestsException",
            "RequestLimitExceeded",
        ] {
            assert!(is_throttling(code), "{code}");
        }
        for code in ["AccessDeniedException", "ValidationException", "throttlingexception", ""] {
            assert!(!is_throttling(code), "{code}");
        }
    }

    #[test]
    fn an_error_chain_is_one_line_with_each_text_once() {
        let inner = Layer("connection refused", None);
        let middle = Layer("io error: connection refused", Some(Box::new(inner)));
        let outer = Layer("dispatch failure", Some(Box::new(middle)));
        assert_eq!(error_chain(&outer), "dispatch failure: io error: connection refused");
        assert_eq!(error_chain(&Layer("alone", None)), "alone");
        let empty = Layer("", Some(Box::new(Layer("cause", None))));
        assert_eq!(error_chain(&empty), "cause");
    }
}
