use std::path::PathBuf;

use super::format::format_all;
use crate::diagnostic::{Diagnostic, report};
use crate::load::SourceFile;
use crate::site::Source;

/// The sources of `files`, formatted in `style`, as a build reads them.
fn read_all(files: &[SourceFile], style: &str) -> (Vec<Source>, Vec<Diagnostic>, bool) {
    let (mut sources, diagnostics, complete) = super::read_all(files);
    format_all(&mut sources, english(style));
    (sources, diagnostics, complete)
}

/// Style `style` in English.
fn english(style: &str) -> super::format::Csl<'_> {
    super::format::Csl {
        style,
        language: "en",
    }
}

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile {
        file: PathBuf::from(format!("content/{name}")),
        text: text.to_string(),
    }
}

const BIB: &str = r#"@online{sg-sm-22505,
  author = {{United Nations Secretary-General}},
  title = {Secretary-General Welcomes General Assembly's Adoption of Convention against Cybercrime},
  date = {2024-12-24},
  number = {SG/SM/22505},
  url = {https://press.un.org/en/2024/sgsm22505.doc.htm},
  urldate = {2026-11-29},
  archiveurl = {https://web.archive.org/web/2025/https://press.un.org/en/2024/sgsm22505.doc.htm},
}

@report{unodc-2024,
  author = {Waly, Ghada and Yang, Philemon},
  title = {A report},
  year = {2024},
  month = dec,
  publisher = {UNODC},
}
"#;

const JSON: &str = r#"[
  {"id": "un-news", "type": "article-newspaper", "title": "UN General Assembly adopts cybercrime treaty",
   "container-title": "UN News", "issued": {"date-parts": [[2024, 12, 24]]},
   "URL": "https://news.un.org/en/story/2024/12/1158521", "author": [{"literal": "UN News"}]}
]"#;

#[test]
fn bibtex_and_csl_json_are_read_with_their_fields_and_formatted() {
    let (sources, diagnostics, _) = read_all(
        &[file("sources.bib", BIB), file("sources.json", JSON)],
        "ieee",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["sg-sm-22505", "un-news", "unodc-2024"]);
    let sg = &sources[0];
    assert_eq!(sg.kind, "webpage");
    assert_eq!(sg.number.as_deref(), Some("SG/SM/22505"));
    assert_eq!(
        sg.issued.map(|d| d.to_string()).as_deref(),
        Some("2024-12-24")
    );
    assert_eq!(
        sg.accessed.map(|d| d.to_string()).as_deref(),
        Some("2026-11-29")
    );
    assert!(
        sg.archive_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://web.archive.org/"))
    );
    assert_eq!(sg.authors, ["United Nations Secretary-General"]);
    assert_eq!(sg.at.line, 1);
    assert!(
        sg.formatted.contains("Secretary-General Welcomes"),
        "{}",
        sg.formatted
    );
    let report = &sources[2];
    assert_eq!(
        report.issued.map(|d| d.to_string()).as_deref(),
        Some("2024-12")
    );
    assert_eq!(report.authors, ["Ghada Waly", "Philemon Yang"]);
    assert!(report.formatted.contains("Waly"), "{}", report.formatted);
    let news = &sources[1];
    assert_eq!(news.container.as_deref(), Some("UN News"));
    assert_eq!(news.at.line, 2);
    assert!(news.formatted.contains("UN News"), "{}", news.formatted);
}

#[test]
fn a_key_defined_twice_names_both_places() {
    let json = r#"[{"id": "unodc-2024", "title": "Again"}]"#;
    let (sources, diagnostics, _) =
        read_all(&[file("sources.bib", BIB), file("more.json", json)], "ieee");
    assert_eq!(sources.len(), 2);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let text = shown(&diagnostics[0]);
    assert!(text.contains("`unodc-2024` is defined twice"), "{text}");
    assert!(text.contains("content/sources.bib"), "{text}");
    assert!(text.contains("more.json"), "{text}");
    let twice = format!("{BIB}\n@misc{{unodc-2024, title = {{x}}}}\n");
    let (_, diagnostics, _) = read_all(&[file("sources.bib", &twice)], "ieee");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].position().map(|p| p.line), Some(19));
}

#[test]
fn broken_files_are_located_errors() {
    let (_, diagnostics, _) = read_all(&[file("sources.bib", "@misc{a,\n  title = {x\n")], "ieee");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(shown(&diagnostics[0]).contains("does not parse"));
    let (_, diagnostics, _) = read_all(&[file("sources.json", "{\"id\": \"a\"}")], "ieee");
    assert!(
        shown(&diagnostics[0]).contains("not a list"),
        "{diagnostics:#?}"
    );
    let bad = "@misc{a,\n  title = {x},\n  date = {2024-02-30},\n}\n";
    let (sources, diagnostics, _) = read_all(&[file("sources.bib", bad)], "ieee");
    assert_eq!(sources.len(), 1);
    assert!(
        shown(&diagnostics[0]).contains("not a date"),
        "{diagnostics:#?}"
    );
    assert_eq!(diagnostics[0].position().map(|p| p.line), Some(3));
}

fn shown(diagnostic: &Diagnostic) -> String {
    report(std::slice::from_ref(diagnostic), false)
}

/// "Cite this page": the page's title (escaped), authors, date when the
/// style prints one, and permalink; pages alike share one formatting, but
/// each reads as itself.
#[test]
fn pages_are_cited_in_the_sites_style() {
    use crate::site::Page;
    let page = |title: &str, path: &str, date: Option<&str>, authors: &[&str]| {
        let mut page = Page::default();
        page.meta.title = title.into();
        page.path = path.into();
        page.meta.date = date.map(|d| crate::dates::DateTime::parse(d).unwrap());
        page.meta.authors = authors.iter().map(|a| a.to_string()).collect();
        page
    };
    let pages = [
        page("Rock & roll", "a/", Some("2024-12-24"), &["Jane Doe"]),
        page("Other", "b/", Some("2024-12-24"), &["Jane Doe"]),
        page("Undated", "c/", None, &[]),
    ];
    let permalink = |p: &Page| format!("https://example.org/{}", p.path);
    let apa = super::format::cite_pages(&pages, "The Explainer", english("apa"), permalink);
    assert!(apa[0].contains("Rock &amp; roll"), "{}", apa[0]);
    assert!(apa[0].contains("Jane Doe"), "{}", apa[0]);
    assert!(apa[0].contains("2024"), "{}", apa[0]);
    assert!(apa[0].contains("https://example.org/a/"), "{}", apa[0]);
    assert!(apa[1].contains("Other") && apa[1].contains("https://example.org/b/"));
    assert!(!apa[1].contains("Rock"), "{}", apa[1]);
    assert!(apa[2].contains("The Explainer"), "{}", apa[2]);
    // IEEE prints no date for a web page.
    let ieee = super::format::cite_pages(&pages, "The Explainer", english("ieee"), permalink);
    assert!(!ieee[0].contains("2024"), "{}", ieee[0]);
    assert!(ieee[0].contains("“Rock &amp; roll,”"), "{}", ieee[0]);
}

/// hayagriva writes the text it is given as is: markup in a source's
/// fields comes out as text, and a URL's `&` as `&amp;`.
#[test]
fn markup_in_sources_is_text_in_their_html() {
    let bib = "@online{x,\n  author = {Doe, Jane <b>},\n  title = {<script>alert(1)</script> \"Q\" & A},\n  url = {https://example.org/?a=1&b=\"2\"},\n}\n";
    let (sources, diagnostics, _) = read_all(&[file("sources.bib", bib)], "ieee");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let html = &sources[0].formatted;
    assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&amp; A"), "{html}");
    assert!(
        html.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""),
        "{html}"
    );
}
