//! `bulletin completions` and `bulletin man`: shell completions and the man
//! page, generated from the clap model.

use clap::CommandFactory;

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
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "bulletin",
        &mut script,
    );
    super::print_stdout(&String::from_utf8_lossy(&script))
}

/// Arguments of `bulletin man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

/// Runs `bulletin man`: the man page in roff on standard output.
pub fn run_man(_args: ManArgs) -> Result<()> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(super::Cli::command())
        .render(&mut roff)
        .map_err(|e| Error::io("写入", "stdout", e))?;
    super::print_stdout(&String::from_utf8_lossy(&roff))
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
