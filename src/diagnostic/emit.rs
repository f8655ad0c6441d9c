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

use super::Report;
use super::{Diagnostic, FileId, JsonDiagnostic, Severity, SourceFile, Sources};
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
        if let Some(hint) = &d.hint {
            cs = cs.with_notes(vec![format!("提示：{}", escape::lines(hint))]);
        }
        let Some(span) = d
            .span
            .as_ref()
            .filter(|s| sources.try_get(s.file).is_some())
        else {
            let _ = term::emit_to_write_style(out, &config, &shown, &cs);
            continue;
        };
        let text = &escaped[span.file.0 as usize];
        let range = text.offset(span.range.start)..text.offset(span.range.end);
        let file = shown.get(span.file);
        match Window::around(file, range.clone()) {
            Some((window, range)) => {
                let cs = cs.with_labels(vec![Label::primary(span.file, range)]);
                let _ = term::emit_to_write_style(out, &config, &window, &cs);
            }
            None => {
                let cs = cs.with_labels(vec![Label::primary(span.file, range)]);
                let _ = term::emit_to_write_style(out, &config, &shown, &cs);
            }
        }
    }
}

/// Lines longer than this many bytes are shown as a window around the
/// place a diagnostic points at: a paragraph of a mebibyte, printed once
/// per diagnostic, would flood the terminal.
const LONG_LINE: usize = 400;
/// How much of the line a window shows before and after the place.
const CONTEXT: usize = 120;
/// How much of a long range a window shows.
const RANGE: usize = 240;

/// A part of one long source line, shown in place of the whole line, with
/// the line and column of the place in the whole file. It answers for any
/// file id: it is made for one label.
struct Window {
    name: String,
    text: String,
    line: usize,
    column: usize,
}

impl Window {
    /// The window around `range` of `file`, and the range within it; `None`
    /// when the line is short enough to show whole.
    fn around(file: &SourceFile, range: Range<usize>) -> Option<(Self, Range<usize>)> {
        let (line, column) = file.line_col(range.start);
        let line_start = file.line_starts[line - 1];
        let line_end = file
            .line_starts
            .get(line)
            .map_or(file.text.len(), |&next| next - 1);
        if line_end - line_start <= LONG_LINE {
            return None;
        }
        let text = &file.text;
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(range.start.saturating_sub(CONTEXT).max(line_start));
        let shown_end = range.end.min(range.start + RANGE).min(line_end);
        let end = floor((shown_end + CONTEXT).min(line_end)).max(range.start);
        let mut window = String::new();
        if start > line_start {
            window.push('…');
        }
        let offset = window.len();
        window.push_str(&text[start..end]);
        if end < line_end {
            window.push('…');
        }
        window.push('\n');
        let shown =
            offset + range.start - start..offset + floor(shown_end).max(range.start) - start;
        let window = Window {
            name: file.path.display().to_string(),
            text: window,
            line,
            column,
        };
        Some((window, shown))
    }
}

impl<'a> Files<'a> for Window {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, _: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: FileId, _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, _: FileId, _: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn column_number(&'a self, _: FileId, _: usize, _: usize) -> Result<usize, FilesError> {
        Ok(self.column)
    }

    fn line_range(&'a self, _: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        match line_index {
            0 => Ok(0..self.text.len()),
            _ => Err(FilesError::LineTooLarge {
                given: line_index,
                max: 0,
            }),
        }
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
