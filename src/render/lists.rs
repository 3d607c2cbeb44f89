//! Lists written by glossator as HTML rather than looped over in a
//! template: the two longest of a densely annotated site, a page's "In
//! this text" list (`terms_html`) and an entry's backlinks
//! (`backlinks_html`), and the two most pages print, the sections of the
//! navigation bar (`nav_html`) and the table of contents (`toc_html`).
//!
//! On a site with thousands of entries these loops were the largest part
//! of rendering: every `t.url` or `m.sentence` a template prints is a
//! path lookup in Tera, and a page lists dozens of entries, an entry
//! hundreds of sentences (docs/benchmarks.md, ninth pass). The structured
//! lists (`terms`, `backlinks`) stay in the context beside them for a
//! theme that writes its own markup; the built-in theme prints these.
//! Text is escaped as a template's `{{ … }}` escapes it.

use super::prefetch::{prefetch, prefetch_all};
use super::templates::escape_into;
use super::view::{BacklinkGroup, Link};
use crate::site::{Heading, PageId};

/// `nav_html`: `site.sections` as the list items of the navigation bar,
/// each on its own line, `<li><a href="…">title</a></li>`, the page's own
/// section with `aria-current="page"`. The list for each section being
/// the current one is written once per build; a page takes a copy.
pub struct Nav {
    /// The site's base path (`/` or `/sub/`), which every URL starts with.
    base_path: String,
    /// Each section's URL, in the order of `site.sections`.
    urls: Vec<String>,
    /// The items with none current, then with each section current.
    variants: Vec<String>,
}

impl Nav {
    /// The lists of `sections`, of a site whose base path is `base_path`.
    pub fn new(sections: &[Link<'_>], base_path: &str) -> Nav {
        let item = |out: &mut String, link: &Link<'_>, current: bool| {
            out.push_str("\n      <li><a href=\"");
            escape_into(out, &link.url);
            out.push_str(if current {
                "\" aria-current=\"page\">"
            } else {
                "\">"
            });
            escape_into(out, link.title);
            out.push_str("</a></li>");
        };
        let variants = (0..=sections.len())
            .map(|variant| {
                let mut out = String::new();
                for (i, link) in sections.iter().enumerate() {
                    item(&mut out, link, variant == i + 1);
                }
                out
            })
            .collect();
        Nav {
            base_path: base_path.to_string(),
            urls: sections.iter().map(|link| link.url.clone()).collect(),
            variants,
        }
    }

    /// The list on the page at `current_path` (relative to the base path,
    /// as templates get it): the section whose URL that is, if any, is the
    /// current one.
    pub fn html(&self, current_path: &str) -> &str {
        let current = self
            .urls
            .iter()
            .position(|u| u.strip_prefix(self.base_path.as_str()) == Some(current_path))
            .map_or(0, |i| i + 1);
        &self.variants[current]
    }
}

/// `toc_html`: the level-2 headings of `headings` as the list items of
/// the table of contents, each on its own line, `<li><a href="#id">title</a></li>`.
/// The loop that wrote them in the built-in `page.html` was the costliest
/// part of a plain page's template, a sixth of it (docs/benchmarks.md,
/// twenty-first pass).
pub fn toc_html(headings: &[Heading]) -> String {
    let mut out = String::new();
    for h in headings.iter().filter(|h| h.level == 2) {
        out.push_str("\n      <li><a href=\"#");
        escape_into(&mut out, &h.id);
        out.push_str("\">");
        escape_into(&mut out, &h.title);
        out.push_str("</a></li>");
    }
    out
}

/// One entry's item of a page's `terms_html`, the list items of `<ul
/// class="mentioned-terms">` (each made once per build,
/// [`Cards::item`](super::hover_cards::Cards::item)), appended to `out`:
/// on its own line, `<li><a class="entry-ref" href="…">title</a>`, then
/// ` <span class="kind">kind</span>` when the entry has a kind.
pub fn term_item(out: &mut String, url: &str, title: &str, kind: Option<&str>) {
    out.push_str("\n    <li>");
    entry_ref(out, url, title);
    if let Some(kind) = kind.filter(|k| !k.is_empty()) {
        out.push_str(" <span class=\"kind\">");
        escape_into(out, kind);
        out.push_str("</span>");
    }
    out.push_str("</li>");
}

/// `links` as HTML, each `<a class="entry-ref" href="…">title</a>`,
/// joined by `separator`: an event's `terms_html`.
pub fn links_html(links: &[Link<'_>], separator: &str) -> String {
    let mut out = String::with_capacity(links.len() * 96);
    for (i, link) in links.iter().enumerate() {
        if i > 0 {
            escape_into(&mut out, separator);
        }
        entry_ref(&mut out, &link.url, link.title);
    }
    out
}

/// A link to a glossary entry, `<a class="entry-ref" href="…">title</a>`,
/// as both [`term_item`] and [`links_html`] write it.
fn entry_ref(out: &mut String, url: &str, title: &str) {
    out.push_str("<a class=\"entry-ref\" href=\"");
    escape_into(out, url);
    out.push_str("\">");
    escape_into(out, title);
    out.push_str("</a>");
}

/// The start of each page's part of an entry's backlinks, by page id,
/// written once per build: a page mentioned by a hundred entries is listed
/// on a hundred entry pages.
pub struct BacklinkPages {
    /// `<h3 class="backlinks-page">` with a link to the page, and `<ul>`.
    heads: Vec<String>,
    /// The escaped URL its blocks are read at: a mention's link is this,
    /// `#` and its block.
    blocks_urls: Vec<String>,
}

impl BacklinkPages {
    /// The heads of `pages`: each page's link and blocks' URL, by page id.
    pub fn new<'a>(pages: impl Iterator<Item = (Link<'a>, String)>) -> BacklinkPages {
        let (heads, blocks_urls) = pages
            .map(|(link, blocks_url)| {
                let mut head = String::from("\n    <h3 class=\"backlinks-page\"><a href=\"");
                escape_into(&mut head, &link.url);
                head.push_str("\">");
                escape_into(&mut head, link.title);
                head.push_str("</a></h3>\n    <ul>");
                let mut url = String::new();
                escape_into(&mut url, &blocks_url);
                (head, url)
            })
            .unzip();
        BacklinkPages { heads, blocks_urls }
    }

    /// Page `page`'s head and the escaped URL its blocks are read at.
    fn of(&self, page: PageId) -> Option<(&str, &str)> {
        let page = page.0 as usize;
        Some((self.heads.get(page)?, self.blocks_urls.get(page)?))
    }
}

/// `backlinks` as HTML: per page, `<h3 class="backlinks-page">` with a
/// link to it, then `<ul>` of its sentences, each a link
/// (`<a class="mention-sentence">`) to the paragraph it stands in. Empty
/// when the entry is mentioned nowhere.
pub fn backlinks_html(groups: &[BacklinkGroup<'_>], pages: &BacklinkPages) -> String {
    // Sized for what is printed before escaping, and a sixteenth more:
    // grown by doubling, the string was copied and had twice what it held.
    let printed: usize = groups
        .iter()
        .map(|g| {
            let (head, url) = pages.of(g.page).map_or((0, 0), |(h, u)| (h.len(), u.len()));
            let each = LI.len() + url + 1 + 2 + END_LI.len();
            head + END_UL.len()
                + g.mentions
                    .iter()
                    .map(|m| each + m.block.len() + m.sentence.len())
                    .sum::<usize>()
        })
        .sum();
    let mut out = String::with_capacity(printed + printed / 16);
    // The pages' heads lie all over the site's memory: each was a miss of
    // the cache, so those a few pages on are asked for ahead. The
    // mentions' sentences and block ids were asked for by
    // `backlink_groups`, which read the mentions just before.
    for (g, group) in groups.iter().enumerate() {
        if let Some((head, url)) = groups.get(g + AHEAD).and_then(|next| pages.of(next.page)) {
            prefetch_all(head);
            prefetch(url.as_ptr());
        }
        let Some((head, blocks_url)) = pages.of(group.page) else {
            continue;
        };
        out.push_str(head);
        for m in &group.mentions {
            out.push_str(LI);
            out.push_str(blocks_url);
            out.push('#');
            escape_into(&mut out, &m.block);
            out.push_str("\">");
            escape_into(&mut out, &m.sentence);
            out.push_str(END_LI);
        }
        out.push_str(END_UL);
    }
    out
}

/// What [`backlinks_html`] prints around each mention and page.
const LI: &str = "\n      <li><a class=\"mention-sentence\" href=\"";
const END_LI: &str = "</a></li>";
const END_UL: &str = "\n    </ul>";

/// How many pages ahead [`backlinks_html`] asks for the heads of.
const AHEAD: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{EntryId, Mention, PageId};

    #[test]
    fn the_nav_marks_the_section_of_the_page_only() {
        let link = |title, url: &str| Link {
            title,
            url: url.to_string(),
        };
        let nav = Nav::new(
            &[link("A & B", "/sub/a/"), link("C", "/sub/c/?x=<1>")],
            "/sub/",
        );
        let item = |url: &str, title: &str, current: bool| {
            let mark = if current {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!("\n      <li><a href=\"{url}\"{mark}>{title}</a></li>")
        };
        let a = |current| item("/sub/a/", "A &amp; B", current);
        let c = |current| item("/sub/c/?x=&lt;1&gt;", "C", current);
        assert_eq!(nav.html(""), a(false) + &c(false));
        assert_eq!(nav.html("a/"), a(true) + &c(false));
        assert_eq!(nav.html("c/?x=<1>"), a(false) + &c(true));
        // A page inside a section is not the section.
        assert_eq!(nav.html("a/page/"), a(false) + &c(false));
        assert_eq!(Nav::new(&[], "/").html("a/"), "");
    }

    #[test]
    fn the_table_of_contents_lists_the_level_2_headings_escaped() {
        let heading = |level, id: &str, title: &str| Heading {
            level,
            id: id.to_string(),
            title: title.to_string(),
        };
        let html = toc_html(&[
            heading(1, "top", "Top"),
            heading(2, "a-b", "A <b> & \"c\""),
            heading(3, "deeper", "Deeper"),
            heading(2, "law's", "Law's"),
        ]);
        assert_eq!(
            html,
            "\n      <li><a href=\"#a-b\">A &lt;b&gt; &amp; &quot;c&quot;</a></li>\
             \n      <li><a href=\"#law&#39;s\">Law&#39;s</a></li>"
        );
        assert_eq!(toc_html(&[heading(3, "c", "C")]), "");
    }

    #[test]
    fn terms_are_escaped_and_an_empty_kind_is_no_kind() {
        let mut html = String::new();
        term_item(&mut html, "/g/a/", "A <b> & \"c\"", Some("law's"));
        term_item(&mut html, "/g/d/?x=1&y=2", "D", Some(""));
        term_item(&mut html, "/g/e/", "E", None);
        assert_eq!(
            html,
            "\n    <li><a class=\"entry-ref\" href=\"/g/a/\">A &lt;b&gt; &amp; &quot;c&quot;</a> \
             <span class=\"kind\">law&#39;s</span></li>\
             \n    <li><a class=\"entry-ref\" href=\"/g/d/?x=1&amp;y=2\">D</a></li>\
             \n    <li><a class=\"entry-ref\" href=\"/g/e/\">E</a></li>"
        );
    }

    #[test]
    fn links_are_joined_by_the_separator_and_escaped() {
        let link = |title, url: &str| Link {
            title,
            url: url.to_string(),
        };
        assert_eq!(
            links_html(&[link("A & B", "/g/a/"), link("C", "/g/c/?x=<1>")], "، "),
            "<a class=\"entry-ref\" href=\"/g/a/\">A &amp; B</a>، \
             <a class=\"entry-ref\" href=\"/g/c/?x=&lt;1&gt;\">C</a>"
        );
        assert_eq!(
            links_html(&[link("A", "/a/")], ", "),
            "<a class=\"entry-ref\" href=\"/a/\">A</a>"
        );
        assert_eq!(links_html(&[], ", "), "");
    }

    #[test]
    fn backlinks_list_each_page_then_its_sentences() {
        let mention = |block: &str, sentence: &str| Mention {
            entry: EntryId(0),
            page: PageId(0),
            block: block.into(),
            sentence: sentence.into(),
            text: "x".into(),
            linked: true,
            explicit: false,
            offset: 0,
        };
        let (a, b, c) = (
            mention("a", "One <x>."),
            mention("b", "Two."),
            mention("c&d", "Three."),
        );
        let pages = BacklinkPages::new(
            [
                (
                    Link {
                        title: "P & Q",
                        url: "/p/".to_string(),
                    },
                    "/p/".to_string(),
                ),
                (
                    Link {
                        title: "R",
                        url: "/r/#e".to_string(),
                    },
                    "/r/?x=<1>".to_string(),
                ),
            ]
            .into_iter(),
        );
        let html = backlinks_html(
            &[
                BacklinkGroup {
                    page: PageId(0),
                    mentions: vec![&a, &b],
                },
                BacklinkGroup {
                    page: PageId(1),
                    mentions: vec![&c],
                },
            ],
            &pages,
        );
        assert_eq!(
            html,
            "\n    <h3 class=\"backlinks-page\"><a href=\"/p/\">P &amp; Q</a></h3>\n    <ul>\
             \n      <li><a class=\"mention-sentence\" href=\"/p/#a\">One &lt;x&gt;.</a></li>\
             \n      <li><a class=\"mention-sentence\" href=\"/p/#b\">Two.</a></li>\n    </ul>\
             \n    <h3 class=\"backlinks-page\"><a href=\"/r/#e\">R</a></h3>\n    <ul>\
             \n      <li><a class=\"mention-sentence\" href=\"/r/?x=&lt;1&gt;#c&amp;d\">Three.</a></li>\n    </ul>"
        );
        assert_eq!(backlinks_html(&[], &pages), "");
    }
}
