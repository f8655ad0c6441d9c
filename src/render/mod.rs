//! Rendering: the composed document becomes pages (Typst).

pub mod typst;
