//! Tests of the whole Markdown pass: what a reader meets in the HTML.

use super::*;
use crate::resolve::links::Linker;

fn md(body: &str) -> Converted {
    let linker = Linker::default();
    let matcher = Matcher::default();
    let highlighter = highlight::Highlighter::new(false);
    let context = Context {
        base_path: "/sub/",
        ..Context::new(&linker, &matcher, &highlighter)
    };
    convert(
        &Input::page(body, Path::new("content/a.md"), "a.md"),
        &context,
    )
}

mod random {
    use super::*;
    use crate::resolve::mentions::{Matcher, Name, Plurals};
    use crate::site::Entry;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "Convention",
        "UN",
        "Member States",
        " ",
        "\n",
        "\n\n",
        "*",
        "_",
        "[",
        "]",
        "](term:conv)",
        "](term:un)",
        "](#a)",
        "(",
        ")",
        "`",
        "```\n",
        "# ",
        "## A\n",
        "> ",
        "- ",
        "1. ",
        "| a | b |\n|---|---|\n| UN | x |\n",
        "[^1]",
        "\n\n[^1]: UN note\n",
        "<span id=\"a\">",
        "</span>",
        "’s",
        "'s",
        "Member\nStates",
        " {#a}",
        "é",
        "...",
        "\\",
        "~~",
        "- [ ] ",
        "![UN](x.png)",
        "<!-- UN -->",
        "```rust\n",
        "```html\n",
    ];

    /// One highlighter for every case: its grammars load once.
    static HIGHLIGHTER: std::sync::LazyLock<highlight::Highlighter> =
        std::sync::LazyLock::new(|| highlight::Highlighter::new(true));

    fn render_random(body: &str) -> Converted {
        let entries: Vec<Entry> = ["conv", "un", "ms"]
            .iter()
            .map(|id| Entry::new(id, PageId(0)))
            .collect();
        let mut linker = Linker::default();
        linker.add_entries(&entries, |t| format!("/glossary/{}/", t.id));
        let names = [("Convention", 0), ("UN", 1), ("Member State", 2)].map(|(text, t)| Name {
            entry: EntryId(t),
            text: text.into(),
            case_sensitive: text == "UN",
        });
        let matcher = Matcher::new(&names, Plurals::English);
        let context = Context::new(&linker, &matcher, &HIGHLIGHTER);
        convert(
            &Input::page(body, Path::new("content/a.md"), "a.md"),
            &context,
        )
    }

    proptest! {
        /// Any Markdown an author can write renders without a panic, and
        /// the page never repeats an id.
        #[test]
        fn any_markdown_renders_with_unique_ids(
            picks in prop::collection::vec(0..PIECES.len(), 0..60)
        ) {
            let body: String = picks.iter().map(|&i| PIECES[i]).collect();
            let r = render_random(&body);
            let mut ids: Vec<&str> = r
                .body
                .html
                .split(" id=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            // Raw HTML is the author's own: only count generated ids.
            ids.retain(|id| *id != "a");
            let count = ids.len();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), count, "repeated id in {:?}:\n{}", body, r.body.html);
            for m in &r.mentions {
                prop_assert!(r.body.html.contains(&format!("id=\"{}\"", m.block)), "block {} missing", m.block);
            }
            // Every id the body has is an anchor a link may point at: the
            // raw HTML's, read before the rewrite, and those the steps
            // wrote, the allocator's.
            // (An id attribute is in a tag: text escapes `<`, not quotes.)
            let html = &r.body.html;
            for (at, _) in html.match_indices(" id=\"") {
                let before = &html[..at];
                if before.rfind('<') <= before.rfind('>') {
                    continue;
                }
                let id = html[at + 5..].split('"').next().unwrap_or_default();
                prop_assert!(r.body.anchors.contains(id), "id {} is no anchor in {:?}:\n{}", id, body, html);
            }
        }
    }
}

#[test]
fn headings_get_ids_from_their_text() {
    let r = md("## The Protocol itself\n\n## The Protocol itself\n\n# Main\n");
    let ids: Vec<_> = r.body.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        ["the-protocol-itself", "the-protocol-itself-1", "main-1"]
    );
    assert!(
        r.body
            .html
            .contains("<h2 id=\"the-protocol-itself\">The Protocol itself</h2>")
    );
}

#[test]
fn written_ids_win_and_repeats_are_errors() {
    let r = md("## Intro\n\n## Other {#intro}\n\n## Third {#intro}\n");
    assert_eq!(r.body.headings[0].id, "intro-1");
    assert_eq!(r.body.headings[1].id, "intro");
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0].message.contains("`intro` is used twice"));
}

#[test]
fn footnotes_move_to_the_end_with_backlinks() {
    let r = md("Text[^a] and[^b] again[^a].\n\n[^b]: Bee.\n[^a]: Ay.\n");
    let html = &r.body.html;
    assert!(html.contains("href=\"#fn-a\" id=\"fnref-a\""), "{html}");
    assert!(html.contains("href=\"#fn-a\" id=\"fnref-a-1\""), "{html}");
    let a = html.find("<li id=\"fn-a\">").unwrap();
    let b = html.find("<li id=\"fn-b\">").unwrap();
    assert!(a < b, "numbered by first reference");
    assert!(html.contains("href=\"#fnref-a-1\""));
}

#[test]
fn a_footnote_defined_inside_another_keeps_both_texts() {
    // Found by fuzzing: pulldown-cmark opens [^b]'s definition inside
    // [^a]'s; the outer one used to lose its text to the inner one.
    let r = md("Text[^a][^b].\n\n[^a]:[^b]: Inner words.\n");
    let html = &r.body.html;
    let inner = html.find("Inner words").expect("the inner text is kept");
    let b = html.find("<li id=\"fn-b\">").unwrap();
    assert!(b < inner, "the inner text is in its own note: {html}");
    assert!(html.contains("<li id=\"fn-a\">"), "{html}");
}

#[test]
fn a_definition_in_the_middle_leaves_the_text_after_it_in_order() {
    // The definitions are taken out where they stand: the text after the
    // first one moves up, and one that no text refers to is dropped.
    let r = md("One[^a].\n\n[^a]: Ay *note*.\n\nTwo.\n\n[^z]: Nobody refers here.\n\nThree[^a].\n");
    let html = &r.body.html;
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} in {html}"));
    assert!(
        at("One") < at("<p>Two.</p>") && at("<p>Two.</p>") < at("Three"),
        "{html}"
    );
    assert!(at("Three") < at("<section class=\"footnotes\""), "{html}");
    assert!(
        at("<section class=\"footnotes\"") < at("Ay <em>note</em>"),
        "{html}"
    );
    assert!(!html.contains("Nobody refers here"), "{html}");
    assert_eq!(html.matches("<li id=").count(), 1, "{html}");
    assert!(html.contains("id=\"fnref-a-1\""), "{html}");
}

#[test]
fn a_heading_id_with_a_control_character_is_an_error() {
    let r = md("# T {#a\u{1}b}\n\n# U {#&}\n");
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert!(
        r.diagnostics[0]
            .message
            .contains("holds the character '\\u{1}'")
    );
    // `&` is a valid id, escaped in the attribute.
    assert!(r.body.html.contains("id=\"&amp;\""), "{}", r.body.html);
}

#[test]
fn local_anchor_must_exist() {
    let r = md("## Title\n\n[ok](#title) [bad](#titel)\n");
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        r.diagnostics[0].help.as_deref(),
        Some("did you mean `#title`?")
    );
}

#[test]
fn site_absolute_urls_move_under_the_base_path() {
    let r = md("[a](/a/b/) ![i](/img/x.png) [c](//cdn.org/x) [d](https://x.org/)\n");
    let html = &r.body.html;
    assert!(html.contains("href=\"/sub/a/b/\""), "{html}");
    assert!(html.contains("src=\"/sub/img/x.png\""), "{html}");
    assert!(html.contains("href=\"//cdn.org/x\""), "{html}");
    assert!(html.contains("href=\"https://x.org/\""), "{html}");
}

#[test]
fn a_link_written_as_its_address_is_marked_so_and_escaped_as_any() {
    let r = md("See <https://x.org/a?b=1&c=\"d\"> and [text](https://x.org/t).\n");
    let html = &r.body.html;
    assert!(
        html.contains(
            "<a class=\"url\" href=\"https://x.org/a?b=1&amp;c=%22d%22\">https://x.org/a?b=1&amp;c=\"d\"</a>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://x.org/t\">text</a>"),
        "{html}"
    );
}

#[test]
fn raw_html_ids_are_anchors() {
    let r = md("<div id=\"box\"></div>\n\n[to](#box)\n");
    assert!(r.diagnostics.is_empty());
    assert!(r.body.anchors.contains("box"));
}

#[test]
fn summary_is_the_first_paragraph() {
    let r = md("## H\n\nFirst *para*\ngraph.\n\nSecond.\n");
    assert_eq!(r.body.summary.as_deref(), Some("First para graph."));
    assert_eq!(r.body.word_count, 5);
}

#[test]
fn the_first_definition_of_a_footnote_is_shown_and_its_mentions_land() {
    // Found by fuzzing: the definition shown was the first to *end*; a
    // second definition of the label nested in the first (in a quote or
    // a list item) ends before it, so its text was shown while the
    // mention in the first one, counted by the pre-pass, pointed at a
    // block that was not written.
    let names = [crate::resolve::mentions::Name {
        entry: EntryId(0),
        text: "ICT".into(),
        case_sensitive: true,
    }];
    let matcher = Matcher::new(&names, crate::resolve::mentions::Plurals::English);
    let ict = crate::site::Entry::new("ict", crate::site::PageId(0));
    let mut linker = Linker::default();
    linker.add_entries(&[ict], |t| format!("/glossary/{}/", t.id));
    let highlighter = highlight::Highlighter::new(false);
    let context = Context {
        smart_punctuation: false,
        raw_html: false,
        ..Context::new(&linker, &matcher, &highlighter)
    };
    // Renders `text`; every mention's block and every `#` link land on
    // an element of the page.
    let landing = |text: &str| {
        let r = convert(
            &Input::page(text, Path::new("content/a.md"), "a.md"),
            &context,
        );
        let html = &r.body.html;
        for m in &r.mentions {
            assert!(
                html.contains(&format!(" id=\"{}\"", m.block)),
                "{text:?}: {html}"
            );
        }
        for link in html.split("href=\"#").skip(1) {
            let id = &link[..link.find('"').unwrap()];
            assert!(
                html.contains(&format!("id=\"{id}\"")),
                "{text:?}: #{id} in {html}"
            );
        }
        r
    };
    for text in [
        "Text[^a].\n\n[^a]: > [^a]: Again.\n\n    About ICT.\n",
        "Text[^a].\n\n[^a]: - [^a]: Again.\n\n    About ICT.\n",
        "Text[^a].\n\n[^a]: About ICT.\n\n[^a]: Again.\n",
    ] {
        let r = landing(text);
        assert!(r.body.html.contains("About"), "{text:?}: {}", r.body.html);
        assert_eq!(r.mentions.len(), 1, "{text:?}");
    }
    // Notes that only notes not shown refer to are not shown either,
    // and nothing in them counts: found by fuzzing too, the inner note
    // of `[^8]:>[^1]:[^1]:ICT[^1]` was counted while nothing showed it.
    for text in [
        "[^8]:>[^1]:[^1]:ICT[^1]\n",
        "Text[^a].\n\n[^a]: See[^b].\n\n[^b]: About ICT.\n\n[^c]: ICT[^d].\n\n[^d]: ICT again.\n",
    ] {
        let r = landing(text);
        let html = &r.body.html;
        assert!(
            !html.contains("fn-c") && !html.contains("fn-d") && !html.contains("fn-8"),
            "{text:?}: {html}"
        );
        assert!(r.mentions.len() <= 1, "{text:?}: {:?}", r.mentions);
    }
}

/// Citation markers are numbered in reading order: a footnote's citation
/// is read at the end of the page, where its definition is moved, after
/// the text's; `cited` lists the keys in that order.
#[test]
fn citations_in_footnotes_are_numbered_where_they_are_read() {
    let mut linker = Linker::default();
    linker.add_sources(["a", "b", "c"].into_iter().map(String::from), true);
    let matcher = Matcher::default();
    let highlighter = highlight::Highlighter::new(false);
    let context = Context::new(&linker, &matcher, &highlighter);
    let numbers = |body: &str| {
        let converted = convert(
            &Input::page(body, Path::new("content/a.md"), "a.md"),
            &context,
        );
        let html = &converted.body.html;
        let markers: Vec<String> = html
            .split("data-source=\"")
            .skip(1)
            .map(|rest| {
                let (key, rest) = rest.split_once("\">").unwrap();
                format!("{key}{}", &rest[..1])
            })
            .collect();
        (markers, converted.body.cited)
    };
    let (markers, cited) = numbers("One[^n] [@a].\n\nTwo [@b].\n\n[^n]: Said [@c], see [@a].\n");
    assert_eq!(markers, ["a1", "b2", "c3", "a1"]);
    assert_eq!(cited, ["a", "b", "c"]);
    // Footnotes citing nothing, written before the text's last citation:
    // the order the markers are made in.
    let (markers, cited) = numbers("One[^n] [@b].\n\n[^n]: Said so.\n\nTwo [@a], [@b].\n");
    assert_eq!(markers, ["b1", "a2", "b1"]);
    assert_eq!(cited, ["b", "a"]);
    // Without footnotes, the order the markers are made in.
    let (markers, cited) = numbers("Two [@b].\n\nOne [@a; @b].\n");
    assert_eq!(markers, ["b1", "a2", "b1"]);
    assert_eq!(cited, ["b", "a"]);
}

/// A site has a million mentions, most written as their entry writes its
/// name: those share the entry's string (one allocation, not one each),
/// and a mention written otherwise keeps its own words.
#[test]
fn mentions_written_as_the_name_share_its_string() {
    let names = [crate::resolve::mentions::Name {
        entry: EntryId(0),
        text: "Member State".into(),
        case_sensitive: false,
    }];
    let matcher = Matcher::new(&names, crate::resolve::mentions::Plurals::English);
    let entry = crate::site::Entry::new("member-state", crate::site::PageId(0));
    let mut linker = Linker::default();
    linker.add_entries(&[entry], |t| format!("/glossary/{}/", t.id));
    let highlighter = highlight::Highlighter::new(false);
    let context = Context::new(&linker, &matcher, &highlighter);
    let text = "A Member State voted.\n\nEach Member State spoke.\n\n\
                member state votes.\n\nMember States agreed.\n";
    let r = convert(
        &Input::page(text, Path::new("content/a.md"), "a.md"),
        &context,
    );
    let texts: Vec<&str> = r.mentions.iter().map(|m| &*m.text).collect();
    assert_eq!(
        texts,
        [
            "Member State",
            "Member State",
            "member state",
            "Member States"
        ]
    );
    let [first, second, lower, plural] = &r.mentions[..] else {
        unreachable!()
    };
    assert!(std::sync::Arc::ptr_eq(&first.text, &second.text));
    assert!(!std::sync::Arc::ptr_eq(&first.text, &lower.text));
    assert!(!std::sync::Arc::ptr_eq(&first.text, &plural.text));
}

/// The mentions of one sentence share its string (one allocation, not
/// one each), whether it is shown whole or cut around each of them; the
/// mentions of another sentence have theirs.
#[test]
fn mentions_in_one_sentence_share_it() {
    let names = [("Alpha", 0), ("Beta", 1)].map(|(text, t)| crate::resolve::mentions::Name {
        entry: EntryId(t),
        text: text.into(),
        case_sensitive: false,
    });
    let matcher = Matcher::new(&names, crate::resolve::mentions::Plurals::English);
    let entries = ["alpha", "beta"].map(|id| crate::site::Entry::new(id, crate::site::PageId(0)));
    let mut linker = Linker::default();
    linker.add_entries(&entries, |t| format!("/glossary/{}/", t.id));
    let highlighter = highlight::Highlighter::new(false);
    let context = Context::new(&linker, &matcher, &highlighter);
    // Two short sentences, then one long enough to be cut around each
    // mention, whose two mentions of Alpha sit side by side.
    let long = format!("{} Alpha and Alpha. ", "word ".repeat(60));
    let text = format!("Alpha met Beta. Beta left Alpha. {long}\n");
    let r = convert(
        &Input::page(&text, Path::new("content/a.md"), "a.md"),
        &context,
    );
    let sentences: Vec<&str> = r.mentions.iter().map(|m| &*m.sentence).collect();
    assert_eq!(
        sentences[..4],
        [
            "Alpha met Beta.",
            "Alpha met Beta.",
            "Beta left Alpha.",
            "Beta left Alpha."
        ]
    );
    let m = &r.mentions;
    assert!(std::sync::Arc::ptr_eq(&m[0].sentence, &m[1].sentence));
    assert!(std::sync::Arc::ptr_eq(&m[2].sentence, &m[3].sentence));
    assert!(!std::sync::Arc::ptr_eq(&m[1].sentence, &m[2].sentence));
    // The long sentence, cut to a window once for Alpha, named twice in it.
    assert_eq!(m.len(), 6, "{sentences:?}");
    assert!(m[4].sentence.starts_with('…') && m[4].sentence.ends_with("Alpha and Alpha."));
    assert!(std::sync::Arc::ptr_eq(&m[4].sentence, &m[5].sentence));
}

/// A mention's words are borrowed from the file where it writes them as
/// they read, and kept as they read where it does not: through a
/// character reference, or smart punctuation.
#[test]
fn a_mention_reads_as_written_whether_the_file_writes_it_so_or_not() {
    let names = [
        crate::resolve::mentions::Name {
            entry: EntryId(0),
            text: "Café".into(),
            case_sensitive: false,
        },
        crate::resolve::mentions::Name {
            entry: EntryId(1),
            text: "States’ Rights".into(),
            case_sensitive: false,
        },
    ];
    let matcher = Matcher::new(&names, crate::resolve::mentions::Plurals::English);
    let entries = [
        crate::site::Entry::new("cafe", crate::site::PageId(0)),
        crate::site::Entry::new("rights", crate::site::PageId(1)),
    ];
    let mut linker = Linker::default();
    linker.add_entries(&entries, |t| format!("/glossary/{}/", t.id));
    let highlighter = highlight::Highlighter::new(false);
    let mut context = Context::new(&linker, &matcher, &highlighter);
    context.autolink = crate::config::Autolink::All;
    let text = "The Café and the Caf&eacute; met.\n\nStates' Rights, and States’ Rights.\n\n\
                The Café &amp; its terrace, then the Café\nby the river.\n";
    let r = convert(
        &Input::page(text, Path::new("content/a.md"), "a.md"),
        &context,
    );
    let linked: Vec<&str> = r
        .body
        .html
        .split("</a>")
        .filter_map(|part| part.rsplit_once('>').map(|(_, words)| words))
        .filter(|words| !words.trim().is_empty())
        .collect();
    assert_eq!(
        linked,
        [
            "Café",
            "Café",
            "States’ Rights",
            "States’ Rights",
            "Café",
            "Café"
        ],
        "{}",
        r.body.html
    );
    // The text around the links is borrowed from the file where it is
    // written as it reads (before the first, and from the line break on),
    // and copied where it is not (through the character reference): it
    // reads the same either way.
    let last = r.body.html.rsplit("<p ").next().unwrap_or_default();
    let text: String = last
        .split('<')
        .filter_map(|piece| piece.split_once('>').map(|(_, text)| text))
        .collect();
    assert_eq!(
        text, "The Café &amp; its terrace, then the Café\nby the river.\n",
        "{}",
        r.body.html
    );
}

/// A site without a glossary skips the walk over a body only when nothing
/// can be found in it: an `event:` link or an `@` in the text (written
/// as an entity too) is still read, and its block gets an id.
#[test]
fn a_site_without_a_glossary_still_reads_event_links_and_citations() {
    let mut linker = Linker::default();
    linker.add_sources(["a"].into_iter().map(String::from), true);
    linker.add_events(&["adopted".to_string()], "/timeline/".to_string());
    let matcher = Matcher::default();
    let highlighter = highlight::Highlighter::new(false);
    let context = Context::new(&linker, &matcher, &highlighter);
    let convert_body = |body: &str| {
        convert(
            &Input::page(body, Path::new("content/a.md"), "a.md"),
            &context,
        )
    };
    let events = convert_body("Intro.\n\nThe Assembly [adopted](event:adopted) it.\n");
    assert_eq!(events.event_refs.len(), 1, "{:?}", events.event_refs);
    assert!(
        events.body.html.contains("<p id=\""),
        "{}",
        events.body.html
    );
    let cited = convert_body("As reported [&#64;a].\n");
    assert_eq!(cited.body.cited, ["a"]);
    assert!(
        cited.body.html.contains("data-source=\"a\""),
        "{}",
        cited.body.html
    );
    // Named as a character reference, with no `@` byte in the body.
    let named = convert_body("As reported [&commat;a].\n");
    assert_eq!(named.body.cited, ["a"]);
    let plain = convert_body("Nothing to find, no at sign in `code@host` either.\n");
    assert!(plain.event_refs.is_empty() && plain.body.cited.is_empty());
    assert_eq!(
        plain.body.html,
        "<p>Nothing to find, no at sign in <code>code@host</code> either.</p>\n"
    );
}
