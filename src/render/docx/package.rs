//! The package: the parts, `[Content_Types].xml`, the relationships and
//! the ZIP file around them, with fixed entry times so that the same
//! document gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::xml::Xml;

const NS_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const NS_TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Content types of the parts we write.
pub const CT_DOCUMENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
pub const CT_STYLES: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
pub const CT_SETTINGS: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";
pub const CT_FONTS: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml";
pub const CT_FOOTER: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";
pub const CT_CORE: &str = "application/vnd.openxmlformats-package.core-properties+xml";

/// Relationship types.
pub const REL_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
pub const REL_CORE: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";

/// A relationship type under the officeDocument namespace (`styles`,
/// `footer`, `image`, …).
pub fn rel_type(kind: &str) -> String {
    format!("{REL}/{kind}")
}

/// One part of the package.
pub struct Part {
    /// Its name inside the ZIP file, without a leading slash.
    pub name: String,
    /// Its content type; `None` for a part whose extension has a default
    /// (images, relationships).
    pub content_type: Option<&'static str>,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// One relationship of a `.rels` part.
pub struct Relationship {
    /// `rId1`, …: unique within its part.
    pub id: String,
    /// The full relationship type.
    pub kind: String,
    /// The target, relative to the source part's folder.
    pub target: String,
}

/// A `.rels` part.
pub fn relationships(rels: &[Relationship]) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open("Relationships", &[("xmlns", NS_RELS)]);
    for rel in rels {
        xml.empty(
            "Relationship",
            &[
                ("Id", &rel.id),
                ("Type", &rel.kind),
                ("Target", &rel.target),
            ],
        );
    }
    xml.close("Relationships");
    xml.finish()
}

/// `[Content_Types].xml` for `parts`: a default per extension of the
/// images and relationships, an override for every other part.
fn content_types(parts: &[Part]) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open("Types", &[("xmlns", NS_TYPES)]);
    let mut defaults: Vec<(&str, &str)> = vec![
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
    ];
    for part in parts.iter().filter(|p| p.content_type.is_none()) {
        let extension = part.name.rsplit('.').next().unwrap_or("");
        let kind = match extension {
            "png" => "image/png",
            "jpeg" => "image/jpeg",
            _ => continue,
        };
        if !defaults.iter().any(|(e, _)| *e == extension) {
            defaults.push((extension, kind));
        }
    }
    for (extension, kind) in defaults {
        xml.empty(
            "Default",
            &[("Extension", extension), ("ContentType", kind)],
        );
    }
    for part in parts {
        if let Some(kind) = part.content_type {
            let name = format!("/{}", part.name);
            xml.empty("Override", &[("PartName", &name), ("ContentType", kind)]);
        }
    }
    xml.close("Types");
    xml.finish()
}

/// The ZIP file of `parts`, `[Content_Types].xml` first. Every entry has
/// the same time (the ZIP epoch, 1980-01-01), so the bytes depend on the
/// parts alone.
pub fn zip(parts: &[Part]) -> Result<Vec<u8>, String> {
    let failed = |e: zip::result::ZipError| format!("failed to write the Word file ({e})");
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let types = content_types(parts);
    let all = std::iter::once(("[Content_Types].xml", types.as_slice()))
        .chain(parts.iter().map(|p| (p.name.as_str(), p.bytes.as_slice())));
    for (name, bytes) in all {
        // Photos are compressed already.
        let stored = name.ends_with(".jpeg") || name.ends_with(".png");
        let options = if stored {
            options.compression_method(CompressionMethod::Stored)
        } else {
            options
        };
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(bytes)
            .map_err(|e| format!("failed to write the Word file ({e})"))?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}
