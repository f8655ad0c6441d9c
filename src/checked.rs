//! Loading and checking, the first half of the pipeline: what `bulletin
//! check` reports, and what `bulletin build` runs before it typesets.
//! Every file of the selected issues is read and every rule applied, so
//! all problems are reported at once.

use crate::check;
use crate::compose;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::load::{Loader, Project};
use crate::model::{Issue, IssueNumber, SeriesConfig};
use crate::render::typst::{Fonts, missing_glyphs};

/// Which issues to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// One issue, checked also against the issue before it.
    One(IssueNumber),
    /// Every issue of the series.
    All,
}

/// What loading and checking found.
pub struct Checked<'a> {
    /// The loader, holding every file read and every diagnostic.
    pub loader: Loader<'a>,
    /// The series configuration, when it could be read.
    pub config: Option<SeriesConfig>,
    /// The issues that could be loaded, ascending.
    pub issues: Vec<Issue>,
    /// How many issues were looked at.
    pub selected: usize,
}

impl Checked<'_> {
    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.loader
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Loads the selected issues and applies every rule. `fonts` is called
/// only when an issue gets as far as the font-coverage rule, so a check
/// that fails earlier never loads fonts.
pub fn check<'a, 'f>(
    project: &'a Project,
    selection: Selection,
    fonts: &dyn Fn() -> &'f Fonts,
) -> Result<Checked<'a>> {
    let mut loader = Loader::new(project);
    let config = loader.series_config()?;
    let dirs = match selection {
        Selection::All => project.issue_dirs()?,
        Selection::One(number) => vec![(number, project.issue_dir(number))],
    };
    if dirs.is_empty() {
        return Err(Error::Usage(
            "项目中还没有任何一期：bulletins/ 下没有期号目录".into(),
        ));
    }
    let mut issues = Vec::new();
    for (number, dir) in &dirs {
        if let Some(issue) = loader.issue_in(config.as_ref(), *number, dir)? {
            issues.push(issue);
        }
    }
    let mut found: Vec<Diagnostic> = Vec::new();
    if let Some(config) = &config {
        for issue in &issues {
            found.extend(check::issue(config, issue, &loader.sources));
            let document = compose::document(config, issue);
            found.extend(check::printable(
                &document,
                &loader.sources,
                config.file,
                issue.file,
            ));
            found.extend(missing_glyphs(
                fonts(),
                &document,
                &loader.sources,
                config.file,
            ));
        }
        match selection {
            Selection::All => {
                let all: Vec<&Issue> = issues.iter().collect();
                found.extend(check::series(&all, |_| true));
            }
            Selection::One(number) => {
                if let (Some(previous), Some(issue)) =
                    (previous_issue(project, config, number)?, issues.first())
                {
                    found.extend(check::series(&[&previous, issue], |i| i.number == number));
                }
            }
        }
    }
    loader.diagnostics.extend(found);
    if let Some(config) = &config {
        check::apply_levels(config, &mut loader.diagnostics);
    }
    // In the order of the files read (the configuration, then each issue
    // and its items in order), and by position within a file.
    loader
        .diagnostics
        .sort_by_key(|d| d.span.as_ref().map(|s| (s.file, s.range.start)));
    Ok(Checked {
        loader,
        config,
        issues,
        selected: dirs.len(),
    })
}

/// The issue before `number`, to compare with, when it loads without
/// errors; its own problems are not reported here.
fn previous_issue(
    project: &Project,
    config: &SeriesConfig,
    number: IssueNumber,
) -> Result<Option<Issue>> {
    let Some((previous, dir)) = project
        .issue_dirs()?
        .into_iter()
        .rfind(|(n, _)| *n < number)
    else {
        return Ok(None);
    };
    let mut scratch = Loader::new(project);
    Ok(scratch
        .issue_in(Some(config), previous, &dir)
        .ok()
        .flatten())
}

/// Loads and checks one item given as bytes, in an issue of its own under
/// a series with the default settings and one leader, then composes it:
/// everything `check` does to an item file, without a project on disk. The
/// fuzz target calls this; nothing it is given may make it panic.
pub fn item_bytes(bytes: &[u8]) -> crate::error::Report {
    use crate::model::{Distribution, Grid, Leader, Located, Phrases};
    let project = Project {
        root: std::path::PathBuf::from("."),
    };
    let mut loader = Loader::new(&project);
    let config_file = loader.sources.add("bulletin.yaml".into(), String::new());
    let issue_file = loader
        .sources
        .add("bulletins/1/issue.yaml".into(), String::new());
    let item = loader.item_from_bytes(std::path::Path::new("bulletins/1/01.md"), bytes);
    let span = crate::diagnostic::Span::file(issue_file);
    let config = SeriesConfig {
        file: config_file,
        title: "简报".into(),
        masthead: vec!["简报".into()],
        office: "办公室".into(),
        campaign: "创城".into(),
        phrases: Phrases::default(),
        roster: vec![Leader {
            name: "张旋宇".into(),
            titles: vec!["市政协主席".into()],
            grid: Some(Grid(1)),
        }],
        distribution: Distribution::default(),
        grids: None,
        item_age_days: crate::load::DEFAULT_ITEM_AGE_DAYS,
        rules: Vec::new(),
    };
    if let Some(item) = item {
        let issue = Issue {
            file: issue_file,
            dir: "bulletins/1".into(),
            number: IssueNumber(1),
            declared_number: Located {
                value: 1,
                span: span.clone(),
            },
            date: Located {
                value: item.date.value,
                span,
            },
            distribution: Distribution::default(),
            items: vec![item],
        };
        let found = check::issue(&config, &issue, &loader.sources);
        loader.diagnostics.extend(found);
        let document = compose::document(&config, &issue);
        let found = check::printable(&document, &loader.sources, config_file, issue_file);
        loader.diagnostics.extend(found);
        // Serializing is what the typesetter is given.
        let _ = serde_json::to_vec(&document);
    }
    loader.into_report()
}
