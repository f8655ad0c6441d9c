//! Every project read is confined to the project.

use super::*;

// ---- 1: every project read is confined ----

/// Regression: an item linked to a file outside the project was printed in
/// the PDF, one linked to `/etc/passwd` shown in a snippet, and an issue
/// folder linked to an outside folder built.
#[test]
fn files_and_folders_linked_outside_the_project_are_refused() {
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("secret.md"), meeting("机密内容。")).expect("write");
    fs::write(
        outside.path().join("issue.yaml"),
        "number: 2\ndate: 2024-05-28\n",
    )
    .expect("write");
    let p = minimal(&[]);
    std::os::unix::fs::symlink(outside.path().join("secret.md"), p.path().join(EXTRA))
        .expect("symlink");
    std::os::unix::fs::symlink("/etc/passwd", p.path().join("bulletins/1/03-passwd.md"))
        .expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", p.path().join("bulletins/1/04-zero.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), p.path().join("bulletins/2")).expect("symlink");
    // A font linked from outside would be read to typeset.
    fs::create_dir(p.path().join("fonts")).expect("fonts/");
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/DejaVuSans-GBK-rest.ttf");
    fs::copy(&font, outside.path().join("outside.ttf")).expect("copy");
    std::os::unix::fs::symlink(
        outside.path().join("outside.ttf"),
        p.path().join("fonts/x.ttf"),
    )
    .expect("symlink");
    let run = p.run(&["check", "--all"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    for file in [
        EXTRA,
        "bulletins/1/03-passwd.md",
        "bulletins/1/04-zero.md",
        "bulletins/2/issue.yaml",
    ] {
        assert!(
            stderr.contains(&format!(
                "error[E-FILE-OUTSIDE]: 文件经符号链接指向项目目录之外，未读取\n  ┌─ {file}\n"
            )),
            "{file}: {stderr}"
        );
    }
    assert!(
        stderr.contains(
            "error[E-FILE-OUTSIDE]: 字体文件经符号链接指向项目目录之外，未读取\n  ┌─ fonts/x.ttf\n"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("机密") && !stderr.contains("root:"),
        "{stderr}"
    );
    let run = p.run(&["build", "1", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(!p.path().join("out").exists());
}

/// Regression, found by the `project` fuzz target: a title of 1,500 short
/// words took hours to typeset (the template balances a title's lines with
/// a search that grows with the cube of its words). A line of more than 60
/// words is now left to Typst's own line breaking.
#[test]
fn a_title_of_many_words_builds_at_once() {
    let title = format!("{}会议", "a ".repeat(1500));
    let p = minimal(&[(
        EXTRA,
        &item(
            &format!("title: {title}\ndate: 2024-05-20"),
            "会议要求加强领导。",
        ),
    )]);
    let run = p.run(&["build", "1", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = common::pdf_text(&p.path().join("out/1.pdf"));
    assert!(text.contains("a a a a a"), "{text}");
}

/// Regression: an item that is a named pipe hung `check`, `serve` and
/// `archive`.
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    let p = minimal(&[]);
    let fifo = p.path().join(EXTRA);
    common::program("mkfifo").arg(&fifo).run().success();
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[E-FILE-NOT-REGULAR]")
            && run.stderr().contains("┌─ bulletins/1/02-meeting.md\n"),
        "{}",
        run.stderr()
    );
    let run = p.run(&["archive", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
}
