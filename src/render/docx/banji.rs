//! The 版记: 报/送/发 lines, 责任编辑, 共印 N 份 and the 印发 line in 四号,
//! one character in from each side, between a rule at the top and one at
//! the bottom (0.35 mm) with thin rules (0.25 mm) between them; a frame as
//! wide as the text at the foot of the text block, which Word, WPS and
//! LibreOffice all keep there.

use super::TEXT_WIDTH;
use super::body::Body;
use super::props::{Indent, Line, LineRule, Para, Run};
use super::section::{self, Section};
use crate::model::Mark;

/// One character of 四号, in twips.
const CHAR: i64 = 280;
/// Where the text after 报： starts: three characters in.
const LABEL: i64 = 3 * CHAR;

const OUTER: Line = Line {
    eighths: 8,
    color: "000000",
    space: 3,
};
const INNER: Line = Line {
    eighths: 6,
    color: "000000",
    space: 3,
};

/// The 版记 and the sections: under the text when the PDF has it on the
/// last page of text, otherwise in a section of its own that starts on
/// the next (even) page and numbers no page.
pub fn with_sections(body: &mut Body<'_>, plan: Option<(usize, usize)>) {
    let own_page = plan.is_some_and(|(end, banji)| banji > end);
    if own_page {
        // A paragraph too small to move to a page of its own ends the
        // text's section.
        tiny(body, Some(Section::Text));
    }
    banji(body);
    tiny(body, None);
    let last = if own_page {
        Section::Banji {
            even: !body.doc().series.single_sided,
        }
    } else {
        Section::Text
    };
    section::sect_pr(&mut body.xml, last);
}

/// A paragraph of next to no height, off the grid, that may end a
/// section.
fn tiny(body: &mut Body<'_>, ends: Option<Section>) {
    let para = Para {
        snap_to_grid: Some(false),
        before: Some(0),
        after: Some(0),
        line: Some(LineRule::Exact(10)),
        indent: Some(Indent::default()),
        mark: Some(Run {
            size: Some(2),
            ..Run::default()
        }),
        section: ends,
        ..Para::default()
    };
    body.xml.open("w:p", &[]);
    para.write(&mut body.xml);
    body.xml.close("w:p");
}

/// Writes the 版记's paragraphs, if it has any.
fn banji(body: &mut Body<'_>) {
    let d = &body.doc().distribution;
    // Each row: its text, its indent and alignment.
    let mut rows: Vec<(String, Indent, &str)> = Vec::new();
    let across = Indent {
        left: CHAR,
        right: CHAR,
        ..Indent::default()
    };
    for line in &d.lines {
        let indent = Indent {
            left: LABEL,
            right: CHAR,
            first: -(LABEL - CHAR),
            ..Indent::default()
        };
        // 报： is two characters from one in: the text after it starts
        // three in, where its next lines start.
        rows.push((format!("{}：{}", line.label, line.text), indent, "both"));
    }
    if !d.editors.is_empty() {
        rows.push((d.editors.clone(), across, "left"));
    }
    if !d.copies.is_empty() {
        rows.push((d.copies.clone(), across, "right"));
    }
    if !d.issued.is_empty() {
        rows.push((format!("{}\t{}", d.issuer, d.issued), across, "left"));
    }
    let last = rows.len().saturating_sub(1);
    for (i, (text, indent, jc)) in rows.into_iter().enumerate() {
        let tabs = if text.contains('\t') {
            vec![("right", TEXT_WIDTH - CHAR)]
        } else {
            Vec::new()
        };
        let para = Para {
            style: Some("BulletinBanji"),
            foot_frame: true,
            border_top: (i == 0).then_some(OUTER),
            border_bottom: Some(if i == last { OUTER } else { INNER }),
            // The 印发 date at the right.
            tabs,
            before: Some(if i == 0 { 0 } else { 70 }),
            indent: Some(indent),
            jc: Some(jc),
            ..Para::default()
        };
        let mark = (i == 0).then_some(Mark::End);
        body.marked_para(&para, &[(&text, Run::default())], mark);
    }
}
