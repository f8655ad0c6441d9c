//! A document read from Word, written as the Markdown of an item: every
//! character the writer typed prints as itself (Markdown's punctuation is
//! escaped), paragraphs lose the indent Word users type with full-width
//! spaces (the template indents), and what Markdown has no form for is
//! flattened (breaks in table cells and notes become spaces).

use super::doc::{Block, Piece};

/// The Markdown of `blocks`, with `photos` naming each photo's file and
/// `notes` the text of each note.
pub fn markdown(blocks: &[Block], photos: &[String], notes: &[Vec<Piece>]) -> String {
    let mut out = String::new();
    let mut previous_bullet = false;
    for block in blocks {
        let bullet = matches!(block, Block::Para(p) if p.bullet.is_some() && !p.boxed);
        if !out.is_empty() {
            out.push_str(if bullet && previous_bullet {
                "\n"
            } else {
                "\n\n"
            });
        }
        previous_bullet = bullet;
        match block {
            Block::Para(p) => {
                let text = inlines(&trim(&p.pieces), false);
                let line = match (p.heading, p.bullet) {
                    (Some(level), _) => {
                        let plain = escape_line_start(&escape(super::doc::plain(&p.pieces).trim()));
                        format!("{} {}", "#".repeat(usize::from(level.clamp(1, 6))), plain)
                    }
                    (None, Some(level)) => {
                        format!("{}- {text}", "  ".repeat(usize::from(level.min(4))))
                    }
                    (None, None) => text,
                };
                if p.boxed {
                    let quoted: Vec<String> = line.lines().map(|l| format!("> {l}")).collect();
                    out.push_str(&quoted.join("\n"));
                } else {
                    out.push_str(&line);
                }
            }
            Block::Table(rows) => out.push_str(&table(rows)),
            Block::Photo(shown) => {
                if let Some(name) = photos.get(shown.index) {
                    let caption = shown.caption.as_deref().map(escape).unwrap_or_default();
                    match shown.width_mm {
                        Some(mm) => out.push_str(&format!("![{caption}]({name} \"{mm}mm\")")),
                        None => out.push_str(&format!("![{caption}]({name})")),
                    }
                }
            }
        }
    }
    for (i, note) in notes.iter().enumerate() {
        out.push_str(&format!("\n\n[^{}]: {}", i + 1, inlines(&trim(note), true)));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// A GFM table: the first row is the header; short rows are padded.
fn table(rows: &[Vec<Vec<Piece>>]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let line = |row: &[Vec<Piece>]| {
        let mut cells: Vec<String> = row.iter().map(|c| inlines(&trim(c), true)).collect();
        cells.resize(width, String::new());
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(&rows[0])];
    out.push(format!("|{}", " --- |".repeat(width)));
    out.extend(rows[1..].iter().map(|r| line(r)));
    out.join("\n")
}

/// Pieces without the white space (full-width too) around them.
fn trim(pieces: &[Piece]) -> Vec<Piece> {
    let mut pieces = pieces.to_vec();
    let blank = |c: char| c.is_whitespace();
    while let Some(Piece::Break) = pieces.last() {
        pieces.pop();
    }
    if let Some(Piece::Text { text, .. }) = pieces.first_mut() {
        *text = text.trim_start_matches(blank).to_owned();
    }
    if let Some(Piece::Text { text, .. }) = pieces.last_mut() {
        *text = text.trim_end_matches(blank).to_owned();
    }
    pieces
}

/// Inline Markdown of pieces; `flat` puts a space for each line break
/// (in table cells and notes, where Markdown has no break).
fn inlines(pieces: &[Piece], flat: bool) -> String {
    let mut out = String::new();
    let mut line_start = true;
    for piece in pieces {
        match piece {
            Piece::Text { text, bold, italic } => {
                let mut escaped = escape(text);
                if line_start {
                    escaped = escape_line_start(escaped.trim_start());
                }
                let core = escaped.trim();
                if core.is_empty() {
                    out.push_str(if escaped.is_empty() { "" } else { " " });
                    continue;
                }
                let marks = match (bold, italic) {
                    (true, true) => "***",
                    (true, false) => "**",
                    (false, true) => "*",
                    (false, false) => "",
                };
                let lead = &escaped[..escaped.len() - escaped.trim_start().len()];
                let tail = &escaped[escaped.trim_end().len()..];
                out.push_str(&format!("{lead}{marks}{core}{marks}{tail}"));
                line_start = false;
            }
            Piece::Break if flat => out.push(' '),
            Piece::Break => {
                out.push_str("\\\n");
                line_start = true;
            }
            Piece::Note(n) => out.push_str(&format!("[^{n}]")),
            Piece::Sup(text) => out.push_str(&escape(text)),
        }
    }
    out
}

/// Text with Markdown's inline punctuation escaped, and line ends inside
/// it (there should be none) turned into spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '|' | '&' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes what would open a block at the start of a line: `#`, `-`, `+`,
/// `=`, and a number with `.` or `)` (a list).
fn escape_line_start(text: &str) -> String {
    let text = text.trim_start();
    if text.starts_with(['#', '-', '+', '=']) {
        return format!("\\{text}");
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 10 && text[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::Para;

    fn text(s: &str, bold: bool) -> Piece {
        Piece::Text {
            text: s.into(),
            bold,
            italic: false,
        }
    }

    #[test]
    fn markup_is_escaped_and_emphasis_kept() {
        let blocks = vec![
            Block::Para(Para {
                pieces: vec![text("　　1. 注意：", true), text("*不是*强调 <b>", false)],
                ..Para::default()
            }),
            Block::Para(Para {
                pieces: vec![text("一、基本情况", false)],
                heading: Some(1),
                ..Para::default()
            }),
            Block::Table(vec![
                vec![vec![text("a|b", false)], vec![]],
                vec![vec![text("1", false)]],
            ]),
        ];
        assert_eq!(
            markdown(&blocks, &[], &[]),
            "**1\\. 注意：**\\*不是\\*强调 \\<b\\>\n\n# 一、基本情况\n\n| a\\|b |  |\n| --- | --- |\n| 1 |  |\n"
        );
    }
}
