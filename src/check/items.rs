//! Rules on items as a whole: an item that prints nothing of its own, two
//! items of an issue with the same headline, and an inspection whose body
//! opens with the lead paragraph that is already composed from its fields
//! (a writer who pasted the full text would see it printed twice).

use std::collections::BTreeSet;

use super::dates::first_paragraph;
use crate::compose;
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, Sources, Span};
use crate::model::{Issue, Item, SeriesConfig};

/// Checks the items of an issue.
pub fn issue(config: &SeriesConfig, issue: &Issue, sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: Vec<(String, &Item)> = Vec::new();
    for item in &issue.items {
        empty(item, sources, &mut out);
        lead_repeated(config, item, sources, &mut out);
        let title = compose::title(config, item);
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == title) {
            out.push(
                Diagnostic::new(
                    &rules::W_TITLE_DUPLICATE,
                    title_span(item),
                    format!(
                        "标题“{title}”与 {} 的标题相同",
                        sources.get(first.file).path.display()
                    ),
                )
                .with_hint(
                    "本期要目中会出现两条相同的标题：请核对是否重复放入了同一篇稿件，或修改标题",
                ),
            );
        } else {
            seen.push((title, item));
        }
    }
    out
}

/// Where an item's title comes from: `title`, or the inspection's leader.
fn title_span(item: &Item) -> Span {
    match (&item.title, &item.inspection) {
        (Some(title), _) => title.span.clone(),
        (None, Some(inspection)) => inspection.leader.span.clone(),
        (None, None) => Span::file(item.file),
    }
}

/// An item with no body: a plain item prints only its title; an
/// inspection without sites prints only its lead and remarks.
fn empty(item: &Item, sources: &Sources, out: &mut Vec<Diagnostic>) {
    if !item.body.is_empty() {
        return;
    }
    let (message, hint) = match &item.inspection {
        None => (
            "稿件没有正文，只会印出标题",
            "请在信息块结束的 --- 之后写正文",
        ),
        Some(inspection) if inspection.sites.is_empty() => (
            "督导稿件既没有正文，也没有 sites（督导地点），只会印出导语",
            "请在 sites 中写明督导地点，如 sites: [柳园社区]，或在 --- 之后写正文",
        ),
        Some(_) => return,
    };
    // At the `---` that closes the front matter, where the body would go.
    let file = sources.get(item.file);
    let (line, _) = file.line_col(item.body_range.start.saturating_sub(1));
    let range = file.line_range(line);
    out.push(
        Diagnostic::new(
            &rules::W_ITEM_EMPTY,
            Span {
                file: item.file,
                range,
            },
            message,
        )
        .with_hint(hint),
    );
}

/// The first paragraph of an inspection's body, when it repeats the
/// composed lead: it contains the lead's first sentence, or shares most of
/// its pairs of characters (a pasted lead with a word changed).
fn lead_repeated(config: &SeriesConfig, item: &Item, sources: &Sources, out: &mut Vec<Diagnostic>) {
    let Some(lead) = compose::lead(config, item) else {
        return;
    };
    let Some(body) = sources.get(item.file).text.get(item.body_range.clone()) else {
        return;
    };
    if body.trim().is_empty() {
        return;
    }
    let first = first_paragraph(body);
    let paragraph: String = body[first.clone()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let sentence = lead.split_inclusive('。').next().unwrap_or(&lead);
    let repeats = paragraph.contains(sentence) || similarity(&paragraph, &lead) >= 0.6;
    if !repeats {
        return;
    }
    let text = &body[first.clone()];
    let start = item.body_range.start + first.start + (text.len() - text.trim_start().len());
    let end = item.body_range.start + first.start + text.trim_end().len();
    out.push(
        Diagnostic::new(
            &rules::W_LEAD_REPEATED,
            Span {
                file: item.file,
                range: start..end.max(start),
            },
            "正文第一段与自动生成的导语重复，会印出两遍",
        )
        .with_hint(format!(
            "督导稿件的导语由信息块自动生成：“{lead}”；请删去正文中的这一段"
        )),
    );
}

/// Dice's coefficient of the character pairs of two texts, from 0 to 1.
fn similarity(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> BTreeSet<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (pairs(a), pairs(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_of_a_lead_with_a_word_changed_is_high() {
        let lead = "3月16日，市政协主席张旋宇带领督导组到第一网格督导创城工作。";
        let pasted = "3月16日上午，市政协主席张旋宇带领督导组到第一网格督导创城工作。";
        assert!(similarity(pasted, lead) > 0.8);
        assert!(similarity("张旋宇一行先后到柳园社区检查。", lead) < 0.4);
    }
}
