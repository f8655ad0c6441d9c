//! An item file lowered to an item: front matter, Markdown body, photos.

use std::path::Path;

use super::parse_date;
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::error::Result;
use crate::load::raw::RawItem;
use crate::load::{Fragment, Loaded, Loader, frontmatter};
use crate::model::{Grid, Inspection, Item, Located};

impl Loader<'_> {
    pub(in crate::load) fn item(&mut self, relative: &Path) -> Result<Option<Item>> {
        let Some(id) = self.read(relative)? else {
            return Ok(None);
        };
        Ok(self.parse_item(relative, id))
    }

    /// Loads an item from bytes rather than a file, as `relative`: the
    /// entry point of the fuzz target and of regression tests for it.
    pub fn item_from_bytes(&mut self, relative: &Path, bytes: &[u8]) -> Loaded<Option<Item>> {
        let item = self
            .decode(relative, bytes)
            .and_then(|id| self.parse_item(relative, id));
        self.found(item)
    }

    /// Adds a file's text that was not read from the project (the fuzz
    /// target's configuration).
    pub fn add_source(&mut self, relative: &Path, text: String) -> FileId {
        self.sources.add(relative.to_owned(), text)
    }

    fn parse_item(&mut self, relative: &Path, id: FileId) -> Option<Item> {
        let stem = relative
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = &self.sources.get(id).text;
        let parts = match frontmatter::split(text) {
            Ok(parts) => parts,
            Err(e) => {
                let (message, hint) = match e {
                    frontmatter::SplitError::Missing => (
                        "稿件缺少开头的 YAML 信息块",
                        "文件第一行应为 ---，接着写 date 等字段，再以一行 --- 结束",
                    ),
                    frontmatter::SplitError::Unclosed => (
                        "YAML 信息块没有结束的 --- 行",
                        "在字段之后、正文之前加一行 ---",
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::E_FRONTMATTER,
                        Span {
                            file: id,
                            range: 0..0,
                        },
                        message,
                    )
                    .with_hint(hint),
                );
                return None;
            }
        };
        let dir = relative.parent().unwrap_or(Path::new("")).to_owned();
        let (body, images) = self.body(id, parts.body.clone(), &dir);
        let doc = self.doc(id, parts.yaml.clone());
        let raw: RawItem = match doc.parse() {
            Ok(raw) => raw,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                self.fragments.push(Fragment {
                    file: id,
                    body_range: parts.body,
                });
                return None;
            }
        };
        let mut problems = Vec::new();
        let date = parse_date(&doc, &raw.date, &mut problems);
        let located_string = |s: serde_saphyr::Spanned<String>| Located {
            span: doc.span(&s.referenced),
            value: s.value.trim().to_owned(),
        };
        let title = raw.title.map(located_string);
        // What the Markdown of `remarks` reports does not stop the item.
        let mut reported = Vec::new();
        let mut printed_fields: Vec<Span> = title.iter().map(|t| t.span.clone()).collect();
        printed_fields.extend(raw.participants.iter().map(|p| doc.span(&p.referenced)));
        let remarks = raw
            .remarks
            .as_ref()
            .map(|r| crate::load::findings::field_markdown(&doc, r, &mut reported))
            .unwrap_or_default();
        printed_fields.extend(raw.remarks.iter().map(|r| doc.span(&r.referenced)));
        let subtitle = raw.subtitle.map(located_string);
        printed_fields.extend(subtitle.iter().map(|s| s.span.clone()));
        let editor_note = raw
            .editor_note
            .as_ref()
            .map(|note| crate::load::findings::field_markdown(&doc, note, &mut reported))
            .unwrap_or_default();
        printed_fields.extend(raw.editor_note.iter().map(|n| doc.span(&n.referenced)));
        let inspection = match (raw.grid, raw.leader) {
            (Some(grid), Some(leader)) => Some(Inspection {
                grid: Located {
                    span: doc.span(&grid.referenced),
                    value: Grid(grid.value),
                },
                leader: located_string(leader),
                participants: raw.participants.map(|p| p.value.trim().to_owned()),
                participants_verb: raw
                    .participants_verb
                    .unwrap_or_else(|| crate::model::DEFAULT_PARTICIPANTS_VERB.into()),
                sites: raw.sites,
                remarks,
                remarks_verb: raw.remarks_verb.unwrap_or_else(|| "要求".into()),
            }),
            (Some(grid), None) => {
                problems.push(
                    Diagnostic::new(
                        &rules::E_FIELD_MISSING,
                        doc.span(&grid.referenced),
                        "写了 grid（网格）但缺少 leader（带队领导）",
                    )
                    .with_hint("督导稿件需同时写明 grid 和 leader"),
                );
                None
            }
            (None, Some(leader)) => {
                problems.push(
                    Diagnostic::new(
                        &rules::E_FIELD_MISSING,
                        doc.span(&leader.referenced),
                        "写了 leader（带队领导）但缺少 grid（网格）",
                    )
                    .with_hint("督导稿件需同时写明 grid 和 leader"),
                );
                None
            }
            (None, None) => {
                if title.is_none() {
                    problems.push(
                        Diagnostic::new(
                            &rules::E_FIELD_MISSING,
                            Span {
                                file: id,
                                range: 0..3,
                            },
                            "稿件既没有 title（标题），也没有 grid 和 leader",
                        )
                        .with_hint("督导稿件写 grid 和 leader，标题自动生成；其他稿件请写 title"),
                    );
                }
                None
            }
        };
        let failed = !problems.is_empty();
        self.diagnostics.extend(problems);
        self.diagnostics.extend(reported);
        match (date, failed) {
            (Some(date), false) => Some(Item {
                file: id,
                stem,
                title,
                subtitle,
                editor_note,
                date,
                inspection,
                body,
                body_range: parts.body,
                images,
                printed_fields,
            }),
            _ => {
                self.fragments.push(Fragment {
                    file: id,
                    body_range: parts.body,
                });
                None
            }
        }
    }
}
