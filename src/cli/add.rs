//! `bulletin add`: a new item file in an issue, filled from the roster.

use crate::error::{Error, Result};
use crate::load::{Loader, nearest};
use crate::model::{Date, Grid, IssueNumber};
use crate::{output, scaffold};

/// Arguments of `bulletin add`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["leader", "title"])))]
pub struct Args {
    /// 期号 (issue number)
    #[arg(value_name = "期号")]
    issue: u32,
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

enum Kind {
    Inspection { leader: String, grid: Option<Grid> },
    Titled(String),
}

/// Checked options of `bulletin add`.
struct Options {
    issue: IssueNumber,
    kind: Kind,
    date: Date,
}

impl Args {
    fn check(self) -> Result<Options> {
        if self.issue == 0 {
            return Err(Error::Usage("期号从 1 开始".into()));
        }
        if self.grid == Some(0) {
            return Err(Error::Usage("网格从 1 开始".into()));
        }
        let kind = match (self.leader, self.title) {
            (Some(leader), None) => Kind::Inspection {
                leader: leader.trim().to_owned(),
                grid: self.grid.map(Grid),
            },
            (None, Some(title)) if !title.trim().is_empty() => {
                Kind::Titled(title.trim().to_owned())
            }
            _ => return Err(Error::Usage("请给出 --leader 或非空的 --title".into())),
        };
        Ok(Options {
            issue: IssueNumber(self.issue),
            kind,
            date: super::date_or_today(self.date.as_deref())?,
        })
    }
}

/// Runs `bulletin add`.
pub fn run(args: Args) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let dir = project.issue_dir(options.issue);
    if !project.root.join(&dir).is_dir() {
        return Err(Error::Usage(format!(
            "没有第{}期：找不到目录 {}\n提示：先运行 bulletin new",
            options.issue,
            dir.display()
        )));
    }
    let mut loader = Loader::new(&project);
    let Some(config) = loader.series_config()? else {
        return Err(Error::Content(Box::new(loader.into_report())));
    };
    let (slug, text) = match &options.kind {
        Kind::Inspection { leader, grid } => {
            let names: Vec<&str> = config.roster.iter().map(|l| l.name.as_str()).collect();
            let Some(entry) = config.roster.iter().find(|l| &l.name == leader) else {
                let guess = nearest(leader, &names)
                    .map(|n| format!("是否应为“{n}”？"))
                    .unwrap_or_default();
                return Err(Error::Usage(format!(
                    "领导“{leader}”不在名册中。{guess}\n名册中有：{}\n提示：新领导请先登记到 bulletin.yaml 的 roster",
                    names.join("、")
                )));
            };
            let Some(grid) = grid.or(entry.grid) else {
                return Err(Error::Usage(format!(
                    "名册中没有{leader}负责的网格，请用 --grid 指明"
                )));
            };
            let text = scaffold::inspection_item(entry, grid, options.date, &config.campaign);
            (scaffold::slug(leader, true), text)
        }
        Kind::Titled(title) => (
            scaffold::slug(title, false),
            scaffold::titled_item(title, options.date),
        ),
    };
    let files = project.item_files(&dir)?;
    let next = files
        .iter()
        .filter_map(|f| {
            let name = f.file_name()?.to_str()?;
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0)
        + 1;
    let file = dir.join(format!("{next:02}-{slug}.md"));
    output::create_new(&project.root.join(&file), text.as_bytes())?;
    eprintln!(
        "已新建 {}",
        crate::escape::line(&file.display().to_string())
    );
    eprintln!("编辑后运行 bulletin check {} 检查", options.issue);
    Ok(())
}
