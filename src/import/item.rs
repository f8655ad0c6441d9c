//! A document read from Word, made into an item of the series: the title
//! taken out of the body (or found in the document's properties), the date
//! from the body's opening words, and, for a supervision item whose lead
//! sentence matches the series' pattern, `grid`, `leader`, `date`,
//! `participants` and `sites` in the front matter with the lead taken out
//! of the body (it is composed again from these fields).

use super::doc::{Block, Doc, Finding, Para, Photo, Piece, plain};
use super::{lead, write};
use crate::model::{Date, SeriesConfig};

/// How many paragraphs from the top a title is looked for in.
const TITLE_WITHIN: usize = 3;

/// An item ready to be written.
#[derive(Debug)]
pub struct Imported {
    /// The front matter's lines, without the `---` around them.
    front: Vec<String>,
    blocks: Vec<Block>,
    notes: Vec<Vec<Piece>>,
    /// The photos, in the order the body names them.
    pub photos: Vec<Photo>,
    /// What could not be carried over.
    pub findings: Vec<Finding>,
    /// What the file is named after, and whether it is a person's name.
    pub name: (String, bool),
    /// Whether it was recognised as a supervision item.
    pub inspection: bool,
}

impl Imported {
    /// The item file's text, the photos named `photos` (in order).
    pub fn text(&self, photos: &[String]) -> String {
        let body = write::markdown(&self.blocks, photos, &self.notes);
        format!("---\n{}\n---\n{body}", self.front.join("\n"))
    }
}

/// Makes an item of a document read, for an issue dated `issue_date`;
/// `fallback` names it when it has no title (the file's name).
pub fn item(mut doc: Doc, config: &SeriesConfig, issue_date: Date, fallback: &str) -> Imported {
    let mut findings = std::mem::take(&mut doc.findings);
    let mut blocks = std::mem::take(&mut doc.blocks);
    let dropped: usize = blocks.iter_mut().map(drop_invisible).sum();
    if dropped > 0 {
        findings.push(Finding {
            at: None,
            what: format!("删去了 {dropped} 个不可见字符（零宽空格、控制字符等）"),
        });
    }
    let title = take_title(&mut blocks).or(doc.property_title.clone());
    let first = blocks
        .iter()
        .position(|b| matches!(b, Block::Para(p) if p.heading.is_none()));
    let opening = first.and_then(|i| match &blocks[i] {
        Block::Para(p) => Some(p.plain()),
        _ => None,
    });
    let mut front = Vec::new();
    let found = opening
        .as_deref()
        .and_then(|text| lead::lead(config, text.trim_start(), issue_date));
    let name;
    if let (Some(found), Some(i)) = (found.clone(), first) {
        // A title the series would make of these fields is left to it.
        if let Some(title) = title
            .as_ref()
            .filter(|t| !lead::derived_title(config, &found, t))
        {
            front.push(format!("title: {}", yaml_string(title)));
        }
        front.push(format!("grid: {}", found.grid.0));
        front.push(format!("leader: {}", yaml_string(&found.leader)));
        front.push(format!("date: {}", found.date));
        if let Some(who) = &found.participants {
            front.push(format!("participants: {}", yaml_string(who)));
        }
        if let Some(verb) = found
            .participants_verb
            .filter(|v| *v != crate::model::DEFAULT_PARTICIPANTS_VERB)
        {
            front.push(format!("participants_verb: {}", yaml_string(verb)));
        }
        let text: String = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.plain()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let sites = lead::sites(config, &found.leader, &text);
        if !sites.is_empty() {
            let quoted: Vec<String> = sites.iter().map(|s| yaml_string(s)).collect();
            front.push(format!("sites: [{}]", quoted.join(", ")));
        }
        cut_lead(&mut blocks, i, found.consumed);
        findings.push(Finding {
            at: None,
            what: "识别为督导稿件：导语已改由 grid、leader、date 等字段生成，正文其余部分照原文"
                .into(),
        });
        name = (found.leader.clone(), true);
    } else {
        let title = title.unwrap_or_else(|| {
            findings.push(Finding {
                at: None,
                what: "没有找到标题（居中、大字号或“标题”样式的首段），已用文件名作标题，请修改"
                    .into(),
            });
            fallback.to_owned()
        });
        front.push(format!("title: {}", yaml_string(&title)));
        let date = opening
            .as_deref()
            .and_then(|t| lead::opening_date(t.trim_start(), issue_date));
        let date = date.unwrap_or_else(|| {
            findings.push(Finding {
                at: None,
                what: format!("正文开头没有写日期，date 暂取本期日期 {issue_date}，请核对"),
            });
            issue_date
        });
        front.push(format!("date: {date}"));
        name = (title, false);
    }
    // The subtitle and editor's note of an item of our own Word file,
    // after its title.
    let at = front
        .iter()
        .position(|l| l.starts_with("title: "))
        .map_or(0, |i| i + 1);
    let fields = [
        ("subtitle", doc.subtitle.take()),
        ("editor_note", doc.editor_note.take()),
    ];
    for (key, value) in fields.into_iter().rev() {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            front.insert(at, format!("{key}: {}", yaml_string(&value)));
        }
    }
    let inspection = found.is_some() && first.is_some();
    Imported {
        front,
        blocks,
        notes: doc.notes,
        photos: doc.photos,
        findings,
        name,
        inspection,
    }
}

/// Takes the title paragraph out of the body: the first Title-style,
/// centred or large paragraph among the first few, when it is not a
/// numbered heading.
fn take_title(blocks: &mut Vec<Block>) -> Option<String> {
    let at = blocks.iter().take(TITLE_WITHIN).position(|b| {
        matches!(b, Block::Para(p) if p.title_like && !p.boxed && p.bullet.is_none()
            && super::headings::typed_level(&p.plain(), true).is_none())
    })?;
    let Block::Para(p) = blocks.remove(at) else {
        return None;
    };
    // A line break in the title is the writer's: it stays one.
    let lines: Vec<String> = p
        .plain()
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// Removes the lead sentences (the first `consumed` bytes of the plain
/// text) from the paragraph at `i`, dropping it when nothing is left.
fn cut_lead(blocks: &mut Vec<Block>, i: usize, consumed: usize) {
    let Block::Para(p) = &mut blocks[i] else {
        return;
    };
    let text = p.plain();
    let skip = text.len() - text.trim_start().len() + consumed;
    let mut left = skip;
    let mut pieces = Vec::new();
    for piece in std::mem::take(&mut p.pieces) {
        match piece {
            Piece::Text { text, bold, italic } if left > 0 => {
                if text.len() <= left {
                    left -= text.len();
                } else {
                    let cut = (left..=text.len())
                        .find(|&c| text.is_char_boundary(c))
                        .unwrap_or(text.len());
                    left = 0;
                    pieces.push(Piece::Text {
                        text: text[cut..].to_owned(),
                        bold,
                        italic,
                    });
                }
            }
            Piece::Break if left > 0 => left = left.saturating_sub(1),
            other => pieces.push(other),
        }
    }
    p.pieces = pieces;
    if plain(&p.pieces).trim().is_empty() {
        blocks.remove(i);
    }
}

/// Drops the characters that print as nothing; how many there were.
fn drop_invisible(block: &mut Block) -> usize {
    let mut count = 0;
    let mut strip = |pieces: &mut Vec<Piece>| {
        for piece in pieces {
            if let Piece::Text { text, .. } = piece {
                let before = text.chars().count();
                crate::invisible::strip_in_place(text);
                count += before - text.chars().count();
            }
        }
    };
    match block {
        Block::Para(Para { pieces, .. }) => strip(pieces),
        Block::Table(rows) => rows.iter_mut().flatten().for_each(strip),
        Block::Photo(..) => {}
    }
    count
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    crate::scaffold::yaml_string(text)
}
