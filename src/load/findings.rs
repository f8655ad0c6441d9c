//! What the loader reports so that nothing in an item is dropped silently:
//! the Markdown constructs that do not print as written (located in the
//! file, also inside `remarks`), and the bodies of items whose front matter
//! failed, kept so that the rules which read only the body still run.

use std::ops::Range;
use std::path::Path;

use serde_saphyr::Spanned;

use super::Loader;
use super::markdown::{self, Finding};
use super::yaml::YamlDoc;
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::model::{Block, Image};

/// The body of an item whose front matter has errors: it is not built,
/// but the rules that need nothing from the front matter read it.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// The item file.
    pub file: FileId,
    /// Byte range of its Markdown body.
    pub body_range: Range<usize>,
}

impl Loader<'_> {
    /// Parses the Markdown body at `range` of file `id`, reporting what
    /// does not print as written at its place in the file; the images it
    /// names are read from `dir`, the issue folder.
    pub(super) fn body(
        &mut self,
        id: FileId,
        range: Range<usize>,
        dir: &Path,
    ) -> (Vec<Block>, Vec<Image>) {
        let text = &self.sources.get(id).text[range.clone()];
        let parsed = markdown::parse_reporting(text);
        for finding in parsed.findings {
            let span = Span {
                file: id,
                range: range.start + finding.range.start..range.start + finding.range.end,
            };
            self.diagnostics.push(diagnostic(finding, span));
        }
        let images = self.images(id, dir, range.start, &parsed.images);
        (parsed.blocks, images)
    }
}

fn diagnostic(finding: Finding, span: Span) -> Diagnostic {
    Diagnostic::new(finding.rule, span, finding.message).with_hint(finding.hint)
}

/// Parses a Markdown front-matter value (`remarks`), reporting what does
/// not print as written at its line in the file.
pub(super) fn field_markdown(
    doc: &YamlDoc<'_>,
    value: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let parsed = markdown::parse_reporting(&value.value);
    let span = doc.span(&value.referenced);
    for finding in parsed.findings {
        let at = locate_in_value(doc, &span, &value.value, finding.range.start);
        out.push(diagnostic(finding, at));
    }
    for image in parsed.images {
        let at = locate_in_value(doc, &span, &value.value, image.range.start);
        out.push(
            Diagnostic::new(
                &rules::E_IMAGE_INLINE,
                at,
                format!("remarks 中不能放图片 {}", image.url),
            )
            .with_hint("图片请放在正文中，单独成段"),
        );
    }
    parsed.blocks
}

/// The place in the file of byte `offset` of a YAML value written at
/// `span`: a block scalar (`|`, `>`) starts on the next line, indented;
/// a value on one line starts at its span (after a quote). Falls back to
/// the value's span when the text does not match.
fn locate_in_value(doc: &YamlDoc<'_>, span: &Span, value: &str, offset: usize) -> Span {
    let file = doc.file;
    let before = &value[..offset.min(value.len())];
    let line_in_value = before.matches('\n').count();
    let column_bytes = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    let start = span.range.start;
    let (first_line, _) = file.line_col(start);
    let opener = file.text[start..].chars().next();
    let (line, base) = match opener {
        Some('|' | '>') => {
            let line = first_line + 1 + line_in_value;
            let range = file.line_range(line);
            let text = &file.text[range.clone()];
            let indent = text.len() - text.trim_start_matches(' ').len();
            (line, range.start + indent)
        }
        Some('"' | '\'') if line_in_value == 0 => (first_line, start + 1),
        _ if line_in_value == 0 => (first_line, start),
        // A block scalar whose span starts at its first line of text: the
        // value's lines follow, each indented alike.
        _ => {
            let line = first_line + line_in_value;
            let range = file.line_range(line);
            let text = &file.text[range.clone()];
            let indent = text.len() - text.trim_start_matches(' ').len();
            (line, range.start + indent)
        }
    };
    let at = base + column_bytes;
    let line_end = file.line_range(line).end;
    if at > line_end || !file.text.is_char_boundary(at) {
        return span.clone();
    }
    Span {
        file: span.file,
        range: at..at,
    }
}
