//! `bulletin archive`: rebuild what changed and write the archive site.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::archive::{ArchiveOptions, Progress, archive};
use crate::error::{Error, Result};

use super::report;

/// Arguments of `bulletin archive`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 站点输出目录，相对于项目根目录 (site folder)
    #[arg(long, value_name = "DIR", default_value = "site")]
    out: PathBuf,
    /// 并行生成的线程数，默认为 CPU 核数 (worker threads)
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// 不使用系统字体 (ignore system fonts)
    #[arg(long)]
    ignore_system_fonts: bool,
}

/// Runs `bulletin archive`.
pub fn run(args: Args) -> Result<()> {
    if args.jobs == Some(0) {
        return Err(Error::Usage("--jobs 至少为 1".into()));
    }
    let project = super::project()?;
    let fonts = super::fonts(&project, !args.ignore_system_fonts);
    let options = ArchiveOptions {
        out_dir: args.out.clone(),
        jobs: args.jobs,
    };
    let bar = std::sync::Mutex::new(None::<indicatif::ProgressBar>);
    let terminal = std::io::stderr().is_terminal();
    let progress = |step: Progress<'_>| match step {
        Progress::Start(total) if terminal && total > 0 => {
            if let Ok(mut bar) = bar.lock() {
                *bar = Some(indicatif::ProgressBar::new(total as u64));
            }
        }
        Progress::Start(_) => {}
        Progress::Done(number, failed) => {
            if let Some(error) = failed {
                eprintln!("第{number}期生成失败：");
                report::error(error);
            }
            if let Ok(bar) = bar.lock()
                && let Some(bar) = bar.as_ref()
            {
                bar.inc(1);
            }
        }
    };
    let result = archive(&project, &fonts, &options, &progress);
    if let Ok(bar) = bar.lock()
        && let Some(bar) = bar.as_ref()
    {
        bar.finish_and_clear();
    }
    let summary = result?;
    for warning in &summary.warnings {
        eprintln!("注意 (warning): {}", crate::escape::lines(warning));
    }
    eprintln!(
        "站点已更新：{}（新生成 {} 期，未改动 {} 期，移除 {} 期，失败 {} 期，用时 {:.2} 秒）",
        crate::escape::line(&args.out.display().to_string()),
        summary.built,
        summary.unchanged,
        summary.removed,
        summary.failed,
        summary.elapsed.as_secs_f64()
    );
    Ok(())
}
