//! The levels a series sets in `bulletin.yaml`'s `rules:`: applied to the
//! diagnostics found, and the settings that name no rule or a fixed one.

use crate::diagnostic::rules::{self, E_RULE_FIXED, E_RULE_UNKNOWN, RULES};
use crate::diagnostic::{Diagnostic, Severity, nearest};
use crate::model::{Level, SeriesConfig};

/// Applies the levels a series sets in `rules:`: drops the diagnostics of
/// rules turned off, changes the level of the others, and reports the
/// settings that name no rule or a rule that cannot be changed.
pub fn apply_levels(config: &SeriesConfig, diagnostics: &mut Vec<Diagnostic>) {
    let mut levels: Vec<(&str, Level)> = Vec::new();
    for setting in &config.rules {
        if let Some(rule) = rules::rule(&setting.code.value).filter(|r| r.adjustable) {
            levels.push((rule.code, setting.level));
        }
    }
    diagnostics.retain_mut(|d| {
        match levels.iter().find(|(code, _)| *code == d.code) {
            Some((_, Level::Off)) => return false,
            Some((_, Level::Warning)) => d.severity = Severity::Warning,
            Some((_, Level::Error)) => d.severity = Severity::Error,
            None => {}
        }
        true
    });
}

/// The settings in `rules:` that name no rule, or a rule that cannot be
/// changed.
pub fn settings(config: &SeriesConfig) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for setting in &config.rules {
        let code = setting.code.value.as_str();
        match rules::rule(code) {
            Some(rule) if rule.adjustable => {}
            Some(_) => problems.push(
                Diagnostic::new(
                    &E_RULE_FIXED,
                    setting.code.span.clone(),
                    format!("规则 {code} 不能调整"),
                )
                .with_hint("语法、编码、文件大小等错误无法跳过，只能修改稿件；请删去这一行"),
            ),
            None => {
                let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
                let hint = match nearest(code, &codes) {
                    Some(best) => format!("是否应为 `{best}`？"),
                    None => "规则代码见 README 中的规则表".into(),
                };
                problems.push(
                    Diagnostic::new(
                        &E_RULE_UNKNOWN,
                        setting.code.span.clone(),
                        format!("没有代码为 {code} 的规则"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    problems
}
