//! Roster rules: the leader of an inspection is in the roster, the grid is
//! one of the series' grids and the one the roster gives the leader; and,
//! across the whole series, every grid of the roster is inspected
//! regularly (`W-GRID-IDLE`).

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::nearest;
use crate::diagnostic::rules;
use crate::model::{Date, Grid, Issue, Level, SeriesConfig};
use crate::zh::{full_date, numeral};

/// The days of `W-GRID-IDLE` when `rules:` turns it on without
/// `ledger: { idle_days }`.
const DEFAULT_IDLE_DAYS: u32 = 30;

/// Reports each grid of the roster that had no inspection in the
/// `idle_days` before the date of the latest issue, at the grid's first
/// roster entry. Off unless `ledger: { idle_days }` is given or `rules:`
/// sets the rule's level. Only meaningful over the whole series.
pub fn idle(config: &SeriesConfig, issues: &[&Issue]) -> Vec<Diagnostic> {
    let turned_on = config
        .rules
        .iter()
        .any(|r| r.code.value == rules::W_GRID_IDLE.code && r.level != Level::Off);
    let days = match &config.idle_days {
        Some(days) => days.value,
        None if turned_on => DEFAULT_IDLE_DAYS,
        None => return Vec::new(),
    };
    let Some(latest) = issues.iter().max_by_key(|i| (i.date.value, i.number)) else {
        return Vec::new();
    };
    let mut last: BTreeMap<Grid, Date> = BTreeMap::new();
    for inspection in issues.iter().flat_map(|i| &i.items) {
        if let Some(found) = &inspection.inspection {
            let date = inspection.date.value;
            let entry = last.entry(found.grid.value).or_insert(date);
            *entry = (*entry).max(date);
        }
    }
    let today = latest.date.value;
    let mut diagnostics = Vec::new();
    let mut seen = Vec::new();
    for leader in &config.roster {
        let (Some(grid), Some(span)) = (leader.grid, &leader.grid_span) else {
            continue;
        };
        if seen.contains(&grid) {
            continue;
        }
        seen.push(grid);
        let name = format!("第{}网格", numeral(u32::from(grid.0)));
        let leaders: Vec<&str> = config
            .roster
            .iter()
            .filter(|l| l.grid == Some(grid))
            .map(|l| l.name.as_str())
            .collect();
        let since = last.get(&grid).map(|d| (*d, (today - *d).num_days()));
        let message = match since {
            Some((_, age)) if age <= i64::from(days) => continue,
            Some((date, age)) => format!(
                "{name}已有 {age} 天没有督导：最近一次是{}，到{}（{}）为止",
                full_date(date),
                latest.number.label(),
                full_date(today)
            ),
            None => format!(
                "{name}在各期中没有督导记录（到{}，{}为止）",
                latest.number.label(),
                full_date(today)
            ),
        };
        diagnostics.push(
            Diagnostic::new(&rules::W_GRID_IDLE, span.clone(), message).with_hint(format!(
                "负责领导：{}；超过 {days} 天没有督导即提示，天数在 bulletin.yaml 的 ledger: {{ idle_days: {days} }} 中设置；bulletin ledger 列出各网格的督导台账",
                leaders.join("、")
            )),
        );
    }
    diagnostics
}

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
