//! The phrase patterns of a series: the sentences an inspection item is
//! composed from, with `{placeholder}`s.

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
