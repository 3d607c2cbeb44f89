//! The matcher by example, and against a naive reference on random texts.

use super::*;
use proptest::prelude::*;

fn name(entry: u32, text: &str) -> Name {
    Name {
        entry: EntryId(entry),
        text: text.into(),
        case_sensitive: is_all_capitals(text),
    }
}

fn found(matcher: &Matcher, text: &str) -> Vec<(String, u32)> {
    matcher
        .find(text)
        .into_iter()
        .map(|f| (text[f.start..f.end].to_string(), f.entry.0))
        .collect()
}

#[test]
fn longest_name_wins() {
    let m = Matcher::new(
        &[name(0, "Convention"), name(1, "Cybercrime Convention")],
        Plurals::English,
    );
    assert_eq!(
        found(&m, "The Cybercrime Convention and the Convention."),
        [
            ("Cybercrime Convention".into(), 1),
            ("Convention".into(), 0)
        ]
    );
}

#[test]
fn whole_words_only_and_possessives_count() {
    let m = Matcher::new(&[name(0, "UN"), name(1, "Convention")], Plurals::English);
    assert_eq!(
        found(&m, "UNODC runs the UN’s Conventional work"),
        [("UN".into(), 0)]
    );
    assert_eq!(
        found(&m, "the Convention's aims"),
        [("Convention".into(), 1)]
    );
}

#[test]
fn capitals_are_case_sensitive_others_not() {
    let m = Matcher::new(
        &[name(0, "UN"), name(1, "General Assembly")],
        Plurals::English,
    );
    assert_eq!(
        found(&m, "un general assembly UN"),
        [("general assembly".into(), 1), ("UN".into(), 0)]
    );
}

#[test]
fn a_combining_mark_continues_the_word() {
    let m = Matcher::new(&[name(0, "Cafe")], Plurals::None);
    assert_eq!(found(&m, "Cafe\u{301} and Cafe."), [("Cafe".into(), 0)]);
    assert_eq!(m.find("Cafe\u{301} and Cafe.")[0].start, 11);
}

#[test]
fn plurals_follow_english_rules() {
    assert_eq!(plurals("Convention"), ["Conventions"]);
    assert_eq!(plurals("Process"), ["Processes"]);
    assert_eq!(plurals("State Party"), ["State Parties"]);
    assert_eq!(plurals("Day"), ["Days"]);
    let m = Matcher::new(&[name(0, "State Party"), name(1, "ICT")], Plurals::English);
    assert_eq!(
        found(&m, "States Parties, State Parties, ICTs"),
        [("State Parties".into(), 0)]
    );
    let m = Matcher::new(&[name(0, "Member State")], Plurals::None);
    assert_eq!(found(&m, "Member States"), []);
}

#[test]
fn quotes_and_line_breaks_do_not_hide_names() {
    let m = Matcher::new(
        &[name(0, "Côte d'Ivoire"), name(1, "Member States")],
        Plurals::English,
    );
    assert_eq!(
        found(&m, "Côte d’Ivoire and Member\n  States"),
        [("Côte d’Ivoire".into(), 0), ("Member\n  States".into(), 1)]
    );
}

#[test]
fn a_longer_invalid_match_does_not_hide_a_shorter_one() {
    // "UN Office" matches case-insensitively but must not hide "UN".
    let m = Matcher::new(
        &[name(0, "UN"), name(1, "un office on drugs")],
        Plurals::English,
    );
    let n = Matcher::new(&[name(0, "UN"), name(1, "UN Officers")], Plurals::English);
    assert_eq!(found(&m, "the UN Office"), [("UN".into(), 0)]);
    assert_eq!(found(&n, "the UN Officer"), [("UN".into(), 0)]);
}

/// Each word followed by its separator.
fn joined(words: &[&str], seps: &[&str]) -> String {
    words.iter().zip(seps).flat_map(|(w, s)| [*w, *s]).collect()
}

/// A name for each pick (its text, whether its case counts), `per_entry`
/// names to an entry.
fn names_of(picks: &[(&str, bool)], per_entry: u32) -> Vec<Name> {
    let name = |(i, &(text, case_sensitive)): (usize, &(&str, bool))| Name {
        entry: EntryId(i as u32 / per_entry),
        text: text.to_string(),
        case_sensitive,
    };
    picks.iter().enumerate().map(name).collect()
}

/// The reference: try every name at every word start, longest first.
fn naive(names: &[Name], text: &str) -> Vec<(usize, usize, u32)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = chars[i].0;
        let prev_word = i > 0 && is_word_char(chars[i - 1].1);
        let mut best: Option<(usize, u32)> = None;
        if !prev_word {
            for n in names {
                for form in std::iter::once(n.text.clone()) {
                    let nf = fold_name(&form, !n.case_sensitive);
                    // Compare char by char, folding the text the same way.
                    let mut j = i;
                    let mut k = 0;
                    let nchars: Vec<char> = nf.chars().collect();
                    while k < nchars.len() && j < chars.len() {
                        let c = chars[j].1;
                        if c.is_whitespace() {
                            if nchars[k] != ' ' {
                                break;
                            }
                            while j < chars.len() && chars[j].1.is_whitespace() {
                                j += 1;
                            }
                            k += 1;
                            continue;
                        }
                        if fold_char(c, !n.case_sensitive) != nchars[k] {
                            break;
                        }
                        j += 1;
                        k += 1;
                    }
                    let end = chars.get(j).map_or(text.len(), |c| c.0);
                    let next_word = chars.get(j).is_some_and(|c| is_word_char(c.1));
                    if k == nchars.len() && !next_word && best.is_none_or(|(e, _)| end > e) {
                        best = Some((end, n.entry.0));
                    }
                }
            }
        }
        match best {
            Some((end, entry)) => {
                out.push((start, end, entry));
                while i < chars.len() && chars[i].0 < end {
                    i += 1;
                }
            }
            None => i += 1,
        }
    }
    out
}

proptest! {
    #[test]
    fn matcher_agrees_with_the_naive_reference(
        words in prop::collection::vec(prop::sample::select(vec!["un", "UN", "state", "State", "party", "parties", "d’x", "d'x", "treaty", "Treaty", "x", "ab", "abc"]), 0..30),
        seps in prop::collection::vec(prop::sample::select(vec![" ", "  ", "\n", ", ", "-", "", "'s "]), 30),
        picks in prop::collection::vec((prop::sample::select(vec!["UN", "state", "State party", "d'x treaty", "ab", "abc", "x ab", "Treaty"]), any::<bool>()), 1..6),
    ) {
        let text = joined(&words, &seps);
        let names = names_of(&picks, 1);
        let matcher = Matcher::new(&names, Plurals::None);
        let got: Vec<(usize, usize)> = matcher.find(&text).into_iter().map(|f| (f.start, f.end)).collect();
        let want: Vec<(usize, usize)> = naive(&names, &text).into_iter().map(|(s, e, _)| (s, e)).collect();
        prop_assert_eq!(got, want, "text {:?}", text);
    }
}

proptest! {
    /// The fold of ASCII prose folds as [`fold`] does, with every byte
    /// where it was; anything else is handed to [`fold`] whole.
    #[test]
    fn the_ascii_fold_agrees_with_the_full_one(
        text in "[ -~\t\n\r\u{b}\u{c}é’]{0,40}",
    ) {
        let fast = fold_text(&text);
        let (want, origin) = fold(&text, true);
        prop_assert_eq!(&fast.text, &want, "text {:?}", text);
        match &fast.origin {
            None => prop_assert!((0..=want.len()).all(|i| origin[i] == i), "text {:?}", text),
            Some(o) => prop_assert_eq!(o, &origin),
        }
    }
}

#[test]
fn an_elided_article_does_not_hide_a_name() {
    let m = Matcher::new(
        &[name(0, "Assemblée générale"), name(1, "Ufficio")],
        Plurals::French,
    );
    assert_eq!(
        found(
            &m,
            "Le vote de l’Assemblée générale, puis d'Assemblée générale ; dell'Ufficio."
        ),
        [
            ("Assemblée générale".into(), 0),
            ("Assemblée générale".into(), 0),
            ("Ufficio".into(), 1)
        ]
    );
}

#[test]
fn joined_arabic_proclitics_do_not_hide_a_name() {
    let m = Matcher::new(&[name(0, "الأمم المتحدة")], Plurals::None);
    // و (and), ب (with), وب (and with); a letter that is no proclitic, and
    // three proclitics in a row (a word of its own), do hide it.
    let text = "قالت الأمم المتحدة والأمم المتحدة وبالأمم المتحدة";
    assert_eq!(
        found(&m, text),
        [
            ("الأمم المتحدة".into(), 0),
            ("الأمم المتحدة".into(), 0),
            ("الأمم المتحدة".into(), 0),
        ]
    );
    let text = "والأمم المتحدة مالأمم المتحدة وبلالأمم المتحدة";
    assert_eq!(found(&m, text), [("الأمم المتحدة".into(), 0)]);
}

#[test]
fn names_in_chinese_and_japanese_match_without_spaces() {
    let m = Matcher::new(
        &[
            name(0, "联合国"),
            name(1, "サイバー犯罪条約"),
            name(2, "UN"),
        ],
        Plurals::None,
    );
    assert_eq!(
        found(&m, "联合国大会通过了《联合国打击网络犯罪公约》。"),
        [("联合国".into(), 0), ("联合国".into(), 0)]
    );
    assert_eq!(
        found(&m, "国連はサイバー犯罪条約を採択した。UNESCOとUN"),
        [("サイバー犯罪条約".into(), 1), ("UN".into(), 2)]
    );
}

#[test]
fn a_name_typed_decomposed_is_the_same_name() {
    // "António" with a precomposed ó, and with o + a combining acute.
    let precomposed = "Ant\u{f3}nio Guterres";
    let decomposed = "Anto\u{301}nio Guterres";
    for (written, text) in [(precomposed, decomposed), (decomposed, precomposed)] {
        let m = Matcher::new(&[name(0, written)], Plurals::English);
        let said = format!("Secretary-General {text} said.");
        assert_eq!(
            found(&m, &said),
            [(text.to_string(), 0)],
            "{written:?} in {said:?}"
        );
    }
}

#[test]
fn french_plurals_agree_the_noun_and_its_adjectives() {
    let forms = |n: &str| plurals_fr(n);
    assert_eq!(forms("Assemblée générale"), ["Assemblées générales"]);
    assert_eq!(
        forms("Convention contre la cybercriminalité"),
        ["Conventions contre la cybercriminalité"]
    );
    assert_eq!(forms("État partie"), ["États parties"]);
    assert_eq!(forms("bureau"), ["bureaux"]);
    assert_eq!(forms("jeu"), ["jeux"]);
    assert_eq!(forms("Convention d'Abidjan"), ["Conventions d'Abidjan"]);
    assert!(forms("Nations unies").is_empty());
    assert!(forms("prix").is_empty());
    // Capitals get none; English sites keep the English rule.
    assert!(Plurals::French.forms("ONUDC").is_empty());
    assert_eq!(Plurals::of("fr-CA", true), Plurals::French);
    assert_eq!(Plurals::of("en-GB", true), Plurals::English);
    assert_eq!(Plurals::of("ar", true), Plurals::None);
    assert_eq!(Plurals::of("en", false), Plurals::None);
    let m = Matcher::new(&[name(0, "État partie")], Plurals::French);
    assert_eq!(
        found(&m, "Les États parties et l’État partie."),
        [("États parties".into(), 0), ("État partie".into(), 0)]
    );
}

#[test]
fn an_entry_listing_its_plurals_gets_those_in_place_of_the_regular_ones() {
    let mut own = OwnPlurals::default();
    // "MPA" lists "MPAs" (a name in capitals gets no regular plural);
    // "State Party" lists "States Parties" in place of "State Parties".
    for (entry, form) in [(0, "MPAs"), (1, "States Parties")] {
        own.entries.insert(EntryId(entry));
        own.forms.push(Name {
            entry: EntryId(entry),
            text: form.into(),
            case_sensitive: entry == 0,
        });
    }
    // "Treaty" says `plurals = false`.
    own.entries.insert(EntryId(2));
    let m = Matcher::with_plurals(
        &[
            name(0, "MPA"),
            name(1, "State Party"),
            name(2, "Treaty"),
            name(3, "Convention"),
        ],
        Plurals::English,
        &own,
    );
    let plural = |text: &str| {
        m.find(text)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.plural))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        plural("two MPAs and one MPA"),
        [("MPAs".into(), true), ("MPA".into(), false)]
    );
    assert_eq!(plural("mpas"), []);
    assert_eq!(
        plural("the States Parties"),
        [("States Parties".into(), true)]
    );
    assert_eq!(plural("the State Parties"), []);
    assert_eq!(plural("the Treaties"), []);
    assert_eq!(plural("the Conventions"), [("Conventions".into(), true)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Read a word at a time, a text gives what the automata give, to the
    /// pattern: names, plural forms, two entries of one name, names in
    /// capitals, names the words cannot hold, edges, white space of every
    /// kind, and letters outside ASCII (which the automata read).
    #[test]
    fn the_words_find_what_the_automata_find(
        words in prop::collection::vec(prop::sample::select(vec![
            "un", "UN", "Un", "state", "State", "states", "parties", "Parties", "treaty", "x",
            "ab", "abc", "G7", "état", "C++", "u.n.", "d'x", "Internationalisation",
        ]), 0..16),
        seps in prop::collection::vec(prop::sample::select(vec![
            " ", " ", " ", "  ", "\n", "\t", " \r\n ", "\u{b}", ", ", "-", "", "'s ", "’", "\u{1}",
            "-\u{0}",
        ]), 16),
        picks in prop::collection::vec((prop::sample::select(vec![
            "UN", "state", "State party", "Treaty", "ab", "abc", "x ab", "G7", "d'x treaty",
            "C++", "U.N.", "état", "party", "un state", "X-AB", "x, ab", "x ab.", "ab's x",
            "internationalisation x",
        ]), any::<bool>()), 1..6),
        plurals in any::<bool>(),
        edges in (
            prop::sample::select(vec![None, Some('a'), Some(' '), Some('é'), Some('-')]),
            prop::sample::select(vec![None, Some('a'), Some(' '), Some('é'), Some('-')]),
        ),
    ) {
        let text = joined(&words, &seps);
        // Two names an entry: an entry may have two of one name.
        let names = names_of(&picks, 2);
        let plurals = if plurals { Plurals::English } else { Plurals::None };
        let matcher = tree(&names, plurals);
        let (before, after) = edges;
        if let Some(got) = matcher.find_words(before, &text, after) {
            let want = matcher.find_by_automata(before, &text, after);
            prop_assert_eq!(got, want, "text {:?}", text);
        }
    }
}

/// A matcher that reads a word at a time whatever the number of names.
fn tree(names: &[Name], plurals: Plurals) -> Matcher {
    Matcher::made(names, plurals, &OwnPlurals::default(), 0)
}

/// The names found in `text`, read a word at a time.
fn by_words<'t>(m: &Matcher, text: &'t str) -> Vec<&'t str> {
    let words = m.find_words(None, text, None);
    let words = words.expect("decided a word at a time");
    words.iter().map(|f| &text[f.start..f.end]).collect()
}

/// Plain prose is read a word at a time, and the automata are not made;
/// a small glossary is read by the automata only.
#[test]
fn plain_prose_is_read_a_word_at_a_time() {
    let small = Matcher::new(&[name(0, "party")], Plurals::English);
    assert_eq!(small.find_words(None, "a party", None), None);
    assert_eq!(found(&small, "a party"), [("party".into(), 0)]);
    let m = tree(
        &[name(0, "State Party"), name(1, "UN"), name(2, "party")],
        Plurals::English,
    );
    assert_eq!(
        by_words(&m, "The State Parties and the UN met;\na party\tof two."),
        ["State Parties", "UN", "party"]
    );
    assert!(m.leftmost.get().is_none() && m.overlapping.get().is_none());
    // A name in capitals written otherwise, a name the words cannot hold,
    // and a text outside ASCII go to the automata.
    assert_eq!(m.find_words(None, "the Un party", None), None);
    assert_eq!(found(&m, "the Un party"), [("party".into(), 2)]);
    assert_eq!(m.find_words(None, "l’État party", None), None);
    let hyphen = tree(
        &[name(0, "ORDINARY-HEADING"), name(1, "party")],
        Plurals::None,
    );
    assert_eq!(
        by_words(&hyphen, "an ORDINARY-HEADING party, an ORDINARY - HEADING"),
        ["ORDINARY-HEADING", "party"]
    );
    // A NUL is a byte like any other, not the end of what stands between.
    assert_eq!(
        hyphen.find_words(None, "ORDINARY-\0HEADING", None),
        Some(Vec::new())
    );
    let odd = tree(&[name(0, "C++"), name(1, "party")], Plurals::None);
    assert_eq!(odd.find_words(None, "C++ party", None), None);
    assert!(odd.find_words(None, "C party", None).is_some());
    assert_eq!(
        found(&odd, "C++ party"),
        [("C++".into(), 0), ("party".into(), 1)]
    );
    // Such a name is looked for in the text as written, which is the
    // folded text only when its white space is single spaces.
    let dotted = tree(&[name(0, "Art. 5."), name(1, "party")], Plurals::None);
    assert_eq!(dotted.find_words(None, "Art.\n5. party", None), None);
    assert_eq!(
        found(&dotted, "Art.\n5. party"),
        [("Art.\n5.".into(), 0), ("party".into(), 1)]
    );
}
