//! `relative_urls = true`: internal links written relative to each page.
//!
//! Templates and Markdown produce site-absolute URLs (`/sub/glossary/`).
//! For a site that must also open from the disk (`file://`), every
//! `href`, `src`, `action`, `data-root`, `data-search-base` and
//! `data-cards` attribute that starts with the
//! base path is rewritten, once the page is rendered, relative to the
//! page's own folder (`../glossary/`). The 404 page keeps absolute URLs: it
//! is served at any depth.

/// The attributes whose values are URLs to rewrite.
const ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "data-root",
    "data-search-base",
    "data-cards",
];

/// Rewrites the site-absolute URLs of `html`, written at output path
/// `path` (`a/b/index.html`), relative to that page.
pub fn relativize(html: &str, path: &str, base_path: &str) -> String {
    let depth = path.matches('/').count();
    let up = "../".repeat(depth);
    rewrite(html, |value| {
        let relative = format!("{up}{}", inside(value, base_path)?);
        Some(if relative.is_empty() {
            "./".into()
        } else {
            relative
        })
    })
}

/// Rewrites the site-absolute URLs of `html` as absolute ones under
/// `base_url`, for HTML read on another site (`timeline.json`, loaded into
/// a newsroom's own TimelineJS).
pub fn absolutize(html: &str, base_path: &str, base_url: &str) -> String {
    rewrite(html, |value| {
        inside(value, base_path).map(|inside| format!("{base_url}{inside}"))
    })
}

/// [`absolutize`], and a link to a place on the page itself (`#note-1`)
/// made a link to that place on the page at `page_url`: for a page's text
/// read apart from its page (its Markdown copy).
pub fn absolutize_page(html: &str, base_path: &str, base_url: &str, page_url: &str) -> String {
    rewrite(html, |value| match value.strip_prefix('#') {
        Some(_) => Some(format!("{page_url}{value}")),
        None => inside(value, base_path).map(|inside| format!("{base_url}{inside}")),
    })
}

/// A site-absolute URL (`/sub/glossary/`) without the base path
/// (`glossary/`); `None` for any other URL.
fn inside<'a>(value: &'a str, base_path: &str) -> Option<&'a str> {
    value
        .strip_prefix(base_path)
        .filter(|_| !value.starts_with("//"))
}

/// Replaces each URL attribute value of `html` for which `new` gives
/// another value.
fn rewrite(html: &str, new: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((attribute_end, quote)) = next_attribute(rest) {
        let value_start = attribute_end + 1;
        let Some(value_len) = rest[value_start..].find(quote) else {
            break;
        };
        let value = &rest[value_start..value_start + value_len];
        out.push_str(&rest[..value_start]);
        match new(value) {
            Some(value) => out.push_str(&value),
            None => out.push_str(value),
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    out
}

/// The next URL attribute in `html`: (the offset of its opening quote, the
/// quote character).
fn next_attribute(html: &str) -> Option<(usize, char)> {
    let mut from = 0;
    while let Some(eq) = html[from..].find('=') {
        let eq = from + eq;
        from = eq + 1;
        let name_start = html[..eq]
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let name = &html[name_start..eq];
        let quote = html[eq + 1..].chars().next();
        if let Some(q @ ('"' | '\'')) = quote
            && ATTRIBUTES.contains(&name)
        {
            return Some((eq + 1, q));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_absolute_urls_become_relative_to_the_page() {
        let html = r##"<a href="/sub/glossary/x/">x</a><img src='/sub/a.png'><a href="https://e.org/sub/">e</a><a href="//cdn/x">c</a><a href="#top">t</a><html data-root="/sub/">"##;
        let out = relativize(html, "article/index.html", "/sub/");
        assert_eq!(
            out,
            r##"<a href="../glossary/x/">x</a><img src='../a.png'><a href="https://e.org/sub/">e</a><a href="//cdn/x">c</a><a href="#top">t</a><html data-root="../">"##
        );
        assert_eq!(
            relativize(r#"<a href="/">home</a>"#, "index.html", "/"),
            r#"<a href="./">home</a>"#
        );
        assert_eq!(
            relativize(r#"<form action="/search/">"#, "a/b/index.html", "/"),
            r#"<form action="../../search/">"#
        );
    }

    #[test]
    fn site_absolute_urls_become_absolute_under_the_base_url() {
        let html = r##"<a class="term" href="/sub/glossary/x/">x</a><a href="https://e.org/">e</a><a href="#n">n</a>"##;
        assert_eq!(
            absolutize(html, "/sub/", "https://example.org/sub/"),
            r##"<a class="term" href="https://example.org/sub/glossary/x/">x</a><a href="https://e.org/">e</a><a href="#n">n</a>"##
        );
    }

    #[test]
    fn a_page_read_apart_links_its_own_places_on_the_page() {
        let html = r##"<a href="/sub/glossary/x/">x</a><a href="#note-1">1</a><a href="//cdn.org/a">c</a><a href="mailto:a@b.org">m</a>"##;
        assert_eq!(
            absolutize_page(
                html,
                "/sub/",
                "https://example.org/sub/",
                "https://example.org/sub/article/"
            ),
            r##"<a href="https://example.org/sub/glossary/x/">x</a><a href="https://example.org/sub/article/#note-1">1</a><a href="//cdn.org/a">c</a><a href="mailto:a@b.org">m</a>"##
        );
    }

    #[test]
    fn text_that_looks_like_an_attribute_outside_a_tag_is_left_alone_when_unquoted() {
        let html = "<p>x href=/a/ y</p>";
        assert_eq!(relativize(html, "index.html", "/"), html);
    }
}
