//! Rendering diagnostics: for people through codespan-reporting (the look
//! of typst's own errors), reading the source lines straight from
//! [`Sources`], or as one JSON object per line for machines. The command
//! line picks the stream and the colour; `serve` renders the same text into
//! its error overlay.

use std::io::Write;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, WriteStyle, termcolor::WriteColor};

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
/// visible symbols, never sent to the terminal to obey. A problem repeated
/// in one file (the same rule and message, [`REPEATED`] times or more) is
/// shown once in full, with a note of where else it occurs; a file that was not read as text (a Word
/// file beside the items, a file too large) is named without an excerpt.
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
    for (d, repeats) in grouped(sources, diagnostics) {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(escape::lines(&d.message));
        let mut notes = Vec::new();
        if let Some(hint) = &d.hint {
            notes.push(format!("提示：{}", escape::lines(hint)));
        }
        if !repeats.is_empty() {
            notes.push(format!(
                "同样的问题另有 {} 处：第 {} 行",
                repeats.len(),
                line_list(&repeats)
            ));
        }
        cs = cs.with_notes(notes);
        let Some(span) = d
            .span
            .as_ref()
            .filter(|s| sources.try_get(s.file).is_some())
        else {
            let _ = term::emit_to_write_style(out, &config, &shown, &cs);
            continue;
        };
        let file = shown.get(span.file);
        if file.text.is_empty() {
            let _ = emit_named(out, &config, &cs, &file.path.display().to_string());
            continue;
        }
        let text = &escaped[span.file.0 as usize];
        let range = text.offset(span.range.start)..text.offset(span.range.end);
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

/// From this many times on, a problem repeated in one file is shown once:
/// two are read at a glance (two half-width commas in a line, each with its
/// caret), fifty pasted HTML tags are a flood.
const REPEATED: usize = 3;

/// Each diagnostic to show in full, in the order given, with the lines of
/// the later ones of the same rule and message in the same file when there
/// are [`REPEATED`] or more: those are not shown again.
fn grouped<'a>(
    sources: &Sources,
    diagnostics: &'a [Diagnostic],
) -> Vec<(&'a Diagnostic, Vec<usize>)> {
    let mut count = std::collections::HashMap::new();
    for d in diagnostics {
        if let Some(span) = &d.span {
            *count
                .entry((span.file, d.code, d.message.as_str(), d.hint.as_deref()))
                .or_insert(0) += 1;
        }
    }
    let mut out: Vec<(&Diagnostic, Vec<usize>)> = Vec::new();
    let mut first = std::collections::HashMap::new();
    for d in diagnostics {
        let located = d
            .span
            .as_ref()
            .and_then(|s| Some((s, sources.try_get(s.file)?)));
        let Some((span, file)) = located else {
            out.push((d, Vec::new()));
            continue;
        };
        let key = (span.file, d.code, d.message.as_str(), d.hint.as_deref());
        if count.get(&key).copied().unwrap_or(0) < REPEATED {
            out.push((d, Vec::new()));
            continue;
        }
        match first.get(&key) {
            Some(&at) => {
                let (_, lines): &mut (&Diagnostic, Vec<usize>) = &mut out[at];
                lines.push(file.line_col(span.range.start).0);
            }
            None => {
                first.insert(key, out.len());
                out.push((d, Vec::new()));
            }
        }
    }
    out
}

/// Line numbers as a reader takes them in: ascending, each once, runs of
/// consecutive lines as a range: 7–55, or 3、8–9、12.
fn line_list(lines: &[usize]) -> String {
    let mut lines = lines.to_vec();
    lines.sort_unstable();
    lines.dedup();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for line in lines {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == line => *end = line,
            _ => runs.push((line, line)),
        }
    }
    runs.iter()
        .map(|&(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}–{end}")
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Writes a diagnostic about a whole file that was not read as text: the
/// header, the file's name where codespan puts a location, and the notes,
/// with no source line (an empty `1 │` would only puzzle).
fn emit_named(
    out: &mut dyn WriteColor,
    config: &term::Config,
    cs: &CsDiagnostic<FileId>,
    name: &str,
) -> Result<(), FilesError> {
    let mut writer = Styled(out);
    let mut r = term::Renderer::new(&mut writer, config);
    r.render_header(None, cs.severity, cs.code.as_deref(), &cs.message)?;
    // The gutter of a one-digit line number, then the corner codespan
    // draws before a location.
    write!(r, "  ")?;
    r.set_source_border()?;
    write!(r, "{}", config.chars.snippet_start)?;
    r.reset()?;
    writeln!(r, " {name}")?;
    r.render_snippet_empty(1, cs.severity, 0, &[])?;
    for note in &cs.notes {
        r.render_snippet_note(1, note)?;
    }
    r.render_empty()
}

/// A `WriteColor` as codespan's renderer takes it.
struct Styled<'a>(&'a mut dyn WriteColor);

impl Write for Styled<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl WriteColor for Styled<'_> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &term::termcolor::ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
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
