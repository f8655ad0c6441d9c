//! The Word file (`--format docx`): the composed [`Document`] as
//! WordprocessingML that looks like the PDF in Word and WPS — A4, the
//! GB/T 9704 margins and a document grid of 22 lines × 28 characters, the
//! red masthead, the items, page numbers in odd and even footers, the 版记
//! at the foot of the last page.
//!
//! Our own small writer on `zip` and `quick-xml` (see `Cargo.toml`): every
//! element's children are written in schema order (`props.rs` decides the
//! order of paragraph and run properties), IDs come from the document's
//! order (no process-wide counters, so the same document gives the same
//! bytes and any number of threads may write at once), and photos keep
//! their own bytes.

mod banji;
mod body;
mod front;
mod image;
mod package;
mod props;
mod section;
mod styles;
mod table;
mod xml;

use crate::compose::Document;
use package::{Part, Relationship, rel_type};

/// A4 in twips.
const PAGE_W: i64 = 11906;
const PAGE_H: i64 = 16838;
/// Margins in twips: 37 mm top, 35 mm bottom (a 225 mm text block), 28 mm
/// left, 26 mm right (156 mm wide).
const MARGIN_TOP: i64 = 2098;
const MARGIN_BOTTOM: i64 = 1984;
const MARGIN_LEFT: i64 = 1587;
const MARGIN_RIGHT: i64 = 1474;
/// The text width in twips (156 mm).
const TEXT_WIDTH: i64 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// One line slot: 22 of them fill the 225 mm text block (22 × 579 =
/// 12 738 twips; 580 would leave room for 21).
const LINE_PITCH: i64 = 579;
/// 三号 (16 pt) and 四号 (14 pt) in half-points.
const BODY_HALF_POINTS: u32 = 32;
const SMALL_HALF_POINTS: u32 = 28;

/// What the typeset PDF decided, so that the Word file follows it.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Line slots the masthead fills in the PDF; estimated when `None`.
    pub masthead_slots: Option<usize>,
    /// Each item's title as the PDF prints it, line by line (the writer's
    /// lines, long ones balanced); the writer's lines when missing.
    pub title_rows: Vec<Vec<String>>,
    /// The last page of text and the page of the 版记 in the PDF.
    pub banji: Option<(usize, usize)>,
}

/// The Word file of `document`, as bytes.
pub fn write(document: &Document, layout: &Layout) -> Result<Vec<u8>, String> {
    let fonts = &document.series.word_fonts;
    let (body, media) = body::document(document, layout);
    let mut parts = vec![Part {
        name: "word/document.xml".into(),
        content_type: Some(package::CT_DOCUMENT),
        bytes: body,
    }];
    let mut rels = vec![
        rel("rIdStyles", "styles", "styles.xml"),
        rel("rIdSettings", "settings", "settings.xml"),
        rel("rIdFonts", "fontTable", "fontTable.xml"),
        rel(section::FOOTER_ODD, "footer", "footer1.xml"),
        rel(section::FOOTER_EVEN, "footer", "footer2.xml"),
        rel(section::FOOTER_BLANK, "footer", "footer3.xml"),
    ];
    let xml_part = |name: &str, kind, bytes| Part {
        name: format!("word/{name}"),
        content_type: Some(kind),
        bytes,
    };
    parts.push(xml_part(
        "styles.xml",
        package::CT_STYLES,
        styles::styles(fonts),
    ));
    parts.push(xml_part(
        "settings.xml",
        package::CT_SETTINGS,
        styles::settings(),
    ));
    parts.push(xml_part(
        "fontTable.xml",
        package::CT_FONTS,
        styles::font_table(fonts),
    ));
    for (name, side) in [
        ("footer1.xml", Some(true)),
        ("footer2.xml", Some(false)),
        ("footer3.xml", None),
    ] {
        parts.push(xml_part(name, package::CT_FOOTER, section::footer(side)));
    }
    for image in media {
        rels.push(rel(
            &image.rel_id,
            "image",
            &format!("media/{}", image.name),
        ));
        parts.push(Part {
            name: format!("word/media/{}", image.name),
            content_type: None,
            bytes: image.bytes.to_vec(),
        });
    }
    parts.push(Part {
        name: "word/_rels/document.xml.rels".into(),
        content_type: None,
        bytes: package::relationships(&rels),
    });
    parts.push(Part {
        name: "docProps/core.xml".into(),
        content_type: Some(package::CT_CORE),
        bytes: core(document),
    });
    parts.push(Part {
        name: "_rels/.rels".into(),
        content_type: None,
        bytes: package::relationships(&[
            Relationship {
                id: "rIdDocument".into(),
                kind: package::REL_DOCUMENT.into(),
                target: "word/document.xml".into(),
            },
            Relationship {
                id: "rIdCore".into(),
                kind: package::REL_CORE.into(),
                target: "docProps/core.xml".into(),
            },
        ]),
    });
    package::zip(&parts)
}

fn rel(id: &str, kind: &str, target: &str) -> Relationship {
    Relationship {
        id: id.into(),
        kind: rel_type(kind),
        target: target.into(),
    }
}

/// `docProps/core.xml`: title and author, and no time stamps.
fn core(document: &Document) -> Vec<u8> {
    let mut xml = xml::Xml::new();
    xml.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    let title = format!("{} {}", document.series.title, document.issue.label);
    xml.leaf("dc:title", &[], &title);
    xml.leaf("dc:creator", &[], &document.series.office);
    xml.leaf("dc:language", &[], "zh-CN");
    xml.close("cp:coreProperties");
    xml.finish()
}
