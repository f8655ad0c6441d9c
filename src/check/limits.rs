//! Limits on the printed text, found before anything is typeset: text that
//! would make Typst fail, or cost it more time and memory than a bulletin
//! ever needs. Each limit is far above what a real item has; the figures
//! that chose them are in `scripts/bench-adversarial.sh`.

use crate::compose::{BlockData, Document, InlineData};
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, Sources, Span};
use crate::zh;

/// Most characters in a row with no place to break the line (no space, no
/// Chinese character): a line of them runs off the page anyway. Typst's
/// PDF writer (krilla 0.8) panics on a run of text over 65,535 bytes, which
/// a longer unbreakable run becomes; 1,000 characters are at most 4,000
/// bytes.
pub const MAX_RUN: usize = 1_000;

/// Most characters in one paragraph. Breaking a paragraph into lines costs
/// Typst more than linear time: 1 MiB of `a a a …` in one paragraph took
/// 17.9 s and 3.97 GB, paragraphs of 19,000 characters filling 1 MiB over
/// two minutes. A long paragraph of a bulletin has about 600 characters.
pub const MAX_PARAGRAPH: usize = 5_000;

/// Most printed characters in one item: about 100 pages of Chinese text.
/// The issue's reference item has 600; 1 MiB of Chinese would be 570
/// pages.
pub const MAX_ITEM_CHARS: usize = 60_000;

/// Most blocks in one item, counting every paragraph, heading, list item
/// and quote, nested ones too: 1 MiB of one-letter paragraphs was 15,887
/// pages and 3.6 GB, of quotes nested 24 deep 4.7 GB.
pub const MAX_ITEM_BLOCKS: usize = 3_000;

/// Most printed characters in one issue: about 330 pages.
pub const MAX_ISSUE_CHARS: usize = 200_000;

/// Checks every paragraph of the document: the items', and the series'
/// lines of the masthead and the distribution block (written in
/// `config_file` or the issue's `issue.yaml`).
pub fn document(
    document: &Document,
    sources: &Sources,
    config_file: FileId,
    issue_file: FileId,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let frame = document
        .series
        .masthead
        .iter()
        .chain([&document.series.office])
        .chain(document.distribution.lines.iter().map(|l| &l.text));
    for text in frame {
        if let Some(run) = longest_run(text) {
            let span = [issue_file, config_file]
                .into_iter()
                .map(|file| locate(run, file, sources))
                .find(|span| span.range != (0..0))
                .unwrap_or(Span::file(config_file));
            diagnostics.push(run_too_long(run, span));
            break;
        }
    }
    let mut issue_chars = 0;
    for item in &document.items {
        let mut paragraphs = vec![item.title.clone()];
        let mut blocks = 0;
        for block in &item.blocks {
            collect(block, &mut paragraphs, &mut blocks);
        }
        let chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
        let whole = Span::file(item.file);
        if chars > MAX_ITEM_CHARS || blocks > MAX_ITEM_BLOCKS {
            diagnostics.push(
                Diagnostic::new(
                    &rules::E_LIMIT_PRINTED,
                    whole,
                    format!(
                        "稿件过长（{chars} 字、{blocks} 段，上限 {MAX_ITEM_CHARS} 字、{MAX_ITEM_BLOCKS} 段）"
                    ),
                )
                .with_hint("一篇简报稿件通常不过几页；请检查是否误粘贴了内容，或分成几篇"),
            );
        } else if issue_chars <= MAX_ISSUE_CHARS && issue_chars + chars > MAX_ISSUE_CHARS {
            diagnostics.push(
                Diagnostic::new(
                    &rules::E_LIMIT_PRINTED,
                    whole,
                    format!("本期稿件到这一篇合计超过 {MAX_ISSUE_CHARS} 字"),
                )
                .with_hint("请把部分稿件移到下一期"),
            );
        }
        issue_chars += chars;
        // One diagnostic of each kind per item is enough to act on.
        let mut run_found = false;
        let mut paragraph_found = false;
        for paragraph in &paragraphs {
            if !paragraph_found && paragraph.chars().count() > MAX_PARAGRAPH {
                paragraph_found = true;
                diagnostics.push(
                    Diagnostic::new(
                        &rules::E_LIMIT_PARAGRAPH,
                        locate(paragraph, item.file, sources),
                        format!(
                            "段落过长（{} 字，上限 {MAX_PARAGRAPH} 字）",
                            paragraph.chars().count()
                        ),
                    )
                    .with_hint("请用空行把它分成几段"),
                );
            }
            if !run_found && let Some(run) = longest_run(paragraph) {
                run_found = true;
                diagnostics.push(run_too_long(run, locate(run, item.file, sources)));
            }
        }
    }
    diagnostics
}

fn run_too_long(run: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &rules::E_LIMIT_RUN,
        span,
        format!(
            "有一串文字中间没有空格或汉字，无法换行（{} 个字符，上限 {MAX_RUN} 个）",
            run.chars().count()
        ),
    )
    .with_hint("请检查是否误粘贴了内容；网址、编号等过长时请在适当位置加空格")
}

/// The first run of over [`MAX_RUN`] characters with no break opportunity
/// between them, if any: a conservative reading of Unicode line breaking,
/// where only white space and Chinese, Japanese and Korean letters allow a
/// break (punctuation such as `，` does not, before itself).
fn longest_run(text: &str) -> Option<&str> {
    let mut start = 0;
    let mut count = 0;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            (start, count) = (at + c.len_utf8(), 0);
            continue;
        }
        // A line may break before an ideograph but not always between it
        // and the punctuation after it: it starts a new run.
        if zh::breaks_anywhere(c) {
            (start, count) = (at, 1);
            continue;
        }
        count += 1;
        if count > MAX_RUN {
            let end = text[at..]
                .char_indices()
                .find(|&(_, c)| c.is_whitespace() || zh::breaks_anywhere(c))
                .map_or(text.len(), |(i, _)| at + i);
            return Some(&text[start..end]);
        }
    }
    None
}

/// The paragraphs of a block, counting it and every block inside it.
fn collect(block: &BlockData, out: &mut Vec<String>, count: &mut usize) {
    *count += 1;
    match block {
        BlockData::Par { inlines } | BlockData::Heading { inlines } => {
            let mut text = String::new();
            inline_text(inlines, &mut text);
            out.push(text);
        }
        BlockData::List { items, .. } => {
            *count += items.len();
            items.iter().flatten().for_each(|b| collect(b, out, count))
        }
        BlockData::Quote { blocks } => blocks.iter().for_each(|b| collect(b, out, count)),
        BlockData::Figure { caption, .. } => {
            let mut text = String::new();
            inline_text(caption, &mut text);
            out.push(text);
        }
        BlockData::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                *count += 1;
                let mut text = String::new();
                inline_text(cell, &mut text);
                out.push(text);
            }
        }
        BlockData::Notes { notes } => {
            for note in notes {
                *count += 1;
                let mut text = String::new();
                inline_text(&note.inlines, &mut text);
                out.push(text);
            }
        }
    }
}

fn inline_text(inlines: &[InlineData], out: &mut String) {
    for inline in inlines {
        match inline {
            InlineData::Text { text } => out.push_str(text),
            InlineData::Strong { inlines } | InlineData::Emph { inlines } => {
                inline_text(inlines, out)
            }
            InlineData::Break => out.push('\n'),
            InlineData::Noteref { number } => out.push_str(&number.to_string()),
        }
    }
}

/// Where in its file a stretch of printed text begins: the first place its
/// opening characters are written, or the start of the file.
fn locate(text: &str, file: FileId, sources: &Sources) -> Span {
    let source = &sources.get(file).text;
    let opening: String = text.trim_start().chars().take(16).collect();
    match source.find(&opening).filter(|_| !opening.is_empty()) {
        Some(start) => Span {
            file,
            range: start..start + opening.len(),
        },
        None => Span::file(file),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_without_a_break_are_found() {
        let long = format!("甲 a{}", "，".repeat(MAX_RUN));
        assert_eq!(longest_run(&long), Some(&long[4..]));
        let fine = "一，".repeat(MAX_RUN);
        assert_eq!(longest_run(&fine), None);
        let words = "abc ".repeat(MAX_RUN);
        assert_eq!(longest_run(&words), None);
        let after_ideograph = format!("一{}", "，".repeat(MAX_RUN));
        assert_eq!(
            longest_run(&after_ideograph),
            Some(after_ideograph.as_str())
        );
    }
}
