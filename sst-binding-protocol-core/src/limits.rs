//! The limits of what the readers accept, all in one place. Each is far above what a real app reaches, so
//! that only a broken or hostile input meets one; it is then refused at once, with an error that names the
//! limit, instead of costing minutes, memory or the compiler's stack.

/// The largest manifest, in bytes. A manifest of 5,000 resources and 500 functions is under 1 MiB.
pub const MAX_MANIFEST_BYTES: usize = 8 * MIB;

/// The largest values file (`bind --values`), in bytes. SSM holds at most 8 KiB a value (Advanced tier),
/// and a Lambda function's environment 4 KiB in all.
pub const MAX_VALUES_FILE_BYTES: usize = 8 * MIB;

/// The largest `sst-env.d.ts`, in bytes. SST writes about 60 bytes a link property; an app with 1,000
/// links of 10 properties each is under 1 MiB.
pub const MAX_TYPES_FILE_BYTES: usize = 8 * MIB;

/// How deep the JSON of a manifest or a values file may nest (objects and arrays). Their deepest real
/// place is a permission's `actions`, 6 levels down. The JSON parser (`json::syntax` in the protocol) stops
/// at 512 levels open around a value, one below this; deeper input would overflow the stack of the
/// compiler the macro runs in.
pub const MAX_NESTING: usize = 513;

/// The longest id, in characters. An id is part of an SSM parameter name, which SSM caps at 1011
/// characters with its prefix.
pub const MAX_ID_CHARS: usize = 1024;

/// The longest app, kind, prop or function name, in characters. An app name is part of CloudFormation
/// stack names (at most 128 characters), a function name of a Lambda function's (at most 64).
pub const MAX_NAME_CHARS: usize = 256;

/// The most resources a manifest may declare. A CloudFormation stack holds at most 500 resources; an app
/// binding this many values would exceed Lambda's 4 KiB environment many times over.
pub const MAX_RESOURCES: usize = 50_000;

const MIB: usize = 1024 * 1024;

/// `the manifest is 12.0 MiB; the limit is 8 MiB`, for a text of `len` bytes over `limit`.
pub fn too_large(what: &str, len: usize, limit: usize) -> String {
    format!("{what} is {}; the limit is {}: is this the right file?", size(len), size(limit))
}

/// `the id `abc…` is 5000 characters long; the limit is 1024`, showing only the start of the name.
pub(crate) fn too_long(what: &str, name: &str, chars: usize, limit: usize) -> String {
    let start: String = name.chars().take(SHOWN_CHARS).collect();
    format!("{what} `{start}…` is {chars} characters long; the limit is {limit}")
}

/// How much of an overlong name a message shows.
const SHOWN_CHARS: usize = 32;

/// `512 bytes`, `3.5 KiB`, `8 MiB` (whole units without decimals, others rounded up).
fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    let (unit, name) = match bytes {
        b if b >= MIB => (MIB, "MiB"),
        b if b >= KIB => (KIB, "KiB"),
        _ => return format!("{bytes} bytes"),
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        // Rounded up, so that a size just over a limit never reads as the limit itself.
        format!("{:.1} {name}", (bytes as f64 * 10.0 / unit as f64).ceil() / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(
            too_large("the manifest", 12 * MIB + MIB / 2, MAX_MANIFEST_BYTES),
            "the manifest is 12.5 MiB; the limit is 8 MiB: is this the right file?"
        );
        assert_eq!(size(100), "100 bytes");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(MAX_MANIFEST_BYTES + 1), "8.1 MiB");
    }

    #[test]
    fn a_long_name_is_shown_cut() {
        let name = "a".repeat(2000);
        assert_eq!(
            too_long("the id", &name, 2000, MAX_ID_CHARS),
            format!("the id `{}…` is 2000 characters long; the limit is 1024", "a".repeat(32))
        );
    }
}
