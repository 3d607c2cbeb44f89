//! Tera: compiling a theme's templates, and turning Tera's errors into
//! diagnostics that name the template and its line.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use crate::dates::{DateTime, DateWords};
use crate::diagnostic::{Diagnostic, Position};
use crate::load::TemplateSource;

/// Compiles every template, checking inheritance and includes. When one
/// does not parse, each is parsed alone, so that one run reports the
/// syntax errors of all of them.
pub fn compile(
    templates: &[TemplateSource],
    base_path: &str,
) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    let pairs = templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
    if let Err(e) = tera.add_raw_templates(pairs) {
        // Tera stops at the first template it cannot parse: parse each
        // one alone to report them all. (Only when one fails: parsing is
        // most of the time compiling takes.)
        let diagnostics: Vec<Diagnostic> = templates
            .iter()
            .filter_map(|template| {
                let e = tera::Template::new(&template.name, None, &template.text).err()?;
                let e = tera::Error::chain(format!("Failed to parse '{}'", template.name), e);
                Some(template_error(&e, templates))
            })
            .collect();
        return Err(if diagnostics.is_empty() {
            vec![template_error(&e, templates)]
        } else {
            diagnostics
        });
    }
    tera.set_escape_fn(escape_html);
    register_helpers(&mut tera, base_path);
    Ok(tera)
}

/// Whether a template may read the variable `name`: the word stands
/// inside one of their tags (`{{ … }}`, `{% … %}`), not as part of a
/// longer name (`backlinks` is not in `backlinks_html`), or a template
/// prints the whole context (`__tera_context`). A word in a string
/// there counts too: a context with one value too many costs time, one
/// with a value too few would print nothing. For values the built-in
/// theme does not read and that are costly to serialize.
pub fn names(templates: &[TemplateSource], name: &str) -> bool {
    templates.iter().any(|t| {
        let mut rest = t.text.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = match after.as_bytes().first() {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let inner = &after[1..];
            let end = inner.find(close).unwrap_or(inner.len());
            let tag = &inner[..end];
            if has_word(tag, name) || tag.contains("__tera_context") {
                return true;
            }
            rest = &inner[end..];
        }
        false
    })
}

/// Whether `word` stands in `text` with no letter, digit or `_` on
/// either side.
fn has_word(text: &str, word: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word).any(|(at, _)| {
        !part(text[..at].chars().next_back()) && !part(text[at + word.len()..].chars().next())
    })
}

/// Escapes text for HTML text and quoted attributes. Unlike Tera's default
/// it leaves `/` alone, so URLs stay readable in the output.
///
/// The same escaper serves the XML templates (`atom.xml`, `sitemap.xml`),
/// so it also drops the characters XML 1.0 forbids even as references:
/// control characters other than tab and line ends (a TOML `"\u0001"`, a
/// form feed pasted from a word processor) and U+FFFE/U+FFFF. They are
/// invisible in a page, and one of them would make the whole feed unreadable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape_html`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    // Runs between the bytes to replace are copied whole: every one of
    // those bytes is ASCII or starts with 0xEF, so each cut falls between
    // two characters. (Every text a template prints passes here.)
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = next_stop(bytes, 0);
    while i < bytes.len() {
        let (replacement, length) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // U+FFFE and U+FFFF: EF BF BE, EF BF BF.
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                ("", 3)
            }
            0xef => {
                i = next_stop(bytes, i + 1);
                continue;
            }
            // The other control characters (tab and line ends never stop).
            _ => ("", 1),
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        i += length;
        copied = i;
        i = next_stop(bytes, i);
    }
    out.push_str(&text[copied..]);
}

/// The bytes [`escape_html`] stops at: those it replaces or drops, and
/// 0xEF, which starts U+FFFE and U+FFFF.
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    stops[b'&' as usize] = true;
    stops[b'<' as usize] = true;
    stops[b'>' as usize] = true;
    stops[b'"' as usize] = true;
    stops[b'\'' as usize] = true;
    stops[0xef] = true;
    stops
};

/// The first byte of `bytes` from `from` on that [`escape_html`] stops
/// at, or the length. Eight bytes are looked up for each branch taken,
/// as most text has nothing to escape.
fn next_stop(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        if chunk.iter().fold(false, |any, &b| any | STOPS[b as usize]) {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !STOPS[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// The filters and functions glossator adds to Tera's own; documented in
/// docs/templates.md.
/// The templates a template's text names in `extends`, `include` and
/// `import` tags: what its output depends on besides itself.
pub fn dependencies(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let tag = &rest[start + 2..];
        let end = tag.find("%}").unwrap_or(tag.len());
        let inside = tag[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let keyword = inside.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import") {
            // Every quoted string of the tag: `include ["a", "b"] ignore missing`.
            let mut quoted = inside[keyword.len()..].split(['"', '\'']);
            quoted.next();
            names.extend(quoted.step_by(2).map(str::to_string));
        }
        rest = &tag[end..];
    }
    names
}

fn register_helpers(tera: &mut tera::Tera, base_path: &str) {
    let base_path = base_path.to_string();
    tera.register_function("url", move |args: &HashMap<String, Value>| {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("`url` needs a `path` argument, such as url(path=\"style.css\")")
        })?;
        Ok(Value::String(format!(
            "{base_path}{}",
            path.trim_start_matches('/')
        )))
    });
    tera.register_filter("date", date_filter);
    tera.register_filter("slugify", |value: &Value, _: &HashMap<String, Value>| {
        let text = tera::try_get_value!("slugify", "value", String, value);
        Ok(Value::String(slug::slugify(text)))
    });
    tera.register_filter("rfc2822", rfc2822_filter);
}

/// `{{ page.date_rfc3339 | rfc2822 }}`: an RFC 3339 time (or a bare day,
/// taken at midnight UTC) as RSS writes dates, in UTC and in English
/// whatever the site's language: `Tue, 24 Dec 2024 00:00:00 +0000`.
fn rfc2822_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = tera::try_get_value!("rfc2822", "value", String, value);
    let time = text
        .parse::<jiff::Timestamp>()
        .or_else(|_| {
            text.parse::<jiff::civil::Date>()
                .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC))
                .map(|z| z.timestamp())
        })
        .map_err(|_| {
            tera::Error::msg(format!(
                "`rfc2822` needs a time such as \"2024-12-24T10:00:00Z\", not \"{text}\""
            ))
        })?;
    jiff::fmt::rfc2822::to_string(&time.to_zoned_datetime(jiff::tz::TimeZone::UTC))
        .map(Value::String)
        .map_err(|e| tera::Error::msg(format!("`rfc2822`: {e}")))
}

/// `{{ page.date | date(format="%e %B %Y") }}`: formats an ISO 8601 date
/// with strftime directives (jiff's); the default format is `%Y-%m-%d`.
/// `format=":date_long"` (Hugo's name) writes the day as the site's
/// language does ("December 24, 2024", "24 décembre 2024"), once a site's
/// renderer gives the filter its [`DateWords`] ([`LocalDate`]).
fn date_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    local_date(value, args, None)
}

/// The `date` filter of one language's site.
pub struct LocalDate(pub Arc<DateWords>);

impl tera::Filter for LocalDate {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        local_date(value, args, Some(&self.0))
    }
}

fn local_date(
    value: &Value,
    args: &HashMap<String, Value>,
    dates: Option<&DateWords>,
) -> tera::Result<Value> {
    let text = tera::try_get_value!("date", "value", String, value);
    let format = match args.get("format") {
        Some(f) => tera::try_get_value!("date", "format", String, f),
        None => "%Y-%m-%d".to_string(),
    };
    let date = DateTime::parse(&text)
        .map_err(|e| tera::Error::msg(format!("`date` filter: \"{text}\" is not a date: {e}")))?;
    if format.starts_with(':') {
        return match format.as_str() {
            ":date_long" => Ok(Value::String(
                dates.map_or_else(|| DateWords::english().day(date.date), |d| d.day(date.date)),
            )),
            _ => Err(tera::Error::msg(format!(
                "`date` filter: unknown format \"{format}\"; a format is strftime's \
                 (`%-d %B %Y`) or `:date_long`, the day in the site's language"
            ))),
        };
    }
    let datetime = date
        .date
        .to_datetime(date.time.unwrap_or(jiff::civil::Time::midnight()));
    jiff::fmt::strtime::format(format.as_str(), datetime)
        .map(Value::String)
        .map_err(|e| tera::Error::msg(format!("`date` filter: bad format \"{format}\": {e}")))
}

/// The whole chain of a Tera error, one cause per line.
fn chain(error: &tera::Error) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        messages.push(e.to_string());
        source = e.source();
    }
    messages
}

/// A diagnostic for a Tera error, pointing into the template when the line
/// can be told: from the parser's ` --> line:col`, or by finding the
/// variable, filter or template the message names.
pub fn template_error(error: &tera::Error, templates: &[TemplateSource]) -> Diagnostic {
    let messages = chain(error);
    let all = messages.join("\n");
    // The innermost template named is where the problem is.
    let name = quoted_after(&all, "(error happened in '")
        .or_else(|| {
            messages
                .iter()
                .rev()
                .find_map(|m| quoted_after(m, "while rendering '"))
        })
        .or_else(|| quoted_after(&all, "Failed to parse '"))
        .or_else(|| quoted_after(&all, "Failed to render '"))
        .or_else(|| quoted_after(&all, "'"));
    let template = name.and_then(|n| templates.iter().find(|t| t.name == n));
    let message = summary(&messages);
    let mut diagnostic = Diagnostic::error(message);
    let mut at_end = false;
    if let Some(template) = template {
        let locate = |t: &TemplateSource| {
            parser_position(&all)
                .map(|(line, col)| Position::at_line_col(&t.text, line, col))
                .or_else(|| named_thing(&all).and_then(|thing| find_in(&t.text, &thing)))
                .or_else(|| {
                    ["Filter '", "Function '", "Test '"]
                        .iter()
                        .find_map(|prefix| quoted_after(&all, prefix))
                        .and_then(|name| find_in(&t.text, name))
                })
                .or_else(|| {
                    quoted_after(&all, "inheriting from '")
                        .and_then(|parent| find_in(&t.text, parent))
                })
                .or_else(|| {
                    // A missing include: "Template '[partial.html]' not found".
                    quoted_after(&all, "Template '[")
                        .and_then(|names| names.trim_end_matches(']').split(',').next())
                        .and_then(|name| find_in(&t.text, name.trim()))
                })
        };
        // Tera names the template it was rendering, but the faulty tag may be
        // in a template it extends or includes: look there next.
        let found = locate(template).map(|p| (template, p)).or_else(|| {
            templates
                .iter()
                .filter(|t| t.name != template.name && template.text.contains(t.name.as_str()))
                .find_map(|t| locate(t).map(|p| (t, p)))
        });
        diagnostic = match found {
            Some((t, p)) => {
                at_end = p.line > t.text.trim_end().lines().count();
                // The parser reached the end still inside a tag's body:
                // point at the tag left open, not at the end of the file.
                match unclosed_tag(&t.text).filter(|_| at_end && all.contains(" --> ")) {
                    Some((tag, at)) => {
                        return Diagnostic::error(format!(
                            "syntax error in template `{}`: `{{% {tag} %}}` is never closed",
                            t.name
                        ))
                        .at(&t.file, at)
                        .with_label(format!(
                            "opened here; the file ends before its `{{% end{tag} %}}`"
                        ))
                        .with_help(format!("add `{{% end{tag} %}}` where its body ends"));
                    }
                    None => diagnostic.at(&t.file, p),
                }
            }
            None => diagnostic.in_file(&template.file),
        };
    }
    let help = if at_end && all.contains(" --> ") {
        "a tag is never closed: check that every `{% if %}`, `{% for %}`, `{% block %}` \
         and `{% macro %}` has its `{% end… %}`"
    } else if all.contains("not found in context") {
        "check the name against docs/templates.md, or guard it with `{% if … is defined %}`"
    } else if all.contains("Filter") && all.contains("not found") {
        "see docs/templates.md for the filters glossator provides"
    } else if all.contains("`date` filter") {
        "see docs/templates.md for the `date` filter and its formats"
    } else if all.contains("Function") && all.contains("not found") {
        "see docs/templates.md for the functions glossator provides"
    } else if all.contains("doesn't exist or isn't loaded")
        || all.contains("Template '") && all.contains("not found")
    {
        "add the missing template to templates/ or to the theme"
    } else {
        "see https://keats.github.io/tera/docs/ for Tera's syntax"
    };
    diagnostic.with_help(help)
}

/// The most precise message of the chain, without Tera's location noise.
fn summary(messages: &[String]) -> String {
    let last = messages
        .last()
        .map(String::as_str)
        .unwrap_or("template error");
    if last.contains(" --> ") {
        // A pest parse error: keep its final "expected …" line.
        let expected = last
            .lines()
            .rev()
            .find(|l| l.trim_start().starts_with('='))
            .map(|l| l.trim_start_matches([' ', '=']).trim());
        let name = messages
            .iter()
            .find_map(|m| quoted_after(m, "Failed to parse '"));
        return match (name, expected) {
            (Some(n), Some(e)) => format!("syntax error in template `{n}`: {e}"),
            (None, Some(e)) => format!("syntax error in a template: {e}"),
            _ => "syntax error in a template".into(),
        };
    }
    // A missing include is "Template '[a.html, b.html]' not found": say
    // it as a person would.
    let missing = quoted_after(last, "Template '[")
        .filter(|_| last.trim_end().ends_with("not found"))
        .map(|names| {
            let names: Vec<String> = names
                .trim_end_matches(']')
                .split(',')
                .map(|n| format!("`{}`", n.trim()))
                .collect();
            format!("the included template {} is not found", names.join(" or "))
        });
    let last = missing.as_deref().unwrap_or(last).trim();
    let first = messages.first().map(String::as_str).unwrap_or("");
    if let Some(name) = quoted_after(first, "Failed to render '") {
        return format!("cannot render template `{name}`: {last}");
    }
    last.to_string()
}

fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let start = text.find(prefix)? + prefix.len();
    let end = text[start..].find('\'')?;
    Some(&text[start..start + end])
}

/// ` --> 3:7` in a pest error.
fn parser_position(text: &str) -> Option<(usize, usize)> {
    let start = text.find(" --> ")? + 5;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// The innermost block tag of a template that is never closed, with where
/// it opens: `for`, `if`, `block`, `macro`, `filter` or `raw`.
fn unclosed_tag(text: &str) -> Option<(&'static str, Position)> {
    const TAGS: [&str; 6] = ["for", "if", "block", "macro", "filter", "raw"];
    let mut open: Vec<(&'static str, usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("{%").map(|i| at + i) {
        let end = text[i..].find("%}").map_or(text.len(), |e| i + e + 2);
        let inner = text[i + 2..end.saturating_sub(2).max(i + 2)]
            .trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner.split_whitespace().next().unwrap_or("");
        let in_raw = open.last().is_some_and(|(tag, _, _)| *tag == "raw");
        if let Some(tag) = word
            .strip_prefix("end")
            .and_then(|w| TAGS.iter().find(|t| **t == w))
        {
            if open.last().is_some_and(|(t, _, _)| t == tag) {
                open.pop();
            }
        } else if let Some(tag) = TAGS.iter().find(|t| **t == word).filter(|_| !in_raw) {
            // `{% set x = … %}` and `{% if %}` inside `{% raw %}` are text.
            open.push((tag, i, end - i));
        }
        at = end;
    }
    open.last()
        .map(|&(tag, start, len)| (tag, Position::at(text, start, len)))
}

/// The variable, filter, function or template a render error names.
fn named_thing(text: &str) -> Option<String> {
    let start = text.find('`')? + 1;
    let end = text[start..].find('`')?;
    let thing = &text[start..start + end];
    (!thing.is_empty()).then(|| thing.to_string())
}

/// The first place `thing` is used inside a `{{ }}` or `{% %}` tag.
fn find_in(text: &str, thing: &str) -> Option<Position> {
    let mut from = 0;
    while let Some(i) = text[from..].find(thing) {
        let at = from + i;
        let before = text[..at].rfind(['{', '}']).map(|j| text.as_bytes()[j]);
        if before == Some(b'{') {
            return Some(Position::at(text, at, thing.len()));
        }
        from = at + thing.len();
    }
    None
}

#[cfg(test)]
mod tests;
