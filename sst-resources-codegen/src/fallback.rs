//! When the macro cannot expand normally: one `compile_error!` a problem, at the manifest path, and the
//! items of whatever was valid with every resource treated as bound — so the user's uses of them do not
//! add a cascade of "cannot find type" errors to the real problems.

use proc_macro2::TokenStream;
use quote::quote_spanned;

use crate::ast::MacroInput;
#[cfg(feature = "v2")]
use crate::{expand, model::Failure};

/// One `compile_error!` a message, at the manifest path.
pub fn errors(input: &MacroInput, messages: &[String]) -> TokenStream {
    let span = input.path.span();
    let mut out = TokenStream::new();
    for message in messages {
        out.extend(quote_spanned!(span=> ::core::compile_error!(#message);));
    }
    out
}

/// The errors of an SST v2 manifest, and the items of what was valid.
#[cfg(feature = "v2")]
pub fn items(input: &MacroInput, failure: &Failure) -> TokenStream {
    let mut out = errors(input, &failure.messages);
    if let Some(partial) = &failure.partial {
        out.extend(expand::items(partial));
    }
    out
}
