//! The layout of a bulletin project on disk: where the configuration, the
//! issue folders, their items and the project's templates and fonts are.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::IssueNumber;

/// Name of the series configuration file that marks a project's root.
pub const CONFIG_FILE: &str = "bulletin.yaml";
/// Folder holding one subfolder per issue.
pub const ISSUES_DIR: &str = "bulletins";
/// Folder holding the project's own templates.
pub const TEMPLATES_DIR: &str = "templates";
/// Folder holding the project's own fonts.
pub const FONTS_DIR: &str = "fonts";
/// The file of an issue folder that holds its number and date.
pub const ISSUE_FILE: &str = "issue.yaml";

/// A bulletin project on disk.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder that holds `bulletin.yaml`.
    pub root: PathBuf,
}

/// `path` with every link resolved, written plainly where that names the
/// same folder. On Windows `canonicalize` gives a verbatim path
/// (`\\?\C:\简报`, `\\?\UNC\server\share`): people should not have to read
/// that prefix in messages, and a verbatim root never has the plain paths
/// the user types (`-o C:\简报\out`) under it, so outputs inside the project
/// were named in full. The plain form is kept only when it resolves back to
/// the same verbatim path, which rules out the names that only a verbatim
/// path can spell (a trailing dot, `CON`).
fn canonical(path: &Path) -> std::io::Result<PathBuf> {
    let real = path.canonicalize()?;
    #[cfg(windows)]
    {
        let plain = real
            .to_str()
            .and_then(|text| text.strip_prefix(r"\\?\"))
            .and_then(|rest| match rest.strip_prefix(r"UNC\") {
                Some(share) => Some(format!(r"\\{share}")),
                None => (rest.as_bytes().get(1) == Some(&b':')).then(|| rest.to_owned()),
            });
        if let Some(plain) = plain.map(PathBuf::from)
            && plain.canonicalize().is_ok_and(|again| again == real)
        {
            return Ok(plain);
        }
    }
    Ok(real)
}

impl Project {
    /// Finds the project that contains `start`, walking up to `bulletin.yaml`.
    pub fn locate(start: &Path) -> Result<Self> {
        let start = canonical(start).map_err(|e| Error::io("读取", start, e))?;
        start
            .ancestors()
            .find(|dir| dir.join(CONFIG_FILE).is_file())
            .map(|root| Project {
                root: root.to_owned(),
            })
            .ok_or_else(|| {
                Error::Usage(format!(
                    "当前目录不在简报项目中：{} 及其上级目录都没有 {CONFIG_FILE}\n\
                     提示：进入简报项目目录后再运行，或用 `bulletin init` 新建一个 \
                     (not inside a bulletin project)",
                    start.display()
                ))
            })
    }

    /// The issue numbers that have a folder, ascending.
    pub fn issue_numbers(&self) -> Result<Vec<IssueNumber>> {
        let mut numbers: Vec<IssueNumber> =
            self.issue_dirs()?.into_iter().map(|(n, _)| n).collect();
        numbers.dedup();
        Ok(numbers)
    }

    /// Every issue folder with its number, ascending (by year, then regular
    /// issues before 增刊 and 专刊); two folders such as `12` and `012` give
    /// the same number twice.
    pub fn issue_dirs(&self) -> Result<Vec<(IssueNumber, PathBuf)>> {
        let dir = self.root.join(ISSUES_DIR);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("读取", dir, e)),
        };
        let mut dirs: Vec<(IssueNumber, PathBuf)> = entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_dir())
            .filter_map(|entry| {
                let name = entry.file_name().to_str()?.to_owned();
                let number: IssueNumber = name.parse().ok()?;
                Some((number, Path::new(ISSUES_DIR).join(name)))
            })
            .collect();
        dirs.sort();
        Ok(dirs)
    }

    /// The item files of an issue folder (relative to the root), sorted.
    pub fn item_files(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let full = self.root.join(dir);
        let entries = fs::read_dir(&full).map_err(|e| Error::io("读取", dir, e))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .filter_map(|name| name.to_str().map(str::to_owned))
            .filter(|name| name.ends_with(".md") && !name.starts_with('.'))
            .map(|name| dir.join(name))
            .collect();
        files.sort();
        Ok(files)
    }

    /// The folder of an issue, relative to the root.
    pub fn issue_dir(&self, number: IssueNumber) -> PathBuf {
        Path::new(ISSUES_DIR).join(number.to_string())
    }
}
