//! `bulletin new`: the folder of the next issue, with its `issue.yaml`.

use crate::error::{Error, Result};
use crate::model::{Date, IssueKind};
use crate::{output, pipeline, scaffold};

/// Arguments of `bulletin new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 本期日期，默认今天，格式 2024-05-21 (issue date)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// 新建增刊或专刊（另行编号）：增刊、专刊 (a supplement or special issue)
    #[arg(long, value_name = "增刊|专刊")]
    kind: Option<String>,
}

/// Checked options of `bulletin new`.
struct Options {
    date: Date,
    kind: IssueKind,
}

impl Args {
    fn check(self) -> Result<Options> {
        let kind = match self.kind.as_deref().map(str::trim) {
            None => IssueKind::Regular,
            Some(word) => IssueKind::ALL
                .into_iter()
                .find(|k| *k != IssueKind::Regular && k.word() == word)
                .ok_or_else(|| Error::Usage(format!("--kind 应为 增刊 或 专刊，不是 {word}")))?,
        };
        Ok(Options {
            date: super::date_or_today(self.date.as_deref())?,
            kind,
        })
    }
}

/// Runs `bulletin new`.
pub fn run(args: Args) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let config = pipeline::config(&project)?;
    let (next, file) =
        scaffold::next_issue(&project, config.numbering, options.kind, options.date)?;
    output::create_new(
        &project.root.join(&file),
        scaffold::issue(next, options.date).as_bytes(),
    )?;
    eprintln!(
        "已新建{}：{}",
        next.label(),
        crate::escape::line(&file.display().to_string())
    );
    eprintln!("下一步：bulletin add {next} --leader 姓名   添加督导稿件");
    Ok(())
}
