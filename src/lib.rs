//! `bulletin` compiles Chinese work bulletins (工作简报) from plain files —
//! one YAML-front-matter + Markdown file per item — into print-ready PDF,
//! HTML and page images.
//!
//! The pipeline runs one way, a module per stage:
//!
//! ```text
//! load (files → model) → check (model → diagnostics) → compose (model → document)
//!   → render (document → Typst pages | HTML) → output (atomic writes)
//! ```
//!
//! [`pipeline`] joins the stages for every command: [`pipeline::check`]
//! loads, checks and composes the selected issues; [`pipeline::Checked::compile`]
//! renders one. The commands in [`cli`] call it; `archive` and `serve`
//! build on it. See `ARCHITECTURE.md`.

pub mod check;
pub(crate) mod compose;
pub mod import;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod output;
pub mod page;
pub mod pipeline;
pub mod render;

pub(crate) mod archive;
pub mod cli;
pub mod diagnostic;
pub mod error;
pub mod escape;
pub(crate) mod invisible;
pub(crate) mod ledger;
pub(crate) mod scaffold;
pub(crate) mod serve;
pub(crate) mod zh;

pub use error::{Error, Result};
#[cfg(test)]
mod layers;
