//! Rendering: the composed document becomes pages (Typst) and HTML
//! (minijinja templates). A renderer reports what went wrong as facts (a
//! [`Problem`], defined by `check`, which turns them into diagnostics).

pub mod docx;
pub mod html;
pub mod typst;

pub use crate::check::Problem;
