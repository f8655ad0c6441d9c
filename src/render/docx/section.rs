//! Section properties and the footers: A4, the GB/T 9704 margins, the
//! line grid of 22 lines (28 characters a line come from the body's
//! character spacing), and page numbers `— 1 —` as
//! PAGE fields, at the right on odd pages and at the left on even ones.

use super::props::{Indent, LineRule, Para};
use super::xml::{NS_R, NS_W, Xml};
use super::{LINE_PITCH, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_H, PAGE_W};

/// Relationship ids of the footers.
pub const FOOTER_ODD: &str = "rIdFooterOdd";
pub const FOOTER_EVEN: &str = "rIdFooterEven";
pub const FOOTER_BLANK: &str = "rIdFooterBlank";

/// From the bottom of the page to the bottom of the page number's line:
/// the PDF sets that line 7 mm below the text block, less half the
/// dash's em, and 四号 high.
const FOOTER_DISTANCE: i64 = 1447;

/// Character spacing of the body in twips: 三号 characters 0.25 pt
/// narrower, so that 28 fill the 156 mm line (28 × 15.75 pt = 441 pt of
/// 442.2 pt) and a 29th does not fit.
pub const BODY_TRACKING: i64 = -5;

/// How a section starts and how its pages are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The text: numbered pages from 1.
    Text,
    /// The 版记's own page, on the next page or the next even page (`w:type`
    /// `nextPage`/`evenPage`), unnumbered.
    Banji { even: bool },
}

/// Writes `<w:sectPr>`, children in the order of `CT_SectPr`.
pub fn sect_pr(xml: &mut Xml, section: Section) {
    xml.open("w:sectPr", &[]);
    let (odd, even) = match section {
        Section::Text => (FOOTER_ODD, FOOTER_EVEN),
        Section::Banji { .. } => (FOOTER_BLANK, FOOTER_BLANK),
    };
    xml.empty("w:footerReference", &[("w:type", "default"), ("r:id", odd)]);
    xml.empty("w:footerReference", &[("w:type", "even"), ("r:id", even)]);
    match section {
        Section::Text => {}
        Section::Banji { even } => xml.val("w:type", if even { "evenPage" } else { "nextPage" }),
    }
    xml.empty(
        "w:pgSz",
        &[("w:w", &PAGE_W.to_string()), ("w:h", &PAGE_H.to_string())],
    );
    xml.empty(
        "w:pgMar",
        &[
            ("w:top", &MARGIN_TOP.to_string()),
            ("w:right", &MARGIN_RIGHT.to_string()),
            ("w:bottom", &MARGIN_BOTTOM.to_string()),
            ("w:left", &MARGIN_LEFT.to_string()),
            ("w:header", "851"),
            ("w:footer", &FOOTER_DISTANCE.to_string()),
            ("w:gutter", "0"),
        ],
    );
    if section == Section::Text {
        xml.empty("w:pgNumType", &[("w:fmt", "decimal"), ("w:start", "1")]);
    }
    xml.empty("w:cols", &[("w:space", "425")]);
    // A line grid only. A character grid (`linesAndChars`) with the
    // pitch of 28 characters is narrower than a 三号 character, and
    // LibreOffice then gives every character two cells (14 a line); the
    // body's character spacing gives the 28 instead, in Word and in
    // LibreOffice alike.
    xml.empty(
        "w:docGrid",
        &[
            ("w:type", "lines"),
            ("w:linePitch", &LINE_PITCH.to_string()),
        ],
    );
    xml.close("w:sectPr");
}

/// A footer part: `— PAGE —` at the right (`odd`) or the left, one
/// character in from the edge of the text; `None` for the blank footer
/// of the pages after the text.
pub fn footer(side: Option<bool>) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open("w:ftr", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    xml.open("w:p", &[]);
    let inset = 280;
    let indent = match side {
        Some(true) => Indent {
            right: inset,
            ..Indent::default()
        },
        Some(false) => Indent {
            left: inset,
            ..Indent::default()
        },
        None => Indent::default(),
    };
    Para {
        style: Some("Footer"),
        line: Some(LineRule::Exact(280)),
        indent: Some(indent),
        jc: Some(if side == Some(true) { "right" } else { "left" }),
        ..Para::default()
    }
    .write(&mut xml);
    if side.is_some() {
        let text = |xml: &mut Xml, t: &str| {
            xml.open("w:r", &[]);
            xml.leaf("w:t", &[("xml:space", "preserve")], t);
            xml.close("w:r");
        };
        let field = |xml: &mut Xml, kind: &str| {
            xml.open("w:r", &[]);
            xml.empty("w:fldChar", &[("w:fldCharType", kind)]);
            xml.close("w:r");
        };
        text(&mut xml, "— ");
        field(&mut xml, "begin");
        xml.open("w:r", &[]);
        xml.leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ");
        xml.close("w:r");
        field(&mut xml, "separate");
        text(&mut xml, "1");
        field(&mut xml, "end");
        text(&mut xml, " —");
    }
    xml.close("w:p");
    xml.close("w:ftr");
    xml.finish()
}
