//! The Rust names the macro makes of SST's: `snake_case` for functions and fields (`myFiles` ->
//! `my_files`), `UpperCamelCase` for types (`my-bucket` -> `MyBucket`).
//!
//! These give exactly what `heck` 0.5's `ToSnakeCase` and `ToUpperCamelCase` give, for every input (the
//! tests compare them over every short string of an alphabet with each class of character), so that no
//! generated name changes. They are written here rather than taken from `heck` for what a user's build
//! compiles: `heck` was a crate of its own in every build of a function that uses the macro, 0.17 s of
//! CPU for two functions of 60 lines (docs/performance.md, "What the macro adds to a Lambda function's
//! clean build").

/// `name` in snake_case: its words (see `words`) in lowercase, joined by `_`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    words(name, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        push_lowercase(&mut out, word);
    });
    out
}

/// `name` in UpperCamelCase: each of its words (see `words`) with its first character in uppercase and
/// the rest in lowercase, joined.
pub fn upper_camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    words(name, |word| {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            push_lowercase(&mut out, chars.as_str());
        }
    });
    out
}

/// Calls `each` with every word of `name`, in order. Words are the runs of alphanumeric characters, each
/// split further where its case changes:
/// - before an uppercase character that follows a lowercase one (`myFiles`: `my`, `Files`), characters
///   without case (digits) in between counting as the lowercase one (`v2Api`: `v2`, `Api`);
/// - before the last of two or more uppercase characters when a lowercase one follows (`HTTPServer`:
///   `HTTP`, `Server`).
fn words(name: &str, mut each: impl FnMut(&str)) {
    /// The case of the last character with one since the word's start.
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        None,
        Lower,
        Upper,
    }
    for run in name.split(|c: char| !c.is_alphanumeric()).filter(|run| !run.is_empty()) {
        let mut start = 0;
        let mut last = Last::None;
        let mut chars = run.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let Some(&(next_at, next)) = chars.peek() else {
                each(&run[start..]);
                break;
            };
            let with_c = if c.is_lowercase() {
                Last::Lower
            } else if c.is_uppercase() {
                Last::Upper
            } else {
                last
            };
            if with_c == Last::Lower && next.is_uppercase() {
                each(&run[start..next_at]);
                (start, last) = (next_at, Last::None);
            } else if last == Last::Upper && c.is_uppercase() && next.is_lowercase() {
                each(&run[start..at]);
                (start, last) = (at, Last::None);
            } else {
                last = with_c;
            }
        }
    }
}

/// Pushes `word` in lowercase; a capital sigma that ends it is the final form, `ς`.
fn push_lowercase(out: &mut String, word: &str) {
    match word.strip_suffix('Σ') {
        Some(rest) => {
            out.extend(rest.chars().flat_map(char::to_lowercase));
            out.push('ς');
        }
        None => out.extend(word.chars().flat_map(char::to_lowercase)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use heck::{ToSnakeCase, ToUpperCamelCase};

    use super::*;

    /// Every string of up to `len` characters over `alphabet`, the empty one first.
    pub(crate) fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn names_as_sst_writes_them() {
        assert_eq!(snake_case("myFiles"), "my_files");
        assert_eq!(snake_case("STRIPE_KEY"), "stripe_key");
        assert_eq!(snake_case("my-files"), "my_files");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("v2Api"), "v2_api");
        assert_eq!(upper_camel_case("MyBucket"), "MyBucket");
        assert_eq!(upper_camel_case("limits"), "Limits");
        assert_eq!(upper_camel_case("my-bucket_2"), "MyBucket2");
    }

    /// Every string of up to 5 characters over an alphabet with a character of each class the rules tell
    /// apart (lowercase, uppercase, titlecase and so neither, digit, separators, a letter whose case
    /// mapping is longer than itself, the final sigma), converted as `heck` 0.5 converts it.
    #[test]
    fn every_short_name_is_converted_as_heck_converts_it() {
        let strings = strings(&['a', 'B', 'ǅ', '7', '-', ' ', 'ß', 'İ', 'Σ', 'é'], 5);
        assert_eq!(strings.len(), 111_111);
        for s in &strings {
            assert_eq!(snake_case(s), s.to_snake_case(), "snake_case of {s:?}");
            assert_eq!(upper_camel_case(s), s.to_upper_camel_case(), "upper_camel_case of {s:?}");
        }
    }
}
