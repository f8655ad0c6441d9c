//! YAML through serde-saphyr, with its errors turned into diagnostics that
//! point at the file, line and column, in plain Chinese.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options};

use crate::diagnostic::{Diagnostic, FileId, SourceFile, Span};

/// A YAML document inside a file: the whole file, or its front matter.
pub struct YamlDoc<'a> {
    /// The file.
    pub id: FileId,
    /// Its text.
    pub file: &'a SourceFile,
    /// Byte range of the YAML inside the file.
    pub range: Range<usize>,
}

impl YamlDoc<'_> {
    /// Deserializes the document into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let text = &self.file.text[self.range.clone()];
        if let Some(offset) = text.lines().position(|l| l.starts_with('\t')) {
            let line = self.first_line() + offset;
            let start = self.file.line_range(line).start;
            return Err(Diagnostic::error(
                "E-YAML-TAB",
                Span {
                    file: self.id,
                    range: start..start + 1,
                },
                "YAML 缩进不能用制表符 (Tab)",
            )
            .with_hint("请改用空格缩进，同一层级对齐"));
        }
        let mut options = Options::default();
        options.with_snippet = false;
        serde_saphyr::from_str_with_options(text, options).map_err(|e| self.error(&e))
    }

    /// The 1-based line of the file where the YAML starts.
    fn first_line(&self) -> usize {
        self.file.line_col(self.range.start).0
    }

    /// Converts a location inside the YAML into a span of the file.
    pub fn span(&self, location: &Location) -> Span {
        let span = location.span();
        let range = match (span.byte_offset(), span.byte_len()) {
            (Some(offset), len) => {
                let start = self.range.start + offset as usize;
                start..start + len.unwrap_or(0) as usize
            }
            _ if location.line() > 0 => {
                let line = self.first_line() + location.line() as usize - 1;
                let start = self.file.offset(line, location.column() as usize);
                start..start
            }
            _ => self.range.start..self.range.start,
        };
        let end = range.end.min(self.range.end).max(range.start);
        Span {
            file: self.id,
            range: range.start.min(self.range.end)..end,
        }
    }

    fn error(&self, error: &serde_saphyr::Error) -> Diagnostic {
        let span = error
            .location()
            .map_or(Span::file(self.id), |l| self.span(&l));
        let raw = error.without_snippet().to_string();
        let raw = strip_location(&raw);
        let (code, message, hint) = translate(raw);
        let diagnostic = Diagnostic::error(code, span, message);
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }
}

/// Drops the " at line N, column M" that serde-saphyr appends.
fn strip_location(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |i| &message[..i])
        .trim()
}

/// Turns serde's English messages into the writer's language.
fn translate(raw: &str) -> (&'static str, String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match nearest(field, &known) {
            Some(best) => format!("是否应为 `{best}`？"),
            None => format!("可用的字段：{}", known.join("、")),
        };
        return ("E-FIELD-UNKNOWN", format!("未知字段 `{field}`"), Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            "E-FIELD-MISSING",
            format!("缺少必填字段 `{field}`"),
            Some(format!("请添加一行 `{field}: …`")),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        return ("E-FIELD-TYPE", format!("字段的值类型不对：{rest}"), None);
    }
    if raw.contains("duplicate") {
        return (
            "E-YAML-DUPLICATE",
            format!("重复的键：{raw}"),
            Some("同一个字段只能写一次".into()),
        );
    }
    ("E-YAML", format!("YAML 格式错误：{raw}"), None)
}

/// The known name closest to a misspelt one, if any is close.
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

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
    fn nearest_finds_misspellings() {
        let known = ["grid", "leader", "date", "participants"];
        assert_eq!(nearest("leadr", &known), Some("leader"));
        assert_eq!(nearest("participant", &known), Some("participants"));
        assert_eq!(nearest("colour", &known), None);
    }
}
