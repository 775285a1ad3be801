//! The macro's arguments: `"bindings.json"` and an optional `function = "api"`.

use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// `sst_resources!("bindings.json", function = "api")`.
pub struct MacroInput {
    /// The manifest's path, relative to the crate's `Cargo.toml`.
    pub path: LitStr,
    /// The function this crate is, if named.
    pub function: Option<LitStr>,
}

impl Parse for MacroInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(
                input.error("expected the manifest's path: `sst_resources!(\"bindings.json\", function = \"api\")`")
            );
        }
        let path: LitStr = input.parse()?;
        let mut function = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            if key != "function" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}`; expected `function = \"...\"`"),
                ));
            }
            if function.is_some() {
                return Err(syn::Error::new(key.span(), "`function` is given twice"));
            }
            input.parse::<Token![=]>()?;
            function = Some(input.parse::<LitStr>()?);
        }
        Ok(MacroInput { path, function })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_arguments() {
        let input: MacroInput = syn::parse_str(r#""bindings.json", function = "api""#).unwrap();
        assert_eq!(input.path.value(), "bindings.json");
        assert_eq!(input.function.unwrap().value(), "api");
        let input: MacroInput = syn::parse_str(r#""bindings.json","#).unwrap();
        assert!(input.function.is_none());
    }

    #[test]
    fn rejects_what_it_does_not_know() {
        let error = syn::parse_str::<MacroInput>(r#""b.json", fn_name = "api""#).err().unwrap();
        assert_eq!(error.to_string(), "unknown argument `fn_name`; expected `function = \"...\"`");
        let error = syn::parse_str::<MacroInput>(r#""b.json", function = "a", function = "b""#).err().unwrap();
        assert_eq!(error.to_string(), "`function` is given twice");
        assert!(syn::parse_str::<MacroInput>("").is_err());
        assert!(syn::parse_str::<MacroInput>("bindings").is_err());
    }
}
