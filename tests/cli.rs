//! glossator's integration tests: the one test binary.
//!
//! Every test goes through [`support::SiteTest`]: it copies a small fixture
//! site from `tests/fixtures/<case>/` (one behaviour each, invalid ones
//! included) into a temporary folder, runs the real binary on it, and checks
//! what a reader meets — links, ids, text — or what the author is told.

#[path = "cli/support.rs"]
mod support;

#[path = "cli/site.rs"]
mod site;

#[path = "cli/outputs.rs"]
mod outputs;

#[path = "cli/sources.rs"]
mod sources;

#[path = "cli/languages.rs"]
mod languages;

#[path = "cli/diagnostics.rs"]
mod diagnostics;

#[path = "cli/commands.rs"]
mod commands;

#[path = "cli/data.rs"]
mod data;

#[path = "cli/cards.rs"]
mod cards;

#[path = "cli/hover_cards.rs"]
mod hover_cards;

#[path = "cli/annotations.rs"]
mod annotations;

#[path = "cli/timeline_drawing.rs"]
mod timeline_drawing;

#[path = "cli/browser.rs"]
mod browser;

#[path = "cli/serve.rs"]
mod serve;

#[path = "cli/determinism.rs"]
mod determinism;

#[path = "cli/faults.rs"]
mod faults;

#[path = "cli/load.rs"]
mod load;

#[path = "cli/hostile.rs"]
mod hostile;

#[path = "cli/escaping.rs"]
mod escaping;

#[path = "cli/notes.rs"]
mod notes;

#[path = "cli/notes_outputs.rs"]
mod notes_outputs;

#[path = "cli/tutorial.rs"]
mod tutorial;

#[path = "cli/common_errors.rs"]
mod common_errors;

#[path = "cli/connections.rs"]
mod connections;
