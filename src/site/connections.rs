//! Who is mentioned with whom: the co-mention weights between glossary
//! entries, derived from [`Site::mentions`] once per build (and again by a
//! patch of `glossator serve`), read by the connection maps and by
//! `explainer.json`.
//!
//! **The weight** of two different entries is the number of distinct
//! blocks in which both are mentioned. A block is what a mention's
//! [`Mention::block`] names on its page: a paragraph, heading, list item or
//! table cell of a page, of an entry's or an event's text, or of a note's
//! text (whose mentions count on the page it annotates, in blocks of their
//! own, `note-<id>--…`). Each block counts once per pair, however often
//! either entry is named in it; mentions written `[…](term:id)` and names
//! found automatically count alike; blocks of every page count, entries'
//! and events' texts included. An entry's own page never mentions the
//! entry itself, so its text adds nothing between it and the entries it
//! names.
//!
//! **What is kept**: for each entry, at most [`NEIGHBOURS`] other entries,
//! the heaviest first, equal weights in entry order (by id). The cut is
//! per entry, so the relation kept is not always symmetric: a much-named
//! entry may be among a rarely-named one's twelve without the reverse.
//! The weight of a pair, where both keep it, is the same on both sides.
//!
//! **Cost**: one pass over the mentions, grouped by page then block; a
//! block naming `d` distinct entries adds `d(d-1)/2` pairs, so a block is
//! read whole only up to [`DENSE_BLOCK`] distinct entries: beyond that
//! (a list of every entry, say) it says nothing about who goes with whom,
//! and counting it would make the pass quadratic in the glossary's size.

use super::{EntryId, Mention, Site};
use rayon::prelude::*;

/// How many co-mentioned entries are kept per entry.
pub const NEIGHBOURS: usize = 12;

/// A block naming more distinct entries than this adds no weight.
pub const DENSE_BLOCK: usize = 64;

/// For each entry, the entries most often mentioned in the same blocks as
/// it, with their weights (see the module's documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connections {
    /// Where entry `i`'s neighbours are in `neighbours`:
    /// `starts[i]..starts[i + 1]`; one more than there are entries.
    starts: Vec<u32>,
    /// Every entry's neighbours, one run per entry, each run heaviest
    /// first, then in entry order.
    neighbours: Vec<(EntryId, u32)>,
}

/// Puts `neighbour` into `side`, which holds at most [`NEIGHBOURS`] in
/// their order (heaviest first, then by entry), if it is among them.
fn keep_heaviest(side: &mut Vec<(EntryId, u32)>, neighbour: (EntryId, u32)) {
    let key = |&(e, w): &(EntryId, u32)| (std::cmp::Reverse(w), e);
    // A full side turns away one that would come after its last, as most
    // do: the pairs arrive by entry, and most weigh one. Searched for its
    // place every time, they were the longest stretch of a dense site's
    // build on one thread.
    if side.len() == NEIGHBOURS && side.last().is_some_and(|last| key(last) < key(&neighbour)) {
        return;
    }
    let at = side.partition_point(|n| key(n) < key(&neighbour));
    if at < NEIGHBOURS {
        if side.len() == NEIGHBOURS {
            side.pop();
        }
        side.insert(at, neighbour);
    }
}

/// The distinct entries (below `entries`) of each block of one page's
/// `mentions` that names from 2 to [`DENSE_BLOCK`] of them, each block's
/// in entry order: the entries one block after another, and each block's
/// count.
fn blocks_of(mentions: &[Mention], entries: usize) -> (Vec<u32>, Vec<usize>) {
    // Each block numbered as it first comes, with its entries as one
    // number, `block << 32 | entry`, to be sorted by block, then entry.
    // Mentions come in text order, so a block's are together, unless
    // another block (a nested list) interrupts it: a block's string is
    // compared only where the block changes, not in every comparison of
    // the sort.
    let mut numbers: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut current: Option<(&str, u32)> = None;
    let mut numbered: Vec<u64> = Vec::with_capacity(mentions.len());
    for m in mentions.iter().filter(|m| (m.entry.0 as usize) < entries) {
        let block = &*m.block;
        let number = match current {
            Some((last, number)) if std::ptr::eq(last, block) || last == block => number,
            _ => {
                let count = numbers.len() as u32;
                let number = *numbers.entry(block).or_insert(count);
                current = Some((block, number));
                number
            }
        };
        numbered.push((u64::from(number) << 32) | u64::from(m.entry.0));
    }
    numbered.sort_unstable();
    numbered.dedup();
    let (mut groups, mut lengths) = (Vec::new(), Vec::new());
    for run in numbered.chunk_by(|a, b| a >> 32 == b >> 32) {
        if (2..=DENSE_BLOCK).contains(&run.len()) {
            groups.extend(run.iter().map(|&n| n as u32));
            lengths.push(run.len());
        }
    }
    (groups, lengths)
}

impl Connections {
    /// The co-mention weights of `site`'s mentions among its entries.
    pub fn new(site: &Site) -> Connections {
        Connections::from_mentions(site.entries.len(), site.mentions.pages())
    }

    /// The co-mention weights of `pages`' mentions (each page's run, as
    /// [`Mentions::pages`](super::Mentions::pages) gives them) among
    /// `entries` entries.
    pub fn from_mentions<'a>(
        entries: usize,
        pages: impl IntoIterator<Item = &'a [Mention]>,
    ) -> Connections {
        // The distinct entries of each block that counts, one run after
        // another, so that the pairs can be allocated at their number:
        // grown by doubling they would reach twice it, at the build's peak.
        // Each page on a thread of its own: sorting the pages' mentions by
        // block, and the sort of the pairs below, were the longest stretch
        // of a dense site's build left on one thread.
        let pages: Vec<&[Mention]> = pages.into_iter().collect();
        let by_page: Vec<(Vec<u32>, Vec<usize>)> = pages
            .par_iter()
            .map(|mentions| blocks_of(mentions, entries))
            .collect();
        let mut groups: Vec<u32> = Vec::with_capacity(by_page.iter().map(|(g, _)| g.len()).sum());
        let mut ends: Vec<usize> = Vec::with_capacity(by_page.iter().map(|(_, l)| l.len()).sum());
        for (page_groups, lengths) in by_page {
            let mut end = groups.len();
            for length in lengths {
                end += length;
                ends.push(end);
            }
            groups.extend(page_groups);
        }
        let runs = || {
            let starts = std::iter::once(0).chain(ends.iter().copied());
            starts.zip(&ends).map(|(a, &b)| &groups[a..b])
        };
        // The pairs `(a, b)`, `a < b`, by their first entry: each `b` in
        // `a`'s bucket of `later`, the buckets sized by a first count. Each
        // bucket is then sorted on its own, small and on either thread,
        // rather than every pair in one sort.
        let mut bucket_ends = vec![0usize; entries];
        for names in runs() {
            for (i, &a) in names.iter().enumerate() {
                bucket_ends[a as usize] += names.len() - i - 1;
            }
        }
        let mut total = 0;
        for end in &mut bucket_ends {
            total += *end;
            *end = total;
        }
        let mut later = vec![0u32; total];
        // Filled from each bucket's end back to its start.
        let mut fill = bucket_ends.clone();
        for names in runs() {
            for (i, &a) in names.iter().enumerate() {
                for &b in &names[i + 1..] {
                    let at = &mut fill[a as usize];
                    *at -= 1;
                    later[*at] = b;
                }
            }
        }
        drop((groups, ends, fill));
        let mut buckets: Vec<&mut [u32]> = Vec::with_capacity(entries);
        let mut rest = later.as_mut_slice();
        let mut start = 0;
        for &end in &bucket_ends {
            let (bucket, after) = rest.split_at_mut(end - start);
            buckets.push(bucket);
            rest = after;
            start = end;
        }
        buckets
            .par_iter_mut()
            .for_each(|bucket| bucket.sort_unstable());
        drop(buckets);
        // Both sides of each pair with its weight, by entry, each side kept
        // to its heaviest as it fills: a whole side would hold every pair
        // twice over. The pair's first entry (`a < b`) keeps its later
        // neighbours and the second its earlier ones, on two threads; an
        // entry's heaviest are then the heaviest of its two lists. Both
        // read the pairs in the order of `(a, b)`.
        let side = |first: bool| {
            let mut sides: Vec<Vec<(EntryId, u32)>> = vec![Vec::new(); entries];
            let mut start = 0;
            for (a, &end) in bucket_ends.iter().enumerate() {
                for run in later[start..end].chunk_by(|x, y| x == y) {
                    let (a, b) = (a as u32, run[0]);
                    let (own, other) = if first { (a, b) } else { (b, a) };
                    keep_heaviest(&mut sides[own as usize], (EntryId(other), run.len() as u32));
                }
                start = end;
            }
            sides
        };
        let (kept_later, earlier) = rayon::join(|| side(true), || side(false));
        drop(later);
        let mut starts = Vec::with_capacity(entries + 1);
        let mut neighbours = Vec::new();
        starts.push(0);
        for (later, earlier) in kept_later.into_iter().zip(earlier) {
            let mut side = earlier;
            for neighbour in later {
                keep_heaviest(&mut side, neighbour);
            }
            neighbours.extend(side);
            starts.push(neighbours.len() as u32);
        }
        Connections { starts, neighbours }
    }

    /// The entries most often mentioned in the same blocks as `entry`,
    /// with the number of blocks: at most [`NEIGHBOURS`], heaviest first,
    /// then in entry order. Empty for an entry the site does not have.
    pub fn of(&self, entry: EntryId) -> &[(EntryId, u32)] {
        let i = entry.0 as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.neighbours[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The weight between `a` and `b` as `a` keeps it: `0` when `b` is not
    /// among `a`'s neighbours.
    pub fn weight(&self, a: EntryId, b: EntryId) -> u32 {
        self.of(a)
            .iter()
            .find(|&&(e, _)| e == b)
            .map_or(0, |&(_, w)| w)
    }

    /// Every entry with its neighbours, in entry order: what
    /// `explainer.json` may list.
    pub fn iter(&self) -> impl Iterator<Item = (EntryId, &[(EntryId, u32)])> {
        (0..self.starts.len().saturating_sub(1)).map(|i| {
            let id = EntryId(i as u32);
            (id, self.of(id))
        })
    }

    /// The entries that keep `entry` among their neighbours, in entry
    /// order: those whose connection map shows it.
    pub fn shown_with(&self, entry: EntryId) -> Vec<EntryId> {
        self.iter()
            .filter(|(_, n)| n.iter().any(|&(e, _)| e == entry))
            .map(|(id, _)| id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::PageId;

    /// `mentions`, kept by page as the site keeps them.
    fn by_page(mentions: &[Mention]) -> crate::site::Mentions {
        mentions.iter().cloned().collect()
    }

    fn mention(page: u32, block: &str, entry: u32) -> Mention {
        Mention {
            entry: EntryId(entry),
            page: PageId(page),
            block: block.into(),
            sentence: "".into(),
            text: "".into(),
            linked: false,
            explicit: false,
            offset: 0,
        }
    }

    #[test]
    fn a_pair_counts_once_per_block() {
        // Page 0: block a names 0, 1, 0 again and 2; block b names 0 and 1;
        // block c names 1 alone. Page 1: block a (another page's) names 0, 1.
        let mentions = [
            mention(0, "a", 0),
            mention(0, "a", 1),
            mention(0, "a", 0),
            mention(0, "b", 1),
            mention(0, "a", 2),
            mention(0, "b", 0),
            mention(0, "c", 1),
            mention(1, "a", 1),
            mention(1, "a", 0),
        ];
        let c = Connections::from_mentions(4, by_page(&mentions).pages());
        assert_eq!(c.of(EntryId(0)), &[(EntryId(1), 3), (EntryId(2), 1)]);
        assert_eq!(c.of(EntryId(1)), &[(EntryId(0), 3), (EntryId(2), 1)]);
        assert_eq!(c.of(EntryId(2)), &[(EntryId(0), 1), (EntryId(1), 1)]);
        assert!(c.of(EntryId(3)).is_empty());
        assert!(c.of(EntryId(9)).is_empty());
        assert_eq!(c.weight(EntryId(0), EntryId(1)), 3);
        assert_eq!(c.weight(EntryId(0), EntryId(3)), 0);
        assert_eq!(c.shown_with(EntryId(2)), vec![EntryId(0), EntryId(1)]);
    }

    #[test]
    fn each_entry_keeps_its_heaviest_neighbours() {
        // Entry 0 with each of 1..=20, entry k in k blocks.
        let mut mentions = Vec::new();
        for k in 1..=20u32 {
            for b in 0..k {
                let block = format!("{k}-{b}");
                mentions.push(mention(0, &block, 0));
                mentions.push(mention(0, &block, k));
            }
        }
        mentions.sort_by_key(|m| m.page);
        let c = Connections::from_mentions(21, by_page(&mentions).pages());
        let kept: Vec<u32> = c.of(EntryId(0)).iter().map(|(e, _)| e.0).collect();
        assert_eq!(kept, (9..=20).rev().collect::<Vec<_>>());
        assert_eq!(c.of(EntryId(3)), &[(EntryId(0), 3)]);
    }

    #[test]
    fn equal_weights_keep_the_first_entries() {
        // Entry 0 with each of 1..=20 in (k % 3) + 1 blocks: weights 3, 2
        // and 1 in turn, so the kept twelve mix weights and break ties by
        // entry, whatever order the pairs arrive in.
        let mut mentions = Vec::new();
        for k in (1..=20u32).rev() {
            for b in 0..(k % 3) + 1 {
                let block = format!("{k}-{b}");
                mentions.push(mention(0, &block, k));
                mentions.push(mention(0, &block, 0));
            }
        }
        let c = Connections::from_mentions(21, by_page(&mentions).pages());
        let mut expected: Vec<(EntryId, u32)> =
            (1..=20u32).map(|k| (EntryId(k), (k % 3) + 1)).collect();
        expected.sort_by_key(|&(e, w)| (std::cmp::Reverse(w), e));
        expected.truncate(NEIGHBOURS);
        assert_eq!(c.of(EntryId(0)), expected.as_slice());
        assert_eq!(c.of(EntryId(20)), &[(EntryId(0), 3)]);
    }

    #[test]
    fn an_entry_keeps_the_heaviest_of_those_before_and_after_it() {
        // Entry 10 with each other of 0..=20 in (k * 7 % 5) + 1 blocks:
        // its heaviest twelve (weights 5, 4 and 3) are on both sides of it
        // in entry order, and the pairs keep them on two threads.
        let weight = |k: u32| (k * 7 % 5) + 1;
        let others = || (0..=20u32).filter(|&k| k != 10);
        let mut mentions = Vec::new();
        for k in others() {
            for b in 0..weight(k) {
                let block = format!("{k}-{b}");
                mentions.push(mention(0, &block, 10));
                mentions.push(mention(0, &block, k));
            }
        }
        let c = Connections::from_mentions(21, by_page(&mentions).pages());
        let mut expected: Vec<(EntryId, u32)> = others().map(|k| (EntryId(k), weight(k))).collect();
        expected.sort_by_key(|&(e, w)| (std::cmp::Reverse(w), e));
        expected.truncate(NEIGHBOURS);
        assert!(expected.iter().any(|(e, _)| e.0 < 10) && expected.iter().any(|(e, _)| e.0 > 10));
        assert_eq!(c.of(EntryId(10)), expected.as_slice());
        assert_eq!(c.of(EntryId(2)), &[(EntryId(10), 5)]);
    }

    #[test]
    fn a_dense_block_adds_nothing() {
        let mentions: Vec<Mention> = (0..=DENSE_BLOCK as u32)
            .map(|e| mention(0, "all", e))
            .collect();
        let c = Connections::from_mentions(DENSE_BLOCK + 1, by_page(&mentions).pages());
        assert!(c.iter().all(|(_, n)| n.is_empty()));
    }
}
