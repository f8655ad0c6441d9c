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
    /// 输出目录，相对于当前目录；默认为项目根目录下的 out (output folder)
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// 输出格式，逗号分隔：pdf,png,svg,html，long 为全部页面拼成的一张长图 (output formats)
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
    /// 与 --all 同用：并行生成的期数，默认为 CPU 核数 (issues built at once)
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
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
    Long,
}

/// Checked options of `bulletin build`.
struct Options {
    issues: Option<IssueNumber>,
    build: BuildOptions,
    jobs: Option<usize>,
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
        if self.jobs == Some(0) {
            return Err(Error::Usage("--jobs 至少为 1".into()));
        }
        let mut formats: Vec<Format> = self
            .format
            .iter()
            .map(|f| match f {
                FormatArg::Pdf => Format::Pdf,
                FormatArg::Png => Format::Png,
                FormatArg::Svg => Format::Svg,
                FormatArg::Html => Format::Html,
                FormatArg::Long => Format::Long,
            })
            .collect();
        formats.dedup();
        Ok(Options {
            issues: self.select.check()?,
            build: BuildOptions {
                formats,
                out_dir: super::out_dir(self.out.as_deref(), "out")?,
                dpi: self.dpi,
                created: source_date_epoch()?,
            },
            jobs: self.jobs,
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
    super::term::detail(&format!("项目目录：{}", project.root.display()));
    if let Some(line) = super::fonts::stand_in_line(&fonts) {
        super::term::say(&line);
    }
    let total = numbers.len();
    // Reports of issues built at once, one issue at a time.
    let printing = std::sync::Mutex::new(());
    let build_one = |number: IssueNumber| -> Result<()> {
        let built = build_issue(&project, &fonts, number, &options.build);
        // Issues share no text: what one compilation memoized will not help
        // the next, so `--all` does not let it pile up.
        crate::render::typst::forget_layouts();
        let _printing = printing.lock();
        match built {
            Ok(built) => {
                report::human(&built.warnings);
                tell_written(&project.root, &built.files, built.pages);
                Ok(())
            }
            // With --all one failing issue does not stop the others.
            Err(error) if options.issues.is_none() => {
                report::error(&error);
                Err(error)
            }
            Err(error) => Err(error),
        }
    };
    if options.issues.is_some() {
        return build_one(numbers[0]);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        // Typesetting recurses deeply, as in `archive`.
        .stack_size(8 << 20)
        .build()
        .map_err(|e| Error::Internal(e.to_string()))?;
    let failed = pool.install(|| {
        use rayon::prelude::*;
        numbers
            .par_iter()
            .map(|number| build_one(*number))
            .filter(Result::is_err)
            .count()
    });
    if failed > 0 {
        return Err(Error::Failed { failed, total });
    }
    Ok(())
}

/// One line per format: the PDF by name, the page images as a range.
fn tell_written(root: &std::path::Path, files: &[PathBuf], pages: usize) {
    let shown: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
        .collect();
    for ext in ["pdf", "png", "svg", "html"] {
        let files: Vec<&String> = shown.iter().filter(|f| f.ends_with(ext)).collect();
        let (long, pages_files): (Vec<&String>, Vec<&String>) =
            files.into_iter().partition(|f| f.ends_with("-long.png"));
        for file in long {
            super::term::say(&format!("已生成 {file}（长图，共 {pages} 页）"));
        }
        match pages_files.as_slice() {
            [] => {}
            [one] if ext == "html" => super::term::say(&format!("已生成 {one}")),
            [one] => super::term::say(&format!("已生成 {one}（共 {pages} 页）")),
            [first, .., last] => {
                super::term::say(&format!("已生成 {first} … {last}（每页一个文件）"))
            }
        }
    }
}
