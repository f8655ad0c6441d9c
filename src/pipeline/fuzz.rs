//! The entry points of the fuzz targets: one item given as bytes, and a
//! whole project from files to outputs. Nothing they are given may make
//! them panic.

use std::path::Path;

use super::*;
use crate::check;

/// Loads and checks one item given as bytes, in an issue of its own under
/// a series with the default settings and one leader, then composes it:
/// everything `check` does to an item file, without a project on disk. The
/// fuzz target calls this; nothing it is given may make it panic.
pub fn item_bytes(bytes: &[u8]) -> Report {
    use crate::model::{Distribution, Located};
    let project = Project {
        root: PathBuf::from("."),
    };
    let mut loader = Loader::new(&project);
    let config_file = loader.add_source(Path::new("bulletin.yaml"), String::new());
    let issue_file = loader.add_source(Path::new("bulletins/1/issue.yaml"), String::new());
    let loaded = loader.item_from_bytes(Path::new("bulletins/1/01.md"), bytes);
    let mut diagnostics = loaded.diagnostics;
    let span = Span::file(issue_file);
    let config = config(config_file);
    if let Some(item) = loaded.value {
        let issue = Issue {
            file: issue_file,
            dir: "bulletins/1".into(),
            number: IssueNumber::plain(1),
            declared_number: Located {
                value: 1,
                span: span.clone(),
            },
            date: Located {
                value: item.date.value,
                span,
            },
            total: None,
            label: None,
            editor_note: Vec::new(),
            distribution: Distribution::default(),
            items: vec![item],
            order: None,
            item_files: 1,
            failed_items: 0,
        };
        diagnostics.extend(check::issue(&config, &issue, loader.sources()));
        let document = compose::document(&config, &issue);
        diagnostics.extend(check::limits(
            &document,
            loader.sources(),
            config_file,
            issue_file,
        ));
        // Serializing is what the typesetter is given.
        let _ = serde_json::to_vec(&document);
    }
    Report {
        sources: loader.into_sources(),
        diagnostics,
    }
}
/// Checks and compiles issue 1 of the project at `root` into memory, as
/// `bulletin build 1` would but writing nothing: the entry point of the
/// fuzz target that runs the whole pipeline (`fuzz/fuzz_targets/project.rs`).
pub fn compile_first(
    root: &std::path::Path,
    fonts: &Fonts,
    formats: Vec<Format>,
) -> Result<Compiled> {
    let project = Project {
        root: root.to_owned(),
    };
    let checked = check(
        &project,
        &Selection::Issues(vec![IssueNumber::plain(1)]),
        &|| fonts,
    )?;
    let Some(issue) = checked.issues.first() else {
        return Err(Error::Content(Box::new(checked.report)));
    };
    let options = CompileOptions {
        formats,
        dpi: 72.0,
        created: None,
        pdf_standard: PdfStandard::Plain,
        copy_number: None,
    };
    checked.compile(&project, issue, fonts, &options)
}

/// The series every fuzz input is checked in: the default settings and
/// one leader.
fn config(file: crate::diagnostic::FileId) -> SeriesConfig {
    use crate::model::{Distribution, Grid, Leader, Phrases};
    SeriesConfig {
        file,
        title: "简报".into(),
        masthead: vec!["简报".into()],
        office: "办公室".into(),
        label: None,
        campaign: "创城".into(),
        phrases: Phrases::default(),
        phrases_given: Vec::new(),
        roster: vec![Leader {
            name: "张旋宇".into(),
            titles: vec!["市政协主席".into()],
            grid: Some(Grid(1)),
            grid_span: None,
        }],
        distribution: Distribution::default(),
        grids: None,
        item_age_days: crate::load::DEFAULT_ITEM_AGE_DAYS,
        base_url: None,
        single_sided: false,
        rules: Vec::new(),
        numbering: crate::model::Numbering::Continuous,
        word_fonts: crate::model::WordFonts::default(),
        idle_days: None,
    }
}

/// Reads bytes as a Word file and makes an item of them, as `bulletin
/// import` does but writing nothing and converting nothing (no
/// LibreOffice): the entry point of `fuzz/fuzz_targets/import.rs`. The
/// item's text, or why the bytes were refused; never a panic.
pub fn import_bytes(bytes: &[u8]) -> std::result::Result<String, String> {
    let mut sources = crate::diagnostic::Sources::default();
    let file = sources.add("bulletin.yaml".into(), String::new());
    let doc = crate::import::read(bytes).map_err(|r| r.0)?;
    let date = crate::model::Date::from_ymd_opt(2024, 5, 21).unwrap_or_default();
    let item = crate::import::item(doc, &config(file), date, "稿件");
    let names: Vec<String> = (1..=item.photos.len())
        .map(|i| format!("01-{i}.jpg"))
        .collect();
    Ok(item.text(&names))
}
