//! Roster rules: the leader of an inspection is in the roster, the grid is
//! one of the series' grids and the one the roster gives the leader.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::nearest;
use crate::diagnostic::rules;
use crate::model::{Issue, SeriesConfig};
use crate::zh::numeral;

/// Checks the inspection items of an issue against the roster.
pub fn issue(config: &SeriesConfig, issue: &Issue) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let names: Vec<&str> = config.roster.iter().map(|l| l.name.as_str()).collect();
    for item in &issue.items {
        let Some(inspection) = &item.inspection else {
            continue;
        };
        let grid = &inspection.grid;
        let outside = match &config.grids {
            Some(grids) => grid.value.0 == 0 || grid.value.0 > grids.value,
            None => grid.value.0 == 0,
        };
        if outside {
            let range = match &config.grids {
                Some(grids) => format!("本系列的网格为第一至第{}网格", numeral(grids.value.into())),
                None => "网格从 1 起编号".to_owned(),
            };
            diagnostics.push(
                Diagnostic::new(
                    &rules::E_GRID_UNKNOWN,
                    grid.span.clone(),
                    format!("没有第{}网格：{range}", grid.value.0),
                )
                .with_hint("请核对 grid；网格总数在 bulletin.yaml 的 grids 中设置"),
            );
        }
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
                    Diagnostic::new(
                        &rules::E_LEADER_UNKNOWN,
                        leader.span.clone(),
                        format!("领导“{}”不在名册中", leader.value),
                    )
                    .with_hint(hint),
                );
            }
            Some(entry) => {
                if let Some(assigned) = entry.grid
                    && assigned != grid.value
                    && !outside
                {
                    diagnostics.push(
                        Diagnostic::new(
                            &rules::W_GRID_MISMATCH,
                            grid.span.clone(),
                            format!(
                                "名册中{}负责第{}网格，这里写的是第{}网格",
                                entry.name,
                                numeral(u32::from(assigned.0)),
                                numeral(u32::from(grid.value.0)),
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
