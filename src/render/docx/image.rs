//! Photos: each embedded once as its own JPEG or PNG bytes, never
//! re-encoded, and drawn inline at the width the PDF gives it.

use std::sync::Arc;

use super::xml::Xml;
use crate::compose::Document;

/// Namespaces of DrawingML.
pub const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
pub const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub const NS_PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";

/// English Metric Units per millimetre.
const EMU_PER_MM: f64 = 36_000.0;

/// A photo of the package.
#[derive(Debug, Clone)]
pub struct Media {
    /// The virtual path the figures name.
    pub path: String,
    /// `image1.jpeg`, … in the document's order.
    pub name: String,
    /// `rIdImage1`, ….
    pub rel_id: String,
    /// Height over width.
    pub aspect: f64,
    /// The file's bytes.
    pub bytes: Arc<Vec<u8>>,
}

/// The document's photos, numbered in its order.
pub fn media(doc: &Document) -> Vec<Media> {
    doc.images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            let extension = if image.mime == "image/png" {
                "png"
            } else {
                "jpeg"
            };
            Media {
                path: image.path.clone(),
                name: format!("image{}.{extension}", i + 1),
                rel_id: format!("rIdImage{}", i + 1),
                aspect: f64::from(image.height) / f64::from(image.width.max(1)),
                bytes: image.bytes.clone(),
            }
        })
        .collect()
}

/// A run holding the photo inline, `width_mm` wide; `id` is the drawing's
/// id, unique in the document (the figure's place in it).
pub fn drawing(xml: &mut Xml, media: &Media, width_mm: f64, alt: &str, id: usize) {
    let cx = (width_mm * EMU_PER_MM).round() as i64;
    let cy = (width_mm * media.aspect * EMU_PER_MM).round() as i64;
    let (cx, cy) = (cx.to_string(), cy.to_string());
    let id = id.to_string();
    let name = format!("图片 {id}");
    xml.open("w:r", &[]);
    xml.open("w:drawing", &[]);
    xml.open(
        "wp:inline",
        &[
            ("distT", "0"),
            ("distB", "0"),
            ("distL", "0"),
            ("distR", "0"),
        ],
    );
    xml.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    xml.empty(
        "wp:effectExtent",
        &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
    );
    xml.empty("wp:docPr", &[("id", &id), ("name", &name), ("descr", alt)]);
    xml.open("wp:cNvGraphicFramePr", &[]);
    xml.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")]);
    xml.close("wp:cNvGraphicFramePr");
    xml.open("a:graphic", &[]);
    xml.open("a:graphicData", &[("uri", NS_PIC)]);
    xml.open("pic:pic", &[]);
    xml.open("pic:nvPicPr", &[]);
    xml.empty("pic:cNvPr", &[("id", &id), ("name", &media.name)]);
    xml.empty("pic:cNvPicPr", &[]);
    xml.close("pic:nvPicPr");
    xml.open("pic:blipFill", &[]);
    xml.empty("a:blip", &[("r:embed", &media.rel_id)]);
    xml.open("a:stretch", &[]);
    xml.empty("a:fillRect", &[]);
    xml.close("a:stretch");
    xml.close("pic:blipFill");
    xml.open("pic:spPr", &[]);
    xml.open("a:xfrm", &[]);
    xml.empty("a:off", &[("x", "0"), ("y", "0")]);
    xml.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    xml.close("a:xfrm");
    xml.open("a:prstGeom", &[("prst", "rect")]);
    xml.empty("a:avLst", &[]);
    xml.close("a:prstGeom");
    xml.close("pic:spPr");
    xml.close("pic:pic");
    xml.close("a:graphicData");
    xml.close("a:graphic");
    xml.close("wp:inline");
    xml.close("w:drawing");
    xml.close("w:r");
}
