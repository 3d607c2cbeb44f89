//! Timeline events: `content/<timeline section>/<id>.md` -> [`Event`]s.
//!
//! An event is a page plus the fields of SPEC §2: a date at the precision
//! the author knows (`1974`, `1985-05`, `1988-09-22`), or a date computed
//! from another event (`after` + `offset`), possibly as a deadline
//! (`by = true`: no later than that date), or no date at all but a
//! `condition` saying when it will happen. [`read`] reads one file's fields;
//! [`build`] resolves `after` ids, refuses cycles, computes relative dates in
//! dependency order and gives every event its [`Status`]; [`order`] is the
//! order the timeline lists them in.

use std::collections::BTreeMap;

use super::absent::Absent;
use super::keys::{self, Fields};
use super::pages::Checked;
use crate::dates::{Offset, PartialDate};
use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::site::{Entry, EntryId, Event, EventId, FileKind, Page, PageId, Status};
use jiff::civil::Date;

/// An event's own fields, read but not yet cross-checked.
#[derive(Clone, Debug)]
pub struct EventDraft {
    /// The page that holds it.
    pub page: PageId,
    /// The file stem.
    pub id: String,
    /// The title, from the page's checked front matter.
    pub title: String,
    /// Its fixed date, when it has one.
    pub date: Option<PartialDate>,
    /// The last date of a span; only with `date`, never before it.
    pub end: Option<PartialDate>,
    /// Written `approximate = true`.
    pub approximate: bool,
    /// Glossary ids, not yet checked.
    pub entries: Vec<String>,
    /// One sentence, when given.
    pub summary: Option<String>,
    /// The id of the event this one follows; `None` when it has a `date`.
    pub after: Option<String>,
    /// How long after `after`.
    pub offset: Option<Offset>,
    /// Written `by = true`: the computed date is the latest day it may
    /// happen. Only with `after`.
    pub by: bool,
    /// When it will happen, in words.
    pub condition: Option<String>,
}

/// Reads the timeline events among the checked files, computes their
/// dates against `today` and checks their `terms` against the glossary;
/// each event's page learns it is one.
pub(super) fn read_all(
    checked: &[Checked],
    pages: &mut [Page],
    today: Date,
    entries: &[Entry],
    (absent_entries, absent_events): (&Absent, &Absent),
) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut drafts = Vec::new();
    let mut documents = Vec::new();
    let ids: Vec<String> = entries.iter().map(|t| t.id.clone()).collect();
    let entry_ids: BTreeMap<&str, EntryId> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), EntryId(i as u32)))
        .collect();
    for (i, c) in checked.iter().enumerate() {
        if c.kind != FileKind::Event {
            continue;
        }
        let (draft, mut d) = read(&c.document, PageId(i as u32), &c.meta.title);
        diagnostics.append(&mut d);
        for wanted in draft.entries.iter().filter(|w| !ids.contains(w)) {
            let Some(help) = absent_entries.help(
                wanted,
                super::links::closest(wanted, ids.iter()),
                "name glossary entries by their id: the file name without `.md`",
            ) else {
                continue;
            };
            diagnostics.push(
                c.document
                    .at_key(
                        "terms",
                        Diagnostic::error(format!(
                            "`terms` names an unknown glossary entry `{wanted}`"
                        )),
                    )
                    .with_help(help),
            );
        }
        drafts.push(draft);
        documents.push(c.document.as_ref());
    }
    let (events, mut d) = build(drafts, &documents, today, absent_events, &entry_ids);
    diagnostics.append(&mut d);
    for (i, event) in events.iter().enumerate() {
        pages[event.page.0 as usize].event = Some(EventId(i as u32));
    }
    (events, diagnostics)
}

/// Reads the event fields of `document`, whose page is `page` with `title`.
///
/// `date` and `end` are strings (`"1985-05"`), TOML dates (`1988-09-22`),
/// or a whole number for a year (`1974`, as YAML writes it unquoted).
pub fn read(document: &Document, page: PageId, title: &str) -> (EventDraft, Vec<Diagnostic>) {
    let mut fields = Fields::new(document);
    let mut draft = EventDraft {
        page,
        id: super::file_id(document),
        title: title.to_string(),
        date: fields.partial_date(&keys::EVENT_DATE),
        end: fields.partial_date(&keys::END),
        approximate: fields.flag(&keys::APPROXIMATE).unwrap_or(false),
        entries: fields.list(&keys::TERMS),
        summary: fields
            .text(&keys::EVENT_SUMMARY)
            .filter(|s| !s.trim().is_empty()),
        after: after(&mut fields),
        offset: offset(&mut fields),
        by: fields.flag(&keys::BY).unwrap_or(false),
        condition: fields.text(&keys::CONDITION),
    };
    check_together(&mut fields, &mut draft);
    if let Some(error) = id_error(document, &draft.id) {
        fields.diagnostics.push(error);
    }
    (draft, fields.diagnostics)
}

/// `after`, trimmed and without `.md`; an error when it is empty.
fn after(fields: &mut Fields) -> Option<String> {
    let after = fields.text(&keys::AFTER)?;
    if after.trim().is_empty() {
        return fields.invalid(
            &keys::AFTER,
            "`after` is empty".into(),
            "write the id of the event this one follows: its file name without `.md`",
        );
    }
    Some(after.trim().trim_end_matches(".md").to_string())
}

/// `offset`, parsed.
fn offset(fields: &mut Fields) -> Option<Offset> {
    let text = fields.text(&keys::OFFSET)?;
    match Offset::parse(&text) {
        Ok(offset) => Some(offset),
        Err(why) => fields.invalid(
            &keys::OFFSET,
            format!("`offset` is not valid: {why}"),
            "write how long after the other event: `offset = \"90 days\"` (days, weeks, months or years)",
        ),
    }
}

/// The rules that tie an event's keys together: a date or an `after` with
/// its `offset`, never both; `by = true` only with `after`; an `end` after
/// its `date`; a `condition` for an event that has neither. What breaks a
/// rule is reported and dropped.
fn check_together(fields: &mut Fields, draft: &mut EventDraft) {
    let has = |fields: &Fields, key: &keys::Key| fields.has(key);
    let (date, after, offset) = (
        has(fields, &keys::EVENT_DATE),
        has(fields, &keys::AFTER),
        has(fields, &keys::OFFSET),
    );
    if date && after {
        fields.error(
            keys::AFTER.name,
            "the event has both a `date` and an `after`",
            "keep `date` for a fixed date, or remove it to compute the date from `after` and `offset`",
        );
        draft.after = None;
        draft.offset = None;
    } else if after && !offset {
        fields.error(
            keys::AFTER.name,
            "`after` needs an `offset`",
            "add how long after that event this one happens: `offset = \"90 days\"` (days, weeks, months or years)",
        );
    }
    if offset && !after {
        fields.error(
            keys::OFFSET.name,
            "`offset` without `after`",
            "add `after = \"<event id>\"`, the event this one follows, or remove `offset`",
        );
        draft.offset = None;
    }
    if draft.by && !after {
        let help = match date {
            true => {
                "a written `date` cannot be a deadline: `by = true` marks a date computed from `after` and `offset` as the latest day the event may happen; remove `by`, or replace `date` with `after` and `offset`"
            }
            false => {
                "`by = true` marks a date computed from `after` and `offset` as the latest day the event may happen: add `after = \"<event id>\"` and `offset = \"1 year\"`, or remove `by`"
            }
        };
        fields.error(keys::BY.name, "`by = true` needs an `after`", help);
        draft.by = false;
    }
    if has(fields, &keys::END) && !date {
        fields.error(
            keys::END.name,
            "`end` needs a `date` to start from",
            "give the first date of the span as `date = \"…\"`, or remove `end`",
        );
        draft.end = None;
    }
    if let (Some(start), Some(last)) = (draft.date, draft.end)
        && last.last_day() < start.first_day()
    {
        fields.error(
            keys::END.name,
            format!("the event ends ({last}) before it starts ({start})"),
            "`end` is the last date of the span: check both dates",
        );
        draft.end = None;
    }
    let undated = !date && !after;
    let help = "add `date = \"YYYY-MM-DD\"` if the date is known, or say when it will happen: `condition = \"90 days after the 40th ratification\"`";
    match &draft.condition {
        Some(c) if c.trim().is_empty() => {
            if undated {
                fields.error(keys::CONDITION.name, "the condition is empty", help);
            }
            draft.condition = None;
        }
        Some(_) => {}
        None if undated && !has(fields, &keys::CONDITION) => {
            fields.error(
                keys::CONDITION.name,
                "an undated event needs a `condition`",
                help,
            );
        }
        None => {}
    }
    if draft.date.is_none() {
        draft.end = None;
    }
}

/// The error of an event id that holds white space: the id is an element
/// id on the timeline page, where white space is not allowed, and the
/// fragment of every link to the event.
fn id_error(document: &Document, id: &str) -> Option<Diagnostic> {
    if !id.contains(char::is_whitespace) {
        return None;
    }
    let slug = slug::slugify(id);
    let renamed = format!("{}.md", if slug.is_empty() { "event" } else { &slug });
    Some(
        Diagnostic::error(format!("the event id `{id}` holds white space"))
            .in_file(&document.file)
            .with_note("an event's id is its file name without `.md`: the id of its element on the timeline page, and what `[text](event:<id>)` links to")
            .with_help(format!("rename the file `{renamed}`")),
    )
}

/// Cross-checks drafts into events, in the same order (so `Event::after`
/// indexes the returned list): resolves `after` ids, refuses cycles,
/// computes relative dates in dependency order, and sets each status
/// against `today`. `documents[i]` is the document of `drafts[i]`; an
/// event's `terms` become the entries `entry_ids` gives them (those it does
/// not know are reported by the caller, which knows why they are missing).
///
/// An event after a pending event, after an unknown id, or in (or after) a
/// cycle of `after` is pending.
pub fn build(
    drafts: Vec<EventDraft>,
    documents: &[&Document],
    today: Date,
    absent: &Absent,
    entry_ids: &BTreeMap<&str, EntryId>,
) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let targets = after_targets(&drafts, documents, absent, &mut diagnostics);
    let dates = Dates::compute(&drafts, &targets, documents, &mut diagnostics);
    let titles: Vec<String> = drafts.iter().map(|d| d.title.clone()).collect();
    let events = drafts
        .into_iter()
        .enumerate()
        .map(|(i, draft)| {
            let date = dates.0[i].map(|(d, _)| d);
            let condition_given = draft.condition.is_some();
            let computed = targets[i].is_some() && date.is_some();
            let deadline = draft.by && computed;
            // The other event's title is quoted: spliced in as it is, its
            // capital would stand mid-sentence.
            let condition = draft.condition.or_else(|| {
                let (t, offset) = (targets[i]?, draft.offset?);
                Some(format!("{offset} after “{}”", titles[t]))
            });
            Event {
                page: draft.page,
                id: draft.id,
                title: draft.title,
                date,
                end: draft.end.filter(|_| date.is_some()),
                approximate: dates.0[i].map_or(draft.approximate, |(_, a)| a),
                computed,
                deadline,
                after: targets[i].map(|t| EventId(t as u32)),
                offset: draft.offset.filter(|_| targets[i].is_some()),
                condition,
                condition_given,
                summary: draft.summary,
                entries: draft
                    .entries
                    .iter()
                    .filter_map(|id| entry_ids.get(id.as_str()).copied())
                    .collect(),
                status: match (deadline, date) {
                    (true, Some(d)) => Status::of_deadline(&d, today),
                    _ => Status::of(date.as_ref(), today),
                },
            }
        })
        .collect::<Vec<_>>();
    (events, diagnostics)
}

/// For each draft, the index of the draft its `after` names; an unknown
/// id is an error (unless its file is absent and already reported).
fn after_targets(
    drafts: &[EventDraft],
    documents: &[&Document],
    absent: &Absent,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let ids: BTreeMap<&str, usize> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let all_ids: Vec<String> = drafts.iter().map(|d| d.id.clone()).collect();
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let wanted = draft.after.as_deref()?;
            if let Some(&t) = ids.get(wanted) {
                return Some(t);
            }
            let others = all_ids.iter().filter(|id| **id != draft.id);
            let help = absent.help(
                wanted,
                super::links::closest(wanted, others),
                "use the id of an event: its file name without `.md`",
            )?;
            diagnostics.push(
                documents[i]
                    .at_key(
                        keys::AFTER.name,
                        Diagnostic::error(format!("`after` names an unknown event `{wanted}`")),
                    )
                    .with_help(help),
            );
            None
        })
        .collect()
}

/// Each event's date, written or computed, and whether it is approximate;
/// `None` while it cannot be computed.
struct Dates(Vec<Option<(PartialDate, bool)>>);

impl Dates {
    /// Follows `after` (`targets`) from every event. Every event has at
    /// most one `after`, so a walk either stops or runs into one cycle,
    /// which is reported once; each walk stops at an event already done,
    /// and the events on it are then computed backwards.
    fn compute(
        drafts: &[EventDraft],
        targets: &[Option<usize>],
        documents: &[&Document],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Dates {
        let mut done = vec![false; drafts.len()];
        let mut on_path = vec![false; drafts.len()];
        let mut in_cycle = vec![false; drafts.len()];
        let mut dates = Dates(vec![None; drafts.len()]);
        for start in 0..drafts.len() {
            let mut path: Vec<usize> = Vec::new();
            let mut next = Some(start);
            while let Some(j) = next.filter(|&j| !done[j]) {
                if on_path[j] {
                    let at = path.iter().position(|&p| p == j).unwrap_or(0);
                    for &c in &path[at..] {
                        in_cycle[c] = true;
                    }
                    diagnostics.push(cycle_error(&path[at..], drafts, documents));
                    break;
                }
                on_path[j] = true;
                path.push(j);
                next = targets[j];
            }
            for &k in path.iter().rev() {
                done[k] = true;
                dates.0[k] = match in_cycle[k] {
                    true => None,
                    false => dates.of(k, &drafts[k], targets[k], documents, diagnostics),
                };
            }
        }
        dates
    }

    /// The date of `draft`, the `k`th, whose `after` is `target`: its own,
    /// or the offset applied to its target's, once that is known.
    fn of(
        &self,
        k: usize,
        draft: &EventDraft,
        target: Option<usize>,
        documents: &[&Document],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(PartialDate, bool)> {
        let Some(t) = target else {
            return match draft.after {
                Some(_) => None,
                None => draft.date.map(|d| (d, draft.approximate)),
            };
        };
        let (base, base_approximate) = self.0[t]?;
        match draft.offset?.apply(base) {
            Ok((date, approximate)) => {
                Some((date, draft.approximate || base_approximate || approximate))
            }
            Err(why) => {
                diagnostics.push(
                    documents[k]
                        .at_key(
                            keys::OFFSET.name,
                            Diagnostic::error(format!("the date cannot be computed: {why}")),
                        )
                        .with_help("check `after` and `offset`"),
                );
                None
            }
        }
    }
}

/// The error of a cycle of `after`, the events on `path` in walk order:
/// named from its first event in file order, at that event's `after`.
fn cycle_error(path: &[usize], drafts: &[EventDraft], documents: &[&Document]) -> Diagnostic {
    let mut cycle = path.to_vec();
    let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
    cycle.rotate_left(first);
    let names: Vec<&str> = cycle
        .iter()
        .chain(cycle.first())
        .map(|&c| drafts[c].id.as_str())
        .collect();
    documents[cycle[0]]
        .at_key(
            keys::AFTER.name,
            Diagnostic::error(format!("`after` makes a cycle: {}", names.join(" → "))),
        )
        .with_note("each arrow leads to the event named by `after`")
        .with_help("give one of these events a `date`, or a `condition` instead of `after`")
}

/// The order the timeline lists `events` in, as indices into it: dated
/// events by the first day their date covers, then coarser precision first
/// (`1985` before `1985-01` before `1985-01-01`), then title; pending events
/// last, by title. Titles compare without letter case; ties end on the id.
/// A deadline (`by = true`) stands at its computed date, the latest day it
/// may happen: where readers look for it, not at the earliest.
pub fn order(events: &[Event]) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..events.len()).collect();
    indices.sort_by_cached_key(|&i| {
        let e = &events[i];
        (
            e.date.is_none(),
            e.date,
            e.title.to_lowercase(),
            e.title.clone(),
            e.id.clone(),
        )
    });
    indices
}

#[cfg(test)]
mod tests;
