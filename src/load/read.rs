//! Reading files: every project file the tool reads goes through here —
//! bounded in size, decoded (UTF-8 with or without BOM, CRLF, GBK) and
//! registered in the loader's sources so diagnostics can show its lines.

use std::fs;
use std::path::Path;

use super::{Loader, MAX_FILE_SIZE, TEMPLATES_DIR, confine, decode};
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::error::{Error, Result};

impl Loader<'_> {
    /// Reads and decodes a file given relative to the root, confined to
    /// the project and bounded in size. `None` when it is not text (a
    /// diagnostic says why).
    pub(super) fn read(&mut self, relative: &Path) -> Result<Option<FileId>> {
        let path = self.project.root.join(relative);
        let contents = confine::read(&self.project.root, &path, MAX_FILE_SIZE)
            .map_err(|e| Error::io("读取", relative, e))?;
        let (rule, message, hint) = match contents {
            confine::Contents::Bytes(bytes) => return Ok(self.decode(relative, &bytes)),
            confine::Contents::TooLarge(size) => (
                &rules::E_FILE_TOO_LARGE,
                format!("文件过大（{size} 字节，上限 {MAX_FILE_SIZE} 字节）"),
                "一篇稿件不应超过 1 MiB；请检查是否误放了其他文件",
            ),
            confine::Contents::Outside => (
                &rules::E_FILE_OUTSIDE,
                "文件经符号链接指向项目目录之外，未读取".to_owned(),
                "项目只读取本目录中的文件；请把内容复制进来，而不是链接到别处",
            ),
            confine::Contents::NotAFile => (
                &rules::E_FILE_NOT_REGULAR,
                "不是普通文件（而是目录、管道或设备），未读取".to_owned(),
                "请删去它，或换成普通的文本文件",
            ),
        };
        let id = self.sources.add(relative.to_owned(), String::new());
        self.diagnostics
            .push(Diagnostic::new(rule, Span::file(id), message).with_hint(hint));
        Ok(None)
    }

    /// Decodes a file's bytes and registers its text. `None` when it is
    /// not text (a diagnostic says why).
    pub(super) fn decode(&mut self, relative: &Path, bytes: &[u8]) -> Option<FileId> {
        match decode::decode(relative, bytes) {
            Ok(decoded) => {
                let id = self.sources.add(relative.to_owned(), decoded.text);
                if is_text_source(relative) {
                    self.report_invisible(id);
                }
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
                // The text before the bad byte locates it (line and column).
                let at = not_text.before.len();
                let id = self.sources.add(relative.to_owned(), not_text.before);
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::E_ENCODING,
                        Span {
                            file: id,
                            range: at..at,
                        },
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

    /// Reports the characters of a file that print as nothing, each kind
    /// once at its first place with the count of the others: they are
    /// removed before composing (see [`crate::invisible`]).
    fn report_invisible(&mut self, id: FileId) {
        let text = &self.sources.get(id).text;
        let mut found: Vec<(char, usize, usize)> = Vec::new();
        for (at, c) in text.char_indices() {
            if !crate::invisible::is_invisible(c) {
                continue;
            }
            match found.iter_mut().find(|(seen, ..)| *seen == c) {
                Some((_, _, count)) => *count += 1,
                None => found.push((c, at, 1)),
            }
        }
        for (c, at, count) in found {
            let Some(name) = crate::invisible::name(c) else {
                continue;
            };
            let more = if count > 1 {
                format!("，本文件共 {count} 处")
            } else {
                String::new()
            };
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::W_INVISIBLE_CHAR,
                    Span {
                        file: id,
                        range: at..at + c.len_utf8(),
                    },
                    format!("有不可见的{name}（U+{:04X}）{more}，不会印出", c as u32),
                )
                .with_hint("多见于从网页、微信或 Word 复制的文字；已在排版前删去，建议在编辑器中用查找替换删除"),
            );
        }
    }

    /// Reads a project file that may be absent: `None` when it does not
    /// exist or is not text.
    pub(super) fn read_optional(&mut self, relative: &Path) -> Result<Option<FileId>> {
        if self.project.root.join(relative).is_file() {
            self.read(relative)
        } else {
            Ok(None)
        }
    }

    /// The project's own versions of the templates named, when it has
    /// them: each file name with the file read.
    pub(super) fn templates(&mut self, names: &[&str]) -> Result<Vec<(String, FileId)>> {
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
/// project folder (also through `..` or symbolic links), anything that is
/// not a plain file, and anything over [`MAX_TEMPLATE_FILE`].
pub fn read_confined(root: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    let refused = |why: &str| std::io::Error::new(std::io::ErrorKind::PermissionDenied, why);
    match confine::read(root, path, MAX_TEMPLATE_FILE)? {
        confine::Contents::Bytes(bytes) => Ok(bytes),
        confine::Contents::Outside => Err(refused("outside the project folder")),
        confine::Contents::NotAFile => Err(refused("not a plain file")),
        confine::Contents::TooLarge(_) => Err(refused("larger than 64 MiB")),
    }
}

/// Largest file a template may read (an image, say).
pub const MAX_TEMPLATE_FILE: u64 = 64 * 1024 * 1024;

/// Reads an output file the tool wrote earlier (the archive's manifest);
/// `None` when it does not exist.
pub fn read_output(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("读取", path, e)),
    }
}

/// Whether a file is one whose text is printed: an item or a YAML file
/// (templates are code, and keep what they have).
fn is_text_source(relative: &Path) -> bool {
    relative
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "md" | "yaml" | "yml"))
}
