//! `bulletin list`: the issues with date, item count and status.

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::error::{Error, Result};
use crate::load::Loader;

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
    number: u32,
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
pub fn run(args: Args) -> Result<()> {
    let project = super::project()?;
    let mut loader = Loader::new(&project);
    let Some(config) = loader.series_config()? else {
        return Err(Error::Content(Box::new(loader.into_report())));
    };
    let mut rows = Vec::new();
    for number in project.issue_numbers()? {
        let before = loader.diagnostics.len();
        let issue = match loader.issue(Some(&config), number) {
            Ok(issue) => issue,
            // A folder without issue.yaml is listed as an error, not fatal.
            Err(Error::Usage(_)) => None,
            Err(e) => return Err(e),
        };
        if let Some(issue) = &issue {
            let found = crate::check::issue(&config, issue, &loader.sources);
            loader.diagnostics.extend(found);
        }
        // The series' own levels apply, as in `bulletin check`.
        let mut found = loader.diagnostics.split_off(before);
        crate::check::apply_levels(&config, &mut found);
        loader.diagnostics.extend(found);
        let found = &loader.diagnostics[before..];
        let count = |s: Severity| found.iter().filter(|d| d.severity == s).count();
        let items = project.item_files(&project.issue_dir(number))?.len();
        rows.push(Row {
            number: number.0,
            date: issue.as_ref().map(|i| crate::zh::full_date(i.date.value)),
            iso_date: issue.as_ref().map(|i| i.date.value.to_string()),
            items,
            errors: count(Severity::Error)
                + usize::from(issue.is_none() && count(Severity::Error) == 0),
            warnings: count(Severity::Warning),
        });
    }
    let text = match args.format {
        ListFormat::Json => {
            serde_json::to_string_pretty(&rows).map_err(|e| Error::Internal(e.to_string()))? + "\n"
        }
        ListFormat::Table => {
            if rows.is_empty() {
                eprintln!("还没有任何一期。运行 bulletin new 新建第1期");
            }
            let mut table = format!(
                "{}  {}  {}  状态\n",
                pad("期号", 4),
                pad("日期", 15),
                pad("稿件", 4)
            );
            for row in &rows {
                table.push_str(&format!(
                    "{}  {}  {}  {}\n",
                    pad(&row.number.to_string(), 4),
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
fn pad(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|c| if crate::load::is_wide(c) { 2 } else { 1 })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
