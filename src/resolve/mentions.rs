//! Finding glossary names in prose: the automatic-mention matcher.
//!
//! Every title and alias (and, with `plurals`, their regular English
//! plurals) is looked for at once, so a text is read once whatever the
//! size of the glossary: in a large glossary, a word at a time for names
//! and texts in ASCII (nearly all); by Aho-Corasick automata for the rest
//! and for a small glossary. The text is *folded*: lower case, curly
//! quotes and apostrophes made straight, every run of white space made one
//! space — so "Member States’", "member\nstates'" and "Member States'"
//! look alike. Of the names found, those that are not whole words or not
//! in the right case are dropped, and the leftmost-longest of the rest
//! win: a longest match that fails the word check must not hide a shorter
//! valid one behind it.
//!
//! What a word is follows the script (SPEC §9): an apostrophe ends a word,
//! so an elided article never hides a name (`l’Assemblée générale`,
//! `dell’Ufficio`); a name in Arabic letters may follow a joined `و`, `ف`,
//! `ب`, `ل` or `ك` (`والأمم المتحدة`); a name in a script written without
//! spaces (Chinese, Japanese, Thai, …) matches wherever it stands. Texts
//! and names are compared canonically decomposed (NFD), so "António" typed
//! with a combining accent is "António". Plurals follow the language
//! ([`Plurals`]).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unicode_normalization::char::decompose_canonical;

use crate::resolve::markdown::words::is_ascii_space;
use crate::site::{Entry, EntryId, Page};

mod words;
use words::{SEVERAL, Words, word_end};

/// A name to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The entry it names.
    pub entry: EntryId,
    /// The name as written in the entry.
    pub text: String,
    /// Whether the case must match as written.
    pub case_sensitive: bool,
}

/// A name found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// The entry named.
    pub entry: EntryId,
    /// True when found through a plural form.
    pub plural: bool,
    /// Which name or form: [`Matcher::written`] gives it as written.
    pub pattern: u32,
}

#[derive(Clone, Debug)]
struct Pattern {
    entry: EntryId,
    /// For case-sensitive names: the name folded for quotes and spaces only.
    exact: Option<String>,
    /// The pattern starts and ends with a word character.
    word_start: bool,
    word_end: bool,
    /// It begins with an Arabic letter: joined proclitics may come before.
    arabic: bool,
    plural: bool,
    /// The name or form as written in the entry, shared by the mentions
    /// written the same (most of a site's million): one string, not one
    /// each.
    written: std::sync::Arc<str>,
}

/// The most names (and plural forms) for which the leftmost automaton is a
/// DFA: 25,000 take about 11 MB.
const DFA_NAMES: usize = 25_000;

/// The fewest names (and forms) read a word at a time. Below, the DFA's
/// table (about 450 bytes a name) stays in the cache and reads faster than
/// the tree: resolving 3,000 pages with 330 names took longer by the tree,
/// with 3,300 names less (docs/benchmarks.md, nineteenth pass).
const WORDS_FROM: usize = 1_500;

/// Finds glossary names in texts; built once per build.
///
/// In a large glossary nearly every name is ASCII letters and digits in
/// words, and nearly every text is ASCII: those are read a word at a time
/// ([`Words`]). The rest, and every text of a small glossary, go to two
/// automata over every name, made when first needed: a leftmost-longest
/// one, enough when every match it reports passes the word and case checks
/// (nearly always in prose), and an overlapping one for the texts where a
/// match fails them.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    /// The tree of words, for [`WORDS_FROM`] names or more.
    words: Option<Words>,
    /// Every name and form folded, in the order of `patterns`: what the
    /// automata are made of.
    keys: Vec<String>,
    leftmost: OnceLock<Option<AhoCorasick>>,
    overlapping: OnceLock<Option<AhoCorasick>>,
    patterns: Vec<Pattern>,
}

/// Whether a name is written in capitals only (`UN`, `ICT`, `G7`): such
/// names are case-sensitive unless the entry says otherwise, and get no plural.
pub fn is_all_capitals(name: &str) -> bool {
    name.chars().any(char::is_alphabetic)
        && name
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Which plurals of names count as mentions: the regular ones of the
/// site's language, where glossator knows them; elsewhere the entries'
/// aliases say the plural forms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Plurals {
    /// None: `[glossary] plurals = false`, or a language without rules.
    #[default]
    None,
    /// English: [`plurals`].
    English,
    /// French: [`plurals_fr`].
    French,
}

impl Plurals {
    /// The plurals of a site in `language` (a BCP 47 tag), when `enabled`.
    pub fn of(language: &str, enabled: bool) -> Plurals {
        match crate::config::primary_language(language) {
            _ if !enabled => Plurals::None,
            "en" => Plurals::English,
            "fr" => Plurals::French,
            _ => Plurals::None,
        }
    }

    /// The plural forms of `name` (none for a name in capitals).
    pub fn forms(self, name: &str) -> Vec<String> {
        if is_all_capitals(name) {
            return Vec::new();
        }
        match self {
            Plurals::None => Vec::new(),
            Plurals::English => plurals(name),
            Plurals::French => plurals_fr(name),
        }
    }
}

/// The regular English plurals of a name, on its last word: `-s`, `-es`
/// after s/x/z/ch/sh, `-ies` for a consonant then `y`.
pub fn plurals(name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let Some(last) = name.chars().last().filter(|c| c.is_alphabetic()) else {
        return Vec::new();
    };
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        return vec![format!("{name}es")];
    }
    if last.eq_ignore_ascii_case(&'y') {
        let before = lower.chars().rev().nth(1);
        if before.is_some_and(|c| c.is_alphabetic() && !"aeiou".contains(c)) {
            let stem = &name[..name.len() - last.len_utf8()];
            let ies = if last.is_uppercase() { "IES" } else { "ies" };
            return vec![format!("{stem}{ies}")];
        }
    }
    let s = if last.is_uppercase() { "S" } else { "s" };
    vec![format!("{name}{s}")]
}

/// The regular French plural of a name: the words before its first
/// preposition, article or conjunction (the noun and its adjectives:
/// "Assemblée générale" → "Assemblées générales", "Convention contre la
/// cybercriminalité" → "Conventions contre la cybercriminalité") take `-x`
/// after `-au` and `-eu`, `-s` otherwise, and stay as they are when they
/// end in `-s`, `-x` or `-z`. Irregular plurals (`journal` → `journaux`)
/// are the entries' aliases.
pub fn plurals_fr(name: &str) -> Vec<String> {
    const STOP: [&str; 22] = [
        "de",
        "du",
        "des",
        "d'",
        "d\u{2019}",
        "la",
        "le",
        "les",
        "l'",
        "l\u{2019}",
        "contre",
        "et",
        "à",
        "au",
        "aux",
        "en",
        "pour",
        "sur",
        "sans",
        "par",
        "avec",
        "entre",
    ];
    let mut out = String::with_capacity(name.len() + 4);
    let mut head = true;
    let mut changed = false;
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        let elided = |s: &str| s.ends_with(['\'', '\u{2019}']);
        if STOP
            .iter()
            .any(|s| lower == *s || (elided(s) && lower.starts_with(s)))
        {
            head = false;
        }
        let last = word.chars().last();
        let pluralize = head && last.is_some_and(char::is_alphabetic);
        out.push_str(word);
        if pluralize && !lower.ends_with(['s', 'x', 'z']) {
            let upper = last.is_some_and(char::is_uppercase);
            let suffix = match (lower.ends_with("au") || lower.ends_with("eu"), upper) {
                (true, false) => "x",
                (true, true) => "X",
                (false, false) => "s",
                (false, true) => "S",
            };
            out.push_str(suffix);
            changed = true;
        }
    }
    if changed { vec![out] } else { Vec::new() }
}

/// A straight quote for a curly one (or a prime), single or double: the
/// one rule by which typography never hides a name or a passage.
pub fn straight_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        c => c,
    }
}

/// Folds one character: straight quotes for curly ones, lower case when
/// `lower` and the lower case is one character.
fn fold_char(c: char, lower: bool) -> char {
    let c = straight_quote(c);
    if lower && !c.is_lowercase() {
        let mut lowered = c.to_lowercase();
        if let (Some(l), None) = (lowered.next(), lowered.next()) {
            return l;
        }
    }
    c
}

/// A folded text and where its bytes came from.
struct Folded {
    text: String,
    /// For every byte of `text`, the offset in the original it came from
    /// (plus one entry for the end); `None` when that is the same offset.
    origin: Option<Vec<usize>>,
}

impl Folded {
    fn origin(&self, i: usize) -> usize {
        self.origin.as_ref().map_or(i, |o| o[i])
    }
}

/// Whether `text` folded is `text` in lower case: ASCII, no control
/// character, no two spaces in a row (most runs of prose). Each test is
/// one pass that reads many bytes a step.
fn lower_case_is_folded(text: &str) -> bool {
    text.is_ascii() && !text.bytes().any(|b| b < 0x20) && !text.contains("  ")
}

/// Folds `text` for matching. Prose is mostly ASCII with single spaces: that
/// case needs no offset table. (One loop testing each byte for all three
/// at once measured the same: docs/benchmarks.md, thirteenth pass.)
fn fold_text(text: &str) -> Folded {
    // Most runs; a `str` copied lower case needs no check that it is UTF-8.
    if lower_case_is_folded(text) {
        return Folded {
            text: text.to_ascii_lowercase(),
            origin: None,
        };
    }
    let collapses = text
        .as_bytes()
        .windows(2)
        .any(|w| is_ascii_space(w[0]) && is_ascii_space(w[1]));
    if text.is_ascii() && !collapses {
        let mut bytes = text.as_bytes().to_ascii_lowercase();
        for b in bytes.iter_mut().filter(|b| is_ascii_space(**b)) {
            *b = b' ';
        }
        // ASCII in, ASCII out: always valid UTF-8.
        let folded = String::from_utf8(bytes).unwrap_or_default();
        return Folded {
            text: folded,
            origin: None,
        };
    }
    let (text, origin) = fold(text, true);
    Folded {
        text,
        origin: Some(origin),
    }
}

/// A folded copy of `text` and, for every byte of it, the offset in `text`
/// it came from (plus one entry for the end).
fn fold(text: &str, lower: bool) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                folded.push(' ');
                origin.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let before = folded.len();
        decompose_canonical(fold_char(c, lower), |d| folded.push(d));
        origin.extend(std::iter::repeat_n(i, folded.len() - before));
    }
    origin.push(text.len());
    (folded, origin)
}

fn fold_name(name: &str, lower: bool) -> String {
    fold(name.trim(), lower).0
}

/// Letters, digits and combining marks (so a name never ends inside a
/// decomposed "é"); an apostrophe is not a word character, which makes a
/// possessive ("the Convention's") a mention.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// A letter of a script written without spaces between words: Chinese
/// (Han), Japanese (Han, kana), Thai, Lao, Khmer, Myanmar. A name that
/// begins or ends with one needs no word boundary there.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}' // Katakana extensions
        | '\u{3400}'..='\u{4DBF}' // Han extension A
        | '\u{4E00}'..='\u{9FFF}' // Han
        | '\u{F900}'..='\u{FAFF}' // Han compatibility
        | '\u{20000}'..='\u{3134F}' // Han extensions B–G
    )
}

/// Whether `c` joins the letters beside it into one word: a word character
/// of a script written with spaces. A letter of a script without them ends
/// a word of another ("とUN"), and a name that begins or ends with one needs
/// no boundary there.
fn joins_words(c: char) -> bool {
    is_word_char(c) && !is_unspaced(c)
}

/// A letter of the Arabic script.
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

/// The Arabic letters that join the word after them: و (and), ف (so),
/// ب (with), ل (for), ك (as).
const PROCLITICS: [char; 5] = ['\u{0648}', '\u{0641}', '\u{0628}', '\u{0644}', '\u{0643}'];

/// Whether `before` (the text before a name in Arabic letters) ends with
/// one or two joined proclitics that begin a word: `و`, `وب`, `فل`, …
fn ends_with_proclitics(before: &str, edge: Option<char>) -> bool {
    let mut chars = before.chars().rev();
    let mut count = 0;
    loop {
        match chars.next() {
            Some(c) if count < 2 && PROCLITICS.contains(&c) => count += 1,
            Some(c) => return count > 0 && !is_word_char(c),
            None => return count > 0 && !edge.is_some_and(is_word_char),
        }
    }
}

/// The matcher of every entry's title and aliases, for entries that allow
/// automatic mentions. Case-sensitivity: the entry's `case_sensitive`, else
/// true for a name in capitals only.
pub fn matcher_of(entries: &[Entry], pages: &[Page], plurals: Plurals) -> Matcher {
    let mut names = Vec::new();
    let mut own = OwnPlurals::default();
    for (i, entry) in entries.iter().enumerate().filter(|(_, t)| t.autolink) {
        if let Some(forms) = &entry.plurals {
            own.entries.insert(EntryId(i as u32));
            for form in forms {
                // An acronym's plural (`MPAs`) keeps its letter case, as
                // the acronym does.
                let singular = form.trim().trim_end_matches(['s', 'S']);
                own.forms.push(Name {
                    entry: EntryId(i as u32),
                    text: form.clone(),
                    case_sensitive: entry
                        .case_sensitive
                        .unwrap_or_else(|| is_all_capitals(singular)),
                });
            }
        }
        let title = &pages[entry.page.0 as usize].meta.title;
        for text in std::iter::once(title).chain(&entry.aliases) {
            names.push(Name {
                entry: EntryId(i as u32),
                text: text.clone(),
                case_sensitive: entry
                    .case_sensitive
                    .unwrap_or_else(|| is_all_capitals(text)),
            });
        }
    }
    Matcher::with_plurals(&names, plurals, &own)
}

/// The entries that list their own plural forms (`plurals = [...]`, or
/// `false` for none), and those forms: such an entry's names get no
/// regular plural.
#[derive(Debug, Default)]
pub struct OwnPlurals {
    /// The entries whose names get no regular plural.
    pub entries: std::collections::BTreeSet<EntryId>,
    /// Their plural forms, each matched like a name's regular plural.
    pub forms: Vec<Name>,
}

impl Matcher {
    /// A matcher for `names`, and for the regular `plurals` of names that
    /// are not all capitals.
    pub fn new(names: &[Name], plurals: Plurals) -> Matcher {
        Matcher::with_plurals(names, plurals, &OwnPlurals::default())
    }

    /// [`Matcher::new`], with the plural forms that entries list
    /// themselves in place of their names' regular plurals.
    pub fn with_plurals(names: &[Name], plurals: Plurals, own: &OwnPlurals) -> Matcher {
        Matcher::made(names, plurals, own, WORDS_FROM)
    }

    /// [`Matcher::with_plurals`], reading a word at a time from
    /// `words_from` names and forms.
    fn made(names: &[Name], plurals: Plurals, own: &OwnPlurals, words_from: usize) -> Matcher {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let listed = own.forms.iter().map(|name| (name, true));
        for (name, listed_plural) in names.iter().map(|name| (name, false)).chain(listed) {
            let text = name.text.trim();
            if text.is_empty() {
                continue;
            }
            let mut forms = vec![(text.to_string(), listed_plural)];
            if !listed_plural && !own.entries.contains(&name.entry) {
                forms.extend(plurals.forms(text).into_iter().map(|p| (p, true)));
            }
            for (form, plural) in forms {
                keys.push(fold_name(&form, true));
                patterns.push(Pattern {
                    entry: name.entry,
                    exact: name.case_sensitive.then(|| fold_name(&form, false)),
                    word_start: form.chars().next().is_some_and(joins_words),
                    word_end: form.chars().last().is_some_and(joins_words),
                    arabic: form.chars().next().is_some_and(is_arabic),
                    plural,
                    written: form.as_str().into(),
                });
            }
        }
        // Names before plural forms: on a tie, the leftmost-longest
        // automaton reports the pattern added first.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&i| patterns[i].plural);
        let keys: Vec<String> = order.iter().map(|&i| keys[i].clone()).collect();
        let patterns: Vec<Pattern> = order.iter().map(|&i| patterns[i].clone()).collect();
        Matcher {
            words: (keys.len() >= words_from).then(|| Words::new(&keys, &patterns)),
            keys,
            leftmost: OnceLock::new(),
            overlapping: OnceLock::new(),
            patterns,
        }
    }

    /// The leftmost-longest automaton, made at its first use. It reads
    /// every text that [`Words`] cannot: a DFA reads about twice as fast as
    /// the NFA the crate picks for more than a hundred names, for about 450
    /// bytes a name (4.5 MB for 10,000). Above `DFA_NAMES` the NFA's
    /// smaller table wins.
    fn leftmost(&self) -> Option<&AhoCorasick> {
        let kind = (self.keys.len() <= DFA_NAMES).then_some(AhoCorasickKind::DFA);
        self.leftmost
            .get_or_init(|| self.automaton(MatchKind::LeftmostLongest, kind))
            .as_ref()
    }

    /// The overlapping automaton, made at its first use: it reads only the
    /// few texts where a leftmost match failed.
    fn overlapping(&self) -> Option<&AhoCorasick> {
        self.overlapping
            .get_or_init(|| self.automaton(MatchKind::Standard, None))
            .as_ref()
    }

    fn automaton(
        &self,
        kind: MatchKind,
        automaton: Option<AhoCorasickKind>,
    ) -> Option<AhoCorasick> {
        if self.keys.is_empty() {
            return None;
        }
        AhoCorasick::builder()
            .match_kind(kind)
            .kind(automaton)
            .build(&self.keys)
            .ok()
    }

    /// The name or form that `found` (found by this matcher) matched, as
    /// the entry writes it.
    pub fn written(&self, found: &Found) -> Option<&std::sync::Arc<str>> {
        self.patterns
            .get(found.pattern as usize)
            .map(|p| &p.written)
    }

    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The names in `text`: whole words, leftmost-longest, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Found> {
        self.find_between(None, text, None)
    }

    /// [`Matcher::find`] in a piece of text that a reader sees between the
    /// characters `before` and `after` (`UN**ESCO**`: "UN", then "E"), so
    /// that a name is not found inside a longer word.
    pub fn find_between(
        &self,
        before: Option<char>,
        text: &str,
        after: Option<char>,
    ) -> Vec<Found> {
        if self.keys.is_empty() {
            return Vec::new();
        }
        self.find_words(before, text, after)
            .unwrap_or_else(|| self.find_by_automata(before, text, after))
    }

    /// [`Matcher::find_between`] a word at a time, when `text` is ASCII
    /// and [`Words`] holds every name that may be in it; `None` when the
    /// automata must decide. Both find the same names: the leftmost-longest
    /// of those that are whole words in the right case.
    fn find_words(
        &self,
        before: Option<char>,
        text: &str,
        after: Option<char>,
    ) -> Option<Vec<Found>> {
        let words = self.words.as_ref()?;
        if !words.holds_every_name_in(text) {
            return None;
        }
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(offset) = bytes[at..].iter().position(u8::is_ascii_alphanumeric) {
            let start = at + offset;
            let first = word_end(bytes, start);
            at = first;
            if start == 0 && before.is_some_and(joins_words) {
                continue;
            }
            let Some((end, pattern)) = words.longest_at(bytes, start, first, after) else {
                continue;
            };
            if pattern == SEVERAL {
                return None;
            }
            // A name in capitals written otherwise: a shorter name may be
            // meant, which the automata find.
            found.push(self.check_at(text, (before, after), start, end, pattern as usize)?);
            at = end;
        }
        Some(found)
    }

    /// [`Matcher::find_between`] with the automata: any text, any name.
    fn find_by_automata(
        &self,
        before: Option<char>,
        text: &str,
        after: Option<char>,
    ) -> Vec<Found> {
        let Some(leftmost) = self.leftmost() else {
            return Vec::new();
        };
        let folded = fold_text(text);
        let edges = (before, after);
        // The fast way: leftmost-longest matches, if every one is valid.
        let mut found = Vec::new();
        let mut all_valid = true;
        for m in leftmost.find_iter(&folded.text) {
            match self.check(text, edges, &folded, m) {
                Some(f) => found.push(f),
                None => {
                    all_valid = false;
                    break;
                }
            }
        }
        if all_valid {
            return found;
        }
        // A match failed: a shorter or later one may hide behind it, so
        // take every candidate and choose among the valid ones.
        let Some(overlapping) = self.overlapping() else {
            return Vec::new();
        };
        let mut candidates: Vec<Found> = overlapping
            .find_overlapping_iter(&folded.text)
            .filter_map(|m| self.check(text, edges, &folded, m))
            .collect();
        // Leftmost first, then longest, then a name before a plural form.
        candidates.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end), f.plural, f.entry));
        found.clear();
        for candidate in candidates {
            if found.last().is_none_or(|last| candidate.start >= last.end) {
                found.push(candidate);
            }
        }
        found
    }
}

impl Matcher {
    /// The match as a [`Found`], if it is whole words in the right case.
    fn check(
        &self,
        text: &str,
        edges: (Option<char>, Option<char>),
        folded: &Folded,
        m: aho_corasick::Match,
    ) -> Option<Found> {
        let (start, end) = (folded.origin(m.start()), folded.origin(m.end()));
        let end = trim_trailing_space(text, start, end);
        self.check_at(text, edges, start, end, m.pattern().as_usize())
    }

    /// Pattern `index` found at `start..end` of `text`, as a [`Found`], if
    /// it is whole words in the right case.
    fn check_at(
        &self,
        text: &str,
        (before, after): (Option<char>, Option<char>),
        start: usize,
        end: usize,
        index: usize,
    ) -> Option<Found> {
        let pattern = &self.patterns[index];
        let previous = text[..start].chars().next_back().or(before);
        if pattern.word_start
            && previous.is_some_and(joins_words)
            && !(pattern.arabic && ends_with_proclitics(&text[..start], before))
        {
            return None;
        }
        let next = text[end..].chars().next().or(after);
        if pattern.word_end && next.is_some_and(joins_words) {
            return None;
        }
        if let Some(exact) = &pattern.exact
            && fold(&text[start..end], false).0 != *exact
        {
            return None;
        }
        Some(Found {
            start,
            end,
            entry: pattern.entry,
            plural: pattern.plural,
            pattern: index as u32,
        })
    }
}

/// `origin` maps a folded end to the start of the next original character;
/// when the folded match ended with a collapsed space run, that can reach
/// past white space. Never happens for trimmed names, but stay safe.
fn trim_trailing_space(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests;
