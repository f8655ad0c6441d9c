//! The typed model of a bulletin series: plain data, built by `load`, read by
//! `check` and `render`. Nothing here touches the file system.

use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostic::{FileId, Span};

mod marks;
mod number;
mod phrases;
mod text;

pub use marks::{Mark, word};
pub use number::{IssueKind, IssueNumber};
pub use phrases::{PLACEHOLDERS, Phrases, placeholders};
pub use text::{Align, Block, Inline};

/// The verb of the attendance sentence when an item names none
/// (`participants_verb`): 参加.
pub const DEFAULT_PARTICIPANTS_VERB: &str = "参加";

/// Largest file a project may hold that the tool reads.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;
/// Most items one issue may have; a real issue has a few dozen at most.
pub const MAX_ITEMS: usize = 1000;

/// A calendar date (proleptic Gregorian), as written in front matter.
pub type Date = chrono::NaiveDate;

/// A grid (网格) number, printed with Chinese numerals: 第二十二网格.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grid(pub u16);

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value itself.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// The contents of `bulletin.yaml`.
#[derive(Debug, Clone)]
pub struct SeriesConfig {
    /// The file it was read from.
    pub file: FileId,
    /// Full name of the series, e.g. 聊城市创建全国文明城市工作简报.
    pub title: String,
    /// Lines of the red masthead; defaults to the title alone.
    pub masthead: Vec<String>,
    /// The issuing office.
    pub office: String,
    /// The label above the masthead at the top left (内部资料 注意保存).
    pub label: Option<String>,
    /// The campaign word used in phrases, e.g. 创城.
    pub campaign: String,
    /// Phrase patterns for derived titles and composed paragraphs.
    pub phrases: Phrases,
    /// The patterns `bulletin.yaml` gives, where it gives them.
    pub phrases_given: Vec<Located<String>>,
    /// The leaders who inspect, with their titles and grids.
    pub roster: Vec<Leader>,
    /// The default distribution block.
    pub distribution: Distribution,
    /// How many grids the series has (`grids:`); items name 1 to this.
    pub grids: Option<Located<u16>>,
    /// An item older than its issue by more than this many days is flagged.
    pub item_age_days: u32,
    /// Where the archive site is published (`base_url:`), ending in `/`,
    /// for the feed's absolute links.
    pub base_url: Option<String>,
    /// Printed on one side of the sheet (`single_sided: true`): the 版记
    /// goes on the last page whatever its parity, never onto an added page.
    pub single_sided: bool,
    /// Severity overrides of rules (`rules:`), as written.
    pub rules: Vec<RuleSetting>,
    /// How the issues are numbered (`numbering:`).
    pub numbering: Numbering,
    /// The font names the Word file gives (`word_fonts:`).
    pub word_fonts: WordFonts,
    /// A grid with no inspection in this many days before the latest
    /// issue is reported (`ledger: { idle_days: 30 }`); `None`: not checked.
    pub idle_days: Option<Located<u32>>,
}

/// The font names a Word file (`--format docx`) gives, as an office's
/// machines know them (`word_fonts:` in `bulletin.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFonts {
    /// Masthead and item titles: 方正小标宋简体.
    pub title: String,
    /// Body text: 仿宋_GB2312.
    pub body: String,
    /// Bold and headings: 黑体.
    pub hei: String,
    /// Emphasis, quotes and captions: 楷体_GB2312.
    pub kai: String,
}

impl WordFonts {
    /// The names `bulletin.yaml` gives (title, body, 黑体, 楷体) over the
    /// defaults; a blank name keeps the default.
    pub fn given(names: [Option<String>; 4]) -> Self {
        let [title, body, hei, kai] =
            names.map(|name| name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()));
        let defaults = WordFonts::default();
        WordFonts {
            title: title.unwrap_or(defaults.title),
            body: body.unwrap_or(defaults.body),
            hei: hei.unwrap_or(defaults.hei),
            kai: kai.unwrap_or(defaults.kai),
        }
    }
}

impl Default for WordFonts {
    fn default() -> Self {
        WordFonts {
            title: "方正小标宋简体".into(),
            body: "仿宋_GB2312".into(),
            hei: "黑体".into(),
            kai: "楷体_GB2312".into(),
        }
    }
}

/// How a series numbers its issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// Straight on from the first issue: folders `1`, `2`, … (第12期).
    #[default]
    Continuous,
    /// Restarting each year (`numbering: yearly`): folders `2024-1`,
    /// `2024-2`, … (2024年第5期).
    Yearly,
}

/// One entry of `rules:` in `bulletin.yaml`: a rule code and its new level.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetting {
    /// The rule code as written, e.g. `W-TYPO-HALFWIDTH`.
    pub code: Located<String>,
    /// What the rule becomes.
    pub level: Level,
}

/// The level a series gives a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule is not applied.
    Off,
    /// Reported, the build goes on.
    Warning,
    /// Reported, nothing is written.
    Error,
}

/// One leader of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Leader {
    /// The leader's name.
    pub name: String,
    /// Official titles, in the order they are printed.
    pub titles: Vec<String>,
    /// The grid the leader heads, if any.
    pub grid: Option<Grid>,
    /// Where that grid is written in the roster.
    pub grid_span: Option<Span>,
}

/// The distribution block (版记) at the foot of the last page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Distribution {
    /// 报: recipients above the office.
    pub report: Vec<String>,
    /// 送: recipients at the same level.
    pub send: Vec<String>,
    /// 发: recipients below.
    pub distribute: Vec<String>,
    /// 共印 N 份; checked to be positive before printing.
    pub copies: i64,
    /// Where `copies` was written, when it was.
    pub copies_span: Option<Span>,
    /// Where the distribution was last set (the issue's or the series'
    /// `distribution:`), when it was.
    pub span: Option<Span>,
    /// Who prints the issue (`issuer:`), for the last line of the 版记:
    /// 聊城市创城办  2021年12月20日印发.
    pub issuer: Option<String>,
    /// The date of that line (`issued:`), when not the issue's own date.
    pub issued: Option<Date>,
    /// 责任编辑 (`editor:`).
    pub editor: Option<String>,
    /// 校对 (`proofreader:`).
    pub proofreader: Option<String>,
}

/// What `issue.yaml` says of an issue's place in the series: all that the
/// rules across issues need.
#[derive(Debug, Clone)]
pub struct IssueHeader {
    /// Folder of the issue, relative to the project root.
    pub dir: PathBuf,
    /// The issue number, from the folder name.
    pub number: IssueNumber,
    /// The `number` written in `issue.yaml`.
    pub declared_number: Located<u32>,
    /// Publication date.
    pub date: Located<Date>,
}

/// One issue of the series.
#[derive(Debug, Clone)]
pub struct Issue {
    /// The `issue.yaml` file.
    pub file: FileId,
    /// Folder of the issue, relative to the project root.
    pub dir: PathBuf,
    /// The issue number, from the folder name.
    pub number: IssueNumber,
    /// The `number` written in `issue.yaml`.
    pub declared_number: Located<u32>,
    /// Publication date.
    pub date: Located<Date>,
    /// The cumulative number (总第345期), when the series keeps one.
    pub total: Option<u32>,
    /// The label above the masthead, when this issue sets its own.
    pub label: Option<String>,
    /// The editor's note (编者按) for the issue.
    pub editor_note: Vec<Block>,
    /// The distribution after the issue's overrides.
    pub distribution: Distribution,
    /// The items that loaded, by file name; [`Issue::put_in_order`] applies
    /// `order`.
    pub items: Vec<Item>,
    /// The `order` list of `issue.yaml`, when it has one.
    pub order: Option<Located<Vec<String>>>,
    /// How many item files the folder has.
    pub item_files: usize,
    /// How many of them failed to load (their diagnostics say why).
    pub failed_items: usize,
}

impl Issue {
    /// The header of this issue.
    pub fn header(&self) -> IssueHeader {
        IssueHeader {
            dir: self.dir.clone(),
            number: self.number,
            declared_number: self.declared_number.clone(),
            date: self.date.clone(),
        }
    }

    /// Puts the items in the order `issue.yaml` lists, when it lists one;
    /// names that match no item are skipped and unlisted items go last
    /// (the rule `E-ORDER` reports both).
    pub fn put_in_order(&mut self) {
        let Some(order) = &self.order else {
            return;
        };
        let mut rest = std::mem::take(&mut self.items);
        for name in &order.value {
            let stem = name.strip_suffix(".md").unwrap_or(name);
            if let Some(at) = rest.iter().position(|i| i.stem == stem) {
                self.items.push(rest.remove(at));
            }
        }
        self.items.append(&mut rest);
    }
}

/// One item of an issue: an inspection report or any other piece.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item file.
    pub file: FileId,
    /// File name without `.md`, used by `order` lists.
    pub stem: String,
    /// An explicit title, overriding the derived one.
    pub title: Option<Located<String>>,
    /// A subtitle, printed after ——.
    pub subtitle: Option<Located<String>>,
    /// The editor's note (编者按) before the item.
    pub editor_note: Vec<Block>,
    /// Date of the event reported.
    pub date: Located<Date>,
    /// The inspection fields, when this is an inspection item.
    pub inspection: Option<Inspection>,
    /// The Markdown body.
    pub body: Vec<Block>,
    /// Byte range of the Markdown body in the file, for rules that read
    /// the text as written.
    pub body_range: Range<usize>,
    /// The images the body names, read and checked.
    pub images: Vec<Image>,
    /// Where the printed front-matter values (`title`, `participants`,
    /// `remarks`) are written, for the typography rules.
    pub printed_fields: Vec<Span>,
}

/// A photo file an item names, read once by `load`.
#[derive(Debug, Clone)]
pub struct Image {
    /// As written in the item (`photo.jpg`).
    pub written: String,
    /// The file, relative to the project root.
    pub path: PathBuf,
    /// JPEG or PNG.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The file's bytes, as read.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// The image formats accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// `.jpg`: photos, embedded in the PDF as they are.
    Jpeg,
    /// `.png`: screenshots and charts.
    Png,
}

impl ImageFormat {
    /// The file extension and the MIME type.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::Jpeg => ("jpg", "image/jpeg"),
            Self::Png => ("png", "image/png"),
        }
    }
}

/// The structured fields of an inspection (督导) item.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The grid inspected.
    pub grid: Located<Grid>,
    /// The leader's name, looked up in the roster.
    pub leader: Located<String>,
    /// Who took part, e.g. 第一网格创城工作组成员及东昌府区相关负责人.
    pub participants: Option<String>,
    /// Verb after the participants (参加, 参与, 陪同).
    pub participants_verb: String,
    /// Places visited.
    pub sites: Vec<String>,
    /// The leader's remarks, printed as the last paragraph.
    pub remarks: Vec<Block>,
    /// Verb that introduces the remarks (要求, 强调, 指出).
    pub remarks_verb: String,
}
