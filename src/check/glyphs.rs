//! The font-coverage rule: every character the issue prints must be in a
//! font the build has, or Typst would print an empty box. The renderer
//! says which characters its fonts cover; this rule locates the ones they
//! do not.

use super::rules;
use crate::diagnostic::{Diagnostic, FileId, Sources, Span};

/// Reports each character of `texts` that `covers` says no font has, once
/// per file, at its first place in that file (or in the configuration, for
/// text that comes from there: the masthead, phrases, the distribution).
/// Each text comes with the item file it was written in, if any.
pub fn missing(
    texts: impl Iterator<Item = (Option<FileId>, String)>,
    covers: impl Fn(char) -> bool,
    sources: &Sources,
    config_file: FileId,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen = Vec::new();
    for (file, text) in texts {
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || covers(c) || seen.contains(&(file, c)) {
                continue;
            }
            seen.push((file, c));
            let message = format!("字符「{c}」(U+{:04X}) 没有可用的字体能够显示", c as u32);
            let diagnostic = match locate(c, file.into_iter().chain([config_file]), sources) {
                Some(span) => Diagnostic::new(&rules::E_GLYPH_MISSING, span, message),
                None => Diagnostic::unplaced(&rules::E_GLYPH_MISSING, message),
            };
            diagnostics.push(diagnostic.with_hint(
                "请确认是否为错字或特殊符号；如确需使用，请把含有该字的字体文件放入项目的 fonts/ 目录",
            ));
        }
    }
    diagnostics
}

fn locate(c: char, files: impl Iterator<Item = FileId>, sources: &Sources) -> Option<Span> {
    files
        .filter_map(|file| {
            let start = sources.get(file).text.find(c)?;
            Some(Span {
                file,
                range: start..start + c.len_utf8(),
            })
        })
        .next()
}
