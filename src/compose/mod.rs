//! Composition: the model of one issue becomes the document that both
//! renderers print — derived titles, the lead paragraph from the phrase
//! patterns, the headline list and the distribution lines. The result is
//! plain data, serialized to JSON for the Typst template.

mod data;

pub use data::*;

use crate::model::{Align, Block, Image, Inline, Inspection, Issue, Item, SeriesConfig};
use crate::page::PAGE;
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

/// Composes the document of one issue.
pub fn document(config: &SeriesConfig, issue: &Issue) -> Document {
    let mut images = Vec::new();
    // The roster's names: a title line that ends in one is the subject of
    // the next line, joined without a space.
    let names: Vec<&str> = config.roster.iter().map(|l| l.name.as_str()).collect();
    let items: Vec<ItemData> = issue
        .items
        .iter()
        .map(|item| {
            let written = title(config, item);
            ItemData {
                file: item.file,
                title: zh::join_title_lines(&title_lines(&written), &names),
                title_lines: title_lines(&written)
                    .iter()
                    .map(|line| zh::title_words(line))
                    .collect(),
                subtitle: item
                    .subtitle
                    .as_ref()
                    .map(|s| format!("——{}", s.value.trim_start_matches(['—', '-'])))
                    .unwrap_or_default(),
                editor_note: plain_blocks(&item.editor_note),
                blocks: {
                    let mut photos = Photos {
                        item: &item.images,
                        all: &mut images,
                    };
                    compose_item(config, item)
                        .iter()
                        .map(|b| block(b, &mut photos))
                        .collect()
                },
            }
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
    let editor_note = plain_blocks(&issue.editor_note);
    let mut document = Document {
        page: PAGE,
        roles: ROLES,
        editor_note,
        series: SeriesData {
            title: config.title.clone(),
            masthead: config.masthead.clone(),
            office: config.office.clone(),
            single_sided: config.single_sided,
            word_fonts: config.word_fonts.clone(),
        },
        issue: IssueData {
            number: issue.number.ordinal,
            id: issue.number.to_string(),
            url: issue.number.url_name(),
            label: issue.number.label(),
            copy: String::new(),
            date: zh::full_date(issue.date.value),
            iso_date: issue.date.value.to_string(),
            total: issue
                .total
                .map(|t| format!("总第{t}期"))
                .unwrap_or_default(),
            mark: issue
                .label
                .clone()
                .or_else(|| config.label.clone())
                .unwrap_or_default(),
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
            editors: [("责任编辑", &d.editor), ("校对", &d.proofreader)]
                .into_iter()
                .filter_map(|(role, name)| Some(format!("{role}：{}", name.as_ref()?)))
                .collect::<Vec<_>>()
                .join("　　"),
            issuer: d.issuer.clone().unwrap_or_default(),
            issued: if d.issuer.is_some() || d.issued.is_some() {
                format!(
                    "{}印发",
                    zh::full_date(d.issued.unwrap_or(issue.date.value))
                )
            } else {
                String::new()
            },
        },
        images,
    };
    document.drop_invisible();
    document
}

/// A copy number (份号) as printed: six digits, as GB/T 9704 7.2.1 has
/// it (000007).
pub fn copy_number(copy: u32) -> String {
    format!("{copy:06}")
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

/// The lines of a title as written: a line break in the title (YAML `|`
/// or `"…\n…"`) forces one; blank lines and the spaces around each line
/// do not count.
pub fn title_lines(title: &str) -> Vec<&str> {
    title
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
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

/// The lead paragraph composed for an inspection item (date, leader,
/// participants), as printed; `None` for other items.
pub fn lead(config: &SeriesConfig, item: &Item) -> Option<String> {
    let inspection = item.inspection.as_ref()?;
    let vars = vars(config, item, inspection);
    let mut lead = fill_owned(&config.phrases.lead, &vars);
    if inspection.participants.is_some() {
        lead.push_str(&fill_owned(&config.phrases.attendance, &vars));
    }
    Some(lead)
}

/// The blocks of an item: for an inspection, the lead paragraph, the body
/// (or a visit paragraph when it is empty) and the remarks.
fn compose_item(config: &SeriesConfig, item: &Item) -> Vec<Block> {
    let Some(inspection) = &item.inspection else {
        return item.body.clone();
    };
    let vars = vars(config, item, inspection);
    let phrases = &config.phrases;
    let lead = lead(config, item).unwrap_or_default();
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
    // Notes of the body and of the remarks close the item.
    let (notes, mut blocks): (Vec<Block>, Vec<Block>) = blocks
        .into_iter()
        .partition(|b| matches!(b, Block::Notes(_)));
    blocks.extend(notes);
    blocks
}

/// The images of one item, and those of the document so far.
struct Photos<'a> {
    item: &'a [Image],
    all: &'a mut Vec<ImageData>,
}

impl Photos<'_> {
    /// The virtual path of an item's image, added to the document's list
    /// once; `None` when it could not be read (an error says so).
    fn path(&mut self, written: &str) -> Option<(String, &Image)> {
        let image = self.item.iter().find(|i| i.written == written)?;
        let (extension, mime) = image.format.names();
        if let Some(known) = self
            .all
            .iter()
            .find(|d| std::sync::Arc::ptr_eq(&d.bytes, &image.bytes))
        {
            return Some((known.path.clone(), image));
        }
        let path = format!("/.bulletin/images/{}.{extension}", self.all.len());
        self.all.push(ImageData {
            path: path.clone(),
            mime,
            width: image.width,
            height: image.height,
            bytes: image.bytes.clone(),
        });
        Some((path, image))
    }
}

/// Blocks that have no photos (editors' notes may not).
fn plain_blocks(blocks: &[Block]) -> Vec<BlockData> {
    let mut all = Vec::new();
    let mut photos = Photos {
        item: &[],
        all: &mut all,
    };
    blocks.iter().map(|b| block(b, &mut photos)).collect()
}

/// Tallest a photo is set, in millimetres, so that it and its caption fit
/// on a page of the 225 mm text block.
const MAX_FIGURE_HEIGHT_MM: f64 = 150.0;

fn block(block: &Block, photos: &mut Photos<'_>) -> BlockData {
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
                .map(|b| b.iter().map(|b| self::block(b, photos)).collect())
                .collect(),
        },
        Block::Quote(blocks) => BlockData::Quote {
            blocks: blocks.iter().map(|b| self::block(b, photos)).collect(),
        },
        Block::Figure {
            src,
            caption,
            width_mm,
        } => match photos.path(src) {
            Some((path, image)) => {
                let mut width = width_mm.unwrap_or(PAGE.text_width_mm);
                let aspect = f64::from(image.height) / f64::from(image.width.max(1));
                if width * aspect > MAX_FIGURE_HEIGHT_MM {
                    width = MAX_FIGURE_HEIGHT_MM / aspect;
                }
                let caption = inline_list(caption);
                let mut alt = String::new();
                collect_inlines(&caption, &mut alt);
                BlockData::Figure {
                    src: path,
                    caption,
                    alt,
                    width_mm: (width * 10.0).round() / 10.0,
                    width_percent: (width / PAGE.text_width_mm * 1000.0).round() / 10.0,
                }
            }
            None => BlockData::Par {
                inlines: inline_list(caption),
            },
        },
        Block::Table {
            aligns,
            header,
            rows,
        } => BlockData::Table {
            aligns: aligns
                .iter()
                .enumerate()
                .map(|(column, align)| match align {
                    Align::Left => "left",
                    Align::Center => "center",
                    Align::Right => "right",
                    Align::Auto if numeric_column(rows, column) => "right",
                    Align::Auto => "left",
                })
                .collect(),
            header: header.iter().map(|c| inline_list(c)).collect(),
            rows: rows
                .iter()
                .map(|row| row.iter().map(|c| inline_list(c)).collect())
                .collect(),
        },
        Block::Notes(notes) => BlockData::Notes {
            notes: notes
                .iter()
                .map(|(number, inlines)| NoteData {
                    number: *number,
                    inlines: inline_list(inlines),
                })
                .collect(),
        },
    }
}

/// Whether every filled cell of a column is a number (12, 3.5, -2,
/// 98.6%, 1,200), so that the column aligns on the right.
fn numeric_column(rows: &[Vec<Vec<Inline>>], column: usize) -> bool {
    let mut any = false;
    for row in rows {
        let text: String = row
            .get(column)
            .into_iter()
            .flatten()
            .filter_map(|i| match i {
                Inline::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let digits = text
            .trim_start_matches(['-', '+'])
            .trim_end_matches(['%', '％']);
        let numeric = !digits.is_empty()
            && digits.starts_with(|c: char| c.is_ascii_digit())
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        if !numeric {
            return false;
        }
        any = true;
    }
    any
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
            Inline::NoteRef(number) => InlineData::Noteref { number: *number },
        };
        out.push(data);
    }
    out
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
