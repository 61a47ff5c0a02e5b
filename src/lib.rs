//! `reconcile` finds every figure in a set of texts, maps each onto a canonical key with
//! user-written rules, and shows where sources disagree.
//!
//! Data flows one way, one module per step:
//!
//! ```text
//! source ──▶ extract ──▶ normalize(rules) ──▶ compare ──▶ render
//! Source      Mention      Claim | Unmapped     Finding     table | json | markdown | csv | html
//! ```
//!
//! - [`source`] loads files, folders and manifests and reduces Markdown/HTML to prose.
//! - [`extract`] finds quantities (value, unit, hedge, period) using [`lang`] data.
//! - [`rules`] compiles `rules/*.toml`; [`normalize`] maps mentions onto keys.
//! - [`compare`] turns claims into findings with verdicts; [`render`] shows them.
//!
//! The library never prints; `main.rs` owns stdout, stderr and the exit status.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod check;
pub mod cli;
pub mod compare;
pub mod config;
pub mod conformance;
pub mod derive;
pub mod diff;
pub mod discover;
pub mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod lang;
pub mod normalize;
pub mod pipeline;
pub mod render;
pub mod rules;
pub mod source;
pub mod text;
