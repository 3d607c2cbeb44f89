//! The hover cards' data: each entry's title, kind, summary and URL, in
//! files shared by every page of a language rather than inlined in each.
//!
//! A language's entries are split into [`shard_count`] script files,
//! `cards/<n>.js` under its root, entry `id` in file [`shard_of`]`(id)`.
//! The theme's script loads the file of a mention's entry the first time
//! a reader hovers or focuses such a mention, with a `<script>` element
//! (not a fetch, so it works from `file://` too), and the browser keeps it
//! for every later page. Inlined, the same summaries were repeated on
//! every page mentioning them: 184 MB of the annotated 10,000-page
//! corpus's 980 MB (docs/benchmarks.md, "Hover-card data"). Small files
//! keep what a reader downloads small: a hover costs the few cards of one
//! file, not the whole glossary.
//!
//! The files' names and the entries in each depend on the entries' ids
//! and their number only, so an edit of a summary rewrites one file and
//! no page; an entry added or removed changes the site's shape, and so
//! builds everything anyway.

use crate::site::{Entry, EntryId, Site};

/// The folder of the card files, under a language's root.
pub const FOLDER: &str = "cards/";

/// The function each card file calls with its cards: the theme's script
/// defines it.
pub const CALLBACK: &str = "glossatorCards";

/// Entries a card file holds at most, on average (between half and all
/// of it, the count being a power of two): about 2 KB of cards, under
/// 1 KB compressed, on the annotated corpus. Smaller files cost a reader
/// fewer bytes a hover, more files the build; the figures that chose 16
/// are in docs/benchmarks.md ("Hover-card data").
const PER_FILE: usize = 16;

/// The hover-card data of every entry of a site, each a JSON member
/// (`"id":{"title":…,"kind":…,"summary":…,"url":…}`, safe inside a script
/// element), made once per build.
///
/// Made with them: each entry's item of a page's "In this text" list
/// (`terms_html`), which pages print where a reader cannot hover. Made
/// once, they spare each of a dense site's pages reading the records and
/// strings of the hundred entries it mentions, from all over memory.
#[derive(Debug, Default)]
pub struct Cards {
    members: Vec<String>,
    /// Every entry's item, one after another: entry `i`'s ends at
    /// `item_ends[i]`.
    items: String,
    item_ends: Vec<usize>,
    /// The entries of each card file, in site order.
    files: Vec<Vec<EntryId>>,
    /// Whether pages get their cards inline too (`terms_json`): only for a
    /// theme whose templates ask for them.
    inline: bool,
    /// Whether pages list their entries as records (`terms`): only for a
    /// theme whose templates name them. The built-in theme prints
    /// `terms_html` only, and on a densely annotated site a page's records
    /// of a hundred entries were the largest value serialized into its
    /// context.
    listed: bool,
}

impl Cards {
    /// The cards of `site`'s entries; `inline` when the theme's templates
    /// print `terms_json`, `listed` when they name `terms`.
    pub fn new(site: &Site, inline: bool, listed: bool) -> Cards {
        let count = shard_count(site.entries.len());
        let mut files = vec![Vec::new(); count as usize];
        // Each entry's file, card and list item from one reading of it.
        let mut members = Vec::with_capacity(site.entries.len());
        let mut items = String::new();
        let mut item_ends = Vec::with_capacity(site.entries.len());
        for (t, entry) in site.entries.iter().enumerate() {
            files[shard_of(&entry.id, count) as usize].push(EntryId(t as u32));
            let title = &site.page(entry.page).meta.title;
            let url = site.entry_url(EntryId(t as u32));
            members.push(card(entry, title, &url));
            super::lists::term_item(&mut items, &url, title, entry.kind.as_deref());
            item_ends.push(items.len());
        }
        Cards {
            members,
            items,
            item_ends,
            files,
            inline,
            listed,
        }
    }

    /// Entry `id`'s item of a page's "In this text" list.
    pub fn item(&self, id: EntryId) -> &str {
        let i = id.0 as usize;
        let start = i.checked_sub(1).map_or(0, |before| self.item_ends[before]);
        &self.items[start..self.item_ends[i]]
    }

    /// Whether pages list their entries as records (`terms`).
    pub fn listed(&self) -> bool {
        self.listed
    }

    /// The JSON member of entry `id`.
    pub fn member(&self, id: EntryId) -> &str {
        &self.members[id.0 as usize]
    }

    /// Whether pages get their cards inline (`terms_json`).
    pub fn inline(&self) -> bool {
        self.inline
    }

    /// Card file `n`: `glossatorCards({…});`, its entries in site order.
    pub fn file(&self, n: u32) -> Vec<u8> {
        let entries = self.files.get(n as usize).map_or(&[][..], Vec::as_slice);
        let members: Vec<&str> = entries.iter().map(|&t| self.member(t)).collect();
        format!("{CALLBACK}({{{}}});\n", members.join(",")).into_bytes()
    }
}

/// How many card files a site with `entries` entries writes: a power of
/// two, so that each holds at most [`PER_FILE`] entries on average and
/// an entry keeps its file while the count stays under the next power.
pub fn shard_count(entries: usize) -> u32 {
    if entries == 0 {
        return 0;
    }
    entries.div_ceil(PER_FILE).next_power_of_two() as u32
}

/// The card file of the entry with id `id` among `shards`: FNV-1a (32
/// bits) of the id's UTF-16 code units, modulo `shards`. The theme's
/// script computes the same from a mention's `data-term`; change both
/// together.
pub fn shard_of(id: &str, shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in id.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % shards.max(1)
}

/// `"id":{"title":…,"kind":…,"summary":…,"url":…}` for one entry, with
/// its page's title and its URL, safe inside a script element.
fn card(entry: &Entry, title: &str, url: &str) -> String {
    let card = serde_json::json!({
        "title": title,
        "kind": entry.kind,
        "summary": entry.summary,
        "url": url,
    });
    let pair = serde_json::json!({ entry.id.clone(): card });
    let text = super::jsonld::script_safe(&pair);
    text[1..text.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_a_power_of_two_holding_at_most_16_entries_on_average() {
        assert_eq!(shard_count(0), 0);
        assert_eq!(shard_count(1), 1);
        assert_eq!(shard_count(16), 1);
        assert_eq!(shard_count(17), 2);
        assert_eq!(shard_count(56), 4);
        assert_eq!(shard_count(5000), 512);
    }

    #[test]
    fn the_file_of_an_id_is_fnv_1a_of_its_utf16_units() {
        // The theme's script computes the same (explainer.js's `fileOf`);
        // the browser test shows cards read from these files.
        assert_eq!(shard_of("", 1 << 31), 0x811c_9dc5 % (1 << 31));
        assert_eq!(shard_of("a", u32::MAX), 0xe40c_292c);
        assert_eq!(shard_of("unodc", 1), 0);
        // Not the UTF-8 bytes: `é` is one unit.
        let e = (0x811c_9dc5u32 ^ 0xe9).wrapping_mul(0x0100_0193);
        assert_eq!(shard_of("é", u32::MAX), e % u32::MAX);
        // A character beyond the BMP is two units.
        let mut h = 0x811c_9dc5u32;
        for unit in [0xd83c_u32, 0xdf0d] {
            h = (h ^ unit).wrapping_mul(0x0100_0193);
        }
        assert_eq!(shard_of("🌍", u32::MAX), h % u32::MAX);
    }
}
