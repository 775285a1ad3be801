//! When the macro cannot expand normally: one `compile_error!` a problem, at the manifest path, and the
//! items of whatever was valid with every resource treated as bound — so the user's uses of them do not
//! add a cascade of "cannot find type" errors to the real problems.

use proc_macro2::TokenStream;
use quote::quote_spanned;

use crate::ast::MacroInput;
use crate::expand;
use crate::model::Failure;

pub fn items(input: &MacroInput, failure: &Failure) -> TokenStream {
    let span = input.path.span();
    let mut out = TokenStream::new();
    for message in &failure.messages {
        out.extend(quote_spanned!(span=> ::core::compile_error!(#message);));
    }
    if let Some(partial) = &failure.partial {
        out.extend(expand::items(partial));
    }
    out
}
