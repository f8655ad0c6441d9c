//! An item's ruled tables: heavier rules at top and bottom, the header row
//! in 黑体 repeated on each page, a grid as wide as the text.

use super::body::Body;
use super::props::{Line, Para, Run, border};
use super::{TEXT_WIDTH, xml::Xml};
use crate::compose::InlineData;

const THIN: Line = Line {
    eighths: 4,
    color: "000000",
    space: 0,
};
const THICK: Line = Line {
    eighths: 12,
    color: "000000",
    space: 0,
};

/// Column widths in twips that add up to the text width, each in
/// proportion to its widest cell (a Chinese character counting two).
pub fn widths(columns: usize, cells: impl Iterator<Item = (usize, usize)>) -> Vec<i64> {
    let mut weights = vec![4_i64; columns];
    for (column, width) in cells {
        if let Some(w) = weights.get_mut(column) {
            *w = (*w).max(width as i64);
        }
    }
    let sum: i64 = weights.iter().sum::<i64>().max(1);
    let mut widths: Vec<i64> = weights.iter().map(|w| TEXT_WIDTH * w / sum).collect();
    let rest = TEXT_WIDTH - widths.iter().sum::<i64>();
    if let Some(last) = widths.last_mut() {
        *last += rest;
    }
    widths
}

/// Display width of inline text: two for a wide character, one for others.
fn text_width(inlines: &[InlineData]) -> usize {
    let mut text = String::new();
    crate::compose::collect_inlines(inlines, &mut text);
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// `<w:tblPr>`'s children up to the borders, in the order of `CT_TblPr`.
fn table_props(xml: &mut Xml, borders: [Option<Line>; 6], margin_y: i64, margin_x: i64) {
    xml.open("w:tblPr", &[]);
    xml.empty(
        "w:tblW",
        &[("w:w", &TEXT_WIDTH.to_string()), ("w:type", "dxa")],
    );
    xml.val("w:jc", "center");
    xml.open("w:tblBorders", &[]);
    for (name, line) in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ]
    .into_iter()
    .zip(borders)
    {
        border(xml, name, line);
    }
    xml.close("w:tblBorders");
    // WPS ignores autofit: the grid decides.
    xml.empty("w:tblLayout", &[("w:type", "fixed")]);
    xml.open("w:tblCellMar", &[]);
    let (y, x) = (margin_y.to_string(), margin_x.to_string());
    for (name, value) in [
        ("w:top", &y),
        ("w:left", &x),
        ("w:bottom", &y),
        ("w:right", &x),
    ] {
        xml.empty(name, &[("w:w", value), ("w:type", "dxa")]);
    }
    xml.close("w:tblCellMar");
    xml.close("w:tblPr");
}

fn grid(xml: &mut Xml, widths: &[i64]) {
    xml.open("w:tblGrid", &[]);
    for w in widths {
        xml.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    xml.close("w:tblGrid");
}

fn cell_start(xml: &mut Xml, width: i64, span: usize) {
    xml.open("w:tc", &[]);
    xml.open("w:tcPr", &[]);
    xml.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    if span > 1 {
        xml.val("w:gridSpan", &span.to_string());
    }
    xml.val("w:vAlign", "center");
    xml.close("w:tcPr");
}

/// An item's table.
pub fn table(
    body: &mut Body<'_>,
    aligns: &[&str],
    header: &[Vec<InlineData>],
    rows: &[Vec<Vec<InlineData>>],
) {
    let columns = header.len().max(1);
    let cells = std::iter::once(header)
        .chain(rows.iter().map(Vec::as_slice))
        .flat_map(|row| row.iter().enumerate().map(|(i, c)| (i, text_width(c))));
    let widths = widths(columns, cells);
    body.xml.open("w:tbl", &[]);
    table_props(
        &mut body.xml,
        [
            Some(THICK),
            Some(THIN),
            Some(THICK),
            Some(THIN),
            Some(THIN),
            Some(THIN),
        ],
        // With the 18.2 pt lines, a one-line row is 25.2 pt high, as the
        // PDF's 14 pt line with 0.4 em above and below.
        70,
        112,
    );
    grid(&mut body.xml, &widths);
    let hei = body.fonts().hei.clone();
    for (r, row) in std::iter::once(header)
        .chain(rows.iter().map(Vec::as_slice))
        .enumerate()
    {
        body.xml.open("w:tr", &[]);
        body.xml.open("w:trPr", &[]);
        body.xml.empty("w:cantSplit", &[]);
        if r == 0 {
            // Repeated at the top of each page the table runs onto.
            body.xml.empty("w:tblHeader", &[]);
        }
        body.xml.close("w:trPr");
        for (c, width) in widths.iter().enumerate() {
            cell_start(&mut body.xml, *width, 1);
            let jc = if r == 0 {
                "center"
            } else {
                match aligns.get(c).copied().unwrap_or("left") {
                    "right" => "right",
                    "center" => "center",
                    _ => "left",
                }
            };
            let para = Para {
                style: Some("BulletinTable"),
                jc: Some(jc),
                ..Para::default()
            };
            let run = Run {
                font: (r == 0).then(|| hei.clone()),
                ..Run::default()
            };
            let empty = Vec::new();
            body.text_para(&para, row.get(c).unwrap_or(&empty), &run);
            body.xml.close("w:tc");
        }
        body.xml.close("w:tr");
    }
    body.xml.close("w:tbl");
}
