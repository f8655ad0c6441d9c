//! `bulletin build`: check issues, then write their PDF (and PNG/SVG pages,
//! an HTML page).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Date;
use crate::output;
use crate::pipeline::{self, CompileOptions, Format, Selection};
use crate::render::typst as typesetter;

/// Arguments of `bulletin build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: super::IssueArgs,
    /// 输出目录，相对于当前目录；默认为项目根目录下的 out (output folder)
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// 输出格式，逗号分隔：pdf,png,svg,html,docx（Word 文件），long 为全部页面拼成的一张长图 (output formats)
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Pdf,
    Png,
    Svg,
    Html,
    Long,
    Docx,
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
            if self.format.iter().any(|f| *f != FormatArg::Pdf) {
                return Err(Error::Usage(
                    "--copy-number 只用于 PDF：份号印在付印的每一份上，网页和图片不编份号".into(),
                ));
            }
        }
        // Each format once, in the order first asked for.
        let mut formats: Vec<Format> = Vec::new();
        for format in &self.format {
            let format = match format {
                FormatArg::Pdf => Format::Pdf,
                FormatArg::Png => Format::Png,
                FormatArg::Svg => Format::Svg,
                FormatArg::Html => Format::Html,
                FormatArg::Long => Format::Long,
                FormatArg::Docx => Format::Docx,
            };
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
            output::write_into(&dir.join(issue.number.to_string()), &files)?;
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
                let files = output::write_into(&out_dir, &compiled.files)?;
                remove_stale_pages(&out_dir, issue.number, &compiled.files)?;
                Ok((files, compiled.pages, compiled.note))
            });
        // Issues share no text: what one compilation memoized will not help
        // the next, so `--all` does not let it pile up.
        typesetter::forget_layouts();
        let _printing = printing.lock();
        match built {
            Ok((files, pages, note)) => {
                tell_written(&project.root, &files, pages);
                // The note is about the PDF's pages.
                let pdf = files
                    .iter()
                    .any(|f| f.extension().is_some_and(|e| e == "pdf"));
                if let Some(note) = note.filter(|_| pdf) {
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
    if one {
        return todo.first().map_or(Ok(()), build_one);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        // Typesetting recurses deeply, as in `archive`.
        .stack_size(8 << 20)
        .build()
        .map_err(|e| Error::Internal(e.to_string()))?;
    failed += pool.install(|| {
        use rayon::prelude::*;
        todo.par_iter()
            .map(build_one)
            .filter(Result::is_err)
            .count()
    });
    if failed > 0 {
        return Err(Error::Failed { failed, total });
    }
    Ok(())
}

/// One line per format: the PDF, the HTML page and the long image by name,
/// the page images as a range.
fn tell_written(root: &Path, files: &[PathBuf], pages: usize) {
    let shown: Vec<String> = files
        .iter()
        .map(|f| {
            let shown = f.strip_prefix(root).unwrap_or(f).display().to_string();
            crate::escape::line(&shown).into_owned()
        })
        .collect();
    for file in shown.iter().filter(|f| f.ends_with("-long.png")) {
        super::term::say(&format!("已生成 {file}（长图，共 {pages} 页）"));
    }
    for ext in [".pdf", ".png", ".svg", ".html", ".docx"] {
        let files: Vec<&String> = shown
            .iter()
            .filter(|f| f.ends_with(ext) && !f.ends_with("-long.png"))
            .collect();
        match files.as_slice() {
            [] => {}
            [one] if ext == ".html" || ext == ".docx" => super::term::say(&format!("已生成 {one}")),
            [one] => super::term::say(&format!("已生成 {one}（共 {pages} 页）")),
            [first, .., last] => {
                super::term::say(&format!("已生成 {first} … {last}（每页一个文件）"))
            }
        }
    }
}

/// Removes the page images (`12-7.png`, `12-07.svg`) of issue `number` that
/// this build did not write: the pages past the last of an earlier, longer
/// build, or named with other digits, would otherwise be mistaken for part
/// of this one. Only the kinds this build wrote are touched.
fn remove_stale_pages(
    dir: &Path,
    number: crate::model::IssueNumber,
    written: &[(String, Vec<u8>)],
) -> Result<()> {
    let kinds: Vec<&str> = ["png", "svg"]
        .into_iter()
        .filter(|ext| {
            written
                .iter()
                .any(|(name, _)| is_page(name, number).is_some_and(|e| e == *ext))
        })
        .collect();
    output::remove_stale(dir, |name| {
        is_page(name, number).is_some_and(|ext| kinds.contains(&ext))
            && !written.iter().any(|(w, _)| w == name)
    })
}

/// The extension of `name` when it is a page image `12-7.png` of issue
/// `number`.
fn is_page(name: &str, number: crate::model::IssueNumber) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    let page = stem.strip_prefix(&format!("{number}-"))?;
    (!page.is_empty() && page.bytes().all(|b| b.is_ascii_digit())).then_some(ext)
}
