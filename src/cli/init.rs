//! `bulletin init`: a new series folder that builds at once.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output;
use crate::scaffold::{self, SeriesNames};

/// Arguments of `bulletin init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 新系列的目录，默认为当前目录 (folder of the new series)
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// 目录不为空时也写入（已有文件保持不变）(write into a non-empty folder)
    #[arg(long)]
    force: bool,
    /// 简报全称 (series title)
    #[arg(long, value_name = "TITLE")]
    title: Option<String>,
    /// 编发单位 (issuing office)
    #[arg(long, value_name = "OFFICE")]
    office: Option<String>,
    /// 工作简称，如 创城 (campaign word)
    #[arg(long, value_name = "WORD")]
    campaign: Option<String>,
}

/// Checked options of `bulletin init`.
struct Options {
    dir: PathBuf,
    force: bool,
    names: SeriesNames,
}

impl Args {
    fn check(self) -> Result<Options> {
        let defaults = SeriesNames::default();
        let names = SeriesNames {
            title: non_empty(self.title, "--title")?.unwrap_or(defaults.title),
            office: non_empty(self.office, "--office")?.unwrap_or(defaults.office),
            campaign: non_empty(self.campaign, "--campaign")?.unwrap_or(defaults.campaign),
        };
        Ok(Options {
            dir: self.dir,
            force: self.force,
            names,
        })
    }
}

fn non_empty(value: Option<String>, flag: &str) -> Result<Option<String>> {
    match value.map(|v| v.trim().to_owned()) {
        Some(v) if v.is_empty() || v.contains('\n') => {
            Err(Error::Usage(format!("{flag} 不能为空，也不能换行")))
        }
        other => Ok(other),
    }
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(Error::io("读取", dir, e)),
    }
}

/// Runs `bulletin init`.
pub fn run(args: Args) -> Result<()> {
    let options = args.check()?;
    if !options.force && !is_empty_dir(&options.dir)? {
        return Err(Error::Usage(format!(
            "目录 {} 不为空，未写入任何文件\n提示：换一个空目录，或加 --force 写入（已有文件保持不变）",
            options.dir.display()
        )));
    }
    let today = chrono::Local::now().date_naive();
    let mut kept = Vec::new();
    for (relative, text) in scaffold::init(&options.names, today) {
        let path = options.dir.join(&relative);
        if path.exists() {
            kept.push(relative);
            continue;
        }
        output::create_new(&path, text.as_bytes())?;
        super::term::say(&format!(
            "已新建 {}",
            crate::escape::line(&path.display().to_string())
        ));
    }
    for relative in kept {
        super::term::say(&format!(
            "已存在，未改动 {}",
            crate::escape::line(&options.dir.join(relative).display().to_string())
        ));
    }
    super::term::say(&format!(
        "新系列已建好。下一步：cd {} && bulletin build 1",
        crate::escape::line(&options.dir.display().to_string())
    ));
    Ok(())
}
