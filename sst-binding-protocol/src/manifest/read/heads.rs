//! What both forms of the manifest read of each function: the loop over `functions` and each one's head
//! (`package`, `bin`).

use crate::json::syntax::{Object, Value};

use crate::json::{Fields, Position, Reader, string};
use crate::manifest::FunctionHead;
use crate::names;

/// Calls `read` with each function of `functions` (either form of the manifest), its name, the place of
/// its name and its object, in file order; a function declared twice, with a name SST refuses or that is
/// not an object (`example` shows one) is reported and left out.
pub(super) fn each_function<'a>(
    reader: &mut Reader<'_>,
    functions: &'a Object<'a>,
    example: &str,
    mut read: impl FnMut(&mut Reader<'_>, &'a str, Position, &'a Object<'a>),
) {
    let unique = reader.unique(&functions.properties, |name, line| {
        format!("function `{name}` is declared twice (first on line {line}); remove one")
    });
    for prop in unique {
        let name = crate::json::key(prop);
        let at = reader.at(&prop.name);
        if let Err(e) = names::check_function_name(name) {
            reader.error(at, e.to_string());
            continue;
        }
        let Value::Object(body) = &prop.value else {
            reader.error(reader.at(&prop.value), format!("function `{name}` must be an object like {example}"));
            continue;
        };
        read(reader, name, at, body);
    }
}

/// The head of the function `name` (its key at `at`): its name, `package` and `bin` (`bin` needs
/// `package`), in either form of the manifest.
pub(super) fn head(reader: &mut Reader<'_>, fields: &Fields<'_, '_>, name: &str, at: Position) -> FunctionHead {
    let package = fields.get("package").and_then(|prop| {
        let package =
            reader.string(&prop.value, "`package` must be a string, the Cargo package that builds the function");
        package.map(str::to_owned)
    });
    let bin = fields.get("bin").and_then(|prop| {
        let bin = string(&prop.value).filter(|b| !b.is_empty());
        if bin.is_none() {
            reader.error(
                reader.at(&prop.value),
                "`bin` must be a non-empty string, the binary target of `package` that is this function",
            );
        } else if package.is_none() {
            reader.error(
                reader.at(&prop.value),
                format!("`bin` needs `package` in function `{name}`: name the Cargo package the binary belongs to"),
            );
        }
        bin.map(str::to_owned)
    });
    FunctionHead { name: name.to_owned(), package, bin, at }
}
