//! The functions whose code the crate being compiled is (`manifest::select` chooses them), and, for a
//! resource or link, which of them lack it. One binary behind several functions, or a library whose code
//! runs in every function of its package, compiles against what all of them have: a use that some lack
//! fails with SST's message, and a note names those that lack it.

use std::collections::HashSet;

use sst_binding_protocol::manifest::{CrateTarget, FunctionHead};
use sst_binding_protocol::text::in_backticks;

/// The functions the code runs in, each with the keys of what it may use, in manifest order.
#[derive(Debug)]
pub struct RunsIn {
    pub functions: Vec<(String, HashSet<String>)>,
    /// The crate, as `CrateTarget::describe` gives it (`package `p`, binary `b``).
    pub target: String,
}

impl RunsIn {
    /// The functions `select` chose for `target`, each by its name with the keys `keys` gives it.
    pub fn new<'f, F: AsRef<FunctionHead> + 'f>(
        functions: impl IntoIterator<Item = &'f F>,
        target: CrateTarget<'_>,
        keys: impl Fn(&F) -> HashSet<String>,
    ) -> RunsIn {
        let functions = functions.into_iter().map(|f| (f.as_ref().name.clone(), keys(f))).collect();
        RunsIn { functions, target: target.describe() }
    }

    /// The functions that lack `key`, in manifest order: empty where every one has it.
    pub fn lacking(&self, key: &str) -> Vec<&str> {
        self.functions.iter().filter(|(_, keys)| !keys.contains(key)).map(|(name, _)| name.as_str()).collect()
    }

    /// Where the code runs in more than one function, the note that says so and names those that lack a
    /// resource (`lacking`, from [`RunsIn::lacking`]) and the verb of the protocol (`bound`, `linked`).
    pub fn note(&self, lacking: &[&str], verb: &str) -> Option<String> {
        if self.functions.len() < 2 {
            return None;
        }
        let all = in_backticks(&self.functions.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>());
        let (names, is) = (in_backticks(lacking), if lacking.len() == 1 { "is" } else { "are" });
        Some(format!(
            "this code ({}) runs in the functions {all} and compiles against what every one of them is {verb} to: \
             {names} {is} not {verb} to it",
            self.target
        ))
    }
}

/// `the function `a`` or `the functions `a` and `b``.
pub fn the_functions(names: &[&str]) -> String {
    match names {
        [one] => format!("the function `{one}`"),
        _ => format!("the functions {}", in_backticks(names)),
    }
}

/// Where in the manifest the functions list what they use: `functions.a.bind` and `functions.b.bind`.
pub fn fields(names: &[&str], list: &str) -> String {
    let fields: Vec<String> = names.iter().map(|n| format!("functions.{n}.{list}")).collect();
    in_backticks(&fields.iter().map(String::as_str).collect::<Vec<_>>())
}
