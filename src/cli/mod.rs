//! The command line: clap models of the commands, one module each, all of
//! the same shape (arguments → checked options → `run`). Only this module
//! uses clap.

mod add;
mod archive;
mod build;
mod check;
mod completions;
mod init;
mod list;
mod new;
mod pdf_standard;
mod report;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;

/// 工作简报编译器：把 YAML + Markdown 稿件排成可付印的 PDF。
/// A compiler for Chinese work bulletins.
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, about, long_about = None)]
pub struct Cli {
    /// 要执行的命令
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 生成某一期（或全部各期）的 PDF 等输出 (build issues)
    Build(build::Args),
    /// 新建一个简报系列目录 (create a new series)
    Init(init::Args),
    /// 新建下一期的目录 (create the next issue)
    New(new::Args),
    /// 在某一期中新建一篇稿件 (add an item to an issue)
    Add(add::Args),
    /// 列出各期的日期、稿件数和状态 (list the issues)
    List(list::Args),
    /// 输出 shell 补全脚本 (shell completions)
    Completions(completions::Args),
    /// 输出 man 手册页 (man page, roff)
    Man(completions::ManArgs),
    /// 在浏览器中预览，稿件保存后自动刷新 (preview with live reload)
    Serve(serve::Args),
    /// 增量、并行生成全部各期和存档网站 (build the archive site)
    Archive(archive::Args),
    /// 检查某一期（或全部各期）的稿件，列出全部问题 (check issues)
    Check(check::Args),
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Add(args) => add::run(args),
        Command::List(args) => list::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => completions::run_man(args),
        Command::Serve(args) => serve::run(args),
        Command::Archive(args) => archive::run(args),
        Command::Check(args) => check::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report::error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

/// The project that holds the current folder.
fn project() -> Result<crate::load::Project, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::io("读取", ".", e))?;
    crate::load::Project::locate(&cwd)
}

/// Which issues a command works on: one number, or `--all`.
#[derive(Debug, clap::Args)]
struct IssueArgs {
    /// 期号，如 12 (issue number)
    #[arg(value_name = "期号", required_unless_present = "all")]
    issue: Option<u32>,
    /// 全部各期 (every issue)
    #[arg(long, conflicts_with = "issue")]
    all: bool,
}

impl IssueArgs {
    /// The issue asked for, or `None` for all.
    fn check(&self) -> Result<Option<crate::model::IssueNumber>, Error> {
        match self.issue {
            Some(0) => Err(Error::Usage("期号从 1 开始".into())),
            other => Ok(other.map(crate::model::IssueNumber)),
        }
    }
}

/// The fonts of a build: the project's `fonts/` folder, the system's
/// official fonts unless `system` is false, and the bundled fonts.
fn fonts(project: &crate::load::Project, system: bool) -> crate::render::typst::Fonts {
    let dir = project.root.join("fonts");
    crate::render::typst::Fonts::new(&crate::render::typst::FontOptions {
        project_dir: dir.is_dir().then_some(dir.as_path()),
        system,
    })
}

/// Writes to standard output; a closed pipe (`bulletin list | head`) is not
/// an error.
fn print_stdout(text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("写入", "stdout", e)),
        _ => Ok(()),
    }
}

/// A date given on the command line, or today.
fn date_or_today(given: Option<&str>) -> Result<crate::model::Date, Error> {
    match given {
        None => Ok(chrono::Local::now().date_naive()),
        Some(text) => crate::model::Date::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| Error::Usage(format!("日期 {text} 无效：请写作 2024-05-21（年-月-日）"))),
    }
}
