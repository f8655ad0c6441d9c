//! The archive site: every issue in the formats the archive publishes, and
//! for the series the pages of [`site`]. This module is the
//! incremental, parallel engine.
//!
//! Incremental: a manifest records the fingerprint of each issue's inputs
//! (`pipeline::inputs`: its folder, `bulletin.yaml`, the project's
//! templates and fonts, the tool's version and built-in templates). Only issues whose fingerprint changed,
//! or whose outputs are missing, are rebuilt; an issue whose folder is gone
//! leaves the site. The manifest is rewritten after each issue's outputs are
//! on disk, so an interrupted run never claims an output that is not there.
//!
//! Parallel: issues build on all cores (`pipeline::build_many`), sharing
//! one font set.
//!
//! What it publishes of each issue is what the table of formats says
//! (`FormatSpec::archive`): the PDF, the HTML page and the first-page
//! thumbnail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

mod site;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Report;
use crate::error::{Error, Result};
use crate::ledger;
use crate::load::{self, Project};
use crate::model::IssueNumber;
use crate::output;
use crate::pipeline::{self, Archived, CheckedIssue, CompileOptions, Format, Selection};
use crate::render::html::Templates;
use crate::render::typst::{Fonts, PdfStandard};
use site::{IssueSummary, SeriesSummary};

/// The supervision ledger's page in the site folder.
pub const LEDGER: &str = "ledger.html";
/// Name of the manifest in the site folder.
pub const MANIFEST: &str = ".bulletin-manifest.json";
/// Resolution of the first-page thumbnails.
const THUMBNAIL_DPI: f32 = 36.0;

/// What to archive and where.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// The site folder, relative to the project root.
    pub out_dir: PathBuf,
    /// Worker threads; `None` for one per core.
    pub jobs: Option<usize>,
    /// The standard of the PDFs: PDF/A-2b unless asked otherwise, since
    /// offices must file bulletins in a long-term format.
    pub pdf_standard: PdfStandard,
}

/// What the manifest remembers of one issue. Its summary for the index
/// is a file of its own (`.bulletin/12.json`), so the manifest stays small
/// however long the series grows.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    files: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    series: Option<SeriesSummary>,
    /// By the issue's name (`12`, `2024-5`), as its files are named.
    issues: BTreeMap<String, Entry>,
}

/// One step of progress, for a progress bar.
#[derive(Debug)]
pub enum Progress<'a> {
    /// What the check found (warnings, and the errors of issues that will
    /// not be built), before anything is built; and how many issues will be.
    Checked(&'a Report, usize),
    /// One issue finished, or failed with this error.
    Done(IssueNumber, Option<&'a Error>),
    /// Something the run noticed and worked around, told at once so that
    /// it is seen even if the run fails later.
    Notice(&'a str),
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Issues built.
    pub built: usize,
    /// Issues whose inputs had not changed.
    pub unchanged: usize,
    /// Issues that failed.
    pub failed: usize,
    /// Issues removed from the site.
    pub removed: usize,
    /// Wall time.
    pub elapsed: Duration,
}

/// Whether `name`, from the manifest, is one the archive writes: a plain
/// file name in the site folder (`12.pdf`) or in its `.bulletin` folder
/// (`.bulletin/12.json`), never `..`, an absolute path or another folder.
fn is_site_file(name: &str) -> bool {
    let plain =
        |n: &str| !n.is_empty() && n != "." && n != ".." && !n.contains(['/', '\\', '\0', ':']);
    match name.split_once('/') {
        Some((".bulletin", rest)) => plain(rest),
        Some(_) => false,
        None => plain(name) && name != MANIFEST,
    }
}

/// Builds the archive site.
pub fn archive(
    project: &Project,
    fonts: &Fonts,
    options: &ArchiveOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<Summary> {
    let start = Instant::now();
    let site = project.root.join(&options.out_dir);
    let manifest_path = site.join(MANIFEST);
    let mut manifest: Manifest = load::read_output(&manifest_path)?
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut summary = Summary::default();
    // The manifest says which files to delete: it may only name files
    // this tool writes, in the site folder. One that names anything else
    // was not written by it, and is not trusted at all.
    if let Some(bad) = manifest
        .issues
        .values()
        .flat_map(|entry| &entry.files)
        .find(|name| !is_site_file(name))
    {
        progress(Progress::Notice(&format!(
            "{MANIFEST} 中有不是本工具生成的文件名 {bad:?}，已弃用该清单并重新生成全部各期 \
             (discarded a manifest naming a file outside the site)"
        )));
        manifest = Manifest::default();
    }

    let inputs = pipeline::inputs(project);
    let numbers = inputs.issues();

    // Issues whose folder is gone leave the site.
    let gone: Vec<String> = manifest
        .issues
        .keys()
        .filter(|key| !numbers.iter().any(|n| n.to_string() == **key))
        .cloned()
        .collect();
    for number in gone {
        if let Some(entry) = manifest.issues.remove(&number) {
            for file in &entry.files {
                output::remove(&site.join(file))?;
            }
            summary.removed += 1;
        }
    }

    let mut todo = BTreeMap::new();
    for &number in &numbers {
        let Some(fingerprint) = inputs.fingerprint(number) else {
            continue;
        };
        // PDFs of another standard are stale too.
        let fingerprint = format!("{fingerprint} {}", options.pdf_standard.name());
        let fresh = manifest
            .issues
            .get(&number.to_string())
            .is_some_and(|entry| {
                entry.fingerprint == fingerprint
                    && entry.files.iter().all(|f| site.join(f).is_file())
            });
        if fresh {
            summary.unchanged += 1;
        } else {
            todo.insert(number, fingerprint);
        }
    }
    write_manifest(&manifest_path, &manifest)?;

    let selection = Selection::Issues(todo.keys().copied().collect());
    let checked = pipeline::check(project, &selection, &|| fonts)?;
    progress(Progress::Checked(&checked.report, todo.len()));
    let compile = CompileOptions {
        formats: Format::ALL
            .iter()
            .copied()
            .filter(|f| f.spec().archive != Archived::No)
            .collect(),
        dpi: THUMBNAIL_DPI,
        created: None,
        pdf_standard: options.pdf_standard,
        copy_number: None,
    };
    let shared_manifest = Mutex::new(manifest);
    // The archive's own templates, made once for every issue's page.
    let templates = Templates::builtin();
    let build_issue = |issue: &CheckedIssue| {
        let fingerprint = todo.get(&issue.number).cloned().unwrap_or_default();
        let result = build_one(project, &checked, issue, fonts, &compile, &site, &templates)
            .and_then(|files| {
                let mut manifest = shared_manifest
                    .lock()
                    .map_err(|_| Error::Internal("manifest lock poisoned".into()))?;
                manifest
                    .issues
                    .insert(issue.number.to_string(), Entry { fingerprint, files });
                write_manifest(&manifest_path, &manifest)
            });
        progress(Progress::Done(issue.number, result.as_ref().err()));
        result
    };
    let results = pipeline::build_many(&checked.issues, options.jobs, build_issue)?;
    summary.failed = results.iter().filter(|r| r.is_err()).count();
    summary.built = results.len() - summary.failed;
    let mut manifest = shared_manifest
        .into_inner()
        .map_err(|_| Error::Internal("manifest lock poisoned".into()))?;

    // The series' own pages, from every issue in the manifest.
    if let Some(config) = &checked.config {
        manifest.series = Some(SeriesSummary {
            title: config.title.clone(),
            office: config.office.clone(),
            base_url: config.base_url.clone(),
        });
    }
    write_manifest(&manifest_path, &manifest)?;
    site::write_index(&site, &manifest, &templates)?;
    // The supervision ledger, counted over every issue as `check --all`
    // reads them: cheap beside a build, so written on every run. A series
    // with no issue left has none (and its index no link to it).
    if numbers.is_empty() {
        output::remove(&site.join(LEDGER))?;
    } else {
        let (ledger, _) = ledger::read(project, &ledger::Period::default(), &|| fonts)?;
        let page = ledger::html::render(&ledger, Some("index.html"))?;
        output::write_atomic(&site.join(LEDGER), page.as_bytes())?;
    }
    summary.elapsed = start.elapsed();
    if summary.failed > 0 {
        return Err(Error::Failed {
            failed: summary.failed,
            total: numbers.len(),
        });
    }
    Ok(summary)
}

/// Compiles one issue and writes its outputs and its summary for the
/// index; returns the names of the files written.
fn build_one(
    project: &Project,
    checked: &pipeline::Checked,
    issue: &CheckedIssue,
    fonts: &Fonts,
    options: &CompileOptions,
    site: &Path,
    templates: &Templates,
) -> Result<Vec<String>> {
    let mut compiled = checked.compile(project, issue, fonts, options)?;
    site::link_downloads(&mut compiled.files, issue.number, templates)?;
    let document = issue
        .document
        .as_ref()
        .ok_or_else(|| Error::Internal("compiled issue without a document".into()))?;
    let summary = serde_json::to_vec(&IssueSummary::new(document))
        .map_err(|e| Error::Internal(e.to_string()))?;
    let summary_name = summary_file(&issue.number.to_string());
    let files = compiled
        .files
        .iter()
        .map(|f| (f.name.as_str(), &*f.bytes))
        .chain([(summary_name.as_str(), summary.as_slice())]);
    output::write_into(site, files)?;
    let mut names: Vec<String> = compiled.files.into_iter().map(|f| f.name).collect();
    names.push(summary_name);
    Ok(names)
}

/// Where an issue's summary for the index is kept, in the site folder.
fn summary_file(name: &str) -> String {
    format!(".bulletin/{name}.json")
}

fn write_manifest(path: &Path, manifest: &Manifest) -> Result<()> {
    let json = serde_json::to_vec(manifest).map_err(|e| Error::Internal(e.to_string()))?;
    output::write_atomic(path, &json)
}
