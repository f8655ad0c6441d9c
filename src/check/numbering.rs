//! Numbering rules: the number written in `issue.yaml` matches the folder,
//! no two folders hold one number, and the sequence has no gaps.

use super::rules;
use crate::diagnostic::Diagnostic;
use crate::model::{Issue, IssueHeader};

/// Checks the number of one issue.
pub fn issue(issue: &Issue) -> Vec<Diagnostic> {
    let declared = &issue.declared_number;
    if declared.value == issue.number.0 {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            &rules::E_ISSUE_NUMBER,
            declared.span.clone(),
            format!(
                "期号 {} 与目录名 {} 不一致",
                declared.value,
                issue.dir.display()
            ),
        )
        .with_hint(format!("把 number 改为 {}，或把目录改名", issue.number)),
    ]
}

/// Checks an issue against the one before it in the series.
pub fn pair(before: &IssueHeader, after: &IssueHeader) -> Vec<Diagnostic> {
    let span = after.declared_number.span.clone();
    if before.number == after.number {
        return vec![
            Diagnostic::new(
                &rules::E_ISSUE_DUPLICATE,
                span,
                format!(
                    "{} 和 {} 是同一期（第{}期）",
                    before.dir.display(),
                    after.dir.display(),
                    after.number
                ),
            )
            .with_hint("每一期只能有一个目录；请删除或改名其中一个"),
        ];
    }
    let expected = before.number.0 + 1;
    if after.number.0 > expected {
        let missing = if after.number.0 - expected == 1 {
            format!("第{expected}期")
        } else {
            format!("第{expected}至第{}期", after.number.0 - 1)
        };
        return vec![
            Diagnostic::new(
                &rules::W_ISSUE_GAP,
                span,
                format!(
                    "第{}期之后是第{}期，缺少{missing}",
                    before.number, after.number
                ),
            )
            .with_hint(
                "请核对期号；如确实跳号，可在 bulletin.yaml 中写 rules: { W-ISSUE-GAP: off }",
            ),
        ];
    }
    Vec::new()
}
