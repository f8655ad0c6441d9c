//! The command line: clap models of the commands, one module each, all of
//! the same shape (arguments → checked options → `run`). Only this module
//! uses clap.

mod add;
mod archive;
mod build;
mod check;
mod completions;
mod fonts;
mod import;
mod init;
mod ledger;
mod list;
mod new;
mod pdf_standard;
mod serve;
mod term;
mod zh;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::diagnostic::Report;
use crate::diagnostic::{self, Diagnostic, Sources};
use crate::error::Error;
use crate::pipeline::Selection;

/// 工作简报编译器：把 YAML + Markdown 稿件排成可付印的 PDF。
/// A compiler for Chinese work bulletins.
#[derive(Debug, Parser)]
#[command(
    name = "bulletin",
    version,
    about = "工作简报编译器：把 YAML + Markdown 稿件排成可付印的 PDF (a compiler for Chinese work bulletins)",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    /// 要执行的命令
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, clap::Args)]
struct Global {
    /// 不使用系统字体，只用项目 fonts/ 目录和内置字体 (ignore system fonts)
    // The environment variable takes what switches usually take: 1/0,
    // yes/no, on/off, true/false (clap's `bool` parser knows only the last).
    #[arg(
        long,
        global = true,
        env = "BULLETIN_IGNORE_SYSTEM_FONTS",
        action = clap::ArgAction::SetTrue,
        value_parser = switch
    )]
    ignore_system_fonts: bool,
    /// 先进入此目录再执行，如同 cargo -C、git -C；其余路径都相对于它 (run in DIR)
    #[arg(short = 'C', long = "project", value_name = "DIR", global = true)]
    project: Option<PathBuf>,
    /// 只显示警告和错误 (print only warnings and errors)
    #[arg(short, long, global = true)]
    quiet: bool,
    /// 显示更多信息：项目目录、所用字体 (print more)
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// 何时使用颜色：auto（终端上，遵循 NO_COLOR、CLICOLOR_FORCE）、always、never (when to colour)
    #[arg(long, value_name = "WHEN", default_value = "auto", global = true)]
    color: term::ColorWhen,
}

impl Global {
    /// The fonts of a build: the project's `fonts/` folder, the system's
    /// official fonts unless `--ignore-system-fonts`, and the bundled fonts.
    fn fonts(&self, project: &crate::load::Project) -> crate::render::typst::Fonts {
        crate::render::typst::Fonts::new(&crate::render::typst::FontOptions {
            project: Some(&project.root),
            system: !self.ignore_system_fonts,
        })
    }
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
    /// 把 Word、WPS 文件导入为某一期的稿件 (import Word files as items)
    Import(import::Args),
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
    /// 列出找到的公文字体和代用字体 (which fonts a build uses)
    Fonts(fonts::Args),
    /// 督导台账：各网格的督导次数、日期、地点，按月统计 (the supervision ledger)
    Ledger(ledger::Args),
}

/// The clap model of the command line, in Chinese.
fn command() -> clap::Command {
    zh::localize(Cli::command())
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let color = term::Color::from_args(&args);
    let clap_color = if color.stderr() {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    };
    // No command at all: the help, on standard error, as clap does without
    // an option from the environment (`BULLETIN_IGNORE_SYSTEM_FONTS` would
    // otherwise count as an argument given).
    if args.len() == 1 {
        let help = command().color(clap_color).render_help();
        if color.stderr() {
            eprint!("{}", help.ansi());
        } else {
            eprint!("{help}");
        }
        return ExitCode::from(2);
    }
    let mut matches = command().color(clap_color).try_get_matches_from(&args);
    // `bulletin help build` is `bulletin build --help`.
    if let Ok(found) = &matches
        && let Some(("help", help)) = found.subcommand()
    {
        let name = help.get_one::<String>("command").cloned();
        args = zh::help_args(name.as_deref());
        matches = command().color(clap_color).try_get_matches_from(&args);
    }
    let cli = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(zh::report(e, &args, color)),
    };
    let verbosity = match (cli.global.quiet, cli.global.verbose) {
        (true, _) => term::Verbosity::Quiet,
        (_, true) => term::Verbosity::Verbose,
        _ => term::Verbosity::Normal,
    };
    term::set(term::Color::new(cli.global.color), verbosity);
    if let Some(dir) = &cli.global.project
        && let Err(e) = std::env::set_current_dir(dir)
    {
        let error = Error::io("进入", dir, e);
        print_error(&error);
        return ExitCode::from(error.exit_code());
    }
    let result = match cli.command {
        Command::Build(args) => build::run(args, &cli.global),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Add(args) => add::run(args),
        Command::Import(args) => import::run(args),
        Command::List(args) => list::run(args, &cli.global),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => completions::run_man(args),
        Command::Serve(args) => serve::run(args, &cli.global),
        Command::Archive(args) => archive::run(args, &cli.global),
        Command::Check(args) => check::run(args, &cli.global),
        Command::Fonts(args) => fonts::run(args, &cli.global),
        Command::Ledger(args) => ledger::run(args, &cli.global),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print_error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

/// An on/off switch from the environment: 1/0, yes/no, on/off, true/false,
/// in any case, as environment switches usually take.
fn switch(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "yes" | "y" | "on" | "true" => Ok(true),
        "0" | "no" | "n" | "off" | "false" | "" => Ok(false),
        _ => Err("应为 1 或 0（也可写 yes/no、on/off、true/false）".to_owned()),
    }
}

/// An issue on the command line, named as its folder: `12`, `2024-5`,
/// `增刊1`, `2024-增刊1`.
fn issue_number(text: &str) -> Result<crate::model::IssueNumber, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b == b'0') {
        return Err("期号从 1 开始".to_owned());
    }
    text.parse().map_err(|()| {
        "期号应为数字，如 12；按年编号的写作 2024-5，增刊、专刊写作 增刊1、2024-增刊1（同目录名）"
            .to_owned()
    })
}

/// The project that holds the current folder.
fn project() -> Result<crate::load::Project, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::io("读取", ".", e))?;
    crate::load::Project::locate(&cwd)
}

/// Which issues a command works on: one number, or `--all`.
#[derive(Debug, clap::Args)]
struct IssueArgs {
    /// 期号，如 12、2024-5、增刊1 (issue, as its folder is named)
    #[arg(
        value_name = "期号",
        required_unless_present = "all",
        value_parser = issue_number
    )]
    issue: Option<crate::model::IssueNumber>,
    /// 全部各期 (every issue)
    #[arg(long, conflicts_with = "issue")]
    all: bool,
}

impl IssueArgs {
    /// The issues asked for.
    fn selection(&self) -> Result<Selection, Error> {
        Ok(match self.issue {
            Some(number) => Selection::Issues(vec![number]),
            None => Selection::All,
        })
    }
}

/// Standard error for people: coloured as `--color` says (on a terminal
/// unless `NO_COLOR` is set, by default).
fn stderr() -> StandardStream {
    let choice = if term::color().stderr() {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(choice)
}

/// Prints diagnostics to standard error.
fn print_diagnostics(sources: &Sources, diagnostics: &[Diagnostic]) {
    if !diagnostics.is_empty() {
        diagnostic::emit_each(&mut stderr().lock(), sources, diagnostics);
    }
}

/// Prints a report's diagnostics to standard error.
fn print_report(report: &Report) {
    print_diagnostics(&report.sources, &report.diagnostics);
}

/// Prints an error once, in the form its kind calls for.
fn print_error(error: &Error) {
    if let Error::Content(report) = error {
        print_report(report);
    }
    eprintln!("错误 (error): {}", crate::escape::lines(&error.to_string()));
}

/// The output folder of a command: `--out` relative to the current folder,
/// as a shell user expects, or `default` in the project root.
fn out_dir(given: Option<&std::path::Path>, default: &str) -> Result<PathBuf, Error> {
    match given {
        Some(dir) => {
            let cwd = std::env::current_dir().map_err(|e| Error::io("读取", ".", e))?;
            Ok(cwd.join(dir))
        }
        // Relative: the commands put it in the project root.
        None => Ok(PathBuf::from(default)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// clap checks its model only in debug builds, and only when a command
    /// line is parsed; this runs those checks on every command, the
    /// Chinese model included, so a bad combination of settings fails here
    /// rather than panicking in `cargo run` (issue 22).
    #[test]
    fn the_command_model_passes_clap_debug_assertions() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    /// The guard above guards: clap's checks are on in this build (the
    /// release profile turns them on for clap_builder), so the mistake of
    /// issue 22, a flag that hides possible values, panics here.
    #[test]
    fn clap_debug_assertions_are_on() {
        let flag = clap::Arg::new("flag")
            .long("flag")
            .action(clap::ArgAction::SetTrue)
            .hide_possible_values(true);
        let cmd = clap::Command::new("t").arg(flag);
        let checked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || cmd.debug_assert()));
        assert!(checked.is_err(), "clap's debug assertions are off");
    }
}
