//! Generates the items: one type per construct kind with one accessor per resource, one props struct
//! per construct, and for each resource that is not bound to the function a marker trait whose
//! `on_unimplemented` message is the protocol's, required where the accessor is called.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use sst_binding_protocol::catalog::{self, Construct, Prop, PropKind};
use sst_binding_protocol::messages;
use sst_binding_protocol::names::{self, EnvVar, SsmPath, SsmPrefix};

use crate::model::{Access, Accessor, Model, Scope, TypeModel};
use crate::runs_in;

/// The module that holds the marker traits of unbound resources.
const UNBOUND_MODULE: &str = "__sst_resources_unbound";

/// All items of a valid model.
pub fn items(model: &Model) -> TokenStream {
    let path = model.path.to_string_lossy();
    let types = model.types();
    let type_items = types.iter().map(|t| type_items(model, t));
    let props_structs = constructs_in_use(&types).into_iter().map(|c| props_struct(model, c));
    let markers = unbound_markers(model, &types);
    quote! {
        // Makes cargo rebuild the crate when the manifest changes.
        const _: &str = ::core::include_str!(#path);
        #(#type_items)*
        #(#props_structs)*
        #markers
    }
}

/// The constructs (other than Secret and Parameter) that have resources, in catalog order.
fn constructs_in_use<'m>(types: &[TypeModel<'m>]) -> Vec<&'m Construct> {
    let mut constructs: Vec<&Construct> = Vec::new();
    for accessor in types.iter().flat_map(|t| &t.accessors) {
        if !accessor.construct.is_config() && !constructs.iter().any(|c| c.name == accessor.construct.name) {
            constructs.push(accessor.construct);
        }
    }
    constructs
}

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

fn props_ident(construct: &Construct) -> Ident {
    format_ident!("{}Props", &*construct.name)
}

fn marker_ident(accessor: &Accessor<'_>) -> Ident {
    format_ident!("{}_{}", accessor.construct.display_name(), accessor.ident.trim_start_matches("r#"))
}

/// The type of one construct kind and its accessors.
fn type_items(model: &Model, ty: &TypeModel<'_>) -> TokenStream {
    let name = ident(ty.name);
    let doc = type_doc(model, ty);
    let config_fns = (ty.name == catalog::CONFIG).then(config_fns);
    let accessors = ty.accessors.iter().map(|a| accessor(model, a));
    quote! {
        #[doc = #doc]
        #[allow(dead_code, clippy::upper_case_acronyms)]
        pub enum #name {}

        #[allow(dead_code)]
        impl #name {
            #config_fns
            #(#accessors)*
        }
    }
}

/// The doc line of a construct kind's type.
fn type_doc(model: &Model, ty: &TypeModel<'_>) -> String {
    if ty.name == catalog::CONFIG {
        format!(
            " The app `{}`'s `Config`: its name and stage, and its `Secret` and `Parameter` values \
             (`Config.X` in SST's Node helpers).",
            model.manifest.app
        )
    } else {
        format!(" The app `{}`'s `{}` resources, one accessor each.", model.manifest.app, ty.name)
    }
}

/// `Config::app()` and `Config::stage()`, which every app has.
fn config_fns() -> TokenStream {
    quote! {
        /// The app's name, from `SST_APP` (`Config.APP`).
        pub fn app() -> ::core::result::Result<&'static str, ::sst_resources::Error> {
            static CACHE: ::sst_resources::__private::Cache<&'static str> = ::sst_resources::__private::Cache::new();
            CACHE.get(|source| source.app()).copied()
        }
        /// The stage, from `SST_STAGE` (`Config.STAGE`).
        pub fn stage() -> ::core::result::Result<&'static str, ::sst_resources::Error> {
            static CACHE: ::sst_resources::__private::Cache<&'static str> = ::sst_resources::__private::Cache::new();
            CACHE.get(|source| source.stage()).copied()
        }
    }
}

/// The props struct of one construct: one field per prop.
fn props_struct(model: &Model, construct: &Construct) -> TokenStream {
    let name = props_ident(construct);
    let doc = format!(" The bound values of a `{}` of the app `{}`.", construct.name, model.manifest.app);
    let fields = construct.props.iter().map(|prop| {
        let field = ident(&names::rust_ident(&prop.name));
        let ty = field_type(prop);
        let doc = field_doc(construct, prop);
        quote! { #[doc = #doc] pub #field: #ty, }
    });
    let id_variable = construct.id_variable.map(|var| {
        let field = ident(&id_variable_field(var));
        let doc = format!(" `{var}`: the id SST gives it on the functions bound to it; `None` where it is not set.");
        quote! { #[doc = #doc] pub #field: ::core::option::Option<&'static str>, }
    });
    let is_job = construct.name == catalog::JOB;
    let job_field = is_job.then(|| quote! { #[doc = " The job's id, as its errors name it."] job: &'static str, });
    let job_control = is_job.then(|| job_control(&name));
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[allow(dead_code, clippy::upper_case_acronyms)]
        pub struct #name { #(#fields)* #id_variable #job_field }
        #job_control
    }
}

/// The doc line of a prop's field: its variable, and whether SSM keeps its value or SST may not bind it.
fn field_doc(construct: &Construct, prop: &Prop) -> String {
    format!(
        " `{}`: the variable `{}`{}{}.",
        prop.name,
        EnvVar::new(&construct.name, &prop.name, "{id}"),
        match prop.kind {
            PropKind::Plain => "",
            PropKind::Secret | PropKind::SiteUrl => " (a value kept in SSM, fetched by `sst_resources::load()`)",
            PropKind::SecretReference => " (the value of the `Secret` it names, fetched by `sst_resources::load()`)",
        },
        if prop.optional { "; `None` where SST does not bind it (older versions)" } else { "" }
    )
}

/// `run` and `cancel` of a Job, as `Job.x.run({ payload })` and `Job.x.cancel(jobId)` of `sst/node/job`. They
/// compile with the runtime's `job` feature only (the `'j` bound defers the check to where they are called).
fn job_control(props: &Ident) -> TokenStream {
    let job = quote!(::sst_resources::__private::job);
    quote! {
        #[allow(dead_code)]
        impl #props {
            /// Runs the job: invokes its job manager function (`function_name`) with
            /// `{"action":"run","payload":…}`, as `Job.x.run({ payload })` does in SST's Node helpers, and
            /// gives the job id it answers with. Needs the `job` feature of `sst-resources`.
            ///
            /// # Errors
            ///
            /// `Error::Job` when the function cannot be invoked, fails (`Failed to invoke the "x" job.
            /// Error: Unhandled`), or answers without a job id.
            pub async fn run<'j, P>(
                &self,
                payload: &P,
            ) -> ::core::result::Result<::sst_resources::JobId, ::sst_resources::Error>
            where
                P: #job::Payload + ?::core::marker::Sized,
                &'j (): #job::Enabled,
            {
                <&'j () as #job::Enabled>::run(self.job, self.function_name, payload).await
            }

            /// Cancels a run of the job: invokes its job manager with `{"action":"cancel","jobId":…}`, as
            /// `Job.x.cancel(jobId)` does. Needs the `job` feature of `sst-resources`.
            ///
            /// # Errors
            ///
            /// `Error::Job` when the function cannot be invoked or fails (`Failed to cancel the "x" job id
            /// ID. Error: Unhandled`).
            pub async fn cancel<'j>(
                &self,
                job_id: &str,
            ) -> ::core::result::Result<(), ::sst_resources::Error>
            where
                &'j (): #job::Enabled,
            {
                <&'j () as #job::Enabled>::cancel(self.job, self.function_name, job_id).await
            }
        }
    }
}

fn value_type(kind: PropKind) -> TokenStream {
    if kind.is_secret() { quote!(&'static ::sst_resources::SecretValue) } else { quote!(&'static str) }
}

/// The type of a prop's field: its value, an `Option` of it where SST may not bind it.
fn field_type(prop: &Prop) -> TokenStream {
    let value = value_type(prop.kind);
    if prop.optional { quote!(::core::option::Option<#value>) } else { value }
}

/// The field of a construct's id variable: `AUTH_ID` -> `auth_id`.
fn id_variable_field(var: &str) -> String {
    names::rust_ident(&var.to_ascii_lowercase())
}

/// The `Source` method that reads a prop of that kind.
fn read_method(prop: &Prop) -> TokenStream {
    match (prop.kind.is_secret(), prop.optional) {
        (true, false) => quote!(secret),
        (false, false) => quote!(plain),
        (true, true) => quote!(optional_secret),
        (false, true) => quote!(optional_plain),
    }
}

/// The doc line of one prop: where its value comes from.
fn prop_doc(model: &Model, construct: &Construct, id: &str, prop: &str, kind: PropKind) -> String {
    let var = EnvVar::new(&construct.name, prop, id);
    let field = names::rust_ident(prop);
    match kind {
        PropKind::Plain => format!(" - `{field}`: the environment variable `{var}`."),
        PropKind::Secret | PropKind::SiteUrl => {
            let path = SsmPrefix::for_stage(None, &model.manifest.app, "{stage}").path(&construct.name, id, prop);
            let fallback = if construct.name == catalog::SECRET {
                format!(", fallback `{}`", SsmPath::secret_fallback(&model.manifest.app, id))
            } else {
                String::new()
            };
            format!(
                " - `{field}`: the environment variable `{var}`; deployed, it holds `{}` and the value is read \
                 from SSM `{path}`{fallback} (or under `SST_SSM_PREFIX`) by `sst_resources::load()`.",
                names::FETCH_FROM_SSM
            )
        }
        PropKind::SecretReference => format!(
            " - `{field}`: the environment variable `{var}`; deployed, it holds `{}{{name}}` and the value is \
             that of the `Secret` it names, bound beside it.",
            names::FETCH_FROM_SECRET
        ),
    }
}

/// One resource's accessor: where it is not bound to the function, its signature requires the resource's
/// marker trait, which nothing implements.
fn accessor(model: &Model, accessor: &Accessor<'_>) -> TokenStream {
    let name = ident(&accessor.ident);
    let doc = accessor_doc(model, accessor);
    let (lifetime, where_clause) = match accessor.access {
        Access::Bound => (None, None),
        Access::Unbound { .. } => {
            let module = format_ident!("{}", UNBOUND_MODULE);
            let marker = marker_ident(accessor);
            (Some(quote!(<'bound>)), Some(quote!(where &'bound (): #module::#marker)))
        }
    };
    let (output, body) = cached_read(accessor.construct, &accessor.resource.id);
    quote! {
        #(#[doc = #doc])*
        pub fn #name #lifetime () -> ::core::result::Result<#output, ::sst_resources::Error> #where_clause {
            #body
        }
    }
}

/// The doc lines of an accessor: where each value comes from and the errors, or, where the resource is
/// not bound to the function, how to bind it.
fn accessor_doc(model: &Model, accessor: &Accessor<'_>) -> Vec<String> {
    let construct = accessor.construct;
    let id = accessor.resource.id.as_str();
    let mut doc = vec![format!(" {} `{id}`.", construct.name), String::new()];
    match &accessor.access {
        Access::Bound => {
            doc.extend(construct.props.iter().map(|p| prop_doc(model, construct, id, &p.name, p.kind)));
            if let Some(var) = construct.id_variable {
                doc.push(format!(" - `{}`: the environment variable `{var}`, where set.", id_variable_field(var)));
            }
            doc.extend([String::new(), " # Errors".into(), String::new(), errors_doc(construct)]);
        }
        Access::Unbound { lacking } => doc.push(format!(
            " **Not bound to {}**: using it does not compile. Add \"{}.{id}\" to {} in `{}`.",
            runs_in::the_functions(&lacking[..]),
            construct.name,
            runs_in::fields(&lacking[..], "bind"),
            model.manifest.file
        )),
    }
    doc
}

/// The errors of a bound accessor, for its `# Errors` section.
fn errors_doc(construct: &Construct) -> String {
    format!(
        " `Error::NoApp` when `SST_APP` is not set; `Error::Unbound` when a variable is missing{}.",
        if construct.props.iter().any(|p| p.kind != PropKind::Plain) {
            "; `Error::NotLoaded` before `sst_resources::load()` has fetched a value kept in SSM"
        } else {
            ""
        }
    )
}

/// What an accessor of resource `id` returns, and its body: the value built from the current source on
/// first use, then the cached one.
fn cached_read(construct: &Construct, id: &str) -> (TokenStream, TokenStream) {
    let construct_name = construct.name.as_ref();
    let resource = quote! {
        static RESOURCE: ::sst_resources::__private::Resource =
            ::sst_resources::__private::Resource { construct: #construct_name, id: #id };
    };
    if construct.is_config() {
        // A Secret's or a Parameter's one prop, `value`: the accessor gives it directly.
        let prop = &construct.props[0];
        let (read, output, prop_name) = (read_method(prop), value_type(prop.kind), prop.name.as_ref());
        let body = quote! {
            #resource
            static CACHE: ::sst_resources::__private::Cache<#output> = ::sst_resources::__private::Cache::new();
            CACHE.get(|source| source.#read(&RESOURCE, #prop_name)).copied()
        };
        return (output, body);
    }
    let props = props_ident(construct);
    let fields = construct.props.iter().map(|p| {
        let field = ident(&names::rust_ident(&p.name));
        let read = read_method(p);
        let prop = p.name.as_ref();
        quote!(#field: source.#read(&RESOURCE, #prop)?,)
    });
    let id_variable = construct.id_variable.map(|var| {
        let field = ident(&id_variable_field(var));
        quote!(#field: source.variable(#var),)
    });
    let job = (construct.name == catalog::JOB).then(|| quote!(job: #id,));
    let body = quote! {
        #resource
        static CACHE: ::sst_resources::__private::Cache<#props> = ::sst_resources::__private::Cache::new();
        CACHE.get(|source| ::core::result::Result::Ok(#props { #(#fields)* #id_variable #job }))
    };
    (quote!(&'static #props), body)
}

/// The marker traits of the resources that are not bound to the function.
fn unbound_markers(model: &Model, types: &[TypeModel<'_>]) -> TokenStream {
    let markers: Vec<TokenStream> = types
        .iter()
        .flat_map(|t| &t.accessors)
        .filter_map(|a| match &a.access {
            Access::Unbound { lacking } => Some(unbound_marker(model, a, &lacking[..])),
            Access::Bound => None,
        })
        .collect();
    if markers.is_empty() {
        return TokenStream::new();
    }
    let module = format_ident!("{}", UNBOUND_MODULE);
    quote! {
        /// Marker traits of the resources that are not bound to this function (see `sst_resources!`).
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        pub mod #module {
            #(#markers)*
        }
    }
}

/// The marker trait of a resource not bound to the functions `lacking`; its `on_unimplemented` message,
/// label and notes are the error a use of the accessor gets.
fn unbound_marker(model: &Model, accessor: &Accessor<'_>, lacking: &[&str]) -> TokenStream {
    let (construct, id) = (&accessor.construct.name, &accessor.resource.id);
    let marker = marker_ident(accessor);
    let message = messages::unbound(accessor.construct, id);
    let label = format!("`{construct}.{id}` is not bound to {}", runs_in::the_functions(lacking));
    let runs_in = match &model.scope {
        Scope::Functions(runs_in) => runs_in.note(lacking, "bound"),
        Scope::Fallback => None,
    };
    let add = format!("add \"{construct}.{id}\" to {} in {}", runs_in::fields(lacking, "bind"), model.manifest.file);
    let notes = runs_in.into_iter().chain([add]);
    let doc =
        format!(" Implemented by nothing: `{construct}.{id}` is not bound to {}.", runs_in::the_functions(lacking));
    quote! {
        #[doc = #doc]
        #[diagnostic::on_unimplemented(message = #message, label = #label, #(note = #notes),*)]
        pub trait #marker {}
    }
}
