//! Checks on the loaded model: the rules that need a whole item, issue or
//! series, each with a stable code. Every rule returns all it finds, not
//! the first. Syntax and schema errors come from `load`; this module lists
//! every code (its registry) and applies the levels a series sets for them
//! in `bulletin.yaml`.

mod dates;
mod distribution;
mod limits;
mod numbering;
mod roster;
mod rules;
mod typography;

use crate::diagnostic::{Diagnostic, Sources};
use crate::model::{Issue, SeriesConfig};

pub use limits::document as printable;
pub use rules::{RULES, Rule, apply_levels, rule};

/// Checks one issue against the series configuration; `sources` holds the
/// text of its files, for the rules that read the body as written.
pub fn issue(config: &SeriesConfig, issue: &Issue, sources: &Sources) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    diagnostics.extend(numbering::issue(issue));
    diagnostics.extend(roster::issue(config, issue));
    diagnostics.extend(dates::issue(config, issue, sources));
    diagnostics.extend(typography::issue(config, issue, sources));
    diagnostics.extend(distribution::issue(issue));
    diagnostics
}

/// Checks the issues of a series against each other (numbers, dates). The
/// issues are in ascending order of number; only diagnostics about issues
/// for which `report` holds are returned, so a single issue can be checked
/// against its predecessor without reporting on the predecessor.
pub fn series(issues: &[&Issue], report: impl Fn(&Issue) -> bool) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for pair in issues.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if !report(after) {
            continue;
        }
        diagnostics.extend(numbering::pair(before, after));
        diagnostics.extend(dates::pair(before, after));
    }
    diagnostics
}
