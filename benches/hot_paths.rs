//! Criterion benches of glossator's hot paths: front matter, the Markdown
//! pass with mentions (with 0 and 5,000 glossary names; then with 1,000 to
//! 100,000 names, and with pages 1 to 16 times as long, to show the pass is
//! linear in the text whatever the glossary's size), template rendering of
//! one page, and one social card drawn. Run with `cargo bench`; whole-build
//! figures against Hugo and Zola come from `bench/run.py`
//! (docs/benchmarks.md).

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use glossator::load::frontmatter;
use glossator::render::{Job, Renderer};
use glossator::resolve::links::Linker;
use glossator::resolve::markdown::{self, highlight::Highlighter};
use glossator::resolve::mentions::{Matcher, Name, Plurals};
use glossator::site::{Entry, EntryId, PageId};

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
                    entry: EntryId(names.len() as u32),
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

/// A glossary of `names` for the Markdown pass, with its linker.
fn linker_for(names: &[Name]) -> Linker {
    let entries: Vec<Entry> = names
        .iter()
        .map(|n| Entry::new(&format!("t{}", n.entry.0), PageId(0)))
        .collect();
    let mut linker = Linker::default();
    linker.add_entries(&entries, |t| format!("/glossary/{}/", t.id));
    linker
}

/// Times the Markdown pass over `text` (front matter included) with `names`.
fn bench_pass(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    label: &str,
    text: &str,
    names: &[Name],
) {
    let body_start = text.find("\n+++\n").unwrap() + 5;
    let linker = linker_for(names);
    let matcher = if names.is_empty() {
        Matcher::default()
    } else {
        Matcher::new(names, Plurals::English)
    };
    let highlighter = Highlighter::new(false);
    let context = markdown::Context::new(&linker, &matcher, &highlighter);
    let input = markdown::Input {
        body_start,
        ..markdown::Input::page(text, Path::new("content/a.md"), "a.md")
    };
    group.throughput(Throughput::Bytes((text.len() - body_start) as u64));
    group.bench_function(label, |b| b.iter(|| markdown::convert(&input, &context)));
}

fn markdown_pass(c: &mut Criterion) {
    let text = page_text();
    let names = names();
    let mut group = c.benchmark_group("markdown + mentions, one page");
    bench_pass(&mut group, "no glossary", &text, &[]);
    bench_pass(&mut group, "5,000 names", &text, &names);
    group.finish();
}

/// Names no text of these benches holds: they grow the glossary, not the
/// number of mentions.
fn absent_names(from: usize, count: usize) -> impl Iterator<Item = Name> {
    (from..from + count).map(|i| Name {
        entry: EntryId(i as u32),
        text: format!("zq{i} absent name"),
        case_sensitive: false,
    })
}

/// The mention pass is linear in the text and does not depend on the size
/// of the glossary: the same page with 1,000 names that it mentions, then
/// with 9,000 and 99,000 more that it does not (the time should stay flat),
/// and pages 1, 4 and 16 times as long (the throughput should stay flat).
fn mention_scaling(c: &mut Criterion) {
    let text = page_text();
    let mentioned: Vec<Name> = names().into_iter().take(1_000).collect();
    let mut group = c.benchmark_group("mention pass, glossary size");
    for total in [1_000, 10_000, 100_000] {
        let mut names = mentioned.clone();
        names.extend(absent_names(names.len(), total - names.len()));
        bench_pass(&mut group, &format!("{total} names"), &text, &names);
    }
    group.finish();
    let names = names();
    let body_start = text.find("\n+++\n").unwrap() + 5;
    let mut group = c.benchmark_group("mention pass, text size");
    for times in [1, 4, 16] {
        let long = format!(
            "{}{}",
            &text[..body_start],
            text[body_start..].repeat(times)
        );
        bench_pass(&mut group, &format!("{times}x page"), &long, &names);
    }
    group.finish();
}

fn template(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), "title = \"Bench\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/page.md"), page_text()).unwrap();
    let (sources, _) = glossator::load::load(dir.path()).unwrap();
    let (site, _) = glossator::resolve::resolve(&sources, false);
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

/// An entry's page listing 200 mentions on 200 pages with their
/// sentences: the heaviest page of a densely annotated site.
fn entry_template(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Bench\"\n[glossary]\nautolink = \"all\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/glossary")).unwrap();
    std::fs::write(
        root.join("content/glossary/network.md"),
        "+++\ntitle = \"quick network\"\nsummary = \"A network.\"\n+++\nA body.\n",
    )
    .unwrap();
    // 200 pages mention it once each, as in gen_corpus.py's sites.
    for p in 0..200 {
        let words: Vec<&str> = (0..20)
            .map(|w| WORDS[(p * 7 + w * 3) % WORDS.len()])
            .collect();
        let text = format!(
            "+++\ntitle = \"Page {p}\"\n+++\nThe {} and the quick network {p} again.\n",
            words.join(" ")
        );
        std::fs::write(root.join(format!("content/page-{p}.md")), text).unwrap();
    }
    let (sources, _) = glossator::load::load(root).unwrap();
    let (site, _) = glossator::resolve::resolve(&sources, false);
    assert!(
        site.mentions.len() >= 200,
        "{} mentions",
        site.mentions.len()
    );
    let renderer = Renderer::new(&site).unwrap();
    let entry = site.entries[0].page;
    c.bench_function(
        "template: render an entry page with 200 mentions on 200 pages",
        |b| b.iter(|| renderer.render(&site, Job::Page(entry)).unwrap()),
    );
}

/// One fresh social card, as a build makes it: the explainer theme's
/// card.svg rendered (its `wrap` calls lay out the text) and painted to a
/// PNG, for a Latin, an Arabic and a Chinese card. The budget is
/// 10 ms of CPU a card.
fn social_card(c: &mut Criterion) {
    use glossator::render::cards::{self, Painter};
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/explainer");
    let mut fonts: Vec<_> = std::fs::read_dir(theme.join("fonts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
        .collect();
    fonts.sort();
    let fonts: Vec<(String, Vec<u8>)> = fonts
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
        .collect();
    let painter = std::sync::Arc::new(
        Painter::new(fonts.iter().map(|(n, b)| (n.as_str(), b.clone()))).unwrap(),
    );
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".svg"]);
    let template = std::fs::read_to_string(theme.join("templates/card.svg")).unwrap();
    tera.add_raw_template("card.svg", &template).unwrap();
    cards::register(&mut tera, std::sync::Arc::clone(&painter));
    let cards = [
        (
            "latin",
            "en",
            "ltr",
            "The Convention against Cybercrime: what the treaty's 71 articles ask of the \
             states that ratify it, and what they leave to them",
            "A United Nations treaty on the collection of electronic evidence and cooperation \
             between police forces, adopted by the General Assembly in December 2024.",
        ),
        (
            "arabic",
            "ar",
            "rtl",
            "اتفاقية الأمم المتحدة لمكافحة الجرائم الإلكترونية",
            "معاهدة بشأن جمع الأدلة الإلكترونية والتعاون بين أجهزة الشرطة، اعتمدتها الجمعية \
             العامة في ديسمبر ٢٠٢٤ بعد خمس سنوات من التفاوض.",
        ),
        (
            "chinese",
            "zh",
            "ltr",
            "联合国打击网络犯罪公约：各缔约国在批准公约后需要履行的义务和程序",
            "一项关于收集电子证据和各国警察合作的联合国条约，经过五年谈判，于二〇二四年十二月\
             由大会通过。",
        ),
    ];
    let mut group = c.benchmark_group("social card: template + paint + PNG");
    for (name, lang, dir, title, description) in cards {
        let mut context = tera::Context::new();
        context.insert(
            "card",
            &serde_json::json!({ "title": title, "kind": "Glossary entry", "description": description }),
        );
        context.insert(
            "site",
            &serde_json::json!({ "title": "Cybercrime treaty explained" }),
        );
        context.insert("lang", lang);
        context.insert("dir", dir);
        group.bench_function(name, |b| {
            b.iter(|| {
                let svg = tera.render("card.svg", &context).unwrap();
                painter.paint(&svg).unwrap()
            })
        });
        // The template alone: its wrap() calls, which measure the text.
        group.bench_function(format!("{name}, template only"), |b| {
            b.iter(|| tera.render("card.svg", &context).unwrap())
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    front_matter,
    markdown_pass,
    mention_scaling,
    template,
    entry_template,
    social_card
);
criterion_main!(benches);
