//! Ids and URLs as resolve gives them.

/// Ids and URLs as a reader meets them: every generated id is a valid,
/// stable HTML id, a block keeps its id whatever happens to the other
/// paragraphs, and each content file gets one URL, the same every build,
/// shared with no other file unless the build says so.
mod properties {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use crate::config::{Autolink, Config};
    use crate::load::{Document, Sources, frontmatter};
    use crate::resolve::links::Linker;
    use crate::resolve::markdown::{self, Context, Input, highlight::Highlighter};
    use crate::resolve::mentions::{Matcher, Name};
    use crate::site::{Entry, EntryId, PageId};

    /// Lower-case ASCII letters and digits in words joined by single
    /// hyphens: a valid HTML id, a URL segment that needs no escaping, and
    /// never a view's group id (those hold `_`).
    fn is_clean_slug(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    /// Words for paragraphs, headings and file names: accents, capitals,
    /// scripts without a Latin spelling, punctuation, a glossary name.
    const WORDS: &[&str] = &[
        "Convention",
        "state",
        "Café",
        "CAFE",
        "Straße",
        "日本",
        "Ωμέγα",
        "a_b",
        "x--y",
        "-",
        "'s",
        "it’s",
        "42",
        "!",
        "",
        " ",
        "ÅB",
        "İ",
        "e\u{301}",
    ];

    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 0..max).prop_map(|w| w.join(" "))
    }

    /// The `<p id="…">` ids of `html`, in order.
    fn paragraph_ids(html: &str) -> Vec<String> {
        html.split("<p id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect()
    }

    /// Renders `paragraphs` as one page where "Convention" is an entry's
    /// name, so every paragraph holding it gets a block id.
    fn render_paragraphs(paragraphs: &[String]) -> String {
        let mut linker = Linker::default();
        let entry = Entry::new("convention", PageId(0));
        linker.add_entries(&[entry], |t| format!("/glossary/{}/", t.id));
        let matcher = Matcher::new(
            &[Name {
                entry: EntryId(0),
                text: "Convention".into(),
                case_sensitive: false,
            }],
            crate::resolve::mentions::Plurals::English,
        );
        let highlighter = Highlighter::new(false);
        let context = Context {
            smart_punctuation: false,
            autolink: Autolink::All,
            ..Context::new(&linker, &matcher, &highlighter)
        };
        let text = paragraphs.join("\n\n");
        let input = Input::page(&text, Path::new("content/a.md"), "a.md");
        markdown::convert(&input, &context).body.html
    }

    /// An in-memory site of `files` (content paths), each titled and with
    /// a line of text.
    fn sources(files: &[String]) -> Sources {
        let config = Config::parse(
            "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n",
            Path::new("site.toml"),
        )
        .expect("a valid site.toml");
        let documents = files
            .iter()
            .map(|path| {
                let text = "+++\ntitle = \"T\"\n+++\nText.\n".to_string();
                let file = PathBuf::from(format!("content/{path}"));
                let split = frontmatter::split(&text, &file).expect("closed");
                Document {
                    front_matter: frontmatter::parse(&text, &split, &file).expect("TOML"),
                    body_start: split.body.start,
                    path: path.clone(),
                    file,
                    text,
                }
            })
            .collect();
        Sources {
            root: PathBuf::from("."),
            config,
            documents,
            translations: Vec::new(),
            theme: Default::default(),
            unreadable: Vec::new(),
            bibliography: Vec::new(),
            bibliography_read: true,
            foreign: Default::default(),
            untranslated: Default::default(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A heading's or a folder's slug is a clean id, and slugging it
        /// again changes nothing.
        #[test]
        fn slugs_are_clean_and_stable(text in words(8), raw in ".{0,24}") {
            for t in [&text, &raw] {
                let slug = markdown::slugify(t);
                prop_assert!(is_clean_slug(&slug), "{:?} -> {:?}", t, slug);
                prop_assert_eq!(markdown::slugify(&slug), slug.clone());
            }
        }

        /// A block id is clean, and made from the block's words alone:
        /// the same words, however spaced, give the same id.
        #[test]
        fn block_ids_are_clean_and_spacing_blind(text in words(12)) {
            let id = markdown::block_id(&text);
            prop_assert!(is_clean_slug(&id), "{:?} -> {:?}", text, id);
            prop_assert!(id.len() <= 24 + 7, "{}", id);
            let respaced = text.split_whitespace().collect::<Vec<_>>().join("\n  ");
            prop_assert_eq!(markdown::block_id(&respaced), id);
        }

        /// Paragraphs that stay keep their ids when others are added
        /// before, between or after them, or removed.
        #[test]
        fn block_ids_survive_edits_around_them(
            kept in prop::collection::btree_set(words(6), 1..6),
            added in prop::collection::btree_set(words(6), 0..4),
            positions in prop::collection::vec(any::<prop::sample::Index>(), 4),
        ) {
            // Paragraphs of the same words (however spaced) share an id
            // and are told apart by their order: keep them distinct.
            let kept: BTreeSet<String> = kept
                .iter()
                .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            let kept: Vec<String> = kept.into_iter().map(|w| format!("Convention {w} kept.")).collect();
            let before = render_paragraphs(&kept);
            let before = paragraph_ids(&before);
            prop_assert_eq!(before.len(), kept.len());
            let mut edited = kept.clone();
            for (w, at) in added.iter().zip(&positions) {
                let at = at.index(edited.len() + 1);
                edited.insert(at, format!("Convention {w} added."));
            }
            // And without the first kept paragraph.
            edited.retain(|p| p != &kept[0]);
            let after_html = render_paragraphs(&edited);
            let after: BTreeMap<&String, String> = edited.iter().zip(paragraph_ids(&after_html)).collect();
            for (paragraph, id) in kept.iter().zip(&before).skip(1) {
                prop_assert_eq!(after.get(paragraph), Some(id), "{:?}", paragraph);
            }
        }

        /// Every file gets a clean URL path under the base path, the same
        /// on every build; two files share one only when their slugs do,
        /// and the build then says so.
        #[test]
        fn content_paths_get_stable_unique_urls(
            names in prop::collection::btree_set((0usize..3, words(3)), 1..7),
        ) {
            let folders = ["", "Dossiers/", "dossiers_2024/"];
            let files: Vec<String> = names
                .iter()
                .map(|(f, stem)| format!("{}{}.md", folders[*f], stem))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let sources = sources(&files);
            let (site, diagnostics) = crate::resolve::resolve(&sources, false);
            let (again, _) = crate::resolve::resolve(&sources, false);
            let mut by_path: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (i, page) in site.pages.iter().enumerate() {
                prop_assert_eq!(&again.pages[i].path, &page.path);
                prop_assert!(
                    page.path.is_empty() || (page.path.ends_with('/') && page.path[..page.path.len() - 1].split('/').all(is_clean_slug)),
                    "{} -> {:?}", page.source, page.path
                );
                let href = site.href(PageId(i as u32));
                prop_assert_eq!(&href, &format!("/sub/{}", page.path));
                prop_assert_eq!(site.block_url(PageId(i as u32), "b-1"), format!("{href}#b-1"));
                by_path.entry(&page.path).or_default().push(&page.source);
            }
            for (path, sources) in &by_path {
                if sources.len() > 1 {
                    let message = format!("two files would be written to the URL `/{path}`");
                    prop_assert!(
                        diagnostics.iter().any(|d| d.message == message),
                        "{:?} share `{}` silently", sources, path
                    );
                }
            }
        }
    }
}

/// A stream is handed, as they are converted, exactly the text pages whose
/// rendering reads no other page's conversion — no event references,
/// citations or passages, no note on them, neither an entry nor a section;
/// mentions are no bar — each with its own HTML and mentions set in the
/// site it is given, and no other page's; of those it wrote, the site
/// keeps everything but the HTML and headings, and every mention.
#[test]
fn a_stream_gets_the_text_pages_that_read_no_other_page() {
    use crate::site::{PageId, Site};
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (mut handed_any, mut held_any, mut mentioning) = (false, false, false);
    for name in ["ann_notes", "ann_mentions", "ann_sources", "ann_timeline"] {
        // The fixture and a page that names nothing.
        let tmp = tempfile::tempdir().unwrap();
        for file in walkdir::WalkDir::new(fixtures.join(name)) {
            let file = file.unwrap();
            let to = tmp
                .path()
                .join(file.path().strip_prefix(fixtures.join(name)).unwrap());
            match file.file_type().is_dir() {
                true => std::fs::create_dir_all(&to).unwrap(),
                false => drop(std::fs::copy(file.path(), &to).unwrap()),
            }
        }
        let plain = "+++\ntitle = \"Plain\"\n+++\n## Aside\n\nNothing named here.\n";
        std::fs::write(tmp.path().join("content/zz-plain.md"), plain).unwrap();
        let (sources, _) = crate::load::load(tmp.path()).expect("the fixture loads");
        let (whole, _) = crate::resolve::resolve(&sources, false);
        let mut handed: Vec<(PageId, String, Vec<crate::site::Mention>)> = Vec::new();
        let mut stream = |site: &Site, ready: &[PageId]| {
            assert!(site.citations.is_empty(), "{name}");
            let lent: usize = ready
                .iter()
                .map(|&id| site.mentions.of_page(id).len())
                .sum();
            assert_eq!(site.mentions.len(), lent, "{name}: only theirs");
            for &id in ready {
                let page = site.page(id);
                let mentions = site.mentions.of_page(id).to_vec();
                handed.push((id, page.body.html.clone(), mentions));
            }
            // The first page handed is left, as if it had failed to render.
            ready.iter().skip(1).copied().collect()
        };
        let (site, _) = crate::resolve::resolve_owned(sources, false, Some(&mut stream));
        for (i, page) in whole.pages.iter().enumerate() {
            let id = PageId(i as u32);
            let alone = page.has_own_url()
                && page.entry.is_none()
                && page.defines.is_none()
                && whole.event_ref_run(id).is_empty()
                && whole.citation_run(id).is_empty()
                && page.body.cited.is_empty()
                && !whole.notes.iter().any(|n| n.on == id)
                && !whole.passages.iter().any(|p| p.page == id);
            let at = handed.iter().position(|(h, ..)| *h == id);
            assert_eq!(at.is_some(), alone, "{name}: {}", page.source);
            let kept = &site.page(id).body;
            assert_eq!(kept.summary, page.body.summary, "{name}: {}", page.source);
            assert_eq!(
                kept.word_count, page.body.word_count,
                "{name}: {}",
                page.source
            );
            match at {
                Some(at) => {
                    handed_any = true;
                    mentioning |= !handed[at].2.is_empty();
                    assert_eq!(handed[at].1, page.body.html, "{name}: {}", page.source);
                    assert_eq!(
                        handed[at].2,
                        whole.mentions.of_page(id),
                        "{name}: {}",
                        page.source
                    );
                    let written = handed[0].0 != id;
                    assert_eq!(kept.html.is_empty(), written, "{name}: {}", page.source);
                    assert_eq!(
                        kept.headings.is_empty(),
                        written || page.body.headings.is_empty()
                    );
                }
                None => {
                    held_any |= page.has_own_url() && page.entry.is_none();
                    assert_eq!(kept.html, page.body.html, "{name}: {}", page.source);
                }
            }
        }
        assert_eq!(site.mentions, whole.mentions, "{name}");
        assert_eq!(site.citations, whole.citations, "{name}");
    }
    assert!(
        handed_any && held_any && mentioning,
        "the fixtures have pages of both kinds, and handed pages that mention entries"
    );
}

/// Handing the sources over changes nothing a reader meets: resolving them
/// owned gives the same pages, bodies, mentions, notes' passages and
/// diagnostics as resolving them borrowed for `serve`, translations still
/// checked against the default files (whose bodies are gone by then). Only
/// the pages' ids, read by no one past resolving, are let go.
#[test]
fn resolving_owned_sources_gives_the_same_site() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut kept_ids = false;
    for name in [
        "ann_notes",
        "ann_mentions",
        "ann_sources",
        "bad_lang_shared_key",
    ] {
        let (sources, _) = crate::load::load(&fixtures.join(name)).expect("the fixture loads");
        assert!(sources.documents.iter().any(|d| !d.body().is_empty()));
        let mut keeping = crate::resolve::Cache::keeping();
        let (borrowed, mut expected) =
            crate::resolve::resolve_cached(&sources, false, &mut keeping);
        let (owned, mut found) = crate::resolve::resolve_owned(sources, false, None);
        crate::diagnostic::sort_and_dedup(&mut expected);
        crate::diagnostic::sort_and_dedup(&mut found);
        assert_eq!(found, expected, "{name}");
        assert!(!owned.pages.is_empty(), "{name}");
        assert_eq!(owned.pages.len(), borrowed.pages.len(), "{name}");
        for (a, b) in owned.pages.iter().zip(&borrowed.pages) {
            assert_eq!(a.source, b.source, "{name}");
            assert_eq!(a.body.html, b.body.html, "{name}: {}", a.source);
            assert!(a.body.anchors.is_empty(), "{name}: {}", a.source);
            assert_eq!(a.body.summary, b.body.summary, "{name}: {}", a.source);
            assert_eq!(a.meta.title, b.meta.title, "{name}: {}", a.source);
        }
        let mentions = |site: &crate::site::Site| site.mentions.iter().cloned().collect::<Vec<_>>();
        assert_eq!(mentions(&owned), mentions(&borrowed), "{name}");
        assert_eq!(owned.passages, borrowed.passages, "{name}");
        assert_eq!(owned.citations, borrowed.citations, "{name}");
        kept_ids |= borrowed.pages.iter().any(|p| !p.body.anchors.is_empty());
    }
    assert!(kept_ids, "serve keeps the pages' ids");
}
