//! The walk over comrak's tree: each node becomes a block or an inline of
//! the model, or a finding where it does not print as written.

use std::cell::RefCell;
use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue, Sourcepos, TableAlignment};

use super::measure::{parse_width, too_wide};
use super::{Finding, ImageRef, SOFT_BREAK, flat_text, join_soft_breaks, plain_inlines};
use crate::diagnostic::rules::{self, Rule};
use crate::model::{Align, Block, Inline};
use crate::page::PAGE;

/// Walks comrak's tree into the model, keeping what it reports.
pub(super) struct Walker {
    /// Byte offsets where the lines of the text start.
    pub(super) lines: Vec<usize>,
    /// Length of the text.
    pub(super) len: usize,
    /// What does not print as written, as it is met.
    pub(super) findings: RefCell<Vec<Finding>>,
    /// Footnotes by number, as they are met.
    pub(super) notes: RefCell<Vec<(u32, Vec<Inline>)>>,
    /// Images of figures, as they are met.
    pub(super) images: RefCell<Vec<ImageRef>>,
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

    pub(super) fn blocks<'a>(&self, node: &'a AstNode<'a>, depth: usize) -> Vec<Block> {
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
                            "表格太宽：{} 列至少需要 {width} 毫米，版心只有 {} 毫米",
                            header.len(),
                            PAGE.text_width_mm
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
                        &format!(
                            "宽度写在地址后的引号中，如 ![说明](photo.jpg \"80mm\")、\"8cm\" 或 \"60%\"，不超过版心宽 {}mm",
                            PAGE.text_width_mm
                        ),
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
