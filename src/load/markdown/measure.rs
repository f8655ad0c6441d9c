//! Measures against the text block: the width a figure is given, and the
//! least width a table needs, so that a table too wide for the page is
//! reported at its place in the Markdown.

use crate::model::Inline;
use crate::page::PAGE;
use crate::zh;

/// A width given for a figure: `80mm`, `8cm` or `60%` (of the text
/// width), at most the text width, in millimetres.
pub(super) fn parse_width(given: &str) -> Option<f64> {
    let given = given.trim();
    let (number, factor) = if let Some(n) = given.strip_suffix("mm") {
        (n, 1.0)
    } else if let Some(n) = given.strip_suffix("cm") {
        (n, 10.0)
    } else if let Some(n) = given.strip_suffix('%') {
        (n, PAGE.text_width_mm / 100.0)
    } else {
        return None;
    };
    let mm = number.trim().parse::<f64>().ok()? * factor;
    (mm > 0.0 && mm <= PAGE.text_width_mm + 0.01).then_some(mm)
}

/// Size of the text in table cells (四号) in points.
const CELL_SIZE: f64 = 14.0;
/// Space on either side of a cell's text, in ems.
const CELL_PADDING: f64 = 0.8;

/// The least width (in millimetres) a table needs, when more than the text
/// block has. A column needs room for its longest unbreakable run (a number,
/// a Latin word) and at least two Chinese characters, since a Chinese cell
/// may break between any two; the rest wraps.
pub(super) fn too_wide(header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> Option<u32> {
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
    (points > PAGE.text_width_pt()).then(|| (points / 72.0 * 25.4).ceil() as u32)
}

/// The narrowest a cell's text can be set, in ems.
fn min_width(text: &str) -> f64 {
    let mut longest_run: f64 = 0.0;
    let mut run = 0.0;
    let mut wide = 0.0;
    for c in text.chars() {
        if zh::columns(c) == 2 {
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
pub(super) fn inline_text(inlines: &[Inline]) -> String {
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
