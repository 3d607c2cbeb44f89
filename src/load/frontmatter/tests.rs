//! Front matter split and parsed, TOML and YAML alike, errors located.

use super::*;

fn load(text: &str) -> Result<FrontMatter, Diagnostic> {
    let file = Path::new("a.md");
    let split = split(text, file)?;
    parse(text, &split, file)
}

#[test]
fn toml_and_yaml_give_the_same_values() {
    let toml = load("+++\ntitle = \"A\"\ndate = 2024-12-24\ntags = [\"x\"]\n+++\nbody").unwrap();
    let yaml = load("---\ntitle: A\ndate: 2024-12-24\ntags: [x]\n---\nbody").unwrap();
    assert_eq!(toml.values, yaml.values);
    assert_eq!(toml.values["date"], Value::String("2024-12-24".into()));
}

#[test]
fn no_front_matter_is_all_body() {
    let s = split("# Title\n", Path::new("a.md")).unwrap();
    assert_eq!(s.format, None);
    assert_eq!(s.body, 0..8);
}

#[test]
fn crlf_delimiters_are_accepted() {
    let fm = load("+++\r\ntitle = \"A\"\r\n+++\r\nbody").unwrap();
    assert_eq!(fm.values["title"], "A");
}

#[test]
fn unclosed_block_is_an_error_at_line_one() {
    let e = load("+++\ntitle = \"A\"\n").unwrap_err();
    assert!(e.message.contains("never closed"));
}

#[test]
fn toml_error_points_into_the_file() {
    let e = load("+++\ntitle = \"A\"\ndate = = 3\n+++\n").unwrap_err();
    let p = e.location.unwrap().position.unwrap();
    assert_eq!(p.line, 3);
}

#[test]
fn yaml_error_points_into_the_file() {
    let e = load("---\ntitle: A\nlist: [a, b\n---\n").unwrap_err();
    let p = e.location.unwrap().position.unwrap();
    assert!(p.line >= 3, "{p:?}");
    assert!(!e.message.contains('\n'));
}

#[test]
fn a_key_written_twice_is_named() {
    let e = load("---\ntitle: A\ntitle: B\n---\n").unwrap_err();
    assert!(
        e.message.contains("the key `title` is written twice"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("DuplicateKeyPolicy"), "{}", e.message);
}

#[test]
fn list_kind_names_the_wrong_item() {
    assert_eq!(
        list_kind(&serde_json::json!([1])),
        "a list holding a number"
    );
    assert_eq!(
        list_kind(&serde_json::json!(["a", 1.5])),
        "a list holding a decimal number"
    );
    assert_eq!(list_kind(&serde_json::json!(true)), "a boolean");
}

#[test]
fn value_span_finds_top_level_keys_only() {
    let text = "+++\ntitle = \"A\"\n[extra]\ndate = 1\n+++\n";
    let fm = load(text).unwrap();
    let span = fm.value_span(text, "title").unwrap();
    assert_eq!(&text[span], "\"A\"");
    assert_eq!(fm.value_span(text, "date"), None);
    let text = "---\ntitle: A\nextra:\n  date: 1\n---\n";
    let fm = load(text).unwrap();
    assert_eq!(&text[fm.value_span(text, "title").unwrap()], "A");
    assert_eq!(fm.value_span(text, "date"), None);
}

#[test]
fn front_matter_without_its_opening_line_is_one_error() {
    let e = load("title = \"A\"\nsummary = \"B.\"\n+++\nBody.\n").unwrap_err();
    assert_eq!(e.message, "the front matter has no opening `+++`");
    let e = load("title: A\nsummary: B.\n---\nBody.\n").unwrap_err();
    assert_eq!(e.message, "the front matter has no opening `---`");
}

#[test]
fn a_page_that_merely_has_a_rule_has_no_front_matter() {
    for text in [
        "Note: read this first.\n\n---\n\nBody.\n",
        "# Title\n\nProse.\n+++\n",
        "Prose = poetry, said nobody.\nMore prose here.\n+++\n",
        "+++ is a delimiter\n",
    ] {
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.format, None, "{text:?}");
    }
}

#[test]
fn a_yaml_line_indented_with_a_tab_is_named_as_such() {
    let e = load("---\ntitle: A\n\tsummary: B.\n---\n").unwrap_err();
    assert_eq!(
        e.message,
        "invalid YAML front matter: a line is indented with a tab"
    );
    assert!(e.help.as_ref().unwrap().contains("indent with spaces"));
    let p = e.location.unwrap().position.unwrap();
    assert_eq!((p.line, p.column), (3, 1));
}

#[test]
fn front_matter_below_blank_lines_is_one_error_at_its_delimiter() {
    let e = load("\n\n+++\ntitle = \"A\"\n+++\nBody.\n").unwrap_err();
    assert_eq!(
        e.message,
        "the front matter must start on the first line of the file, with `+++`"
    );
    let p = e.location.unwrap().position.unwrap();
    assert_eq!((p.line, p.column), (3, 1));
    // A rule below a blank line, in a page without front matter, is not one.
    let s = split("\n---\n\nSome prose.\n", Path::new("a.md")).unwrap();
    assert_eq!(s.format, None);
}
