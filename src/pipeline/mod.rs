//! The pipeline that every command runs, in two typed stages:
//!
//! - [`check`]: load the selected issues (every file, even when some are
//!   broken), apply every rule, compose each issue once, and gather every
//!   diagnostic into one report: a [`Checked`].
//! - [`Checked::compile`]: typeset one checked issue and export the formats
//!   asked for, in memory: a [`Compiled`].
//!
//! `check` and `list` stop after the first stage; `build` and `archive`
//! write what the second returns through `output`; `serve` keeps it in
//! memory. What an issue's inputs are, for rebuilding only what changed, is
//! [`inputs`].

mod export;
mod fuzz;

pub use export::{CompileOptions, Compiled, Format, Typeset};
pub use fuzz::{compile_first, item_bytes};

use std::borrow::Cow;
use std::path::PathBuf;

use crate::check;
use crate::compose::{self, Document};
use crate::diagnostic::{Diagnostic, Severity, Span, has_errors};
use crate::error::{Error, Report, Result};
use crate::load::{Inputs, Loader, Project, TEMPLATES_DIR};
use crate::model::{Date, Issue, IssueHeader, IssueNumber, SeriesConfig};
use crate::render::html::{self, Templates};
use crate::render::typst::{self as typesetter, Fonts, PdfStandard, Template};

/// Which issues to work on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// These issues, each checked also against the issue before it.
    Issues(Vec<IssueNumber>),
    /// Every issue of the series, checked against each other.
    All,
}

/// What the first stage found.
pub struct Checked {
    /// Every diagnostic, with the series' levels applied, in the order of
    /// the files read and by position within a file; and those files.
    pub report: Report,
    /// The series configuration, when it could be read.
    pub config: Option<SeriesConfig>,
    /// The selected issues, ascending.
    pub issues: Vec<CheckedIssue>,
    /// The diagnostics of files that every issue uses (`bulletin.yaml`,
    /// templates): while any is an error, no issue is built.
    pub series: Vec<Diagnostic>,
    typst: Template,
    html: Option<Templates>,
}

/// One selected issue after checking.
pub struct CheckedIssue {
    /// Its number.
    pub number: IssueNumber,
    /// The diagnostics of its files and of the rules across issues about
    /// it, also in [`Checked::report`].
    pub diagnostics: Vec<Diagnostic>,
    /// How many item files its folder has.
    pub item_files: usize,
    /// The issue with its items in print order, when it loaded.
    pub issue: Option<Issue>,
    /// The composed document, when the issue and the configuration loaded.
    pub document: Option<Document>,
}

impl Checked {
    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The issue and document of a checked issue, when it can be built:
    /// it loaded, and neither it nor a series file has errors.
    pub fn buildable<'a>(&self, issue: &'a CheckedIssue) -> Option<(&'a Issue, &'a Document)> {
        if has_errors(&self.series) || has_errors(&issue.diagnostics) {
            return None;
        }
        Some((issue.issue.as_ref()?, issue.document.as_ref()?))
    }

    /// Typesets one checked issue and exports the formats asked for. An
    /// issue that is not [`buildable`](Self::buildable) fails with the
    /// report of why; so does a template that fails while typesetting.
    pub fn compile(
        &self,
        project: &Project,
        checked: &CheckedIssue,
        fonts: &Fonts,
        options: &CompileOptions,
    ) -> Result<Compiled> {
        self.typeset(project, checked, fonts, options)?
            .export(options)
    }

    /// Typesets one checked issue, exporting nothing yet: `serve` shows
    /// the HTML page before it exports the page images. Fails as
    /// [`compile`](Self::compile) does, so an HTML-only build fails exactly
    /// when the PDF would. Of the options, the creation date and the copy
    /// number count here.
    pub fn typeset<'a>(
        &'a self,
        project: &Project,
        checked: &'a CheckedIssue,
        fonts: &Fonts,
        options: &CompileOptions,
    ) -> Result<Typeset<'a>> {
        let (Some((issue, document)), Some(config)) = (self.buildable(checked), &self.config)
        else {
            return Err(self.failure(checked, Vec::new()));
        };
        let created = options.created.unwrap_or(issue.date.value);
        let document = match options.copy_number {
            Some(copy) => {
                let mut copied = document.clone();
                copied.issue.copy = compose::copy_number(copy);
                Cow::Owned(copied)
            }
            None => Cow::Borrowed(document),
        };
        let pages = match typesetter::typeset(fonts, &project.root, &self.typst, &document, created)
        {
            Ok(pages) => pages,
            // A panic inside Typst: a bug of ours or Typst's, not the writer's.
            Err(typesetter::Failure::Internal(message)) => return Err(Error::Internal(message)),
            Err(typesetter::Failure::Problems(problems)) => {
                return Err(self.failure(checked, self.diagnose(&problems)));
            }
        };
        Ok(Typeset {
            checked: self,
            issue: checked,
            document,
            ident: format!("{}/{}", config.title, issue.number),
            created,
            copy_number: options.copy_number,
            pages,
        })
    }

    /// The template and data the typesetter sees for a buildable issue,
    /// as files relative to a root (see [`typesetter::world_files`]).
    pub fn typst_files(
        &self,
        checked: &CheckedIssue,
        fonts: &Fonts,
        created: Option<Date>,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let Some((issue, document)) = self.buildable(checked) else {
            return Err(self.failure(checked, Vec::new()));
        };
        let created = created.unwrap_or(issue.date.value);
        typesetter::world_files(fonts, &self.typst, document, created)
            .map_err(|p| self.failure(checked, self.diagnose(&[p])))
    }

    fn diagnose(&self, problems: &[crate::render::Problem]) -> Vec<Diagnostic> {
        problems
            .iter()
            .map(|p| check::template_problem(p, &self.report.sources))
            .collect()
    }

    /// A failed compilation: the errors that stop this issue, and `more`.
    fn failure(&self, checked: &CheckedIssue, more: Vec<Diagnostic>) -> Error {
        let mut diagnostics: Vec<Diagnostic> = self
            .series
            .iter()
            .chain(&checked.diagnostics)
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        diagnostics.extend(more);
        Error::Content(Box::new(Report {
            sources: self.report.sources.clone(),
            diagnostics,
        }))
    }
}

/// Loads the selected issues and applies every rule. `fonts` is called
/// only when an issue gets as far as the font-coverage rule, so a check
/// that fails earlier never loads fonts.
pub fn check<'f>(
    project: &Project,
    selection: &Selection,
    fonts: &dyn Fn() -> &'f Fonts,
) -> Result<Checked> {
    let mut loader = Loader::new(project);
    let config = loader.series_config()?;
    loader.check_fonts();
    let typst = match loader
        .read_optional(&std::path::Path::new(TEMPLATES_DIR).join(typesetter::TEMPLATE_NAME))?
    {
        Some(file) => Template {
            text: loader.sources.get(file).text.clone(),
            file: Some(file),
        },
        None => Template::builtin(),
    };
    let overrides = loader
        .templates(&html::OVERRIDABLE)?
        .into_iter()
        .map(|(name, file)| html::Override {
            text: loader.sources.get(file).text.clone(),
            name,
            file,
        })
        .collect();
    let mut problems = typst.syntax_errors();
    let html = Templates::new(overrides)
        .map_err(|found| problems.extend(found))
        .ok();
    let mut series: Vec<Diagnostic> = std::mem::take(&mut loader.diagnostics);
    series.extend(
        problems
            .iter()
            .map(|p| check::template_problem(p, &loader.sources)),
    );
    if let Some(config) = &config {
        series.extend(check::config(config));
    }

    let all_dirs = project.issue_dirs()?;
    let dirs: Vec<(IssueNumber, PathBuf)> = match selection {
        Selection::All => all_dirs.clone(),
        Selection::Issues(numbers) => {
            let mut dirs = Vec::new();
            for &number in numbers {
                let dir = project.issue_dir(number);
                if !project.root.join(&dir).is_dir() {
                    return Err(Error::Usage(format!(
                        "没有{}：找不到目录 {} (no such issue)",
                        number.label(),
                        dir.display()
                    )));
                }
                dirs.push((number, dir));
            }
            dirs
        }
    };
    if dirs.is_empty() && *selection == Selection::All {
        return Err(Error::Usage(
            "项目中还没有任何一期：bulletins/ 下没有期号目录".into(),
        ));
    }

    // Each issue's diagnostics, kept apart so each can be counted.
    let mut found: Vec<Vec<Diagnostic>> = Vec::new();
    let mut issues = Vec::new();
    for (number, dir) in &dirs {
        let mut issue = loader.issue(config.as_ref(), *number, dir)?;
        let mut diagnostics = std::mem::take(&mut loader.diagnostics);
        // Items whose front matter failed: their bodies are still checked.
        let fragments = std::mem::take(&mut loader.fragments);
        diagnostics.extend(check::fragments(&fragments, &loader.sources));
        let mut document = None;
        if let (Some(config), Some(issue)) = (&config, &mut issue) {
            diagnostics.extend(check::issue(config, issue, &loader.sources));
            issue.put_in_order();
            let composed = compose::document(config, issue);
            diagnostics.extend(check::printable(
                &composed,
                &loader.sources,
                config.file,
                issue.file,
            ));
            let texts = composed
                .item_texts()
                .map(|(file, text)| (Some(file), text))
                .chain(std::iter::once((None, composed.frame_text())));
            diagnostics.extend(check::missing_glyphs(
                texts,
                |c| fonts().covers(c),
                &loader.sources,
                config.file,
            ));
            diagnostics.extend(check::fallback_glyphs(
                fonts(),
                &composed,
                &loader.sources,
                config.file,
            ));
            document = Some(composed);
        }
        let item_files = match &issue {
            Some(issue) => issue.item_files,
            None => project.item_files(dir).map_or(0, |files| files.len()),
        };
        found.push(diagnostics);
        issues.push(CheckedIssue {
            number: *number,
            diagnostics: Vec::new(),
            item_files,
            issue,
            document,
        });
    }

    // The rules across issues: within the selection, and each selected
    // issue against the one before it, of which only the header is read.
    let headers: Vec<IssueHeader> = issues
        .iter()
        .filter_map(|i| i.issue.as_ref().map(Issue::header))
        .collect();
    match selection {
        Selection::All => {
            let across = check::series(&headers, |_| true);
            attribute(across, &issues, &mut found);
            // Idle grids need every issue (the whole series only), and are
            // told as of the latest issue, which they belong to.
            if let Some(config) = &config {
                let loaded: Vec<&Issue> = issues.iter().filter_map(|i| i.issue.as_ref()).collect();
                let idle = check::idle_grids(config, &loaded);
                let latest = loaded.iter().max_by_key(|i| (i.date.value, i.number));
                let at = latest.and_then(|l| issues.iter().position(|i| i.number == l.number));
                if let Some(own) = at.and_then(|at| found.get_mut(at)) {
                    own.extend(idle);
                }
            }
        }
        Selection::Issues(_) => {
            for header in &headers {
                let Some((number, dir)) = all_dirs
                    .iter()
                    .rfind(|(n, _)| *n < header.number && n.same_kind(&header.number))
                else {
                    continue;
                };
                let previous = match headers.iter().find(|h| h.number == *number) {
                    Some(loaded) => Some(loaded.clone()),
                    None => {
                        let header = loader.issue_header_only(*number, dir);
                        // Its own problems are not reported here.
                        loader.diagnostics.clear();
                        header
                    }
                };
                if let Some(previous) = previous {
                    let across =
                        check::series(&[previous, header.clone()], |h| h.number == header.number);
                    attribute(across, &issues, &mut found);
                }
            }
        }
    }

    // The series' own levels; then the order of the files read (the
    // configuration, then each issue and its items in order) and of the
    // positions within a file.
    let order = |d: &Diagnostic| d.span.as_ref().map(|s| (s.file, s.range.start));
    let levels = |diagnostics: &mut Vec<Diagnostic>| {
        if let Some(config) = &config {
            check::apply_levels(config, diagnostics);
        }
        diagnostics.sort_by_key(order);
    };
    levels(&mut series);
    let mut diagnostics = series.clone();
    for (issue, mut own) in issues.iter_mut().zip(found) {
        levels(&mut own);
        diagnostics.extend(own.iter().cloned());
        issue.diagnostics = own;
    }
    diagnostics.sort_by_key(order);
    Ok(Checked {
        report: Report {
            sources: loader.sources,
            diagnostics,
        },
        config,
        issues,
        series,
        typst,
        html,
    })
}

/// Adds diagnostics of the rules across issues to the issues they are
/// about, found by the file they point into.
fn attribute(across: Vec<Diagnostic>, issues: &[CheckedIssue], found: &mut [Vec<Diagnostic>]) {
    for diagnostic in across {
        let file = diagnostic.span.as_ref().map(|s| s.file);
        let at = issues
            .iter()
            .position(|i| i.issue.as_ref().map(|issue| issue.file) == file)
            .unwrap_or(0);
        if let Some(own) = found.get_mut(at) {
            own.push(diagnostic);
        }
    }
}

/// The series configuration alone, for the commands that add to a series;
/// its errors fail with their report.
pub fn config(project: &Project) -> Result<SeriesConfig> {
    let mut loader = Loader::new(project);
    let config = loader.series_config()?;
    if let Some(config) = &config {
        let found = check::config(config);
        loader.diagnostics.extend(found);
    }
    match config {
        Some(config) if !has_errors(&loader.diagnostics) => Ok(config),
        _ => Err(Error::Content(Box::new(loader.into_report()))),
    }
}

/// What every issue's inputs are now (see [`Inputs`]), including the
/// tool's own version and built-in templates.
pub fn inputs(project: &Project) -> Inputs {
    let mut builtin: Vec<(&str, &[u8])> = vec![
        ("version", env!("CARGO_PKG_VERSION").as_bytes()),
        (
            typesetter::TEMPLATE_NAME,
            typesetter::BUILTIN_TEMPLATE.as_bytes(),
        ),
    ];
    builtin.extend(
        html::BUILTIN
            .iter()
            .map(|(name, text)| (*name, text.as_bytes())),
    );
    Inputs::scan(project, &builtin)
}
