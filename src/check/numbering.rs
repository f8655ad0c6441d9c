//! Numbering rules: the number written in `issue.yaml` matches the folder,
//! the folder is named as the series numbers (straight on, or by year), an
//! issue numbered by year is dated in that year, no two folders hold one
//! number, and each run of numbers (the regular issues, the 增刊, the 专刊)
//! has no gaps.

use chrono::Datelike;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::rules;
use crate::model::{Issue, IssueHeader, IssueNumber, Numbering, SeriesConfig};

/// Checks the number of one issue.
pub fn issue(config: &SeriesConfig, issue: &Issue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let declared = &issue.declared_number;
    let number = issue.number;
    let dir = issue.dir.display();
    if declared.value != number.ordinal {
        diagnostics.push(
            Diagnostic::new(
                &rules::E_ISSUE_NUMBER,
                declared.span.clone(),
                format!("期号 {} 与目录名 {dir} 不一致", declared.value),
            )
            .with_hint(format!("把 number 改为 {}，或把目录改名", number.ordinal)),
        );
    }
    let year = issue.date.value.year();
    let renamed = |year: Option<u16>| IssueNumber { year, ..number };
    match (config.numbering, number.year) {
        (Numbering::Yearly, None) => diagnostics.push(
            Diagnostic::new(
                &rules::E_ISSUE_FOLDER,
                declared.span.clone(),
                format!("本系列按年编号（numbering: yearly），目录名 {dir} 缺少年份"),
            )
            .with_hint(format!(
                "把目录改名为 {}（年份-期号）",
                renamed(u16::try_from(year).ok())
            )),
        ),
        (Numbering::Continuous, Some(_)) => diagnostics.push(
            Diagnostic::new(
                &rules::E_ISSUE_FOLDER,
                declared.span.clone(),
                format!("本系列连续编号，目录名 {dir} 不应带年份"),
            )
            .with_hint(format!(
                "期号每年从 1 起的，在 bulletin.yaml 中写 numbering: yearly；否则把目录改名为 {}",
                renamed(None)
            )),
        ),
        (Numbering::Yearly, Some(folder)) if i32::from(folder) != year => diagnostics.push(
            Diagnostic::new(
                &rules::E_ISSUE_YEAR,
                issue.date.span.clone(),
                format!(
                    "本期日期 {} 不在 {folder} 年，与目录名 {dir} 不符",
                    issue.date.value
                ),
            )
            .with_hint(format!(
                "请核对 date；如日期无误，把目录改名为 {year}-N（N 为该年的期号）"
            )),
        ),
        _ => {}
    }
    diagnostics
}

/// Checks an issue against the one before it in its run of numbers.
pub fn pair(before: &IssueHeader, after: &IssueHeader) -> Vec<Diagnostic> {
    let span = after.declared_number.span.clone();
    if before.number == after.number {
        return vec![
            Diagnostic::new(
                &rules::E_ISSUE_DUPLICATE,
                span,
                format!(
                    "{} 和 {} 是同一期（{}）",
                    before.dir.display(),
                    after.dir.display(),
                    after.number.label()
                ),
            )
            .with_hint("每一期只能有一个目录；请删除或改名其中一个"),
        ];
    }
    // A new year starts again at 1.
    let expected = if before.number.year == after.number.year {
        before.number.ordinal + 1
    } else {
        1
    };
    let ordinal = after.number.ordinal;
    if ordinal > expected {
        let prefix = IssueNumber {
            ordinal: expected,
            ..after.number
        }
        .label();
        let prefix = prefix.trim_end_matches(&format!("第{expected}期"));
        let missing = if ordinal - expected == 1 {
            format!("{prefix}第{expected}期")
        } else {
            format!("{prefix}第{expected}至第{}期", ordinal - 1)
        };
        return vec![
            Diagnostic::new(
                &rules::W_ISSUE_GAP,
                span,
                format!(
                    "{}之后是{}，缺少{missing}",
                    before.number.label(),
                    after.number.label()
                ),
            )
            .with_hint(
                "请核对期号；如确实跳号，可在 bulletin.yaml 中写 rules: { W-ISSUE-GAP: off }",
            ),
        ];
    }
    Vec::new()
}
