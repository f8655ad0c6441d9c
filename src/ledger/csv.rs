//! The ledger as CSV for Excel and WPS: UTF-8 with a byte-order mark (without
//! it Excel reads the file as GBK on a Chinese Windows), CRLF line ends,
//! quoted where RFC 4180 asks. Three blocks, a blank line between: the grid
//! × month matrix with a total row, the leaders with a total row, and the
//! files not counted. The columns are explained in the README.

use super::Ledger;
use super::table::own_grids;

/// The header of the grid block, before the month columns.
pub const GRID_COLUMNS: [&str; 10] = [
    "网格",
    "网格号",
    "负责领导",
    "督导次数",
    "其中非负责领导督导",
    "最近督导日期",
    "距今天数",
    "督导日期",
    "督导地点数",
    "督导地点",
];

/// The header of the leader block, before the month columns.
pub const LEADER_COLUMNS: [&str; 6] = [
    "领导",
    "负责网格",
    "督导次数",
    "本网格",
    "其他网格",
    "最近督导日期",
];

/// The ledger as the bytes of a CSV file.
pub fn render(ledger: &Ledger) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let months = |out: &mut Vec<String>| out.extend(ledger.months.iter().map(|m| m.label()));
    let mut header: Vec<String> = GRID_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    months(&mut header);
    line(&mut out, &header);
    for row in &ledger.grids {
        let mut cells = vec![
            text(&row.label()),
            row.grid.0.to_string(),
            text(&row.leaders.join("、")),
            row.count().to_string(),
            row.by_others.to_string(),
            row.last().map(|d| d.to_string()).unwrap_or_default(),
            row.days_since.map(|d| d.to_string()).unwrap_or_default(),
            row.dates
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            row.sites.len().to_string(),
            text(&row.sites.join("、")),
        ];
        cells.extend(row.by_month.iter().map(|n| n.to_string()));
        line(&mut out, &cells);
    }
    let mut total = vec![String::new(); GRID_COLUMNS.len()];
    total[0] = "合计".into();
    total[3] = ledger.total().to_string();
    total[4] = ledger
        .grids
        .iter()
        .map(|g| g.by_others)
        .sum::<usize>()
        .to_string();
    total.extend(ledger.month_totals.iter().map(|n| n.to_string()));
    line(&mut out, &total);

    out.push_str("\r\n");
    let mut header: Vec<String> = LEADER_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    months(&mut header);
    line(&mut out, &header);
    for row in &ledger.leaders {
        let mut cells = vec![
            text(&row.name),
            text(&own_grids(row.in_roster, &row.grids)),
            row.count().to_string(),
            row.own.to_string(),
            row.outside.to_string(),
            row.last.map(|d| d.to_string()).unwrap_or_default(),
        ];
        cells.extend(row.by_month.iter().map(|n| n.to_string()));
        line(&mut out, &cells);
    }
    let mut total = vec![String::new(); LEADER_COLUMNS.len()];
    total[0] = "合计".into();
    total[2] = ledger.total().to_string();
    total[3] = ledger
        .leaders
        .iter()
        .map(|l| l.own)
        .sum::<usize>()
        .to_string();
    total[4] = ledger
        .leaders
        .iter()
        .map(|l| l.outside)
        .sum::<usize>()
        .to_string();
    total.extend(ledger.month_totals.iter().map(|n| n.to_string()));
    line(&mut out, &total);

    out.push_str("\r\n");
    line(
        &mut out,
        &[
            "读取失败未计入的稿件".to_owned(),
            ledger.not_counted.len().to_string(),
        ],
    );
    for file in &ledger.not_counted {
        line(&mut out, &[text(&file.file.display().to_string())]);
    }
    out.into_bytes()
}

/// Text from the files, kept from being read as a formula: a cell that
/// starts with `=`, `+`, `-` or `@` gets a leading apostrophe, as OWASP
/// advises for CSV opened in spreadsheets.
fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// Appends one record, quoting the cells that need it.
fn line(out: &mut String, cells: &[String]) {
    for (at, cell) in cells.iter().enumerate() {
        if at > 0 {
            out.push(',');
        }
        if cell.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}
