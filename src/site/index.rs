//! Facts derived from the rest of the model, each with one home: who
//! mentions an entry, which paragraphs tell an event, which events involve
//! an entry, which entries cite it. Built once at the end of resolve (and
//! again by a patch of `glossator serve`), read by render and serve alike.

use std::collections::BTreeMap;

use super::{Connections, EntryId, EventId, MentionId, NoteId, Site, SourceId};

/// The lookups every later stage reads. A page's own mentions and event
/// references need no lookup: they are [`Mentions::of_page`] and a run of
/// [`Site::event_refs`] ([`Site::event_ref_run`]).
///
/// [`Mentions::of_page`]: super::Mentions::of_page
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    /// For each entry, its mentions (in [`Site::mentions`]), in page
    /// order, then text order.
    pub mentions_by_entry: Vec<Vec<MentionId>>,
    /// For each event, the references that tell it (indexes into
    /// [`Site::event_refs`]), in page order, then text order.
    pub refs_by_event: Vec<Vec<usize>>,
    /// For each entry, the events whose `terms` name it, in timeline order.
    pub events_by_entry: Vec<Vec<EventId>>,
    /// For each entry, the entries whose `see_also` names it, in entry order.
    pub cited_by: Vec<Vec<EntryId>>,
    /// For each source, its citations (indexes into [`Site::citations`]),
    /// in page order.
    pub citations_by_source: Vec<Vec<usize>>,
    /// Source key -> source.
    pub source_ids: BTreeMap<String, SourceId>,
    /// For each entry, the notes whose passage quotes it (`speaker`), by
    /// date ([`Site::quotation_date`]; undated ones last), then in note
    /// order.
    pub quotations_by_entry: Vec<Vec<NoteId>>,
    /// Each entry's URL ([`Site::entry_url`]), made once: on a densely
    /// annotated site every page lists a hundred entries.
    pub entry_urls: Vec<String>,
    /// For each entry, the entries most often mentioned in the same
    /// paragraphs as it, with their weights.
    pub connections: Connections,
}

impl Index {
    /// Indexes `site`, whose own index is not read.
    pub fn new(site: &Site) -> Index {
        // The co-mention weights beside the lists: each has a stretch on
        // one thread (the pairs gathered, then merged; the mentions listed
        // by entry), which left the other core idle at the end of a densely
        // annotated site's resolve. Both held at once add 3–5 MB at the
        // end of that site's resolve, still below the peak its rendering
        // reaches.
        let (connections, mut index) = rayon::join(|| Connections::new(site), || lists(site));
        index.connections = connections;
        index
    }
}

/// [`Index::new`] without its [`Connections`].
fn lists(site: &Site) -> Index {
    let mut index = Index {
        mentions_by_entry: vec![Vec::new(); site.entries.len()],
        refs_by_event: vec![Vec::new(); site.events.len()],
        events_by_entry: vec![Vec::new(); site.entries.len()],
        cited_by: vec![Vec::new(); site.entries.len()],
        citations_by_source: vec![Vec::new(); site.sources.len()],
        quotations_by_entry: vec![Vec::new(); site.entries.len()],
        entry_urls: (0..site.entries.len())
            .map(|i| site.entry_url(EntryId(i as u32)))
            .collect(),
        connections: Connections::default(),
        source_ids: site
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), SourceId(i as u32)))
            .collect(),
    };
    for (i, citation) in site.citations.iter().enumerate() {
        index.citations_by_source[citation.source.0 as usize].push(i);
    }
    // Sized first: a million mentions pushed one by one would leave
    // each list up to twice its length, at the build's peak.
    let mut counts = vec![0usize; site.entries.len()];
    for mention in site.mentions.iter() {
        counts[mention.entry.0 as usize] += 1;
    }
    for (list, &count) in index.mentions_by_entry.iter_mut().zip(&counts) {
        list.reserve_exact(count);
    }
    for (id, mention) in site.mentions.iter_ids() {
        index.mentions_by_entry[mention.entry.0 as usize].push(id);
    }
    for (i, reference) in site.event_refs.iter().enumerate() {
        index.refs_by_event[reference.event.0 as usize].push(i);
    }
    for &event in &site.timeline_order {
        for entry in &site.event(event).entries {
            index.events_by_entry[entry.0 as usize].push(event);
        }
    }
    for (i, note) in site.notes.iter().enumerate() {
        if let Some(speaker) = note.speaker {
            index.quotations_by_entry[speaker.0 as usize].push(NoteId(i as u32));
        }
    }
    for quotations in &mut index.quotations_by_entry {
        quotations.sort_by_key(|&n| {
            let date = site.quotation_date(n);
            (date.is_none(), date, n)
        });
    }
    for (i, entry) in site.entries.iter().enumerate() {
        for other in &entry.see_also {
            index.cited_by[other.0 as usize].push(EntryId(i as u32));
        }
    }
    index
}
