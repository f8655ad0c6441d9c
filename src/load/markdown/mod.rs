//! Markdown bodies through comrak into the model's own text tree. Raw HTML
//! is not passed through: it becomes text and prints as itself. Whatever
//! does not reach the page as written (a link's address, raw HTML, a
//! thematic break, an image, an unused footnote) is reported as a
//! [`Finding`] at its place, so that nothing is dropped silently.

use std::cell::RefCell;
use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

mod measure;
mod walk;

use walk::Walker;

use crate::diagnostic::rules::{self, Rule};
use crate::model::{Block, Inline};
use crate::zh;

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
        if !(before.is_some_and(zh::joins_lines) || after.is_some_and(zh::joins_lines)) {
            out.push(' ');
        }
    }
    out
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
