//! Many faults at once, exit codes and options of `check`, its JSON lines,
//! and `build` running the same checks.

use super::*;

// Many faults at once, exit codes, options.

#[test]
fn many_faults_in_many_files_are_all_reported() {
    let p = with_config("grids: 5\nrules:\n  W-TYPO-SPACE: error\n");
    p.write(
        "bulletins/1/issue.yaml",
        "number: 1\ndate: 2024-05-21\ndistribution:\n  copies: -3\n",
    );
    p.write(
        ITEM,
        &item(
            &format!("grid: 9\nleader: 林小东\ndate: 2024-05-22\n{INSPECTION}"),
            "检查(创城)工作 要求“加强管理。",
        ),
    );
    p.write(
        EXTRA,
        &item("title: 会议\nleadr: 林晓东\ndate: 2024-05-20", "正文"),
    );
    p.write(
        "bulletins/1/03-date.md",
        &item("title: 会议\ndate: 2024-02-30", "正文"),
    );
    p.write("bulletins/1/04-open.md", "---\ntitle: 会议\n");
    let output = check(&p, &["1"], 1);
    for code in [
        "error[E-DIST-COPIES]",
        "error[E-GRID-UNKNOWN]",
        "error[E-LEADER-UNKNOWN]",
        "error[E-DATE-AFTER-ISSUE]",
        "warning[W-TYPO-HALFWIDTH]",
        "error[W-TYPO-SPACE]",
        "warning[W-TYPO-UNBALANCED]",
        "error[E-FIELD-UNKNOWN]",
        "error[E-DATE-INVALID]",
        "error[E-FRONTMATTER]",
    ] {
        assert!(output.contains(code), "{code} missing:\n{output}");
    }
    insta::assert_snapshot!("many-faults", output);
}

#[test]
fn usage_errors_exit_2_and_io_errors_exit_3() {
    let p = Project::example("minimal");
    let run = p.run(&["check", "99"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("没有第99期"), "{}", run.stderr());
    assert_eq!(p.run(&["check"]).code(), 2);
    assert_eq!(p.run(&["check", "1", "--format", "xml"]).code(), 2);
    // An output that cannot be written is an I/O error.
    fs::create_dir_all(p.path().join("out/1.pdf")).expect("mkdir");
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    assert!(run.stderr().contains("1.pdf"), "{}", run.stderr());
    // A folder named like an item is not read, and said so at its name.
    fs::create_dir_all(p.path().join("bulletins/1/02-folder.md")).expect("mkdir");
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("error[E-FILE-NOT-REGULAR]: 不是普通文件（而是目录、管道或设备），未读取\n  ┌─ bulletins/1/02-folder.md\n"),
        "{}",
        run.stderr()
    );
}

#[test]
fn deny_warnings_fails_on_warnings_only_when_asked() {
    let p = body("会议要求 加强领导。");
    assert_eq!(p.run(&["check", "1"]).code(), 0);
    let run = p.run(&["check", "1", "--deny-warnings"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().ends_with(
            "错误 (error): 有 1 处警告，按 --deny-warnings 视为未通过 (1 warning(s) denied)\n"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_series_turns_rules_off_or_raises_them() {
    let p = with_config("rules:\n  W-TYPO-SPACE: off\n  W-GRID-MISMATCH: error\n");
    p.write(
        EXTRA,
        &item("title: 会议\ndate: 2024-05-20", "会议要求 加强领导。"),
    );
    p.write(
        ITEM,
        &item(
            &format!("grid: 4\nleader: 林晓东\ndate: 2024-05-20\n{INSPECTION}"),
            "",
        ),
    );
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("error[W-GRID-MISMATCH]"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("W-TYPO-SPACE"), "{}", run.stderr());
}

#[test]
fn json_lines_follow_the_documented_schema() {
    let p = minimal(&[(EXTRA, &item("title: 会议\ndate: 2024-05-22", "正文"))]);
    let run = p.run(&["check", "1", "--format", "json"]);
    assert_eq!(run.code(), 1);
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout());
    let value: serde_json::Value = serde_json::from_str(lines[0]).expect("json");
    let keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "code", "severity", "file", "line", "column", "range", "message", "hint",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(value["code"], "E-DATE-AFTER-ISSUE");
    assert_eq!(value["severity"], "error");
    assert_eq!(value["file"], "bulletins/1/02-meeting.md");
    assert_eq!(
        (value["line"].as_u64(), value["column"].as_u64()),
        (Some(3), Some(7))
    );
    let text = String::from_utf8(p.read(EXTRA)).expect("utf-8");
    let range = (value["range"][0].as_u64().expect("start") as usize)
        ..(value["range"][1].as_u64().expect("end") as usize);
    assert_eq!(&text[range], "2024-05-22");
    // Nothing but JSON on standard output.
    assert!(run.stderr().contains("发现 1 处错误"), "{}", run.stderr());
}

#[test]
fn build_runs_the_same_checks_and_writes_nothing_on_error() {
    let p = minimal(&[(EXTRA, &item("title: 会议\ndate: 2024-05-22", "正文"))]);
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("error[E-DATE-AFTER-ISSUE]"),
        "{}",
        run.stderr()
    );
    assert!(!p.path().join("out").exists());
    // Warnings are printed and the build goes on.
    let p = body("会议要求 加强领导。");
    let run = p.run(&["build", "1"]).success();
    assert!(
        run.stderr().contains("warning[W-TYPO-SPACE]"),
        "{}",
        run.stderr()
    );
    assert!(p.path().join("out/1.pdf").is_file());
}
