//! Plain JSON (RFC 8259) read into a tree whose every node keeps its byte range, so that a message can say
//! where. The files read this way (the manifest, a values file) are plain JSON: a comment, a trailing comma,
//! a single-quoted string or a number JavaScript has but JSON does not is an error that says so.
//!
//! Written here rather than taken from a crate for what a user's build compiles: the macro reads the
//! manifest with it, and `jsonc-parser` (11,500 lines, for JSONC and JSON5 too) was 0.38 s of CPU of every
//! build of a function that uses the macro (docs/performance.md, "What the macro adds to a Lambda
//! function's clean build"). Its tree and its errors' places are jsonc-parser's (0.34, in its strict mode),
//! which the tests compare it with; where the two differ it is on purpose, and the tests say where. Like
//! jsonc-parser, it takes a raw control character inside a string (JSON wants it escaped): a reader then
//! shows it escaped in its message, on one line.

use std::borrow::Cow;

/// A node's bytes in the text: `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: usize,
    pub end: usize,
}

/// A node of the tree, and where it is.
pub trait Ranged {
    fn range(&self) -> Range;
}

/// A JSON value.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    StringLit(StringLit<'a>),
    NumberLit(NumberLit<'a>),
    BooleanLit(BooleanLit),
    NullKeyword(NullKeyword),
    Object(Object<'a>),
    Array(Array<'a>),
}

/// A string, its escapes decoded (borrowed where it has none).
#[derive(Clone, Debug)]
pub struct StringLit<'a> {
    pub range: Range,
    pub value: Cow<'a, str>,
}

/// A number, as written.
#[derive(Clone, Debug)]
pub struct NumberLit<'a> {
    pub range: Range,
    pub value: &'a str,
}

#[derive(Clone, Debug)]
pub struct BooleanLit {
    pub range: Range,
    pub value: bool,
}

#[derive(Clone, Debug)]
pub struct NullKeyword {
    pub range: Range,
}

/// An object: its properties in the order written, a name given twice kept twice (the readers report it).
#[derive(Clone, Debug)]
pub struct Object<'a> {
    pub range: Range,
    pub properties: Vec<ObjectProp<'a>>,
}

/// `"name": value`; its range runs from the name to the end of the value.
#[derive(Clone, Debug)]
pub struct ObjectProp<'a> {
    pub range: Range,
    pub name: StringLit<'a>,
    pub value: Value<'a>,
}

#[derive(Clone, Debug)]
pub struct Array<'a> {
    pub range: Range,
    pub elements: Vec<Value<'a>>,
}

impl<'a> Object<'a> {
    /// The first property named `name`.
    pub fn get(&self, name: &str) -> Option<&ObjectProp<'a>> {
        self.properties.iter().find(|prop| prop.name.value == name)
    }
}

impl Ranged for Value<'_> {
    fn range(&self) -> Range {
        match self {
            Value::StringLit(v) => v.range,
            Value::NumberLit(v) => v.range,
            Value::BooleanLit(v) => v.range,
            Value::NullKeyword(v) => v.range,
            Value::Object(v) => v.range,
            Value::Array(v) => v.range,
        }
    }
}

/// `impl Ranged` for the nodes that are a struct with a `range`.
macro_rules! ranged {
    ($($node:ty),*) => {
        $(impl Ranged for $node {
            fn range(&self) -> Range {
                self.range
            }
        })*
    };
}
ranged!(StringLit<'_>, NumberLit<'_>, BooleanLit, NullKeyword, Object<'_>, ObjectProp<'_>, Array<'_>);

/// Why a text is not plain JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `//` or `/*`: JSONC's.
    Comment,
    /// `[1,]`, `{"a": 1,}`: JSONC's and JSON5's.
    TrailingComma,
    /// `'text'`: JSON5's.
    SingleQuotedString,
    /// `{ name: 1 }`: JSON5's.
    UnquotedPropertyName,
    /// `0x1F`, `+1`, `.5`, `5.`, `Infinity`, `NaN`: JSON5's numbers.
    Json5Number,
    ExpectedColon,
    ExpectedComma,
    /// `"a":` and nothing after.
    ExpectedValue,
    UnexpectedToken,
    /// A token where an object expects a property's name.
    UnexpectedTokenInObject,
    UnterminatedObject,
    UnterminatedArray,
    UnterminatedString,
    InvalidEscape,
    InvalidNumber,
    /// A second value after the first, at the top.
    SecondValue,
    /// More than [`MAX_DEPTH`] objects and arrays open around a value.
    TooDeep,
}

/// How many objects and arrays may be open around a value: one less than the protocol's nesting limit
/// (jsonc-parser's 512, whose error places the readers keep).
pub const MAX_DEPTH: usize = crate::limits::MAX_NESTING - 1;

impl ErrorKind {
    /// What is wrong, starting lower-case.
    pub fn message(self) -> &'static str {
        match self {
            ErrorKind::Comment => "comments are not allowed",
            ErrorKind::TrailingComma => "trailing commas are not allowed",
            ErrorKind::SingleQuotedString => "single-quoted strings are not allowed",
            ErrorKind::UnquotedPropertyName => "expected string for object property",
            ErrorKind::Json5Number => {
                "hexadecimal numbers, a leading `+` or `.`, a trailing `.`, `Infinity` and `NaN` are not allowed"
            }
            ErrorKind::ExpectedColon => "expected colon after the string in object property",
            ErrorKind::ExpectedComma => "expected comma",
            ErrorKind::ExpectedValue => "expected value after colon in object property",
            ErrorKind::UnexpectedToken => "unexpected token",
            ErrorKind::UnexpectedTokenInObject => "unexpected token in object",
            ErrorKind::UnterminatedObject => "unterminated object",
            ErrorKind::UnterminatedArray => "unterminated array",
            ErrorKind::UnterminatedString => "unterminated string literal",
            ErrorKind::InvalidEscape => "invalid escape in string",
            ErrorKind::InvalidNumber => "invalid number",
            ErrorKind::SecondValue => "text cannot contain more than one JSON value",
            ErrorKind::TooDeep => "maximum nesting depth exceeded",
        }
    }

    /// Whether the text used an extension of JSONC or JSON5 (its message adds that the file is plain JSON).
    pub fn is_extension(self) -> bool {
        matches!(
            self,
            ErrorKind::Comment
                | ErrorKind::TrailingComma
                | ErrorKind::SingleQuotedString
                | ErrorKind::UnquotedPropertyName
                | ErrorKind::Json5Number
        )
    }
}

/// What is wrong with a text, and the byte where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub at: usize,
}

/// The value of `text`, `None` for a text of only whitespace.
pub fn parse(text: &str) -> Result<Option<Value<'_>>, Error> {
    let mut parser = Parser { text, at: 0, open: Vec::new() };
    let Some(first) = parser.token()? else { return Ok(None) };
    let value = parser.value(first)?;
    match parser.token()? {
        None => Ok(Some(value)),
        Some(_) => Err(parser.error(ErrorKind::SecondValue, parser.at)),
    }
}

/// The start of a token: its first byte and where it is.
#[derive(Clone, Copy)]
struct Token {
    byte: u8,
    at: usize,
}

struct Parser<'a> {
    text: &'a str,
    /// The next byte to read.
    at: usize,
    /// Where each object and array open around the current value starts.
    open: Vec<usize>,
}

impl<'a> Parser<'a> {
    fn error(&self, kind: ErrorKind, at: usize) -> Error {
        Error { kind, at }
    }

    /// Skips whitespace to the next token, without reading it; `None` at the end of the text.
    fn token(&mut self) -> Result<Option<Token>, Error> {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.at) {
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' => self.at += 1,
                b'/' if matches!(bytes.get(self.at + 1), Some(b'/' | b'*')) => {
                    return Err(self.error(ErrorKind::Comment, self.at));
                }
                _ => return Ok(Some(Token { byte, at: self.at })),
            }
        }
        Ok(None)
    }

    /// The value that starts at `token`.
    fn value(&mut self, token: Token) -> Result<Value<'a>, Error> {
        if self.open.len() > MAX_DEPTH {
            let innermost = self.open.last().copied().unwrap_or(token.at);
            return Err(self.error(ErrorKind::TooDeep, innermost));
        }
        match token.byte {
            b'{' => self.object(token.at).map(Value::Object),
            b'[' => self.array(token.at).map(Value::Array),
            b'"' => self.string(token.at).map(Value::StringLit),
            b'\'' => Err(self.error(ErrorKind::SingleQuotedString, token.at)),
            b'-' | b'0'..=b'9' => self.number(token.at),
            b'+' | b'.' => Err(self.error(ErrorKind::Json5Number, token.at)),
            _ if is_word_byte(token.byte) => self.word(token.at),
            _ => Err(self.error(ErrorKind::UnexpectedToken, token.at)),
        }
    }

    fn object(&mut self, start: usize) -> Result<Object<'a>, Error> {
        self.open.push(start);
        self.at = start + 1;
        let mut properties = Vec::new();
        let mut next = self.token()?;
        loop {
            let name = match next {
                None => return Err(self.error(ErrorKind::UnterminatedObject, start)),
                Some(Token { byte: b'}', at }) => {
                    self.at = at + 1;
                    break;
                }
                Some(Token { byte: b'"', at }) => self.string(at)?,
                Some(Token { byte: b'\'', at }) => return Err(self.error(ErrorKind::SingleQuotedString, at)),
                Some(token) if is_word_byte(token.byte) => {
                    return Err(self.error(ErrorKind::UnquotedPropertyName, token.at));
                }
                Some(token) => return Err(self.error(ErrorKind::UnexpectedTokenInObject, token.at)),
            };
            match self.token()? {
                Some(Token { byte: b':', at }) => self.at = at + 1,
                Some(token) => return Err(self.error(ErrorKind::ExpectedColon, token.at)),
                None => return Err(self.error(ErrorKind::ExpectedColon, self.at)),
            }
            let Some(token) = self.token()? else { return Err(self.error(ErrorKind::ExpectedValue, self.at)) };
            let value = self.value(token)?;
            let range = Range { start: name.range.start, end: value.range().end };
            properties.push(ObjectProp { range, name, value });
            next = self.after_element(b'}')?;
        }
        self.open.pop();
        Ok(Object { range: Range { start, end: self.at }, properties })
    }

    fn array(&mut self, start: usize) -> Result<Array<'a>, Error> {
        self.open.push(start);
        self.at = start + 1;
        let mut elements = Vec::new();
        let mut next = self.token()?;
        loop {
            match next {
                None => return Err(self.error(ErrorKind::UnterminatedArray, start)),
                Some(Token { byte: b']', at }) => {
                    self.at = at + 1;
                    break;
                }
                Some(token) => elements.push(self.value(token)?),
            }
            next = self.after_element(b']')?;
        }
        self.open.pop();
        Ok(Array { range: Range { start, end: self.at }, elements })
    }

    /// After an element of an object or array (`close` ends it): a comma and the next token, which may not
    /// be `close`; or the token that follows, where a value's start is refused as a missing comma.
    fn after_element(&mut self, close: u8) -> Result<Option<Token>, Error> {
        let value_end = self.at;
        match self.token()? {
            Some(Token { byte: b',', at }) => {
                self.at = at + 1;
                match self.token()? {
                    Some(Token { byte, .. }) if byte == close => Err(self.error(ErrorKind::TrailingComma, at)),
                    next => Ok(next),
                }
            }
            Some(token) if starts_value(token.byte) => Err(self.error(ErrorKind::ExpectedComma, value_end)),
            next => Ok(next),
        }
    }

    /// The string whose opening quote is at `start`.
    fn string(&mut self, start: usize) -> Result<StringLit<'a>, Error> {
        let bytes = self.text.as_bytes();
        let mut at = start + 1;
        // The text so far, once an escape makes it differ from the input.
        let mut decoded: Option<String> = None;
        let mut run = at;
        loop {
            match bytes.get(at) {
                None => return Err(self.error(ErrorKind::UnterminatedString, start)),
                Some(b'"') => break,
                Some(b'\\') => {
                    let out = decoded.get_or_insert_with(String::new);
                    out.push_str(&self.text[run..at]);
                    at = self.escape(at, out)?;
                    run = at;
                }
                Some(_) => at += 1,
            }
        }
        let value = match decoded {
            None => Cow::Borrowed(&self.text[start + 1..at]),
            Some(mut out) => {
                out.push_str(&self.text[run..at]);
                Cow::Owned(out)
            }
        };
        self.at = at + 1;
        Ok(StringLit { range: Range { start, end: self.at }, value })
    }

    /// The escape at `at` (its backslash) decoded onto `out`; where the text goes on after it.
    fn escape(&self, at: usize, out: &mut String) -> Result<usize, Error> {
        let invalid = || self.error(ErrorKind::InvalidEscape, at);
        let decoded = match self.text.as_bytes().get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let high = self.hex4(at + 2).ok_or_else(invalid)?;
                if !(0xD800..0xDC00).contains(&high) {
                    out.push(char::from_u32(high).ok_or_else(invalid)?);
                    return Ok(at + 6);
                }
                // A high surrogate: JSON writes a character beyond U+FFFF as two escapes.
                let low = self
                    .text
                    .get(at + 6..at + 8)
                    .filter(|u| *u == "\\u")
                    .and_then(|_| self.hex4(at + 8))
                    .filter(|low| (0xDC00..0xE000).contains(low))
                    .ok_or_else(invalid)?;
                out.push(char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).ok_or_else(invalid)?);
                return Ok(at + 12);
            }
            _ => return Err(invalid()),
        };
        out.push(decoded);
        Ok(at + 2)
    }

    /// The four hex digits at `at`, as a number.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        if digits.bytes().all(|b| b.is_ascii_hexdigit()) { u32::from_str_radix(digits, 16).ok() } else { None }
    }

    /// The number at `start`: `-`? `0` or a digit 1-9 and digits, then `.` and digits, then `e` or `E`, a
    /// sign, digits.
    fn number(&mut self, start: usize) -> Result<Value<'a>, Error> {
        let bytes = self.text.as_bytes();
        let digits_from = |at: usize| count_while(&bytes[at..], |b| b.is_ascii_digit());
        let mut at = start + usize::from(bytes[start] == b'-');
        match bytes.get(at) {
            Some(b'0') if matches!(bytes.get(at + 1), Some(b'x' | b'X')) => {
                return Err(self.error(ErrorKind::Json5Number, start));
            }
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => at += digits_from(at),
            Some(b'I') => return Err(self.error(ErrorKind::Json5Number, start)),
            _ => return Err(self.error(ErrorKind::InvalidNumber, start)),
        }
        if bytes.get(at) == Some(&b'.') {
            match digits_from(at + 1) {
                0 => return Err(self.error(ErrorKind::Json5Number, start)),
                n => at += 1 + n,
            }
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1 + usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
            match digits_from(at) {
                0 => return Err(self.error(ErrorKind::InvalidNumber, start)),
                n => at += n,
            }
        }
        if bytes.get(at).is_some_and(|b| is_word_byte(*b)) {
            return Err(self.error(ErrorKind::InvalidNumber, start));
        }
        self.at = at;
        Ok(Value::NumberLit(NumberLit { range: Range { start, end: at }, value: &self.text[start..at] }))
    }

    /// `true`, `false` or `null` at `start`; any other word is an error.
    fn word(&mut self, start: usize) -> Result<Value<'a>, Error> {
        let len = count_while(&self.text.as_bytes()[start..], is_word_byte);
        let range = Range { start, end: start + len };
        let value = match &self.text[start..start + len] {
            "true" => Value::BooleanLit(BooleanLit { range, value: true }),
            "false" => Value::BooleanLit(BooleanLit { range, value: false }),
            "null" => Value::NullKeyword(NullKeyword { range }),
            "Infinity" | "NaN" => return Err(self.error(ErrorKind::Json5Number, start)),
            _ => return Err(self.error(ErrorKind::UnexpectedToken, start)),
        };
        self.at = range.end;
        Ok(value)
    }
}

/// How many bytes from the start of `bytes` are `wanted`. (A loop over a function pointer, not
/// `take_while(...).count()`: each closure of that is a copy of the iterator's code, in every user's build.)
fn count_while(bytes: &[u8], wanted: fn(u8) -> bool) -> usize {
    let mut n = 0;
    while n < bytes.len() && wanted(bytes[n]) {
        n += 1;
    }
    n
}

/// A byte of a word (`true`, `null`, an unquoted name): an ASCII letter, digit, `_` or `$`.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$'
}

/// Whether a value may start with `byte`: where one follows another with no comma, a comma is missing.
fn starts_value(byte: u8) -> bool {
    matches!(byte, b'{' | b'[' | b'"' | b'\'' | b'-' | b'0'..=b'9') || is_word_byte(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree as text, with every node's range: the same for both parsers where they agree.
    fn ours(value: &Value<'_>) -> String {
        let r = |range: Range| format!("@{}..{}", range.start, range.end);
        match value {
            Value::StringLit(s) => format!("s{:?}{}", s.value, r(s.range)),
            Value::NumberLit(n) => format!("n{}{}", n.value, r(n.range)),
            Value::BooleanLit(b) => format!("b{}{}", b.value, r(b.range)),
            Value::NullKeyword(n) => format!("null{}", r(n.range)),
            Value::Array(a) => format!("[{}]{}", a.elements.iter().map(ours).collect::<Vec<_>>().join(","), r(a.range)),
            Value::Object(o) => {
                let props = o
                    .properties
                    .iter()
                    .map(|p| format!("s{:?}{}:{}{}", p.name.value, r(p.name.range), ours(&p.value), r(p.range)));
                format!("{{{}}}{}", props.collect::<Vec<_>>().join(","), r(o.range))
            }
        }
    }

    fn theirs(value: &jsonc_parser::ast::Value<'_>) -> String {
        use jsonc_parser::ast::{ObjectPropName, Value as V};
        use jsonc_parser::common::Ranged as _;
        let r = |range: jsonc_parser::common::Range| format!("@{}..{}", range.start, range.end);
        match value {
            V::StringLit(s) => format!("s{:?}{}", s.value, r(s.range)),
            V::NumberLit(n) => format!("n{}{}", n.value, r(n.range)),
            V::BooleanLit(b) => format!("b{}{}", b.value, r(b.range)),
            V::NullKeyword(n) => format!("null{}", r(n.range)),
            V::Array(a) => format!("[{}]{}", a.elements.iter().map(theirs).collect::<Vec<_>>().join(","), r(a.range)),
            V::Object(o) => {
                let props = o.properties.iter().map(|p| {
                    let name = match &p.name {
                        ObjectPropName::String(s) => format!("s{:?}{}", s.value, r(s.range)),
                        ObjectPropName::Word(w) => format!("w{}{}", w.value, r(w.range)),
                    };
                    format!("{name}:{}{}", theirs(&p.value), r(p.range()))
                });
                format!("{{{}}}{}", props.collect::<Vec<_>>().join(","), r(o.range))
            }
        }
    }

    /// jsonc-parser's strict mode: plain JSON, as the protocol read it with before.
    fn jsonc(text: &str) -> Result<Option<String>, usize> {
        let strict = jsonc_parser::ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        match jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &strict) {
            Ok(parsed) => Ok(parsed.value.as_ref().map(theirs)),
            Err(e) => Err(e.range().start),
        }
    }

    fn mine(text: &str) -> Result<Option<String>, usize> {
        parse(text).map(|v| v.as_ref().map(ours)).map_err(|e| e.at)
    }

    /// Where jsonc-parser takes what JSON does not, or refuses what it takes; these are refused here.
    fn jsonc_is_lenient(text: &str) -> bool {
        // A number with a leading zero (`01`, `-01`).
        let b = text.as_bytes();
        (0..b.len()).any(|i| {
            b[i] == b'0'
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && (i == 0 || !(b[i - 1].is_ascii_digit() || matches!(b[i - 1], b'.' | b'e' | b'E' | b'+')))
        })
    }

    /// The same tree, every range included, for every text both take; the same verdict for every text,
    /// but those where jsonc-parser is lenient. Over every manifest of the repository, and 200,000 texts
    /// made of JSON's own characters.
    #[test]
    fn it_reads_as_jsonc_parser_s_strict_mode() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut texts: Vec<String> = Vec::new();
        for dir in ["ui-tests/manifests", "examples/quickstart", "examples/sst-v4", "examples/sst-v4-shapes"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap().flatten() {
                if entry.path().extension().is_some_and(|e| e == "json") {
                    texts.push(std::fs::read_to_string(entry.path()).unwrap());
                }
            }
        }
        assert!(texts.len() >= 8, "the manifests: {}", texts.len());
        // A fixed generator: the same texts every run.
        let pieces = [
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            " ",
            "\n",
            "\"a\"",
            "\"\\u00e9\\n\"",
            "1",
            "-2.5e3",
            "0",
            "true",
            "null",
            "x",
            "'",
            "/",
            "*",
            "\\",
            "\"\\ud83d\\ude00\"",
            "\"é\"",
            "\r",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..200_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize + 1;
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            texts.push(text);
        }
        let mut both_take = 0;
        for text in &texts {
            let (mine, theirs) = (mine(text), jsonc(text));
            match (&mine, &theirs) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b, "{text:?}");
                    both_take += 1;
                }
                (Err(_), Err(_)) => {}
                _ if jsonc_is_lenient(text) => {}
                _ => panic!("{text:?}: here {mine:?}, jsonc-parser {theirs:?}"),
            }
        }
        assert!(both_take > 5_000, "too few valid texts to compare: {both_take}");
    }

    /// The places of the errors users meet most, as jsonc-parser gives them.
    #[test]
    fn its_errors_are_where_jsonc_parser_s_are() {
        for text in [
            "{\n  \"app\": \"x\",\n",
            "{\"app\": \"x\"\n\"resources\": []}",
            "{\"a\": 1,}",
            "[1,]",
            "{\n  // c\n}",
            "{\n  \"Bucket\": {,\n}",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\": }",
            "\"abc",
            "[",
            "{} {}",
            "{'a': 1}",
            "{a: 1}",
            "[+1]",
            "[.5]",
            "[Infinity]",
            "[0x1F]",
            &format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2)),
        ] {
            assert_eq!(mine(text).unwrap_err(), jsonc(text).unwrap_err(), "{text:?}");
        }
    }
}
