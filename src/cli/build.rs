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
    /// 另把排版所用的模板和数据写入此目录，供 `typst compile` 对照
    /// (also write the template and data the typesetter sees, for comparing
    /// with `typst compile`)
    #[arg(long, value_name = "DIR", hide = true)]
    typst_files: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Pdf,
    Png,
    Svg,
    Html,
}

/// Checked options of `bulletin build`.
struct Options {
    selection: Selection,
    out_dir: PathBuf,
    compile: CompileOptions,
    typst_files: Option<PathBuf>,
}

impl Args {
    fn check(self) -> Result<Options> {
        if !(18.0..=1200.0).contains(&self.dpi) {
            return Err(Error::Usage(format!(
                "--dpi {} 超出范围：请用 18 到 1200 之间的值",
                self.dpi
            )));
        }
        // Each format once, in the order first asked for.
        let mut formats: Vec<Format> = Vec::new();
        for format in &self.format {
            let format = match format {
                FormatArg::Pdf => Format::Pdf,
                FormatArg::Png => Format::Png,
                FormatArg::Svg => Format::Svg,
                FormatArg::Html => Format::Html,
            };
            if !formats.contains(&format) {
                formats.push(format);
            }
        }
        Ok(Options {
            selection: self.select.selection()?,
            out_dir: self.out,
            typst_files: self.typst_files,
            compile: CompileOptions {
                formats,
                dpi: self.dpi,
                created: source_date_epoch()?,
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
    let fonts = std::cell::OnceCell::new();
    let load_fonts = || fonts.get_or_init(|| global.fonts(&project));
    let checked = pipeline::check(&project, &options.selection, &load_fonts)?;
    let one = matches!(&options.selection, Selection::Issues(n) if n.len() == 1);
    let out_dir = project.root.join(&options.out_dir);
    let total = checked.issues.len();
    let mut failed = 0;
    if one && checked.count(crate::diagnostic::Severity::Error) > 0 {
        // The errors, then why nothing was written.
        return Err(Error::Content(Box::new(checked.report)));
    }
    super::print_report(&checked.report);
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
        let built = checked
            .compile(&project, issue, load_fonts(), &options.compile)
            .and_then(|compiled| {
                let files = output::write_into(&out_dir, &compiled.files)?;
                Ok((files, compiled.pages))
            });
        // Issues share no text: what one compilation memoized will not help
        // the next, so `--all` does not let it pile up.
        typesetter::forget_layouts();
        match built {
            Ok((files, pages)) => tell_written(&project.root, &files, pages),
            Err(error) if !one => {
                super::print_error(&error);
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

/// One line per format: the PDF and the HTML page by name, the page
/// images as a range.
fn tell_written(root: &Path, files: &[PathBuf], pages: usize) {
    let shown: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
        .collect();
    for ext in [".pdf", ".png", ".svg", ".html"] {
        let files: Vec<&String> = shown.iter().filter(|f| f.ends_with(ext)).collect();
        match files.as_slice() {
            [] => {}
            [one] if ext == ".html" => eprintln!("已生成 {one}"),
            [one] => eprintln!("已生成 {one}（共 {pages} 页）"),
            [first, .., last] => eprintln!("已生成 {first} … {last}（每页一个文件）"),
        }
    }
}
