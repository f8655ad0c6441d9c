//! Diagnostics: what went wrong, where, and how to fix it. Every stage
//! returns all of its diagnostics; [`emit`] renders them for people
//! (codespan-reporting) or for machines (JSON lines), into any stream.

mod emit;

pub use emit::{emit, emit_each, json, text};

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub mod rules;

use rules::Rule;

/// Diagnostics together with the sources they point into.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every file read, for showing source lines.
    pub sources: Sources,
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Index of a source file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(u32);

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte range in the file's text (after decoding, with `\n` line ends).
    pub range: Range<usize>,
}

impl Span {
    /// A span that names a whole file without pointing into it.
    pub fn file(file: FileId) -> Self {
        Self { file, range: 0..0 }
    }
}

/// A source file as read: its path relative to the project root and its
/// decoded text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project root, for messages.
    pub path: PathBuf,
    /// Decoded text with `\n` line ends.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub(crate) fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        (line + 1, column + 1)
    }

    /// Byte offset of a 1-based line and column (in characters).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .take_while(|&(_, c)| c != '\n')
            .map(|(i, _)| start + i)
            .nth(column.saturating_sub(1))
            .unwrap_or_else(|| {
                let end = self.text[start..]
                    .find('\n')
                    .map_or(self.text.len(), |i| start + i);
                end.min(self.text.len())
            })
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of the 1-based line that holds `offset`, without its `\n`.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        start..end
    }
}

/// Every file read for a command, so diagnostics can show their lines.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Registers a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(path, text));
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file with this id, if it is one of these sources.
    pub fn try_get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// The id of the file at `path`, if it was read.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.iter().find(|(_, f)| f.path == path).map(|(id, _)| id)
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Printing goes on.
    Warning,
    /// Nothing is written.
    Error,
}

/// One problem found in the sources.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code of the rule that found it, e.g. `E-YAML`.
    pub code: &'static str,
    /// Where, when known.
    pub span: Option<Span>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at a span, at the rule's default level.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Self {
            severity: rule.level,
            code: rule.code,
            span: Some(span),
            message: message.into(),
            hint: None,
        }
    }

    /// A finding of `rule` that has no place in a file.
    pub fn unplaced(rule: &'static Rule, message: impl Into<String>) -> Self {
        Self {
            span: None,
            ..Self::new(rule, Span::file(FileId(0)), message)
        }
    }

    /// Adds a hint on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any of the diagnostics is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// The JSON form of a diagnostic: a stable schema for CI.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// Rule code.
    pub code: &'a str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// File path relative to the project root.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// Byte range `[start, end)` in the file.
    pub range: Option<[usize; 2]>,
    /// What is wrong.
    pub message: &'a str,
    /// How to fix it.
    pub hint: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    /// Resolves a diagnostic's span against the sources.
    pub fn new(diagnostic: &'a Diagnostic, sources: &Sources) -> Self {
        let located = diagnostic.span.as_ref().map(|span| {
            let file = sources.get(span.file);
            let (line, column) = file.line_col(span.range.start);
            (
                file.path.display().to_string(),
                line,
                column,
                span.range.clone(),
            )
        });
        Self {
            code: diagnostic.code,
            severity: diagnostic.severity,
            file: located.as_ref().map(|l| l.0.clone()),
            line: located.as_ref().map(|l| l.1),
            column: located.as_ref().map(|l| l.2),
            range: located.as_ref().map(|l| [l.3.start, l.3.end]),
            message: &diagnostic.message,
            hint: diagnostic.hint.as_deref(),
        }
    }
}

/// The known name closest to a misspelt one, if any is close: within two
/// edits, or a third of the name's characters for long names.
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d < word.chars().count().max(1) && *d <= 2.max(k.chars().count() / 3))
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let file = SourceFile::new("a.md".into(), "第一行\n第二行ab\n".into());
        let offset = "第一行\n第二".len();
        assert_eq!(file.line_col(offset), (2, 3));
        assert_eq!(file.offset(2, 3), offset);
        assert_eq!(file.line_col(0), (1, 1));
    }

    #[test]
    fn nearest_finds_misspellings_and_counts_characters() {
        let known = ["grid", "leader", "date", "participants"];
        assert_eq!(nearest("leadr", &known), Some("leader"));
        assert_eq!(nearest("participant", &known), Some("participants"));
        assert_eq!(nearest("colour", &known), None);
        // Two characters that share none are not close, whatever their bytes.
        assert_eq!(nearest("李四", &["张三"]), None);
        assert_eq!(nearest("朱加芸", &["朱加云", "张旋宇"]), Some("朱加云"));
    }
}
