//! Composition: the model of one issue becomes the document that both
//! renderers print — derived titles, the lead paragraph from the phrase
//! patterns, the headline list and the distribution lines. The result is
//! plain data, serialized to JSON for the Typst template.

use serde::Serialize;

use crate::diagnostic::FileId;
use crate::model::{Block, Inline, Inspection, Issue, Item, SeriesConfig};
use crate::zh;

/// Fills a pattern's placeholders.
fn fill(pattern: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .split_once('}')
            .and_then(|(name, tail)| Some((vars.iter().find(|(k, _)| *k == name)?.1, tail)))
        {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Everything the templates print for one issue.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Series data for the masthead.
    pub series: SeriesData,
    /// Issue data for the masthead.
    pub issue: IssueData,
    /// The headline list, one entry per item.
    pub headlines: Vec<String>,
    /// The items in print order.
    pub items: Vec<ItemData>,
    /// The distribution block.
    pub distribution: DistributionData,
}

/// The series part of the masthead.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesData {
    /// Full series name.
    pub title: String,
    /// Lines of the red masthead.
    pub masthead: Vec<String>,
    /// The issuing office.
    pub office: String,
}

/// The issue part of the masthead.
#[derive(Debug, Clone, Serialize)]
pub struct IssueData {
    /// The number.
    pub number: u32,
    /// 第12期.
    pub label: String,
    /// 2021年3月17日.
    pub date: String,
    /// 2021-03-17, for metadata.
    pub iso_date: String,
}

/// One item as printed.
#[derive(Debug, Clone, Serialize)]
pub struct ItemData {
    /// The item file, for diagnostics.
    #[serde(skip)]
    pub file: FileId,
    /// The title.
    pub title: String,
    /// Paragraphs and other blocks.
    pub blocks: Vec<BlockData>,
}

/// A block as the templates see it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockData {
    /// A paragraph.
    Par {
        /// Its text.
        inlines: Vec<InlineData>,
    },
    /// A subheading.
    Heading {
        /// Its text.
        inlines: Vec<InlineData>,
    },
    /// A list.
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// Blocks per entry.
        items: Vec<Vec<BlockData>>,
    },
    /// A quotation.
    Quote {
        /// Its blocks.
        blocks: Vec<BlockData>,
    },
}

/// Inline text as the templates see it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum InlineData {
    /// Plain text.
    Text {
        /// The characters, printed as themselves.
        text: String,
    },
    /// Bold.
    Strong {
        /// Its content.
        inlines: Vec<InlineData>,
    },
    /// Emphasis.
    Emph {
        /// Its content.
        inlines: Vec<InlineData>,
    },
    /// A forced line break.
    Break,
}

/// The distribution block as printed.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionData {
    /// 报/送/发 lines that have recipients.
    pub lines: Vec<DistributionLine>,
    /// 共印260份, or empty when no count is set.
    pub copies: String,
}

/// One 报/送/发 line.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionLine {
    /// 报, 送 or 发.
    pub label: String,
    /// Recipients joined with "，".
    pub text: String,
}

/// Composes the document of one issue.
pub fn document(config: &SeriesConfig, issue: &Issue) -> Document {
    let items: Vec<ItemData> = issue
        .items
        .iter()
        .map(|item| ItemData {
            file: item.file,
            title: title(config, item),
            blocks: compose_item(config, item).iter().map(block).collect(),
        })
        .collect();
    let d = &issue.distribution;
    let lines = [("报", &d.report), ("送", &d.send), ("发", &d.distribute)]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(label, list)| DistributionLine {
            label: label.into(),
            text: list.join("，"),
        })
        .collect();
    Document {
        series: SeriesData {
            title: config.title.clone(),
            masthead: config.masthead.clone(),
            office: config.office.clone(),
        },
        issue: IssueData {
            number: issue.number.0,
            label: format!("第{}期", issue.number),
            date: zh::full_date(issue.date.value),
            iso_date: issue.date.value.to_string(),
        },
        headlines: items.iter().map(|i| i.title.clone()).collect(),
        items,
        distribution: DistributionData {
            lines,
            copies: if d.copies > 0 {
                format!("共印{}份", d.copies)
            } else {
                String::new()
            },
        },
    }
}

/// The title of an item: explicit, or derived from the inspection fields.
pub fn title(config: &SeriesConfig, item: &Item) -> String {
    if let Some(title) = &item.title {
        return title.value.clone();
    }
    match &item.inspection {
        Some(inspection) => fill_owned(&config.phrases.title, &vars(config, item, inspection)),
        None => String::new(),
    }
}

fn vars<'a>(config: &'a SeriesConfig, item: &'a Item, i: &'a Inspection) -> Vec<(&'a str, String)> {
    let grid = format!("第{}网格", zh::numeral(u32::from(i.grid.value.0)));
    let role = fill(
        &config.phrases.role,
        &[("campaign", &config.campaign), ("grid", &grid)],
    );
    let mut titles: Vec<&str> = config
        .roster
        .iter()
        .find(|l| l.name == i.leader.value)
        .map(|l| l.titles.iter().map(String::as_str).collect())
        .unwrap_or_default();
    if !role.is_empty() {
        titles.push(&role);
    }
    let titles = titles.join("、");
    vec![
        ("date", zh::month_day(item.date.value)),
        ("leader", i.leader.value.clone()),
        ("titles", titles),
        ("grid", grid),
        ("campaign", config.campaign.clone()),
        ("participants", i.participants.clone().unwrap_or_default()),
        ("participants_verb", i.participants_verb.clone()),
        ("sites", i.sites.join("、")),
        ("remarks_verb", i.remarks_verb.clone()),
    ]
}

fn fill_owned(pattern: &str, vars: &[(&str, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(pattern, &borrowed)
}

/// The blocks of an item: for an inspection, the lead paragraph, the body
/// (or a visit paragraph when it is empty) and the remarks.
fn compose_item(config: &SeriesConfig, item: &Item) -> Vec<Block> {
    let Some(inspection) = &item.inspection else {
        return item.body.clone();
    };
    let vars = vars(config, item, inspection);
    let phrases = &config.phrases;
    let mut lead = fill_owned(&phrases.lead, &vars);
    if inspection.participants.is_some() {
        lead.push_str(&fill_owned(&phrases.attendance, &vars));
    }
    let mut blocks = vec![Block::Paragraph(vec![Inline::Text(lead)])];
    if item.body.is_empty() {
        if !inspection.sites.is_empty() {
            let visit = fill_owned(&phrases.visit, &vars);
            blocks.push(Block::Paragraph(vec![Inline::Text(visit)]));
        }
    } else {
        blocks.extend(item.body.iter().cloned());
    }
    let mut remarks = inspection.remarks.clone();
    if let Some(Block::Paragraph(first)) = remarks.first_mut() {
        first.insert(0, Inline::Text(fill_owned(&phrases.remarks, &vars)));
    }
    blocks.extend(remarks);
    blocks
}

fn block(block: &Block) -> BlockData {
    match block {
        Block::Paragraph(inlines) => BlockData::Par {
            inlines: inline_list(inlines),
        },
        Block::Heading(inlines) => BlockData::Heading {
            inlines: inline_list(inlines),
        },
        Block::List { ordered, items } => BlockData::List {
            ordered: *ordered,
            items: items
                .iter()
                .map(|b| b.iter().map(self::block).collect())
                .collect(),
        },
        Block::Quote(blocks) => BlockData::Quote {
            blocks: blocks.iter().map(self::block).collect(),
        },
    }
}

fn inline_list(inlines: &[Inline]) -> Vec<InlineData> {
    let mut out: Vec<InlineData> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let data = match inline {
            Inline::Text(text) => {
                // Adjacent text (a composed prefix and the first words of the
                // remarks) is one run, so line breaking sees it whole.
                if let Some(InlineData::Text { text: prev }) = out.last_mut() {
                    prev.push_str(text);
                    continue;
                }
                InlineData::Text { text: text.clone() }
            }
            Inline::Strong(children) => InlineData::Strong {
                inlines: inline_list(children),
            },
            Inline::Emph(children) => InlineData::Emph {
                inlines: inline_list(children),
            },
            Inline::LineBreak => InlineData::Break,
        };
        out.push(data);
    }
    out
}

impl Document {
    /// Every character printed for an item, with the item's file.
    pub fn item_texts(&self) -> impl Iterator<Item = (FileId, String)> + '_ {
        self.items.iter().map(|item| {
            let mut text = item.title.clone();
            for b in &item.blocks {
                collect_block(b, &mut text);
            }
            (item.file, text)
        })
    }

    /// Every character printed outside the items.
    pub fn frame_text(&self) -> String {
        let mut text = self.series.masthead.concat();
        text.push_str(&self.series.office);
        text.push_str(&self.issue.label);
        text.push_str(&self.issue.date);
        for line in &self.distribution.lines {
            text.push_str(&line.label);
            text.push_str(&line.text);
        }
        text.push_str(&self.distribution.copies);
        text
    }
}

fn collect_block(block: &BlockData, out: &mut String) {
    match block {
        BlockData::Par { inlines } | BlockData::Heading { inlines } => {
            collect_inlines(inlines, out)
        }
        BlockData::List { items, .. } => items.iter().flatten().for_each(|b| collect_block(b, out)),
        BlockData::Quote { blocks } => blocks.iter().for_each(|b| collect_block(b, out)),
    }
}

fn collect_inlines(inlines: &[InlineData], out: &mut String) {
    for inline in inlines {
        match inline {
            InlineData::Text { text } => out.push_str(text),
            InlineData::Strong { inlines } | InlineData::Emph { inlines } => {
                collect_inlines(inlines, out)
            }
            InlineData::Break => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_placeholders_and_keeps_braces_otherwise() {
        assert_eq!(
            fill(
                "{leader}到{grid}督导",
                &[("leader", "张旋宇"), ("grid", "第一网格")]
            ),
            "张旋宇到第一网格督导"
        );
        assert_eq!(fill("{x} {", &[]), "{x} {");
    }
}
