//! The ledger as JSON, for programs: dates as `2021-03-16`, months as
//! `2021-03`, every count and every inspection. The HTML page is made from
//! the same data.

use serde::Serialize;

use super::table::own_grids;
use super::{Ledger, grid_names};
use crate::error::{Error, Result};

/// The ledger as JSON data.
#[derive(Debug, Serialize)]
pub struct Data {
    series: String,
    office: String,
    /// The first and last day counted; null when open.
    from: Option<String>,
    to: Option<String>,
    /// The day `days_since` counts to.
    as_of: Option<String>,
    issues: usize,
    /// Inspections counted.
    total: usize,
    /// Inspections outside the leader's own grid.
    outside: usize,
    /// Items in the period that are not inspections.
    other_items: usize,
    /// Item files that failed to load.
    not_counted: Vec<String>,
    months: Vec<String>,
    month_labels: Vec<String>,
    month_totals: Vec<usize>,
    grids: Vec<GridData>,
    leaders: Vec<LeaderData>,
    inspections: Vec<VisitData>,
}

#[derive(Debug, Serialize)]
struct GridData {
    grid: u16,
    label: String,
    in_roster: bool,
    leaders: Vec<String>,
    count: usize,
    by_others: usize,
    dates: Vec<String>,
    sites: Vec<String>,
    last: Option<String>,
    days_since: Option<i64>,
    by_month: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct LeaderData {
    name: String,
    in_roster: bool,
    grids: Vec<u16>,
    grid_names: String,
    count: usize,
    own: usize,
    outside: usize,
    last: Option<String>,
    by_month: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct VisitData {
    date: String,
    grid: u16,
    grid_name: String,
    leader: String,
    own_grids: Vec<u16>,
    own_grid_names: String,
    in_roster: bool,
    outside: bool,
    sites: Vec<String>,
    issue: String,
    issue_label: String,
    file: String,
}

impl Data {
    /// The data of a ledger.
    pub fn new(ledger: &Ledger) -> Self {
        let day = |d: Option<crate::model::Date>| d.map(|d| d.to_string());
        Self {
            series: ledger.series.clone(),
            office: ledger.office.clone(),
            from: day(ledger.period.from),
            to: day(ledger.period.to),
            as_of: day(ledger.as_of),
            issues: ledger.issues,
            total: ledger.total(),
            outside: ledger.outside().count(),
            other_items: ledger.other_items,
            not_counted: ledger
                .not_counted
                .iter()
                .map(|n| n.file.display().to_string())
                .collect(),
            months: ledger.months.iter().map(|m| m.iso()).collect(),
            month_labels: ledger.months.iter().map(|m| m.label()).collect(),
            month_totals: ledger.month_totals.clone(),
            grids: ledger
                .grids
                .iter()
                .map(|g| GridData {
                    grid: g.grid.0,
                    label: g.label(),
                    in_roster: g.in_roster,
                    leaders: g.leaders.clone(),
                    count: g.count(),
                    by_others: g.by_others,
                    dates: g.dates.iter().map(|d| d.to_string()).collect(),
                    sites: g.sites.clone(),
                    last: day(g.last()),
                    days_since: g.days_since,
                    by_month: g.by_month.clone(),
                })
                .collect(),
            leaders: ledger
                .leaders
                .iter()
                .map(|l| LeaderData {
                    name: l.name.clone(),
                    in_roster: l.in_roster,
                    grids: l.grids.iter().map(|g| g.0).collect(),
                    grid_names: own_grids(l.in_roster, &l.grids),
                    count: l.count(),
                    own: l.own,
                    outside: l.outside,
                    last: day(l.last),
                    by_month: l.by_month.clone(),
                })
                .collect(),
            inspections: ledger
                .visits
                .iter()
                .map(|v| VisitData {
                    date: v.date.to_string(),
                    grid: v.grid.0,
                    grid_name: grid_names(&[v.grid]),
                    leader: v.leader.clone(),
                    own_grids: v.own_grids.iter().map(|g| g.0).collect(),
                    own_grid_names: own_grids(v.in_roster, &v.own_grids),
                    in_roster: v.in_roster,
                    outside: v.outside(),
                    sites: v.sites.clone(),
                    issue: v.issue.to_string(),
                    issue_label: v.issue.label(),
                    file: v.file.display().to_string(),
                })
                .collect(),
        }
    }
}

/// The ledger as pretty-printed JSON, ending in a newline.
pub fn render(ledger: &Ledger) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(&Data::new(ledger))
        .map_err(|e| Error::Internal(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}
