//! The Markdown copy of a page's text, `<path>/index.md` beside its
//! `index.html` (`[markdown] copies`), for machine readers: language
//! models and tools that would rather read Markdown than a page's HTML
//! (the llms.txt convention links them).
//!
//! It is made from the page's rendered text, not from its source, so that
//! it says what the reader sees: mentions of glossary entries, explicit
//! references, note markers and citation markers are plain Markdown links.
//! Every link is absolute, so the copy reads the same wherever it is
//! fetched from, and a marker's link (`#note-…`, `#source-1`) leads to its
//! place on the HTML page. htmd turns the HTML into Markdown.

use std::cell::RefCell;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::{Element, HtmlToMarkdown};

use super::{one_line, relative};
use crate::load::strings::Text;
use crate::site::{PageId, Site};

thread_local! {
    /// One converter per rendering thread: it is not `Sync`, and costs
    /// more to make than a page costs to convert.
    static CONVERTER: RefCell<Option<HtmlToMarkdown>> = const { RefCell::new(None) };
}

/// The Markdown copy of page `id`: its title as a heading, its summary
/// (an entry's) or description as a quoted lede, its text, then the
/// sources it cites, numbered as its citation markers number them.
pub fn copy(site: &Site, id: PageId) -> String {
    let config = &site.config;
    let page = site.page(id);
    let html = relative::absolutize_page(
        &page.body.html,
        &config.base_path,
        &config.base_url,
        &page.permalink(config),
    );
    let text = match nesting(&html) {
        // htmd walks the tree by recursion, and a quotation nested n deep
        // writes n `>` before each of its lines: past this depth (only
        // ever hostile input) the copy holds the plain text.
        depth if depth > MAX_NESTING => one_line(&super::search::plain_text(&html)),
        _ => to_markdown(&html),
    };
    let lede = match page.entry {
        Some(entry) => Some(site.entry(entry).summary.as_str()),
        None => page.meta.description.as_deref(),
    };
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str("# ");
    out.push_str(&one_line(&page.meta.title));
    out.push_str("\n\n");
    if let Some(lede) = lede.filter(|l| !l.trim().is_empty()) {
        out.push_str("> ");
        out.push_str(&one_line(lede));
        out.push_str("\n\n");
    }
    if !text.is_empty() {
        out.push_str(&text);
        out.push('\n');
    }
    let sources = site.sources_of(id);
    if !sources.is_empty() {
        let heading = match site
            .theme
            .strings
            .for_language(&config.language)
            .get("sources")
        {
            Some(Text::Plain(words)) => words.as_str(),
            _ => "Sources",
        };
        out.push_str("\n## ");
        out.push_str(heading);
        out.push_str("\n\n");
        for (n, &source) in sources.iter().enumerate() {
            let formatted = to_markdown(&site.source(source).formatted);
            out.push_str(&format!("{}. {}\n", n + 1, one_line(&formatted)));
        }
    }
    out
}

/// How deep elements may nest in a text converted to Markdown.
const MAX_NESTING: usize = 200;

/// How deep the elements of `html` nest, counted from its tags (`<br>`
/// and the other void elements open nothing).
fn nesting(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if let Some(closing) = tag.strip_prefix('/') {
            depth = depth.saturating_sub(usize::from(!closing.is_empty()));
            continue;
        }
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let opens = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && !tag.ends_with('/')
            && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name));
        if opens {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// `html` in Markdown.
fn to_markdown(html: &str) -> String {
    CONVERTER.with_borrow_mut(|made| {
        made.get_or_insert_with(converter)
            .convert(html)
            // Reading from a string cannot fail.
            .unwrap_or_default()
    })
}

/// A converter that also writes the notes on passages (`<aside>`, after
/// the paragraph holding their marker) as quotations.
fn converter() -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            // `<https://…>` for a link that shows its own address.
            link_style: htmd::options::LinkStyle::InlinedPreferAutolinks,
            code_block_style: htmd::options::CodeBlockStyle::Fenced,
            ..Default::default()
        })
        .add_handler(vec!["aside"], quoted)
        .build()
}

fn quoted(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    let lines: Vec<String> = content
        .trim_matches('\n')
        .lines()
        .map(|line| match line.trim_end() {
            "" => ">".to_string(),
            line => format!("> {line}"),
        })
        .collect();
    Some(format!("\n\n{}\n\n", lines.join("\n")).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_open_elements_not_void_or_closed_ones() {
        assert_eq!(nesting("text"), 0);
        assert_eq!(nesting("<p>a<br>b<img src=x/></p><p>c</p>"), 1);
        assert_eq!(
            nesting("<blockquote><ul><li><p>deep</p></li></ul></blockquote>"),
            4
        );
        assert_eq!(nesting(&"<div>".repeat(10_000)), 10_000);
        // A lone `<` in text opens nothing.
        assert_eq!(nesting("a < b and 1 <2"), 0);
    }
}
