//! The request path normaliser of `glossator serve`.
//!
//! Whatever a client sends, an accepted path must be a relative path of
//! plain segments (no `..`, `.`, empty segment, backslash or control
//! character), and asking again for what it names, percent-encoded, must
//! give the same answer.

#![no_main]

use glossator::serve::path::{Target, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(target) = resolve(raw) else {
        return;
    };
    let (path, folder) = match &target {
        Target::File(p) => (p.as_str(), false),
        Target::Folder(p) => (p.as_str(), true),
    };
    let segments = path.strip_suffix('/').filter(|_| folder).unwrap_or(path);
    assert!(!path.starts_with('/'), "{raw:?} -> {target:?}");
    assert!(!path.contains(['\\', '\0']), "{raw:?} -> {target:?}");
    assert!(!path.chars().any(char::is_control), "{raw:?} -> {target:?}");
    if !segments.is_empty() {
        for segment in segments.split('/') {
            assert!(!matches!(segment, "" | "." | ".."), "{raw:?} -> {target:?}");
        }
    }
    let again = format!("/{}", path.replace('%', "%25"));
    assert_eq!(
        resolve(&again),
        Ok(target.clone()),
        "{raw:?} then {again:?}"
    );
});
