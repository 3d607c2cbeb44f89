//! site.toml read, checked, and every mistake in it reported.

use super::*;

fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    Config::parse(text, Path::new("site.toml"))
}

#[test]
fn defaults_fill_missing_tables() {
    let c = parse("title = \"T\"\nbase_url = \"https://example.org/sub\"\n").unwrap();
    assert_eq!(c.base_url, "https://example.org/sub/");
    assert_eq!(c.base_path, "/sub/");
    assert_eq!(c.url("a/b/"), "/sub/a/b/");
    assert_eq!(c.permalink("/a/"), "https://example.org/sub/a/");
    assert_eq!(c.glossary.autolink, Autolink::First);
    assert_eq!(c.output_dir, PathBuf::from("public"));
}

#[test]
fn unknown_key_points_at_its_line() {
    let errors = parse("title = \"T\"\n\n[markdown]\nsmart = true\n").unwrap_err();
    let p = errors[0].position().unwrap();
    assert_eq!(p.line, 4);
    assert!(errors[0].message.contains("smart"), "{}", errors[0].message);
}

#[test]
fn a_bad_today_points_at_its_value() {
    let errors = parse("title = \"T\"\n\n[timeline]\ntoday = \"2025-02-30\"\n").unwrap_err();
    let p = errors[0].position().unwrap();
    assert_eq!((p.line, p.column), (4, 9));
    assert!(
        errors[0].message.contains("no day 30"),
        "{}",
        errors[0].message
    );
    assert!(parse("title = \"T\"\n[timeline]\ntoday = \"2025-02-28\"\n").is_ok());
}

#[test]
fn every_wrong_key_is_reported_and_the_rest_is_read() {
    let text = "title = 42\nbase_url = \"https://example.org/\"\n\n[glosary]\nplurals = true\n\n[glossary]\nplurals = \"yes\"\nautolink = \"all\"\n\n[markdown]\nsmart = true\n";
    let (config, errors) = Config::parse_all(text, Path::new("site.toml"));
    let mut lines: Vec<usize> = errors.iter().map(|e| e.position().unwrap().line).collect();
    lines.sort();
    // title (a number), [glosary] (no such table), plurals (not a
    // boolean), smart (no such key); an empty title is not reported
    // again once `title` is reported as the wrong type.
    assert_eq!(lines, [1, 4, 8, 12], "{errors:#?}");
    let config = config.expect("read without the wrong keys");
    assert_eq!(config.base_url, "https://example.org/");
    assert_eq!(
        config.glossary.autolink,
        Autolink::All,
        "the keys around a wrong one are read"
    );
    assert!(parse(text).is_err());
}

#[test]
fn today_may_be_a_toml_date() {
    let c = parse("title = \"T\"\n[timeline]\ntoday = 2025-06-01\n").unwrap();
    assert_eq!(c.timeline.today, Some(Date::constant(2025, 6, 1)));
    let errors = parse("title = \"T\"\n[timeline]\ntoday = 2025-06-01T10:00:00\n").unwrap_err();
    assert!(
        errors[0]
            .message
            .ends_with("`today` is a day, with no time of day: write `2025-06-01`"),
        "{}",
        errors[0].message
    );
    let errors = parse("title = \"T\"\n[timeline]\ntoday = 5\n").unwrap_err();
    assert_eq!(
        errors[0].message,
        "`[timeline] today` cannot be the number 5"
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("`today` takes a day, such as \"2025-06-01\"")
    );
}

#[test]
fn a_syntax_error_stops_the_reading() {
    let (config, errors) = Config::parse_all("title = \"T\nx = 1\n", Path::new("site.toml"));
    assert!(config.is_none());
    assert_eq!(errors.len(), 1);
}

#[test]
fn bad_base_url_and_missing_title_are_both_reported() {
    let errors = parse("base_url = \"example.org\"\n").unwrap_err();
    assert_eq!(errors.len(), 2);
}

#[test]
fn languages_are_read_by_their_tags() {
    let c = parse(
        "title = \"T\"\nlanguage = \"en\"\n\n[languages.fr]\ntitle = \"T (fr)\"\n\n\
         [languages.zh-Hans]\n",
    )
    .unwrap();
    assert_eq!(c.language, "en");
    assert_eq!(c.languages.keys().collect::<Vec<_>>(), ["fr", "zh-Hans"]);
    assert_eq!(c.languages["fr"].title.as_deref(), Some("T (fr)"));
    assert_eq!(c.languages["zh-Hans"].title, None);
}

#[test]
fn every_wrong_language_is_reported_at_its_table() {
    let errors = parse(
        "title = \"T\"\nlanguage = \"en\"\n\n[languages.en]\n\n[languages.pt_BR]\n\n\
         [languages.FR]\n\n[languages.es]\ntitel = \"x\"\n",
    )
    .unwrap_err();
    let found: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.position().unwrap().line, e.message.as_str()))
        .collect();
    assert!(
        found.contains(&(4, "`en` is the default language, set by `language`")),
        "{found:?}"
    );
    assert!(
        found.contains(&(6, "`[languages.pt_BR]` does not name a language")),
        "{found:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.help.iter().any(|h| h.contains("`pt-BR`")))
    );
    assert!(
        found.contains(&(8, "write the language `FR` as `fr`")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(line, m)| *line == 11 && m.contains("`titel`")),
        "{found:?}"
    );
}

#[test]
fn the_default_language_must_be_a_tag() {
    let errors = parse("title = \"T\"\nlanguage = \"english\"\n").unwrap_err();
    assert_eq!(errors[0].position().unwrap().line, 2);
    assert!(
        errors[0].message.contains("not a language tag"),
        "{}",
        errors[0].message
    );
}
