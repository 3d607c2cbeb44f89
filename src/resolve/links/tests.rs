//! Links, entry and event references resolved; suggestions for the missing.

use super::*;

fn linker() -> Linker {
    let mut pages = BTreeMap::new();
    pages.insert("a/b.md".to_string(), (PageId(0), "/a/b/".to_string()));
    pages.insert("_index.md".to_string(), (PageId(1), "/".to_string()));
    Linker {
        pages,
        drafts: vec!["a/draft.md".into()],
        unreadable: vec!["a/broken.md".into()],
        mention_tags: vec![
            "<a class=\"term\" href=\"/glossary/unodc/\" data-term=\"unodc\">".into(),
        ],
        events: BTreeMap::from([("adoption".to_string(), EventId(0))]),
        timeline_url: "/timeline/".into(),
        absent: (
            Absent::new(
                &["glossary/broken.md".into()],
                &["glossary/later.md".into()],
                "glossary",
                |path| crate::site::FileKind::of(path, FOLDERS) == crate::site::FileKind::Entry,
            ),
            Absent::default(),
        ),
        entries: BTreeMap::from([("unodc".to_string(), EntryId(0))]),
        sources: BTreeMap::from([("sg-sm-22505".to_string(), SourceId(0))]),
        sources_complete: true,
    }
}

#[test]
fn an_unknown_source_key_gets_the_closest_one() {
    let linker = linker();
    assert_eq!(linker.source("sg-sm-22505"), Ok(SourceId(0)));
    assert_eq!(
        linker.source("sg-sm-2250"),
        Err(Some("did you mean `@sg-sm-22505`?".to_string()))
    );
    let mut incomplete = linker;
    incomplete.sources_complete = false;
    assert_eq!(incomplete.source("nowhere"), Err(None));
}

#[test]
fn at_links_and_relative_links_resolve() {
    let l = linker();
    assert_eq!(
        l.resolve("x.md", "@/a/b.md#top"),
        Resolution::Internal {
            url: "/a/b/#top".into(),
            target: PageId(0),
            anchor: Some("top".into())
        }
    );
    assert_eq!(
        l.resolve("a/c.md", "b.md"),
        Resolution::Internal {
            url: "/a/b/".into(),
            target: PageId(0),
            anchor: None
        }
    );
    assert_eq!(
        l.resolve("a/c.md", "../_index.md"),
        Resolution::Internal {
            url: "/".into(),
            target: PageId(1),
            anchor: None
        }
    );
    assert_eq!(
        l.resolve("a.md", "https://x.org/a.md"),
        Resolution::Unchanged
    );
    assert_eq!(l.resolve("a.md", "/a/b/"), Resolution::Unchanged);
    assert_eq!(l.resolve("a.md", "#x"), Resolution::Unchanged);
}

#[test]
fn entry_references_resolve_to_entries() {
    assert_eq!(
        linker().resolve("a.md", "term:unodc"),
        Resolution::Entry { entry: EntryId(0) }
    );
    assert_eq!(
        linker().mention_tag(EntryId(0)),
        "<a class=\"term\" href=\"/glossary/unodc/\" data-term=\"unodc\">"
    );
    assert_eq!(
        linker().resolve("a.md", "term:unodx"),
        Resolution::UnknownEntry {
            suggestion: Some("unodc".into()),
            draft: false,
        }
    );
    // An entry whose file could not be loaded was reported once, as
    // that file's error; a draft is said to be one.
    assert_eq!(
        linker().resolve("a.md", "term:broken"),
        Resolution::Unreadable
    );
    assert!(matches!(
        linker().resolve("a.md", "term:later"),
        Resolution::UnknownEntry { draft: true, .. }
    ));
}

#[test]
fn event_references_resolve_to_the_timeline() {
    assert_eq!(
        linker().resolve("a.md", "event:adoption"),
        Resolution::TimelineEvent {
            url: "/timeline/#adoption".into(),
            event: EventId(0)
        }
    );
    assert_eq!(
        linker().resolve("a.md", "event:adoptoin"),
        Resolution::UnknownEvent {
            suggestion: Some("adoption".into()),
            draft: false,
        }
    );
}

#[test]
fn suggestions_are_close_or_absent() {
    let names = [
        "one.md".to_string(),
        "article.md".to_string(),
        "title".to_string(),
    ];
    assert_eq!(closest("nowhere.md", names.iter()), None);
    assert_eq!(closest("artcle.md", names.iter()), Some("article.md"));
    assert_eq!(closest("titel", names.iter()), Some("title"));
}

#[test]
fn missing_links_suggest_the_closest_path() {
    match linker().resolve("x.md", "@/a/bb.md") {
        Resolution::Missing { suggestion, .. } => {
            assert_eq!(suggestion.as_deref(), Some("@/a/b.md"))
        }
        other => panic!("{other:?}"),
    }
    match linker().resolve("x.md", "@/../../etc.md") {
        Resolution::Missing { why, .. } => assert!(why.contains("outside")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        linker().resolve("a/x.md", "broken.md"),
        Resolution::Unreadable
    );
    match linker().resolve("a/x.md", "draft.md") {
        Resolution::Missing { why, .. } => assert!(why.contains("draft")),
        other => panic!("{other:?}"),
    }
}

/// The annotations' folders of a site that names none.
#[cfg(test)]
const FOLDERS: &crate::config::Folders = &crate::config::Folders {
    glossary: "glossary",
    timeline: "timeline",
    notes: "notes",
};
