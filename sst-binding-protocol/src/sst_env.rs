//! The types SST v3 and v4 write for an app's links, `sst-env.d.ts` (docs/sst-v3-links.md §3): every linkable of the
//! app, its properties and their TypeScript types, read with the place of everything so that a problem is
//! reported as `sst-env.d.ts:12:7: ...`.
//!
//! The reader takes the TypeScript subset SST writes, in every variant committed files come in (keys quoted
//! or bare, `;` or `,` or nothing after a member, tabs, `import "sst"` before or after the module, header
//! comments and `/// <reference>` lines): `declare module "sst" { export interface Resource { ... } }`,
//! whose members are `string`, `number`, `boolean`, `any`, a string literal, `import("pkg").Name`, an
//! object type or an array of any of them.
//!
//! The layouts of each release, as `pkg/types/typescript/typescript.go` writes the root file (tests in
//! `sst_env/tests.rs` hold one verbatim each): up to 3.5.3 `import "sst"` and `export {}` right after the
//! header; from 3.5.4 a `/// <reference path="sst-env.d.ts" />` after the module and `import "sst"` last;
//! 3.2.39 added the `deno-fmt-ignore-file` line and 3.17.27 the `biome-ignore-all` one; 4.9.2 dropped the
//! root's reference line. Cloudflare bindings, where a package.json has `@cloudflare/workers-types`: up
//! to 4.9.1 in a second `declare module "sst"` block after `import * as cloudflare from
//! "@cloudflare/workers-types";`, typed `cloudflare.Service`; from 4.9.2 in the one block, typed
//! `import("@cloudflare/workers-types").Service`. The links of every block are merged. `types.ignore`
//! (4.9.2) only chooses the folders that get a file. It is written by hand rather than with a TypeScript parser
//! crate: the macro compiles it in every user's build, and those crates are each larger than this project.

use std::fmt;

use crate::json::{Diagnostic, Position, Reader};
use crate::limits::{MAX_NESTING, MAX_TYPES_FILE_BYTES};

/// The links of an app, as `sst-env.d.ts` declares them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkTypes {
    /// The file as the user named it.
    pub file: String,
    /// Every link, in file order (SST writes them sorted).
    pub links: Vec<Link>,
}

/// One link: `"MyBucket": { "name": string, "type": "sst.aws.Bucket" }`, or a Cloudflare binding,
/// `"Worker": import("@cloudflare/workers-types").Service`.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub name: String,
    /// Its properties, `type` included where SST wrote one; none for a binding.
    pub props: Vec<Prop>,
    /// The type SST gives a Cloudflare binding instead of its properties, always a [`Type::Import`]
    /// (`import("@cloudflare/workers-types").Service`; `cloudflare.Service` before 4.9.2, read as the same).
    pub binding: Option<Type>,
    pub at: Position,
}

/// One property of a link or of an object inside one.
#[derive(Clone, Debug, PartialEq)]
pub struct Prop {
    /// The key as in the JSON SST gives the function (`apiKey`).
    pub key: String,
    pub ty: Type,
    pub at: Position,
}

/// A property's TypeScript type.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    String,
    Number,
    Boolean,
    /// `any`: a value of any shape.
    Any,
    /// A string literal type: `"sst.aws.Bucket"`.
    Literal(String),
    /// `import("@cloudflare/workers-types").Service`: a type of another package (Cloudflare's bindings).
    Import {
        module: String,
        name: String,
    },
    Array(Box<Type>),
    Object(Vec<Prop>),
}

impl Link {
    /// SST's type of the link (`sst.aws.Bucket`): its `type` property, where it is a literal.
    pub fn sst_type(&self) -> Option<&str> {
        self.props.iter().find(|p| p.key == "type").and_then(|p| match &p.ty {
            Type::Literal(t) => Some(t.as_str()),
            _ => None,
        })
    }
}

impl LinkTypes {
    /// The link of that name.
    pub fn link(&self, name: &str) -> Option<&Link> {
        self.links.iter().find(|l| l.name == name)
    }
}

impl fmt::Display for Type {
    /// The type as TypeScript writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::Any => f.write_str("any"),
            Type::Literal(text) => write!(f, "{text:?}"),
            Type::Import { module, name } => write!(f, "import({module:?}).{name}"),
            Type::Array(item) => write!(f, "{item}[]"),
            Type::Object(_) => f.write_str("{ ... }"),
        }
    }
}

/// Every problem of a types file, in the order of their places, and the links read in spite of them.
#[derive(Clone, Debug)]
pub struct LinkTypesError {
    pub diagnostics: Vec<Diagnostic>,
    pub partial: LinkTypes,
}

impl fmt::Display for LinkTypesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::json::write_lines(f, &self.diagnostics)
    }
}

impl std::error::Error for LinkTypesError {}

/// Reads `sst-env.d.ts`. `file` is the name used in diagnostics.
pub fn parse(text: &str, file: &str) -> Result<LinkTypes, LinkTypesError> {
    let mut parser = Parser { text, pos: 0, reader: Reader::new(text, file), depth: 0, namespaces: Vec::new() };
    let mut types = LinkTypes { file: file.to_owned(), links: Vec::new() };
    if text.len() > MAX_TYPES_FILE_BYTES {
        let message = crate::limits::too_large("the types file", text.len(), MAX_TYPES_FILE_BYTES);
        parser.reader.error(Position { line: 1, column: 1 }, message);
    } else {
        let declared = parser.file(&mut types);
        if parser.reader.diagnostics.is_empty() && !declared {
            parser.reader.error(Position { line: 1, column: 1 }, no_module(text));
        }
    }
    if parser.reader.diagnostics.is_empty() {
        Ok(types)
    } else {
        Err(LinkTypesError { diagnostics: parser.reader.sorted_diagnostics(), partial: types })
    }
}

/// Why a file without `declare module "sst"` is not the types: it is SST's per-package shim, or another file.
fn no_module(text: &str) -> String {
    if text.contains("/// <reference path=") {
        "this is the shim SST writes beside each package.json; it refers to the app's types: name the \
         `sst-env.d.ts` at the app's root (the one its `/// <reference path=...>` names)"
            .into()
    } else {
        "no `declare module \"sst\" { export interface Resource { ... } }` in this file: name the `sst-env.d.ts` \
         SST writes at the app's root (`sst dev` or `sst deploy` write it)"
            .into()
    }
}

/// A recursive descent over the text, skipping white space and comments between tokens.
struct Parser<'t> {
    text: &'t str,
    /// The byte offset of the next unread character.
    pos: usize,
    reader: Reader<'t>,
    /// How many object types are open.
    depth: usize,
    /// `import * as cloudflare from "@cloudflare/workers-types"`: each name and its package, for the types
    /// that name them (`cloudflare.Service`).
    namespaces: Vec<(String, String)>,
}

/// A problem already reported: the parse stops there.
struct Stop;

type Step<T> = Result<T, Stop>;

impl<'t> Parser<'t> {
    /// The whole file; whether it declared the module. A problem stops the reading (the links before it
    /// are kept).
    fn file(&mut self, types: &mut LinkTypes) -> bool {
        let mut declared = false;
        loop {
            self.skip_trivia();
            if self.pos >= self.text.len() {
                return declared;
            }
            let step = if self.eat_word("import") {
                self.import_statement()
            } else if self.eat_word("export") {
                self.export_statement()
            } else if self.eat_word("declare") {
                declared = true;
                self.module(types)
            } else {
                self.fail("expected `declare module \"sst\"`, `import \"sst\"` or `export {}`, as SST writes them")
            };
            if step.is_err() {
                return declared;
            }
        }
    }

    /// `import "sst"`, `import * as x from "pkg"` or `import type { X } from "pkg"` (what formatters and
    /// Cloudflare apps leave), after `import`.
    fn import_statement(&mut self) -> Step<()> {
        self.skip_trivia();
        if self.peek() == Some('"') || self.peek() == Some('\'') {
            self.string()?;
        } else {
            // A clause up to `from "pkg"`: words, `*`, `,` and braces; `* as name` names the package.
            let mut namespace = None;
            loop {
                self.skip_trivia();
                if self.eat_word("from") {
                    self.skip_trivia();
                    let module = self.string()?;
                    if let Some(name) = namespace {
                        self.namespaces.push((name, module));
                    }
                    break;
                }
                match self.peek() {
                    Some('*') => {
                        self.pos += 1;
                        self.skip_trivia();
                        if self.eat_word("as") {
                            self.skip_trivia();
                            namespace = Some(self.ident()?.to_owned());
                        }
                    }
                    Some(c) if c == ',' || c == '{' || c == '}' => self.pos += c.len_utf8(),
                    Some(c) if is_ident_start(c) => {
                        self.ident()?;
                    }
                    _ => return self.fail("expected an import clause and `from \"package\"`"),
                }
            }
        }
        self.end_statement();
        Ok(())
    }

    /// `export {}`, after `export`.
    fn export_statement(&mut self) -> Step<()> {
        self.expect('{', "expected `{}` after `export`")?;
        self.expect('}', "expected `}`: only `export {}` is part of the types SST writes")?;
        self.end_statement();
        Ok(())
    }

    /// `module "sst" { export interface Resource { ... } ... }`, after `declare`.
    fn module(&mut self, types: &mut LinkTypes) -> Step<()> {
        self.skip_trivia();
        if !self.eat_word("module") {
            return self.fail("expected `module \"sst\"` after `declare`");
        }
        self.skip_trivia();
        let at = self.pos;
        let name = self.string()?;
        if name != "sst" {
            return self.fail_at(at, format!("expected the module \"sst\", the one SST declares; found {name:?}"));
        }
        self.expect('{', "expected `{` to open the module")?;
        loop {
            self.skip_trivia();
            if self.eat('}') {
                return Ok(());
            }
            if !(self.eat_word("export") && {
                self.skip_trivia();
                self.eat_word("interface")
            }) {
                return self.fail("expected `export interface Resource { ... }` or `}` inside the module");
            }
            self.skip_trivia();
            let at = self.pos;
            let name = self.ident()?;
            if name != "Resource" {
                return self.fail_at(at, format!("expected the interface `Resource`; found `{name}`"));
            }
            self.expect('{', "expected `{` to open the interface")?;
            self.links(types)?;
        }
    }

    /// The links of `interface Resource`, up to its `}`. The same link twice is reported.
    fn links(&mut self, types: &mut LinkTypes) -> Step<()> {
        loop {
            self.skip_trivia();
            if self.eat('}') {
                return Ok(());
            }
            let at = self.place();
            let (name, name_at) = self.key()?;
            self.expect(':', "expected `:` after the link's name")?;
            self.skip_trivia();
            let (props, binding) = match self.ty()? {
                Type::Object(props) => (props, None),
                binding @ Type::Import { .. } => (Vec::new(), Some(binding)),
                other => {
                    let message = format!(
                        "the link `{name}` must be an object type `{{ ... }}` or a Cloudflare binding \
                         `import(\"@cloudflare/workers-types\").Name`; found `{other}`"
                    );
                    return self.fail_at(name_at, message);
                }
            };
            if let Some(first) = types.links.iter().find(|l| l.name == name) {
                let line = first.at.line;
                return self.fail_at(name_at, format!("the link `{name}` is declared twice (first on line {line})"));
            }
            types.links.push(Link { name, props, binding, at });
            self.member_separator();
        }
    }

    /// A property's or a link's name: a string literal or an identifier; with its byte offset.
    fn key(&mut self) -> Step<(String, usize)> {
        let at = self.pos;
        let name = match self.peek() {
            Some('"' | '\'') => self.string()?,
            Some(c) if is_ident_start(c) => self.ident()?.to_owned(),
            _ => return self.fail("expected a property name (`\"name\"` or `name`) or `}`"),
        };
        Ok((name, at))
    }

    /// A type: a primary type followed by any number of `[]`.
    fn ty(&mut self) -> Step<Type> {
        self.skip_trivia();
        let mut ty = match self.peek() {
            Some('{') => {
                self.pos += 1;
                self.object()?
            }
            Some('"' | '\'') => Type::Literal(self.string()?),
            Some(c) if is_ident_start(c) => {
                let at = self.pos;
                match self.ident()? {
                    "string" => Type::String,
                    "number" => Type::Number,
                    "boolean" => Type::Boolean,
                    "any" => Type::Any,
                    "import" => self.import_type()?,
                    namespace if self.after_trivia() == Some('.') => self.namespace_type(namespace, at)?,
                    other => {
                        let message = format!(
                            "`{other}` is not a type SST writes; expected string, number, boolean, any, a string \
                             literal, `{{ ... }}`, `import(\"...\").Name` or an array of one"
                        );
                        return self.fail_at(at, message);
                    }
                }
            }
            _ => {
                return self.fail(
                    "expected a type: string, number, boolean, any, a string literal, `{ ... }`, \
                     `import(\"...\").Name` or an array of one",
                );
            }
        };
        loop {
            let before = self.pos;
            self.skip_trivia();
            if self.eat('[') {
                self.expect(']', "expected `]` after `[` (an array type is `T[]`)")?;
                ty = Type::Array(Box::new(ty));
            } else {
                self.pos = before;
                break;
            }
        }
        if matches!(self.after_trivia(), Some('|' | '&' | '<')) {
            return self.fail("unions, intersections and generic types are not part of the types SST writes");
        }
        Ok(ty)
    }

    /// `("pkg").Name`, after `import`.
    fn import_type(&mut self) -> Step<Type> {
        self.expect('(', "expected `(\"package\")` after `import`")?;
        self.skip_trivia();
        let module = self.string()?;
        self.expect(')', "expected `)` after the package's name")?;
        self.expect('.', "expected `.Name` after `import(\"...\")`")?;
        self.skip_trivia();
        let mut name = self.ident()?.to_owned();
        while self.after_trivia() == Some('.') {
            self.skip_trivia();
            self.pos += 1;
            self.skip_trivia();
            name.push('.');
            name.push_str(self.ident()?);
        }
        Ok(Type::Import { module, name })
    }

    /// `.Name` after `namespace`, a name `import * as namespace from "pkg"` gave the package: the type
    /// `import("pkg").Name` (`cloudflare.Service`, as SST wrote Cloudflare bindings before 4.9.2).
    fn namespace_type(&mut self, namespace: &str, at: usize) -> Step<Type> {
        let Some((_, module)) = self.namespaces.iter().find(|(name, _)| name == namespace) else {
            let message = format!(
                "`{namespace}.` names no package this file imports; SST writes `import * as {namespace} from \
                 \"...\"` before the types that use it"
            );
            return self.fail_at(at, message);
        };
        let module = module.clone();
        let mut name = String::new();
        while self.after_trivia() == Some('.') {
            self.skip_trivia();
            self.pos += 1;
            self.skip_trivia();
            if !name.is_empty() {
                name.push('.');
            }
            name.push_str(self.ident()?);
        }
        Ok(Type::Import { module, name })
    }

    /// The members of an object type, after its `{`, up to its `}`. The same key twice is reported.
    fn object(&mut self) -> Step<Type> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.fail(format!("the types nest objects more than {MAX_NESTING} levels deep here, the limit"));
        }
        let mut props: Vec<Prop> = Vec::new();
        loop {
            self.skip_trivia();
            if self.eat('}') {
                self.depth -= 1;
                return Ok(Type::Object(props));
            }
            let at = self.place();
            let (key, key_at) = self.key()?;
            self.skip_trivia();
            if self.peek() == Some('?') {
                return self.fail("optional properties (`?:`) are not part of the types SST writes");
            }
            self.expect(':', "expected `:` after the property's name")?;
            let ty = self.ty()?;
            if let Some(first) = props.iter().find(|p| p.key == key) {
                let line = first.at.line;
                return self.fail_at(key_at, format!("the property `{key}` is declared twice (first on line {line})"));
            }
            props.push(Prop { key, ty, at });
            self.member_separator();
        }
    }

    /// The `;` or `,` a formatter may put after a member.
    fn member_separator(&mut self) {
        self.skip_trivia();
        let _ = self.eat(';') || self.eat(',');
    }

    /// The `;` a formatter may put after a statement.
    fn end_statement(&mut self) {
        self.skip_trivia();
        let _ = self.eat(';');
    }

    /// A string literal in `"` or `'` with JavaScript's simple escapes.
    fn string(&mut self) -> Step<String> {
        let Some(quote) = self.peek().filter(|c| *c == '"' || *c == '\'') else {
            return self.fail("expected a string in quotes");
        };
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.text[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                _ if c == quote => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\n' | '\r' => break,
                '\\' => match chars.next() {
                    Some((_, e @ ('"' | '\'' | '\\' | '/'))) => out.push(e),
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    _ => {
                        self.pos += i;
                        return self.fail("an escape SST does not write; expected \\\", \\' or \\\\");
                    }
                },
                _ => out.push(c),
            }
        }
        self.fail_at(start, "this string does not end on its line")
    }

    /// An identifier (ASCII letters, digits, `_`, `$`).
    fn ident(&mut self) -> Step<&'t str> {
        let rest = &self.text[self.pos..];
        let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        if len == 0 || !rest.starts_with(is_ident_start) {
            return self.fail("expected a name");
        }
        self.pos += len;
        Ok(&rest[..len])
    }

    /// Skips white space, `// ...` (`/// <reference>` included) and `/* ... */`.
    fn skip_trivia(&mut self) {
        loop {
            let rest = &self.text[self.pos..];
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(body) = trimmed.strip_prefix("/*") {
                match body.find("*/") {
                    Some(end) => self.pos += 2 + end + 2,
                    None => {
                        // An unclosed comment runs to the end; the caller then finds nothing more.
                        self.pos = self.text.len();
                        return;
                    }
                }
            } else {
                return;
            }
        }
    }

    /// The next character after white space and comments, without consuming them.
    fn after_trivia(&mut self) -> Option<char> {
        let before = self.pos;
        self.skip_trivia();
        let next = self.peek();
        self.pos = before;
        next
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// `word` as a whole word (not the start of a longer name).
    fn eat_word(&mut self, word: &str) -> bool {
        let rest = &self.text[self.pos..];
        if rest.starts_with(word) && !rest[word.len()..].starts_with(is_ident_char) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// `c` after white space, else `message` at the next token.
    fn expect(&mut self, c: char, message: &str) -> Step<()> {
        self.skip_trivia();
        if self.eat(c) { Ok(()) } else { self.fail(message) }
    }

    fn place(&self) -> Position {
        self.reader.position(self.pos)
    }

    /// Reports `message` at the next token (with what is there) and stops.
    fn fail<T>(&mut self, message: impl Into<String>) -> Step<T> {
        Err(self.stop(message.into()))
    }

    /// Reports `message` at byte `offset` and stops.
    fn fail_at<T>(&mut self, offset: usize, message: impl Into<String>) -> Step<T> {
        Err(self.stop_at(offset, message.into()))
    }

    // `fail` and `fail_at` are generic, one copy each per message and step type; the work is done once
    // here (the copies were 1,500 lines of LLVM IR in every user's build of the macro).

    fn stop(&mut self, message: String) -> Stop {
        self.skip_trivia();
        let found = match self.peek() {
            None => "the end of the file".to_owned(),
            Some(_) => {
                let rest = &self.text[self.pos..];
                let token: String = rest.chars().take_while(|c| !c.is_whitespace()).take(20).collect();
                format!("`{token}`")
            }
        };
        self.stop_at(self.pos, format!("{message}; found {found}"))
    }

    fn stop_at(&mut self, offset: usize, message: String) -> Stop {
        let at = self.reader.position(offset);
        self.reader.error(at, message);
        Stop
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

#[cfg(test)]
mod tests;
