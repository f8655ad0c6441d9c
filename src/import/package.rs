//! The package of a `.docx`: a ZIP archive read through `zip`, within
//! limits that refuse zip bombs (entry count, declared and actual size,
//! compression ratio) and names that escape the package, and the
//! relationships (`_rels/*.rels`) that tie its parts together.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::Refused;
use super::xml;

/// Most entries a package may have; a long report with many photos has a
/// few hundred.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes all entries may declare, uncompressed.
pub const MAX_TOTAL: u64 = 400 * 1024 * 1024;
/// Most bytes of one XML part.
pub const MAX_PART: u64 = 64 * 1024 * 1024;
/// Most bytes of one photo: the limit of `E-IMAGE-TOO-LARGE`.
pub const MAX_IMAGE: u64 = 20 * 1024 * 1024;
/// Highest ratio of uncompressed to compressed size, for entries over
/// 1 MiB. Word's XML compresses about 10 to 1; a zip bomb, by thousands.
pub const MAX_RATIO: u64 = 200;

/// An opened package.
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
}

/// A relationship of a part: where it points, and whether outside the
/// package (a linked picture, a hyperlink).
#[derive(Debug, Clone)]
pub struct Target {
    /// The part's name in the package, or the address when external.
    pub path: String,
    /// Whether it points outside the package.
    pub external: bool,
    /// The relationship type's last word (`styles`, `image`, `header`).
    pub kind: String,
}

impl<'a> Package<'a> {
    /// Opens a package, refusing one with too many entries, too much
    /// declared content, or a name that escapes it.
    pub fn open(bytes: &'a [u8]) -> Result<Self, Refused> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Refused::new(format!("文件已损坏，不是完整的 .docx（ZIP：{e}）")))?;
        if archive.len() > MAX_ENTRIES {
            return Err(Refused::new(format!(
                "压缩包中有 {} 个条目，超过上限 {MAX_ENTRIES}，疑为“压缩炸弹”，未导入",
                archive.len()
            )));
        }
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let entry = archive
                .by_index_raw(i)
                .map_err(|e| Refused::new(format!("文件已损坏（ZIP：{e}）")))?;
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            if entry.enclosed_name().is_none() || name.starts_with('/') || name.contains('\\') {
                return Err(Refused::new(format!(
                    "压缩包中的路径“{}”指向包外，未导入",
                    crate::escape::line(&name)
                )));
            }
            total = total.saturating_add(entry.size());
            let ratio_bad = entry.size() > 1024 * 1024
                && entry.size() / entry.compressed_size().max(1) > MAX_RATIO;
            if ratio_bad {
                return Err(Refused::new(format!(
                    "压缩包中的“{}”压缩比超过 {MAX_RATIO} 倍，疑为“压缩炸弹”，未导入",
                    crate::escape::line(&name)
                )));
            }
        }
        if total > MAX_TOTAL {
            return Err(Refused::new(format!(
                "压缩包解压后共 {} MiB，超过上限 {} MiB，未导入",
                total / 1024 / 1024,
                MAX_TOTAL / 1024 / 1024
            )));
        }
        Ok(Self { archive })
    }

    /// Whether the package has a part of this name.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The bytes of a part, `None` when there is none; refused over
    /// `limit` bytes, whatever the entry declares.
    pub fn part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, Refused> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| Refused::new(format!("无法读取“{name}”（ZIP：{e}）")))?;
        let too_large = || {
            Refused::new(format!(
                "“{name}”解压后超过 {} MiB，未导入",
                limit / 1024 / 1024
            ))
        };
        if entry.size() > limit {
            return Err(too_large());
        }
        let mut bytes = Vec::with_capacity(entry.size().min(limit) as usize);
        entry
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Refused::new(format!("无法读取“{name}”（{e}）")))?;
        if bytes.len() as u64 > limit {
            return Err(too_large());
        }
        Ok(Some(bytes))
    }

    /// A part parsed as XML; `None` when there is none.
    pub fn xml(&mut self, name: &str) -> Result<Option<xml::Element>, Refused> {
        let Some(bytes) = self.part(name, MAX_PART)? else {
            return Ok(None);
        };
        xml::parse(&bytes).map(Some).map_err(|e| match e {
            xml::XmlError::DocType => Refused::new(format!(
                "“{name}”含有 DOCTYPE 声明（可被用于“实体展开炸弹”），Word 文件中不应有，未导入"
            )),
            xml::XmlError::TooDeep => {
                Refused::new(format!("“{name}”的嵌套超过 {} 层，未导入", xml::MAX_DEPTH))
            }
            xml::XmlError::Syntax(why) => {
                Refused::new(format!("“{name}”不是正确的 XML（{why}），文件可能已损坏"))
            }
        })
    }

    /// The relationships of a part, by id: targets resolved against the
    /// part's folder; a target that leaves the package is dropped.
    pub fn rels(&mut self, part: &str) -> Result<HashMap<String, Target>, Refused> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let mut map = HashMap::new();
        let Some(root) = self.xml(&rels_name)? else {
            return Ok(map);
        };
        let mut found = Vec::new();
        root.find_all("Relationship", &mut found);
        for rel in found {
            let (Some(id), Some(target)) = (rel.attr("Id"), rel.attr("Target")) else {
                continue;
            };
            let external = rel.attr("TargetMode") == Some("External");
            let path = if external {
                target.to_owned()
            } else {
                match resolve(dir, target) {
                    Some(path) => path,
                    None => continue,
                }
            };
            let kind = rel
                .attr("Type")
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("");
            let kind = kind.to_owned();
            map.insert(
                id.to_owned(),
                Target {
                    path,
                    external,
                    kind,
                },
            );
        }
        Ok(map)
    }
}

/// A relative target resolved against a folder of the package; `None`
/// when it climbs out of the package.
pub fn resolve(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A package of `entries` empty stored files.
    fn package(entries: usize) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..entries {
            writer.start_file(format!("e{i}"), options).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn too_many_entries_are_refused() {
        assert!(Package::open(&package(3)).is_ok());
        let refused = Package::open(&package(MAX_ENTRIES + 1)).err().unwrap();
        assert!(refused.0.contains("超过上限 10000"), "{}", refused.0);
    }

    #[test]
    fn targets_resolve_inside_the_package_only() {
        assert_eq!(
            resolve("word", "media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(
            resolve("word", "../customXml/x.xml").as_deref(),
            Some("customXml/x.xml")
        );
        assert_eq!(
            resolve("word", "/word/media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(resolve("word", "../../etc/passwd"), None);
    }
}
