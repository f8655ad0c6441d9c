//! The entry points of the fuzz targets: one item given as bytes, and a
//! whole project from files to outputs. Nothing they are given may make
//! them panic.

use super::*;

/// Loads and checks one item given as bytes, in an issue of its own under
/// a series with the default settings and one leader, then composes it:
/// everything `check` does to an item file, without a project on disk. The
/// fuzz target calls this; nothing it is given may make it panic.
pub fn item_bytes(bytes: &[u8]) -> Report {
    use crate::model::{Distribution, Grid, Leader, Located, Phrases};
    let project = Project {
        root: PathBuf::from("."),
    };
    let mut loader = Loader::new(&project);
    let config_file = loader.sources.add("bulletin.yaml".into(), String::new());
    let issue_file = loader
        .sources
        .add("bulletins/1/issue.yaml".into(), String::new());
    let item = loader.item_from_bytes(std::path::Path::new("bulletins/1/01.md"), bytes);
    let span = Span::file(issue_file);
    let config = SeriesConfig {
        file: config_file,
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
        idle_days: None,
    };
    if let Some(item) = item {
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
        let found = check::issue(&config, &issue, &loader.sources);
        loader.diagnostics.extend(found);
        let document = compose::document(&config, &issue);
        let found = check::printable(&document, &loader.sources, config_file, issue_file);
        loader.diagnostics.extend(found);
        // Serializing is what the typesetter is given.
        let _ = serde_json::to_vec(&document);
    }
    loader.into_report()
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
