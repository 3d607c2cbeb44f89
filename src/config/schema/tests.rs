//! The schema against the structs serde reads, and the messages it gives.

use super::*;
use crate::config::RawConfig;

/// The keys serde says a table takes, from its refusal of a made-up key.
fn keys_serde_takes(table: &str) -> Vec<String> {
    let header = match table {
        "" => String::new(),
        "languages.*" => "[languages.fr]\n".to_string(),
        t => format!("[{t}]\n"),
    };
    let text = format!("{header}not_a_key_anywhere = 1\n");
    let error = toml::from_str::<RawConfig>(&text).unwrap_err();
    let message = error.message();
    let expected = message.split("expected ").nth(1).unwrap_or("");
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_schema_names_every_key_serde_reads_and_no_other() {
    for table in [
        "",
        "glossary",
        "timeline",
        "notes",
        "markdown",
        "search",
        "sources",
        "feed",
        "sitemap",
        "llms_txt",
        "social_cards",
        "languages.*",
    ] {
        let mut ours: Vec<&str> = KEYS
            .iter()
            .filter(|k| k.table == table)
            .map(|k| k.name)
            .collect();
        let mut theirs = keys_serde_takes(table);
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs, "keys of [{table}]");
    }
}

fn explained(text: &str) -> (String, String) {
    let error = toml::from_str::<RawConfig>(text).unwrap_err();
    explain(error.message().trim(), text, error.span().unwrap())
}

#[test]
fn a_misspelt_key_gets_its_spelling() {
    let (message, help) = explained("base-url = \"https://e.org/\"\n");
    assert_eq!(message, "unknown key `base-url` in site.toml");
    assert_eq!(help, "did you mean `base_url`?");
    let (message, help) = explained("[search]\nenable = true\n");
    assert_eq!(message, "unknown key `enable` in `[search]`");
    assert_eq!(help, "did you mean `enabled`?");
}

#[test]
fn a_key_in_the_wrong_table_is_sent_to_its_own() {
    let (message, help) = explained("title = \"T\"\ntoday = \"2025-01-01\"\n");
    assert_eq!(
        message,
        "`today` is a key of `[timeline]`, not of the top level of site.toml"
    );
    assert_eq!(help, "move it under a `[timeline]` line");
    let (message, help) = explained("[glossary]\nbase_url = \"https://e.org/\"\n");
    assert_eq!(
        message,
        "`base_url` is a key of the top level of site.toml, not of `[glossary]`"
    );
    assert!(
        help.starts_with("move it to the top of site.toml"),
        "{help}"
    );
}

#[test]
fn an_unknown_key_with_no_likely_meaning_lists_the_table_keys() {
    let (message, help) = explained("[markdown]\nsmart_quotes = true\n");
    assert_eq!(message, "unknown key `smart_quotes` in `[markdown]`");
    assert_eq!(
        help,
        "`[markdown]` takes `smart_punctuation`, `highlight_code`, `unsafe_html`, `copies`; \
         docs/content-format.md explains each"
    );
}

#[test]
fn an_unknown_table_gets_its_spelling() {
    let (message, help) = explained("[timline]\ntoday = \"2025-01-01\"\n");
    assert_eq!(message, "unknown table `[timline]` in site.toml");
    assert_eq!(help, "did you mean `[timeline]`?");
}

#[test]
fn a_value_of_the_wrong_kind_says_what_the_key_takes() {
    let (message, help) = explained("[glossary]\nautolink = true\n");
    assert_eq!(message, "`[glossary] autolink` cannot be `true`");
    assert_eq!(
        help,
        "`autolink` takes \"first\" (the first mention on a page is a link), \"all\" or \"none\""
    );
    let (message, _) = explained("[glossary]\nautolink = \"each\"\n");
    assert_eq!(message, "`[glossary] autolink` cannot be \"each\"");
    let (message, help) = explained("[markdown]\nunsafe_html = \"no\"\n");
    assert_eq!(
        message,
        "`[markdown] unsafe_html` cannot be the string \"no\""
    );
    assert_eq!(
        help,
        "`unsafe_html` takes `true` or `false`, without quotes"
    );
    let (message, _) = explained("title = 42\n");
    assert_eq!(message, "`title` cannot be the number 42");
    let (message, _) = explained("[languages.fr]\ntitle = [1]\n");
    assert_eq!(message, "`[languages.fr] title` cannot be a list");
}
