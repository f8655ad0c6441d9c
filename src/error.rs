//! The library's error type: what a command can fail with, and the exit code
//! each failure maps to.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::diagnostic::Report;

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The sources have errors; the report holds every diagnostic.
    Content(Box<Report>),
    /// Some of several issues failed; their diagnostics were printed.
    Failed {
        /// How many failed.
        failed: usize,
        /// How many there were.
        total: usize,
    },
    /// `import` refused some of its files and has said why.
    Refused {
        /// How many were refused.
        failed: usize,
        /// How many were given.
        total: usize,
    },
    /// `check` found problems and has printed them.
    Checked {
        /// Errors found.
        errors: usize,
        /// Warnings found; they fail the check with `--deny-warnings`.
        warnings: usize,
    },
    /// The command was asked for something that cannot be done as asked.
    Usage(String),
    /// Reading or writing a file failed.
    Io {
        /// What was being done, e.g. "读取" (read).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A bug or an environment failure that is not the user's doing.
    Internal(String),
}

impl Error {
    /// The process exit code: 1 content, 2 usage, 3 I/O or internal.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_)
            | Error::Failed { .. }
            | Error::Refused { .. }
            | Error::Checked { .. } => 1,
            Error::Usage(_) => 2,
            Error::Io { .. } | Error::Internal(_) => 3,
        }
    }

    /// An I/O error with the path it concerns.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(report) => {
                let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "发现 {errors} 处错误，未生成输出 (found {errors} error(s))"
                )
            }
            Error::Failed { failed, total } => {
                write!(
                    f,
                    "{total} 期中有 {failed} 期未能生成 ({failed} of {total} failed)"
                )
            }
            Error::Refused { failed, total } => write!(
                f,
                "{total} 个文件中有 {failed} 个未能导入 ({failed} of {total} not imported)"
            ),
            Error::Checked {
                errors: 0,
                warnings,
            } => write!(
                f,
                "有 {warnings} 处警告，按 --deny-warnings 视为未通过 ({warnings} warning(s) denied)"
            ),
            Error::Checked { errors, warnings } => write!(
                f,
                "发现 {errors} 处错误、{warnings} 处警告 (found {errors} error(s), {warnings} warning(s))"
            ),
            Error::Usage(message) | Error::Internal(message) => f.write_str(message),
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "无法{action}文件 {} ({source})", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
