//! Rules on the shape of a series and an issue: phrase patterns that name
//! only known placeholders, an `order` list that matches the items, an
//! issue that has items but not too many.

use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::{Issue, MAX_ITEMS, PLACEHOLDERS, SeriesConfig, placeholders};

/// Checks the phrase patterns of `bulletin.yaml`.
pub fn phrases(config: &SeriesConfig) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for given in &config.phrases_given {
        if let Some(bad) = placeholders(&given.value).find(|name| !PLACEHOLDERS.contains(name)) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::E_PHRASE_PLACEHOLDER,
                    given.span.clone(),
                    format!("句式中有未知的占位符 {{{bad}}}"),
                )
                .with_hint(format!(
                    "可用的占位符：{}",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join("、")
                )),
            );
        }
    }
    diagnostics
}

/// Checks that an issue has items, not more than an issue can have, and
/// that its `order` list names each of them once.
pub fn issue(issue: &Issue) -> Vec<Diagnostic> {
    if issue.item_files > MAX_ITEMS {
        return vec![
            Diagnostic::new(
                &rules::E_LIMIT_ITEMS,
                Span::file(issue.file),
                format!(
                    "本期有 {} 篇稿件，超过上限 {MAX_ITEMS} 篇，未逐篇读取",
                    issue.item_files
                ),
            )
            .with_hint(format!("请检查 {} 中是否误放了文件", issue.dir.display())),
        ];
    }
    if issue.item_files == 0 {
        return vec![
            Diagnostic::new(
                &rules::E_ISSUE_EMPTY,
                Span::file(issue.file),
                "本期没有稿件",
            )
            .with_hint(format!("在 {} 中添加 .md 稿件", issue.dir.display())),
        ];
    }
    // An item that failed to load would look missing from `order`.
    match &issue.order {
        Some(order) if issue.failed_items == 0 => self::order(issue, &order.value, &order.span),
        _ => Vec::new(),
    }
}

fn order(issue: &Issue, order: &[String], span: &Span) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut listed = Vec::new();
    for name in order {
        let stem = name.strip_suffix(".md").unwrap_or(name);
        match issue.items.iter().find(|i| i.stem == stem) {
            Some(item) if !listed.contains(&item.stem.as_str()) => listed.push(&item.stem),
            _ => diagnostics.push(
                Diagnostic::new(
                    &rules::E_ORDER,
                    span.clone(),
                    format!("order 中的 {name} 不是本期的稿件"),
                )
                .with_hint("order 中写稿件文件名（可省略 .md），每篇一次"),
            ),
        }
    }
    for item in &issue.items {
        if !listed.contains(&item.stem.as_str()) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::E_ORDER,
                    span.clone(),
                    format!("稿件 {} 没有列在 order 中", item.stem),
                )
                .with_hint("写了 order 时须列出本期全部稿件；或删去 order，按文件名排序"),
            );
        }
    }
    diagnostics
}
