//! Distribution rules: the block at the foot of the last page names some
//! recipients and a positive number of copies.

use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::Issue;

/// Checks the distribution of an issue after its overrides.
pub fn issue(issue: &Issue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let d = &issue.distribution;
    let span = || d.span.clone().unwrap_or_else(|| Span::file(issue.file));
    if d.report
        .iter()
        .chain(&d.distribute)
        .all(|r| r.trim().is_empty())
    {
        diagnostics.push(
            Diagnostic::new(
&rules::W_DIST_EMPTY,
                span(),
                "版记中既没有“报”也没有“发”的对象",
            )
            .with_hint("在 bulletin.yaml（或本期 issue.yaml）的 distribution 下填写 report（报）和 distribute（发）"),
        );
    }
    if d.copies <= 0 && d.copies_span.is_some() {
        diagnostics.push(
            Diagnostic::new(
                &rules::E_DIST_COPIES,
                d.copies_span.clone().unwrap_or_else(span),
                format!("印数 {} 不是正整数", d.copies),
            )
            .with_hint("copies 写实际印刷份数，如 copies: 260；不印份数时删去这一行"),
        );
    }
    diagnostics
}
