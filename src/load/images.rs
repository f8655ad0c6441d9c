//! Photos named by items (`![说明](photo.jpg)`): found in the issue folder
//! or the project's `images/` folder and nowhere else, read once here
//! (only `load` reads files), and checked to be a JPEG or PNG of a sane
//! size. Typst and the HTML page get the bytes from the model, never a
//! path to read.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::Loader;
use super::markdown::ImageRef;
use crate::diagnostic::rules::{self, Rule};
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::model::{Image, ImageFormat};

/// The project's folder of shared images.
pub const IMAGES_DIR: &str = "images";
/// Largest image file accepted: a camera's JPEG is a few MiB.
pub const MAX_IMAGE_SIZE: u64 = 20 * 1024 * 1024;
/// Most pixels an image may have (a 50-megapixel camera); more costs
/// memory in every output for no gain in print.
pub const MAX_PIXELS: u64 = 50_000_000;

impl Loader<'_> {
    /// Reads the images an item's body names, reporting each that cannot
    /// be used at its place in the file (the body starts at `body_start`).
    pub(super) fn images(
        &mut self,
        id: FileId,
        dir: &Path,
        body_start: usize,
        refs: &[ImageRef],
    ) -> Vec<Image> {
        let mut images: Vec<Image> = Vec::new();
        for r in refs {
            if images.iter().any(|i| i.written == r.url) {
                continue;
            }
            let span = Span {
                file: id,
                range: body_start + r.range.start..body_start + r.range.end,
            };
            match self.image(dir, &r.url) {
                Ok(image) => images.push(image),
                Err((code, message, hint)) => self
                    .diagnostics
                    .push(Diagnostic::new(code, span, message).with_hint(hint)),
            }
        }
        images
    }

    fn image(&self, dir: &Path, written: &str) -> Result<Image, (&'static Rule, String, String)> {
        let place_hint = format!(
            "图片须放在本期目录（{}）或项目的 {IMAGES_DIR}/ 目录中，写作 ![说明](photo.jpg) 或 ![说明](images/photo.jpg)",
            dir.display()
        );
        let relative = resolve(dir, written).ok_or_else(|| {
            (
                &rules::E_IMAGE_MISSING,
                format!("图片 {written} 不在本项目中，不能使用"),
                place_hint.clone(),
            )
        })?;
        let full = self.project.root.join(&relative);
        // Also through a symbolic link, nothing outside the project.
        let inside = full
            .canonicalize()
            .ok()
            .zip(self.project.root.canonicalize().ok())
            .is_some_and(|(real, root)| real.starts_with(root));
        let metadata = fs::metadata(&full).ok().filter(|m| m.is_file());
        let (Some(metadata), true) = (metadata, inside) else {
            return Err((
                &rules::E_IMAGE_MISSING,
                format!("找不到图片 {}", relative.display()),
                place_hint,
            ));
        };
        if metadata.len() > MAX_IMAGE_SIZE {
            return Err((
                &rules::E_IMAGE_TOO_LARGE,
                format!(
                    "图片 {} 过大（{} 字节，上限 {MAX_IMAGE_SIZE} 字节）",
                    relative.display(),
                    metadata.len()
                ),
                "请先把照片缩小到长边 3000 像素左右（印刷足够清晰）再放入".to_owned(),
            ));
        }
        let bytes = fs::read(&full).map_err(|e| {
            (
                &rules::E_IMAGE_FORMAT,
                format!("无法读取图片 {}（{e}）", relative.display()),
                "请检查文件权限，或重新保存这张图片".to_owned(),
            )
        })?;
        let unreadable = || {
            (
                &rules::E_IMAGE_FORMAT,
                format!("图片 {} 不是可用的 JPEG 或 PNG 文件", relative.display()),
                "请用看图软件把它另存为 JPEG（.jpg）或 PNG（.png）".to_owned(),
            )
        };
        let (format, width, height) = sniff(&bytes).ok_or_else(unreadable)?;
        if width == 0 || height == 0 {
            return Err(unreadable());
        }
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err((
                &rules::E_IMAGE_TOO_LARGE,
                format!("图片 {} 过大（{width}×{height} 像素）", relative.display()),
                "请先把照片缩小到长边 3000 像素左右（印刷足够清晰）再放入".to_owned(),
            ));
        }
        Ok(Image {
            written: written.to_owned(),
            path: relative,
            format,
            width,
            height,
            bytes: Arc::new(bytes),
        })
    }
}

/// The project-relative path of an image as written in an item of the
/// issue folder `dir`: `images/…` is the project's folder, anything else
/// is in the issue folder. `None` for an address (`https://…`), an
/// absolute path or one that climbs out (`..`).
fn resolve(dir: &Path, written: &str) -> Option<PathBuf> {
    if written.is_empty() || written.contains(':') || written.contains('\\') {
        return None;
    }
    let path = Path::new(written.strip_prefix('/').unwrap_or(written));
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    if path.starts_with(IMAGES_DIR) {
        Some(path.to_owned())
    } else if written.starts_with('/') {
        None
    } else {
        Some(dir.join(path))
    }
}

/// The format and size in pixels of a JPEG or PNG as displayed (a JPEG's
/// EXIF orientation 5–8 turns it a quarter, swapping width and height).
pub fn sniff(bytes: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    let (format, width, height, orientation) = header(bytes)?;
    if (5..=8).contains(&orientation) {
        Some((format, height, width))
    } else {
        Some((format, width, height))
    }
}

/// The EXIF orientation (tag 0x0112 of IFD0) of an APP1 segment's data.
fn exif_orientation(data: &[u8]) -> Option<u16> {
    let tiff = data.strip_prefix(b"Exif\0\0")?;
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = [
            *tiff.get(at)?,
            *tiff.get(at + 1)?,
            *tiff.get(at + 2)?,
            *tiff.get(at + 3)?,
        ];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries.min(256))
        .map(|i| ifd + 2 + i * 12)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
}

/// Format, stored size and EXIF orientation (1 when none) of an image.
fn header(bytes: &[u8]) -> Option<(ImageFormat, u32, u32, u16)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let ihdr = bytes.get(12..24)?;
        if &ihdr[..4] != b"IHDR" {
            return None;
        }
        let width = u32::from_be_bytes(ihdr[4..8].try_into().ok()?);
        let height = u32::from_be_bytes(ihdr[8..12].try_into().ok()?);
        return Some((ImageFormat::Png, width, height, 1));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    // Walk the JPEG segments to the frame header (SOF0–SOF15 but DHT,
    // JPG and DAC), which holds the size.
    let mut at = 2;
    let mut orientation = 1;
    loop {
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at + 1)?;
        if bytes.get(at)? != &0xFF {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let height = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]);
            let width = u16::from_be_bytes([*bytes.get(at + 7)?, *bytes.get(at + 8)?]);
            return Some((
                ImageFormat::Jpeg,
                u32::from(width),
                u32::from(height),
                orientation,
            ));
        }
        if marker == 0xE1
            && let Some(found) = bytes.get(at + 4..at + 2 + len).and_then(exif_orientation)
        {
            orientation = found;
        }
        if len < 2 {
            return None;
        }
        at += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_resolve_inside_the_issue_or_the_images_folder_only() {
        let dir = Path::new("bulletins/3");
        assert_eq!(
            resolve(dir, "a.jpg"),
            Some(PathBuf::from("bulletins/3/a.jpg"))
        );
        assert_eq!(
            resolve(dir, "images/a.jpg"),
            Some(PathBuf::from("images/a.jpg"))
        );
        assert_eq!(
            resolve(dir, "/images/a.jpg"),
            Some(PathBuf::from("images/a.jpg"))
        );
        for bad in [
            "../a.jpg",
            "/etc/passwd",
            "https://x.org/a.jpg",
            "C:\\a.jpg",
            "images/../../a",
        ] {
            assert_eq!(resolve(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn sizes_come_from_the_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(sniff(&png), Some((ImageFormat::Png, 640, 480)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01,
            0xE0, 0x02, 0x80,
        ];
        assert_eq!(sniff(&jpeg), Some((ImageFormat::Jpeg, 640, 480)));
        assert_eq!(sniff(b"GIF89a"), None);
        // Stored 480 × 320, EXIF orientation 6: shown 320 × 480.
        let sideways = include_bytes!("../../tests/data/images/sideways.jpg");
        assert_eq!(sniff(sideways), Some((ImageFormat::Jpeg, 320, 480)));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF]), None);
    }
}
