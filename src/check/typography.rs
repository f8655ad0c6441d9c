//! Typography rules on the body of an item, as written: half-width
//! punctuation in Chinese text, unbalanced paired marks, spaces between Han
//! characters, and a leader's name written differently from the `leader`
//! field. All are warnings, each with the fix.

use super::rules;
use crate::diagnostic::{Diagnostic, Sources, Span};
use crate::model::{Issue, Item, SeriesConfig};

/// Checks the bodies of the items of an issue.
pub fn issue(config: &SeriesConfig, issue: &Issue, sources: &Sources) -> Vec<Diagnostic> {
    let roster: Vec<&str> = config.roster.iter().map(|l| l.name.as_str()).collect();
    let mut diagnostics = Vec::new();
    for item in &issue.items {
        let Some(body) = sources.get(item.file).text.get(item.body_range.clone()) else {
            continue;
        };
        let at = |range: std::ops::Range<usize>| Span {
            file: item.file,
            range: item.body_range.start + range.start..item.body_range.start + range.end,
        };
        for (offset, paragraph) in paragraphs(body) {
            let shifted = |r: std::ops::Range<usize>| at(offset + r.start..offset + r.end);
            halfwidth(paragraph, &shifted, &mut diagnostics);
            unbalanced(paragraph, &shifted, &mut diagnostics);
            spaces(paragraph, &shifted, &mut diagnostics);
            leader_name(item, &roster, paragraph, &shifted, &mut diagnostics);
        }
    }
    diagnostics
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

/// Han characters.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Han characters and Chinese punctuation: the text around which
/// punctuation must be full-width.
fn is_chinese(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '—' | '…')
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
        let Some(wide) = full_width(c) else {
            continue;
        };
        let before = i.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(i + 1).map(|&(_, c)| c);
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
    item: &Item,
    roster: &[&str],
    text: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let Some(inspection) = &item.inspection else {
        return;
    };
    let name: Vec<char> = inspection.leader.value.chars().collect();
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
                format!(
                    "正文中的“{written}”与 leader 字段“{}”不同",
                    inspection.leader.value
                ),
            )
            .with_hint(format!("如指同一人，请改为“{}”", inspection.leader.value)),
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
