//! The ledger in the terminal: the grid × month matrix and the leaders'
//! totals as columns aligned for the width of Chinese characters (two
//! columns each), then each grid's dates and sites, the inspections outside
//! a leader's own grid and the files not counted.

use super::{Ledger, grid_names};
use crate::escape;

/// The whole ledger as text for a terminal.
pub fn render(ledger: &Ledger) -> String {
    let mut out = format!("{} 督导台账\n", ledger.series);
    out.push_str(&heading(ledger));
    out.push('\n');

    let mut grids = Columns::new(&["网格", "负责领导", "次数", "最近督导", "距今天数"], 2);
    for month in &ledger.months {
        grids.header.push(month.iso());
    }
    for row in &ledger.grids {
        let mut cells = vec![
            row.label(),
            row.leaders.join("、"),
            row.count().to_string(),
            row.last().map_or("—".into(), |d| d.to_string()),
            row.days_since.map_or("—".into(), |d| d.to_string()),
        ];
        cells.extend(row.by_month.iter().map(count));
        grids.rows.push(cells);
    }
    let mut total = vec![
        "合计".to_owned(),
        String::new(),
        ledger.total().to_string(),
        String::new(),
        String::new(),
    ];
    total.extend(ledger.month_totals.iter().map(count));
    grids.rows.push(total);
    out.push_str(&grids.render());

    out.push_str("\n各网格督导日期和地点\n");
    for row in &ledger.grids {
        let dates: Vec<String> = row.dates.iter().map(|d| d.to_string()).collect();
        let dates = if dates.is_empty() {
            "本时段没有督导".to_owned()
        } else {
            dates.join("、")
        };
        let sites = if row.sites.is_empty() {
            String::new()
        } else {
            format!("；地点：{}", row.sites.join("、"))
        };
        let line = format!("{}：{dates}{sites}", row.label());
        out.push_str(&format!("  {}\n", escape::line(&line)));
    }

    out.push_str("\n跨网格督导（领导到名册所定网格以外的网格）\n");
    let mut outside = Columns::new(&["日期", "领导", "负责网格", "督导网格", "期号"], 0);
    for visit in ledger.outside() {
        outside.rows.push(vec![
            visit.date.to_string(),
            visit.leader.clone(),
            own_grids(visit.in_roster, &visit.own_grids),
            grid_names(&[visit.grid]),
            visit.issue.label(),
        ]);
    }
    if outside.rows.is_empty() {
        out.push_str("  无\n");
    } else {
        out.push_str(&indent(&outside.render()));
    }

    out.push_str("\n各领导督导次数\n");
    let mut leaders = Columns::new(&["领导", "负责网格", "次数", "本网格", "其他网格"], 2);
    for month in &ledger.months {
        leaders.header.push(month.iso());
    }
    for row in &ledger.leaders {
        let mut cells = vec![
            row.name.clone(),
            own_grids(row.in_roster, &row.grids),
            row.count().to_string(),
            row.own.to_string(),
            row.outside.to_string(),
        ];
        cells.extend(row.by_month.iter().map(count));
        leaders.rows.push(cells);
    }
    let outside = ledger.outside().count();
    let mut total = vec![
        "合计".to_owned(),
        String::new(),
        ledger.total().to_string(),
        (ledger.total() - outside).to_string(),
        outside.to_string(),
    ];
    total.extend(ledger.month_totals.iter().map(count));
    leaders.rows.push(total);
    out.push_str(&leaders.render());

    if !ledger.not_counted.is_empty() {
        out.push_str(&format!(
            "\n未计入的稿件（读取失败，{} 篇，原因见错误信息）\n",
            ledger.not_counted.len()
        ));
        for file in &ledger.not_counted {
            out.push_str(&format!(
                "  {}\n",
                escape::line(&file.file.display().to_string())
            ));
        }
    }
    out
}

/// The lines under the title: the period, the day counted to, and what
/// was counted.
pub(super) fn heading(ledger: &Ledger) -> String {
    let day =
        |d: Option<crate::model::Date>, open: &str| d.map_or(open.to_owned(), |d| d.to_string());
    let period = match (ledger.period.from, ledger.period.to) {
        (None, None) => "全部各期".to_owned(),
        (Some(from), None) => format!("{from} 起"),
        (None, Some(to)) => format!("至 {to}"),
        (Some(from), Some(to)) => format!("{from} 至 {to}"),
    };
    format!(
        "时段：{period}；距今天数算至 {}；共读取 {} 期\n督导 {} 次，其中跨网格 {} 次；其他稿件 {} 篇不计；读取失败未计入 {} 篇\n",
        day(ledger.as_of, "—"),
        ledger.issues,
        ledger.total(),
        ledger.outside().count(),
        ledger.other_items,
        ledger.not_counted.len()
    )
}

/// The grids the roster gives a leader, or why there are none.
pub(super) fn own_grids(in_roster: bool, grids: &[crate::model::Grid]) -> String {
    match (in_roster, grids.is_empty()) {
        (false, _) => "名册中无此人".to_owned(),
        (true, true) => "未定网格".to_owned(),
        (true, false) => grid_names(grids),
    }
}

/// A count in the matrix: empty for none, as offices leave the cell blank.
fn count(n: &usize) -> String {
    if *n == 0 {
        String::new()
    } else {
        n.to_string()
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// Rows of cells printed as aligned columns; the columns from `numbers`
/// on are right-aligned.
struct Columns {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    numbers: usize,
}

impl Columns {
    fn new(header: &[&str], numbers: usize) -> Self {
        Self {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
            numbers,
        }
    }

    fn render(&self) -> String {
        // Text from the files may hold control characters: made visible,
        // so that they cannot break the columns or drive the terminal.
        let escape = |cells: &[String]| -> Vec<String> {
            cells.iter().map(|c| escape::line(c).into_owned()).collect()
        };
        let header = escape(&self.header);
        let rows: Vec<Vec<String>> = self.rows.iter().map(|r| escape(r)).collect();
        let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
        for row in &rows {
            for (at, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(at) {
                    *w = (*w).max(width(cell));
                }
            }
        }
        let line = |cells: &[String]| {
            let mut text = String::new();
            for (at, cell) in cells.iter().enumerate() {
                let gap = " ".repeat(widths[at].saturating_sub(width(cell)));
                if at > 0 {
                    text.push_str("  ");
                }
                if self.numbers > 0 && at >= self.numbers {
                    text.push_str(&gap);
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&gap);
                }
            }
            text.trim_end().to_owned() + "\n"
        };
        let mut out = line(&header);
        for row in &rows {
            out.push_str(&line(row));
        }
        out
    }
}

/// The display width of `text` in a terminal: Chinese characters and
/// full-width punctuation count two columns.
pub fn width(text: &str) -> usize {
    text.chars().map(crate::zh::columns).sum()
}
