//! `bulletin new`: the folder of the next issue, with its `issue.yaml`.

use crate::error::Result;
use crate::model::Date;
use crate::{output, scaffold};

/// Arguments of `bulletin new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 本期日期，默认今天，格式 2024-05-21 (issue date)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

/// Checked options of `bulletin new`.
struct Options {
    date: Date,
}

impl Args {
    fn check(self) -> Result<Options> {
        Ok(Options {
            date: super::date_or_today(self.date.as_deref())?,
        })
    }
}

/// Runs `bulletin new`.
pub fn run(args: Args) -> Result<()> {
    let options = args.check()?;
    let project = super::project()?;
    let (next, file) = scaffold::next_issue(&project)?;
    output::create_new(
        &project.root.join(&file),
        scaffold::issue(next, options.date).as_bytes(),
    )?;
    eprintln!(
        "已新建第{next}期：{}",
        crate::escape::line(&file.display().to_string())
    );
    eprintln!("下一步：bulletin add {next} --leader 姓名   添加督导稿件");
    Ok(())
}
