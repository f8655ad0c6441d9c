//! Loading a bulletin project: where its files are ([`project`]), reading
//! and decoding them ([`read`]), parsing YAML and Markdown, and lowering
//! what parses to the typed model ([`lower`]); what an issue's inputs are,
//! for change detection ([`inputs`]). Only this module reads project files.

mod confine;
mod findings;
mod fonts;
mod frontmatter;
mod images;
mod inputs;
mod lower;
mod markdown;
mod project;
mod raw;
mod read;
mod stray;
mod text;
mod yaml;

use crate::diagnostic::{Diagnostic, FileId, Sources};
use crate::error::Report;

pub use confine::{Contents, read as read_bounded};
pub use findings::Fragment;
pub use fonts::{FontState, MAX_FONT_FILE, font_files};
pub use images::IMAGES_DIR;
pub use inputs::Inputs;
pub use markdown::{TEXT_WIDTH_MM, is_wide};
pub use project::{CONFIG_FILE, FONTS_DIR, ISSUE_FILE, ISSUES_DIR, Project, TEMPLATES_DIR};
pub use read::{read_confined, read_output};

pub use crate::model::{MAX_FILE_SIZE, MAX_ITEMS};
/// Default of `item_age_days`: an item this much older than its issue is stale.
pub const DEFAULT_ITEM_AGE_DAYS: u32 = 30;

/// Reads files of a project, keeping their text for diagnostics.
pub struct Loader<'a> {
    project: &'a Project,
    /// Every file read so far.
    pub sources: Sources,
    /// Every diagnostic so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Bodies of items whose front matter failed: the rules that read only
    /// the body still run on them.
    pub fragments: Vec<Fragment>,
}

impl<'a> Loader<'a> {
    /// A loader for a project.
    pub fn new(project: &'a Project) -> Self {
        Self {
            project,
            sources: Sources::default(),
            diagnostics: Vec::new(),
            fragments: Vec::new(),
        }
    }

    /// Ends loading: the report of what was found.
    pub fn into_report(self) -> Report {
        Report {
            sources: self.sources,
            diagnostics: self.diagnostics,
        }
    }

    fn doc(&self, id: FileId, range: std::ops::Range<usize>) -> yaml::YamlDoc<'_> {
        yaml::YamlDoc {
            id,
            file: self.sources.get(id),
            range,
        }
    }
}
