//! `bulletin import`: Word and WPS files become items of an issue, one
//! item per file, with their photos, and a report of what could not be
//! carried over. Nothing is overwritten.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::import::{self, Finding, Imported};
use crate::load::{Loader, Project};
use crate::model::{Date, IssueNumber, SeriesConfig};
use crate::{output, pipeline, scaffold};

/// Arguments of `bulletin import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Word 或 WPS 文件：.docx，旧版 .doc、.wps、RTF 需安装 LibreOffice (Word/WPS files)
    #[arg(value_name = "文件", required = true)]
    files: Vec<PathBuf>,
    /// 导入到哪一期，默认最新一期 (issue, by default the latest)
    #[arg(long, value_name = "期号", value_parser = super::issue_number)]
    issue: Option<IssueNumber>,
}

/// Checked options of `bulletin import`.
struct Options {
    files: Vec<PathBuf>,
    issue: IssueNumber,
    date: Date,
}

impl Args {
    fn check(self, project: &Project) -> Result<Options> {
        let dirs = project.issue_dirs()?;
        let (issue, dir) = match self.issue {
            Some(number) => (number, project.issue_dir(number)),
            None => dirs.last().cloned().ok_or_else(|| {
                Error::Usage("项目中还没有任何一期；请先运行 bulletin new".into())
            })?,
        };
        if !project.root.join(&dir).is_dir() {
            return Err(Error::Usage(format!(
                "没有{}：找不到目录 {}\n提示：先运行 bulletin new",
                issue.label(),
                dir.display()
            )));
        }
        let date = Loader::new(project)
            .issue_header_only(issue, &dir)
            .map(|h| h.date.value)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{} 的 issue.yaml 有错误；请先运行 bulletin check {issue}",
                    issue.label()
                ))
            })?;
        Ok(Options {
            files: self.files,
            issue,
            date,
        })
    }
}

/// Runs `bulletin import`.
pub fn run(args: Args) -> Result<()> {
    let project = super::project()?;
    let config = pipeline::config(&project)?;
    let options = args.check(&project)?;
    let cwd = std::env::current_dir().map_err(|e| Error::io("读取", ".", e))?;
    let mut failed = 0;
    for file in &options.files {
        let shown = crate::escape::line(&file.display().to_string()).into_owned();
        match read(&cwd.join(file), &config, options.date) {
            Ok(items) => {
                let many = items.len() > 1;
                let mut refused = false;
                for (k, imported) in items.iter().enumerate() {
                    let shown = if many {
                        format!("{shown}（第{}篇）", k + 1)
                    } else {
                        shown.clone()
                    };
                    match write(&project, options.issue, imported) {
                        Ok(paths) => report(&shown, imported, &paths),
                        Err(why) => {
                            refused = true;
                            eprintln!("错误 (error): {shown}：{}", crate::escape::lines(&why));
                        }
                    }
                }
                failed += usize::from(refused);
            }
            Err(why) => {
                failed += 1;
                eprintln!("错误 (error): {shown}：{}", crate::escape::lines(&why));
            }
        }
    }
    if failed > 0 {
        return Err(Error::Refused {
            failed,
            total: options.files.len(),
        });
    }
    eprintln!("编辑后运行 bulletin check {} 检查", options.issue);
    Ok(())
}

/// Reads one file into its items (one, or each item of a Word file that
/// `bulletin` wrote), behind the panic boundary: a panic in a parser is
/// that file's error, not the end of the run.
fn read(
    path: &Path,
    config: &SeriesConfig,
    date: Date,
) -> std::result::Result<Vec<Imported>, String> {
    let bytes = import::read_file(path).map_err(|r| r.0)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let fallback = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = crate::render::typst::panic_boundary(
        || -> std::result::Result<Vec<Imported>, import::Refused> {
            let docx = import::to_docx(bytes, &extension)?;
            let doc = import::read(&docx)?;
            let items = import::items(doc).into_iter();
            Ok(items
                .map(|doc| import::item(doc, config, date, &fallback))
                .collect())
        },
    );
    match result {
        Ok(Ok(imported)) => Ok(imported),
        Ok(Err(refused)) => Err(refused.0),
        Err(panic) => Err(format!(
            "导入时内部出错（{panic}）。这是软件缺陷，不是文件的错误；请把这个文件发给维护者 (internal error)"
        )),
    }
}

/// Writes an item and its photos, never over a file: the photos first,
/// then the item; when the item cannot be written, the photos written for
/// it are removed.
fn write(
    project: &Project,
    issue: IssueNumber,
    imported: &Imported,
) -> std::result::Result<Vec<PathBuf>, String> {
    let (name, is_name) = &imported.name;
    let mut slug = scaffold::slug(name, *is_name);
    if slug.is_empty() {
        slug = "item".into();
    }
    let file = scaffold::next_item(project, issue, &slug).map_err(|e| e.to_string())?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let names: Vec<String> = imported
        .photos
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{stem}-{}.{}", i + 1, p.extension))
        .collect();
    let mut written: Vec<PathBuf> = Vec::new();
    let undo = |written: &[PathBuf]| {
        for path in written {
            let _ = output::remove(&project.root.join(path));
        }
    };
    for (photo, name) in imported.photos.iter().zip(&names) {
        let path = dir.join(name);
        if let Err(e) = output::create_new(&project.root.join(&path), &photo.bytes) {
            undo(&written);
            return Err(e.to_string());
        }
        written.push(path);
    }
    let text = imported.text(&names);
    if let Err(e) = output::create_new(&project.root.join(&file), text.as_bytes()) {
        undo(&written);
        return Err(e.to_string());
    }
    written.insert(0, file);
    Ok(written)
}

/// Prints what was written and what could not be carried over.
fn report(shown: &str, imported: &Imported, paths: &[PathBuf]) {
    let line = |p: &PathBuf| crate::escape::line(&p.display().to_string()).into_owned();
    eprintln!("已导入 {shown} → {}", line(&paths[0]));
    if paths.len() > 1 {
        let photos: Vec<String> = paths[1..].iter().map(line).collect();
        eprintln!("  照片 {} 张：{}", photos.len(), photos.join("、"));
    }
    if !imported.findings.is_empty() {
        eprintln!("  未能照原样带入的内容 (not carried over as it was)：");
        for Finding { at, what } in &imported.findings {
            let what = crate::escape::line(what);
            match at {
                Some(at) => eprintln!("  - {}：{what}", crate::escape::line(at)),
                None => eprintln!("  - {what}"),
            }
        }
    }
}
