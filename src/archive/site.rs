//! The archive's own pages: `index.html` (newest first, with a filter
//! box), `index.json` and the Atom feed `feed.xml`, from the summaries of
//! the issues in the manifest.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Manifest, summary_file};
use crate::compose::Document;
use crate::error::{Error, Result};
use crate::load;
use crate::model::IssueNumber;
use crate::output;
use crate::pipeline::{Archived, FileKind, Format, OutputFile};
use crate::render::html::Templates;

/// One issue as the index lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IssueSummary {
    /// The number within its year and kind.
    pub number: u32,
    /// The issue as its folder and files are named (`12`, `2024-增刊1`);
    /// empty in summaries written before there was one.
    #[serde(default)]
    pub id: String,
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
    pub(super) fn new(document: &Document) -> Self {
        let mut text = document.headlines.join(" ");
        for (_, item) in document.item_texts() {
            text.push(' ');
            text.push_str(&item);
        }
        Self {
            number: document.issue.number,
            id: document.issue.id.clone(),
            label: document.issue.label.clone(),
            date: document.issue.date.clone(),
            iso_date: document.issue.iso_date.clone(),
            headlines: document.headlines.clone(),
            text,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(super) struct SeriesSummary {
    pub(super) title: String,
    pub(super) office: String,
    /// `base_url:` of the series, ending in `/`.
    #[serde(default)]
    pub(super) base_url: Option<String>,
}

/// What `index.json` holds for one issue.
#[derive(Serialize)]
struct IndexIssue<'a> {
    number: u32,
    /// `12`, `2024-5`, `增刊1`: the folder's name.
    id: &'a str,
    label: &'a str,
    date: &'a str,
    iso_date: &'a str,
    headlines: &'a [String],
    /// Each file the archive publishes, under its format's name: `html`,
    /// `pdf`, `thumbnail`.
    #[serde(flatten)]
    files: BTreeMap<&'static str, String>,
}

/// What the index templates see of one issue: its links by what they are
/// for, as the table of formats says.
#[derive(Serialize)]
struct ListedIssue<'a> {
    #[serde(flatten)]
    issue: &'a IndexIssue<'a>,
    /// The issue's page.
    page: String,
    /// The picture of its first page.
    picture: String,
    /// The downloads beside the page.
    downloads: Vec<Download>,
}

#[derive(Serialize)]
struct Download {
    label: &'static str,
    href: String,
    #[serde(rename = "type")]
    content_type: &'static str,
}

impl<'a> ListedIssue<'a> {
    fn new(issue: &'a IndexIssue<'a>) -> Self {
        let mut listed = Self {
            issue,
            page: String::new(),
            picture: String::new(),
            downloads: Vec::new(),
        };
        for format in Format::ALL {
            let spec = format.spec();
            let href = issue.files.get(spec.name).cloned().unwrap_or_default();
            match spec.archive {
                Archived::No => {}
                Archived::Page => listed.page = href,
                Archived::Picture => listed.picture = href,
                Archived::Download(label) => listed.downloads.push(Download {
                    label,
                    href,
                    content_type: spec.content_type,
                }),
            }
        }
        listed
    }
}

/// What the index templates see.
#[derive(Serialize)]
struct IndexData<'a> {
    title: &'a str,
    office: &'a str,
    /// Where the site is published, ending in `/`; empty for relative links.
    base_url: &'a str,
    updated: String,
    issues: Vec<ListedIssue<'a>>,
}

pub(super) fn write_index(site: &Path, manifest: &Manifest, templates: &Templates) -> Result<()> {
    let series = manifest.series.clone().unwrap_or(SeriesSummary {
        title: "工作简报".into(),
        office: String::new(),
        base_url: None,
    });
    let mut summaries = Vec::with_capacity(manifest.issues.len());
    // Newest first: in the order of the numbers, not of the names.
    let mut numbers: Vec<(IssueNumber, &String)> = manifest
        .issues
        .keys()
        .filter_map(|key| Some((key.parse().ok()?, key)))
        .collect();
    numbers.sort();
    for (_, key) in numbers.into_iter().rev() {
        let path = site.join(summary_file(key));
        let summary: IssueSummary = load::read_output(&path)?
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| {
                Error::Internal(format!(
                    "{} 已损坏，请删除站点目录后重新生成",
                    path.display()
                ))
            })?;
        summaries.push(IssueSummary {
            id: if summary.id.is_empty() {
                key.clone()
            } else {
                summary.id
            },
            ..summary
        });
    }
    let issues: Vec<IndexIssue> = summaries
        .iter()
        .map(|s| IndexIssue {
            number: s.number,
            id: &s.id,
            label: &s.label,
            date: &s.date,
            iso_date: &s.iso_date,
            headlines: &s.headlines,
            files: Format::ALL
                .iter()
                .filter(|f| f.spec().archive != Archived::No)
                .map(|f| {
                    let name = f
                        .spec()
                        .file_name(&url_name(&s.id), FileKind::Whole, 0, None);
                    (f.spec().name, name)
                })
                .collect(),
        })
        .collect();
    let search = search_script(&summaries)?;
    let updated = summaries
        .iter()
        .map(|s| s.iso_date.as_str())
        .max()
        .unwrap_or("1970-01-01")
        .to_owned();
    let data = IndexData {
        title: &series.title,
        office: &series.office,
        base_url: series.base_url.as_deref().unwrap_or_default(),
        updated,
        issues: issues.iter().map(ListedIssue::new).collect(),
    };
    let render = |name: &str| {
        templates
            .render(name, &data)
            .map_err(|problems| Error::Internal(format!("内置存档模板出错：{problems:?}")))
    };
    let index_html = render(INDEX)?;
    let feed = render(FEED)?;
    let index_json = serde_json::to_vec_pretty(&serde_json::json!({
        "title": data.title,
        "office": data.office,
        "issues": issues,
    }))
    .map_err(|e| Error::Internal(e.to_string()))?;
    output::write_all(&[
        (&site.join("index.html"), index_html.as_bytes()),
        (&site.join("feed.xml"), feed.as_bytes()),
        (&site.join("index.json"), &index_json),
        (&site.join(SEARCH), search.as_bytes()),
    ])
}

/// The filter's data, a script the index loads when the filter is first
/// used, so the index itself stays small (a 500-issue series: about
/// 0.4 MB of index and 2.6 MB of text). A script, not JSON, because a
/// page opened from a shared folder (`file://`) may load scripts but not
/// fetch files.
const SEARCH: &str = "search.js";

/// Each issue's searchable text, compacted the way the filter compacts
/// what is typed: letters and digits only, lower case. Punctuation and
/// spaces are a tenth of the text and nobody searches for them.
fn search_script(summaries: &[IssueSummary]) -> Result<String> {
    let compact = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let search: Vec<(&str, String)> = summaries
        .iter()
        .map(|s| {
            let text = [s.label.as_str(), &s.date, &s.iso_date, &s.text]
                .map(compact)
                .join(" ");
            (s.id.as_str(), text)
        })
        .collect();
    let json = serde_json::to_string(&search).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(format!(
        "// The text of every issue, for the filter of index.html.\nbulletinSearch({json});\n"
    ))
}

/// The archive's index page template.
pub const INDEX: &str = "archive-index.html";
/// The archive's Atom feed template.
pub const FEED: &str = "archive-feed.xml";
/// The links to download an issue's files, atop its page.
const DOWNLOADS: &str = "archive-downloads.html";

/// An issue's name as a URL path segment: percent-encoded when it is not
/// ASCII (`增刊1`).
/// Puts the links to the issue's files to download (the PDF, the Word
/// file: the table's `Archived::Download` formats among `files`) at the
/// top of its page.
pub fn link_downloads(
    files: &mut [OutputFile],
    number: IssueNumber,
    templates: &Templates,
) -> Result<()> {
    let downloads: Vec<Download> = files
        .iter()
        .filter_map(|f| match f.format.spec().archive {
            Archived::Download(label) => Some(Download {
                label,
                href: f
                    .format
                    .spec()
                    .file_name(&number.url_name(), FileKind::Whole, 0, None),
                content_type: f.content_type,
            }),
            _ => None,
        })
        .collect();
    let Some(page) = files
        .iter_mut()
        .find(|f| f.format.spec().archive == Archived::Page)
    else {
        return Ok(());
    };
    let nav = templates
        .render(DOWNLOADS, serde_json::json!({ "downloads": downloads }))
        .map_err(|problems| Error::Internal(format!("内置存档模板出错：{problems:?}")))?;
    let mut html = String::from_utf8_lossy(&page.bytes).into_owned();
    crate::render::html::inject_after_body_open(&mut html, &nav);
    page.bytes = html.into_bytes().into();
    Ok(())
}

fn url_name(id: &str) -> String {
    id.parse::<IssueNumber>()
        .map_or_else(|()| id.to_owned(), |n| n.url_name())
}
