//! Generates the items of a v3 app: `Resource` with one accessor per link (and `app()`), one struct per
//! link in the module `links` (nested objects in modules named after their link), and for each link the
//! function lacks a marker trait whose `on_unimplemented` message is SST's, required where it is called.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use sst_binding_protocol::case::upper_camel_case;
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
    let app = model.types.link(APP).is_none().then(app_link);
    let mut emitter = Emitter::new(model);
    let accessors: Vec<TokenStream> = app.iter().chain(&model.types.links).map(|link| emitter.accessor(link)).collect();
    let doc = [resource_doc(model), String::new(), reading_doc(model)];
    let structs = emitter.structs.tokens();
    let markers = &emitter.markers;
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

/// What emits the accessors of a model: what stays the same from one link to the next (the model, the
/// reading of its release), and what the accessors add as they are emitted (the structs of the links'
/// values, the marker traits of the links the functions lack).
struct Emitter<'m> {
    model: &'m LinksModel,
    /// What every accessor passes to the runtime ([`reading`]).
    reading: TokenStream,
    /// The structs of the links, by module.
    structs: Module,
    /// The marker traits of the links the functions lack.
    markers: Vec<TokenStream>,
}

impl<'m> Emitter<'m> {
    fn new(model: &'m LinksModel) -> Emitter<'m> {
        Emitter { model, reading: reading(model), structs: Module::default(), markers: Vec::new() }
    }

    /// One link's accessor (and its struct, added to `structs`); where the functions lack the link, its
    /// marker trait is added to `markers` and the accessor requires it.
    fn accessor(&mut self, link: &Link) -> TokenStream {
        let name = &link.name;
        let fn_name = ident(&rust_ident(name));
        let mut doc = vec![
            format!(" Link `{name}`{}.", link.sst_type().map(|t| format!(" (`{t}`)")).unwrap_or_default()),
            String::new(),
        ];
        let (lifetime, where_clause) = self.access(link, &mut doc);
        if let Some(binding) = &link.binding {
            // No properties are declared: the link's JSON as it is, where the function gets one.
            doc[0] = format!(
                " Link `{name}`, a Cloudflare binding (`{binding}`): a Worker gets the binding; a function gets \
                 the link's JSON, read as it is."
            );
            let reading = &self.reading;
            return quote! {
                #(#[doc = #doc])*
                pub fn #fn_name #lifetime () -> ::core::result::Result<&'static ::sst_resources::serde_json::Value, ::sst_resources::Error> #where_clause {
                    static CACHE: ::sst_resources::__private::Cache<&'static ::sst_resources::serde_json::Value> = ::sst_resources::__private::Cache::new();
                    CACHE.get(|source| ::core::result::Result::Ok(source.link(#name, #reading)?.json())).copied()
                }
            };
        }
        let secret = link.sst_type().is_some_and(|t| releases::same_type(t, SECRET_TYPE));
        let at = ValuePath::link(name);
        let build = self.object(&at, &link.props, secret, quote!(link));
        let (struct_name, reading) = (at.struct_name(), &self.reading);
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

    /// Who may use the accessor of `link`, said in its `doc`: where the functions lack the link, nobody (its
    /// marker trait, added to `markers`, is required: a lifetime and a `where` clause); else anybody, and
    /// the doc says how it is read and when it fails.
    fn access(&mut self, link: &Link, doc: &mut Vec<String>) -> (Option<TokenStream>, Option<TokenStream>) {
        let name = &link.name;
        let Some((runs_in, lacking, manifest)) = self.unlinked(name) else {
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
            return (None, None);
        };
        doc.push(format!(
            " **Not linked to {}**: using it does not compile. Add it to the function's `link` in \
             `sst.config.ts`, then run `sst-resources import` (or add \"{name}\" to {} in `{manifest}`).",
            runs_in::the_functions(&lacking),
            runs_in::fields(&lacking, "link"),
        ));
        self.markers.push(marker(link, runs_in, &lacking, manifest));
        let module = format_ident!("{}", UNLINKED_MODULE);
        let marker = struct_ident(name);
        (Some(quote!(<'bound>)), Some(quote!(where &'bound (): #module::#marker)))
    }

    /// The functions that lack the link `name`, with those the code runs in and the manifest that lists
    /// them: none where the model has no functions or every one has it (and for `App`, which SST gives
    /// every function).
    fn unlinked(&self, name: &str) -> Option<(&'m RunsIn, Vec<&'m str>, &'m str)> {
        let model: &'m LinksModel = self.model;
        match &model.scope {
            LinkScope::Functions { runs_in, manifest } if name != APP => {
                let lacking = runs_in.lacking(name);
                (!lacking.is_empty()).then_some((runs_in, lacking, manifest.as_str()))
            }
            _ => None,
        }
    }

    /// The struct of the object at `at` with `props` (added to `structs`), and the expression that builds
    /// it from the link value `value`; `secret`: the object is a secret's, whose `value` is a
    /// `SecretValue`.
    fn object(&mut self, at: &ValuePath<'_>, props: &[Prop], secret: bool, value: TokenStream) -> TokenStream {
        let mut fields = Vec::new();
        let mut builds = Vec::new();
        for prop in props {
            let field = ident(&rust_ident(&prop.key));
            let key = prop.key.as_str();
            let is_secret = secret && key == "value" && prop.ty == Type::String;
            let (ty, build) = self.value_of(&at.child(key), &prop.ty, is_secret, quote!(__link.get(#key)?));
            let doc = format!(
                " `{}.{key}`: the JSON key `{key}`, of type {}.",
                at.owner,
                if is_secret { "`string`, a secret".to_owned() } else { format!("`{}`", prop.ty) }
            );
            fields.push(quote! { #[doc = #doc] pub #field: #ty, });
            builds.push(quote!(#field: #build,));
        }
        let doc = match props.iter().find(|p| p.key == "type").map(|p| &p.ty) {
            Some(Type::Literal(sst_type)) => format!(" The value of the link `{}`, a `{sst_type}`.", at.owner),
            _ => format!(" The value of `{}`.", at.owner),
        };
        let struct_name = at.struct_name();
        self.structs.at(&at.module[1..]).items.push(quote! {
            #[doc = #doc]
            #[derive(Debug)]
            pub struct #struct_name { #(#fields)* }
        });
        let path = at.module.iter().map(|m| ident(m)).chain([struct_name]);
        quote!({ let __link = #value; #(#path)::* { #(#builds)* } })
    }

    /// The field type of the value at `at`, of type `ty` (relative to the module of the struct that holds
    /// it), and the expression that reads it from `value` (a `Link`); `secret`: it is a secret's `value`.
    fn value_of(
        &mut self,
        at: &ValuePath<'_>,
        ty: &Type,
        secret: bool,
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
                let (item_ty, item_build) = self.value_of(at, item, false, quote!(__item));
                (quote!(&'static [#item_ty]), quote!(#value.slice(|__item| ::core::result::Result::Ok(#item_build))?))
            }
            Type::Object(props) => {
                let build = self.object(at, props, false, value);
                let (relative, name) = (ident(&at.module[at.module.len() - 1]), at.struct_name());
                (quote!(#relative::#name), build)
            }
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

/// Where a value of a link is: the link and the keys to it, for docs and for the name of its struct where
/// it is an object, and the module that struct goes in.
struct ValuePath<'a> {
    /// The link and the keys, joined by `.` (`Stripe.limits`).
    owner: String,
    /// The last of them (`limits`): the struct is named after it (`Limits`).
    key: &'a str,
    /// The module of the struct, from `links` (`links`, `links::stripe`).
    module: Vec<String>,
}

impl<'a> ValuePath<'a> {
    /// The value of the link `name`, whose struct goes in `links`.
    fn link(name: &'a str) -> ValuePath<'a> {
        ValuePath { owner: name.to_owned(), key: name, module: vec!["links".to_owned()] }
    }

    /// The value at `key` of the object here, whose struct goes in a module named after this one's
    /// (`links::stripe` for `Stripe.limits`).
    fn child(&self, key: &'a str) -> ValuePath<'a> {
        let struct_module = rust_ident(&self.struct_name().to_string());
        let mut module = self.module.clone();
        module.push(struct_module.trim_start_matches("r#").to_owned());
        ValuePath { owner: format!("{}.{key}", self.owner), key, module }
    }

    /// The struct of the object here: `Limits` for `Stripe.limits`.
    fn struct_name(&self) -> Ident {
        struct_ident(self.key)
    }
}

/// The structs of the links, by module.
#[derive(Default)]
struct Module {
    items: Vec<TokenStream>,
    /// Sorted by name. (A sorted `Vec`, not a `BTreeMap`: the map's code was an eighth of this crate's,
    /// which every user's build compiles; a module has a handful of children.)
    children: Vec<(String, Module)>,
}

impl Module {
    /// The module at `path` below this one, made where missing.
    fn at(&mut self, path: &[String]) -> &mut Module {
        let Some((first, rest)) = path.split_first() else { return self };
        let index = match self.children.binary_search_by(|(name, _)| name.cmp(first)) {
            Ok(index) => index,
            Err(index) => {
                self.children.insert(index, (first.clone(), Module::default()));
                index
            }
        };
        self.children[index].1.at(rest)
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
    Ident::new(&upper_camel_case(name), Span::call_site())
}
