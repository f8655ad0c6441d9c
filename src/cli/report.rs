//! Printing diagnostics and errors for people (codespan-reporting, coloured
//! on a terminal unless `NO_COLOR` is set) or as JSON lines for machines.

use std::io::IsTerminal;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use crate::diagnostic::{JsonDiagnostic, Severity};
use crate::error::{Error, Report};
use crate::escape::{self, Escaped};

fn color_choice() -> termcolor::ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if !no_color && std::io::stderr().is_terminal() {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    }
}

/// Prints every diagnostic of a report to standard error.
pub fn human(report: &Report) {
    let stream = termcolor::StandardStream::stderr(color_choice());
    write_human(report, &mut stream.lock());
}

/// Every diagnostic of a report as plain text, exactly as [`human`] prints
/// it without colour (for the error overlay of `bulletin serve`).
pub fn text(report: &Report) -> String {
    let mut buffer = termcolor::NoColor::new(Vec::new());
    write_human(report, &mut buffer);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}

fn write_human(report: &Report, out: &mut dyn termcolor::WriteColor) {
    // Control characters in file names and text are shown, not obeyed.
    let mut files = SimpleFiles::new();
    let mut escaped = Vec::new();
    let ids: Vec<usize> = report
        .sources
        .iter()
        .map(|(_, f)| {
            let text = Escaped::new(&f.text);
            let id = files.add(
                escape::line(&f.path.display().to_string()).into_owned(),
                text.text.clone(),
            );
            escaped.push(text);
            id
        })
        .collect();
    let config = term::Config::default();
    for d in &report.diagnostics {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(escape::lines(&d.message));
        if let Some(span) = &d.span {
            let at = report
                .sources
                .iter()
                .position(|(id, _)| id == span.file)
                .unwrap_or(0);
            let text = &escaped[at];
            let range = text.offset(span.range.start)..text.offset(span.range.end);
            cs = cs.with_labels(vec![Label::primary(ids[at], range)]);
        }
        if let Some(hint) = &d.hint {
            cs = cs.with_notes(vec![format!("提示：{}", escape::lines(hint))]);
        }
        let _ = term::emit_to_write_style(out, &config, &files, &cs);
    }
}

/// Prints every diagnostic as one JSON object per line to standard output.
pub fn json(report: &Report) {
    for d in &report.diagnostics {
        let json = JsonDiagnostic::new(d, &report.sources);
        if let Ok(line) = serde_json::to_string(&json) {
            println!("{line}");
        }
    }
}

/// Prints an error once, in the form its kind calls for.
pub fn error(error: &Error) {
    if let Error::Content(report) = error {
        human(report);
    }
    eprintln!("错误 (error): {}", escape::lines(&error.to_string()));
}
