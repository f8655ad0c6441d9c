//! The number of an issue: its year (when a series numbers by year), its
//! kind (正刊, 增刊, 专刊) and its ordinal. The folder name `2024-5` is also
//! the name on the command line and of the outputs.

use std::fmt;

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
