//! Files in an issue folder that are not part of the issue. Every file
//! there is an item (`.md`), `issue.yaml`, an image an item names, or a
//! warning that names it: a `.docx` or `.md.txt` left beside the items
//! would otherwise be missing from the print without a word.

use std::fs;
use std::path::{Path, PathBuf};

use super::Loader;
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, Span};
use crate::error::{Error, Result};

/// Image files an item may name (`![说明](photo.jpg)`).
const IMAGE_EXTENSIONS: [&str; 3] = ["jpg", "jpeg", "png"];

impl Loader<'_> {
    /// Warns about each file of the issue folder `dir` that is neither an
    /// item in `items`, `issue.yaml`, nor an image named in an item's text.
    /// Hidden files (`.DS_Store`) and subfolders are left alone.
    pub(super) fn stray_files(&mut self, dir: &Path, items: &[PathBuf]) -> Result<()> {
        let full = self.project.root.join(dir);
        let entries = fs::read_dir(&full).map_err(|e| Error::io("读取", dir, e))?;
        // Subfolders are the writer's own (drafts, a shell's working
        // folder); only files beside the items could be meant as items.
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter(|name| !name.starts_with('.') && name != "issue.yaml")
            .filter(|name| !items.iter().any(|i| i.file_name() == Some(name.as_ref())))
            .collect();
        names.sort();
        for name in names {
            if self.image_named_by(items, &name) {
                continue;
            }
            let id = self.sources.add(dir.join(&name), String::new());
            let message = format!("本期目录中的文件 {name} 不是稿件，不会排入本期");
            self.diagnostics.push(
                Diagnostic::new(&rules::W_FILE_IGNORED, Span::file(id), message)
                    .with_hint(hint(&name)),
            );
        }
        Ok(())
    }

    /// Whether `name` is an image file that one of the items names.
    fn image_named_by(&self, items: &[PathBuf], name: &str) -> bool {
        let is_image = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        is_image
            && items.iter().any(|item| {
                self.sources
                    .find(item)
                    .is_some_and(|id| self.sources.get(id).text.contains(name))
            })
    }
}

/// How to make a stray file an item, by its name.
fn hint(name: &str) -> String {
    let lower = name.to_lowercase();
    let stem = name.split('.').next().unwrap_or(name);
    if lower.ends_with(".md") || lower.ends_with(".md.txt") || lower.ends_with(".txt") {
        format!("请另存为 .md：把文件名改为 {stem}.md（扩展名小写）")
    } else if [".docx", ".doc", ".wps"].iter().any(|e| lower.ends_with(e)) {
        format!(
            "请另存为 .md：Word/WPS 文件不能直接排版，请把正文复制到 {stem}.md 中，\
             加上 YAML 信息块；原文件请移出本期目录"
        )
    } else {
        "稿件须为 .md 文件；不属于本期的文件请移出本期目录".to_owned()
    }
}
