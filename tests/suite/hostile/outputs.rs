//! Outputs are all or nothing, and the archive deletes only what it wrote.

use super::*;

// ---- 6: outputs are all or nothing ----

/// Regression: with `out/1.pdf` a folder, the rename failed and left
/// `.1.pdf.<pid>.tmp` behind.
#[test]
fn a_folder_where_the_pdf_goes_fails_the_build_and_leaves_nothing() {
    let p = minimal(&[]);
    fs::create_dir_all(p.path().join("out/1.pdf")).expect("mkdir");
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    assert!(run.stderr().contains("1.pdf"), "{}", run.stderr());
    assert_eq!(names(&p.path().join("out")), ["1.pdf"]);
}

/// Regression: with `12-3.png` a folder, the PDF and pages 1–2 were
/// replaced and five temporary files stayed.
#[test]
fn a_folder_where_a_page_goes_leaves_every_earlier_output_as_it_was() {
    let p = Project::sample();
    p.run(&["build", "12", "--format", "pdf,png", "--dpi", "18"])
        .success();
    let before: Vec<(String, Vec<u8>)> = names(&p.path().join("out"))
        .into_iter()
        .map(|n| {
            let bytes = p.read(&format!("out/{n}"));
            (n, bytes)
        })
        .collect();
    assert!(before.len() > 3, "{before:?}");
    fs::remove_file(p.path().join("out/12-3.png")).expect("rm");
    fs::create_dir(p.path().join("out/12-3.png")).expect("mkdir");
    // Another text, so that every output would change.
    let item = "bulletins/12/02-zhu-jiayun.md";
    let text = String::from_utf8(p.read(item)).expect("utf-8");
    p.write(item, &text.replacen("。", "。又讲话。", 1));
    let run = p.run(&["build", "12", "--format", "pdf,png", "--dpi", "18"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    for (name, bytes) in &before {
        if name != "12-3.png" {
            assert!(p.read(&format!("out/{name}")) == *bytes, "{name} changed");
        }
    }
    let after = names(&p.path().join("out"));
    let before_names: Vec<&String> = before.iter().map(|(n, _)| n).collect();
    assert_eq!(after.iter().collect::<Vec<_>>(), before_names);
}

/// Regression: after the page count shrank, `12-6.svg` … of the earlier
/// build stayed beside the new pages.
#[test]
fn pages_of_an_earlier_longer_build_are_removed() {
    let p = Project::sample();
    p.run(&["build", "12", "--format", "svg"]).success();
    let long = names(&p.path().join("out"));
    for name in [
        "03-sun-lingyun",
        "04-jia-fubin",
        "05-liu-yanjie",
        "06-shirenda-tuijinhui",
    ] {
        fs::remove_file(p.path().join(format!("bulletins/12/{name}.md"))).expect("rm");
    }
    // Files that are not this issue's pages stay.
    p.write("out/12-notes.svg", "keep");
    p.write("out/13-40.svg", "keep");
    p.write("out/12-40.png", "keep: not a format of this build");
    p.run(&["build", "12", "--format", "svg"]).success();
    let short = names(&p.path().join("out"));
    let pages: Vec<&String> = short
        .iter()
        .filter(|n| n.starts_with("12-") && n.ends_with(".svg") && *n != "12-notes.svg")
        .collect();
    assert!(pages.len() + 1 < long.len(), "{long:?} → {short:?}");
    let expected: Vec<String> = (1..=pages.len()).map(|i| format!("12-{i}.svg")).collect();
    let mut pages: Vec<String> = pages.into_iter().cloned().collect();
    pages.sort_by_key(|n| n.len());
    assert_eq!(pages, expected);
    for kept in ["12-notes.svg", "13-40.svg", "12-40.png"] {
        assert!(short.iter().any(|n| n == kept), "{kept} removed: {short:?}");
    }
}

/// Regression: SIGKILL left temporary files that no later run removed.
#[test]
fn temporary_files_of_a_killed_run_are_removed_by_the_next() {
    let p = minimal(&[]);
    // Process ids above 4,194,304 (Linux's limit) are never running;
    // process 1 always is.
    p.write("out/.1.pdf.999999999.tmp", "half a PDF");
    p.write("out/.1.pdf.999999998.old.tmp", "an old PDF");
    p.write("out/.1.pdf.1.tmp", "another build's");
    p.write("out/.notes.tmp", "not ours");
    p.run(&["build", "1"]).success();
    assert_eq!(
        names(&p.path().join("out")),
        [".1.pdf.1.tmp", ".notes.tmp", "1.pdf"]
    );
}

// ---- 2: the archive deletes only what it wrote ----

/// Regression: a manifest listing `../../../outside/precious.txt` under a
/// removed issue made `archive` delete that file.
#[test]
fn a_manifest_naming_files_outside_the_site_is_discarded() {
    let p = minimal(&[]);
    p.write("precious.txt", "keep me");
    p.write(
        "site/.bulletin-manifest.json",
        r#"{"series":null,"issues":{"7":{"fingerprint":"x","files":["../precious.txt","7.pdf"]}}}"#,
    );
    let run = p.run(&["archive"]).success();
    assert!(run.stderr().contains("已弃用该清单"), "{}", run.stderr());
    assert_eq!(p.read("precious.txt"), b"keep me");
    assert!(p.path().join("site/1.pdf").is_file());

    // Told also when the run fails: here the site folder cannot take the
    // index.
    p.write(
        "site/.bulletin-manifest.json",
        r#"{"series":null,"issues":{"7":{"fingerprint":"x","files":["../precious.txt"]}}}"#,
    );
    fs::remove_file(p.path().join("site/index.html")).expect("index");
    fs::create_dir(p.path().join("site/index.html")).expect("a folder where the index goes");
    let run = p.run(&["archive"]);
    assert_ne!(run.code(), 0, "{}", run.stderr());
    assert!(run.stderr().contains("已弃用该清单"), "{}", run.stderr());
    assert_eq!(p.read("precious.txt"), b"keep me");
}
