//! Regression inputs for the fuzz target: hostile files written by hand and
//! whatever `cargo fuzz` found (see `fuzz/README.md`). Each goes through the
//! fuzz target's entry point, must not panic, and must finish quickly.

use std::time::{Duration, Instant};

#[test]
fn fuzz_inputs_load_and_check_without_panicking() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let started = Instant::now();
        let report = bulletin::checked::item_bytes(&bytes);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{} took {:?}",
            path.display(),
            started.elapsed()
        );
        // Every diagnostic points inside the text it names.
        for d in &report.diagnostics {
            if let Some(span) = &d.span {
                let text = &report.sources.get(span.file).text;
                assert!(
                    span.range.start <= span.range.end && text.get(span.range.clone()).is_some(),
                    "{}: {} has span {:?} outside its file",
                    path.display(),
                    d.code,
                    span.range
                );
            }
        }
        count += 1;
    }
    assert!(count >= 10, "only {count} inputs in {}", dir.display());
}

/// The schema refuses a nested "billion laughs" at its first key, before any
/// alias is expanded; expansions that fit the schema (a list of aliases of
/// one string) meet the budget instead, see `e_yaml_limit_alias_bomb` in
/// `tests/check.rs`.
#[test]
fn the_alias_bomb_is_refused_before_expanding() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/alias-bomb.md"),
    )
    .expect("read");
    let report = bulletin::checked::item_bytes(&bytes);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E-FIELD-UNKNOWN"], "{:?}", report.diagnostics);
}
