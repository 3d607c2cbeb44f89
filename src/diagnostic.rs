//! Diagnostics: what a build tells its user about their input.
//!
//! Broken input is data, not an exception: every stage collects
//! [`Diagnostic`]s and goes on, so one run reports every problem it can find.
//! A diagnostic carries its own copy of the offending source line, so it can be
//! printed long after the file text is gone, and rendered in the style of
//! rustc by [`report`] (annotate-snippets, the library rustc and cargo use).

use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use rayon::prelude::*;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on, unless `--deny-warnings` is given.
    Warning,
}

/// Where a diagnostic points: a file, and optionally a line and column in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, relative to the site root when it is inside it.
    pub file: PathBuf,
    /// The line and column, when known.
    pub position: Option<Position>,
}

/// A position inside a file, with the text of its line for display.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The whole line the position is on, without its line ending.
    pub line_text: String,
    /// Byte offset of the position inside `line_text`.
    pub byte_in_line: usize,
    /// Length in bytes of the underlined text (at least one character is marked).
    pub len: usize,
}

impl Position {
    /// The position of byte `offset` in `text`, underlining `len` bytes.
    ///
    /// Offsets past the end or inside a character are clamped to a valid
    /// character boundary, so a slightly wrong offset never panics.
    pub fn at(text: &str, offset: usize, len: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..line_start].bytes().filter(|&b| b == b'\n').count() + 1;
        Position::in_line(text, (line_start, line), offset, len)
    }

    /// The position of byte `offset` (a character boundary) of `text`, on
    /// line number `line` starting at byte `line_start`.
    fn in_line(
        text: &str,
        (line_start, line): (usize, usize),
        offset: usize,
        len: usize,
    ) -> Position {
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let mut line_text = &text[line_start..line_end];
        if let Some(stripped) = line_text.strip_suffix('\r') {
            line_text = stripped;
        }
        let byte_in_line = (offset - line_start).min(line_text.len());
        let column = line_text[..byte_in_line].chars().count() + 1;
        let len = len.min(line_text.len() - byte_in_line);
        Position {
            line,
            column,
            line_text: line_text.to_string(),
            byte_in_line,
            len,
        }
    }

    /// The position of 1-based `line` and `column` (in characters) in `text`.
    pub fn at_line_col(text: &str, line: usize, column: usize) -> Position {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let rest = &text[line_start.min(text.len())..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let in_line: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        Position::at(text, line_start + in_line, 1)
    }
}

/// `offset`, clamped to `text` and moved back to a character boundary, so
/// a slightly wrong offset never panics.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where the lines of a text start: places many offsets of a long text
/// (a source file of thousands of entries) without reading it from its
/// start for each, as [`Position::at`] does.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// The lines of `text`.
    pub fn new(text: &'t str) -> Lines<'t> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// [`Position::at`] of byte `offset`, underlining `len` bytes.
    pub fn position(&self, offset: usize, len: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        Position::in_line(self.text, (self.starts[line - 1], line), offset, len)
    }
}

/// One message about the user's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence without a final period.
    pub message: String,
    /// Where, when it can be told (boxed: diagnostics travel in `Result`s).
    pub location: Option<Box<Location>>,
    /// A label shown under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Further facts, such as the other file of a duplicate.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new error with no location.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message)
    }

    /// A new warning with no location.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            location: None,
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Points the diagnostic at a whole file.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.location = Some(Box::new(Location {
            file: file.into(),
            position: None,
        }));
        self
    }

    /// Points the diagnostic at a position in a file.
    pub fn at(mut self, file: impl Into<PathBuf>, position: Position) -> Diagnostic {
        self.location = Some(Box::new(Location {
            file: file.into(),
            position: Some(position),
        }));
        self
    }

    /// Points the diagnostic at byte `offset` of `text`, the contents of `file`.
    pub fn at_offset(self, file: &Path, text: &str, offset: usize, len: usize) -> Diagnostic {
        self.at(file, Position::at(text, offset, len))
    }

    /// Adds a label under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a `note:` line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file this diagnostic points at, if any.
    pub fn file(&self) -> Option<&Path> {
        self.location.as_ref().map(|l| l.file.as_path())
    }

    /// The line and column this diagnostic points at, if any.
    pub fn position(&self) -> Option<&Position> {
        self.location.as_ref().and_then(|l| l.position.as_ref())
    }

    /// Sort key that lists diagnostics by file, then line, then column.
    fn sort_key(&self) -> (Option<&Path>, usize, usize, &str) {
        let (line, column) = self.position().map_or((0, 0), |p| (p.line, p.column));
        (self.file(), line, column, &self.message)
    }
}

/// Sorts diagnostics by file and position and drops exact repeats, so output
/// is the same whatever order parallel stages found them in.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// The text of diagnostics as rustc writes them, with ANSI colours when
/// `color`: what the commands print.
pub fn report(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Drawn on every thread: a dense site may warn a thousand times, and
    // the report is the last thing a build does, on one thread.
    let drawn: Vec<String> = diagnostics
        .par_iter()
        .map(|diagnostic| format!("{}\n\n", renderer.render(&snippet(diagnostic))))
        .collect();
    drawn.concat()
}

/// One diagnostic as annotate-snippets draws it.
fn snippet(diagnostic: &Diagnostic) -> Vec<Group<'_>> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group_elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
    if let Some(location) = &diagnostic.location {
        let path = location.file.to_string_lossy();
        match &location.position {
            Some(position) => {
                let (start, end) =
                    caret_range(&position.line_text, position.byte_in_line, position.len);
                let mut annotation = AnnotationKind::Primary.span(start..end);
                if let Some(label) = &diagnostic.label {
                    annotation = annotation.label(label.as_str());
                }
                group_elements.push(
                    Snippet::source(position.line_text.as_str())
                        .line_start(position.line)
                        .path(path)
                        .annotation(annotation)
                        .into(),
                );
            }
            None => group_elements.push(Origin::path(path).into()),
        }
    }
    for note in &diagnostic.notes {
        group_elements.push(Level::NOTE.message(note.as_str()).into());
    }
    if let Some(help) = &diagnostic.help {
        group_elements.push(Level::HELP.message(help.as_str()).into());
    }
    vec![
        level
            .primary_title(diagnostic.message.as_str())
            .elements(group_elements),
    ]
}

/// The byte range to underline: at least one character, on character
/// boundaries, within the line.
fn caret_range(line: &str, start: usize, len: usize) -> (usize, usize) {
    let mut start = start.min(line.len());
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    if end == start {
        end = line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    (start, end)
}

/// The candidate closest to `wanted`, if one is close enough to be a typo:
/// the "did you mean" of every diagnostic. Similarity is an edit distance
/// (transpositions count once), normalised, at least 0.6; of equally close
/// candidates the first in sort order wins, so the help never depends on
/// the order they come in.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(wanted, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters() {
        let text = "first\nsé cond\r\nthird";
        let p = Position::at(text, text.find("cond").unwrap(), 4);
        assert_eq!((p.line, p.column), (2, 4));
        assert_eq!(p.line_text, "sé cond");
        assert_eq!(&p.line_text[p.byte_in_line..p.byte_in_line + p.len], "cond");
    }

    #[test]
    fn lines_place_every_offset_as_position_at_does() {
        for text in ["", "\n", "first\nsé cond\r\nthird", "a\n\nb\n", "é\nü"] {
            let lines = Lines::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    lines.position(offset, 3),
                    Position::at(text, offset, 3),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn position_clamps_bad_offsets() {
        let text = "é";
        let p = Position::at(text, 1, 10);
        assert_eq!((p.line, p.column), (1, 1));
        let p = Position::at(text, 99, 1);
        assert_eq!(p.column, 2);
    }

    #[test]
    fn line_col_round_trips() {
        let text = "a\nbcé d\ne";
        let p = Position::at_line_col(text, 2, 5);
        assert_eq!((p.line, p.column), (2, 5));
        assert_eq!(&p.line_text[p.byte_in_line..], "d");
    }

    #[test]
    fn carets_never_split_a_character() {
        assert_eq!(caret_range("Été", 0, 1), (0, 2));
        assert_eq!(caret_range("aé", 1, 0), (1, 3));
        assert_eq!(caret_range("ab", 2, 1), (2, 2));
        let d = Diagnostic::error("x").at("a.md", Position::at("Été sans", 0, 1));
        assert!(report(&[d], false).contains("Été sans"));
    }

    #[test]
    fn renders_like_rustc() {
        let text = "+++\ntitle = 5\n+++\n";
        let d = Diagnostic::error("wrong type for `title`")
            .at_offset(Path::new("content/a.md"), text, 12, 1)
            .with_label("expected a string")
            .with_help("write the title in quotes");
        let out = report(&[d], false);
        assert!(out.starts_with("error: wrong type for `title`"), "{out}");
        assert!(out.contains("--> content/a.md:2:9"), "{out}");
        assert!(out.contains("title = 5"), "{out}");
        assert!(out.contains("^ expected a string"), "{out}");
        assert!(out.contains("help: write the title in quotes"), "{out}");
    }
}
