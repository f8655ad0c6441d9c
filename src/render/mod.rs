//! Rendering: the composed document becomes pages (Typst) and HTML
//! (minijinja templates).

pub mod html;
pub mod typst;
