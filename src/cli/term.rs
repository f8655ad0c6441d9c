//! How much the command line says, and whether in colour: the global
//! `-q/--quiet`, `-v/--verbose` and `--color` options, set once when the
//! arguments are parsed and read wherever something is printed.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// When to colour the output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    // Plain comments: a doc comment would become help text, and clap would
    // then print every option's help in the long, two-line form.
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether standard output and standard error are coloured.
#[derive(Debug, Clone, Copy)]
pub struct Color {
    stdout: bool,
    stderr: bool,
}

impl Color {
    /// The choice for `--color WHEN`. `auto` colours a terminal unless
    /// `NO_COLOR` is set, and any stream when `CLICOLOR_FORCE` is set
    /// (the conventions of no-color.org and bixense.com/clicolors).
    pub fn new(when: ColorWhen) -> Self {
        let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        let auto = |terminal: bool| {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else {
                set("CLICOLOR_FORCE") || terminal
            }
        };
        match when {
            ColorWhen::Always => Self {
                stdout: true,
                stderr: true,
            },
            ColorWhen::Never => Self {
                stdout: false,
                stderr: false,
            },
            ColorWhen::Auto => Self {
                stdout: auto(std::io::stdout().is_terminal()),
                stderr: auto(std::io::stderr().is_terminal()),
            },
        }
    }

    /// The choice from raw arguments, before clap has parsed them, so that
    /// clap's own help and errors follow `--color` too.
    pub fn from_args(args: &[OsString]) -> Self {
        let mut when = ColorWhen::Auto;
        let mut args = args.iter().filter_map(|a| a.to_str());
        while let Some(arg) = args.next() {
            let value = match arg.strip_prefix("--color") {
                Some("") => args.next(),
                Some(rest) => rest.strip_prefix('='),
                None if arg == "--" => break,
                None => None,
            };
            when = match value.map(str::to_ascii_lowercase).as_deref() {
                Some("always") => ColorWhen::Always,
                Some("never") => ColorWhen::Never,
                Some("auto") => ColorWhen::Auto,
                _ => when,
            };
        }
        Self::new(when)
    }

    /// Whether standard output is coloured.
    pub fn stdout(self) -> bool {
        self.stdout
    }

    /// Whether standard error is coloured.
    pub fn stderr(self) -> bool {
        self.stderr
    }
}

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Only warnings and errors (`-q`).
    Quiet,
    /// What was written, and a summary.
    Normal,
    /// Also the fonts, the project and the time of each step (`-v`).
    Verbose,
}

struct Settings {
    color: Color,
    verbosity: Verbosity,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Sets the global options; the first call wins.
pub fn set(color: Color, verbosity: Verbosity) {
    let _ = SETTINGS.set(Settings { color, verbosity });
}

/// The colour choice.
pub fn color() -> Color {
    SETTINGS
        .get()
        .map_or_else(|| Color::new(ColorWhen::Auto), |s| s.color)
}

/// How much to say.
pub fn verbosity() -> Verbosity {
    SETTINGS.get().map_or(Verbosity::Normal, |s| s.verbosity)
}

/// Prints a line of progress on standard error, unless `-q`.
pub fn say(text: &str) {
    if verbosity() != Verbosity::Quiet {
        eprintln!("{text}");
    }
}

/// Prints a line of detail on standard error, only with `-v`.
pub fn detail(text: &str) {
    if verbosity() == Verbosity::Verbose {
        eprintln!("{text}");
    }
}
