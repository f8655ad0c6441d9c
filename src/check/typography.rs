//! Typography rules on the text of an item as written — its body and the
//! printed front-matter values (`title`, `participants`, `remarks`):
//! half-width punctuation in Chinese text, unbalanced paired marks, spaces
//! between Han characters, and a leader's name written differently from
//! the `leader` field. All are warnings, each with the fix.

use std::ops::Range;

use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, SourceFile, Sources, Span};
use crate::model::{Issue, SeriesConfig};
use crate::zh::{is_chinese, is_han};

/// Checks the bodies and printed fields of the items of an issue.
pub fn issue(config: &SeriesConfig, issue: &Issue, sources: &Sources) -> Vec<Diagnostic> {
    let roster: Vec<&str> = config.roster.iter().map(|l| l.name.as_str()).collect();
    let mut diagnostics = Vec::new();
    for item in &issue.items {
        let leader = item.inspection.as_ref().map(|i| i.leader.value.as_str());
        let file = sources.get(item.file);
        for field in &item.printed_fields {
            let range = field_range(file, field.range.clone());
            diagnostics.extend(body(item.file, range, leader, &roster, sources));
        }
        diagnostics.extend(body(
            item.file,
            item.body_range.clone(),
            leader,
            &roster,
            sources,
        ));
    }
    diagnostics
}

/// Checks the Markdown text at `range` of a file; `leader` is the item's
/// leader, whose name is looked for written differently.
pub fn body(
    file: FileId,
    range: Range<usize>,
    leader: Option<&str>,
    roster: &[&str],
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let Some(body) = sources.get(file).text.get(range.clone()) else {
        return diagnostics;
    };
    for (offset, paragraph) in paragraphs(body) {
        let shifted = |r: Range<usize>| Span {
            file,
            range: range.start + offset + r.start..range.start + offset + r.end,
        };
        halfwidth(paragraph, &shifted, &mut diagnostics);
        unbalanced(paragraph, &shifted, &mut diagnostics);
        spaces(paragraph, &shifted, &mut diagnostics);
        if let Some(leader) = leader {
            leader_name(leader, roster, paragraph, &shifted, &mut diagnostics);
        }
    }
    diagnostics
}

/// The text of a front-matter value written at `span`: the value on its
/// line, without quotes; a block scalar (`|`, `>`) is the indented lines
/// that follow.
fn field_range(file: &SourceFile, span: Range<usize>) -> Range<usize> {
    let text = &file.text;
    let start = span.start.min(text.len());
    let (line, _) = file.line_col(start);
    let line_range = file.line_range(line);
    match text[start..].chars().next() {
        Some('|' | '>') => {
            let key_indent = indent(&text[line_range.clone()]);
            let mut end = line_range.end;
            let mut next = line + 1;
            loop {
                let range = file.line_range(next);
                if range.start <= end || range.start >= text.len() {
                    break;
                }
                let line_text = &text[range.clone()];
                if !line_text.trim().is_empty() && indent(line_text) <= key_indent {
                    break;
                }
                end = range.end;
                next += 1;
            }
            (line_range.end + 1).min(end)..end
        }
        Some(q @ ('"' | '\'')) => {
            let inner = start + 1;
            let close = text[inner..line_range.end]
                .rfind(q)
                .map_or(line_range.end, |i| inner + i);
            inner..close
        }
        _ if span.end > start => start..span.end,
        _ => start..line_range.end,
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Paragraphs of a Markdown body with their byte offsets, leaving out
/// fenced code, which prints as written.
fn paragraphs(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut fenced = false;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if fence || fenced || trimmed.is_empty() {
            if let Some(s) = start.take() {
                out.push((s, &body[s..offset]));
            }
            if fence {
                fenced = !fenced;
            }
        } else if start.is_none() {
            start = Some(offset);
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push((s, &body[s..]));
    }
    out
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

fn halfwidth(text: &str, at: &dyn Fn(std::ops::Range<usize>) -> Span, out: &mut Vec<Diagnostic>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Link addresses, `[text](address)`, are not text.
    let mut address_end = 0;
    for (i, &(offset, c)) in chars.iter().enumerate() {
        if c == '(' && i > 0 && chars[i - 1].1 == ']' {
            address_end = text[offset..]
                .find(')')
                .map_or(text.len(), |e| offset + e + 1);
        }
        if offset < address_end {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(i + 1).map(|&(_, c)| c);
        // A full stop after a Han character, before another or at the end
        // (not 3.5, not 附件.docx); a straight quote next to Chinese.
        let (slip, hint) = match c {
            '.' => (
                before.is_some_and(is_han) && after.is_none_or(|a| is_han(a) || a.is_whitespace()),
                "改为句号「。」".to_owned(),
            ),
            '"' => (
                before.is_some_and(is_chinese) || after.is_some_and(is_chinese),
                "改为中文引号「“」或「”」".to_owned(),
            ),
            _ => (false, String::new()),
        };
        if slip {
            out.push(
                Diagnostic::new(
                    &rules::W_TYPO_HALFWIDTH,
                    at(offset..offset + 1),
                    format!("中文中用了半角标点「{c}」"),
                )
                .with_hint(hint),
            );
            continue;
        }
        let Some(wide) = full_width(c) else {
            continue;
        };
        // Markdown syntax: `![image]`.
        if c == '!' && after == Some('[') {
            continue;
        }
        if before.is_some_and(is_chinese) || after.is_some_and(is_chinese) {
            out.push(
                Diagnostic::new(
                    &rules::W_TYPO_HALFWIDTH,
                    at(offset..offset + 1),
                    format!("中文中用了半角标点「{c}」"),
                )
                .with_hint(format!("改为全角「{wide}」")),
            );
        }
    }
}

const PAIRS: [(char, char); 3] = [('“', '”'), ('《', '》'), ('（', '）')];

fn unbalanced(text: &str, at: &dyn Fn(std::ops::Range<usize>) -> Span, out: &mut Vec<Diagnostic>) {
    let mut open: Vec<(usize, char)> = Vec::new();
    for (offset, c) in text.char_indices() {
        if PAIRS.iter().any(|&(o, _)| o == c) {
            open.push((offset, c));
        } else if let Some(&(o, _)) = PAIRS.iter().find(|&&(_, close)| close == c) {
            match open.iter().rposition(|&(_, oc)| oc == o) {
                // Marks opened after the matching one and not closed are
                // reported at the end.
                Some(at_open) => {
                    open.remove(at_open);
                }
                None => out.push(
                    Diagnostic::new(
                        &rules::W_TYPO_UNBALANCED,
                        at(offset..offset + c.len_utf8()),
                        format!("「{c}」前面没有对应的「{o}」"),
                    )
                    .with_hint(format!("补上「{o}」，或删去多余的「{c}」")),
                ),
            }
        }
    }
    for (offset, c) in open {
        let close = PAIRS
            .iter()
            .find(|&&(o, _)| o == c)
            .map_or(c, |&(_, cl)| cl);
        out.push(
            Diagnostic::new(
                &rules::W_TYPO_UNBALANCED,
                at(offset..offset + c.len_utf8()),
                format!("「{c}」在本段中没有对应的「{close}」"),
            )
            .with_hint(format!("在应结束处补上「{close}」，或删去多余的「{c}」")),
        );
    }
}

fn spaces(text: &str, at: &dyn Fn(std::ops::Range<usize>) -> Span, out: &mut Vec<Diagnostic>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let is_space = |c: char| c == ' ' || c == '\u{3000}';
        if !is_space(chars[i].1) || i == 0 || !is_han(chars[i - 1].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_space(chars[i].1) {
            i += 1;
        }
        if i < chars.len() && is_han(chars[i].1) {
            let range = chars[start].0..chars[i].0;
            out.push(
                Diagnostic::new(&rules::W_TYPO_SPACE, at(range), "汉字之间有空格")
                    .with_hint("删去空格；中文排版不用空格分隔词语"),
            );
        }
    }
}

/// A name in the body that differs from the `leader` field in one
/// character after the surname (张璇宇 for 张旋宇): most likely a typo.
/// Names of two characters are left alone: one differing character there
/// is as likely another person or a title (王局). Other leaders of the
/// roster are not flagged.
fn leader_name(
    leader: &str,
    roster: &[&str],
    text: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let name: Vec<char> = leader.chars().collect();
    if name.len() < 3 || !name.iter().all(|&c| is_han(c)) {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for window in chars.windows(name.len()) {
        if window[0].1 != name[0] {
            continue;
        }
        let differing = window
            .iter()
            .zip(&name)
            .filter(|((_, a), b)| a != *b)
            .count();
        if differing != 1 || !window.iter().all(|&(_, c)| is_han(c)) {
            continue;
        }
        let last = window[window.len() - 1];
        let range = window[0].0..last.0 + last.1.len_utf8();
        let written = &text[range.clone()];
        if roster.contains(&written) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &rules::W_LEADER_NAME,
                at(range.clone()),
                format!("正文中的“{written}”与 leader 字段“{leader}”不同"),
            )
            .with_hint(format!("如指同一人，请改为“{leader}”")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_skip_fenced_code_and_blank_lines() {
        let body = "甲\n乙\n\n```\n(a)\n```\n丙\n";
        let found: Vec<&str> = paragraphs(body).into_iter().map(|(_, p)| p).collect();
        assert_eq!(found, ["甲\n乙\n", "丙\n"]);
    }
}
