//! `bulletin list`: the issues with date, item count and status.

use std::cell::OnceCell;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::pipeline::{self, Selection};

/// Arguments of `bulletin list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 输出格式：table 或 json (output format)
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// One row of the list.
#[derive(Debug, Serialize)]
struct Row {
    /// The number within its year and kind (5 of 2024年第5期).
    number: u32,
    /// The issue as its folder is named: `12`, `2024-5`, `增刊1`.
    id: String,
    /// 第12期, 2024年第5期, 增刊第1期.
    label: String,
    date: Option<String>,
    /// The date as 2021-03-17, for programs.
    iso_date: Option<String>,
    items: usize,
    errors: usize,
    warnings: usize,
}

impl Row {
    fn status(&self) -> String {
        match (self.errors, self.warnings) {
            (0, 0) => "正常".into(),
            (0, w) => format!("{w} 个警告"),
            (e, 0) => format!("{e} 个错误"),
            (e, w) => format!("{e} 个错误，{w} 个警告"),
        }
    }
}

/// Runs `bulletin list`.
pub fn run(args: Args, global: &super::Global) -> Result<()> {
    let project = super::project()?;
    let fonts = OnceCell::new();
    let load_fonts = || fonts.get_or_init(|| global.fonts(&project));
    let checked = match pipeline::check(&project, &Selection::All, &load_fonts) {
        Ok(checked) => checked,
        // No issue yet: an empty list.
        Err(Error::Usage(_)) if project.issue_numbers()?.is_empty() => {
            return print(&args, &[]);
        }
        Err(error) => return Err(error),
    };
    if checked.config.is_none() {
        return Err(Error::Content(Box::new(checked.report)));
    }
    let count = |found: &[Diagnostic], errors: bool| {
        found.iter().filter(|d| d.is_error() == errors).count()
    };
    let rows: Vec<Row> = checked
        .issues
        .iter()
        .map(|issue| Row {
            number: issue.number.ordinal,
            id: issue.number.to_string(),
            label: issue.number.label(),
            date: issue
                .issue
                .as_ref()
                .map(|i| crate::zh::full_date(i.date.value)),
            iso_date: issue.issue.as_ref().map(|i| i.date.value.to_string()),
            items: issue.item_files,
            // An issue that did not load has at least the error of why.
            errors: count(&issue.diagnostics, true).max(usize::from(issue.issue.is_none())),
            warnings: count(&issue.diagnostics, false),
        })
        .collect();
    // The series' own problems are told once, not on every row.
    let series_errors = count(&checked.series, true);
    if series_errors > 0 {
        super::print_diagnostics(&checked.report.sources, &checked.series);
    }
    print(&args, &rows)
}

fn print(args: &Args, rows: &[Row]) -> Result<()> {
    let text = match args.format {
        ListFormat::Json => {
            serde_json::to_string_pretty(rows).map_err(|e| Error::Internal(e.to_string()))? + "\n"
        }
        ListFormat::Table => {
            if rows.is_empty() {
                eprintln!("还没有任何一期。运行 bulletin new 新建第1期");
            }
            // Wide enough for `2024-增刊1`, and 4 as before for `12`.
            let width = rows.iter().map(|r| width(&r.id)).fold(4, usize::max);
            let mut table = format!(
                "{}  {}  {}  状态\n",
                pad("期号", width),
                pad("日期", 15),
                pad("稿件", 4)
            );
            for row in rows {
                table.push_str(&format!(
                    "{}  {}  {}  {}\n",
                    pad(&row.id, width),
                    pad(row.date.as_deref().unwrap_or("—"), 15),
                    pad(&row.items.to_string(), 4),
                    row.status()
                ));
            }
            table
        }
    };
    super::print_stdout(&text)
}

/// Pads to a display width, counting Chinese characters as two columns.
fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// The display width of `text`, Chinese characters counting two columns.
fn width(text: &str) -> usize {
    text.chars().map(crate::zh::columns).sum()
}
