//! Reading files: every project file the tool reads goes through here —
//! bounded in size, decoded (UTF-8 with or without BOM, CRLF, GBK) and
//! registered in the loader's sources so diagnostics can show its lines.

use std::fs;
use std::path::Path;

use super::{Loader, MAX_FILE_SIZE, TEMPLATES_DIR, text};
use crate::check::rules;
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::error::{Error, Result};

impl Loader<'_> {
    /// is not text (a diagnostic says why).
    pub(super) fn read(&mut self, relative: &Path) -> Result<Option<FileId>> {
        let path = self.project.root.join(relative);
        let size = fs::metadata(&path)
            .map_err(|e| Error::io("读取", relative, e))?
            .len();
        if size > MAX_FILE_SIZE {
            let id = self.sources.add(relative.to_owned(), String::new());
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::E_FILE_TOO_LARGE,
                    Span::file(id),
                    format!("文件过大（{size} 字节，上限 {MAX_FILE_SIZE} 字节）"),
                )
                .with_hint("一篇稿件不应超过 1 MiB；请检查是否误放了其他文件"),
            );
            return Ok(None);
        }
        let bytes = fs::read(&path).map_err(|e| Error::io("读取", relative, e))?;
        Ok(self.decode(relative, &bytes))
    }

    /// Decodes a file's bytes and registers its text. `None` when it is
    /// not text (a diagnostic says why).
    pub(super) fn decode(&mut self, relative: &Path, bytes: &[u8]) -> Option<FileId> {
        match text::decode(relative, bytes) {
            Ok(decoded) => {
                let id = self.sources.add(relative.to_owned(), decoded.text);
                if let Some(encoding) = decoded.legacy {
                    self.diagnostics.push(
                        Diagnostic::new(
                            &rules::W_ENCODING_LEGACY,
                            Span::file(id),
                            format!("文件是 {encoding} 编码，已按 {encoding} 读取"),
                        )
                        .with_hint("请在编辑器中“另存为”UTF-8 编码，便于多人协作"),
                    );
                }
                Some(id)
            }
            Err(not_text) => {
                let id = self.sources.add(relative.to_owned(), String::new());
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::E_ENCODING,
                        Span::file(id),
                        format!(
                            "文件不是文本（第 {} 字节起无法识别为 UTF-8 或 GBK）",
                            not_text.offset
                        ),
                    )
                    .with_hint("请用文本编辑器另存为 UTF-8 编码"),
                );
                None
            }
        }
    }

    /// Reads a project file that may be absent: `None` when it does not
    /// exist or is not text.
    pub(crate) fn read_optional(&mut self, relative: &Path) -> Result<Option<FileId>> {
        if self.project.root.join(relative).is_file() {
            self.read(relative)
        } else {
            Ok(None)
        }
    }

    /// The project's own versions of the templates named, when it has
    /// them: each file name with the file read.
    pub(crate) fn templates(&mut self, names: &[&str]) -> Result<Vec<(String, FileId)>> {
        let mut found = Vec::new();
        for name in names {
            if let Some(id) = self.read_optional(&Path::new(TEMPLATES_DIR).join(name))? {
                found.push(((*name).to_owned(), id));
            }
        }
        Ok(found)
    }
}

/// Reads a file that a template asks for, refusing anything outside the
/// project folder (also through `..` or symbolic links).
pub fn read_confined(root: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    let root = root.canonicalize()?;
    let real = path.canonicalize()?;
    if !real.starts_with(&root) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "outside the project folder",
        ));
    }
    fs::read(real)
}

/// Reads an output file the tool wrote earlier (the archive's manifest);
/// `None` when it does not exist.
pub fn read_output(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("读取", path, e)),
    }
}
