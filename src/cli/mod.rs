//! The command line: clap models of the commands, one module each, all of
//! the same shape (arguments → checked options → `run`). Only this module
//! uses clap.

mod build;
mod check;
mod report;

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
