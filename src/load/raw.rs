//! The input file formats exactly as written, for serde. Every struct denies
//! unknown fields so a misspelt key is an error with a suggestion.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// `bulletin.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeries {
    pub title: Spanned<String>,
    #[serde(default)]
    pub masthead: Option<Vec<String>>,
    pub office: String,
    /// A label above the masthead at the top left (内部资料 注意保存).
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub campaign: Option<String>,
    #[serde(default)]
    pub phrases: Option<RawPhrases>,
    #[serde(default)]
    pub roster: Vec<RawLeader>,
    #[serde(default)]
    pub distribution: Option<Spanned<RawDistribution>>,
    #[serde(default)]
    pub grids: Option<Spanned<u16>>,
    #[serde(default)]
    pub item_age_days: Option<u32>,
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
    #[serde(default)]
    pub single_sided: Option<bool>,
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RawLevel>>,
    /// `continuous` (the default) or `yearly`.
    #[serde(default)]
    pub numbering: Option<RawNumbering>,
    /// Font names for the Word file.
    #[serde(default)]
    pub word_fonts: Option<RawWordFonts>,
    /// The supervision ledger's settings.
    #[serde(default)]
    pub ledger: Option<RawLedger>,
}

/// `word_fonts:` in `bulletin.yaml`: each name optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWordFonts {
    pub title: Option<String>,
    pub body: Option<String>,
    pub hei: Option<String>,
    pub kai: Option<String>,
}

/// `ledger:` in `bulletin.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLedger {
    /// A grid with no inspection in this many days is reported
    /// (`W-GRID-IDLE`); not given, the rule is off.
    #[serde(default)]
    pub idle_days: Option<Spanned<u32>>,
}

/// `numbering:` in `bulletin.yaml`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawNumbering {
    Continuous,
    Yearly,
}

/// A level in `rules:`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawLevel {
    Off,
    Warning,
    Error,
}

/// `phrases:` in `bulletin.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhrases {
    pub title: Option<Spanned<String>>,
    pub role: Option<Spanned<String>>,
    pub lead: Option<Spanned<String>>,
    pub attendance: Option<Spanned<String>>,
    pub visit: Option<Spanned<String>>,
    pub remarks: Option<Spanned<String>>,
}

/// One entry of `roster:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLeader {
    pub name: Spanned<String>,
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub grid: Option<Spanned<u16>>,
}

/// `distribution:` in `bulletin.yaml` or `issue.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    pub report: Option<Vec<String>>,
    pub send: Option<Vec<String>>,
    pub distribute: Option<Vec<String>>,
    pub copies: Option<Spanned<i64>>,
    /// Who prints the issue, for the 印发 line.
    pub issuer: Option<String>,
    /// The 印发 date, when not the issue's date.
    pub issued: Option<Spanned<String>>,
    /// 责任编辑.
    pub editor: Option<String>,
    /// 校对.
    pub proofreader: Option<String>,
}

/// `bulletins/N/issue.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub number: Spanned<u32>,
    pub date: Spanned<String>,
    /// The cumulative number (总第345期).
    #[serde(default)]
    pub total: Option<u32>,
    /// The label above the masthead, instead of the series'.
    #[serde(default)]
    pub label: Option<String>,
    /// The editor's note (编者按) for the issue, Markdown.
    #[serde(default)]
    pub editor_note: Option<Spanned<String>>,
    #[serde(default)]
    pub order: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub distribution: Option<Spanned<RawDistribution>>,
}

/// The front matter of an item file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// A subtitle, printed after ——.
    #[serde(default)]
    pub subtitle: Option<Spanned<String>>,
    /// The editor's note (编者按) before the item, Markdown.
    #[serde(default)]
    pub editor_note: Option<Spanned<String>>,
    pub date: Spanned<String>,
    #[serde(default)]
    pub grid: Option<Spanned<u16>>,
    #[serde(default)]
    pub leader: Option<Spanned<String>>,
    #[serde(default)]
    pub participants: Option<Spanned<String>>,
    #[serde(default)]
    pub participants_verb: Option<String>,
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub remarks: Option<Spanned<String>>,
    #[serde(default)]
    pub remarks_verb: Option<String>,
}
