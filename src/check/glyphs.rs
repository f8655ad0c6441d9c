//! The font-coverage rule: every character the issue prints must be in a
//! font the build has, or Typst would print an empty box. The renderer
//! says which characters its fonts cover; this rule locates the ones they
//! do not.

use crate::diagnostic::rules;
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

/// Where a character is written: as itself, or as a character reference
/// (`&#20013;`, `&#x4E2D;`); U+FFFD also stands for a reference to no
/// character (`&#0;`, `&#xD800;`, `&#x110000;`). Failing all of these, the
/// start of the first file, which is the item's.
pub(super) fn locate(
    c: char,
    files: impl Iterator<Item = FileId>,
    sources: &Sources,
) -> Option<Span> {
    let files: Vec<FileId> = files.collect();
    let written = |text: &str| -> Option<std::ops::Range<usize>> {
        if let Some(start) = text.find(c) {
            return Some(start..start + c.len_utf8());
        }
        references(text)
            .find(|(_, value)| match value {
                Some(value) => *value == c,
                None => c == char::REPLACEMENT_CHARACTER,
            })
            .map(|(range, _)| range)
    };
    files
        .iter()
        .find_map(|&file| written(&sources.get(file).text).map(|range| Span { file, range }))
        .or_else(|| files.first().map(|&file| Span::file(file)))
}

/// The numeric character references of a text (`&#20013;`, `&#x4E2D;`)
/// with the character each stands for; `None` for those that stand for
/// none (`&#0;`, `&#xD800;`, `&#x110000;`), which Markdown reads as U+FFFD.
fn references(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, Option<char>)> + '_ {
    text.match_indices("&#").filter_map(|(at, _)| {
        let rest = &text[at + 2..];
        let hex = rest.starts_with(['x', 'X']);
        let digits = &rest[usize::from(hex)..];
        let len = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let end = at + 2 + usize::from(hex) + len;
        if len == 0 || !text[end..].starts_with(';') {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 })
            .ok()
            .and_then(char::from_u32)
            .filter(|&c| c != '\0');
        Some((at..end + 1, value))
    })
}
