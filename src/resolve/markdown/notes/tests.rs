//! The reader's text and the search for quotes.

use super::anchor::*;
use super::reading::*;
use pulldown_cmark::Event;
use pulldown_cmark::Parser;
use std::collections::BTreeSet;

fn block(want: Want) -> Block {
    Block {
        text: String::new(),
        origin: Vec::new(),
        want,
        at: 0,
        end: 0,
        cell: false,
        hidden: false,
        footnote: None,
    }
}

/// ASCII text read word by word reads as character by character.
#[test]
fn ascii_text_reads_as_the_general_reading() {
    let pieces = [
        "plain words here",
        "  leading and trailing  ",
        "tab\there\x0bvertical\x0cfeed\r\nline",
        "double  space and 'quotes' \"too\"",
        " ",
        "",
        "x",
        "a b  c   d",
    ];
    for a in pieces {
        for b in pieces {
            let (mut fast, mut slow) = (block(Want::Text), block(Want::Traced));
            let (mut s1, mut s2) = (None, None);
            for (i, text) in [a, b].into_iter().enumerate() {
                read_ascii(&mut fast, i, text, &mut s1);
                read_text(&mut slow, i, text, &mut s2);
            }
            assert_eq!(fast.text, slow.text, "{a:?} then {b:?}");
            assert_eq!(s1.is_some(), s2.is_some(), "{a:?} then {b:?}");
        }
    }
}

/// A few quotes, looked for one by one, are found where the automaton
/// finds them, overlapping ones too.
#[test]
fn few_quotes_are_found_where_many_are() {
    let markdown = "Alpha *beta* alpha.\n\n- aaa alpha\n- beta’s\n\n# Alpha beta\n";
    let events: Vec<Event> = Parser::new(markdown).collect();
    let shown = vec![true; events.len()];
    let reading = Reading::of(events.iter(), &BTreeSet::new(), &shown, &|_| Want::Text);
    let wanted = |quote: &str| Wanted {
        quote: normalize(quote, true),
        prefix: String::new(),
        suffix: String::new(),
    };
    let few: Vec<Wanted> = ["alpha", "aa", "beta's", "Alpha beta"]
        .into_iter()
        .map(wanted)
        .collect();
    assert!(few.len() <= FEW_QUOTES);
    let mut many: Vec<Wanted> = ["alpha", "aa", "beta's", "Alpha beta"]
        .into_iter()
        .map(wanted)
        .collect();
    many.extend(["x", "y", "z", "w"].into_iter().map(wanted));
    let (by_one, by_all) = (occurrences(&reading, &few), occurrences(&reading, &many));
    assert_eq!(by_one[..], by_all[..few.len()]);
    assert_eq!(by_one[0].len(), 2, "{by_one:?}");
    assert_eq!(by_one[1].len(), 2, "aa twice in aaa: {by_one:?}");
    assert_eq!(by_one[2].len(), 1, "{by_one:?}");
    assert_eq!(
        by_one[3].len(),
        2,
        "across emphasis, and the heading: {by_one:?}"
    );
}

/// A passage stands inside quotation marks when they open before it and
/// are not closed, whatever marks the language uses; apostrophes are not
/// quotation marks.
#[test]
fn passages_inside_and_outside_quotation_marks() {
    let inside = |text: &str, passage: &str| {
        let start = text.find(passage).expect("the passage");
        within_quotation_marks(text, &(start..start + passage.len()))
    };
    assert!(inside(
        "He said: \"this is a signal of support\".",
        "a signal"
    ));
    assert!(inside("He said: \"this is\" and \"a signal\".", "a signal"));
    assert!(!inside("He said: \"this is\" and a signal.", "a signal"));
    assert!(!inside("He said that this is a signal.", "a signal"));
    assert!(inside("Il a dit : « c'est un signal fort ».", "un signal"));
    assert!(!inside("Il a dit : « oui », un signal fort.", "un signal"));
    assert!(inside("Er sagte: „ein starkes Signal\".", "starkes"));
    assert!(inside("She said 'the Assembly's vote matters'.", "vote"));
    assert!(!inside(
        "The Assembly's vote, the members' view, matters.",
        "matters"
    ));
    assert!(inside("他说：「这是一个信号」。", "一个"));
    // A passage that carries its own marks, or quotes words within it.
    assert!(inside("He said \"yes\" at once.", "\"yes\""));
    assert!(inside(
        "He called it \"a landmark\" today.",
        "called it \"a landmark\""
    ));
    assert!(!inside("He called it \"a landmark\" today.", "today"));
}
