//! Regression inputs for the fuzz target: hostile files written by hand and
//! whatever `cargo fuzz` found (see `fuzz/README.md`). Each goes through the
//! fuzz target's entry point and must not panic. A generous guard stops a
//! hang; the limits the code enforces are asserted by their diagnostics.

use std::time::Duration;

/// Longer than any input may take, even on a loaded machine.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// Runs the fuzz entry point on `bytes`, failing the test if it hangs.
fn item_bytes(bytes: Vec<u8>, name: &str) -> bulletin::diagnostic::Report {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(bulletin::pipeline::item_bytes(&bytes));
    });
    receive
        .recv_timeout(HANG_GUARD)
        .unwrap_or_else(|e| panic!("{name}: no result ({e})"))
}

#[test]
fn fuzz_inputs_load_and_check_without_panicking() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let report = item_bytes(bytes, &path.display().to_string());
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
/// `check/syntax.rs`.
#[test]
fn the_alias_bomb_is_refused_before_expanding() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/alias-bomb.md"),
    )
    .expect("read");
    let report = item_bytes(bytes, "alias-bomb.md");
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E-FIELD-UNKNOWN"], "{:?}", report.diagnostics);
}
