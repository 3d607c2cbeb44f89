//! The Markdown pass over one page, mentions included:
//! `glossator::resolve::markdown::convert` with a small site around it.
//!
//! The first byte picks the settings (smart punctuation, raw HTML, the
//! autolink rule, code highlighting, an event's id prefix, an entry's own
//! page, a base path); the rest is the page's Markdown. The site has a few
//! pages to link to (`@/b.md`, `dir/c.md#x`), glossary entries whose names
//! include capitals-only, multi-word, curly-apostrophe and non-ASCII ones
//! (found in the text by the mention matcher), and two timeline events.
//! Nothing may panic; every mention's and event reference's block must be
//! an element of the HTML, and heading ids must be prefixed when asked,
//! and unique and never one the theme uses unless an error says so.

#![no_main]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use glossator::config::Autolink;
use glossator::diagnostic;
use glossator::resolve::links::Linker;
use glossator::resolve::markdown::{Context, Input, convert, highlight::Highlighter};
use glossator::resolve::mentions::{Matcher, Name, Plurals, is_all_capitals};
use glossator::site::{Entry, EntryId, Meta, Page, PageId, THEME_IDS};
use libfuzzer_sys::fuzz_target;

/// Entry ids and their names (title first, then aliases).
const ENTRIES: &[(&str, &[&str])] = &[
    ("convention", &["Convention", "Cybercrime Convention"]),
    ("un", &["UN", "United Nations"]),
    ("member-state", &["Member State", "State Party"]),
    ("dx", &["d’x"]),
    ("strasse", &["Straße", "İstanbul"]),
    ("ict", &["ICT", "ΣΑΣ"]),
];

struct World {
    linker: Linker,
    matcher: Matcher,
    plain: Highlighter,
    highlighting: Highlighter,
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let sources = [
        "a.md",
        "b.md",
        "dir/_index.md",
        "dir/c.md",
        "glossary/convention.md",
    ];
    let pages: Vec<Page> = sources
        .iter()
        .map(|source| Page {
            meta: Meta {
                title: source.to_string(),
                ..Meta::default()
            },
            source: source.to_string(),
            file: PathBuf::from(format!("content/{source}")),
            path: source.trim_end_matches(".md").to_string() + "/",
            parent: None,
            defines: None,
            entry: None,
            event: None,
            note: None,
            body: Default::default(),
            foreign: false,
            untranslated: false,
        })
        .collect();
    let mut linker = Linker::new(
        &pages,
        |p| format!("/{}", p.path),
        vec!["draft.md".into()],
        vec!["unreadable.md".into()],
    );
    let entries: Vec<Entry> = ENTRIES
        .iter()
        .enumerate()
        .map(|(i, (id, names))| Entry {
            aliases: names[1..].iter().map(|n| n.to_string()).collect(),
            ..Entry::new(id, PageId(i as u32))
        })
        .collect();
    linker.add_entries(&entries, |t| format!("/glossary/{}/", t.id));
    linker.add_events(
        &["adoption".to_string(), "signature".to_string()],
        "/timeline/".to_string(),
    );
    let names: Vec<Name> = ENTRIES
        .iter()
        .enumerate()
        .flat_map(|(i, (_, names))| {
            names.iter().map(move |n| Name {
                entry: EntryId(i as u32),
                text: n.to_string(),
                case_sensitive: is_all_capitals(n),
            })
        })
        .collect();
    World {
        linker,
        matcher: Matcher::new(&names, Plurals::English),
        plain: Highlighter::new(false),
        highlighting: Highlighter::new(true),
    }
});

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let world = &*WORLD;
    let bit = |n: u8| flags & (1 << n) != 0;
    let highlighter = if bit(4) {
        &world.highlighting
    } else {
        &world.plain
    };
    let context = Context {
        smart_punctuation: bit(0),
        base_path: if bit(7) { "/sub/" } else { "/" },
        autolink: match (flags >> 2) & 3 {
            0 => Autolink::First,
            1 => Autolink::All,
            _ => Autolink::None,
        },
        raw_html: bit(1),
        ..Context::new(&world.linker, &world.matcher, highlighter)
    };
    let reserved = ["adoption".to_string()];
    let mut input = Input::page(text, Path::new("content/a.md"), "a.md");
    if bit(5) {
        input.id_prefix = Some("ev");
        input.reserved_ids = &reserved;
    }
    if bit(6) {
        input.own_entry = Some(EntryId(0));
    }
    let rendered = convert(&input, &context);
    let html = &rendered.body.html;
    // A written `{#id}` that is taken is kept, but the build fails on it.
    let failed = rendered.diagnostics.iter().any(|d| d.is_error());
    for block in rendered
        .mentions
        .iter()
        .map(|m| &*m.block)
        .chain(rendered.event_refs.iter().map(|r| r.block.as_str()))
    {
        // As the HTML writer escapes an attribute (`{#&}` is a valid id).
        let escaped = block
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(
            html.contains(&format!(" id=\"{escaped}\"")),
            "block {block}"
        );
        assert!(
            rendered.body.anchors.contains(block) || failed,
            "block {block}"
        );
    }
    for mention in &rendered.mentions {
        assert!((mention.entry.0 as usize) < ENTRIES.len());
    }
    let mut seen = BTreeSet::new();
    for heading in &rendered.body.headings {
        let fresh = seen.insert(&heading.id) && !THEME_IDS.contains(&heading.id.as_str());
        assert!(fresh || failed, "heading id {} taken", heading.id);
        assert!(rendered.body.anchors.contains(&heading.id) || failed);
        if bit(5) {
            assert!(heading.id.starts_with("ev--"), "{}", heading.id);
        }
    }
    let _ = diagnostic::report(&rendered.diagnostics, false);
});
