//! Entries and events whose files are not in this build: a file that could
//! not be loaded (its error is already reported) or a draft. A reference to
//! one is not an "unknown id": the first is not reported a second time, as
//! rustc reports an error once and not every use of the broken item; the
//! second says why the id is missing.

use std::collections::BTreeSet;

/// The ids, in one folder (`glossary/` or `timeline/`), of files absent
/// from this build.
#[derive(Clone, Debug, Default)]
pub struct Absent {
    unreadable: BTreeSet<String>,
    drafts: BTreeSet<String>,
}

/// Why an id is absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gone {
    /// Its file could not be loaded; that error is already reported.
    Unreadable,
    /// It is a draft, left out of this build.
    Draft,
}

impl Absent {
    /// The absent ids among content paths `unreadable` and `drafts` that
    /// `is_member` of folder `dir` (`dir/<id>.md`).
    pub fn new(
        unreadable: &[String],
        drafts: &[String],
        dir: &str,
        is_member: impl Fn(&str) -> bool,
    ) -> Absent {
        let ids = |paths: &[String]| {
            paths
                .iter()
                .filter(|path| is_member(path))
                .filter_map(|path| {
                    let name = path.strip_prefix(dir)?.strip_prefix('/')?;
                    Some(name.strip_suffix(".md")?.to_string())
                })
                .collect()
        };
        Absent {
            unreadable: ids(unreadable),
            drafts: ids(drafts),
        }
    }

    /// Why `id` is absent, if it is.
    pub fn get(&self, id: &str) -> Option<Gone> {
        if self.unreadable.contains(id) {
            Some(Gone::Unreadable)
        } else if self.drafts.contains(id) {
            Some(Gone::Draft)
        } else {
            None
        }
    }

    /// The help for `wanted`, an id no entry or event of this build has:
    /// `None` when its file could not be loaded (that error is reported,
    /// nothing more is to be said); that it is a draft; else "did you
    /// mean" the `closest` id, or `otherwise`.
    pub fn help(&self, wanted: &str, closest: Option<&str>, otherwise: &str) -> Option<String> {
        Some(match (self.get(wanted), closest) {
            (Some(Gone::Unreadable), _) => return None,
            (Some(Gone::Draft), _) => Absent::draft_help(wanted),
            (None, Some(s)) => format!("did you mean `{s}`?"),
            (None, None) => otherwise.to_string(),
        })
    }

    /// The help for a reference to the draft `id`.
    pub fn draft_help(id: &str) -> String {
        format!("`{id}` is a draft, left out of this build: build with --drafts to include it")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The annotations' folders of a site that names none.
    const FOLDERS: &crate::config::Folders = &crate::config::Folders {
        glossary: "glossary",
        timeline: "timeline",
        notes: "notes",
    };

    #[test]
    fn ids_come_from_the_files_of_one_folder() {
        let member =
            |path: &str| crate::site::FileKind::of(path, FOLDERS) == crate::site::FileKind::Entry;
        let absent = Absent::new(
            &[
                "glossary/un.md".into(),
                "glossary/deep/x.md".into(),
                "a.md".into(),
            ],
            &["glossary/draft.md".into(), "timeline/draft2.md".into()],
            "glossary",
            member,
        );
        assert_eq!(absent.get("un"), Some(Gone::Unreadable));
        assert_eq!(absent.get("draft"), Some(Gone::Draft));
        assert_eq!(absent.get("x"), None);
        assert_eq!(absent.get("a"), None);
        assert_eq!(absent.get("draft2"), None);
    }
}
