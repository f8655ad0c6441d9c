//! The typed model of a bulletin series: plain data, built by `load`, read by
//! `check` and `render`. Nothing here touches the file system.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostic::{FileId, Span};

/// Largest file a project may hold that the tool reads.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;
/// Most items one issue may have; a real issue has a few dozen at most.
pub const MAX_ITEMS: usize = 1000;

/// A calendar date (proleptic Gregorian), as written in front matter.
pub type Date = chrono::NaiveDate;

/// Which run of numbers an issue belongs to: the regular issues, or the
/// supplements (增刊) and special issues (专刊), each numbered apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IssueKind {
    /// A regular issue: 第5期.
    Regular,
    /// A supplement: 增刊第1期.
    Supplement,
    /// A special issue: 专刊第1期.
    Special,
}

impl IssueKind {
    /// Every kind, in the order they are listed.
    pub const ALL: [IssueKind; 3] = [Self::Regular, Self::Supplement, Self::Special];

    /// The word in folder names and on the masthead; empty for a regular
    /// issue.
    pub fn word(self) -> &'static str {
        match self {
            Self::Regular => "",
            Self::Supplement => "增刊",
            Self::Special => "专刊",
        }
    }
}

/// Which issue of a series: 第N期 (folder `12`), 2024年第5期 (folder
/// `2024-5`, a series numbered by year), 增刊第1期 (folder `增刊1`, or
/// `2024-增刊1` by year). The folder name, the name on the command line and
/// the stem of every output file are the same text, [`fmt::Display`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IssueNumber {
    /// The year the numbers restart in, for a series numbered by year.
    pub year: Option<u16>,
    /// Regular, supplement or special issue.
    pub kind: IssueKind,
    /// The number within its year and kind, at least 1.
    pub ordinal: u32,
}

impl IssueNumber {
    /// A regular issue of a series numbered straight on: 第N期.
    pub const fn plain(ordinal: u32) -> Self {
        Self {
            year: None,
            kind: IssueKind::Regular,
            ordinal,
        }
    }

    /// The issue as printed on the masthead: 第12期, 2024年第5期,
    /// 增刊第1期, 2024年增刊第1期.
    pub fn label(&self) -> String {
        let year = self.year.map(|y| format!("{y}年")).unwrap_or_default();
        format!("{year}{}第{}期", self.kind.word(), self.ordinal)
    }

    /// The number that comes after this one in its year and kind.
    pub fn next(&self) -> Self {
        Self {
            ordinal: self.ordinal + 1,
            ..*self
        }
    }

    /// Whether `other` is numbered in the same run (kind; years restart
    /// the numbers but do not make a new run).
    pub fn same_kind(&self, other: &Self) -> bool {
        self.kind == other.kind && self.year.is_some() == other.year.is_some()
    }

    /// The name in a URL: the folder name, its non-ASCII bytes
    /// percent-encoded (`%E5%A2%9E%E5%88%8A1`).
    pub fn url_name(&self) -> String {
        self.to_string()
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b == b'-' {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }
}

impl fmt::Display for IssueNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(year) = self.year {
            write!(f, "{year}-")?;
        }
        write!(f, "{}{}", self.kind.word(), self.ordinal)
    }
}

impl std::str::FromStr for IssueNumber {
    type Err = ();

    /// Reads a folder name or a command-line argument: `12`, `012`,
    /// `2024-5`, `2024-05`, `增刊1`, `2024-专刊2`.
    fn from_str(text: &str) -> Result<Self, ()> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) if year.len() == 4 && digits(year) => {
                (Some(year.parse::<u16>().map_err(drop)?), rest)
            }
            Some(_) => return Err(()),
            None => (None, text),
        };
        let (kind, ordinal) = IssueKind::ALL
            .into_iter()
            .rev()
            .find_map(|kind| Some((kind, rest.strip_prefix(kind.word())?)))
            .ok_or(())?;
        if !digits(ordinal) || year == Some(0) {
            return Err(());
        }
        let ordinal: u32 = ordinal.parse().map_err(drop)?;
        if ordinal == 0 {
            return Err(());
        }
        Ok(Self {
            year,
            kind,
            ordinal,
        })
    }
}

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
    /// A grid with no inspection in this many days before the latest
    /// issue is reported (`ledger: { idle_days: 30 }`); `None`: not checked.
    pub idle_days: Option<Located<u32>>,
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

/// Phrase patterns with `{placeholder}`s, see the README for the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrases {
    /// Title of an inspection item.
    pub title: String,
    /// The leader's role in the campaign, appended to the roster titles.
    pub role: String,
    /// First sentence of the lead paragraph.
    pub lead: String,
    /// Second sentence of the lead paragraph, when participants are given.
    pub attendance: String,
    /// Paragraph composed from the sites when the body is empty.
    pub visit: String,
    /// Prefix of the remarks paragraph.
    pub remarks: String,
}

/// The placeholders that phrase patterns may use.
pub const PLACEHOLDERS: [&str; 9] = [
    "date",
    "leader",
    "titles",
    "grid",
    "campaign",
    "participants",
    "participants_verb",
    "sites",
    "remarks_verb",
];

/// The `{name}`s of a phrase pattern, in order.
pub fn placeholders(pattern: &str) -> impl Iterator<Item = &str> {
    pattern
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

impl Default for Phrases {
    fn default() -> Self {
        Self {
            title: "{leader}到{grid}督导{campaign}工作".into(),
            role: "市{campaign}{grid}工作组组长".into(),
            lead: "{date}，{titles}{leader}带领督导组到{grid}督导{campaign}工作。".into(),
            attendance: "{participants}{participants_verb}督导。".into(),
            visit: "{leader}一行先后到{sites}等地，实地查看{campaign}工作开展情况。".into(),
            remarks: "{leader}{remarks_verb}，".into(),
        }
    }
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

/// A block of text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A subheading inside an item (Markdown `##`).
    Heading(Vec<Inline>),
    /// A list of blocks per entry.
    List {
        /// Numbered (1. 2. 3.) or bulleted.
        ordered: bool,
        /// The entries.
        items: Vec<Vec<Block>>,
    },
    /// A quoted passage.
    Quote(Vec<Block>),
    /// A table (GFM): the header row and the body rows, each a list of
    /// cells.
    Table {
        /// Alignment of each column as written (`:---:`).
        aligns: Vec<Align>,
        /// The header row.
        header: Vec<Vec<Inline>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A photo with its caption, set centred as its own block.
    Figure {
        /// The image as written in the item (`photo.jpg`), a key of the
        /// item's `images`.
        src: String,
        /// The caption (the image's description, `![说明](…)`).
        caption: Vec<Inline>,
        /// The width given (`"80mm"`, `"8cm"`, `"60%"`), in millimetres;
        /// `None` for the text width.
        width_mm: Option<f64>,
    },
    /// Footnotes (Markdown `[^1]`), printed as 注 at the end of the item:
    /// each with its number and text.
    Notes(Vec<(u32, Vec<Inline>)>),
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Not given: numbers to the right, text to the left.
    Auto,
    /// `:---`.
    Left,
    /// `:---:`.
    Center,
    /// `---:`.
    Right,
}

/// Inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, printed as itself.
    Text(String),
    /// Bold (Markdown `**`).
    Strong(Vec<Inline>),
    /// Emphasis (Markdown `*`), printed in 楷体.
    Emph(Vec<Inline>),
    /// A forced line break.
    LineBreak,
    /// A reference to footnote N, printed as a superscript number.
    NoteRef(u32),
}
