//! Tables: each row's cells, their paragraphs joined by line breaks (the
//! Markdown of a table has none, so they become spaces), merged cells split
//! with the merged part left empty, a table in a cell flattened into it,
//! photos in cells moved after the table; each with a finding.

use super::Refused;
use super::body::Walker;
use super::doc::{Block, Piece};
use super::xml::Element;

impl Walker<'_, '_> {
    /// A `w:tbl`.
    pub(super) fn table(&mut self, tbl: &Element, out: &mut Vec<Block>) -> Result<(), Refused> {
        let mut rows = Vec::new();
        let mut merged = false;
        let mut nested = false;
        let mut photos = Vec::new();
        let mut tr_list = Vec::new();
        collect_rows(tbl, &mut tr_list);
        for tr in tr_list {
            let mut row = Vec::new();
            let mut cells = Vec::new();
            collect_cells(tr, &mut cells);
            for tc in cells {
                let tcpr = tc.child("tcPr");
                let span: usize = tcpr
                    .and_then(|p| p.val("gridSpan"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let continued = tcpr
                    .and_then(|p| p.child("vMerge"))
                    .is_some_and(|v| v.attr("val") != Some("restart"));
                merged |= span > 1 || continued;
                let mut blocks = Vec::new();
                if !continued {
                    nested |= tc.elements().any(|e| e.local() == "tbl");
                    let mut inner = Vec::new();
                    self.nested(tc, &mut inner, false)?;
                    blocks = inner;
                }
                let mut cell = Vec::new();
                for block in blocks {
                    match block {
                        Block::Para(p) => {
                            if !cell.is_empty() {
                                cell.push(Piece::Break);
                            }
                            cell.extend(p.pieces);
                        }
                        Block::Photo(..) => {
                            self.here("表格中的图片已移到表格之后");
                            photos.push(block);
                        }
                        Block::Table(inner) => {
                            for inner_cell in inner.into_iter().flatten() {
                                cell.extend(inner_cell);
                                cell.push(Piece::Text {
                                    text: " ".into(),
                                    bold: false,
                                    italic: false,
                                });
                            }
                        }
                    }
                }
                row.push(cell);
                row.extend(std::iter::repeat_n(Vec::new(), span - 1));
            }
            rows.push(row);
        }
        if merged {
            self.here("表格中有合并的单元格：已拆开，合并处留空，请核对");
        }
        if nested {
            self.here("表格中套有表格：内层表格的文字已并入单元格");
        }
        if self.nested == 0 {
            let at = format!("第 {} 段之后的表格", self.paragraphs);
            self.place(&at);
        }
        if !rows.is_empty() {
            out.push(Block::Table(rows));
        }
        out.extend(photos);
        Ok(())
    }
}

/// The rows of a table, through content controls and insertions.
fn collect_rows<'e>(e: &'e Element, out: &mut Vec<&'e Element>) {
    for c in e.elements() {
        match c.local() {
            "tr" => out.push(c),
            "sdt" | "sdtContent" | "customXml" | "ins" => collect_rows(c, out),
            _ => {}
        }
    }
}

/// The cells of a row, through content controls.
fn collect_cells<'e>(e: &'e Element, out: &mut Vec<&'e Element>) {
    for c in e.elements() {
        match c.local() {
            "tc" => out.push(c),
            "sdt" | "sdtContent" | "customXml" => collect_cells(c, out),
            _ => {}
        }
    }
}
