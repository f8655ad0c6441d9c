//! `bulletin check`: every diagnostic of one issue or of the whole series,
//! for people or as JSON lines for CI.

use std::cell::OnceCell;

use crate::checked::{self, Selection};
use crate::diagnostic::Severity;
use crate::error::{Error, Result};

use super::report;

/// Arguments of `bulletin check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: super::IssueArgs,
    /// 问题的输出格式：human（供人阅读）或 json（每行一条，供 CI 使用）；
    /// 旧写法 --format 仍可用 (diagnostic format)
    #[arg(
        long = "diagnostic-format",
        alias = "format",
        value_name = "FORMAT",
        default_value = "human"
    )]
    format: FormatArg,
    /// 有警告也视为未通过 (fail on warnings)
    #[arg(long)]
    deny_warnings: bool,
    /// 不使用系统字体，只用项目 fonts/ 目录和内置字体 (ignore system fonts)
    #[arg(long)]
    ignore_system_fonts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Human,
    Json,
}

/// Checked options of `bulletin check`.
struct Options {
    selection: Selection,
    format: FormatArg,
    deny_warnings: bool,
    system_fonts: bool,
}

impl Args {
    fn check(self) -> Result<Options> {
        let selection = match self.select.check()? {
            Some(number) => Selection::One(number),
            None => Selection::All,
        };
        Ok(Options {
            selection,
            format: self.format,
            deny_warnings: self.deny_warnings,
            system_fonts: !self.ignore_system_fonts,
        })
    }
}

/// Runs `bulletin check`.
pub fn run(args: Args) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let fonts = OnceCell::new();
    let load_fonts = || fonts.get_or_init(|| super::fonts(&project, options.system_fonts));
    let checked = checked::check(&project, options.selection, &load_fonts)?;
    let errors = checked.count(Severity::Error);
    let warnings = checked.count(Severity::Warning);
    let selected = checked.selected;
    let report = checked.loader.into_report();
    match options.format {
        FormatArg::Human => report::human(&report),
        FormatArg::Json => report::json(&report),
    }
    if errors > 0 || (options.deny_warnings && warnings > 0) {
        return Err(Error::Checked { errors, warnings });
    }
    let scope = match options.selection {
        Selection::One(number) => format!("第{number}期"),
        Selection::All => format!("全部 {selected} 期"),
    };
    if warnings > 0 {
        eprintln!("检查完毕：{scope}没有错误，有 {warnings} 处警告");
    } else {
        eprintln!("检查完毕：{scope}没有发现问题");
    }
    Ok(())
}
