//! Criterion benches of glossator's hot paths: front matter, the Markdown
//! pass with mentions (with 0 and 5,000 glossary names), and template
//! rendering of one page. Run with `cargo bench`; whole-build figures
//! against Hugo and Zola come from `bench/run.py` (docs/benchmarks.md).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use glossator::config::Autolink;
use glossator::load::frontmatter;
use glossator::render::{Job, Renderer};
use glossator::resolve::links::Linker;
use glossator::resolve::markdown::{self, highlight::Highlighter};
use glossator::resolve::mentions::{Matcher, Name};
use glossator::site::{PageId, Term, TermId};

const WORDS: &[&str] = &[
    "quick",
    "network",
    "policy",
    "treaty",
    "member",
    "state",
    "evidence",
    "cooperation",
    "court",
    "agency",
    "report",
    "crime",
    "online",
    "victim",
    "data",
    "system",
    "access",
    "party",
    "rule",
    "review",
    "process",
    "capacity",
    "support",
    "council",
    "session",
    "draft",
    "vote",
    "text",
];

/// A page of about 1,000 words in paragraphs, a list and a table.
fn page_text() -> String {
    let mut text = String::from("+++\ntitle = \"A page\"\ndate = 2024-12-24\n+++\n");
    for p in 0..12 {
        text.push_str(&format!("## Part {p}\n\n"));
        for s in 0..6 {
            let words: Vec<&str> = (0..12)
                .map(|w| WORDS[(p * 31 + s * 7 + w * 5) % WORDS.len()])
                .collect();
            text.push_str(&format!("The {}. ", words.join(" ")));
        }
        text.push_str("\n\n- one member state\n- the quick network\n\n");
    }
    text
}

/// 5,000 glossary names made of word pairs, as gen_corpus.py's terms.
fn names() -> Vec<Name> {
    let mut names = Vec::new();
    'outer: for a in WORDS {
        for b in WORDS {
            for c in ["", " council", " review"] {
                if names.len() == 5000 {
                    break 'outer;
                }
                names.push(Name {
                    term: TermId(names.len() as u32),
                    text: format!("{a} {b}{c}"),
                    case_sensitive: false,
                });
            }
        }
    }
    names
}

fn front_matter(c: &mut Criterion) {
    let text = page_text();
    c.bench_function("front matter: split and parse", |b| {
        b.iter(|| {
            let split = frontmatter::split(&text, Path::new("a.md")).unwrap();
            frontmatter::parse(&text, &split, Path::new("a.md")).unwrap()
        })
    });
}

fn markdown_pass(c: &mut Criterion) {
    let text = page_text();
    let body_start = text.find("\n+++\n").unwrap() + 5;
    let names = names();
    let terms: Vec<Term> = names
        .iter()
        .map(|n| Term {
            page: PageId(0),
            id: format!("t{}", n.term.0),
            aliases: Vec::new(),
            kind: None,
            summary: String::new(),
            see_also: Vec::new(),
            case_sensitive: None,
            autolink: true,
        })
        .collect();
    let mut linker = Linker::default();
    linker.add_terms(&terms, |t| format!("/glossary/{}/", t.id));
    let highlighter = Highlighter::new(false);
    for (label, matcher) in [
        ("no glossary", Matcher::default()),
        ("5,000 names", Matcher::new(&names, true)),
    ] {
        let context = markdown::Context {
            linker: &linker,
            smart_punctuation: true,
            base_path: "/",
            matcher: &matcher,
            autolink: Autolink::First,
            highlighter: &highlighter,
            folders: ("glossary", "timeline"),
            raw_html: true,
        };
        let input = markdown::Input {
            body_start,
            ..markdown::Input::page(&text, Path::new("content/a.md"), "a.md")
        };
        c.bench_function(&format!("markdown + mentions, one page, {label}"), |b| {
            b.iter(|| markdown::render(&input, &context))
        });
    }
}

fn template(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), "title = \"Bench\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/page.md"), page_text()).unwrap();
    let (sources, _) = glossator::load::load(dir.path()).unwrap();
    let (site, _) = glossator::resolve::resolve(&sources, &Default::default());
    let renderer = Renderer::new(&site).unwrap();
    let page = site
        .pages
        .iter()
        .position(|p| p.source == "page.md")
        .unwrap();
    c.bench_function("template: render one page", |b| {
        b.iter(|| {
            renderer
                .render(&site, Job::Page(PageId(page as u32)))
                .unwrap()
        })
    });
}

criterion_group!(benches, front_matter, markdown_pass, template);
criterion_main!(benches);
