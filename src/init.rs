//! `glossator init DIR`: writes a small site that builds with no warning and
//! explains itself. Its files live in `src/init/` and are compiled in.

use std::io;
use std::path::Path;

/// The starter site: (path under DIR, contents).
const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("init/site.toml")),
    ("content/_index.md", include_str!("init/_index.md")),
    ("content/_index.fr.md", include_str!("init/_index.fr.md")),
    ("content/guide.md", include_str!("init/guide.md")),
    (
        "content/glossary/example-treaty.md",
        include_str!("init/glossary/example-treaty.md"),
    ),
    (
        "content/glossary/example-treaty.fr.md",
        include_str!("init/glossary/example-treaty.fr.md"),
    ),
    (
        "content/glossary/example-organization.md",
        include_str!("init/glossary/example-organization.md"),
    ),
    (
        "content/timeline/signature.md",
        include_str!("init/timeline/signature.md"),
    ),
    (
        "content/timeline/ratification.md",
        include_str!("init/timeline/ratification.md"),
    ),
    (
        "content/timeline/entry-into-force.md",
        include_str!("init/timeline/entry-into-force.md"),
    ),
    (
        "content/notes/front-matter.md",
        include_str!("init/notes/front-matter.md"),
    ),
    ("content/sources.bib", include_str!("init/sources.bib")),
];

/// Writes the starter site into `dir`, which must not exist or be empty.
/// Its `[timeline] today` is the day it is written, so the explainer's
/// statuses hold still until its author moves the day on.
pub fn init(dir: &Path) -> io::Result<Vec<&'static str>> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "it exists and is not a folder",
            ));
        }
        if std::fs::read_dir(dir)?.next().is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "the folder is not empty; choose a new or empty folder",
            ));
        }
    }
    for (path, text) in FILES {
        let dest = dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if *path == "site.toml" {
            let today = crate::dates::today().to_string();
            std::fs::write(dest, text.replace("{today}", &today))?;
        } else {
            std::fs::write(dest, text)?;
        }
    }
    Ok(FILES.iter().map(|(path, _)| *path).collect())
}
