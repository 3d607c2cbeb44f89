//! Request paths -> files of the built site, never outside it.
//!
//! A request path is percent-decoded exactly once (so `%252e%252e` stays the
//! literal name `%2e%2e`, never `..`), then refused if it holds anything
//! that could climb out of the output or confuse a file system: `..`
//! segments, backslashes, NUL and other control characters, or bytes that
//! are not UTF-8. What is left is a relative path of plain segments. Zola's
//! dev server once served files outside its output (CVE-2023-40274): this
//! is the one place glossator turns a request into a path.

/// A request path, checked: a relative path of plain segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A file: `a/b.css`.
    File(String),
    /// A folder, written with a final `/` (or the root): its `index.html`
    /// is served. `a/b/`, or `` for the root.
    Folder(String),
}

/// Why a request path is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It does not start with `/`.
    NotAbsolute,
    /// A `%` not followed by two hexadecimal digits.
    BadEscape,
    /// Decoded, it is not UTF-8.
    NotUtf8,
    /// A `..` segment, a backslash, or a control character.
    Unsafe,
}

/// Checks the path of a request (without its query string).
pub fn resolve(raw: &str) -> Result<Target, Refusal> {
    let rest = raw.strip_prefix('/').ok_or(Refusal::NotAbsolute)?;
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) || decoded.chars().any(char::is_control) {
        return Err(Refusal::Unsafe);
    }
    // The root, a final `/`, or a final `.` segment (`/a/.`) name a folder:
    // as a file, `/.` would be the empty name.
    let last = decoded.rsplit('/').next().unwrap_or_default();
    let folder = last.is_empty() || last == ".";
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refusal::Unsafe),
            s => segments.push(s),
        }
    }
    let path = segments.join("/");
    Ok(if folder {
        Target::Folder(if path.is_empty() {
            path
        } else {
            format!("{path}/")
        })
    } else {
        Target::File(path)
    })
}

fn percent_decode(text: &str) -> Result<String, Refusal> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .ok_or(Refusal::BadEscape)?;
            // Two ASCII digits: `from_str_radix` alone would take `%+f` too.
            let hex = std::str::from_utf8(hex).map_err(|_| Refusal::BadEscape)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadEscape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Refusal::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_paths_map_to_files_and_folders() {
        assert_eq!(resolve("/"), Ok(Target::Folder(String::new())));
        assert_eq!(resolve("/a/b/"), Ok(Target::Folder("a/b/".into())));
        assert_eq!(resolve("/style.css"), Ok(Target::File("style.css".into())));
        assert_eq!(
            resolve("/a%20b/c.html"),
            Ok(Target::File("a b/c.html".into()))
        );
        assert_eq!(resolve("/Caf%C3%A9/"), Ok(Target::Folder("Café/".into())));
        assert_eq!(resolve("//a/./b"), Ok(Target::File("a/b".into())));
        // Found by fuzzing: `/.` was the file with no name.
        assert_eq!(resolve("/."), Ok(Target::Folder(String::new())));
        assert_eq!(resolve("/a/%2e"), Ok(Target::Folder("a/".into())));
    }

    #[test]
    fn every_way_out_is_refused() {
        for raw in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/..%2f..%2fx",
            "/a%5c..%5cx",
            "/a\\..\\x",
            "/a%00.html",
            "/a%0a",
            "/..",
        ] {
            assert_eq!(resolve(raw), Err(Refusal::Unsafe), "{raw}");
        }
        assert_eq!(resolve("/%ff%fe"), Err(Refusal::NotUtf8));
        assert_eq!(resolve("/%zz"), Err(Refusal::BadEscape));
        assert_eq!(resolve("/%2"), Err(Refusal::BadEscape));
        assert_eq!(resolve("/%+f"), Err(Refusal::BadEscape));
        assert_eq!(resolve("a"), Err(Refusal::NotAbsolute));
    }

    #[test]
    fn double_encoding_is_decoded_once() {
        assert_eq!(
            resolve("/%252e%252e/x"),
            Ok(Target::File("%2e%2e/x".into()))
        );
    }

    proptest! {
        /// Whatever a client sends, an accepted path has no way out.
        #[test]
        fn accepted_paths_stay_inside(raw in "/[a-z./%\\\\0-9A-F]{0,24}") {
            if let Ok(target) = resolve(&raw) {
                let path = match target { Target::File(p) | Target::Folder(p) => p };
                prop_assert!(!path.starts_with('/'));
                prop_assert!(!path.split('/').any(|s| s == ".." || s == "."));
                prop_assert!(!path.contains('\\') && !path.contains('\0'));
            }
        }
    }
}
