//! Every mention of a glossary entry, kept by page: each page's run is the
//! vector its Markdown pass made (a note's follows the annotated page's
//! own), so resolving never copies them into one list. A densely annotated
//! site has about a million mentions; one list of them, made while every
//! page's was still held, was an eighth of the build's peak memory.

use super::{Mention, PageId};

/// Where one mention is: its page, then its place in that page's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MentionId {
    /// The page it counts on (for a mention in a note's text, the page the
    /// note annotates).
    pub page: PageId,
    /// Its place in the page's mentions, in text order.
    pub nth: u32,
}

/// Every page's mentions, by [`PageId`], each page's in text order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mentions {
    by_page: Vec<Vec<Mention>>,
}

impl Mentions {
    /// The mentions of each page, indexed by page.
    pub fn new(by_page: Vec<Vec<Mention>>) -> Mentions {
        Mentions { by_page }
    }

    /// Page `id`'s mentions, in text order; none for a page it does not
    /// know.
    pub fn of_page(&self, id: PageId) -> &[Mention] {
        self.by_page.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// Replaces page `id`'s mentions with `mentions`.
    pub fn set_page(&mut self, id: PageId, mentions: Vec<Mention>) {
        let i = id.0 as usize;
        if self.by_page.len() <= i {
            self.by_page.resize_with(i + 1, Vec::new);
        }
        self.by_page[i] = mentions;
    }

    /// Takes page `id`'s mentions out, leaving it none.
    pub fn take_page(&mut self, id: PageId) -> Vec<Mention> {
        self.by_page
            .get_mut(id.0 as usize)
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The mention at `id`, if there is one.
    pub fn get(&self, id: MentionId) -> Option<&Mention> {
        self.of_page(id.page).get(id.nth as usize)
    }

    /// Every page's mentions, in page order (pages without any included).
    pub fn pages(&self) -> impl Iterator<Item = &[Mention]> {
        self.by_page.iter().map(Vec::as_slice)
    }

    /// Every mention, by page, then in text order.
    pub fn iter(&self) -> impl Iterator<Item = &Mention> {
        self.by_page.iter().flatten()
    }

    /// [`Mentions::iter`], each with its id.
    pub fn iter_ids(&self) -> impl Iterator<Item = (MentionId, &Mention)> {
        self.by_page.iter().enumerate().flat_map(|(p, run)| {
            run.iter().enumerate().map(move |(n, m)| {
                let id = MentionId {
                    page: PageId(p as u32),
                    nth: n as u32,
                };
                (id, m)
            })
        })
    }

    /// How many mentions there are in all.
    pub fn len(&self) -> usize {
        self.by_page.iter().map(Vec::len).sum()
    }

    /// Whether no page mentions any entry.
    pub fn is_empty(&self) -> bool {
        self.by_page.iter().all(Vec::is_empty)
    }
}

impl std::ops::Index<MentionId> for Mentions {
    type Output = Mention;

    fn index(&self, id: MentionId) -> &Mention {
        &self.by_page[id.page.0 as usize][id.nth as usize]
    }
}

/// Mentions given in page order, each kept in its page's run (by
/// [`Mention::page`]).
impl FromIterator<Mention> for Mentions {
    fn from_iter<I: IntoIterator<Item = Mention>>(mentions: I) -> Mentions {
        let mut by_page: Vec<Vec<Mention>> = Vec::new();
        for mention in mentions {
            let i = mention.page.0 as usize;
            if by_page.len() <= i {
                by_page.resize_with(i + 1, Vec::new);
            }
            by_page[i].push(mention);
        }
        Mentions { by_page }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::EntryId;

    fn mention(page: u32, entry: u32) -> Mention {
        Mention {
            entry: EntryId(entry),
            page: PageId(page),
            block: "b".into(),
            sentence: "".into(),
            text: "".into(),
            linked: true,
            explicit: false,
            offset: entry,
        }
    }

    #[test]
    fn each_page_keeps_its_run_and_ids_find_them() {
        let mentions: Mentions = [mention(0, 1), mention(0, 2), mention(2, 3)]
            .into_iter()
            .collect();
        assert_eq!(mentions.len(), 3);
        assert_eq!(mentions.of_page(PageId(0)).len(), 2);
        assert!(mentions.of_page(PageId(1)).is_empty());
        assert!(mentions.of_page(PageId(7)).is_empty());
        let ids: Vec<(MentionId, u32)> =
            mentions.iter_ids().map(|(id, m)| (id, m.entry.0)).collect();
        let at = |page, nth| MentionId {
            page: PageId(page),
            nth,
        };
        assert_eq!(ids, [(at(0, 0), 1), (at(0, 1), 2), (at(2, 0), 3)]);
        assert_eq!(mentions[at(2, 0)].entry, EntryId(3));
        assert_eq!(mentions.get(at(0, 5)), None);
    }

    #[test]
    fn a_page_run_is_replaced_whole() {
        let mut mentions: Mentions = [mention(0, 1), mention(1, 2)].into_iter().collect();
        mentions.set_page(PageId(0), vec![mention(0, 4), mention(0, 5)]);
        mentions.set_page(PageId(3), vec![mention(3, 6)]);
        let entries: Vec<u32> = mentions.iter().map(|m| m.entry.0).collect();
        assert_eq!(entries, [4, 5, 2, 6]);
        mentions.set_page(PageId(0), Vec::new());
        assert_eq!(mentions.len(), 2);
        assert!(!mentions.is_empty());
    }
}
