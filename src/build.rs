//! The build pipeline of one issue: load → compose → typeset and render →
//! write. `build` writes the outputs; `serve` keeps them in memory.

use std::path::PathBuf;

use crate::checked::{self, Selection};
use crate::compose::{self, Document};
use crate::diagnostic::has_errors;
use crate::error::{Error, Report, Result};
use crate::load::{self, Project};
use crate::model::{Date, IssueNumber};
use crate::output;
use crate::render::html::{self, Templates};
use crate::render::typst::{self as typesetter, Fonts, Template};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The print-ready PDF.
    Pdf,
    /// One PNG per page.
    Png,
    /// One SVG per page.
    Svg,
    /// One self-contained HTML page.
    Html,
    /// A PNG of the first page (`12.png`), for the archive's index.
    Thumbnail,
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The formats to write.
    pub formats: Vec<Format>,
    /// The output folder.
    pub out_dir: PathBuf,
    /// Resolution of PNG pages.
    pub dpi: f32,
    /// Creation date for the PDF, overriding the issue date
    /// (from `SOURCE_DATE_EPOCH`).
    pub created: Option<Date>,
}

/// What a build wrote, and the warnings it had.
#[derive(Debug)]
pub struct Built {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Number of pages.
    pub pages: usize,
    /// Warnings found on the way.
    pub warnings: Report,
}

/// The outputs of one issue, in memory.
#[derive(Debug)]
pub struct Compiled {
    /// Each output file: its name in the output folder (`12.pdf`,
    /// `12-1.svg`, `12.html`) and its bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Number of pages.
    pub pages: usize,
    /// The composed document.
    pub document: Document,
    /// Warnings found on the way.
    pub warnings: Report,
}

/// Builds one issue and writes its outputs. Nothing is written when there
/// is an error.
pub fn build_issue(
    project: &Project,
    fonts: &Fonts,
    number: IssueNumber,
    options: &BuildOptions,
) -> Result<Built> {
    let compiled = compile_issue(project, fonts, number, options)?;
    let dir = project.root.join(&options.out_dir);
    let files = output::write_into(&dir, &compiled.files)?;
    // The pages past the last of an earlier, longer build would otherwise
    // be mistaken for part of this one.
    let mut kinds = Vec::new();
    if options.formats.contains(&Format::Png) {
        kinds.push("png");
    }
    if options.formats.contains(&Format::Svg) {
        kinds.push("svg");
    }
    output::remove_stale(&dir, |name| {
        stale_page(name, number, compiled.pages, &kinds)
    })?;
    Ok(Built {
        files,
        pages: compiled.pages,
        warnings: compiled.warnings,
    })
}

/// Whether `name` is a page image `12-7.png` of issue `number` past its
/// last page.
fn stale_page(name: &str, number: IssueNumber, pages: usize, kinds: &[&str]) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some(page) = stem.strip_prefix(&format!("{number}-")) else {
        return false;
    };
    kinds.contains(&ext)
        && !page.starts_with('0')
        && page.bytes().all(|b| b.is_ascii_digit())
        && page.parse::<usize>().is_ok_and(|page| page > pages)
}

/// Builds one issue into memory: every requested format, or every
/// diagnostic. The document is always typeset, so an HTML-only build fails
/// exactly when the PDF would.
pub fn compile_issue(
    project: &Project,
    fonts: &Fonts,
    number: IssueNumber,
    options: &BuildOptions,
) -> Result<Compiled> {
    // The same checks as `bulletin check`; warnings are kept for the caller.
    let checked = checked::check(project, Selection::One(number), &|| fonts)?;
    let (config, mut issues, mut loader) = (checked.config, checked.issues, checked.loader);
    let template_file = load::template_override(&mut loader)?;
    let html_files = if options.formats.contains(&Format::Html) {
        load::html_overrides(&mut loader, &html::OVERRIDABLE)?
    } else {
        Vec::new()
    };
    let (Some(config), Some(issue), false) =
        (config, issues.pop(), has_errors(&loader.diagnostics))
    else {
        return Err(Error::Content(Box::new(loader.into_report())));
    };
    let template = Template {
        text: match template_file {
            Some(id) => loader.sources.get(id).text.clone(),
            None => typesetter::BUILTIN_TEMPLATE.to_owned(),
        },
        file: template_file,
    };
    let document = compose::document(&config, &issue);
    let pages = typesetter::typeset(
        fonts,
        &project.root,
        &template,
        &document,
        options.created.unwrap_or(issue.date.value),
        &loader.sources,
        config.file,
    );
    let pages = match pages {
        Ok(pages) => pages,
        Err(typesetter::Failure::Internal(message)) => return Err(Error::Internal(message)),
        Err(typesetter::Failure::Diagnostics(diagnostics)) => {
            loader.diagnostics.extend(diagnostics);
            return Err(Error::Content(Box::new(loader.into_report())));
        }
    };

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for format in &options.formats {
        match format {
            Format::Pdf => {
                let ident = format!("{}/{}", config.title, number);
                let created = options.created.unwrap_or(issue.date.value);
                let pdf = pages.pdf(&ident, created).map_err(Error::Internal)?;
                files.push((format!("{number}.pdf"), pdf));
            }
            Format::Png => {
                for (i, png) in pages
                    .png(options.dpi)
                    .map_err(Error::Internal)?
                    .into_iter()
                    .enumerate()
                {
                    files.push((format!("{number}-{}.png", i + 1), png));
                }
            }
            Format::Thumbnail => {
                let png = pages.thumbnail(options.dpi).map_err(Error::Internal)?;
                files.push((format!("{number}.png"), png));
            }
            Format::Svg => {
                for (i, svg) in pages
                    .svg()
                    .map_err(Error::Internal)?
                    .into_iter()
                    .enumerate()
                {
                    files.push((format!("{number}-{}.svg", i + 1), svg.into_bytes()));
                }
            }
            Format::Html => {
                let overrides = html_files
                    .iter()
                    .map(|(name, file)| html::Override {
                        name: name.clone(),
                        text: loader.sources.get(*file).text.clone(),
                        file: *file,
                    })
                    .collect();
                let page = Templates::new(overrides).and_then(|t| t.issue(&document));
                match page {
                    Ok(page) => files.push((format!("{number}.html"), page.into_bytes())),
                    Err(diagnostics) => {
                        loader.diagnostics.extend(diagnostics);
                        return Err(Error::Content(Box::new(loader.into_report())));
                    }
                }
            }
        }
    }
    Ok(Compiled {
        files,
        pages: pages.len(),
        document,
        warnings: loader.into_report(),
    })
}
