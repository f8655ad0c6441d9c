//! Rendering diagnostics: for people through codespan-reporting (the look
//! of typst's own errors), reading the source lines straight from
//! [`Sources`], or as one JSON object per line for machines. The command
//! line picks the stream and the colour; `serve` renders the same text into
//! its error overlay.

use std::io::Write;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::WriteColor};

use super::{Diagnostic, FileId, JsonDiagnostic, Severity, SourceFile, Sources};
use crate::error::Report;
use crate::escape::{self, Escaped};

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = std::path::Display<'a>;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<Self::Name, FilesError> {
        Ok(self
            .try_get(id)
            .ok_or(FilesError::FileMissing)?
            .path
            .display())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.try_get(id).ok_or(FilesError::FileMissing)?.text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.try_get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.line_col(byte_index).0 - 1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.try_get(id).ok_or(FilesError::FileMissing)?;
        let start = *file
            .line_starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: file.line_starts.len() - 1,
            })?;
        // Up to and including the line's `\n`, as codespan expects.
        let end = file
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

/// Writes every diagnostic of a report for people.
pub fn emit(out: &mut dyn WriteColor, report: &Report) {
    emit_each(out, &report.sources, &report.diagnostics);
}

/// Writes diagnostics that point into `sources` for people. Control
/// characters in file names, messages, hints and source lines are shown as
/// visible symbols, never sent to the terminal to obey.
pub fn emit_each(out: &mut dyn WriteColor, sources: &Sources, diagnostics: &[Diagnostic]) {
    let config = term::Config::default();
    let escaped: Vec<Escaped> = sources
        .files
        .iter()
        .map(|f| Escaped::new(&f.text))
        .collect();
    let shown = Sources {
        files: sources
            .files
            .iter()
            .zip(&escaped)
            .map(|(f, text)| {
                let name = escape::line(&f.path.display().to_string()).into_owned();
                SourceFile::new(name.into(), text.text.clone())
            })
            .collect(),
    };
    for d in diagnostics {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(escape::lines(&d.message));
        if let Some(span) = d
            .span
            .as_ref()
            .filter(|s| sources.try_get(s.file).is_some())
        {
            let text = &escaped[span.file.0 as usize];
            let range = text.offset(span.range.start)..text.offset(span.range.end);
            cs = cs.with_labels(vec![Label::primary(span.file, range)]);
        }
        if let Some(hint) = &d.hint {
            cs = cs.with_notes(vec![format!("提示：{}", escape::lines(hint))]);
        }
        let _ = term::emit_to_write_style(out, &config, &shown, &cs);
    }
}

/// Every diagnostic as plain text, exactly as [`emit`] writes it without
/// colour.
pub fn text(report: &Report) -> String {
    let mut buffer = term::termcolor::NoColor::new(Vec::new());
    emit(&mut buffer, report);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}

/// Writes every diagnostic as one JSON object per line.
pub fn json(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let json = JsonDiagnostic::new(d, &report.sources);
        serde_json::to_writer(&mut *out, &json)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
