//! `bulletin import`'s library: a Word or WPS file becomes the text of an
//! item and its photos, with the findings of what could not be carried
//! over. The file's first bytes decide what it is ([`sniff`]); `.docx` is
//! read here, within limits ([`package`], [`xml`]); old `.doc`, `.wps`,
//! RTF and HTML go through LibreOffice first when it is installed
//! ([`convert`]). Reading follows mammoth: styles resolved along `basedOn`,
//! numbering counted, fallbacks of alternate content taken, content
//! controls unwrapped, field results kept, insertions kept and deletions
//! dropped, and a finding for everything else.

mod body;
mod convert;
mod doc;
mod drawings;
mod headings;
mod item;
mod lead;
mod package;
mod split;
mod styles;
mod tables;
mod write;
mod xml;

pub use convert::soffice;
pub use doc::{Finding, Photo};
pub use item::{Imported, item};
pub use split::items;

use body::Walker;
use doc::Doc;
use package::Package;

/// Largest file accepted: a report with many photos stays well below.
pub const MAX_INPUT: u64 = 100 * 1024 * 1024;

/// Why a file was not imported, in Chinese, with the fix where there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused(pub String);

impl Refused {
    fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a file is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A ZIP package: `.docx` (or another Office Open XML or ODF file).
    Zip,
    /// An OLE compound file: old `.doc` or Kingsoft `.wps`.
    Ole,
    /// RTF.
    Rtf,
    /// Word 2003 XML (`w:wordDocument`).
    Word2003,
    /// A web page saved with a Word name.
    Html,
    /// Anything else.
    Unknown,
}

/// What `bytes` are, whatever the file is called.
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Kind::Ole;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.starts_with(b"{\\rtf") {
        return Kind::Rtf;
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start();
    if text.starts_with("<?xml") && text.contains("wordDocument".to_ascii_lowercase().as_str()) {
        return Kind::Word2003;
    }
    if text.starts_with("<!doctype html") || text.contains("<html") {
        return Kind::Html;
    }
    Kind::Unknown
}

/// Reads a file to import, refusing one over [`MAX_INPUT`]. The file is
/// the user's, wherever it is, and is only read.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Refused> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Refused::new(format!("无法打开（{e}）")))?;
    let meta = file
        .metadata()
        .map_err(|e| Refused::new(format!("无法读取（{e}）")))?;
    if !meta.is_file() {
        return Err(Refused::new("不是普通文件"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refused::new(format!("无法读取（{e}）")))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Refused::new(format!(
            "文件超过 {} MiB，未导入",
            MAX_INPUT / 1024 / 1024
        )));
    }
    Ok(bytes)
}

/// The bytes of a file as `.docx` (or Word 2003 XML), which [`read`]
/// takes: other formats go through LibreOffice, or are refused with the
/// fix. `extension` is the file's own, a hint for LibreOffice only.
pub fn to_docx(bytes: Vec<u8>, extension: &str) -> Result<Vec<u8>, Refused> {
    match sniff(&bytes) {
        Kind::Zip | Kind::Word2003 => Ok(bytes),
        Kind::Ole => {
            let extension = if matches!(extension, "doc" | "wps" | "dot" | "wpt") {
                extension
            } else {
                "doc"
            };
            convert::to_docx(&bytes, extension, "旧版 Word（.doc）或 WPS（.wps）文件")
        }
        Kind::Rtf => convert::to_docx(&bytes, "rtf", "RTF 文件"),
        Kind::Html => convert::to_docx(&bytes, "html", "网页（HTML）文件"),
        Kind::Unknown => Err(Refused::new(format!(
            "不是 Word 或 WPS 文件，无法识别其格式；请{}",
            convert::INSTALL_HINT
        ))),
    }
}

/// Reads a `.docx` (or Word 2003 XML) into a document.
pub fn read(bytes: &[u8]) -> Result<Doc, Refused> {
    if sniff(bytes) == Kind::Word2003 {
        return read_word2003(bytes);
    }
    let mut package = Package::open(bytes)?;
    let top = package.rels("")?;
    let Some(main) = top
        .values()
        .find(|t| t.kind == "officeDocument" && !t.external)
    else {
        let what = if package.has("mimetype") {
            "这是 OpenDocument（.odt 等）文件，不是 Word 文档"
        } else if package.has("xl/workbook.xml") || package.has("ppt/presentation.xml") {
            "这是 Excel 或 PowerPoint 文件，不是 Word 文档"
        } else {
            "压缩包中没有 Word 文档的正文（word/document.xml）"
        };
        return Err(Refused::new(what));
    };
    let main = main.path.clone();
    let core = top
        .values()
        .find(|t| t.kind == "core-properties")
        .map(|t| t.path.clone());
    let rels = package.rels(&main)?;
    let Some(root) = package.xml(&main)? else {
        return Err(Refused::new(format!("文件中缺少正文“{main}”，可能已损坏")));
    };
    let part = |kind: &str| {
        rels.values()
            .find(|t| t.kind == kind && !t.external)
            .map(|t| t.path.clone())
    };
    let (styles, numbering) = (part("styles"), part("numbering"));
    let (footnotes, endnotes, comments) = (part("footnotes"), part("endnotes"), part("comments"));
    let others: Vec<(String, String)> = rels
        .values()
        .filter(|t| !t.external && matches!(t.kind.as_str(), "header" | "footer" | "fontTable"))
        .map(|t| (t.kind.clone(), t.path.clone()))
        .collect();
    let mut w = Walker::new(&mut package);
    w.rels = rels;
    w.styles = styles::Styles::read(read_part(&mut w, styles)?.as_ref());
    w.numbering = styles::Numbering::read(read_part(&mut w, numbering)?.as_ref());
    for (endnote, part) in [(false, footnotes), (true, endnotes)] {
        if let Some(root) = read_part(&mut w, part)? {
            let mut notes = Vec::new();
            root.find_all(if endnote { "endnote" } else { "footnote" }, &mut notes);
            for note in notes {
                let separator = matches!(note.attr("type"), Some(t) if t != "normal");
                if let (Some(id), false) = (note.attr("id"), separator) {
                    w.note_bodies.insert((endnote, id.to_owned()), clone(note));
                }
            }
        }
    }
    if let Some(root) = read_part(&mut w, comments)? {
        let mut found = Vec::new();
        root.find_all("comment", &mut found);
        for c in found {
            if let Some(id) = c.attr("id") {
                w.comments.insert(id.to_owned(), c.visible_text());
            }
        }
    }
    w.doc.property_title = match core {
        Some(core) => w
            .package
            .xml(&core)?
            .and_then(|r| r.find("title").map(|t| t.text().trim().to_owned())),
        None => None,
    }
    .filter(|t| !t.is_empty());
    let Some(body) = root.find("body") else {
        return Err(Refused::new("正文中没有 w:body，文件可能已损坏"));
    };
    let mut blocks = Vec::new();
    w.blocks(body, &mut blocks, false)?;
    w.doc.blocks = blocks;
    finish(&mut w, &others)?;
    Ok(w.doc)
}

/// The findings about the whole document: changes, comments not placed,
/// headers and footers, embedded fonts.
fn finish(w: &mut Walker<'_, '_>, others: &[(String, String)]) -> Result<(), Refused> {
    if w.inserted + w.deleted > 0 {
        w.whole(format!(
            "修订：保留了 {} 处插入，删去了 {} 处删除（按接受全部修订处理）",
            w.inserted, w.deleted
        ));
    }
    let mut left: Vec<(String, String)> = std::mem::take(&mut w.comments).into_iter().collect();
    left.sort();
    for (_, text) in left {
        w.whole(format!("批注未带入：「{}」", text.trim()));
    }
    let mut texts = Vec::new();
    for (kind, path) in others {
        let Some(root) = w.package.xml(path)? else {
            continue;
        };
        match kind.as_str() {
            "fontTable" => {
                let mut fonts = Vec::new();
                root.find_all("font", &mut fonts);
                for font in fonts {
                    let embedded = font.elements().any(|e| e.local().starts_with("embed"));
                    if embedded {
                        let name = font.attr("name").unwrap_or("");
                        w.whole(format!("嵌入的字体“{name}”未带入（排版用本系列的字体）"));
                    }
                }
            }
            _ => {
                let text = root.visible_text();
                let text = text.trim();
                if !text.is_empty() && !page_number(text) && !texts.contains(&text.to_owned()) {
                    let what = if kind == "header" { "页眉" } else { "页脚" };
                    w.whole(format!("{what}未带入：「{text}」"));
                    texts.push(text.to_owned());
                }
            }
        }
    }
    Ok(())
}

/// Whether a header's or footer's text is only a page number (— 1 —,
/// 第 1 页 共 6 页, - 3 -): the series prints its own, so it is no loss.
fn page_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "—–-/第页共".contains(c))
}

fn read_part(
    w: &mut Walker<'_, '_>,
    part: Option<String>,
) -> Result<Option<xml::Element>, Refused> {
    match part {
        Some(part) => w.package.xml(&part),
        None => Ok(None),
    }
}

/// A copy of an element (notes are read when referenced, out of order).
fn clone(e: &xml::Element) -> xml::Element {
    xml::Element {
        name: e.name.clone(),
        attrs: e.attrs.clone(),
        children: e
            .children
            .iter()
            .map(|c| match c {
                xml::Node::Element(e) => xml::Node::Element(clone(e)),
                xml::Node::Text(t) => xml::Node::Text(t.clone()),
            })
            .collect(),
    }
}

/// Word 2003 XML: one file with the same paragraphs and runs, styles
/// inside; its pictures are not carried over.
fn read_word2003(bytes: &[u8]) -> Result<Doc, Refused> {
    if bytes.len() as u64 > package::MAX_PART {
        return Err(Refused::new("文件过大，未导入"));
    }
    let root = xml::parse(bytes)
        .map_err(|e| Refused::new(format!("Word 2003 XML 文件无法读取（{e:?}）")))?;
    let empty: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    let mut package = Package::open(empty)?;
    let mut w = Walker::new(&mut package);
    w.styles = styles::Styles::read(root.find("styles"));
    let Some(body) = root.find("body") else {
        return Err(Refused::new("Word 2003 XML 文件中没有正文"));
    };
    let mut blocks = Vec::new();
    w.blocks(body, &mut blocks, false)?;
    w.doc.blocks = blocks;
    Ok(w.doc)
}

#[cfg(test)]
mod page_number_tests {
    #[test]
    fn page_numbers_in_footers_are_no_loss() {
        for text in ["— 1 —", "- 12 -", "第 3 页 共 6 页", "3/6", "7"] {
            assert!(super::page_number(text), "{text}");
        }
        for text in ["聊城市创城办", "— —", "2021年3月"] {
            assert!(!super::page_number(text), "{text}");
        }
    }
}
