//! Rendering: the composed document becomes pages (Typst) and HTML
//! (minijinja templates). A renderer reports what went wrong as facts (a
//! [`Problem`]); `check` turns them into diagnostics.

pub mod docx;
pub mod html;
pub mod typst;

use std::ops::Range;

use crate::diagnostic::FileId;

/// What a renderer could not do.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A template failed to parse or to run.
    Template {
        /// The template's name: `bulletin.typ`, `bulletin.html`, ….
        name: String,
        /// The project file it was read from; `None` when built in.
        file: Option<FileId>,
        /// Where in the template's text, when known.
        range: Option<Range<usize>>,
        /// The 1-based line, when only that is known.
        line: Option<usize>,
        /// The template engine's message.
        message: String,
    },
    /// Characters were laid out as empty boxes: no font drew them.
    Unprintable(Vec<char>),
}
