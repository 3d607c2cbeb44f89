//! Serve: the preview server's building blocks (the `serve` command itself
//! lands with them; see issue 5 in the tracker).
//!
//! The parts that decide what is safe and what to rebuild are pure
//! functions, tested on their own and fuzzable:
//!
//! - [`path::resolve`]: a request path -> a file of the output, confined to
//!   it whatever the encoding;
//! - [`classify::classify`]: changed files -> what a rebuild must redo.

pub mod classify;
pub mod path;
