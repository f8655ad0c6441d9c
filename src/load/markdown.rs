//! Markdown bodies through comrak into the model's own text tree. Raw HTML
//! is not passed through: it becomes text and prints as itself.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

use crate::model::{Block, Inline};

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let arena = Arena::new();
    let mut options = Options::default();
    // CommonMark's flanking rules fail next to Chinese punctuation:
    // `**注意：**正文` must be bold.
    options.extension.cjk_friendly_emphasis = true;
    let root = parse_document(&arena, markdown, &options);
    blocks(root, 0)
}

/// How deep lists, quotes and emphasis may nest before the rest of a
/// subtree is kept as plain text. Real items nest two or three levels;
/// the limit keeps a hostile file (a line of ten thousand `>`) from
/// exhausting the stack.
const MAX_DEPTH: usize = 24;

fn blocks<'a>(node: &'a AstNode<'a>, depth: usize) -> Vec<Block> {
    if depth >= MAX_DEPTH {
        return vec![Block::Paragraph(vec![Inline::Text(flat_text(node))])];
    }
    node.children()
        .filter_map(|n| block(n, depth + 1))
        .collect()
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

fn block<'a>(node: &'a AstNode<'a>, depth: usize) -> Option<Block> {
    let value = node.data.borrow().value.clone();
    Some(match value {
        NodeValue::Paragraph => Block::Paragraph(inlines(node, depth)),
        NodeValue::Heading(_) => Block::Heading(inlines(node, depth)),
        NodeValue::List(list) => Block::List {
            ordered: list.list_type == comrak::nodes::ListType::Ordered,
            items: node.children().map(|n| blocks(n, depth + 1)).collect(),
        },
        NodeValue::BlockQuote => Block::Quote(blocks(node, depth)),
        NodeValue::CodeBlock(code) => {
            Block::Paragraph(vec![Inline::Text(code.literal.trim_end().to_owned())])
        }
        NodeValue::HtmlBlock(html) => {
            Block::Paragraph(vec![Inline::Text(html.literal.trim_end().to_owned())])
        }
        _ => return None,
    })
}

fn inlines<'a>(node: &'a AstNode<'a>, depth: usize) -> Vec<Inline> {
    if depth >= MAX_DEPTH {
        return vec![Inline::Text(flat_text(node))];
    }
    let mut out = Vec::new();
    for child in node.children() {
        inline(child, &mut out, depth + 1);
    }
    join_soft_breaks(out)
}

fn inline<'a>(node: &'a AstNode<'a>, out: &mut Vec<Inline>, depth: usize) {
    if depth >= MAX_DEPTH {
        out.push(Inline::Text(flat_text(node)));
        return;
    }
    let value = node.data.borrow().value.clone();
    match value {
        NodeValue::Text(text) => out.push(Inline::Text(text.to_string())),
        NodeValue::Code(code) => out.push(Inline::Text(code.literal)),
        NodeValue::HtmlInline(html) => out.push(Inline::Text(html)),
        NodeValue::SoftBreak => out.push(Inline::Text(SOFT_BREAK.into())),
        NodeValue::LineBreak => out.push(Inline::LineBreak),
        NodeValue::Strong => out.push(Inline::Strong(inlines(node, depth))),
        NodeValue::Emph => out.push(Inline::Emph(inlines(node, depth))),
        // Links and images print their text; addresses do not belong on paper.
        _ => {
            for child in node.children() {
                inline(child, out, depth + 1);
            }
        }
    }
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
