//! `bulletin` compiles Chinese work bulletins (工作简报) from plain files —
//! one YAML-front-matter + Markdown file per item — into print-ready PDF.
//!
//! The pipeline runs in one direction: [`load`] reads and parses the project
//! into the [`model`], [`check`] applies the rules that span files
//! ([`checked`] runs both for a selection of issues),
//! [`compose`] turns an issue into the printed document, [`render`] typesets
//! it, and [`output`] writes the files. See
//! `ARCHITECTURE.md`.

pub mod archive;
pub mod build;
pub mod check;
pub mod checked;
pub mod cli;
pub mod compose;
pub mod diagnostic;
pub mod error;
pub mod escape;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod zh;

pub use error::{Error, Result};
