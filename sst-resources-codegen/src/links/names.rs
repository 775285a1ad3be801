//! The Rust names of the links and their properties: each must be an identifier, and no two of one scope
//! the same (`apiKey` and `api_key` are both `api_key`). SST's own component names always are; a types
//! file written by hand or by another tool may not be.

use std::collections::HashMap;

use sst_binding_protocol::case::upper_camel_case;
use sst_binding_protocol::manifest::Position;
use sst_binding_protocol::names::rust_ident;
use sst_binding_protocol::sst_env::{LinkTypes, Prop, Type};

/// Every naming problem of the types, as `file:line:col: ...`.
pub fn check(types: &LinkTypes) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |at: Position, message: String| {
        problems.push(format!("{}:{}:{}: {message}", types.file, at.line, at.column));
    };
    let mut functions: HashMap<String, &str> = HashMap::new();
    for link in &types.links {
        let (function, struct_name) = (rust_ident(&link.name), upper_camel_case(&link.name));
        if !is_ident(&function) || !is_ident(&struct_name) || (function == "app" && link.name != "App") {
            say(
                link.at,
                format!(
                    "the link `{}` has no Rust name (`{function}`, `{struct_name}`): SST names links like `MyBucket`",
                    link.name
                ),
            );
            continue;
        }
        if let Some(first) = functions.insert(function.clone(), &link.name) {
            say(
                link.at,
                format!(
                    "the links `{first}` and `{}` are both `Resource::{function}()` in Rust; rename one",
                    link.name
                ),
            );
        }
        props(&link.name, &link.props, &mut say);
    }
    problems
}

fn props(owner: &str, list: &[Prop], say: &mut impl FnMut(Position, String)) {
    let mut fields: HashMap<String, &str> = HashMap::new();
    for prop in list {
        let field = rust_ident(&prop.key);
        if !is_ident(&field) {
            say(prop.at, format!("the property `{}` of `{owner}` has no Rust name (`{field}`)", prop.key));
            continue;
        }
        if let Some(first) = fields.insert(field.clone(), &prop.key) {
            say(
                prop.at,
                format!("the properties `{first}` and `{}` of `{owner}` are both `{field}` in Rust", prop.key),
            );
        }
        let mut ty = &prop.ty;
        while let Type::Array(item) = ty {
            ty = item;
        }
        if let Type::Object(inner) = ty {
            let struct_name = upper_camel_case(&prop.key);
            if !is_ident(&struct_name) {
                say(prop.at, format!("the object `{}` of `{owner}` has no Rust type name (`{struct_name}`)", prop.key));
                continue;
            }
            props(&format!("{owner}.{}", prop.key), inner, say);
        }
    }
}

/// Whether `name` is an identifier Rust takes (`r#type` included, `self` and `Self` not).
fn is_ident(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}
