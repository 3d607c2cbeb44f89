//! The two longest lists of a densely annotated site as HTML, written by
//! glossator rather than looped over in a template: a page's "In this
//! text" list (`terms_html`) and an entry's backlinks (`backlinks_html`).
//!
//! On a site with thousands of entries these loops were the largest part
//! of rendering: every `t.url` or `m.sentence` a template prints is a
//! path lookup in Tera, and a page lists dozens of entries, an entry
//! hundreds of sentences (docs/benchmarks.md, ninth pass). The structured
//! lists (`terms`, `backlinks`) stay in the context beside them for a
//! theme that writes its own markup; the built-in theme prints these.
//! Text is escaped as a template's `{{ … }}` escapes it.

use super::templates::escape_into;
use super::view::{Backlinks, EntryRef};

/// `terms` as the list items of `<ul class="mentioned-terms">`, each on
/// its own line: `<li><a class="entry-ref" href="…">title</a>`, then
/// ` <span class="kind">kind</span>` when the entry has a kind.
pub fn terms_html(terms: &[EntryRef<'_>]) -> String {
    let mut out = String::with_capacity(terms.len() * 96);
    for t in terms {
        out.push_str("\n    <li><a class=\"entry-ref\" href=\"");
        escape_into(&mut out, &t.url);
        out.push_str("\">");
        escape_into(&mut out, t.title);
        out.push_str("</a>");
        if let Some(kind) = t.kind.filter(|k| !k.is_empty()) {
            out.push_str(" <span class=\"kind\">");
            escape_into(&mut out, kind);
            out.push_str("</span>");
        }
        out.push_str("</li>");
    }
    out
}

/// `backlinks` as HTML: per page, `<h3 class="backlinks-page">` with a
/// link to it, then `<ul>` of its sentences, each a link
/// (`<a class="mention-sentence">`) to the paragraph it stands in. Empty
/// when the entry is mentioned nowhere.
pub fn backlinks_html(groups: &[Backlinks<'_>]) -> String {
    let mentions: usize = groups.iter().map(|g| g.mentions.len()).sum();
    let mut out = String::with_capacity(groups.len() * 96 + mentions * 192);
    for group in groups {
        out.push_str("\n    <h3 class=\"backlinks-page\"><a href=\"");
        escape_into(&mut out, &group.page.url);
        out.push_str("\">");
        escape_into(&mut out, group.page.title);
        out.push_str("</a></h3>\n    <ul>");
        for m in &group.mentions {
            out.push_str("\n      <li><a class=\"mention-sentence\" href=\"");
            escape_into(&mut out, &m.url);
            out.push_str("\">");
            escape_into(&mut out, m.sentence);
            out.push_str("</a></li>");
        }
        out.push_str("\n    </ul>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::view::{Link, MentionView};
    use crate::site::EntryId;

    fn entry<'a>(title: &'a str, url: &str, kind: Option<&'a str>) -> EntryRef<'a> {
        EntryRef {
            entry: EntryId(0),
            id: "id",
            title,
            url: url.to_string(),
            kind,
            summary: "",
            count: 1,
        }
    }

    #[test]
    fn terms_are_escaped_and_an_empty_kind_is_no_kind() {
        let html = terms_html(&[
            entry("A <b> & \"c\"", "/g/a/", Some("law's")),
            entry("D", "/g/d/?x=1&y=2", Some("")),
            entry("E", "/g/e/", None),
        ]);
        assert_eq!(
            html,
            "\n    <li><a class=\"entry-ref\" href=\"/g/a/\">A &lt;b&gt; &amp; &quot;c&quot;</a> \
             <span class=\"kind\">law&#39;s</span></li>\
             \n    <li><a class=\"entry-ref\" href=\"/g/d/?x=1&amp;y=2\">D</a></li>\
             \n    <li><a class=\"entry-ref\" href=\"/g/e/\">E</a></li>"
        );
        assert_eq!(terms_html(&[]), "");
    }

    #[test]
    fn backlinks_list_each_page_then_its_sentences() {
        let mention = |sentence, url: &str| MentionView {
            sentence,
            text: "x",
            url: url.to_string(),
            linked: true,
            explicit: false,
        };
        let html = backlinks_html(&[
            Backlinks {
                page: Link {
                    title: "P & Q",
                    url: "/p/".to_string(),
                },
                mentions: vec![mention("One <x>.", "/p/#a"), mention("Two.", "/p/#b")],
            },
            Backlinks {
                page: Link {
                    title: "R",
                    url: "/r/".to_string(),
                },
                mentions: vec![mention("Three.", "/r/#c")],
            },
        ]);
        assert_eq!(
            html,
            "\n    <h3 class=\"backlinks-page\"><a href=\"/p/\">P &amp; Q</a></h3>\n    <ul>\
             \n      <li><a class=\"mention-sentence\" href=\"/p/#a\">One &lt;x&gt;.</a></li>\
             \n      <li><a class=\"mention-sentence\" href=\"/p/#b\">Two.</a></li>\n    </ul>\
             \n    <h3 class=\"backlinks-page\"><a href=\"/r/\">R</a></h3>\n    <ul>\
             \n      <li><a class=\"mention-sentence\" href=\"/r/#c\">Three.</a></li>\n    </ul>"
        );
        assert_eq!(backlinks_html(&[]), "");
    }
}
