//! Reading a bulletin project: locating it, decoding its files, parsing the
//! YAML and Markdown, and building the typed model. Only this module reads
//! project files.

mod confine;
mod fingerprint;
mod frontmatter;
mod markdown;
mod raw;
mod snapshot;
mod text;
mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, FileId, Sources, Span};
use crate::error::{Error, Report, Result};
use crate::model::{
    Date, Distribution, Grid, Inspection, Issue, IssueNumber, Item, Leader, Level, Located,
    Phrases, RuleSetting, SeriesConfig,
};

pub use fingerprint::{Fingerprint, read_output};
pub use markdown::is_wide;
use raw::{RawDistribution, RawIssue, RawItem, RawSeries};
pub use snapshot::{Changes, Snapshot};
use yaml::YamlDoc;
pub use yaml::nearest;

/// Name of the series configuration file that marks a project's root.
pub const CONFIG_FILE: &str = "bulletin.yaml";
/// Folder holding one subfolder per issue.
pub const ISSUES_DIR: &str = "bulletins";
/// Folder holding the project's own templates.
pub const TEMPLATES_DIR: &str = "templates";
/// Largest file accepted.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;
/// Most items one issue may have; a real issue has a few dozen at most.
pub const MAX_ITEMS: usize = 1000;
/// Default of `item_age_days`: an item this much older than its issue is stale.
pub const DEFAULT_ITEM_AGE_DAYS: u32 = 30;

/// A bulletin project on disk.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder that holds `bulletin.yaml`.
    pub root: PathBuf,
}

impl Project {
    /// Finds the project that contains `start`, walking up to `bulletin.yaml`.
    pub fn locate(start: &Path) -> Result<Self> {
        let start = start
            .canonicalize()
            .map_err(|e| Error::io("读取", start, e))?;
        start
            .ancestors()
            .find(|dir| dir.join(CONFIG_FILE).is_file())
            .map(|root| Project {
                root: root.to_owned(),
            })
            .ok_or_else(|| {
                Error::Usage(format!(
                    "当前目录不在简报项目中：{} 及其上级目录都没有 {CONFIG_FILE}\n\
                     提示：进入简报项目目录后再运行，或用 `bulletin init` 新建一个 \
                     (not inside a bulletin project)",
                    start.display()
                ))
            })
    }

    /// The issue numbers that have a folder, ascending.
    pub fn issue_numbers(&self) -> Result<Vec<IssueNumber>> {
        let mut numbers: Vec<IssueNumber> =
            self.issue_dirs()?.into_iter().map(|(n, _)| n).collect();
        numbers.dedup();
        Ok(numbers)
    }

    /// Every issue folder with its number, ascending; two folders such as
    /// `12` and `012` give the same number twice.
    pub fn issue_dirs(&self) -> Result<Vec<(IssueNumber, PathBuf)>> {
        let dir = self.root.join(ISSUES_DIR);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("读取", dir, e)),
        };
        let mut dirs: Vec<(IssueNumber, PathBuf)> = entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_dir())
            .filter_map(|entry| {
                let name = entry.file_name().to_str()?.to_owned();
                let number: u32 = name.parse().ok().filter(|&n| n > 0)?;
                Some((IssueNumber(number), Path::new(ISSUES_DIR).join(name)))
            })
            .collect();
        dirs.sort();
        Ok(dirs)
    }

    /// The item files of an issue folder (relative to the root), sorted.
    pub fn item_files(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let full = self.root.join(dir);
        let entries = fs::read_dir(&full).map_err(|e| Error::io("读取", dir, e))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .filter_map(|name| name.to_str().map(str::to_owned))
            .filter(|name| name.ends_with(".md") && !name.starts_with('.'))
            .map(|name| dir.join(name))
            .collect();
        files.sort();
        Ok(files)
    }

    /// The folder of an issue, relative to the root.
    pub fn issue_dir(&self, number: IssueNumber) -> PathBuf {
        Path::new(ISSUES_DIR).join(number.to_string())
    }
}

/// Reads files of a project, keeping their text for diagnostics.
pub struct Loader<'a> {
    project: &'a Project,
    /// Every file read so far.
    pub sources: Sources,
    /// Every diagnostic so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Loader<'a> {
    /// A loader for a project.
    pub fn new(project: &'a Project) -> Self {
        Self {
            project,
            sources: Sources::default(),
            diagnostics: Vec::new(),
        }
    }

    /// Ends loading: the report of what was found.
    pub fn into_report(self) -> Report {
        Report {
            sources: self.sources,
            diagnostics: self.diagnostics,
        }
    }

    /// Reads and decodes a file given relative to the root. `None` when it
    /// is not text (a diagnostic says why).
    fn read(&mut self, relative: &Path) -> Result<Option<FileId>> {
        let path = self.project.root.join(relative);
        let contents = confine::read(&self.project.root, &path, MAX_FILE_SIZE)
            .map_err(|e| Error::io("读取", relative, e))?;
        let (code, message, hint) = match contents {
            confine::Contents::Bytes(bytes) => return Ok(self.decode(relative, &bytes)),
            confine::Contents::TooLarge(size) => (
                "E-FILE-TOO-LARGE",
                format!("文件过大（{size} 字节，上限 {MAX_FILE_SIZE} 字节）"),
                "一篇稿件不应超过 1 MiB；请检查是否误放了其他文件",
            ),
            confine::Contents::Outside => (
                "E-FILE-OUTSIDE",
                "文件经符号链接指向项目目录之外，未读取".to_owned(),
                "项目只读取本目录中的文件；请把内容复制进来，而不是链接到别处",
            ),
            confine::Contents::NotAFile => (
                "E-FILE-NOT-REGULAR",
                "不是普通文件（而是目录、管道或设备），未读取".to_owned(),
                "请删去它，或换成普通的文本文件",
            ),
        };
        let id = self.sources.add(relative.to_owned(), String::new());
        self.diagnostics
            .push(Diagnostic::error(code, Span::file(id), message).with_hint(hint));
        Ok(None)
    }

    /// Decodes a file's bytes and registers its text. `None` when it is
    /// not text (a diagnostic says why).
    fn decode(&mut self, relative: &Path, bytes: &[u8]) -> Option<FileId> {
        match text::decode(relative, bytes) {
            Ok(decoded) => {
                let id = self.sources.add(relative.to_owned(), decoded.text);
                if let Some(encoding) = decoded.legacy {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            "W-ENCODING-LEGACY",
                            Span::file(id),
                            format!("文件是 {encoding} 编码，已按 {encoding} 读取"),
                        )
                        .with_hint("请在编辑器中“另存为”UTF-8 编码，便于多人协作"),
                    );
                }
                Some(id)
            }
            Err(not_text) => {
                // The text before the bad byte locates it (line and column).
                let at = not_text.before.len();
                let id = self.sources.add(relative.to_owned(), not_text.before);
                self.diagnostics.push(
                    Diagnostic::error(
                        "E-ENCODING",
                        Span {
                            file: id,
                            range: at..at,
                        },
                        format!(
                            "文件不是文本（第 {} 字节起无法识别为 UTF-8 或 GBK）",
                            not_text.offset
                        ),
                    )
                    .with_hint("请用文本编辑器另存为 UTF-8 编码"),
                );
                None
            }
        }
    }

    fn doc(&self, id: FileId, range: std::ops::Range<usize>) -> YamlDoc<'_> {
        YamlDoc {
            id,
            file: self.sources.get(id),
            range,
        }
    }

    /// Loads `bulletin.yaml`. `None` when it has errors.
    pub fn series_config(&mut self) -> Result<Option<SeriesConfig>> {
        let Some(id) = self.read(Path::new(CONFIG_FILE))? else {
            return Ok(None);
        };
        let len = self.sources.get(id).text.len();
        let parsed: Result<RawSeries, _> = self.doc(id, 0..len).parse();
        let raw = match parsed {
            Ok(raw) => raw,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return Ok(None);
            }
        };
        let doc = self.doc(id, 0..len);
        let mut phrases = Phrases::default();
        let mut problems = Vec::new();
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
                    if let Some(bad) = crate::compose::unknown_placeholder(&given.value) {
                        problems.push(
                            Diagnostic::error(
                                "E-PHRASE-PLACEHOLDER",
                                doc.span(&given.referenced),
                                format!("句式中有未知的占位符 {{{bad}}}"),
                            )
                            .with_hint(format!(
                                "可用的占位符：{}",
                                crate::compose::PLACEHOLDERS
                                    .map(|p| format!("{{{p}}}"))
                                    .join("、")
                            )),
                        );
                    }
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
                grid: l.grid.map(Grid),
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
            campaign: raw.campaign.unwrap_or_default(),
            phrases,
            roster,
            distribution: apply(Distribution::default(), raw.distribution, &doc),
            grids: raw.grids.map(|g| Located {
                span: doc.span(&g.referenced),
                value: g.value,
            }),
            item_age_days: raw.item_age_days.unwrap_or(DEFAULT_ITEM_AGE_DAYS),
            rules,
        };
        self.diagnostics.extend(problems);
        Ok(Some(config))
    }

    /// Loads one issue and the items that parse. `None` when `issue.yaml` or
    /// the series configuration cannot be read. Every item is read and its
    /// diagnostics kept even then; the caller must not build an issue when
    /// there are errors.
    pub fn issue(
        &mut self,
        config: Option<&SeriesConfig>,
        number: IssueNumber,
    ) -> Result<Option<Issue>> {
        let dir = self.project.issue_dir(number);
        self.issue_in(config, number, &dir)
    }

    /// Loads the issue in folder `dir` (relative to the root), numbered
    /// `number` by its folder name.
    pub fn issue_in(
        &mut self,
        config: Option<&SeriesConfig>,
        number: IssueNumber,
        dir: &Path,
    ) -> Result<Option<Issue>> {
        if !self.project.root.join(dir).is_dir() {
            return Err(Error::Usage(format!(
                "没有第{number}期：找不到目录 {} (no such issue)",
                dir.display()
            )));
        }
        let issue_file = dir.join("issue.yaml");
        if !self.project.root.join(&issue_file).is_file() {
            return Err(Error::Usage(format!(
                "第{number}期缺少 {}：请在该目录中新建 issue.yaml，写明 number 和 date",
                issue_file.display()
            )));
        }
        let header = self.issue_header(&issue_file, config)?;

        let mut items = Vec::new();
        let mut ok = header.is_some();
        let files = self.project.item_files(dir)?;
        if files.len() > MAX_ITEMS {
            let id = self
                .sources
                .find(&issue_file)
                .unwrap_or_else(|| self.sources.add(issue_file.clone(), String::new()));
            self.diagnostics.push(
                Diagnostic::error(
                    "E-LIMIT-ITEMS",
                    Span::file(id),
                    format!(
                        "本期有 {} 篇稿件，超过上限 {MAX_ITEMS} 篇，未逐篇读取",
                        files.len()
                    ),
                )
                .with_hint(format!("请检查 {} 中是否误放了文件", dir.display())),
            );
            return Ok(None);
        }
        for file in files {
            match self.item(&file)? {
                Some(item) => items.push(item),
                None => ok = false,
            }
        }
        let Some(header) = header else {
            return Ok(None);
        };
        // An item that failed would look missing from `order`.
        if let (Some((span, order)), true) = (&header.order, ok) {
            ok &= self.reorder(&mut items, order, span.clone());
        }
        if items.is_empty() && ok {
            self.diagnostics.push(
                Diagnostic::error("E-ISSUE-EMPTY", Span::file(header.file), "本期没有稿件")
                    .with_hint(format!("在 {} 中添加 .md 稿件", dir.display())),
            );
        }
        // Items that failed have their diagnostics; the rest are returned
        // so that the rules run on them too. A caller builds nothing when
        // there are errors.
        let (Some(date), Some(distribution)) = (header.date, header.distribution) else {
            return Ok(None);
        };
        Ok(Some(Issue {
            file: header.file,
            dir: dir.to_owned(),
            number,
            declared_number: header.number,
            date,
            distribution,
            items,
        }))
    }

    /// Reads `issue.yaml`. `None` when it cannot be parsed.
    fn issue_header(
        &mut self,
        issue_file: &Path,
        config: Option<&SeriesConfig>,
    ) -> Result<Option<IssueHeader>> {
        let Some(id) = self.read(issue_file)? else {
            return Ok(None);
        };
        let len = self.sources.get(id).text.len();
        let raw: RawIssue = match self.doc(id, 0..len).parse() {
            Ok(raw) => raw,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return Ok(None);
            }
        };
        let doc = self.doc(id, 0..len);
        let mut problems = Vec::new();
        let date = parse_date(&doc, &raw.date, &mut problems);
        let header = IssueHeader {
            file: id,
            number: Located {
                span: doc.span(&raw.number.referenced),
                value: raw.number.value,
            },
            date,
            order: raw
                .order
                .map(|order| (doc.span(&order.referenced), order.value)),
            distribution: config
                .map(|config| apply(config.distribution.clone(), raw.distribution, &doc)),
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
                    Diagnostic::error(
                        "E-FRONTMATTER",
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
        let doc = self.doc(id, parts.yaml.clone());
        let raw: RawItem = match doc.parse() {
            Ok(raw) => raw,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
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
        let inspection = match (raw.grid, raw.leader) {
            (Some(grid), Some(leader)) => Some(Inspection {
                grid: Located {
                    span: doc.span(&grid.referenced),
                    value: Grid(grid.value),
                },
                leader: located_string(leader),
                participants: raw.participants.map(|p| p.trim().to_owned()),
                participants_verb: raw.participants_verb.unwrap_or_else(|| "参加".into()),
                sites: raw.sites,
                remarks: raw
                    .remarks
                    .as_deref()
                    .map(markdown::parse)
                    .unwrap_or_default(),
                remarks_verb: raw.remarks_verb.unwrap_or_else(|| "要求".into()),
            }),
            (Some(grid), None) => {
                problems.push(
                    Diagnostic::error(
                        "E-FIELD-MISSING",
                        doc.span(&grid.referenced),
                        "写了 grid（网格）但缺少 leader（带队领导）",
                    )
                    .with_hint("督导稿件需同时写明 grid 和 leader"),
                );
                None
            }
            (None, Some(leader)) => {
                problems.push(
                    Diagnostic::error(
                        "E-FIELD-MISSING",
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
                        Diagnostic::error(
                            "E-FIELD-MISSING",
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
        let body = markdown::parse(&self.sources.get(id).text[parts.body.clone()]);
        match (date, failed) {
            (Some(date), false) => Some(Item {
                file: id,
                stem,
                title,
                date,
                inspection,
                body,
                body_range: parts.body,
            }),
            _ => None,
        }
    }

    fn reorder(&mut self, items: &mut Vec<Item>, order: &[String], span: Span) -> bool {
        let mut ordered = Vec::with_capacity(items.len());
        let mut ok = true;
        for name in order {
            let stem = name.strip_suffix(".md").unwrap_or(name);
            match items.iter().position(|i| i.stem == stem) {
                Some(at) => ordered.push(items.remove(at)),
                None => {
                    ok = false;
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E-ORDER",
                            span.clone(),
                            format!("order 中的 {name} 不是本期的稿件"),
                        )
                        .with_hint("order 中写稿件文件名（可省略 .md），每篇一次"),
                    );
                }
            }
        }
        for rest in items.drain(..) {
            ok = false;
            self.diagnostics.push(
                Diagnostic::error(
                    "E-ORDER",
                    span.clone(),
                    format!("稿件 {} 没有列在 order 中", rest.stem),
                )
                .with_hint("写了 order 时须列出本期全部稿件；或删去 order，按文件名排序"),
            );
        }
        *items = ordered;
        ok
    }
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
                Diagnostic::error(
                    "E-DATE-INVALID",
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
) -> Distribution {
    if let Some(raw) = raw {
        base.span = Some(doc.span(&raw.referenced));
        let raw = raw.value;
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
struct IssueHeader {
    file: FileId,
    number: Located<u32>,
    date: Option<Located<Date>>,
    order: Option<(Span, Vec<String>)>,
    /// The distribution after the issue's overrides; `None` without a
    /// series configuration to start from.
    distribution: Option<Distribution>,
}

/// Reads a file that a template asks for, refusing anything outside the
/// project folder (also through `..` or symbolic links).
pub fn read_confined(root: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    let refused = |why: &str| std::io::Error::new(std::io::ErrorKind::PermissionDenied, why);
    match confine::read(root, path, MAX_TEMPLATE_FILE)? {
        confine::Contents::Bytes(bytes) => Ok(bytes),
        confine::Contents::Outside => Err(refused("outside the project folder")),
        confine::Contents::NotAFile => Err(refused("not a plain file")),
        confine::Contents::TooLarge(_) => Err(refused("larger than 64 MiB")),
    }
}

/// Largest file a template may read (an image, say).
pub const MAX_TEMPLATE_FILE: u64 = 64 * 1024 * 1024;

/// The project's own template, when it has one.
pub fn template_override(loader: &mut Loader<'_>) -> Result<Option<FileId>> {
    let relative = Path::new("templates/bulletin.typ");
    if loader.project.root.join(relative).is_file() {
        loader.read(relative)
    } else {
        Ok(None)
    }
}

/// The project's own versions of the HTML templates named, when it has
/// them: each file name with the file read.
pub fn html_overrides(loader: &mut Loader<'_>, names: &[&str]) -> Result<Vec<(String, FileId)>> {
    let mut found = Vec::new();
    for name in names {
        let relative = Path::new(TEMPLATES_DIR).join(name);
        if loader.project.root.join(&relative).is_file()
            && let Some(id) = loader.read(&relative)?
        {
            found.push(((*name).to_owned(), id));
        }
    }
    Ok(found)
}
