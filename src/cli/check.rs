//! `bulletin check`: every diagnostic of one issue or of the whole series,
//! for people or as JSON lines for CI.

use std::cell::OnceCell;

use crate::diagnostic::{self, Severity};
use crate::error::{Error, Result};
use crate::pipeline::{self, Selection};

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
}

impl Args {
    fn check(self) -> Result<Options> {
        Ok(Options {
            selection: self.select.selection()?,
            format: self.format,
            deny_warnings: self.deny_warnings,
        })
    }
}

/// Runs `bulletin check`.
pub fn run(args: Args, global: &super::Global) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let fonts = OnceCell::new();
    let load_fonts = || fonts.get_or_init(|| global.fonts(&project));
    let checked = pipeline::check(&project, &options.selection, &load_fonts)?;
    let errors = checked.count(Severity::Error);
    let warnings = checked.count(Severity::Warning);
    match options.format {
        FormatArg::Human => super::print_report(&checked.report),
        FormatArg::Json => {
            let mut out = std::io::stdout().lock();
            diagnostic::json(&mut out, &checked.report)
                .map_err(|e| Error::io("写入", "stdout", e))?;
        }
    }
    if errors > 0 || (options.deny_warnings && warnings > 0) {
        return Err(Error::Checked { errors, warnings });
    }
    let scope = match &options.selection {
        Selection::Issues(numbers) => numbers
            .iter()
            .map(|n| n.label())
            .collect::<Vec<_>>()
            .join("、"),
        Selection::All => format!("全部 {} 期", checked.issues.len()),
    };
    if warnings > 0 {
        eprintln!("检查完毕：{scope}没有错误，有 {warnings} 处警告");
    } else {
        eprintln!("检查完毕：{scope}没有发现问题");
    }
    Ok(())
}
