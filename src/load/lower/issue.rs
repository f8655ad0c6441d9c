//! `issue.yaml` lowered to an issue's header, and the issue with its items.

use std::path::Path;

use super::parse_date;
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::error::Result;
use crate::load::raw::{RawDistribution, RawIssue};
use crate::load::yaml::YamlDoc;
use crate::load::{ISSUE_FILE, Loaded, Loader, MAX_ITEMS};
use crate::model::{
    Block, Date, Distribution, Issue, IssueHeader, IssueNumber, Located, SeriesConfig,
};

impl Loader<'_> {
    /// Loads the issue in folder `dir` (relative to the root), numbered
    /// `number` by its folder name, and the items that parse. `None` when
    /// `issue.yaml` or the series configuration cannot be read. Every item
    /// is read and its diagnostics kept even then, and the items that load
    /// are returned beside the failed ones so that the rules run on them
    /// too: a caller must not build an issue when there are errors.
    pub fn issue(
        &mut self,
        config: Option<&SeriesConfig>,
        number: IssueNumber,
        dir: &Path,
    ) -> Result<Loaded<Option<Issue>>> {
        let issue = self.load_issue(config, number, dir)?;
        Ok(self.found(issue))
    }

    fn load_issue(
        &mut self,
        config: Option<&SeriesConfig>,
        number: IssueNumber,
        dir: &Path,
    ) -> Result<Option<Issue>> {
        let issue_file = dir.join(ISSUE_FILE);
        let header = if self.project.root.join(&issue_file).is_file() {
            self.issue_header(&issue_file, config)?
        } else {
            let id = self.sources.add(issue_file.clone(), String::new());
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::E_ISSUE_FILE,
                    Span::file(id),
                    format!(
                        "{}的目录 {} 中没有 {ISSUE_FILE}",
                        number.label(),
                        dir.display()
                    ),
                )
                .with_hint(format!(
                    "在该目录中新建 {ISSUE_FILE}，写明 number 和 date；或删除这个目录"
                )),
            );
            None
        };
        let files = self.project.item_files(dir)?;
        let mut items = Vec::new();
        let mut failed_items = 0;
        // More files than any issue has are not read one by one; the rule
        // `E-LIMIT-ITEMS` reports them.
        if files.len() <= MAX_ITEMS {
            for file in &files {
                match self.item(file)? {
                    Some(item) => items.push(item),
                    None => failed_items += 1,
                }
            }
            self.stray_files(dir, &files)?;
        }
        let Some(header) = header else {
            return Ok(None);
        };
        let (Some(date), Some(distribution)) = (header.date, header.distribution) else {
            return Ok(None);
        };
        Ok(Some(Issue {
            file: header.file,
            dir: dir.to_owned(),
            number,
            declared_number: header.number,
            date,
            total: header.total,
            label: header.label,
            editor_note: header.editor_note,
            distribution,
            items,
            order: header.order,
            item_files: files.len(),
            failed_items,
        }))
    }

    /// Reads only the header of the issue in `dir`: what the rules across
    /// issues compare. `None` when it cannot be read. Its own problems are
    /// not reported: they belong to that issue's check.
    pub fn issue_header_only(&mut self, number: IssueNumber, dir: &Path) -> Option<IssueHeader> {
        let file = dir.join(ISSUE_FILE);
        let header = self.issue_header(&file, None);
        self.found(());
        let header = header.ok()??;
        Some(IssueHeader {
            dir: dir.to_owned(),
            number,
            declared_number: header.number,
            date: header.date?,
        })
    }

    /// Reads `issue.yaml`. `None` when it cannot be parsed.
    fn issue_header(
        &mut self,
        issue_file: &Path,
        config: Option<&SeriesConfig>,
    ) -> Result<Option<IssueFields>> {
        let Some((id, raw)) = self.parse_file::<RawIssue>(issue_file)? else {
            return Ok(None);
        };
        let doc = self.doc(id, 0..self.sources.get(id).text.len());
        let mut problems = Vec::new();
        let date = parse_date(&doc, &raw.date, &mut problems);
        let editor_note = raw
            .editor_note
            .as_ref()
            .map(|note| crate::load::findings::field_markdown(&doc, note, &mut problems))
            .unwrap_or_default();
        let header = IssueFields {
            file: id,
            total: raw.total,
            label: raw
                .label
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
            editor_note,
            number: Located {
                span: doc.span(&raw.number.referenced),
                value: raw.number.value,
            },
            date,
            order: raw.order.map(|order| Located {
                span: doc.span(&order.referenced),
                value: order.value,
            }),
            distribution: config.map(|config| {
                override_distribution(
                    config.distribution.clone(),
                    raw.distribution,
                    &doc,
                    &mut problems,
                )
            }),
        };
        self.diagnostics.extend(problems);
        Ok(Some(header))
    }
}

/// What `issue.yaml` says, before the items are read.
struct IssueFields {
    file: FileId,
    total: Option<u32>,
    label: Option<String>,
    editor_note: Vec<Block>,
    number: Located<u32>,
    date: Option<Located<Date>>,
    order: Option<Located<Vec<String>>>,
    /// The distribution after the issue's overrides; `None` without a
    /// series configuration to start from.
    distribution: Option<Distribution>,
}

/// The distribution of `base` with the fields given in `raw` overriding
/// it.
pub(super) fn override_distribution(
    mut base: Distribution,
    raw: Option<serde_saphyr::Spanned<RawDistribution>>,
    doc: &YamlDoc<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Distribution {
    if let Some(raw) = raw {
        base.span = Some(doc.span(&raw.referenced));
        let raw = raw.value;
        let text = |given: Option<String>| given.map(|t| t.trim().to_owned());
        base.issuer = text(raw.issuer).or(base.issuer);
        base.editor = text(raw.editor).or(base.editor);
        base.proofreader = text(raw.proofreader).or(base.proofreader);
        if let Some(issued) = &raw.issued {
            base.issued = parse_date(doc, issued, problems).map(|d| d.value);
        }
        base.report = raw.report.unwrap_or(base.report);
        base.send = raw.send.unwrap_or(base.send);
        base.distribute = raw.distribute.unwrap_or(base.distribute);
        if let Some(copies) = raw.copies {
            base.copies_span = Some(doc.span(&copies.referenced));
            base.copies = copies.value;
        }
    }
    base
}
