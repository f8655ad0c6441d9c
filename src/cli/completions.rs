//! `bulletin completions` and `bulletin man`: shell completions and the man
//! page, generated from the clap model.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// Arguments of `bulletin completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 目标 shell (target shell)
    #[arg(value_name = "SHELL")]
    shell: clap_complete::Shell,
}

/// Runs `bulletin completions`.
pub fn run(args: Args) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut super::command(), "bulletin", &mut script);
    super::print_stdout(&String::from_utf8_lossy(&script))
}

/// Arguments of `bulletin man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// 只输出这个命令的手册页，如 build (one command's page)
    #[arg(value_name = "命令")]
    command: Option<String>,
    /// 把全部手册页（bulletin.1、bulletin-build.1 …）写入此目录 (write every page into DIR)
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    dir: Option<PathBuf>,
}

/// The sections every page ends with, in roff.
const COMMON_SECTIONS: &str = r#".SH "退出状态 (EXIT STATUS)"
.TP
\fB0\fR
成功 (success)
.TP
\fB1\fR
稿件有错误，或加了 \-\-deny\-warnings 时有警告；已报告每一处 (content errors)
.TP
\fB2\fR
命令行用法有误 (usage error)
.TP
\fB3\fR
读写文件出错或内部错误 (I/O or internal error)
.SH "环境变量 (ENVIRONMENT)"
.TP
\fBSOURCE_DATE_EPOCH\fR
以此时间（秒）作为 PDF 的创建日期，默认用本期日期 (the PDF's creation date)
.TP
\fBNO_COLOR\fR
设置后不使用颜色 (no colour)
.TP
\fBCLICOLOR_FORCE\fR
设置为非 0 时即使不是终端也使用颜色 (colour even when not on a terminal)
.SH "文件 (FILES)"
.TP
\fBbulletin.yaml\fR
系列配置：简报名称、编发单位、报头、名册、默认发送范围；所在目录即项目根目录 (the series)
.TP
\fBbulletins/\fIN\fB/issue.yaml\fR
第 N 期的期号、日期和可选的稿件顺序、发送范围 (one issue)
.TP
\fBbulletins/\fIN\fB/*.md\fR
稿件，每篇一个文件：YAML 前言加 Markdown 正文 (the items)
.TP
\fBtemplates/\fR
可选：覆盖内置的 Typst 和 HTML 模板 (template overrides)
.TP
\fBfonts/\fR
可选：公文字体等额外字体 (extra fonts)
.TP
\fBout/\fR
bulletin build 的默认输出目录 (build output)
.TP
\fBsite/\fR
bulletin archive 的默认输出目录 (the archive site)
"#;

/// Section headings clap_mangen writes in English.
const HEADINGS: [(&str, &str); 3] = [
    (".SH NAME\n", ".SH \"名称 (NAME)\"\n"),
    (".SH SYNOPSIS\n", ".SH \"用法 (SYNOPSIS)\"\n"),
    (".SH DESCRIPTION\n", ".SH \"说明 (DESCRIPTION)\"\n"),
];

/// One man page in roff: clap_mangen's page with Chinese headings, then
/// the exit status, environment and files.
fn page(cmd: clap::Command) -> Result<String> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut roff)
        .map_err(|e| Error::Internal(e.to_string()))?;
    let mut text = String::from_utf8_lossy(&roff).into_owned();
    for (en, zh) in HEADINGS {
        text = text.replace(en, zh);
    }
    text.push_str(COMMON_SECTIONS);
    Ok(text)
}

/// Every page: (file name, roff), `bulletin.1` first, then one per command.
fn pages() -> Result<Vec<(String, String)>> {
    let mut root = super::command();
    root.build();
    let mut pages = vec![("bulletin.1".to_owned(), page(root.clone())?)];
    for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
        // clap names are `&'static str` without its `string` feature; a
        // dozen short names leaked once by a command that then exits.
        let name: &'static str = Box::leak(format!("bulletin-{}", sub.get_name()).into_boxed_str());
        let sub = sub.clone().name(name).display_name(name);
        pages.push((format!("{name}.1"), page(sub)?));
    }
    Ok(pages)
}

/// Runs `bulletin man`: one page on standard output, or every page into a
/// folder.
pub fn run_man(args: ManArgs) -> Result<()> {
    let pages = pages()?;
    if let Some(dir) = args.dir {
        let files = pages
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_bytes()));
        let written = crate::output::write_into(&dir, files)?;
        super::term::say(&format!(
            "已写入 {} 个手册页到 {}",
            written.len(),
            dir.display()
        ));
        return Ok(());
    }
    let wanted = match &args.command {
        Some(command) => format!("bulletin-{command}.1"),
        None => "bulletin.1".to_owned(),
    };
    match pages.into_iter().find(|(name, _)| *name == wanted) {
        Some((_, text)) => super::print_stdout(&text),
        None => Err(Error::Usage(format!(
            "没有“{}”这个命令\n提示：运行 bulletin --help 查看全部命令",
            args.command.unwrap_or_default()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn completions_name_every_subcommand() {
        let names: Vec<String> = super::super::Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        assert!(names.len() >= 7, "{names:?}");
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut super::super::Cli::command(),
                "bulletin",
                &mut script,
            );
            let script = String::from_utf8(script).unwrap();
            for name in &names {
                assert!(script.contains(name.as_str()), "{shell}: no {name}");
            }
        }
    }
}
