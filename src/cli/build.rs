//! `bulletin build`: check issues, then write their PDF (and PNG/SVG pages,
//! an HTML page).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Date;
use crate::output;
use crate::pipeline::{self, CompileOptions, FileKind, Format, OutputFile, Selection};

/// Arguments of `bulletin build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: super::IssueArgs,
    /// 输出目录，相对于当前目录；默认为项目根目录下的 out (output folder)
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[arg(
        long,
        value_name = "FORMATS",
        default_value = "pdf",
        value_delimiter = ',',
        value_parser = FormatParser,
        help = format_help()
    )]
    format: Vec<Format>,
    /// PNG 分辨率 (dots per inch for PNG pages)
    #[arg(long, value_name = "DPI", default_value_t = 150.0)]
    dpi: f32,
    /// 与 --all 同用：同时生成的期数，默认为 CPU 核数 (issues built at once)
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// 另把排版所用的模板和数据写入此目录，供 `typst compile` 对照
    /// (also write the template and data the typesetter sees, for comparing
    /// with `typst compile`)
    #[arg(long, value_name = "DIR", hide = true)]
    typst_files: Option<PathBuf>,
    /// 份号：在首页右上角印六位编号（如 7 印作 000007），生成 out/12-000007.pdf；只用于 PDF
    /// (copy number printed at the top right of the first page)
    #[arg(long, value_name = "N", conflicts_with = "all")]
    copy_number: Option<u32>,
    /// PDF 标准：none（默认）、a-2b（长期存档）、a-3b、ua-1（无障碍） (PDF standard)
    #[arg(long, value_name = "STANDARD", default_value = "none")]
    pdf_standard: super::pdf_standard::PdfStandardArg,
}

/// The formats `build` offers: those of the table with a help text.
fn offered() -> impl Iterator<Item = Format> {
    Format::ALL
        .iter()
        .copied()
        .filter(|f| f.spec().help.is_some())
}

/// `--format`'s help: each format offered, with what it makes.
fn format_help() -> String {
    let formats: Vec<String> = offered()
        .map(|f| format!("{} {}", f.spec().name, f.spec().help.unwrap_or_default()))
        .collect();
    format!(
        "输出格式，逗号分隔：{} (output formats)",
        formats.join("，")
    )
}

/// `--format`'s values, read from the table of formats.
#[derive(Clone)]
struct FormatParser;

impl FormatParser {
    fn values() -> impl Iterator<Item = clap::builder::PossibleValue> {
        offered().map(|f| {
            clap::builder::PossibleValue::new(f.spec().name).help(f.spec().help.unwrap_or_default())
        })
    }
}

impl clap::builder::TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<Format, clap::Error> {
        let name =
            clap::builder::PossibleValuesParser::new(Self::values()).parse_ref(cmd, arg, value)?;
        Format::named(&name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(Self::values()))
    }
}

/// Checked options of `bulletin build`.
struct Options {
    selection: Selection,
    out_dir: PathBuf,
    compile: CompileOptions,
    typst_files: Option<PathBuf>,
    jobs: Option<usize>,
}

impl Args {
    fn check(self) -> Result<Options> {
        if self.jobs == Some(0) {
            return Err(Error::Usage("--jobs 至少为 1".into()));
        }
        if !(18.0..=1200.0).contains(&self.dpi) {
            return Err(Error::Usage(format!(
                "--dpi {} 超出范围：请用 18 到 1200 之间的值",
                self.dpi
            )));
        }
        if let Some(copy) = self.copy_number {
            if !(1..=999_999).contains(&copy) {
                return Err(Error::Usage(format!(
                    "--copy-number {copy} 超出范围：份号为 1 到 999999"
                )));
            }
            if self.format.iter().any(|f| !f.spec().numbers_copies()) {
                return Err(Error::Usage(
                    "--copy-number 只用于 PDF：份号印在付印的每一份上，网页和图片不编份号".into(),
                ));
            }
        }
        // Each format once, in the order first asked for.
        let mut formats: Vec<Format> = Vec::new();
        for &format in &self.format {
            if !formats.contains(&format) {
                formats.push(format);
            }
        }
        Ok(Options {
            selection: self.select.selection()?,
            out_dir: super::out_dir(self.out.as_deref(), "out")?,
            typst_files: self.typst_files,
            jobs: self.jobs,
            compile: CompileOptions {
                formats,
                dpi: self.dpi,
                created: source_date_epoch()?,
                pdf_standard: self.pdf_standard.into(),
                copy_number: self.copy_number,
            },
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
pub fn run(args: Args, global: &super::Global) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    super::term::detail(&format!("项目目录：{}", project.root.display()));
    let fonts = std::sync::OnceLock::new();
    let load_fonts = || fonts.get_or_init(|| global.fonts(&project));
    let checked = pipeline::check(&project, &options.selection, &load_fonts)?;
    let one = matches!(&options.selection, Selection::Issues(n) if n.len() == 1);
    let out_dir = project.root.join(&options.out_dir);
    let total = checked.issues.len();
    if one && checked.count(crate::diagnostic::Severity::Error) > 0 {
        // The errors, then why nothing was written.
        return Err(Error::Content(Box::new(checked.report)));
    }
    super::print_report(&checked.report);
    let mut failed = 0;
    let mut todo = Vec::new();
    for issue in &checked.issues {
        if checked.buildable(issue).is_none() {
            // Its errors are printed above.
            failed += 1;
            continue;
        }
        if let Some(dir) = &options.typst_files {
            let files = checked.typst_files(issue, load_fonts(), options.compile.created)?;
            let files = files
                .iter()
                .map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
            output::write_into(&dir.join(issue.number.to_string()), files)?;
        }
        todo.push(issue);
    }
    if !todo.is_empty()
        && let Some(line) = super::fonts::stand_in_line(load_fonts(), !global.ignore_system_fonts)
    {
        super::term::say(&line);
    }
    // What issues built at once print, one issue at a time.
    let printing = std::sync::Mutex::new(());
    let build_one = |issue: &&pipeline::CheckedIssue| -> Result<()> {
        let built = checked
            .compile(&project, issue, load_fonts(), &options.compile)
            .and_then(|compiled| {
                let files = compiled.files.iter().map(|f| (f.name.as_str(), &*f.bytes));
                output::write_into(&out_dir, files)?;
                remove_stale_pages(&out_dir, issue.number, &compiled.files)?;
                Ok(compiled)
            });
        let _printing = printing.lock();
        match built {
            Ok(compiled) => {
                tell_written(&project.root, &out_dir, &compiled.files, compiled.pages);
                // The note is about the PDF's pages.
                let pdf = compiled.files.iter().any(|f| f.format == Format::Pdf);
                if let Some(note) = compiled.note.filter(|_| pdf) {
                    super::term::say(&note);
                }
                Ok(())
            }
            Err(error) if !one => {
                super::print_error(&error);
                Err(error)
            }
            Err(error) => Err(error),
        }
    };
    let results = pipeline::build_many(&todo, options.jobs, build_one)?;
    if one {
        return results.into_iter().next().unwrap_or(Ok(()));
    }
    failed += results.iter().filter(|r| r.is_err()).count();
    if failed > 0 {
        return Err(Error::Failed { failed, total });
    }
    Ok(())
}

/// One line per format, in the order of the table: the file by name, or
/// the first and the last page's file.
fn tell_written(root: &Path, dir: &Path, files: &[OutputFile], pages: usize) {
    for &format in Format::ALL {
        let shown: Vec<String> = files
            .iter()
            .filter(|f| f.format == format)
            .map(|f| {
                let path = dir.join(&f.name);
                let shown = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                crate::escape::line(&shown).into_owned()
            })
            .collect();
        if let Some(line) = format.spec().told(&shown, pages) {
            super::term::say(&line);
        }
    }
}

/// Removes the page files (`12-7.png`, `12-07.svg`) of issue `number` that
/// this build did not write: the pages past the last of an earlier, longer
/// build, or named with other digits, would otherwise be mistaken for part
/// of this one. Only the formats this build wrote are touched.
fn remove_stale_pages(
    dir: &Path,
    number: crate::model::IssueNumber,
    written: &[OutputFile],
) -> Result<()> {
    let issue = number.to_string();
    let paged: Vec<Format> = written
        .iter()
        .filter(|f| matches!(f.kind, FileKind::Page(_)))
        .map(|f| f.format)
        .collect();
    output::remove_stale(dir, |name| {
        paged.iter().any(|f| f.spec().is_page_file(name, &issue))
            && !written.iter().any(|w| w.name == name)
    })
}
