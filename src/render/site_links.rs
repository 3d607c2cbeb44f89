//! Links written to paths of the site itself (`[x](/about/)`,
//! `![map](/img/map.png)`), checked against every path the build writes,
//! static files included: the same check as `@/` links get, for links a
//! page path cannot name (a static file, a generated page, another
//! language's page).

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, closest};
use crate::site::Site;

/// Reports every link of `sites`' pages to a path of the site that
/// `outputs` (every output file, `about/index.html`) does not have.
pub fn check<'a>(
    sites: impl Iterator<Item = &'a Site>,
    outputs: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // The URLs a reader can follow, for "did you mean": `/about/` for a
    // folder's `index.html`, `/img/map.png` for a file.
    let mut urls: Option<Vec<String>> = None;
    for site in sites {
        for page in &site.pages {
            for link in &page.body.site_links {
                if leads_somewhere(&link.path, outputs) {
                    continue;
                }
                let urls = urls.get_or_insert_with(|| outputs.iter().map(|p| url_of(p)).collect());
                let wanted = path_of(&link.path);
                let help = match closest(wanted, urls.iter().map(String::as_str)) {
                    Some(url) => format!("did you mean `{url}`?"),
                    None => "link to a page with `@/path.md`, or to a file of `static/`; a path \
                             outside this site needs its full URL (`https://…`)"
                        .to_string(),
                };
                diagnostics.push(
                    Diagnostic::error(format!("link to a missing path `{wanted}`"))
                        .at(&page.file, link.position.clone())
                        .with_label("the build writes nothing at this path")
                        .with_help(help),
                );
            }
        }
    }
    diagnostics
}

/// `/a/b/?q#x` → `/a/b/`.
fn path_of(dest: &str) -> &str {
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    &dest[..end]
}

/// Whether a web server serving the output answers `dest`: a file, or a
/// folder's `index.html` (with or without the final `/`).
fn leads_somewhere(dest: &str, outputs: &BTreeSet<String>) -> bool {
    let path = path_of(dest);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let file = decoded.trim_start_matches('/');
    if file.is_empty() || file.ends_with('/') {
        return outputs.contains(&format!("{file}index.html"));
    }
    outputs.contains(file) || outputs.contains(&format!("{file}/index.html"))
}

/// The URL an output file is followed at: `/about/` for `about/index.html`.
fn url_of(output: &str) -> String {
    match output.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{output}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_leads_to_a_file_or_a_folder_index() {
        let outputs: BTreeSet<String> = [
            "index.html",
            "about/index.html",
            "img/map.png",
            "a b/index.html",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for found in [
            "/",
            "/about/",
            "/about",
            "/about/#team",
            "/img/map.png?v=2",
            "/a%20b/",
        ] {
            assert!(leads_somewhere(found, &outputs), "{found}");
        }
        for missing in ["/abuot/", "/img/", "/img/map.jpg", "/about/index"] {
            assert!(!leads_somewhere(missing, &outputs), "{missing}");
        }
        assert_eq!(url_of("about/index.html"), "/about/");
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("img/map.png"), "/img/map.png");
    }
}
