//! clap in Chinese: the headings, usage line and built-in flags of every
//! `--help`, and clap's own errors (missing argument, unknown command, bad
//! value). clap 4 has no translations; its help template, headings and an
//! error formatter are the documented places to change its words, and the
//! few phrases it still writes itself (`[OPTIONS]`, `[default: …]`) are
//! replaced in the rendered text.

use std::ffi::OsString;
use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::builder::styling::{AnsiColor, Style};
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};

use super::term::Color;

/// Heading of the positional arguments.
const ARGUMENTS: &str = "参数 (Arguments)";
/// Heading of the options.
const OPTIONS: &str = "选项 (Options)";
/// Heading of the options every command takes.
const GLOBAL_OPTIONS: &str = "全局选项 (Global options)";
/// Heading of the subcommands.
const COMMANDS: &str = "命令 (Commands)";

/// The help page of every command: the about line, the usage line with a
/// Chinese heading, then the arguments under the headings set by
/// [`localize`].
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法 (Usage): {usage}\n\n{all-args}{after-help}";

/// Chinese value names for the placeholders of the options (`--out <目录>`).
const VALUE_NAMES: [(&str, &str); 13] = [
    ("DIR", "目录"),
    ("FORMAT", "格式"),
    ("FORMATS", "格式"),
    ("PORT", "端口"),
    ("ADDR", "地址"),
    ("NAME", "姓名"),
    ("TITLE", "标题"),
    ("DATE", "日期"),
    ("OFFICE", "单位"),
    ("WORD", "简称"),
    ("WHEN", "何时"),
    ("SHELL", "shell"),
    ("STANDARD", "标准"),
];

/// The command model with Chinese headings, help flags and value names on
/// every command, `--format`-style values matched without regard to case,
/// and a `help` command of our own (clap's says "Print this message…").
pub fn localize(cmd: Command) -> Command {
    let cmd = localize_one(cmd, true).disable_help_subcommand(true);
    cmd.subcommand(
        Command::new("help")
            .about("显示某个命令的帮助 (print the help of a command)")
            .arg(
                Arg::new("command")
                    .value_name("命令")
                    .help("要查看帮助的命令，如 build (the command)"),
            )
            .help_template(TEMPLATE)
            .disable_help_flag(true),
    )
}

fn localize_one(cmd: Command, root: bool) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .mut_args(|arg| {
            let arg = if arg.is_positional() {
                arg.help_heading(ARGUMENTS)
            } else if arg.is_global_set() {
                arg.help_heading(GLOBAL_OPTIONS)
            } else {
                arg.help_heading(OPTIONS)
            };
            let zh = arg.get_value_names().and_then(|names| {
                let name = names.first()?.as_str();
                VALUE_NAMES
                    .iter()
                    .find(|(en, _)| *en == name)
                    .map(|(_, zh)| *zh)
            });
            let arg = match zh {
                Some(zh) => arg.value_name(zh),
                None => arg,
            };
            // `--format PDF` as well as `--format pdf`; a flag takes no
            // value, and clap's debug assertions refuse the setting there.
            let arg = if takes_values(&arg) {
                arg.ignore_case(true)
            } else {
                arg
            };
            spec_values(arg)
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助 (print help)")
                .help_heading(OPTIONS),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本 (print version)")
                .help_heading(OPTIONS),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| localize_one(sub, false));
    }
    cmd
}

/// The default and the possible values at the end of an option's help, in
/// Chinese: clap writes them in English, and wraps them before any
/// replacement could see them.
fn spec_values(arg: Arg) -> Arg {
    let mut extra = Vec::new();
    let takes_values = takes_values(&arg);
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        extra.push(format!("[默认：{}]", defaults.join(",")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if takes_values && !values.is_empty() && !arg.is_hide_possible_values_set() {
        extra.push(format!("[可选值：{}]", values.join("、")));
    }
    if let Some(env) = arg.get_env().and_then(|e| e.to_str()) {
        extra.push(format!("[环境变量：{env}]"));
    }
    if extra.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let arg = arg
        .help(format!("{help} {}", extra.join(" ")))
        .hide_env(true);
    // Only an option that takes a value may hide its default and values:
    // clap's debug assertions panic on a flag that does.
    if takes_values {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// Whether an argument takes a value (`--format pdf`, the issue number),
/// unlike a flag (`--all`). Before clap builds the command, the action is
/// the only sure sign; an argument without one takes a value, as clap's
/// default action does.
fn takes_values(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

/// The phrases clap writes itself into a help page or a usage line, in
/// Chinese.
fn replace_phrases(text: &str) -> String {
    text.replace("Usage:", "用法 (Usage):")
        .replace("[OPTIONS]", "[选项]")
        .replace("[default: ", "[默认：")
        .replace("[possible values: ", "[可选值：")
        .replace("Possible values:", "可选值：")
        .replace("[aliases: ", "[别名：")
}

/// Text of a clap help page, error or usage, with colour or without.
fn render(styled: &StyledStr, color: bool) -> String {
    let text = if color {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    replace_phrases(&text)
}

/// Prints what clap stopped at (help, version or a usage error) and
/// returns the exit code: 0 for help and version, 2 for a usage error.
pub fn report(mut error: clap::Error, args: &[OsString], color: Color) -> u8 {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = render(&error.render(), color.stdout());
            let _ = super::print_stdout(&text);
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", render(&error.render(), color.stderr()));
            2
        }
        _ => {
            // clap gives no usage line with some errors (a bad value);
            // a writer needs it most there.
            if error.get(ContextKind::Usage).is_none()
                && let Some(usage) = usage(args)
            {
                error.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
            }
            let error = error.apply::<Formatter>();
            eprint!("{}", render(&error.render(), color.stderr()));
            2
        }
    }
}

/// The usage line of the command named in `args`, or of `bulletin`.
fn usage(args: &[OsString]) -> Option<StyledStr> {
    let mut root = super::command();
    root.build();
    let name = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| root.find_subcommand(a).is_some())
        .map(str::to_owned);
    match name {
        Some(name) => root.find_subcommand_mut(name).map(Command::render_usage),
        None => Some(root.render_usage()),
    }
}

/// The arguments to parse again to show the help of `bulletin help NAME`.
pub fn help_args(name: Option<&str>) -> Vec<OsString> {
    let mut args = vec![OsString::from("bulletin")];
    args.extend(name.map(OsString::from));
    args.push("--help".into());
    args
}

/// clap's errors in Chinese.
struct Formatter;

impl ErrorFormatter for Formatter {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let bad = Style::new().fg_color(Some(AnsiColor::Yellow.into()));
        let good = Style::new().fg_color(Some(AnsiColor::Green.into()));
        let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
        let string = |kind| match error.get(kind) {
            Some(ContextValue::String(s)) => Some(s.clone()),
            Some(ContextValue::Strings(s)) => Some(s.join("、")),
            Some(ContextValue::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let arg = string(ContextKind::InvalidArg).unwrap_or_default();
        let value = string(ContextKind::InvalidValue).unwrap_or_default();
        let mut out = StyledStr::new();
        let _ = write!(out, "{red}错误 (error):{red:#} ");
        let _ = match error.kind() {
            ErrorKind::InvalidValue if value.is_empty() => {
                write!(out, "{bad}{arg}{bad:#} 需要一个值")
            }
            ErrorKind::InvalidValue => {
                let head = write!(out, "“{bad}{value}{bad:#}”不是 {arg} 可用的值");
                match string(ContextKind::ValidValue) {
                    Some(valid) => write!(out, "，可用：{good}{valid}{good:#}"),
                    None => head,
                }
            }
            ErrorKind::ValueValidation => {
                let why = std::error::Error::source(error)
                    .map(ToString::to_string)
                    .unwrap_or_default();
                write!(out, "{arg} 的值“{bad}{value}{bad:#}”无效：{why}")
            }
            ErrorKind::UnknownArgument => {
                write!(out, "没有选项“{bad}{arg}{bad:#}”")
            }
            ErrorKind::InvalidSubcommand => {
                let name = string(ContextKind::InvalidSubcommand).unwrap_or_default();
                write!(out, "没有“{bad}{name}{bad:#}”这个命令")
            }
            ErrorKind::NoEquals => write!(out, "{arg} 的值要用等号给出，如 {arg}=值"),
            ErrorKind::TooManyValues => {
                write!(out, "多余的值“{bad}{value}{bad:#}”（{arg}）")
            }
            ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                write!(out, "{arg} 的值个数不对")
            }
            ErrorKind::ArgumentConflict => {
                let prior = string(ContextKind::PriorArg);
                match prior {
                    Some(prior) if prior != arg => {
                        write!(out, "{bad}{arg}{bad:#} 不能与 {bad}{prior}{bad:#} 同时使用")
                    }
                    _ => write!(out, "{bad}{arg}{bad:#} 只能给一次"),
                }
            }
            ErrorKind::MissingRequiredArgument => {
                let missing = string(ContextKind::InvalidArg).unwrap_or_default();
                write!(out, "缺少 {bad}{missing}{bad:#}")
            }
            ErrorKind::MissingSubcommand => write!(out, "缺少命令"),
            ErrorKind::InvalidUtf8 => write!(out, "参数中有无法识别的字符（不是 UTF-8）"),
            _ => match std::error::Error::source(error) {
                Some(source) => write!(out, "{source}"),
                None => write!(out, "{}", error.kind()),
            },
        };
        for kind in [
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedArg,
            ContextKind::SuggestedValue,
        ] {
            if let Some(guess) = string(kind) {
                let _ = write!(out, "\n\n  提示：是否应为“{good}{guess}{good:#}”？");
            }
        }
        let usage = match error.get(ContextKind::Usage) {
            Some(ContextValue::StyledStr(usage)) => Some(usage),
            _ => None,
        };
        if let Some(usage) = usage {
            let _ = write!(out, "\n\n");
            out.push_str(&usage.ansi().to_string());
            let _ = write!(
                out,
                "\n\n详细说明请运行 (for more, try) {} --help",
                command_path(&usage.to_string())
            );
        }
        out.push_str("\n");
        out
    }
}

/// The command's path from its usage line: `Usage: bulletin build [OPTIONS]
/// <期号|--all>` → `bulletin build`.
fn command_path(usage: &str) -> String {
    let words: Vec<&str> = usage
        .trim_start_matches("Usage:")
        .split_whitespace()
        .take_while(|w| {
            w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !w.starts_with('-')
        })
        .collect();
    if words.is_empty() {
        "bulletin".into()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_path_is_read_from_the_usage_line() {
        assert_eq!(
            command_path("Usage: bulletin build [OPTIONS] <期号|--all>"),
            "bulletin build"
        );
        assert_eq!(command_path("Usage: bulletin <COMMAND>"), "bulletin");
    }
}
