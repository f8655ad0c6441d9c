//! Markdown bodies through comrak into the model's own text tree. Raw HTML
//! is not passed through: it becomes text and prints as itself. Whatever
//! does not reach the page as written (a link's address, raw HTML, a
//! thematic break, an image, an unused footnote) is reported as a
//! [`Finding`] at its place, so that nothing is dropped silently.

use std::cell::RefCell;
use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue, Sourcepos, TableAlignment};
use comrak::{Arena, Options, parse_document};

use crate::check::rules::{self, Rule};
use crate::model::{Align, Block, Inline};

/// Something in the Markdown that does not print as written, with the
/// rule code that reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule that reports it, e.g. `W-MD-LINK`.
    pub rule: &'static Rule,
    /// Byte range in the Markdown text.
    pub range: Range<usize>,
    /// What happens to it, in Chinese.
    pub message: String,
    /// How to write it instead.
    pub hint: String,
}

/// An image named by the Markdown, to be read by the loader.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// The address as written (`photo.jpg`).
    pub url: String,
    /// Byte range of the image in the Markdown.
    pub range: Range<usize>,
}

/// Parsed Markdown: the blocks and what did not print as written.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The blocks; footnotes, when any, are a final [`Block::Notes`].
    pub blocks: Vec<Block>,
    /// Constructs reported rather than printed as written.
    pub findings: Vec<Finding>,
    /// The images of the figures, in order.
    pub images: Vec<ImageRef>,
}

/// Parses Markdown into blocks.
#[cfg(test)]
pub fn parse(markdown: &str) -> Vec<Block> {
    parse_reporting(markdown).blocks
}

/// Parses Markdown into blocks, reporting what does not print as written.
pub fn parse_reporting(markdown: &str) -> Parsed {
    let arena = Arena::new();
    let mut options = Options::default();
    // CommonMark's flanking rules fail next to Chinese punctuation:
    // `**注意：**正文` must be bold.
    options.extension.cjk_friendly_emphasis = true;
    // `[^1]` notes print as 注 at the end of the item.
    options.extension.footnotes = true;
    // GFM tables print as ruled tables.
    options.extension.table = true;
    let root = parse_document(&arena, markdown, &options);
    let walker = Walker {
        lines: line_starts(markdown),
        len: markdown.len(),
        findings: RefCell::new(Vec::new()),
        notes: RefCell::new(Vec::new()),
        images: RefCell::new(Vec::new()),
    };
    let mut blocks = walker.blocks(root, 0);
    let mut notes = walker.notes.take();
    if !notes.is_empty() {
        notes.sort_by_key(|(number, _)| *number);
        blocks.push(Block::Notes(notes));
    }
    let mut findings = walker.findings.take();
    findings.extend(unused_notes(markdown, root));
    findings.sort_by_key(|f| f.range.start);
    Parsed {
        blocks,
        findings,
        images: walker.images.take(),
    }
}

/// Byte offsets where the lines of `text` start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Footnote definitions that no reference uses: comrak drops them, so
/// they are found in the text.
fn unused_notes<'a>(markdown: &str, root: &'a AstNode<'a>) -> Vec<Finding> {
    let mut used = Vec::new();
    for node in root.descendants() {
        if let NodeValue::FootnoteReference(r) = &node.data.borrow().value {
            used.push(r.name.to_lowercase());
        }
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("[^")
            && let Some((name, _)) = rest.split_once("]:")
            && !name.is_empty()
            && !used.contains(&name.to_lowercase())
        {
            let start = offset + (line.len() - trimmed.len());
            out.push(Finding {
                rule: &rules::W_MD_FOOTNOTE,
                range: start..start + name.len() + 4,
                message: format!("注释 [^{name}] 在正文中没有引用，不会印出"),
                hint: format!("在正文要加注的地方写 [^{name}]，或删去这条注释"),
            });
        }
        offset += line.len();
    }
    out
}

/// Walks comrak's tree into the model, keeping what it reports.
struct Walker {
    lines: Vec<usize>,
    len: usize,
    findings: RefCell<Vec<Finding>>,
    /// Footnotes by number, as they are met.
    notes: RefCell<Vec<(u32, Vec<Inline>)>>,
    /// Images of figures, as they are met.
    images: RefCell<Vec<ImageRef>>,
}

/// How deep lists, quotes and emphasis may nest before the rest of a
/// subtree is kept as plain text. Real items nest two or three levels;
/// the limit keeps a hostile file (a line of ten thousand `>`) from
/// exhausting the stack.
const MAX_DEPTH: usize = 24;

impl Walker {
    /// The byte range in the Markdown of a node's source position.
    fn range(&self, pos: Sourcepos) -> Range<usize> {
        let at = |line: usize, column: usize| {
            self.lines
                .get(line.saturating_sub(1))
                .map_or(self.len, |start| {
                    (start + column.saturating_sub(1)).min(self.len)
                })
        };
        let start = at(pos.start.line, pos.start.column);
        let end = at(pos.end.line, pos.end.column + 1).max(start);
        start..end
    }

    fn report(&self, node: &AstNode<'_>, rule: &'static Rule, message: String, hint: &str) {
        let range = self.range(node.data.borrow().sourcepos);
        self.findings.borrow_mut().push(Finding {
            rule,
            range,
            message,
            hint: hint.to_owned(),
        });
    }

    fn blocks<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Vec<Block> {
        if depth >= MAX_DEPTH {
            return vec![Block::Paragraph(vec![Inline::Text(flat_text(node))])];
        }
        node.children()
            .filter_map(|n| self.block(n, depth + 1))
            .collect()
    }

    fn block<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Option<Block> {
        let value = node.data.borrow().value.clone();
        Some(match value {
            NodeValue::Paragraph => match lone_image(node) {
                Some(image) => self.figure(image, depth),
                None => Block::Paragraph(self.inlines(node, depth)),
            },
            NodeValue::Heading(_) => Block::Heading(self.inlines(node, depth)),
            NodeValue::List(list) => Block::List {
                ordered: list.list_type == comrak::nodes::ListType::Ordered,
                items: node.children().map(|n| self.blocks(n, depth + 1)).collect(),
            },
            NodeValue::BlockQuote => Block::Quote(self.blocks(node, depth)),
            NodeValue::CodeBlock(code) => {
                Block::Paragraph(vec![Inline::Text(code.literal.trim_end().to_owned())])
            }
            NodeValue::HtmlBlock(html) => {
                self.report(
                    node,
                    &rules::W_MD_HTML,
                    "HTML 标记不起作用，按原样印出".into(),
                    HTML_HINT,
                );
                Block::Paragraph(vec![Inline::Text(html.literal.trim_end().to_owned())])
            }
            NodeValue::ThematicBreak => {
                self.report(
                    node,
                    &rules::W_MD_RULE,
                    "分隔线不会印出".into(),
                    "分隔各部分请用小标题（## 标题）；不需要时删去这一行",
                );
                return None;
            }
            NodeValue::Table(table) => {
                let aligns = table
                    .alignments
                    .iter()
                    .map(|a| match a {
                        TableAlignment::None => Align::Auto,
                        TableAlignment::Left => Align::Left,
                        TableAlignment::Center => Align::Center,
                        TableAlignment::Right => Align::Right,
                    })
                    .collect();
                let mut header = Vec::new();
                let mut rows = Vec::new();
                for row in node.children() {
                    let is_header = matches!(row.data.borrow().value, NodeValue::TableRow(true));
                    let cells: Vec<Vec<Inline>> = row
                        .children()
                        .map(|cell| self.inlines(cell, depth + 1))
                        .collect();
                    if is_header {
                        header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                if let Some(width) = too_wide(&header, &rows) {
                    self.report(
                        node,
                        &rules::E_TABLE_WIDE,
                        format!(
                            "表格太宽：{} 列至少需要 {width} 毫米，版心只有 156 毫米",
                            header.len()
                        ),
                        "请减少列数，或拆成两张表；很长的数字或英文可在适当处加空格，以便折行",
                    );
                }
                Block::Table {
                    aligns,
                    header,
                    rows,
                }
            }
            NodeValue::FootnoteDefinition(definition) => {
                // Numbered by the first reference; a definition nobody
                // refers to is reported by `unused_notes`.
                let number = node
                    .parent()
                    .into_iter()
                    .flat_map(|root| root.descendants())
                    .find_map(|n| match &n.data.borrow().value {
                        NodeValue::FootnoteReference(r) if r.name == definition.name => Some(r.ix),
                        _ => None,
                    })?;
                let mut text = Vec::new();
                for (i, b) in self.blocks(node, depth).into_iter().enumerate() {
                    if i > 0 {
                        text.push(Inline::LineBreak);
                    }
                    text.extend(plain_inlines(b));
                }
                self.notes.borrow_mut().push((number, text));
                return None;
            }
            // Any other block (none is enabled today) prints its text.
            _ => Block::Paragraph(vec![Inline::Text(flat_text(node))]),
        })
    }

    /// A paragraph that is one image: a figure with its caption.
    fn figure<'a>(&self, image: &'a AstNode<'a>, depth: usize) -> Block {
        let (url, title) = match &image.data.borrow().value {
            NodeValue::Image(link) => (link.url.clone(), link.title.clone()),
            _ => (String::new(), String::new()),
        };
        let range = self.range(image.data.borrow().sourcepos);
        self.images.borrow_mut().push(ImageRef {
            url: url.clone(),
            range,
        });
        let width_mm = match title.trim() {
            "" => None,
            given => {
                let width = parse_width(given);
                if width.is_none() {
                    self.report(
                        image,
                        &rules::E_IMAGE_WIDTH,
                        format!("图片宽度“{given}”无法识别"),
                        "宽度写在地址后的引号中，如 ![说明](photo.jpg \"80mm\")、\"8cm\" 或 \"60%\"，不超过版心宽 156mm",
                    );
                }
                width
            }
        };
        Block::Figure {
            src: url,
            caption: self.inlines(image, depth),
            width_mm,
        }
    }

    fn inlines<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Vec<Inline> {
        if depth >= MAX_DEPTH {
            return vec![Inline::Text(flat_text(node))];
        }
        let mut out = Vec::new();
        for child in node.children() {
            self.inline(child, &mut out, depth + 1);
        }
        join_soft_breaks(out)
    }

    fn inline<'a>(&self, node: &'a AstNode<'a>, out: &mut Vec<Inline>, depth: usize) {
        if depth >= MAX_DEPTH {
            out.push(Inline::Text(flat_text(node)));
            return;
        }
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Text(text) => out.push(Inline::Text(text.to_string())),
            NodeValue::Code(code) => out.push(Inline::Text(code.literal)),
            NodeValue::HtmlInline(html) => {
                self.report(
                    node,
                    &rules::W_MD_HTML,
                    format!("HTML 标记 {html} 不起作用，按原样印出"),
                    HTML_HINT,
                );
                out.push(Inline::Text(html));
            }
            NodeValue::SoftBreak => out.push(Inline::Text(SOFT_BREAK.into())),
            NodeValue::LineBreak => out.push(Inline::LineBreak),
            NodeValue::Strong => out.push(Inline::Strong(self.inlines(node, depth))),
            NodeValue::Emph => out.push(Inline::Emph(self.inlines(node, depth))),
            NodeValue::FootnoteReference(r) => out.push(Inline::NoteRef(r.ix)),
            NodeValue::Link(link) => {
                // An autolink (<https://…>) prints its address as its text.
                if flat_text(node) != link.url {
                    self.report(
                        node,
                        &rules::W_MD_LINK,
                        format!("链接地址 {} 不会印出，只印出文字", link.url),
                        "纸面上需要地址时，请把地址直接写进正文",
                    );
                }
                for child in node.children() {
                    self.inline(child, out, depth + 1);
                }
            }
            NodeValue::Image(image) => {
                self.report(
                    node,
                    &rules::E_IMAGE_INLINE,
                    format!(
                        "图片 {} 夹在文字中间，不能排入，只会印出说明文字「{}」",
                        image.url,
                        flat_text(node)
                    ),
                    "图片须单独成段：在图片标记的前后各空一行",
                );
                for child in node.children() {
                    self.inline(child, out, depth + 1);
                }
            }
            _ => {
                for child in node.children() {
                    self.inline(child, out, depth + 1);
                }
            }
        }
    }
}

const HTML_HINT: &str = "简报不解释 HTML：请删去尖括号标记，用 Markdown 书写（空行分段、**加粗**）";

/// The image of a paragraph that holds nothing else.
fn lone_image<'a>(paragraph: &'a AstNode<'a>) -> Option<&'a AstNode<'a>> {
    let mut image = None;
    for child in paragraph.children() {
        match &child.data.borrow().value {
            NodeValue::Image(_) if image.is_none() => image = Some(child),
            NodeValue::SoftBreak | NodeValue::LineBreak => {}
            NodeValue::Text(t) if t.trim().is_empty() => {}
            _ => return None,
        }
    }
    image
}

/// A width given for a figure: `80mm`, `8cm` or `60%` (of the text
/// width), at most the text width, in millimetres.
pub fn parse_width(given: &str) -> Option<f64> {
    let given = given.trim();
    let (number, factor) = if let Some(n) = given.strip_suffix("mm") {
        (n, 1.0)
    } else if let Some(n) = given.strip_suffix("cm") {
        (n, 10.0)
    } else if let Some(n) = given.strip_suffix('%') {
        (n, TEXT_WIDTH_MM / 100.0)
    } else {
        return None;
    };
    let mm = number.trim().parse::<f64>().ok()? * factor;
    (mm > 0.0 && mm <= TEXT_WIDTH_MM + 0.01).then_some(mm)
}

/// Width of the text block, in millimetres.
pub const TEXT_WIDTH_MM: f64 = 156.0;

/// Size of the text in table cells (四号) in points, and the width of
/// the text block in points (156 mm).
const CELL_SIZE: f64 = 14.0;
const TEXT_WIDTH: f64 = 156.0 / 25.4 * 72.0;
/// Space on either side of a cell's text, in ems.
const CELL_PADDING: f64 = 0.8;

/// The least width (in millimetres) a table needs, when more than the text
/// block has. A column needs room for its longest unbreakable run (a number,
/// a Latin word) and at least two Chinese characters, since a Chinese cell
/// may break between any two; the rest wraps.
fn too_wide(header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> Option<u32> {
    let columns = header.len();
    let mut needed = 0.0;
    for column in 0..columns {
        let widest = std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .filter_map(|row| row.get(column))
            .map(|cell| min_width(&inline_text(cell)))
            .fold(0.0, f64::max);
        needed += widest + CELL_PADDING;
    }
    let points = needed * CELL_SIZE;
    (points > TEXT_WIDTH).then(|| (points / 72.0 * 25.4).ceil() as u32)
}

/// The narrowest a cell's text can be set, in ems.
fn min_width(text: &str) -> f64 {
    let mut longest_run: f64 = 0.0;
    let mut run = 0.0;
    let mut wide = 0.0;
    for c in text.chars() {
        if is_wide(c) {
            wide += 1.0;
            longest_run = longest_run.max(run);
            run = 0.0;
        } else if c.is_whitespace() {
            longest_run = longest_run.max(run);
            run = 0.0;
        } else {
            run += 0.55;
        }
    }
    longest_run.max(run).max(f64::min(wide, 2.0))
}

/// The characters of some inlines.
fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(text) => out.push_str(text),
            Inline::Strong(children) | Inline::Emph(children) => {
                out.push_str(&inline_text(children))
            }
            Inline::LineBreak => out.push(' '),
            Inline::NoteRef(n) => out.push_str(&n.to_string()),
        }
    }
    out
}

/// The inlines of a block, for a footnote's text.
fn plain_inlines(block: Block) -> Vec<Inline> {
    match block {
        Block::Paragraph(inlines) | Block::Heading(inlines) => inlines,
        Block::List { items, .. } => items
            .into_iter()
            .flatten()
            .flat_map(plain_inlines)
            .collect(),
        Block::Quote(blocks) => blocks.into_iter().flat_map(plain_inlines).collect(),
        Block::Notes(notes) => notes.into_iter().flat_map(|(_, i)| i).collect(),
        Block::Figure { caption, .. } => caption,
        Block::Table { header, rows, .. } => header
            .into_iter()
            .chain(rows.into_iter().flatten())
            .flatten()
            .collect(),
    }
}

/// All text below a node, without recursion.
fn flat_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        match &n.data.borrow().value {
            NodeValue::Text(text) => out.push_str(text),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::CodeBlock(code) => out.push_str(&code.literal),
            _ => {}
        }
    }
    out
}

const SOFT_BREAK: &str = "\n";

/// Merges adjacent text and resolves soft line breaks: a line break next to
/// Chinese text vanishes (it is not a word space), elsewhere it is a space.
fn join_soft_breaks(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (merged.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(text)) => prev.push_str(&text),
            (_, inline) => merged.push(inline),
        }
    }
    for inline in &mut merged {
        if let Inline::Text(text) = inline
            && text.contains(SOFT_BREAK)
        {
            *text = resolve_breaks(text);
        }
    }
    merged
}

fn resolve_breaks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c != '\n' {
            out.push(c);
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if !(before.is_some_and(is_wide) || after.is_some_and(is_wide)) {
            out.push(' ');
        }
    }
    out
}

/// Han characters and full-width punctuation, between which no space goes.
pub fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}' | '\u{2014}' | '\u{2026}'
        | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn cjk_emphasis_next_to_punctuation_is_bold() {
        assert_eq!(
            parse("**注意：**正文"),
            vec![Block::Paragraph(vec![
                Inline::Strong(vec![text("注意：")]),
                text("正文")
            ])]
        );
    }

    #[test]
    fn markup_and_html_print_as_themselves() {
        let blocks = parse("#set page(flipped: true) $x$ <script>alert(1)</script> \\*a\\*");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![text(
                "#set page(flipped: true) $x$ <script>alert(1)</script> *a*"
            )])]
        );
    }

    #[test]
    fn soft_breaks_vanish_between_chinese_characters() {
        assert_eq!(
            parse("第一行\n第二行 and\nmore"),
            vec![Block::Paragraph(vec![text("第一行第二行 and more")])]
        );
    }
}
