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

mod decode;
mod project;
mod raw;
mod read;
mod stray;
mod yaml;

use std::path::Path;

use crate::diagnostic::{Diagnostic, FileId, Sources};
use crate::error::Result;
use crate::model::SeriesConfig;

pub use confine::{Contents, read as read_bounded};
pub use findings::Fragment;
pub use fonts::{FontState, MAX_FONT_FILE, font_files};
pub use images::{IMAGES_DIR, sniff as image_header};
pub use inputs::Inputs;
pub use project::{CONFIG_FILE, FONTS_DIR, ISSUE_FILE, ISSUES_DIR, Project, TEMPLATES_DIR};
pub use read::{read_confined, read_output};

pub use crate::model::{MAX_FILE_SIZE, MAX_ITEMS};
/// Default of `item_age_days`: an item this much older than its issue is stale.
pub const DEFAULT_ITEM_AGE_DAYS: u32 = 30;

/// Reads files of a project, keeping their text for diagnostics. Each
/// public step returns what it found ([`Loaded`]); the loader keeps only
/// the sources, which every diagnostic points into.
pub struct Loader<'a> {
    project: &'a Project,
    sources: Sources,
    /// What the current step has found so far.
    diagnostics: Vec<Diagnostic>,
    /// Bodies of items whose front matter failed, in the current step.
    fragments: Vec<Fragment>,
}

/// What one step of loading found: its value, the diagnostics of the files
/// it read, and the bodies of items whose front matter failed (the rules
/// that read only the body still run on them).
#[derive(Debug)]
pub struct Loaded<T> {
    /// What was loaded.
    pub value: T,
    /// The problems of the files read.
    pub diagnostics: Vec<Diagnostic>,
    /// Bodies of items whose front matter failed.
    pub fragments: Vec<Fragment>,
}

/// The files every issue of a series uses: `bulletin.yaml`, and the
/// project's own templates.
#[derive(Debug)]
pub struct SeriesFiles {
    /// The configuration, when it loaded without errors.
    pub config: Option<SeriesConfig>,
    /// The project's Typst template, when it has one.
    pub typst_template: Option<FileId>,
    /// The project's versions of the HTML templates named: each name with
    /// the file read.
    pub html_templates: Vec<(String, FileId)>,
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

    /// Every file read so far.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Ends loading: every file read.
    pub fn into_sources(self) -> Sources {
        self.sources
    }

    /// Loads the series' own files: the configuration, the project's
    /// versions of the templates named (the Typst template and the HTML
    /// templates), and reports the font files that are not read.
    pub fn series(
        &mut self,
        typst_template: &str,
        html_templates: &[&str],
    ) -> Result<Loaded<SeriesFiles>> {
        let config = self.series_config()?;
        self.check_fonts();
        let typst_template = self.read_optional(&Path::new(TEMPLATES_DIR).join(typst_template))?;
        let html_templates = self.templates(html_templates)?;
        Ok(self.found(SeriesFiles {
            config,
            typst_template,
            html_templates,
        }))
    }

    /// Loads `bulletin.yaml` alone. `None` when it has errors.
    pub fn config(&mut self) -> Result<Loaded<Option<SeriesConfig>>> {
        let config = self.series_config()?;
        Ok(self.found(config))
    }

    /// Hands what the current step found to its caller.
    fn found<T>(&mut self, value: T) -> Loaded<T> {
        Loaded {
            value,
            diagnostics: std::mem::take(&mut self.diagnostics),
            fragments: std::mem::take(&mut self.fragments),
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
