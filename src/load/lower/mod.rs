//! Lowering: the parsed YAML and Markdown of each file become the typed
//! model. Syntax and schema errors are reported here, at their place in
//! the file; the rules that need the model are `check`'s. One file per
//! kind of file: `bulletin.yaml`, `issue.yaml`, the items.

mod issue;
mod item;
mod series;

use std::path::Path;

use super::Loader;
use super::yaml::YamlDoc;
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, SourceFile, Span};
use crate::error::Result;
use crate::model::{Date, Located};

impl Loader<'_> {
    /// Reads a YAML file and parses the whole of it: `None` when it cannot
    /// be read or parsed (a diagnostic says why).
    fn parse_file<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &Path,
    ) -> Result<Option<(FileId, T)>> {
        let Some(id) = self.read(path)? else {
            return Ok(None);
        };
        let len = self.sources.get(id).text.len();
        match self.doc(id, 0..len).parse() {
            Ok(raw) => Ok(Some((id, raw))),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                Ok(None)
            }
        }
    }
}

fn parse_date(
    doc: &YamlDoc<'_>,
    raw: &serde_saphyr::Spanned<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Located<Date>> {
    let span = doc.span(&raw.referenced);
    match Date::parse_from_str(raw.value.trim(), "%Y-%m-%d") {
        Ok(value) => Some(Located { value, span }),
        Err(_) => {
            problems.push(
                Diagnostic::new(
                    &rules::E_DATE_INVALID,
                    span,
                    format!("日期 {} 无效", raw.value.trim()),
                )
                .with_hint("日期写作 2021-03-16（年-月-日），且须是日历上存在的日子"),
            );
            None
        }
    }
}

/// The span of `key` on the line where its value (at `value`) is written,
/// or the value's span when the key is not found there.
fn key_span(file: &SourceFile, value: Span, key: &str) -> Span {
    let (line, _) = file.line_col(value.range.start);
    let line_range = file.line_range(line);
    match file.text[line_range.clone()].find(key) {
        Some(at) => Span {
            file: value.file,
            range: line_range.start + at..line_range.start + at + key.len(),
        },
        None => value,
    }
}
