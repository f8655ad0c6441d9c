//! Checks on the loaded model: rules that need the whole series or issue,
//! each with a stable code. Returns every diagnostic, not the first.

use crate::diagnostic::Diagnostic;
use crate::load::nearest;
use crate::model::{Issue, SeriesConfig};

/// Checks one issue against the series configuration.
pub fn issue(config: &SeriesConfig, issue: &Issue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let names: Vec<&str> = config.roster.iter().map(|l| l.name.as_str()).collect();
    for item in &issue.items {
        let Some(inspection) = &item.inspection else {
            continue;
        };
        let leader = &inspection.leader;
        match config.roster.iter().find(|l| l.name == leader.value) {
            None => {
                let hint = match nearest(&leader.value, &names) {
                    Some(name) => format!("是否应为“{name}”？名册在 bulletin.yaml 的 roster 中"),
                    None => format!(
                        "请先在 bulletin.yaml 的 roster 中登记此人及其职务；名册现有：{}",
                        names.join("、")
                    ),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "E-LEADER-UNKNOWN",
                        leader.span.clone(),
                        format!("领导“{}”不在名册中", leader.value),
                    )
                    .with_hint(hint),
                );
            }
            Some(entry) => {
                if let Some(grid) = entry.grid
                    && grid != inspection.grid.value
                {
                    diagnostics.push(
                        Diagnostic::warning(
                            "W-GRID-MISMATCH",
                            inspection.grid.span.clone(),
                            format!(
                                "名册中{}负责第{}网格，这里写的是第{}网格",
                                entry.name,
                                crate::zh::numeral(u32::from(grid.0)),
                                crate::zh::numeral(u32::from(inspection.grid.value.0)),
                            ),
                        )
                        .with_hint("请核对 grid，或更新 bulletin.yaml 中的名册"),
                    );
                }
            }
        }
    }
    diagnostics
}
