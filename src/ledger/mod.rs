//! The supervision ledger (督导台账): who inspected which grid, and when,
//! counted from the same model that `check` reads ([`pipeline::check`] over
//! every issue). [`compute`] turns a checked series into a [`Ledger`]; one
//! module per output writes it: [`table`] for the terminal, [`csv`],
//! [`xlsx`], [`json`] and [`html`].
//!
//! An inspection counts when its item loaded, has `grid` and `leader`, and
//! its date is in the period. Items that failed to load are listed as not
//! counted, with the diagnostics of why; meetings and notices are counted
//! apart as other items.

pub mod csv;
pub mod html;
pub mod json;
mod period;
pub mod table;
pub mod xlsx;

pub use period::{Month, Period};

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, FileId, Report};
use crate::error::{Error, Result};
use crate::load::Project;
use crate::model::{Date, Grid, IssueNumber};
use crate::pipeline::{self, Checked, Selection};
use crate::render::typst::Fonts;
use crate::zh;

/// One inspection counted.
#[derive(Debug, Clone)]
pub struct Visit {
    /// The date of the item.
    pub date: Date,
    /// The grid inspected.
    pub grid: Grid,
    /// The leader who led it.
    pub leader: String,
    /// The grids the roster gives the leader; empty when none, or when the
    /// leader is not in the roster.
    pub own_grids: Vec<Grid>,
    /// Whether the leader is in the roster.
    pub in_roster: bool,
    /// The places visited.
    pub sites: Vec<String>,
    /// The issue it was reported in.
    pub issue: IssueNumber,
    /// The item file, relative to the project root.
    pub file: PathBuf,
}

impl Visit {
    /// Whether the grid is not one the roster gives the leader.
    pub fn outside(&self) -> bool {
        !self.own_grids.contains(&self.grid)
    }
}

/// One grid: a row of the matrix.
#[derive(Debug, Clone)]
pub struct GridRow {
    /// The grid.
    pub grid: Grid,
    /// Whether the roster has a leader for it; a grid that only items
    /// name is listed too, so no inspection drops out of the totals.
    pub in_roster: bool,
    /// The leaders the roster makes responsible for it.
    pub leaders: Vec<String>,
    /// The dates of its inspections in the period, ascending.
    pub dates: Vec<Date>,
    /// How many of them were led by a leader not responsible for it.
    pub by_others: usize,
    /// The distinct places visited, in the order first visited.
    pub sites: Vec<String>,
    /// Inspections per month, one count per column.
    pub by_month: Vec<usize>,
    /// Days from the last inspection to the ledger's date.
    pub days_since: Option<i64>,
}

impl GridRow {
    /// How many inspections.
    pub fn count(&self) -> usize {
        self.dates.len()
    }

    /// The last inspection.
    pub fn last(&self) -> Option<Date> {
        self.dates.last().copied()
    }

    /// 第七网格, with a mark when the roster does not have it.
    pub fn label(&self) -> String {
        let name = format!("第{}网格", zh::numeral(u32::from(self.grid.0)));
        if self.in_roster {
            name
        } else {
            format!("{name}（名册中无）")
        }
    }
}

/// One leader: their inspections in the period.
#[derive(Debug, Clone)]
pub struct LeaderRow {
    /// The name.
    pub name: String,
    /// Whether the roster has them.
    pub in_roster: bool,
    /// The grids the roster gives them.
    pub grids: Vec<Grid>,
    /// Inspections of their own grids.
    pub own: usize,
    /// Inspections of other grids.
    pub outside: usize,
    /// Inspections per month.
    pub by_month: Vec<usize>,
    /// The last inspection.
    pub last: Option<Date>,
}

impl LeaderRow {
    /// How many inspections.
    pub fn count(&self) -> usize {
        self.own + self.outside
    }
}

/// An item file that failed to load, and so is not counted.
#[derive(Debug, Clone)]
pub struct NotCounted {
    /// The file, relative to the project root.
    pub file: PathBuf,
}

/// The ledger of a series over a period.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// The series' title.
    pub series: String,
    /// The issuing office.
    pub office: String,
    /// The period asked for.
    pub period: Period,
    /// The day the days since the last inspection are counted to: the end
    /// of the period, or else the date of the latest issue.
    pub as_of: Option<Date>,
    /// How many issues were read.
    pub issues: usize,
    /// The columns of the matrix.
    pub months: Vec<Month>,
    /// Every grid of the roster (and any other grid inspected): those with
    /// no inspection first, then by number.
    pub grids: Vec<GridRow>,
    /// Every leader of the roster in its order, then any other leader.
    pub leaders: Vec<LeaderRow>,
    /// Inspections per month, all grids.
    pub month_totals: Vec<usize>,
    /// Every inspection counted, by date.
    pub visits: Vec<Visit>,
    /// Items in the period that are not inspections (meetings, notices).
    pub other_items: usize,
    /// Item files that failed to load.
    pub not_counted: Vec<NotCounted>,
}

impl Ledger {
    /// How many inspections were counted.
    pub fn total(&self) -> usize {
        self.visits.len()
    }

    /// The inspections led outside the leader's own grid.
    pub fn outside(&self) -> impl Iterator<Item = &Visit> {
        self.visits.iter().filter(|v| v.outside())
    }
}

/// Reads every issue as `check --all` does and counts the ledger over
/// `period`. Also returns the diagnostics of the files not counted.
pub fn read<'f>(
    project: &Project,
    period: &Period,
    fonts: &dyn Fn() -> &'f Fonts,
) -> Result<(Ledger, Report)> {
    let checked = pipeline::check(project, &Selection::All, fonts)?;
    let ledger = compute(project, &checked, period)?;
    let mut files: Vec<FileId> = ledger
        .not_counted
        .iter()
        .filter_map(|n| checked.report.sources.find(&n.file))
        .collect();
    // An issue whose issue.yaml failed: that file says why.
    for issue in checked.issues.iter().filter(|i| i.issue.is_none()) {
        let path = project
            .issue_dir(issue.number)
            .join(crate::load::ISSUE_FILE);
        files.extend(checked.report.sources.find(&path));
    }
    let diagnostics: Vec<Diagnostic> = checked
        .report
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.span.as_ref().is_some_and(|s| files.contains(&s.file)))
        .cloned()
        .collect();
    let report = Report {
        sources: checked.report.sources,
        diagnostics,
    };
    Ok((ledger, report))
}

/// Counts the ledger of a checked series over `period`. Fails with the
/// report when the series configuration did not load.
pub fn compute(project: &Project, checked: &Checked, period: &Period) -> Result<Ledger> {
    let Some(config) = &checked.config else {
        return Err(Error::Content(Box::new(checked.report.clone())));
    };
    let sources = &checked.report.sources;
    let mut visits = Vec::new();
    let mut other_items = 0;
    let mut not_counted = Vec::new();
    for checked_issue in &checked.issues {
        let dir = project.issue_dir(checked_issue.number);
        let loaded: Vec<PathBuf> = match &checked_issue.issue {
            Some(issue) => issue
                .items
                .iter()
                .map(|i| sources.get(i.file).path.clone())
                .collect(),
            None => Vec::new(),
        };
        let files = project.item_files(&dir).unwrap_or_default();
        not_counted.extend(
            files
                .into_iter()
                .filter(|f| !loaded.contains(f))
                .map(|file| NotCounted { file }),
        );
        let Some(issue) = &checked_issue.issue else {
            continue;
        };
        for item in issue.items.iter().filter(|i| period.contains(i.date.value)) {
            let Some(inspection) = &item.inspection else {
                other_items += 1;
                continue;
            };
            let leader = &inspection.leader.value;
            let entries: Vec<_> = config.roster.iter().filter(|l| &l.name == leader).collect();
            visits.push(Visit {
                date: item.date.value,
                grid: inspection.grid.value,
                leader: leader.clone(),
                own_grids: entries.iter().filter_map(|l| l.grid).collect(),
                in_roster: !entries.is_empty(),
                sites: inspection.sites.clone(),
                issue: issue.number,
                file: sources.get(item.file).path.clone(),
            });
        }
    }
    visits.sort_by(|a, b| (a.date, a.issue, &a.file).cmp(&(b.date, b.issue, &b.file)));

    let latest = checked
        .issues
        .iter()
        .filter_map(|i| i.issue.as_ref().map(|i| i.date.value))
        .max();
    let as_of = period.to.or(latest);
    let months = period::months(period, &visits)?;
    let column = |date: Date| {
        let first = months.first().map_or(0, |m| m.index());
        usize::try_from(Month::of(date).index() - first).unwrap_or(0)
    };

    let mut grids: BTreeMap<Grid, GridRow> = BTreeMap::new();
    let empty_row = |grid: Grid, in_roster: bool| GridRow {
        grid,
        in_roster,
        leaders: Vec::new(),
        dates: Vec::new(),
        by_others: 0,
        sites: Vec::new(),
        by_month: vec![0; months.len()],
        days_since: None,
    };
    for leader in &config.roster {
        if let Some(grid) = leader.grid {
            let row = grids.entry(grid).or_insert_with(|| empty_row(grid, true));
            if !row.leaders.contains(&leader.name) {
                row.leaders.push(leader.name.clone());
            }
        }
    }
    let mut leaders: Vec<LeaderRow> = Vec::new();
    for leader in &config.roster {
        if !leaders.iter().any(|l| l.name == leader.name) {
            leaders.push(LeaderRow {
                name: leader.name.clone(),
                in_roster: true,
                grids: config
                    .roster
                    .iter()
                    .filter(|l| l.name == leader.name)
                    .filter_map(|l| l.grid)
                    .collect(),
                own: 0,
                outside: 0,
                by_month: vec![0; months.len()],
                last: None,
            });
        }
    }
    let mut month_totals = vec![0; months.len()];
    for visit in &visits {
        let at = column(visit.date);
        let row = grids
            .entry(visit.grid)
            .or_insert_with(|| empty_row(visit.grid, false));
        row.dates.push(visit.date);
        row.by_others += usize::from(visit.outside());
        for site in &visit.sites {
            if !row.sites.contains(site) {
                row.sites.push(site.clone());
            }
        }
        row.by_month[at] += 1;
        month_totals[at] += 1;
        if !leaders.iter().any(|l| l.name == visit.leader) {
            leaders.push(LeaderRow {
                name: visit.leader.clone(),
                in_roster: false,
                grids: Vec::new(),
                own: 0,
                outside: 0,
                by_month: vec![0; months.len()],
                last: None,
            });
        }
        if let Some(leader) = leaders.iter_mut().find(|l| l.name == visit.leader) {
            if visit.outside() {
                leader.outside += 1;
            } else {
                leader.own += 1;
            }
            leader.by_month[at] += 1;
            leader.last = leader.last.max(Some(visit.date));
        }
    }
    let mut grids: Vec<GridRow> = grids.into_values().collect();
    for row in &mut grids {
        row.days_since = match (row.last(), as_of) {
            (Some(last), Some(as_of)) => Some((as_of - last).num_days().max(0)),
            _ => None,
        };
    }
    // The grids nobody inspected first: they are what the office must see.
    grids.sort_by_key(|row| (row.count() > 0, row.grid));
    Ok(Ledger {
        series: config.title.clone(),
        office: config.office.clone(),
        period: *period,
        as_of,
        issues: checked.issues.len(),
        months,
        grids,
        leaders,
        month_totals,
        visits,
        other_items,
        not_counted,
    })
}

/// The grids as written in a row: 第一网格、第七网格.
pub fn grid_names(grids: &[Grid]) -> String {
    grids
        .iter()
        .map(|g| format!("第{}网格", zh::numeral(u32::from(g.0))))
        .collect::<Vec<_>>()
        .join("、")
}
