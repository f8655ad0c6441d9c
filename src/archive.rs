//! The archive site: every issue as PDF, HTML page and first-page thumbnail,
//! and for the series `index.html` (newest first, with a filter box),
//! `index.json` and an Atom feed.
//!
//! Incremental: a manifest records a fingerprint of each issue's inputs (its
//! folder, `bulletin.yaml`, the project's templates and fonts, the tool's
//! version and built-in templates). Only issues whose fingerprint changed,
//! or whose outputs are missing, are rebuilt; an issue whose folder is gone
//! leaves the site. The manifest is rewritten after each issue's outputs are
//! on disk, so an interrupted run never claims an output that is not there.
//!
//! Parallel: issues build on all cores (rayon), sharing one font set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::build::{BuildOptions, Format, compile_issue};
use crate::compose::Document;
use crate::error::{Error, Result};
use crate::load::{self, Fingerprint, Project};
use crate::model::IssueNumber;
use crate::output;
use crate::render::html::{self, Templates};
use crate::render::typst::{self as typesetter, Fonts};

/// Name of the manifest in the site folder.
pub const MANIFEST: &str = ".bulletin-manifest.json";
/// Issues built by one pool of worker threads.
const BATCH: usize = 16;
/// Stack of each worker thread.
const WORKER_STACK: usize = 64 << 20;
/// Resolution of the first-page thumbnails.
const THUMBNAIL_DPI: f32 = 36.0;

/// What to archive and where.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// The site folder, relative to the project root.
    pub out_dir: PathBuf,
    /// Worker threads; `None` for one per core.
    pub jobs: Option<usize>,
}

/// One issue as the index lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IssueSummary {
    /// The number.
    pub number: u32,
    /// 第12期.
    pub label: String,
    /// 2021年3月17日.
    pub date: String,
    /// 2021-03-17.
    pub iso_date: String,
    /// The headline list.
    pub headlines: Vec<String>,
    /// All printed text, for the filter box.
    pub text: String,
}

impl IssueSummary {
    fn new(document: &Document) -> Self {
        let mut text = document.headlines.join(" ");
        for (_, item) in document.item_texts() {
            text.push(' ');
            text.push_str(&item);
        }
        Self {
            number: document.issue.number,
            label: document.issue.label.clone(),
            date: document.issue.date.clone(),
            iso_date: document.issue.iso_date.clone(),
            headlines: document.headlines.clone(),
            text,
        }
    }
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
    issues: BTreeMap<u32, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct SeriesSummary {
    title: String,
    office: String,
}

/// One step of progress, for a progress bar.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The number of issues to build.
    Start(usize),
    /// One issue finished, or failed with this error.
    Done(IssueNumber, Option<&'a Error>),
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
    /// What the run noticed and worked around, for the user.
    pub warnings: Vec<String>,
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
        summary.warnings.push(format!(
            "{MANIFEST} 中有不是本工具生成的文件名 {bad:?}，已弃用该清单并重新生成全部各期 \
             (discarded a manifest naming a file outside the site)"
        ));
        manifest = Manifest::default();
    }

    let shared = shared_fingerprint(project)?;
    let numbers = project.issue_numbers()?;

    // Issues whose folder is gone leave the site.
    let gone: Vec<u32> = manifest
        .issues
        .keys()
        .copied()
        .filter(|n| !numbers.contains(&IssueNumber(*n)))
        .collect();
    for number in gone {
        if let Some(entry) = manifest.issues.remove(&number) {
            for file in &entry.files {
                output::remove(&site.join(file))?;
            }
            summary.removed += 1;
        }
    }

    let mut todo = Vec::new();
    for &number in &numbers {
        let mut fingerprint = shared.clone();
        fingerprint.add_tree(project, &project.issue_dir(number))?;
        let fingerprint = fingerprint.finish();
        let fresh = manifest.issues.get(&number.0).is_some_and(|entry| {
            entry.fingerprint == fingerprint && entry.files.iter().all(|f| site.join(f).is_file())
        });
        if fresh {
            summary.unchanged += 1;
        } else {
            todo.push((number, fingerprint));
        }
    }
    write_manifest(&manifest_path, &manifest)?;

    progress(Progress::Start(todo.len()));
    let build = BuildOptions {
        formats: vec![Format::Pdf, Format::Html, Format::Thumbnail],
        out_dir: options.out_dir.clone(),
        dpi: THUMBNAIL_DPI,
        created: None,
    };
    let shared_manifest = Mutex::new(manifest);
    let build_issue = |(number, fingerprint): &(IssueNumber, String)| {
        let result = build_one(project, fonts, *number, &build, &site).and_then(|entry| {
            let entry = Entry {
                fingerprint: fingerprint.clone(),
                ..entry
            };
            let mut manifest = shared_manifest
                .lock()
                .map_err(|_| Error::Internal("manifest lock poisoned".into()))?;
            manifest.issues.insert(number.0, entry);
            write_manifest(&manifest_path, &manifest)
        });
        typesetter::forget_layouts();
        progress(Progress::Done(*number, result.as_ref().err()));
        result
    };
    // A fresh pool per batch: what Typst keeps per worker thread goes with
    // the thread, so memory stays flat however many issues there are.
    let mut results: Vec<Result<()>> = Vec::with_capacity(todo.len());
    for batch in todo.chunks(BATCH) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.jobs.unwrap_or(0))
            // Typesetting recurses deeply; the 2 MiB of a default worker
            // overflowed on a 500-issue series, the main thread's 8 MiB did not.
            .stack_size(WORKER_STACK)
            .build()
            .map_err(|e| Error::Internal(e.to_string()))?;
        results.extend(pool.install(|| batch.par_iter().map(build_issue).collect::<Vec<_>>()));
    }
    summary.failed = results.iter().filter(|r| r.is_err()).count();
    summary.built = results.len() - summary.failed;
    let mut manifest = shared_manifest
        .into_inner()
        .map_err(|_| Error::Internal("manifest lock poisoned".into()))?;

    // The series' own pages, from every issue in the manifest.
    let mut loader = load::Loader::new(project);
    if let Some(config) = loader.series_config()? {
        manifest.series = Some(SeriesSummary {
            title: config.title,
            office: config.office,
        });
    }
    write_manifest(&manifest_path, &manifest)?;
    write_index(&site, &manifest)?;
    summary.elapsed = start.elapsed();
    if summary.failed > 0 {
        return Err(Error::Failed {
            failed: summary.failed,
            total: numbers.len(),
        });
    }
    Ok(summary)
}

/// The inputs every issue shares.
fn shared_fingerprint(project: &Project) -> Result<Fingerprint> {
    let mut fingerprint = Fingerprint::default();
    fingerprint.add("version", env!("CARGO_PKG_VERSION").as_bytes());
    fingerprint.add("bulletin.typ", typesetter::BUILTIN_TEMPLATE.as_bytes());
    for (name, text) in html::BUILTIN {
        fingerprint.add(name, text.as_bytes());
    }
    fingerprint.add_file(project, Path::new(load::CONFIG_FILE))?;
    fingerprint.add_tree(project, Path::new("templates"))?;
    fingerprint.add_tree(project, Path::new("fonts"))?;
    Ok(fingerprint)
}

fn build_one(
    project: &Project,
    fonts: &Fonts,
    number: IssueNumber,
    options: &BuildOptions,
    site: &Path,
) -> Result<Entry> {
    let mut compiled = compile_issue(project, fonts, number, options)?;
    let summary = serde_json::to_vec(&IssueSummary::new(&compiled.document))
        .map_err(|e| Error::Internal(e.to_string()))?;
    compiled.files.push((summary_file(number.0), summary));
    output::write_into(site, &compiled.files)?;
    Ok(Entry {
        fingerprint: String::new(),
        files: compiled
            .files
            .iter()
            .map(|(name, _)| name.clone())
            .collect(),
    })
}

/// Where an issue's summary for the index is kept, in the site folder.
fn summary_file(number: u32) -> String {
    format!(".bulletin/{number}.json")
}

fn write_manifest(path: &Path, manifest: &Manifest) -> Result<()> {
    let json = serde_json::to_vec(manifest).map_err(|e| Error::Internal(e.to_string()))?;
    output::write_atomic(path, &json)
}

/// What `index.json` holds for one issue.
#[derive(Serialize)]
struct IndexIssue<'a> {
    number: u32,
    label: &'a str,
    date: &'a str,
    iso_date: &'a str,
    headlines: &'a [String],
    html: String,
    pdf: String,
    thumbnail: String,
}

/// What the index templates see.
#[derive(Serialize)]
struct IndexData<'a> {
    title: &'a str,
    office: &'a str,
    updated: String,
    issues: Vec<IndexIssue<'a>>,
    /// The filter's search data as JSON, escaped for a `<script>` element.
    search_json: String,
}

fn write_index(site: &Path, manifest: &Manifest) -> Result<()> {
    let series = manifest.series.clone().unwrap_or(SeriesSummary {
        title: "工作简报".into(),
        office: String::new(),
    });
    let mut summaries = Vec::with_capacity(manifest.issues.len());
    for number in manifest.issues.keys().rev() {
        let path = site.join(summary_file(*number));
        let summary: IssueSummary = load::read_output(&path)?
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| {
                Error::Internal(format!(
                    "{} 已损坏，请删除站点目录后重新生成",
                    path.display()
                ))
            })?;
        summaries.push(summary);
    }
    let issues: Vec<IndexIssue> = summaries
        .iter()
        .map(|s| IndexIssue {
            number: s.number,
            label: &s.label,
            date: &s.date,
            iso_date: &s.iso_date,
            headlines: &s.headlines,
            html: format!("{}.html", s.number),
            pdf: format!("{}.pdf", s.number),
            thumbnail: format!("{}.png", s.number),
        })
        .collect();
    let search: Vec<(u32, String)> = summaries
        .iter()
        .map(|s| {
            (
                s.number,
                format!("{} {} {} {}", s.label, s.date, s.iso_date, s.text),
            )
        })
        .collect();
    let search_json = serde_json::to_string(&search)
        .map_err(|e| Error::Internal(e.to_string()))?
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let updated = summaries
        .iter()
        .map(|s| s.iso_date.as_str())
        .max()
        .unwrap_or("1970-01-01")
        .to_owned();
    let data = IndexData {
        title: &series.title,
        office: &series.office,
        updated,
        issues,
        search_json,
    };
    let templates = Templates::builtin();
    let render = |name: &str| {
        templates.render(name, &data).map_err(|diagnostics| {
            Error::Internal(
                diagnostics
                    .into_iter()
                    .map(|d| d.message)
                    .collect::<Vec<_>>()
                    .join("；"),
            )
        })
    };
    let index_html = render(INDEX)?;
    let feed = render(FEED)?;
    let index_json = serde_json::to_vec_pretty(&serde_json::json!({
        "title": data.title,
        "office": data.office,
        "issues": data.issues,
    }))
    .map_err(|e| Error::Internal(e.to_string()))?;
    output::write_all(&[
        (&site.join("index.html"), index_html.as_bytes()),
        (&site.join("feed.xml"), feed.as_bytes()),
        (&site.join("index.json"), &index_json),
    ])
}

/// The archive's index page template.
pub const INDEX: &str = "archive-index.html";
/// The archive's Atom feed template.
pub const FEED: &str = "archive-feed.xml";
