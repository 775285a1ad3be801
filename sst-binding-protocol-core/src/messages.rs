//! The texts users read (docs/sst-v2-binding-protocol.md §4): the same words as SST's Node helpers where those exist,
//! and what to do where Rust needs its own.

#[cfg(feature = "v2")]
mod v2;
#[cfg(feature = "v2")]
pub use v2::*;

/// SST v3/v4: a link was asked for where neither `SST_RESOURCE_App` nor an `App` link exists (SST's Node
/// reader's words, `sst/resource` 4.17.1).
pub const LINKS_INACTIVE: &str = "It does not look like SST links are active. If this is in local development and you \
                                  are not starting this process through the multiplexer, wrap your command with `sst \
                                  dev -- <command>`";

/// SST v3/v4: `"Jobs" is not linked in your sst.config.ts`, then ` to {function}` where
/// `AWS_LAMBDA_FUNCTION_NAME` is set (SST's Node reader's words).
pub fn not_linked(name: &str, function: Option<&str>) -> String {
    let mut out = format!("\"{name}\" is not linked in your sst.config.ts");
    if let Some(function) = function {
        out.push_str(" to ");
        out.push_str(function);
    }
    out
}

/// What SST rewrites the types from, said after every error about a link's value.
const LINK_TYPES_ADVICE: &str = "The app's sst-env.d.ts may be older than the app (SST rewrites it on `sst dev` and \
                                 `sst deploy`): run one, then build again.";

/// A link's value is not of the type `sst-env.d.ts` gives it: `path` is where in the link (`limits.retries`,
/// `subnets[2]`, empty for the link itself), `expected` and `found` JSON types (`a string`, `missing`), never
/// a value.
pub fn link_value(link: &str, path: &str, expected: &str, found: &str) -> String {
    let place = if path.is_empty() { format!("Link \"{link}\"") } else { format!("`{path}` of link \"{link}\"") };
    let found = if found == "missing" { "is missing".to_owned() } else { format!("is {found}") };
    format!("{place} {found}, not {expected}. {LINK_TYPES_ADVICE}")
}

/// The advice after an error about where links come from: what SST sets, and how to get it again.
const LINK_SOURCE_ADVICE: &str = "SST sets it when it deploys the function (or runs it under `sst dev` or `sst \
                                  shell`): deploy again, or run the command under `sst dev -- <command>`.";

/// `SST_RESOURCE_{Name}` or `SST_RESOURCES_JSON` is not JSON; `at` says where (`line 1 column 5`).
pub fn link_variable_not_json(var: &str, at: &str) -> String {
    format!("Cannot read SST's links: the variable {var} is not JSON ({at}). {LINK_SOURCE_ADVICE}")
}

/// `SST_RESOURCES_JSON` holds JSON that is not an object of links.
pub fn link_variable_not_object(var: &str, found: &str) -> String {
    format!("Cannot read SST's links: the variable {var} holds {found}, not an object of links. {LINK_SOURCE_ADVICE}")
}

/// `SST_KEY` does not decode to a key of 32 bytes (it is read as leniently as Node's base64 reader reads it).
pub fn link_key_length(key_var: &str, bytes: usize) -> String {
    format!(
        "Cannot read SST's links: the variable {key_var} must hold a 32-byte key in base64, and it decodes to \
         {bytes} bytes. {LINK_SOURCE_ADVICE}"
    )
}

/// The key file cannot be read (missing, a folder, no permission); `detail` is the system's reason.
pub fn link_file_unreadable(file_var: &str, path: &str, detail: &str) -> String {
    format!(
        "Cannot read SST's links: the key file {path} (from {file_var}) cannot be read: {detail}. The path is \
         relative to the working directory; the file is `resource.enc` in the function's bundle. {LINK_SOURCE_ADVICE}"
    )
}

/// The key file is shorter than its 16-byte authentication tag.
pub fn link_file_truncated(file_var: &str, path: &str, bytes: usize) -> String {
    format!(
        "Cannot read SST's links: the key file {path} (from {file_var}) has {bytes} bytes, fewer than the 16 of its \
         authentication tag: it is truncated. {LINK_SOURCE_ADVICE}"
    )
}

/// The key file does not decrypt with the key: a key of another deploy, or a changed file.
pub fn link_file_undecryptable(file_var: &str, path: &str, key_var: &str) -> String {
    format!(
        "Cannot read SST's links: the key file {path} (from {file_var}) does not decrypt with the key in {key_var}: \
         they come from different deploys, or the file was changed. {LINK_SOURCE_ADVICE}"
    )
}

/// The decrypted key file is not JSON, or not an object of links (`found` says which).
pub fn link_file_not_links(file_var: &str, path: &str, found: &str) -> String {
    format!(
        "Cannot read SST's links: the key file {path} (from {file_var}) decrypts to {found}, not a JSON object of \
         links. {LINK_SOURCE_ADVICE}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SST v3/v4's Node reader (`sst/resource` 4.17.1, `dist/resource/shared.js`), word for word.
    #[test]
    fn the_link_messages_are_sst_s() {
        assert_eq!(
            LINKS_INACTIVE,
            "It does not look like SST links are active. If this is in local development and you are not starting \
             this process through the multiplexer, wrap your command with `sst dev -- <command>`"
        );
        assert_eq!(not_linked("Jobs", None), "\"Jobs\" is not linked in your sst.config.ts");
        assert_eq!(not_linked("Jobs", Some("api")), "\"Jobs\" is not linked in your sst.config.ts to api");
    }
}
