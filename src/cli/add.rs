//! `bulletin add`: a new item file in an issue, filled from the roster.

use crate::error::{Error, Result};
use crate::model::{Date, Grid, IssueNumber};
use crate::scaffold::{self, NewItem};
use crate::{output, pipeline};

/// Arguments of `bulletin add`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["leader", "title"])))]
pub struct Args {
    /// 期号 (issue number)
    #[arg(value_name = "期号", value_parser = super::issue_number)]
    issue: IssueNumber,
    /// 带队领导，须在名册中 (leader, from the roster)
    #[arg(long, value_name = "NAME")]
    leader: Option<String>,
    /// 网格，默认取名册中该领导的网格 (grid number)
    #[arg(long, value_name = "N", requires = "leader")]
    grid: Option<u16>,
    /// 非督导稿件（会议、通知等）的标题 (title of another item)
    #[arg(long, value_name = "TITLE")]
    title: Option<String>,
    /// 稿件日期，默认今天，格式 2024-05-21 (date)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

/// Checked options of `bulletin add`.
struct Options {
    issue: IssueNumber,
    kind: NewItem,
    date: Date,
}

impl Args {
    fn check(self) -> Result<Options> {
        if self.grid == Some(0) {
            return Err(Error::Usage("网格从 1 开始".into()));
        }
        let kind = match (self.leader, self.title) {
            (Some(leader), None) => NewItem::Inspection {
                leader: leader.trim().to_owned(),
                grid: self.grid.map(Grid),
            },
            (None, Some(title)) if !title.trim().is_empty() => {
                NewItem::Titled(title.trim().to_owned())
            }
            _ => return Err(Error::Usage("请给出 --leader 或非空的 --title".into())),
        };
        Ok(Options {
            issue: self.issue,
            kind,
            date: super::date_or_today(self.date.as_deref())?,
        })
    }
}

/// Runs `bulletin add`.
pub fn run(args: Args) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let config = pipeline::config(&project)?;
    let (file, text) = scaffold::item(
        &project,
        &config,
        options.issue,
        &options.kind,
        options.date,
    )?;
    output::create_new(&project.root.join(&file), text.as_bytes())?;
    eprintln!(
        "已新建 {}",
        crate::escape::line(&file.display().to_string())
    );
    eprintln!("编辑后运行 bulletin check {} 检查", options.issue);
    Ok(())
}
