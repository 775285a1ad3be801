//! A bound secret: `Debug` and `Display` never show it; read it with `ExposeSecret::expose_secret`.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// A secret value (a `Secret`, an `Auth` public key, a custom kind's `secret` prop).
///
/// ```
/// use sst_resources::{ExposeSecret, SecretValue};
/// let key = SecretValue::from("sk_test_abc123");
/// assert_eq!(format!("{key:?} {key}"), "SecretValue([REDACTED]) [REDACTED]");
/// assert_eq!(key.expose_secret(), "sk_test_abc123");
/// ```
pub struct SecretValue(SecretString);

impl ExposeSecret<str> for SecretValue {
    fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<String> for SecretValue {
    fn from(value: String) -> Self {
        SecretValue(SecretString::from(value))
    }
}

impl From<&str> for SecretValue {
    fn from(value: &str) -> Self {
        SecretValue(SecretString::from(value))
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretValue([REDACTED])")
    }
}

impl fmt::Display for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}
