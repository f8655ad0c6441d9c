//! Regression tests: each is named after what broke, with one line saying
//! so, and drives the binary as a user did when it broke.

use crate::common::Project;

/// `--format pdf,svg,pdf` named the PDF twice and the write failed (exit 3).
#[test]
fn a_format_given_twice_is_written_once() {
    let project = Project::example("minimal");
    let run = project
        .run(&["build", "1", "--format", "pdf,svg,pdf"])
        .success();
    let stderr = run.stderr();
    assert_eq!(stderr.matches("out/1.pdf").count(), 1, "{stderr}");
    assert!(project.path().join("out/1.pdf").is_file());
    assert!(project.path().join("out/1-1.svg").is_file());
}

/// `--format html` wrote the page and said nothing about it.
#[test]
fn an_html_build_says_what_it_wrote() {
    let project = Project::example("minimal");
    let run = project.run(&["build", "1", "--format", "html"]).success();
    let stderr = run.stderr();
    assert!(stderr.lines().any(|l| l == "已生成 out/1.html"), "{stderr}");
    assert_eq!(stderr.matches("已生成").count(), 1, "{stderr}");
    assert!(project.path().join("out/1.html").is_file());
}

/// A stray `bulletins/5/` without `issue.yaml` made `check --all` stop with
/// a usage error (exit 2) instead of reporting it with the rest.
#[test]
fn an_issue_folder_without_issue_yaml_is_a_diagnostic() {
    let project = Project::example("minimal");
    project.write(
        "bulletins/5/01-note.md",
        "---\ntitle: 通知\ndate: 2024-05-20\n---\n正文\n",
    );
    let run = project.run(&["check", "--all"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("error[E-ISSUE-FILE]"), "{stderr}");
    assert!(stderr.contains("┌─ bulletins/5/issue.yaml"), "{stderr}");
    // The rest of the series is still checked and listed.
    let list = project.run(&["list", "--format", "json"]).success();
    let rows: serde_json::Value = serde_json::from_str(&list.stdout()).expect("json");
    assert_eq!(rows[0]["errors"], 0, "{rows}");
    assert_eq!(rows[1]["number"], 5, "{rows}");
    assert_eq!(rows[1]["errors"], 1, "{rows}");
}

/// `list` counted one bad `rules:` entry of `bulletin.yaml` on every row.
#[test]
fn a_bad_rules_entry_is_told_once_not_on_every_row() {
    let project = Project::example("minimal");
    let config = String::from_utf8(project.read("bulletin.yaml")).expect("utf-8");
    project.write(
        "bulletin.yaml",
        &format!("{config}rules:\n  W-NO-SUCH-RULE: off\n"),
    );
    project.write("bulletins/2/issue.yaml", "number: 2\ndate: 2024-05-28\n");
    project.write(
        "bulletins/2/01-note.md",
        "---\ntitle: 通知\ndate: 2024-05-27\n---\n正文\n",
    );
    let run = project.run(&["list", "--format", "json"]).success();
    let rows: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    for row in rows.as_array().expect("rows") {
        assert_eq!(row["errors"], 0, "{rows}");
    }
    let stderr = run.stderr();
    assert_eq!(
        stderr.matches("error[E-RULE-UNKNOWN]").count(),
        1,
        "{stderr}"
    );
}
