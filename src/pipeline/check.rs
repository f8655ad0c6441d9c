//! The first stage, [`check`]: load the selected issues, apply every rule,
//! compose each issue once, and gather the diagnostics into one report. It
//! runs as named steps over typed values: the series' files, the selected
//! folders, each issue, the rules across issues, and the levels.

use std::path::{Path, PathBuf};

use super::{Checked, CheckedIssue, Selection};
use crate::check;
use crate::compose::{self, Document};
use crate::diagnostic::{Diagnostic, Report, Sources, has_errors};
use crate::error::{Error, Result};
use crate::load::{Loader, Project};
use crate::model::{Issue, IssueHeader, IssueNumber, SeriesConfig};
use crate::render::html::{self, Templates};
use crate::render::typst::{self as typesetter, Fonts, Template};

/// Loads the selected issues and applies every rule. `fonts` is called
/// only when an issue gets as far as the font-coverage rule, so a check
/// that fails earlier never loads fonts.
pub fn check<'f>(
    project: &Project,
    selection: &Selection,
    fonts: &dyn Fn() -> &'f Fonts,
) -> Result<Checked> {
    let mut loader = Loader::new(project);
    let mut series = series(&mut loader)?;
    let all_dirs = project.issue_dirs()?;
    let dirs = selected(project, selection, &all_dirs)?;
    let mut issues = Vec::with_capacity(dirs.len());
    for (number, dir) in dirs {
        let config = series.config.as_ref();
        issues.push(issue(&mut loader, project, config, number, &dir, fonts)?);
    }
    let config = series.config.as_ref();
    let across = across_issues(&mut loader, config, selection, &all_dirs, &issues);
    series.diagnostics.extend(attribute(across, &mut issues));
    Ok(finish(loader.into_sources(), series, issues))
}

/// The series configuration alone, for the commands that add to a series;
/// its errors fail with their report.
pub fn config(project: &Project) -> Result<SeriesConfig> {
    let mut loader = Loader::new(project);
    let loaded = loader.config()?;
    let mut diagnostics = loaded.diagnostics;
    if let Some(config) = &loaded.value {
        diagnostics.extend(check::config(config));
    }
    match loaded.value {
        Some(config) if !has_errors(&diagnostics) => Ok(config),
        _ => Err(Error::Content(Box::new(Report {
            sources: loader.into_sources(),
            diagnostics,
        }))),
    }
}

/// What every issue uses: the configuration, the templates, and the
/// diagnostics of their files.
struct Series {
    config: Option<SeriesConfig>,
    typst: Template,
    html: Option<Templates>,
    diagnostics: Vec<Diagnostic>,
}

/// Loads and checks the series' own files: `bulletin.yaml`, the fonts
/// folder and the project's templates.
fn series(loader: &mut Loader) -> Result<Series> {
    let loaded = loader.series(typesetter::TEMPLATE_NAME, &html::OVERRIDABLE)?;
    let files = loaded.value;
    let sources = loader.sources();
    let typst = match files.typst_template {
        Some(file) => Template {
            text: sources.get(file).text.clone(),
            file: Some(file),
        },
        None => Template::builtin(),
    };
    let overrides = files
        .html_templates
        .into_iter()
        .map(|(name, file)| html::Override {
            text: sources.get(file).text.clone(),
            name,
            file,
        })
        .collect();
    let mut problems = typst.syntax_errors();
    let html = Templates::new(overrides)
        .map_err(|found| problems.extend(found))
        .ok();
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(problems.iter().map(|p| check::template_problem(p, sources)));
    if let Some(config) = &files.config {
        diagnostics.extend(check::config(config));
    }
    Ok(Series {
        config: files.config,
        typst,
        html,
        diagnostics,
    })
}

/// The folders of the selected issues, ascending; a usage error for an
/// issue that does not exist, or a series without issues.
fn selected(
    project: &Project,
    selection: &Selection,
    all_dirs: &[(IssueNumber, PathBuf)],
) -> Result<Vec<(IssueNumber, PathBuf)>> {
    let dirs = match selection {
        Selection::All => all_dirs.to_vec(),
        Selection::Issues(numbers) => numbers
            .iter()
            .map(|&number| {
                let dir = project.issue_dir(number);
                if project.root.join(&dir).is_dir() {
                    Ok((number, dir))
                } else {
                    Err(Error::Usage(format!(
                        "没有{}：找不到目录 {} (no such issue)",
                        number.label(),
                        dir.display()
                    )))
                }
            })
            .collect::<Result<_>>()?,
    };
    if dirs.is_empty() && *selection == Selection::All {
        return Err(Error::Usage(
            "项目中还没有任何一期：bulletins/ 下没有期号目录".into(),
        ));
    }
    Ok(dirs)
}

/// Loads one issue, applies the rules of the model, composes it and
/// applies the rules of the document.
fn issue<'f>(
    loader: &mut Loader,
    project: &Project,
    config: Option<&SeriesConfig>,
    number: IssueNumber,
    dir: &Path,
    fonts: &dyn Fn() -> &'f Fonts,
) -> Result<CheckedIssue> {
    let loaded = loader.issue(config, number, dir)?;
    let sources = loader.sources();
    let mut diagnostics = loaded.diagnostics;
    // Items whose front matter failed: their bodies are still checked.
    diagnostics.extend(check::fragments(&loaded.fragments, sources));
    let mut issue = loaded.value;
    let mut document = None;
    if let (Some(config), Some(issue)) = (config, &mut issue) {
        diagnostics.extend(check::issue(config, issue, sources));
        issue.put_in_order();
        let composed = compose::document(config, issue);
        diagnostics.extend(check_document(config, issue, &composed, sources, fonts));
        document = Some(composed);
    }
    let item_files = match &issue {
        Some(issue) => issue.item_files,
        None => project.item_files(dir).map_or(0, |files| files.len()),
    };
    Ok(CheckedIssue {
        number,
        diagnostics,
        item_files,
        issue,
        document,
    })
}

/// The rules of the composed document: what it prints must be printable,
/// by the fonts at hand and within the typesetter's limits.
fn check_document<'f>(
    config: &SeriesConfig,
    issue: &Issue,
    document: &Document,
    sources: &Sources,
    fonts: &dyn Fn() -> &'f Fonts,
) -> Vec<Diagnostic> {
    let mut diagnostics = check::limits(document, sources, config.file, issue.file);
    let texts = document
        .item_texts()
        .map(|(file, text)| (Some(file), text))
        .chain(std::iter::once((None, document.frame_text())));
    diagnostics.extend(check::missing_glyphs(
        texts,
        |c| fonts().covers(c),
        sources,
        config.file,
    ));
    diagnostics.extend(check::fallback_glyphs(
        fonts(),
        document,
        sources,
        config.file,
    ));
    diagnostics
}

/// The rules across issues: within the selection, and each selected issue
/// against the one before it, of which only the header is read. Over the
/// whole series only, the grids of the roster left without inspection
/// (`W-GRID-IDLE`, at their roster entries).
fn across_issues(
    loader: &mut Loader,
    config: Option<&SeriesConfig>,
    selection: &Selection,
    all_dirs: &[(IssueNumber, PathBuf)],
    issues: &[CheckedIssue],
) -> Vec<Diagnostic> {
    let headers: Vec<IssueHeader> = issues
        .iter()
        .filter_map(|i| i.issue.as_ref().map(Issue::header))
        .collect();
    if *selection == Selection::All {
        let mut found = check::series(&headers, |_| true);
        if let Some(config) = config {
            let loaded: Vec<&Issue> = issues.iter().filter_map(|i| i.issue.as_ref()).collect();
            found.extend(check::idle_grids(config, &loaded));
        }
        return found;
    }
    let mut found = Vec::new();
    for header in &headers {
        let Some((number, dir)) = all_dirs
            .iter()
            .rfind(|(n, _)| *n < header.number && n.same_kind(&header.number))
        else {
            continue;
        };
        let previous = match headers.iter().find(|h| h.number == *number) {
            Some(loaded) => Some(loaded.clone()),
            None => loader.issue_header_only(*number, dir),
        };
        if let Some(previous) = previous {
            found.extend(check::series(&[previous, header.clone()], |h| {
                h.number == header.number
            }));
        }
    }
    found
}

/// Adds each diagnostic of the rules across issues to the issue whose file
/// it points into; returns those that point into none, which belong to the
/// series.
fn attribute(across: Vec<Diagnostic>, issues: &mut [CheckedIssue]) -> Vec<Diagnostic> {
    let mut unmatched = Vec::new();
    for diagnostic in across {
        let file = diagnostic.span.as_ref().map(|s| s.file);
        let owner = issues
            .iter_mut()
            .find(|i| file.is_some() && i.issue.as_ref().map(|issue| issue.file) == file);
        match owner {
            Some(issue) => issue.diagnostics.push(diagnostic),
            None => unmatched.push(diagnostic),
        }
    }
    unmatched
}

/// Applies the series' levels and sorts every list of diagnostics by the
/// order of the files read (the configuration, then each issue and its
/// items) and the positions within a file; the report holds them all.
fn finish(sources: Sources, series: Series, mut issues: Vec<CheckedIssue>) -> Checked {
    let Series {
        config,
        typst,
        html,
        diagnostics: mut own,
    } = series;
    let order = |d: &Diagnostic| d.span.as_ref().map(|s| (s.file, s.range.start));
    let levels = |diagnostics: &mut Vec<Diagnostic>| {
        if let Some(config) = &config {
            check::apply_levels(config, diagnostics);
        }
        diagnostics.sort_by_key(order);
    };
    levels(&mut own);
    let mut diagnostics = own.clone();
    for issue in &mut issues {
        levels(&mut issue.diagnostics);
        diagnostics.extend(issue.diagnostics.iter().cloned());
    }
    diagnostics.sort_by_key(order);
    Checked {
        report: Report {
            sources,
            diagnostics,
        },
        config,
        issues,
        series: own,
        typst,
        html,
    }
}
