//! `bulletin archive`: rebuild what changed and write the archive site.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::archive::{ArchiveOptions, Progress, archive};
use crate::error::{Error, Result};

/// Arguments of `bulletin archive`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 站点输出目录，相对于当前目录；默认为项目根目录下的 site (site folder)
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// 并行生成的线程数，默认为 CPU 核数 (worker threads)
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// PDF 标准：a-2b（默认，长期存档）、a-3b、ua-1（无障碍）或 none (PDF standard)
    #[arg(long, value_name = "STANDARD", default_value = "a-2b")]
    pdf_standard: super::pdf_standard::PdfStandardArg,
}

/// Runs `bulletin archive`.
pub fn run(args: Args, global: &super::Global) -> Result<()> {
    if args.jobs == Some(0) {
        return Err(Error::Usage("--jobs 至少为 1".into()));
    }
    let project = super::project()?;
    let fonts = global.fonts(&project);
    let out_dir = super::out_dir(args.out.as_deref(), "site")?;
    let options = ArchiveOptions {
        out_dir: out_dir.clone(),
        jobs: args.jobs,
        pdf_standard: args.pdf_standard.into(),
    };
    let bar = std::sync::Mutex::new(None::<indicatif::ProgressBar>);
    let terminal = std::io::stderr().is_terminal();
    let progress = |step: Progress<'_>| match step {
        Progress::Checked(report, total) => {
            // The warnings of the issues to build; the errors come with
            // each issue that fails.
            let warnings: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| !d.is_error())
                .cloned()
                .collect();
            super::print_diagnostics(&report.sources, &warnings);
            if terminal
                && total > 0
                && let Ok(mut bar) = bar.lock()
            {
                *bar = Some(indicatif::ProgressBar::new(total as u64));
            }
        }
        Progress::Notice(notice) => {
            eprintln!("注意 (warning): {}", crate::escape::lines(notice));
        }
        Progress::Done(number, failed) => {
            if let Some(error) = failed {
                eprintln!("{}生成失败：", number.label());
                super::print_error(error);
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
    super::term::say(&format!(
        "站点已更新：{}（新生成 {} 期，未改动 {} 期，移除 {} 期，失败 {} 期，用时 {:.2} 秒）",
        crate::escape::line(
            &args
                .out
                .as_deref()
                .unwrap_or(out_dir.as_path())
                .display()
                .to_string()
        ),
        summary.built,
        summary.unchanged,
        summary.removed,
        summary.failed,
        summary.elapsed.as_secs_f64()
    ));
    Ok(())
}
