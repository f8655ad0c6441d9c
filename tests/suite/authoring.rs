//! `init`, `new`, `add`, `list`, `completions` and `man`, driven through the
//! binary over temporary folders.

use crate::common::{self, Project, pdf_text};

#[test]
fn init_makes_a_series_that_builds_at_once() {
    let project = Project::empty();
    project.run(&["init", "series"]).success();
    let dir = project.path().join("series");
    for file in [
        "bulletin.yaml",
        "bulletins/1/issue.yaml",
        "bulletins/1/01-zhang-san.md",
        ".gitignore",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let run = common::run_in(&dir, &["build", "1"]).success();
    assert!(run.stderr().contains("out/1.pdf"), "{}", run.stderr());
    let text = pdf_text(&dir.join("out/1.pdf"));
    assert!(text.contains("张三到第一网格督导创城工作"), "{text}");
}

#[test]
fn init_refuses_a_non_empty_folder_and_force_keeps_existing_files() {
    let project = Project::empty();
    project.write("notes.txt", "mine");
    project.write("bulletin.yaml", "# my own\n");
    let run = project.run(&["init"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("不为空，未写入任何文件"),
        "{}",
        run.stderr()
    );
    assert!(!project.path().join("bulletins").exists());

    let run = project.run(&["init", "--force"]).success();
    assert!(run.stderr().contains("已存在，未改动"), "{}", run.stderr());
    assert_eq!(project.read("bulletin.yaml"), b"# my own\n");
    assert_eq!(project.read("notes.txt"), b"mine");
    assert!(project.path().join("bulletins/1/issue.yaml").is_file());
}

#[test]
fn new_twice_gives_consecutive_issues() {
    let project = Project::sample();
    project.run(&["new", "--date", "2021-03-24"]).success();
    project.run(&["new", "--date", "2021-03-31"]).success();
    let issue = String::from_utf8(project.read("bulletins/13/issue.yaml")).unwrap();
    assert!(issue.contains("number: 13\ndate: 2021-03-24\n"), "{issue}");
    let issue = String::from_utf8(project.read("bulletins/14/issue.yaml")).unwrap();
    assert!(issue.contains("number: 14\ndate: 2021-03-31\n"), "{issue}");
}

#[test]
fn add_fills_the_item_from_the_roster_and_it_builds() {
    let project = Project::sample();
    project.run(&["new", "--date", "2021-03-24"]).success();
    project
        .run(&["add", "13", "--leader", "朱加云", "--date", "2021-03-23"])
        .success();
    project
        .run(&[
            "add",
            "13",
            "--title",
            "全市创城工作推进会召开",
            "--date",
            "2021-03-22",
        ])
        .success();
    let item = String::from_utf8(project.read("bulletins/13/01-zhu-jiayun.md")).unwrap();
    assert!(item.contains("grid: 7 "), "{item}");
    assert!(
        item.contains("职务取自名册：市人大常委会副主任、党组副书记"),
        "{item}"
    );
    assert!(
        project
            .path()
            .join("bulletins/13/02-quanshichuangchenggongzu.md")
            .is_file()
    );
    project.run(&["build", "13"]).success();
    let text = pdf_text(&project.path().join("out/13.pdf"));
    assert!(text.contains("朱加云到第七网格督导创城工作"), "{text}");
    assert!(text.contains("全市创城工作推进会召开"), "{text}");
    assert!(
        common::squash(&text).contains(
            "3月23日，市人大常委会副主任、党组副书记、市创城第七网格工作组组长朱加云带领督导组到第七网格督导创城工作。"
        ),
        "{text}"
    );
}

#[test]
fn add_refuses_an_unknown_leader_and_writes_nothing() {
    let project = Project::sample();
    let run = project.run(&["add", "12", "--leader", "朱嘉云"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("领导“朱嘉云”不在名册中。是否应为“朱加云”？"),
        "{stderr}"
    );
    assert!(
        stderr.contains("名册中有：张旋宇、朱加云、孙凌云、贾富彬、刘延杰"),
        "{stderr}"
    );
    let files = std::fs::read_dir(project.path().join("bulletins/12"))
        .unwrap()
        .count();
    assert_eq!(files, 7, "a file was written");
}

#[test]
fn add_to_a_missing_issue_says_how_to_make_it() {
    let project = Project::sample();
    let run = project.run(&["add", "40", "--leader", "朱加云"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("没有第40期"), "{}", run.stderr());
    assert!(!project.path().join("bulletins/40").exists());
}

#[test]
fn list_shows_every_issue_from_a_subfolder() {
    let project = Project::example("other-series");
    let run = common::run_in(&project.path().join("bulletins/4"), &["list"]).success();
    let table = run.stdout();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    // 堃 in 王堃 is printed from the fallback font: W-GLYPH-FALLBACK.
    assert!(
        lines[1].starts_with("3 ") && lines[1].contains("1 个警告"),
        "{table}"
    );
    assert!(lines[2].starts_with("4 "), "{table}");

    let run = project.run(&["list", "--format", "json"]).success();
    let rows: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(rows[0]["number"], 3);
    assert_eq!(rows[1]["number"], 4);
    assert_eq!(rows[0]["errors"], 0);
}

#[test]
fn outside_a_series_every_command_says_so() {
    let project = Project::empty();
    for args in [&["list"][..], &["new"], &["add", "1", "--leader", "张三"]] {
        let run = project.run(args);
        assert_eq!(run.code(), 2, "{args:?}");
        assert!(
            run.stderr().contains("当前目录不在简报项目中"),
            "{args:?}: {}",
            run.stderr()
        );
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    let project = Project::empty();
    let run = project.run(&["completions", "bash"]).success();
    let script = run.stdout();
    assert!(script.contains("_bulletin()"), "{script}");
    for subcommand in ["build", "init", "new", "add", "list", "completions", "man"] {
        assert!(
            script.contains(&format!("bulletin__subcmd__{subcommand}")),
            "no {subcommand}"
        );
    }
    let run = project.run(&["man"]).success();
    assert!(run.stdout().contains(".TH bulletin 1"), "{}", run.stdout());
}
