//! Checks: every rule the tool applies, each with a stable code in the
//! registry ([`crate::diagnostic::rules`]), each returning all it finds, not the first. The
//! rules read the model (and, for fonts and templates, the facts the
//! renderers report); the syntax and schema errors of single files are
//! found while loading, under codes of the same registry.

mod dates;
mod distribution;
mod fallback;
mod glyphs;
mod items;
mod levels;
mod limits;
mod numbering;
mod roster;
mod structure;
mod templates;
mod typography;

use crate::diagnostic::{Diagnostic, Sources};
use crate::load::Fragment;
use crate::model::{Issue, IssueHeader, SeriesConfig};

pub use fallback::{Faces, fallback_glyphs};
pub use glyphs::missing as missing_glyphs;
pub use levels::apply_levels;
pub use limits::document as limits;
pub use roster::idle as idle_grids;
pub use templates::{Problem, diagnostic as template_problem};

/// Checks the series configuration itself: its phrase patterns and the
/// rule levels it sets.
pub fn config(config: &SeriesConfig) -> Vec<Diagnostic> {
    let mut diagnostics = structure::phrases(config);
    diagnostics.extend(levels::settings(config));
    diagnostics
}

/// Checks one issue against the series configuration; `sources` holds the
/// text of its files, for the rules that read the body as written.
pub fn issue(config: &SeriesConfig, issue: &Issue, sources: &Sources) -> Vec<Diagnostic> {
    let mut diagnostics = structure::issue(issue);
    diagnostics.extend(numbering::issue(config, issue));
    diagnostics.extend(roster::issue(config, issue));
    diagnostics.extend(dates::issue(config, issue, sources));
    diagnostics.extend(typography::issue(config, issue, sources));
    diagnostics.extend(distribution::issue(issue));
    diagnostics.extend(items::issue(config, issue, sources));
    diagnostics
}

/// Checks the bodies of items whose front matter failed, with the rules
/// that need nothing from it (typography), so that one broken field does
/// not hide the file's other problems.
pub fn fragments(fragments: &[Fragment], sources: &Sources) -> Vec<Diagnostic> {
    fragments
        .iter()
        .flat_map(|f| typography::body(f.file, f.body_range.clone(), None, &[], sources))
        .collect()
}

/// Checks the issues of a series against each other (numbers, dates): each
/// against the one before it in its run (the regular issues, the 增刊 and
/// the 专刊 are numbered apart). The headers are in ascending order of
/// number; only diagnostics about issues for which `report` holds are
/// returned, so an issue can be checked against its predecessor without
/// reporting on the predecessor.
pub fn series(headers: &[IssueHeader], report: impl Fn(&IssueHeader) -> bool) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (at, after) in headers.iter().enumerate() {
        let before = headers[..at]
            .iter()
            .rfind(|h| h.number.same_kind(&after.number));
        let Some(before) = before else {
            continue;
        };
        if !report(after) {
            continue;
        }
        diagnostics.extend(numbering::pair(before, after));
        diagnostics.extend(dates::pair(before, after));
    }
    diagnostics
}
