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

mod check;
mod export;
mod formats;
mod fuzz;
mod many;

pub use check::{check, config};
pub use export::{CompileOptions, Compiled, ExportCache, Typeset};
pub use formats::{Archived, Context, FileKind, Format, FormatSpec, OutputFile, Render};
pub use fuzz::{compile_first, import_bytes, item_bytes};
pub use many::build_many;

use std::borrow::Cow;
use std::path::PathBuf;

use crate::compose::{self, Document};
use crate::diagnostic::{Diagnostic, Report, Severity, Span, has_errors};
use crate::error::{Error, Result};
use crate::load::{Inputs, Loader, Project};
use crate::model::{Date, Issue, IssueNumber, SeriesConfig};
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

    /// Typesets one checked issue when a format asked for needs it
    /// ([`FormatSpec::needs_typesetting`]), exporting nothing yet: `serve`
    /// shows the HTML page before it exports the page images. Fails as
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
        let typeset = options.formats.iter().any(|f| f.spec().needs_typesetting());
        let pages = match typeset
            .then(|| typesetter::typeset(fonts, &project.root, &self.typst, &document, created))
        {
            None => None,
            Some(Ok(pages)) => Some(pages),
            // A panic inside Typst: a bug of ours or Typst's, not the writer's.
            Some(Err(typesetter::Failure::Internal(message))) => {
                return Err(Error::Internal(message));
            }
            Some(Err(typesetter::Failure::Problems(problems))) => {
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
            .map(|p| crate::check::template_problem(p, &self.report.sources))
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
