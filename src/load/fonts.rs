//! The project's font files: every file under `fonts/` (folders included,
//! hidden names skipped) whose extension names a font. Each is confined
//! like every other project read: a link that leads outside the project, a
//! named pipe or device, or a file over [`MAX_FONT_FILE`] is refused, and
//! `check` reports it at its path. Only the metadata is looked at here, so
//! `check` stays cheap; the font set reads the accepted files once.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{FONTS_DIR, Loader};
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, Span};

/// Largest font file read (a CJK font collection is 20 to 60 MiB).
pub const MAX_FONT_FILE: u64 = 256 * 1024 * 1024;

/// Extensions of the files read as fonts, in lower case.
const EXTENSIONS: [&str; 4] = ["ttf", "otf", "ttc", "otc"];

/// One font file under `fonts/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    /// Its path relative to the project root.
    pub relative: PathBuf,
    /// Whether it may be read.
    pub state: FontState,
}

/// Whether a font file may be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontState {
    /// Yes: its real path, all links resolved.
    Readable(PathBuf),
    /// It (or a folder above it) leads outside the project.
    Outside,
    /// It is not a plain file (a pipe, a device, a dangling link).
    NotAFile,
    /// Its size in bytes is over [`MAX_FONT_FILE`].
    TooLarge(u64),
}

/// The font files of the project at `root`, by path; none when it has no
/// `fonts/` folder.
pub fn font_files(root: &Path) -> Vec<FontFile> {
    let mut found = Vec::new();
    let Ok(real_root) = root.canonicalize() else {
        return found;
    };
    let dir = Path::new(FONTS_DIR);
    if root.join(dir).exists() {
        let mut seen = HashSet::new();
        walk(&real_root, root, dir, &mut seen, &mut found);
    }
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    found
}

fn walk(
    real_root: &Path,
    root: &Path,
    relative: &Path,
    seen: &mut HashSet<PathBuf>,
    found: &mut Vec<FontFile>,
) {
    let Ok(real) = root.join(relative).canonicalize() else {
        return;
    };
    if !real.starts_with(real_root) {
        found.push(FontFile {
            relative: relative.to_owned(),
            state: FontState::Outside,
        });
        return;
    }
    // A link back to a folder above would loop for ever.
    if !seen.insert(real) {
        return;
    }
    let Ok(entries) = fs::read_dir(root.join(relative)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = relative.join(&name);
        let full = root.join(&path);
        // A link to a folder is followed; `walk` confines it.
        if full.is_dir() {
            walk(real_root, root, &path, seen, found);
            continue;
        }
        let is_font = Path::new(&name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if is_font {
            found.push(FontFile {
                state: state(real_root, &full),
                relative: path,
            });
        }
    }
}

fn state(real_root: &Path, path: &Path) -> FontState {
    let Ok(real) = path.canonicalize() else {
        return FontState::NotAFile;
    };
    if !real.starts_with(real_root) {
        return FontState::Outside;
    }
    match fs::metadata(&real) {
        Ok(meta) if meta.is_file() && meta.len() > MAX_FONT_FILE => FontState::TooLarge(meta.len()),
        Ok(meta) if meta.is_file() => FontState::Readable(real),
        _ => FontState::NotAFile,
    }
}

impl Loader<'_> {
    /// Reports the font files under `fonts/` that are not read.
    pub(super) fn check_fonts(&mut self) {
        for file in font_files(&self.project.root) {
            let (rule, message, hint) = match file.state {
                FontState::Readable(_) => continue,
                FontState::Outside => (
                    &rules::E_FILE_OUTSIDE,
                    "字体文件经符号链接指向项目目录之外，未读取".to_owned(),
                    "项目只读取本目录中的文件；请把字体文件复制进 fonts/，而不是链接到别处",
                ),
                FontState::NotAFile => (
                    &rules::E_FILE_NOT_REGULAR,
                    "不是普通的字体文件（而是管道、设备或失效的链接），未读取".to_owned(),
                    "请删去它，或换成字体文件本身",
                ),
                FontState::TooLarge(size) => (
                    &rules::E_FILE_TOO_LARGE,
                    format!("字体文件过大（{size} 字节，上限 {MAX_FONT_FILE} 字节），未读取"),
                    "请检查是否误放了其他文件",
                ),
            };
            let id = self.sources.add(file.relative, String::new());
            self.diagnostics
                .push(Diagnostic::new(rule, Span::file(id), message).with_hint(hint));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_found_in_folders_and_confined() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.ttf"), "font").unwrap();
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        fs::create_dir_all(root.join("fonts/sub")).unwrap();
        fs::write(root.join("fonts/a.TTF"), "font").unwrap();
        fs::write(root.join("fonts/sub/b.otf"), "font").unwrap();
        fs::write(root.join("fonts/LICENSE.txt"), "text").unwrap();
        fs::write(root.join("fonts/.hidden.ttf"), "font").unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.ttf"), root.join("fonts/out.ttf"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("fonts/outdir")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("fonts/zero.ttf")).unwrap();
        std::os::unix::fs::symlink("..", root.join("fonts/sub/up")).unwrap();
        std::os::unix::fs::symlink("gone.ttf", root.join("fonts/dangling.ttf")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("fonts/pipe.ttf"))
            .status()
            .unwrap();
        assert!(made.success());
        let found: Vec<(String, String)> = font_files(root)
            .into_iter()
            .map(|f| {
                let state = match f.state {
                    FontState::Readable(real) => {
                        assert!(real.is_absolute());
                        "readable".into()
                    }
                    other => format!("{other:?}"),
                };
                (f.relative.display().to_string(), state)
            })
            .collect();
        let expected = [
            ("fonts/a.TTF", "readable"),
            ("fonts/dangling.ttf", "NotAFile"),
            ("fonts/out.ttf", "Outside"),
            ("fonts/outdir", "Outside"),
            ("fonts/pipe.ttf", "NotAFile"),
            ("fonts/sub/b.otf", "readable"),
            ("fonts/zero.ttf", "Outside"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(found, expected);
    }
}
