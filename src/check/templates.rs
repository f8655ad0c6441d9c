//! The template rule: a template that fails to parse or to run is an error
//! at its place in the project's template, or a defect of the tool when the
//! template is built in. The renderers report the facts ([`Problem`]).

use std::ops::Range;

use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, Sources, Span};

/// What a renderer could not do.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A template failed to parse or to run.
    Template {
        /// The template's name: `bulletin.typ`, `bulletin.html`, ….
        name: String,
        /// The project file it was read from; `None` when built in.
        file: Option<FileId>,
        /// Where in the template's text, when known.
        range: Option<Range<usize>>,
        /// The 1-based line, when only that is known.
        line: Option<usize>,
        /// The template engine's message.
        message: String,
    },
    /// Characters were laid out as empty boxes: no font drew them.
    Unprintable(Vec<char>),
}

/// The diagnostic for what a renderer could not do.
pub fn diagnostic(problem: &Problem, sources: &Sources) -> Diagnostic {
    match problem {
        Problem::Template {
            name,
            file,
            range,
            line,
            message,
        } => {
            let what = if name.ends_with(".typ") {
                "排版模板"
            } else {
                "HTML 模板"
            };
            match file.and_then(|id| Some((id, sources.try_get(id)?))) {
                Some((id, source)) => {
                    let range = range
                        .clone()
                        .filter(|r| r.end <= source.text.len())
                        .or_else(|| {
                            line.filter(|&l| l >= 1 && l <= source.line_count())
                                .map(|l| source.line_range(l))
                        })
                        .unwrap_or(0..0);
                    Diagnostic::new(
                        &rules::E_TEMPLATE,
                        Span { file: id, range },
                        format!("{what}出错：{message}"),
                    )
                    .with_hint(format!(
                        "检查项目中的 templates/{name}，或删除它以使用内置模板"
                    ))
                }
                None => Diagnostic::unplaced(
                    &rules::E_TEMPLATE,
                    format!(
                        "内置{what} {name} 出错（程序缺陷，请报告）：{message}{}",
                        line.map(|l| format!("（第 {l} 行）")).unwrap_or_default()
                    ),
                ),
            }
        }
        Problem::Unprintable(chars) => Diagnostic::unplaced(
            &rules::E_TEMPLATE,
            format!(
                "排版结果中有字符无法显示：{}",
                chars.iter().collect::<String>()
            ),
        ),
    }
}
