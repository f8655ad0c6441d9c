//! `bulletin build`: check an issue, then write its PDF (and PNG/SVG pages,
//! an HTML page).

use std::path::PathBuf;

use crate::build::{BuildOptions, Format, build_issue};
use crate::error::{Error, Result};
use crate::model::{Date, IssueNumber};

use super::report;

/// Arguments of `bulletin build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: super::IssueArgs,
    /// 输出目录，相对于项目根目录 (output folder)
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// 输出格式，逗号分隔：pdf,png,svg,html (output formats)
    #[arg(
        long,
        value_name = "FORMATS",
        default_value = "pdf",
        value_delimiter = ','
    )]
    format: Vec<FormatArg>,
    /// PNG 分辨率 (dots per inch for PNG pages)
    #[arg(long, value_name = "DPI", default_value_t = 150.0)]
    dpi: f32,
    /// 不使用系统字体，只用项目 fonts/ 目录和内置字体 (ignore system fonts)
    #[arg(long)]
    ignore_system_fonts: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Pdf,
    Png,
    Svg,
    Html,
}

/// Checked options of `bulletin build`.
struct Options {
    issues: Option<IssueNumber>,
    build: BuildOptions,
    system_fonts: bool,
}

impl Args {
    fn check(self) -> Result<Options> {
        if !(18.0..=1200.0).contains(&self.dpi) {
            return Err(Error::Usage(format!(
                "--dpi {} 超出范围：请用 18 到 1200 之间的值",
                self.dpi
            )));
        }
        let mut formats: Vec<Format> = self
            .format
            .iter()
            .map(|f| match f {
                FormatArg::Pdf => Format::Pdf,
                FormatArg::Png => Format::Png,
                FormatArg::Svg => Format::Svg,
                FormatArg::Html => Format::Html,
            })
            .collect();
        formats.dedup();
        Ok(Options {
            issues: self.select.check()?,
            build: BuildOptions {
                formats,
                out_dir: self.out,
                dpi: self.dpi,
                created: source_date_epoch()?,
            },
            system_fonts: !self.ignore_system_fonts,
        })
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, as a date.
fn source_date_epoch() -> Result<Option<Date>> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let seconds: i64 = value
        .to_str()
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| Error::Usage("SOURCE_DATE_EPOCH 应为整数秒数".into()))?;
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| Some(t.date_naive()))
        .ok_or_else(|| Error::Usage("SOURCE_DATE_EPOCH 超出范围".into()))
}

/// Runs `bulletin build`.
pub fn run(args: Args) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let numbers = match options.issues {
        Some(number) => vec![number],
        None => project.issue_numbers()?,
    };
    if numbers.is_empty() {
        return Err(Error::Usage(
            "项目中还没有任何一期：bulletins/ 下没有期号目录".into(),
        ));
    }
    let fonts = super::fonts(&project, options.system_fonts);
    let total = numbers.len();
    let mut failed = 0;
    for number in numbers {
        let built = build_issue(&project, &fonts, number, &options.build);
        // Issues share no text: what one compilation memoized will not help
        // the next, so `--all` does not let it pile up.
        crate::render::typst::forget_layouts();
        match built {
            Ok(built) => {
                report::human(&built.warnings);
                let shown: Vec<String> = built
                    .files
                    .iter()
                    .map(|f| {
                        let shown = f.strip_prefix(&project.root).unwrap_or(f).display();
                        crate::escape::line(&shown.to_string()).into_owned()
                    })
                    .collect();
                // One line per format: the PDF, then the page images as a range.
                for ext in ["pdf", "png", "svg"] {
                    let files: Vec<&String> = shown.iter().filter(|f| f.ends_with(ext)).collect();
                    match files.as_slice() {
                        [] => {}
                        [one] => eprintln!("已生成 {one}（共 {} 页）", built.pages),
                        [first, .., last] => {
                            eprintln!("已生成 {first} … {last}（每页一个文件）")
                        }
                    }
                }
            }
            // With --all one failing issue does not stop the others.
            Err(error) if options.issues.is_none() => {
                report::error(&error);
                failed += 1;
            }
            Err(error) => return Err(error),
        }
    }
    if failed > 0 {
        return Err(Error::Failed { failed, total });
    }
    Ok(())
}
