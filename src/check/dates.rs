//! Date rules: an item is not dated after its issue nor long before it, the
//! date written at the start of the body agrees with the `date` field, and
//! issues are dated in the order of their numbers.

use chrono::Datelike;

use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, Sources, Span};
use crate::model::{Issue, IssueHeader, Item, SeriesConfig};
use crate::zh::{full_date, month_day};

/// Checks the dates of the items of an issue.
pub fn issue(config: &SeriesConfig, issue: &Issue, sources: &Sources) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let issue_date = issue.date.value;
    for item in &issue.items {
        let date = &item.date;
        let age = (issue_date - date.value).num_days();
        if age < 0 {
            diagnostics.push(
                Diagnostic::new(
                    &rules::E_DATE_AFTER_ISSUE,
                    date.span.clone(),
                    format!("稿件日期 {} 晚于本期日期 {}", date.value, issue_date),
                )
                .with_hint(format!(
                    "请核对 date；本期日期在 {} 中",
                    sources.get(issue.file).path.display()
                )),
            );
        } else if age > i64::from(config.item_age_days) {
            diagnostics.push(
                Diagnostic::new(
&rules::W_DATE_STALE,
                    date.span.clone(),
                    format!("稿件日期 {} 比本期日期 {} 早 {age} 天", date.value, issue_date),
                )
                .with_hint(format!(
                    "请核对 date 是否写错了年份或月份；超过 {} 天即提示，可在 bulletin.yaml 中用 item_age_days 调整",
                    config.item_age_days
                )),
            );
        }
        diagnostics.extend(body_date(item, sources));
    }
    diagnostics
}

/// The date that opens the body (`3月16日上午，…`, `2021年3月16日，…`),
/// compared with the `date` field. Dates later in the text are left alone:
/// they often refer to other days (“查看4月10日督导所交办问题”).
fn body_date(item: &Item, sources: &Sources) -> Option<Diagnostic> {
    let text = &sources.get(item.file).text;
    let body = text.get(item.body_range.clone())?;
    let first = first_paragraph(body);
    let paragraph = &body[first.clone()];
    let lead = paragraph.len() - paragraph.trim_start().len();
    let mut written = find_date(paragraph)?;
    if written.range.start != lead {
        return None;
    }
    written.range = first.start + written.range.start..first.start + written.range.end;
    let date = item.date.value;
    let agrees = written.month == date.month()
        && written.day == date.day()
        && written.year.is_none_or(|y| y == date.year());
    if agrees {
        return None;
    }
    let start = item.body_range.start + written.range.start;
    let shown = &text[start..item.body_range.start + written.range.end];
    let expected = if written.year.is_some() {
        full_date(date)
    } else {
        month_day(date)
    };
    Some(
        Diagnostic::new(
            &rules::W_DATE_BODY,
            Span {
                file: item.file,
                range: start..item.body_range.start + written.range.end,
            },
            format!("正文写的是“{shown}”，而 date 字段是 {date}"),
        )
        .with_hint(format!("请核对：如果 date 无误，正文应为“{expected}”")),
    )
}

/// Byte range of the first paragraph of a Markdown body.
pub(super) fn first_paragraph(body: &str) -> std::ops::Range<usize> {
    let mut start = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (start, blank) {
            (None, false) => start = Some(offset),
            (Some(s), true) => return s..offset,
            _ => {}
        }
        offset += line.len();
    }
    start.unwrap_or(0)..body.len()
}

/// A date written in Chinese style with Arabic digits.
struct WrittenDate {
    year: Option<i32>,
    month: u32,
    day: u32,
    range: std::ops::Range<usize>,
}

fn find_date(text: &str) -> Option<WrittenDate> {
    for (at, _) in text.match_indices('月') {
        let month_digits = digits_before(text, at);
        if month_digits.is_empty() || month_digits.len() > 2 {
            continue;
        }
        let after = at + '月'.len_utf8();
        let day_len = text[after..].bytes().take_while(u8::is_ascii_digit).count();
        if day_len == 0 || day_len > 2 || !text[after + day_len..].starts_with(['日', '号']) {
            continue;
        }
        let (Ok(month), Ok(day)) = (
            month_digits.parse::<u32>(),
            text[after..after + day_len].parse::<u32>(),
        ) else {
            continue;
        };
        let month_start = at - month_digits.len();
        let mut start = month_start;
        let mut year = None;
        if let Some(before) = text[..month_start].strip_suffix('年') {
            let year_digits = digits_before(before, before.len());
            if year_digits.len() == 4 {
                year = year_digits.parse().ok();
                start = before.len() - 4;
            }
        }
        return Some(WrittenDate {
            year,
            month,
            day,
            range: start..after + day_len + '日'.len_utf8(),
        });
    }
    None
}

/// The ASCII digits that end `text[..end]`.
fn digits_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let len = head.bytes().rev().take_while(u8::is_ascii_digit).count();
    &head[end - len..]
}

/// Checks that an issue is not dated before the one before it.
pub fn pair(before: &IssueHeader, after: &IssueHeader) -> Vec<Diagnostic> {
    if before.number == after.number || after.date.value >= before.date.value {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            &rules::E_ISSUE_DATE_ORDER,
            after.date.span.clone(),
            format!(
                "{}的日期 {} 早于{}的日期 {}",
                after.number.label(),
                after.date.value,
                before.number.label(),
                before.date.value
            ),
        )
        .with_hint("请核对本期 date，或上一期的日期"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dates_with_and_without_year() {
        let d = find_date("3月16日上午，").unwrap();
        assert_eq!((d.year, d.month, d.day, d.range), (None, 3, 16, 0..9));
        let d = find_date("于2021年3月6号召开").unwrap();
        assert_eq!((d.year, d.month, d.day), (Some(2021), 3, 6));
        assert!(find_date("三月份以来").is_none());
        assert_eq!(first_paragraph("\n甲\n乙\n\n丙\n"), 1..9);
    }
}
