//! `bulletin ledger`: the supervision ledger (督导台账) of the whole series,
//! in the terminal or as CSV, XLSX, JSON or an HTML page.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ledger::{self, Period};
use crate::model::Date;
use crate::output;

/// Arguments of `bulletin ledger`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 起始日期（含），如 2021-03-01；默认不限 (first day counted)
    #[arg(long, value_name = "日期")]
    from: Option<String>,
    /// 截止日期（含）；默认不限，距今天数算至最近一期的日期 (last day counted)
    #[arg(long, value_name = "日期")]
    to: Option<String>,
    /// 输出格式：table（终端表格）、csv、xlsx、json、html；默认按 -o 的扩展名，否则 table (format)
    #[arg(long, value_name = "FORMAT")]
    format: Option<LedgerFormat>,
    /// 写入此文件（相对于当前目录），扩展名须与格式相符；默认输出到终端，xlsx 写入 out/ledger.xlsx (output file)
    #[arg(short, long, value_name = "文件")]
    out: Option<PathBuf>,
}

/// The formats of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LedgerFormat {
    Table,
    Csv,
    Xlsx,
    Json,
    Html,
}

impl LedgerFormat {
    /// The file extension of the format.
    fn extension(self) -> &'static str {
        match self {
            Self::Table => "txt",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
            Self::Html => "html",
        }
    }

    fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        [Self::Table, Self::Csv, Self::Xlsx, Self::Json, Self::Html]
            .into_iter()
            .find(|f| f.extension() == ext)
    }
}

/// Checked options of `bulletin ledger`.
struct Options {
    period: Period,
    format: LedgerFormat,
    /// Where to write; `None` for standard output.
    out: Option<PathBuf>,
}

/// The file `xlsx` goes to when no `-o` is given, in the project root.
const DEFAULT_XLSX: &str = "out/ledger.xlsx";

impl Args {
    fn check(self) -> Result<Options> {
        let date = |given: Option<&str>, flag: &str| -> Result<Option<Date>> {
            given
                .map(|text| {
                    Date::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                        Error::Usage(format!(
                            "{flag} 的日期 {text} 无效：请写作 2021-03-01（年-月-日）"
                        ))
                    })
                })
                .transpose()
        };
        let period = Period {
            from: date(self.from.as_deref(), "--from")?,
            to: date(self.to.as_deref(), "--to")?,
        };
        if let (Some(from), Some(to)) = (period.from, period.to)
            && from > to
        {
            return Err(Error::Usage(format!(
                "--from {from} 晚于 --to {to}：起始日期应不晚于截止日期"
            )));
        }
        let format = match (self.format, &self.out) {
            (Some(format), _) => format,
            (None, Some(out)) => LedgerFormat::from_extension(out).ok_or_else(|| {
                Error::Usage(format!(
                    "无法从文件名 {} 判断格式：请用 .csv、.xlsx、.json、.html、.txt 结尾，或用 --format 指定",
                    crate::escape::line(&out.display().to_string())
                ))
            })?,
            (None, None) => LedgerFormat::Table,
        };
        // The extension must say the format: so `-o` can never name a
        // source file (`bulletin.yaml`, an item) and overwrite it.
        if let Some(out) = &self.out
            && LedgerFormat::from_extension(out) != Some(format)
        {
            return Err(Error::Usage(format!(
                "输出文件 {} 的扩展名应为 .{}（与 --format {} 相符）",
                crate::escape::line(&out.display().to_string()),
                format.extension(),
                format.extension().replace("txt", "table")
            )));
        }
        let out = match self.out {
            Some(out) => {
                let cwd = std::env::current_dir().map_err(|e| Error::io("读取", ".", e))?;
                Some(cwd.join(out))
            }
            None => None,
        };
        Ok(Options {
            period,
            format,
            out,
        })
    }
}

/// Runs `bulletin ledger`.
pub fn run(args: Args, global: &super::Global) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let fonts = OnceCell::new();
    let load_fonts = || fonts.get_or_init(|| global.fonts(&project));
    let (ledger, report) = ledger::read(&project, &options.period, &load_fonts)?;
    // Why the files not counted failed, before the ledger that omits them.
    super::print_report(&report);
    let bytes = match options.format {
        LedgerFormat::Table => ledger::table::render(&ledger).into_bytes(),
        LedgerFormat::Csv => ledger::csv::render(&ledger),
        LedgerFormat::Xlsx => ledger::xlsx::render(&ledger)?,
        LedgerFormat::Json => ledger::json::render(&ledger)?,
        LedgerFormat::Html => ledger::html::render(&ledger, None)?.into_bytes(),
    };
    let out = match (&options.out, options.format) {
        (Some(out), _) => Some(out.clone()),
        (None, LedgerFormat::Xlsx) => Some(project.root.join(DEFAULT_XLSX)),
        (None, _) => None,
    };
    match &out {
        Some(path) => {
            output::write_atomic(path, &bytes)?;
            let shown = path.strip_prefix(&project.root).unwrap_or(path);
            super::term::say(&format!(
                "已生成 {}（督导 {} 次，{} 个网格）",
                crate::escape::line(&shown.display().to_string()),
                ledger.total(),
                ledger.grids.len()
            ));
        }
        None => super::print_stdout(&String::from_utf8_lossy(&bytes))?,
    }
    if !ledger.not_counted.is_empty() {
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "注意：{} 篇稿件读取失败，未计入台账；改正上面的错误后重新生成",
            ledger.not_counted.len()
        );
        return Err(Error::Checked {
            errors: errors.max(1),
            warnings: 0,
        });
    }
    Ok(())
}
