//! Embeds `themes/explainer` in the binary, so that `glossator init` and a
//! site without a `themes/` folder get the default theme; and the commit
//! it is built from, for `glossator --version`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let theme = Path::new("themes/explainer");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for (relative, absolute) in &files {
        println!("cargo:rerun-if-changed={absolute}");
        let _ = writeln!(out, "    ({relative:?}, include_bytes!({absolute:?})),");
    }
    out.push(']');
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_theme.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
    commit();
}

/// Sets `GLOSSATOR_COMMIT` to the commit the checkout is at (`git
/// rev-parse --short=12 HEAD`; edits not committed yet are not told), or
/// to `unknown commit` outside a git checkout (a source archive).
fn commit() {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).map_or_else(
        || "unknown commit".to_string(),
        |hash| format!("commit {}", hash.trim()),
    );
    println!("cargo:rustc-env=GLOSSATOR_COMMIT={commit}");
    // Again after a commit or a checkout: HEAD, and the branch it names
    // (a loose ref, or the packed ones). Only files that exist are named:
    // cargo runs a script again at every build for one that does not.
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        let git_dir = Path::new(git_dir.trim());
        let mut watched = vec![git_dir.join("HEAD"), git_dir.join("packed-refs")];
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(git_dir.join(branch.trim()));
        }
        for path in watched.iter().filter(|p| p.is_file()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path
                .strip_prefix(base)
                .expect("walked below base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let absolute = std::fs::canonicalize(&path).expect("file exists");
            files.push((relative, absolute.to_string_lossy().into_owned()));
        }
    }
}
