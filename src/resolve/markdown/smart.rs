//! Smart punctuation for the plain text of front matter (summaries), as
//! the Markdown of the text gets it: "quotes" and 'quotes' curled, `--`
//! and `---` dashes, `...` an ellipsis. pulldown-cmark does the work; the
//! text's other Markdown characters are escaped first, so that nothing
//! else of it is read as Markdown.

use pulldown_cmark::{Event, Options, Parser};

/// `text` with typographic quotes, dashes and ellipses.
pub fn smart_punctuation(text: &str) -> String {
    if !text.contains(['"', '\'', '-', '.']) {
        return text.to_string();
    }
    let text = text.trim();
    let mut escaped = String::with_capacity(text.len() + 8);
    // A text that would open a list (`- `, `1. `) or be a rule (`---`)
    // has that first mark escaped too.
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if text.starts_with("- ") || text.chars().all(|c| c == '-') {
        escaped.push('\\');
    } else if digits > 0 && text[digits..].starts_with('.') {
        escaped.push_str(&text[..digits]);
        escaped.push('\\');
    }
    let rest = if digits > 0 && text[digits..].starts_with('.') {
        &text[digits..]
    } else {
        text
    };
    for c in rest.chars() {
        // Every ASCII punctuation mark but those smart punctuation reads:
        // emphasis, links, HTML, entities, code, list and heading markers.
        if c.is_ascii_punctuation() && !matches!(c, '"' | '\'' | '-' | '.') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let options = Options::ENABLE_SMART_PUNCTUATION;
    let one_line = escaped.replace('\n', " ");
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(&one_line, options) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_dashes_and_ellipses_are_typographic() {
        assert_eq!(
            smart_punctuation("The \"Hanoi\" treaty -- the State's own... text"),
            "The “Hanoi” treaty – the State’s own… text"
        );
        assert_eq!(smart_punctuation("\"Quoted\" first"), "“Quoted” first");
    }

    #[test]
    fn nothing_else_is_read_as_markdown() {
        for text in [
            "- not a list",
            "1. not a list",
            "# not a heading",
            "*not emphasis* and _this_ and `code` and <b>html</b> &amp;",
            "[not](a link) and \\ a backslash",
            "> not a quotation",
        ] {
            assert_eq!(smart_punctuation(text), text);
        }
        assert_eq!(smart_punctuation("--- a dash"), "— a dash");
    }
}
