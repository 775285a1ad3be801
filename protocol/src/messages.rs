//! The texts users read (binding protocol §4): the same words as SST's Node helpers where those exist,
//! and what to do where Rust needs its own.

use std::fmt::Write;

use crate::catalog::Construct;

/// `Cannot use Bucket.myFiles. Please make sure it is bound to this function.`
/// (`Config.{id}` for `Secret` and `Parameter`, as the Node helpers say).
pub fn unbound(construct: &Construct, id: &str) -> String {
    unbound_named(construct.display_name(), id)
}

/// [`unbound`] with the display name already chosen (`Config` for secrets and parameters).
pub fn unbound_named(display_name: &str, id: &str) -> String {
    format!("Cannot use {display_name}.{id}. Please make sure it is bound to this function.")
}

/// `The following secret values are not set in the "{stage} stage": A, B` (quotes as SST places them).
pub fn secrets_not_set<S: AsRef<str>>(stage: &str, names: &[S]) -> String {
    let mut out = format!("The following secret values are not set in the \"{stage} stage\": ");
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name.as_ref());
    }
    out
}

/// `SST_APP` is missing: `Cannot access bound resources.` and what to do, which depends on whether the
/// code runs in Lambda (`AWS_LAMBDA_FUNCTION_NAME`).
pub fn no_app(lambda_function: Option<&str>) -> String {
    let mut out = String::from("Cannot access bound resources. ");
    match lambda_function {
        Some(name) => {
            let _ = write!(
                out,
                "The function `{name}` has no SST_APP environment variable: bind the resources to it in the app \
                 and deploy again (or set the variables `sst-resources env --function NAME` prints)."
            );
        }
        None => out.push_str(
            "SST_APP is not set: run the command under the bind CLI (`sst-resources bind -- <command>`), \
             or deploy the function with its bindings.",
        ),
    }
    out
}

/// A value kept in SSM was used before `load()` fetched it.
pub fn not_loaded(display_name: &str, id: &str, path: &str) -> String {
    format!(
        "Cannot use {display_name}.{id} yet: its value is stored in SSM at {path} and has not been loaded. Call \
         `sst_resources::load().await` once at cold start (in `main`, before `lambda_runtime::run`)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    #[test]
    fn the_node_helpers_words() {
        let catalog = Catalog::builtin();
        assert_eq!(
            unbound(catalog.get("Bucket").unwrap(), "myFiles"),
            "Cannot use Bucket.myFiles. Please make sure it is bound to this function."
        );
        assert_eq!(
            unbound(catalog.get("Secret").unwrap(), "STRIPE_KEY"),
            "Cannot use Config.STRIPE_KEY. Please make sure it is bound to this function."
        );
        assert_eq!(
            secrets_not_set("dev", &["A", "B"]),
            "The following secret values are not set in the \"dev stage\": A, B"
        );
        assert!(no_app(None).starts_with("Cannot access bound resources. "));
        assert!(no_app(None).contains("sst-resources bind -- <command>"));
        assert!(no_app(Some("api")).contains("`api`"));
    }
}
