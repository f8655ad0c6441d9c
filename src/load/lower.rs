//! Lowering: the parsed YAML and Markdown of each file become the typed
//! model. Syntax and schema errors are reported here, at their place in
//! the file; the rules that need the model are `check`'s.

use std::path::Path;

use super::raw::{self, RawDistribution, RawIssue, RawItem, RawSeries};
use super::yaml::YamlDoc;
use super::{
    CONFIG_FILE, DEFAULT_ITEM_AGE_DAYS, Fragment, ISSUE_FILE, Loader, MAX_ITEMS, frontmatter,
};
use crate::check::rules;
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::error::Result;
use crate::model::{
    Block, Date, Distribution, Grid, Inspection, Issue, IssueHeader, IssueNumber, Item, Leader,
    Level, Located, Numbering, Phrases, RuleSetting, SeriesConfig,
};

impl Loader<'_> {
    /// Reads a YAML file and parses the whole of it: `None` when it cannot
    /// be read or parsed (a diagnostic says why).
    fn parse_file<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &Path,
    ) -> Result<Option<(FileId, T)>> {
        let Some(id) = self.read(path)? else {
            return Ok(None);
        };
        let len = self.sources.get(id).text.len();
        match self.doc(id, 0..len).parse() {
            Ok(raw) => Ok(Some((id, raw))),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                Ok(None)
            }
        }
    }

    /// Loads `bulletin.yaml`. `None` when it has errors.
    pub fn series_config(&mut self) -> Result<Option<SeriesConfig>> {
        let Some((id, raw)) = self.parse_file::<RawSeries>(Path::new(CONFIG_FILE))? else {
            return Ok(None);
        };
        let doc = self.doc(id, 0..self.sources.get(id).text.len());
        let mut problems = Vec::new();
        let mut phrases = Phrases::default();
        let mut phrases_given = Vec::new();
        if let Some(p) = raw.phrases {
            for (slot, given) in [
                (&mut phrases.title, p.title),
                (&mut phrases.role, p.role),
                (&mut phrases.lead, p.lead),
                (&mut phrases.attendance, p.attendance),
                (&mut phrases.visit, p.visit),
                (&mut phrases.remarks, p.remarks),
            ] {
                if let Some(given) = given {
                    phrases_given.push(Located {
                        span: doc.span(&given.referenced),
                        value: given.value.clone(),
                    });
                    *slot = given.value;
                }
            }
        }
        let roster = raw
            .roster
            .into_iter()
            .map(|l| Leader {
                name: l.name.value,
                titles: l.titles,
                grid: l.grid.as_ref().map(|g| Grid(g.value)),
                grid_span: l.grid.map(|g| doc.span(&g.referenced)),
            })
            .collect();
        let title = raw.title.value;
        let rules = raw
            .rules
            .into_iter()
            .map(|(code, level)| {
                let value = doc.span(&level.referenced);
                RuleSetting {
                    code: Located {
                        span: key_span(doc.file, value, &code),
                        value: code,
                    },
                    level: match level.value {
                        raw::RawLevel::Off => Level::Off,
                        raw::RawLevel::Warning => Level::Warning,
                        raw::RawLevel::Error => Level::Error,
                    },
                }
            })
            .collect();
        let config = SeriesConfig {
            file: id,
            masthead: raw.masthead.unwrap_or_else(|| vec![title.clone()]),
            title,
            office: raw.office,
            label: raw
                .label
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
            campaign: raw.campaign.unwrap_or_default(),
            phrases,
            phrases_given,
            roster,
            distribution: apply(
                Distribution::default(),
                raw.distribution,
                &doc,
                &mut problems,
            ),
            grids: raw.grids.map(|g| Located {
                span: doc.span(&g.referenced),
                value: g.value,
            }),
            item_age_days: raw.item_age_days.unwrap_or(DEFAULT_ITEM_AGE_DAYS),
            base_url: raw.base_url.and_then(|url| match site_address(&url.value) {
                Ok(url) => Some(url),
                Err(why) => {
                    problems.push(
                        Diagnostic::new(
                            &rules::E_FIELD_TYPE,
                            doc.span(&url.referenced),
                            format!("base_url 不是网站地址：{why}"),
                        )
                        .with_hint("写网站的完整地址，如 https://www.example.gov.cn/jianbao/"),
                    );
                    None
                }
            }),
            single_sided: raw.single_sided.unwrap_or(false),
            rules,
            numbering: match raw.numbering {
                Some(raw::RawNumbering::Yearly) => Numbering::Yearly,
                Some(raw::RawNumbering::Continuous) | None => Numbering::Continuous,
            },
            idle_days: idle_days(raw.ledger, &doc, &mut problems),
        };
        self.diagnostics.extend(problems);
        Ok(Some(config))
    }

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
    /// issues compare. `None` when it cannot be read.
    pub fn issue_header_only(&mut self, number: IssueNumber, dir: &Path) -> Option<IssueHeader> {
        let file = dir.join(ISSUE_FILE);
        let header = self.issue_header(&file, None).ok()??;
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
    ) -> Result<Option<RawHeader>> {
        let Some((id, raw)) = self.parse_file::<RawIssue>(issue_file)? else {
            return Ok(None);
        };
        let doc = self.doc(id, 0..self.sources.get(id).text.len());
        let mut problems = Vec::new();
        let date = parse_date(&doc, &raw.date, &mut problems);
        let editor_note = raw
            .editor_note
            .as_ref()
            .map(|note| super::findings::field_markdown(&doc, note, &mut problems))
            .unwrap_or_default();
        let header = RawHeader {
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
                apply(
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

    fn item(&mut self, relative: &Path) -> Result<Option<Item>> {
        let Some(id) = self.read(relative)? else {
            return Ok(None);
        };
        Ok(self.parse_item(relative, id))
    }

    /// Loads an item from bytes rather than a file, as `relative`: the
    /// entry point of the fuzz target and of regression tests for it.
    pub fn item_from_bytes(&mut self, relative: &Path, bytes: &[u8]) -> Option<Item> {
        let id = self.decode(relative, bytes)?;
        self.parse_item(relative, id)
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
            .map(|r| super::findings::field_markdown(&doc, r, &mut reported))
            .unwrap_or_default();
        printed_fields.extend(raw.remarks.iter().map(|r| doc.span(&r.referenced)));
        let subtitle = raw.subtitle.map(located_string);
        printed_fields.extend(subtitle.iter().map(|s| s.span.clone()));
        let editor_note = raw
            .editor_note
            .as_ref()
            .map(|note| super::findings::field_markdown(&doc, note, &mut reported))
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
                participants_verb: raw.participants_verb.unwrap_or_else(|| "参加".into()),
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

/// `ledger: { idle_days: N }`, N at least 1.
fn idle_days(
    raw: Option<raw::RawLedger>,
    doc: &YamlDoc<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Located<u32>> {
    let days = raw?.idle_days?;
    let span = doc.span(&days.referenced);
    if days.value == 0 {
        problems.push(
            Diagnostic::new(&rules::E_FIELD_TYPE, span, "idle_days 应为正整数（天数）")
                .with_hint("如 idle_days: 30，即 30 天内没有督导的网格给出警告（W-GRID-IDLE）"),
        );
        return None;
    }
    Some(Located {
        value: days.value,
        span,
    })
}

fn parse_date(
    doc: &YamlDoc<'_>,
    raw: &serde_saphyr::Spanned<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Located<Date>> {
    let span = doc.span(&raw.referenced);
    match Date::parse_from_str(raw.value.trim(), "%Y-%m-%d") {
        Ok(value) => Some(Located { value, span }),
        Err(_) => {
            problems.push(
                Diagnostic::new(
                    &rules::E_DATE_INVALID,
                    span,
                    format!("日期 {} 无效", raw.value.trim()),
                )
                .with_hint("日期写作 2021-03-16（年-月-日），且须是日历上存在的日子"),
            );
            None
        }
    }
}

/// Applies the fields given in `raw` over `base`.
fn apply(
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

/// The span of `key` on the line where its value (at `value`) is written,
/// or the value's span when the key is not found there.
fn key_span(file: &crate::diagnostic::SourceFile, value: Span, key: &str) -> Span {
    let (line, _) = file.line_col(value.range.start);
    let line_range = file.line_range(line);
    match file.text[line_range.clone()].find(key) {
        Some(at) => Span {
            file: value.file,
            range: line_range.start + at..line_range.start + at + key.len(),
        },
        None => value,
    }
}

/// What `issue.yaml` says, before the items are read.
struct RawHeader {
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

/// The address an archive site is published at, ending in `/`, or why
/// `given` is not one: feed readers need absolute `http(s)` addresses.
fn site_address(given: &str) -> std::result::Result<String, &'static str> {
    let url = given.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            url.get(..scheme.len())
                .filter(|s| s.eq_ignore_ascii_case(scheme))
                .map(|_| &url[scheme.len()..])
        })
        .ok_or("应以 https:// 或 http:// 开头")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        return Err("缺少网站的域名");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
    {
        return Err("地址中不能有空格、引号或尖括号");
    }
    if url.contains(['?', '#']) {
        return Err("地址中不能有 ? 或 #");
    }
    Ok(url.trim_end_matches('/').to_owned() + "/")
}

#[cfg(test)]
mod tests {
    use super::site_address;

    #[test]
    fn site_addresses_are_absolute_http_addresses() {
        for (given, want) in [
            (
                "https://www.example.gov.cn/jianbao",
                "https://www.example.gov.cn/jianbao/",
            ),
            (" HTTP://intranet:8080/ ", "HTTP://intranet:8080/"),
            ("https://例子.中国/简报/", "https://例子.中国/简报/"),
        ] {
            assert_eq!(site_address(given).as_deref(), Ok(want), "{given}");
        }
        for given in [
            "www.example.gov.cn/jianbao/",
            "/jianbao/",
            "https://",
            "https:///x",
            "https://a b/",
            "https://example.com/\"><script>",
            "https://example.com/?a=1",
            "ftp://example.com/",
        ] {
            assert!(site_address(given).is_err(), "{given}");
        }
    }
}
