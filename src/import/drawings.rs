//! Pictures, shapes and embedded objects of a run: DrawingML pictures
//! (`a:blip`) and VML ones (`v:imagedata`) become photos; linked pictures,
//! charts, SmartArt, shapes and OLE objects become findings; the text of
//! text boxes is carried over as quotations, and marked.

use super::Refused;
use super::body::Walker;
use super::doc::{Block, Photo, Shown};
use super::package::MAX_IMAGE;
use super::xml::Element;

/// A photo shown narrower than this many millimetres keeps its width; the
/// text block is 156 mm wide.
const NARROWER_THAN_MM: u64 = 155;

/// Most pixels of a photo: the limit of `E-IMAGE-TOO-LARGE`.
const MAX_PIXELS: u64 = 50_000_000;

/// A `w:drawing`.
pub fn drawing(w: &mut Walker<'_, '_>, e: &Element, after: &mut Vec<Block>) -> Result<(), Refused> {
    let mut blips = Vec::new();
    e.find_all("blip", &mut blips);
    // The width it is shown at (EMU: 36 000 a millimetre), when narrower
    // than the text block.
    let width_mm = e
        .find("extent")
        .and_then(|x| x.attr("cx"))
        .and_then(|cx| cx.parse::<u64>().ok())
        .map(|cx| (cx + 18_000) / 36_000)
        .filter(|&mm| (1..NARROWER_THAN_MM).contains(&mm))
        .and_then(|mm| u32::try_from(mm).ok());
    for blip in &blips {
        match (blip.attr("embed"), blip.attr("link")) {
            (Some(id), _) if !id.is_empty() => picture(w, id, width_mm, after)?,
            (_, Some(_)) => {
                w.here("链接（未嵌入）的图片未带入：请在 Word 中把图片嵌入文档，或单独提供图片文件")
            }
            _ => {}
        }
    }
    let uri = e
        .find("graphicData")
        .and_then(|g| g.attr("uri"))
        .unwrap_or("");
    if uri.ends_with("/chart") {
        w.here("图表未带入：请在 Word 中把图表另存为图片后插入");
    } else if uri.ends_with("/diagram") {
        w.here("SmartArt 图形未带入");
    }
    let boxes = text_boxes(w, e, after)?;
    if blips.is_empty()
        && boxes == 0
        && !uri.ends_with("/chart")
        && !uri.ends_with("/diagram")
        && !uri.ends_with("/picture")
    {
        w.here("图形（形状、艺术字等）未带入");
    }
    Ok(())
}

/// A VML `w:pict`: its pictures and text boxes.
pub fn pict(w: &mut Walker<'_, '_>, e: &Element, after: &mut Vec<Block>) -> Result<(), Refused> {
    let mut images = Vec::new();
    e.find_all("imagedata", &mut images);
    for image in &images {
        // Word 2003 XML keeps the picture inside the `w:pict`, in base64.
        let inline = image.attr("src").and_then(|src| {
            e.elements()
                .find(|b| b.local() == "binData" && b.attr("name") == Some(src))
        });
        match image.attr("id").filter(|id| !id.is_empty()) {
            Some(id) => picture(w, id, None, after)?,
            None if inline.is_some() => {
                let text: String = inline
                    .map(|b| b.text())
                    .unwrap_or_default()
                    .split_ascii_whitespace()
                    .collect();
                match base64::Engine::decode(&base64::engine::general_purpose::STANDARD, text) {
                    Ok(bytes) if bytes.len() as u64 <= MAX_IMAGE => {
                        photo(w, bytes, "", None, after)
                    }
                    Ok(_) => w.here(format!(
                        "图片超过 {} MiB，未带入：请压缩后单独插入",
                        MAX_IMAGE / 1024 / 1024
                    )),
                    Err(_) => w.here("图片的数据无效（文件可能已损坏），未带入"),
                }
            }
            None if image.attr("href").is_some() => {
                w.here("链接（未嵌入）的图片未带入：请在 Word 中把图片嵌入文档，或单独提供图片文件")
            }
            None => {}
        }
    }
    let boxes = text_boxes(w, e, after)?;
    if images.is_empty() && boxes == 0 {
        w.here("图形（形状、艺术字等）未带入");
    }
    Ok(())
}

/// A `w:object`: an OLE object (an embedded spreadsheet, an equation).
pub fn object(w: &mut Walker<'_, '_>, e: &Element) {
    let program = e
        .find("OLEObject")
        .and_then(|o| o.attr("ProgID"))
        .unwrap_or("");
    if program.starts_with("Equation") {
        w.here("公式（公式编辑器对象）未带入");
    } else if program.is_empty() {
        w.here("嵌入对象（OLE）未带入");
    } else {
        w.here(format!("嵌入对象（{program}）未带入"));
    }
}

/// The text boxes below `e`: their paragraphs as quotations after the
/// paragraph, each with a finding. Returns how many there were.
fn text_boxes(
    w: &mut Walker<'_, '_>,
    e: &Element,
    after: &mut Vec<Block>,
) -> Result<usize, Refused> {
    let mut boxes = Vec::new();
    e.find_all("txbxContent", &mut boxes);
    for content in &boxes {
        let mut blocks = Vec::new();
        w.nested(content, &mut blocks, true)?;
        if !blocks.is_empty() {
            w.here("文本框：其中的文字已带入，作为引用段落放在本段之后，请核对位置");
        }
        after.extend(blocks);
    }
    Ok(boxes.len())
}

/// An embedded picture, by relationship id: a photo when it is a JPEG or
/// PNG of a sane size, a finding otherwise.
fn picture(
    w: &mut Walker<'_, '_>,
    id: &str,
    width_mm: Option<u32>,
    after: &mut Vec<Block>,
) -> Result<(), Refused> {
    let Some(target) = w.rels.get(id).cloned() else {
        w.here("图片的引用无效（文件可能已损坏），未带入");
        return Ok(());
    };
    if target.external {
        w.here("链接（未嵌入）的图片未带入：请在 Word 中把图片嵌入文档，或单独提供图片文件");
        return Ok(());
    }
    let bytes = match w.package.part(&target.path, MAX_IMAGE) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            w.here("图片在文件中找不到，未带入");
            return Ok(());
        }
        Err(_) => {
            w.here(format!(
                "图片超过 {} MiB，未带入：请压缩后单独插入",
                MAX_IMAGE / 1024 / 1024
            ));
            return Ok(());
        }
    };
    let name = target.path.rsplit('/').next().unwrap_or("");
    photo(w, bytes, &format!(" {name}"), width_mm, after);
    Ok(())
}

/// A picture's bytes as a photo when it is a JPEG or PNG of a sane size,
/// a finding otherwise; `name` names it in the finding.
fn photo(
    w: &mut Walker<'_, '_>,
    bytes: Vec<u8>,
    name: &str,
    width_mm: Option<u32>,
    after: &mut Vec<Block>,
) {
    let Some((format, width, height)) = crate::load::image_header(&bytes) else {
        w.here(format!(
            "图片{name} 不是 JPEG 或 PNG，未带入：请另存为 JPG 或 PNG 后插入"
        ));
        return;
    };
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        w.here(format!(
            "图片 {width}×{height} 像素，超过 5000 万像素，未带入"
        ));
        return;
    }
    let (extension, _) = format.names();
    // The same picture used twice is one photo.
    let index = match w.doc.photos.iter().position(|p| p.bytes == bytes) {
        Some(index) => index,
        None => {
            w.doc.photos.push(Photo { extension, bytes });
            w.doc.photos.len() - 1
        }
    };
    after.push(Block::Photo(Shown {
        index,
        caption: None,
        width_mm,
    }));
}
