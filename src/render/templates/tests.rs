//! Templates compiled, their errors located, their helpers.

mod unclosed_tests {
    use super::unclosed_tag;

    #[test]
    fn the_innermost_open_tag_is_found() {
        let text =
            "{% block content %}\n{% for a in b %}\n{% if a %}x{% endif %}\n{% endblock content %}";
        let (tag, at) = unclosed_tag(text).unwrap();
        assert_eq!((tag, at.line, at.column), ("for", 2, 1));
        assert!(unclosed_tag("{% if a %}{% else %}{% endif %}").is_none());
        assert_eq!(unclosed_tag("{%- raw -%}{% if %}").unwrap().0, "raw");
        assert!(unclosed_tag("{% raw %}{% for %}{% endraw %}").is_none());
    }
}

#[test]
fn dependencies_are_the_names_of_extends_include_and_import() {
    let text = r#"{% extends "base.html" %}{%- include 'nav.html' -%}
{% block x %}{% include ["a.html", "b.html"] ignore missing %}{% endblock %}
{% import "macros.html" as m %}{{ "include" }}{% if x %}{% endif %}"#;
    assert_eq!(
        super::dependencies(text),
        ["base.html", "nav.html", "a.html", "b.html", "macros.html"]
    );
}

use super::*;
use std::path::PathBuf;

fn source(name: &str, text: &str) -> TemplateSource {
    TemplateSource {
        name: name.into(),
        file: PathBuf::from(format!("templates/{name}")),
        text: text.into(),
    }
}

#[test]
fn syntax_errors_of_every_template_are_reported() {
    let templates = [
        source("a.html", "ok\n{{ oops }\n"),
        source("b.html", "{% if %}"),
    ];
    let errors = compile(&templates, "/").unwrap_err();
    assert_eq!(errors.len(), 2);
    let p = errors[0].position().unwrap();
    assert_eq!(p.line, 2);
    assert!(
        errors[0].message.contains("a.html"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_missing_parent_is_reported_when_every_template_parses() {
    let templates = [
        source("a.html", "{% extends \"base.html\" %}"),
        source("b.html", "fine"),
    ];
    let errors = compile(&templates, "/").unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let shown = format!("{} {:?}", errors[0].message, errors[0].help);
    assert!(shown.contains("base.html"), "{shown}");
}

#[test]
fn render_errors_name_the_template_and_line() {
    let templates = [
        source("base.html", "<p>\n{{ page.missing }}\n</p>"),
        source("page.html", "{% extends \"base.html\" %}"),
    ];
    let tera = compile(&templates, "/").unwrap();
    let e = tera.render("page.html", &tera::Context::new()).unwrap_err();
    let d = template_error(&e, &templates);
    let location = d.location.unwrap();
    assert_eq!(location.file, PathBuf::from("templates/base.html"));
    assert_eq!(location.position.unwrap().line, 2);
}

proptest::proptest! {
    /// The byte scanner against the plain rule, character by character:
    /// texts long enough to span several of the chunks it tests at once,
    /// with the bytes it stops at anywhere in them.
    #[test]
    fn escaping_is_the_rule_applied_to_each_character(text in "(?s).{0,80}|[&<>\"'\\x00-\\x1f\\u{fffd}-\\u{ffff}\\u{f000}\\u{e9}a]{0,40}|[a ]{0,40}[&<>\"'\\x00-\\x1f\\u{fffe}\\u{ffff}]?[a ]{0,40}") {
        let expected: String = text
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                '\t' | '\n' | '\r' => c.to_string(),
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => String::new(),
                c => c.to_string(),
            })
            .collect();
        proptest::prop_assert_eq!(escape_html(&text), expected);
    }
}

#[test]
fn escaping_leaves_no_character_xml_forbids() {
    assert_eq!(
        escape_html("a\u{1}b\u{b}c\td\ne\u{fffe}<'\">&"),
        "abc\td\ne&lt;&#39;&quot;&gt;&amp;"
    );
}

#[test]
fn date_filter_formats_with_strftime() {
    let mut args = HashMap::new();
    args.insert("format".to_string(), Value::String("%e %B %Y".into()));
    let v = date_filter(&Value::String("2024-12-24".into()), &args).unwrap();
    assert_eq!(v, Value::String("24 December 2024".into()));
}

#[test]
fn a_variable_is_named_only_inside_a_tag_and_as_a_whole_word() {
    let names = |text: &str| names(&[source("a.html", text)], "backlinks");
    assert!(names("{% for g in backlinks %}{% endfor %}"));
    assert!(names("{{ backlinks | length }}"));
    assert!(names("{%- if not backlinks -%}x{% endif %}"));
    assert!(names("{{ m::list(items=backlinks) }}"));
    assert!(names("{{ __tera_context }}"), "the whole context names all");
    assert!(!names(
        r#"<section class="backlinks" id="backlinks-title">"#
    ));
    assert!(!names("{{ backlinks_html | safe }}{{ my_backlinks }}"));
    assert!(!names("{# backlinks #}{{ x }}"));
    // Unclosed and empty tags end the search without a panic.
    assert!(!names("{%}{{}}{% if x"));
    assert!(names("{{ x }}{{ backlinks"));
    // Any template of the theme counts.
    assert!(super::names(
        &[
            source("a.html", "{{ x }}"),
            source("b.html", "{{ backlinks }}")
        ],
        "backlinks"
    ));
}
