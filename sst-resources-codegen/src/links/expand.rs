//! Generates the items of a v3 app: `Resource` with one accessor per link (and `app()`), one struct per
//! link in the module `links` (nested objects in modules named after their link), and for each link the
//! function lacks a marker trait whose `on_unimplemented` message is SST's, required where it is called.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use sst_binding_protocol::messages;
use sst_binding_protocol::names::rust_ident;
use sst_binding_protocol::releases::{self, NEWEST_CHECKED, TypeSpelling};
use sst_binding_protocol::sst_env::{Link, Prop, Type};

use super::{LinkScope, LinksModel};
use crate::runs_in::{self, RunsIn};

/// The module that holds the marker traits of the links the function lacks.
const UNLINKED_MODULE: &str = "__sst_resources_unlinked";

/// SST's type of a secret: its `value` is a `SecretValue`.
const SECRET_TYPE: &str = "sst.sst.Secret";

/// SST gives every function the app's name and stage as the link `App`.
const APP: &str = "App";

/// All items of a valid (or fallback) model.
pub fn items(model: &LinksModel) -> TokenStream {
    let includes = model.files.iter().map(|f| {
        let path = f.to_string_lossy();
        quote!(
            const _: &str = ::core::include_str!(#path);
        )
    });
    let mut structs = Module::default();
    let mut accessors = Vec::new();
    let mut markers = Vec::new();
    let declares_app = model.types.link(APP).is_some();
    if !declares_app {
        let app = app_link();
        accessors.push(accessor(model, &app, &mut structs, &mut markers));
    }
    for link in &model.types.links {
        accessors.push(accessor(model, link, &mut structs, &mut markers));
    }
    let doc = [resource_doc(model), String::new(), reading_doc(model)];
    let structs = structs.tokens();
    let markers = (!markers.is_empty()).then(|| {
        let module = format_ident!("{}", UNLINKED_MODULE);
        quote! {
            /// Marker traits of the links this function lacks (see `sst_resources!`).
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            pub mod #module { #(#markers)* }
        }
    });
    quote! {
        #(#includes)*
        #(#[doc = #doc])*
        #[allow(dead_code)]
        pub enum Resource {}

        // `Ok(x?)` converts nothing here, but keeps every value's read one expression.
        #[allow(dead_code, clippy::needless_question_mark)]
        impl Resource { #(#accessors)* }

        /// The types of the app's links, one struct per link (`Resource::my_bucket()` gives a `links::MyBucket`).
        #[allow(dead_code, clippy::upper_case_acronyms)]
        pub mod links { #structs }

        #markers
    }
}

/// `App`, as SST gives it to every function where the types file does not declare it.
fn app_link() -> Link {
    let prop = |key: &str| Prop { key: key.to_owned(), ty: Type::String, at: Default::default() };
    Link { name: APP.to_owned(), props: vec![prop("name"), prop("stage")], binding: None, at: Default::default() }
}

fn resource_doc(model: &LinksModel) -> String {
    match &model.scope {
        LinkScope::App => format!(
            " The app's links, from `{}`: one accessor a link, read as SST's `Resource` reads them.",
            model.types.file
        ),
        LinkScope::Functions { runs_in, manifest } => {
            let names: Vec<&str> = runs_in.functions.iter().map(|(name, _)| name.as_str()).collect();
            format!(
                " The links of {} (`{manifest}`), typed by `{}`: one accessor a link of the app; a link {} \
                 does not compile.",
                runs_in::the_functions(&names),
                model.types.file,
                if names.len() == 1 { "the function lacks" } else { "any of them lacks" }
            )
        }
    }
}

/// Which release's reader the accessors follow, and what that means for the sources and a link's `type`.
fn reading_doc(model: &LinksModel) -> String {
    let Some(release) = model.release else {
        return format!(
            " Links are read as the reader of SST {NEWEST_CHECKED}, the newest release checked, reads them (no \
             `\"sst\"` release is recorded beside `\"links\"` in a bindings.json)."
        );
    };
    let reading = releases::LinkReading::of(release);
    let sources = if !reading.resources_json {
        "`SST_RESOURCE_*`, then the key file over them (`SST_RESOURCES_JSON` is not read)"
    } else if reading.json_over_variables {
        "`SST_RESOURCE_*`, `SST_RESOURCES_JSON` over them, then the key file over both"
    } else {
        "`SST_RESOURCES_JSON`, `SST_RESOURCE_*` over it, then the key file over both"
    };
    let types = match TypeSpelling::of(release) {
        TypeSpelling::Colons => {
            " SST deploys a link's `type` as `sst:aws:Bucket`; its field reads as the types spell it."
        }
        TypeSpelling::Dots => "",
    };
    format!(" Links are read as the reader of SST {release} (`\"sst\"` in the manifest) reads them: {sources}.{types}")
}

/// What the accessors pass to the runtime: the reading of the app's release, made at compile time.
fn reading(model: &LinksModel) -> TokenStream {
    match model.release {
        Some(releases::Release { major, minor, patch }) => {
            let [major, minor, patch] = [major, minor, patch].map(proc_macro2::Literal::u32_unsuffixed);
            quote!(const {
                ::sst_resources::__private::LinkReading::of(::sst_resources::__private::Release::new(#major, #minor, #patch))
            })
        }
        None => quote!(::sst_resources::__private::LinkReading::NEWEST),
    }
}

/// One link's accessor (and its struct, added to `structs`); where the function lacks the link, its marker
/// trait is added to `markers` and the accessor requires it.
fn accessor(model: &LinksModel, link: &Link, structs: &mut Module, markers: &mut Vec<TokenStream>) -> TokenStream {
    let name = &link.name;
    let fn_name = ident(&rust_ident(name));
    let struct_name = struct_ident(name);
    let mut doc = vec![
        format!(" Link `{name}`{}.", link.sst_type().map(|t| format!(" (`{t}`)")).unwrap_or_default()),
        String::new(),
    ];
    let unlinked = match &model.scope {
        LinkScope::Functions { runs_in, manifest } if name != APP => {
            let lacking = runs_in.lacking(name);
            (!lacking.is_empty()).then_some((runs_in, lacking, manifest))
        }
        _ => None,
    };
    let (lifetime, where_clause) = match unlinked {
        Some((runs_in, lacking, manifest)) => {
            doc.push(format!(
                " **Not linked to {}**: using it does not compile. Add it to the function's `link` in \
                 `sst.config.ts`, then run `sst-resources import` (or add \"{name}\" to {} in `{manifest}`).",
                runs_in::the_functions(&lacking),
                runs_in::fields(&lacking, "link"),
            ));
            markers.push(marker(link, runs_in, &lacking, manifest));
            let module = format_ident!("{}", UNLINKED_MODULE);
            let marker = struct_ident(name);
            (Some(quote!(<'bound>)), Some(quote!(where &'bound (): #module::#marker)))
        }
        None => {
            doc.push(format!(
                " Read as SST's `Resource.{name}` reads it: from the environment variable `SST_RESOURCE_{name}`, \
                 `SST_RESOURCES_JSON` or the file of `SST_KEY_FILE` (decrypted with `SST_KEY`), on first use; \
                 then cached for the process."
            ));
            doc.extend([
                String::new(),
                " # Errors".into(),
                String::new(),
                " When SST's links are not active in this process, the function lacks the link, or a value is not \
                 of the type `sst-env.d.ts` gives it."
                    .into(),
            ]);
            (None, None)
        }
    };
    let reading = reading(model);
    if let Some(binding) = &link.binding {
        // No properties are declared: the link's JSON as it is, where the function gets one.
        doc[0] = format!(
            " Link `{name}`, a Cloudflare binding (`{binding}`): a Worker gets the binding; a function gets the \
             link's JSON, read as it is."
        );
        return quote! {
            #(#[doc = #doc])*
            pub fn #fn_name #lifetime () -> ::core::result::Result<&'static ::sst_resources::serde_json::Value, ::sst_resources::Error> #where_clause {
                static CACHE: ::sst_resources::__private::Cache<&'static ::sst_resources::serde_json::Value> = ::sst_resources::__private::Cache::new();
                CACHE.get(|source| ::core::result::Result::Ok(source.link(#name, #reading)?.json())).copied()
            }
        };
    }
    let secret = link.sst_type().is_some_and(|t| releases::same_type(t, SECRET_TYPE));
    let build = object(&["links"], &struct_name, name, &link.props, secret, structs, quote!(link));
    let path = quote!(links::#struct_name);
    quote! {
        #(#[doc = #doc])*
        pub fn #fn_name #lifetime () -> ::core::result::Result<&'static #path, ::sst_resources::Error> #where_clause {
            static CACHE: ::sst_resources::__private::Cache<#path> = ::sst_resources::__private::Cache::new();
            CACHE.get(|source| {
                let link = source.link(#name, #reading)?;
                ::core::result::Result::Ok(#build)
            })
        }
    }
}

/// The marker trait of a link the functions `lacking` lack; its `on_unimplemented` message is SST's (in
/// the first of them).
fn marker(link: &Link, runs_in: &RunsIn, lacking: &[&str], manifest: &str) -> TokenStream {
    let name = &link.name;
    let marker = struct_ident(name);
    let message = messages::not_linked(name, Some(lacking[0]));
    let label = format!("`{name}` is not linked to {}", runs_in::the_functions(lacking));
    let add = format!(
        "add it to the function's `link` in sst.config.ts and run `sst-resources import` (it lists each \
         function's links in {manifest})"
    );
    let notes = runs_in.note(lacking, "linked").into_iter().chain([add]);
    let doc = format!(" Implemented by nothing: `{name}` is not linked to {}.", runs_in::the_functions(lacking));
    quote! {
        #[doc = #doc]
        #[diagnostic::on_unimplemented(message = #message, label = #label, #(note = #notes),*)]
        pub trait #marker {}
    }
}

/// The struct of an object type, added to `structs` at `module` (a path from the caller: `links`,
/// `links::stripe`), and the expression that builds it from the link value `value`. `owner` names the
/// link and the path to the object, for docs.
fn object(
    module: &[&str],
    struct_name: &Ident,
    owner: &str,
    props: &[Prop],
    secret: bool,
    structs: &mut Module,
    value: TokenStream,
) -> TokenStream {
    let child_module = rust_ident(&struct_name.to_string());
    let child_module = child_module.trim_start_matches("r#");
    let mut nested: Vec<&str> = module.to_vec();
    nested.push(child_module);
    let mut fields = Vec::new();
    let mut builds = Vec::new();
    for prop in props {
        let field = ident(&rust_ident(&prop.key));
        let key = prop.key.as_str();
        let is_secret = secret && key == "value" && prop.ty == Type::String;
        let (ty, build) = value_of(&nested, prop, owner, is_secret, structs, quote!(__link.get(#key)?));
        let doc = format!(
            " `{owner}.{key}`: the JSON key `{key}`, of type {}.",
            if is_secret { "`string`, a secret".to_owned() } else { format!("`{}`", prop.ty) }
        );
        fields.push(quote! { #[doc = #doc] pub #field: #ty, });
        builds.push(quote!(#field: #build,));
    }
    let doc = match props.iter().find(|p| p.key == "type").map(|p| &p.ty) {
        Some(Type::Literal(sst_type)) => format!(" The value of the link `{owner}`, a `{sst_type}`."),
        _ => format!(" The value of `{owner}`."),
    };
    structs.at(&module[1..]).items.push(quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub struct #struct_name { #(#fields)* }
    });
    let path = module.iter().map(|m| ident(m)).chain([struct_name.clone()]);
    quote!({ let __link = #value; #(#path)::* { #(#builds)* } })
}

/// The field type of a prop (relative to the module of its struct's children, `nested`) and the
/// expression that reads it from `value` (a `Link`).
fn value_of(
    nested: &[&str],
    prop: &Prop,
    owner: &str,
    secret: bool,
    structs: &mut Module,
    value: TokenStream,
) -> (TokenStream, TokenStream) {
    fn of(
        nested: &[&str],
        key: &str,
        ty: &Type,
        owner: &str,
        secret: bool,
        structs: &mut Module,
        value: TokenStream,
    ) -> (TokenStream, TokenStream) {
        match ty {
            _ if secret => (quote!(::sst_resources::SecretValue), quote!(#value.secret()?)),
            Type::String => (quote!(&'static str), quote!(#value.str()?)),
            // A link's `type`: the spelling of `sst-env.d.ts` whichever one the release deployed.
            Type::Literal(declared) => (quote!(&'static str), quote!(#value.literal(#declared)?)),
            Type::Number => (quote!(f64), quote!(#value.f64()?)),
            Type::Boolean => (quote!(bool), quote!(#value.bool()?)),
            Type::Any | Type::Import { .. } => {
                (quote!(&'static ::sst_resources::serde_json::Value), quote!(#value.json()))
            }
            Type::Array(item) => {
                let (item_ty, item_build) = of(nested, key, item, owner, false, structs, quote!(__item));
                (quote!(&'static [#item_ty]), quote!(#value.slice(|__item| ::core::result::Result::Ok(#item_build))?))
            }
            Type::Object(props) => {
                let name = struct_ident(key);
                let owner = format!("{owner}.{key}");
                let build = object(nested, &name, &owner, props, false, structs, value);
                let relative = ident(nested[nested.len() - 1]);
                (quote!(#relative::#name), build)
            }
        }
    }
    of(nested, &prop.key, &prop.ty, owner, secret, structs, value)
}

/// The structs of the links, by module.
#[derive(Default)]
struct Module {
    items: Vec<TokenStream>,
    children: BTreeMap<String, Module>,
}

impl Module {
    /// The module at `path` below this one, made where missing.
    fn at(&mut self, path: &[&str]) -> &mut Module {
        match path.split_first() {
            None => self,
            Some((first, rest)) => self.children.entry((*first).to_owned()).or_default().at(rest),
        }
    }

    fn tokens(&self) -> TokenStream {
        let items = &self.items;
        let children = self.children.iter().map(|(name, module)| {
            let name = ident(name);
            let doc = format!(" The types of the objects inside `{name}`.");
            let body = module.tokens();
            quote! { #[doc = #doc] pub mod #name { #body } }
        });
        quote! { #(#items)* #(#children)* }
    }
}

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The struct of a link or of an object key: `MyBucket`, `limits` -> `Limits`.
fn struct_ident(name: &str) -> Ident {
    use heck::ToUpperCamelCase;
    Ident::new(&name.to_upper_camel_case(), Span::call_site())
}
