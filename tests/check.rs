//! `bulletin check`: one fixture project per rule, each with a snapshot of
//! the human and the JSON output, and the exit codes. The fixtures start
//! from `examples/minimal` (one issue, 第1期, 2024-05-21, one item by 林晓东
//! at grid 3) and change or add the files that make the fault.

mod common;

use std::fs;

use common::Project;

/// The human output (standard error) and the JSON lines (standard output)
/// of `check` with `args`, after asserting both runs exit with `code`.
fn check(project: &Project, args: &[&str], code: i32) -> String {
    let mut human_args = vec!["check"];
    human_args.extend_from_slice(args);
    human_args.push("--ignore-system-fonts");
    let human = project.run(&human_args);
    assert_eq!(human.code(), code, "human output:\n{}", human.stderr());
    human_args.extend(["--format", "json"]);
    let json = project.run(&human_args);
    assert_eq!(json.code(), code, "json output:\n{}", json.stderr());
    format!(
        "exit code {code}\n---- human (stderr) ----\n{}---- json (stdout) ----\n{}",
        human.stderr(),
        json.stdout()
    )
}

/// An item file: front matter lines and a body.
fn item(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// The minimal example with `files` written over it.
fn minimal(files: &[(&str, &str)]) -> Project {
    let project = Project::example("minimal");
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

const ITEM: &str = "bulletins/1/01-lin-xiaodong.md";
const EXTRA: &str = "bulletins/1/02-meeting.md";

/// Checks one rule's fixture: the exit code, that the rule is reported at
/// `location` (file:line:col), and the snapshot of both outputs.
#[track_caller]
fn rule(code: &str, project: &Project, exit: i32, location: &str) {
    let output = check(project, &["--all"], exit);
    let severity = if code.starts_with("W-") {
        "warning"
    } else {
        "error"
    };
    assert!(
        output.contains(&format!("{severity}[{code}]")),
        "{code} not reported:\n{output}"
    );
    assert!(
        output.contains(&format!("┌─ {location}\n")),
        "{code} not at {location}:\n{output}"
    );
    insta::assert_snapshot!(code, output);
}

#[test]
fn clean_examples_pass() {
    let project = Project::example("minimal");
    let run = project.run(&["check", "1", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 0);
    assert_eq!(run.stderr(), "检查完毕：第1期没有发现问题\n");
    let run = Project::sample().run(&["check", "--all", "--format", "json"]);
    assert_eq!((run.code(), run.stdout()), (0, String::new()));
}

// Syntax and schema.

#[test]
fn e_yaml() {
    let p = minimal(&[(
        EXTRA,
        &item("title: 推进会: 部署工作\ndate: 2024-05-20", "正文"),
    )]);
    rule("E-YAML", &p, 1, "bulletins/1/02-meeting.md:2:11");
}

#[test]
fn e_yaml_tab() {
    let p = minimal(&[(EXTRA, &item("title: 会议\n\tdate: 2024-05-20", "正文"))]);
    rule("E-YAML-TAB", &p, 1, "bulletins/1/02-meeting.md:3:1");
}

#[test]
fn e_yaml_duplicate() {
    let p = minimal(&[(
        EXTRA,
        &item("title: 会议\ndate: 2024-05-20\ndate: 2024-05-21", "正文"),
    )]);
    rule("E-YAML-DUPLICATE", &p, 1, "bulletins/1/02-meeting.md:4:1");
}

#[test]
fn e_yaml_limit_alias_bomb() {
    // One anchor expanded 150 times: more than the 100 allowed.
    let aliases = vec!["*a"; 150].join(", ");
    let front = format!("title: &a 会议\ndate: 2024-05-20\nsites: [{aliases}]");
    let p = minimal(&[(EXTRA, &item(&front, "正文"))]);
    rule("E-YAML-LIMIT", &p, 1, "bulletins/1/02-meeting.md:4:409");
}

#[test]
fn e_yaml_limit_deep_nesting() {
    // Refused at the first level that does not fit the schema, before the
    // depth limit of the budget is reached; either way quickly.
    let front = format!(
        "title: {}{}\ndate: 2024-05-20",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let p = minimal(&[(EXTRA, &item(&front, "正文"))]);
    let output = check(&p, &["1"], 1);
    assert!(
        output.contains("error[E-FIELD-TYPE]: 字段 `title` 的值应为一段文字"),
        "{output}"
    );
}

#[test]
fn e_frontmatter() {
    let p = minimal(&[(EXTRA, "---\ntitle: 会议\ndate: 2024-05-20\n正文\n")]);
    rule("E-FRONTMATTER", &p, 1, "bulletins/1/02-meeting.md:1:1");
}

#[test]
fn e_field_unknown() {
    let p = minimal(&[(
        ITEM,
        &item(
            "grid: 3\nleadr: 林晓东\ndate: 2024-05-20",
            "林晓东一行到东门社区督导。",
        ),
    )]);
    rule(
        "E-FIELD-UNKNOWN",
        &p,
        1,
        "bulletins/1/01-lin-xiaodong.md:3:1",
    );
}

#[test]
fn e_field_missing() {
    let p = minimal(&[(EXTRA, &item("title: 会议", "正文"))]);
    rule("E-FIELD-MISSING", &p, 1, "bulletins/1/02-meeting.md:2:1");
}

#[test]
fn e_field_type() {
    let p = minimal(&[(EXTRA, &item("title: [一, 二]\ndate: 2024-05-20", "正文"))]);
    rule("E-FIELD-TYPE", &p, 1, "bulletins/1/02-meeting.md:2:8");
}

#[test]
fn e_phrase_placeholder() {
    let p = Project::example("minimal");
    let config = String::from_utf8(p.read("bulletin.yaml")).expect("utf-8");
    p.write(
        "bulletin.yaml",
        &format!("{config}phrases:\n  title: \"{{leadr}}到{{grid}}督导\"\n"),
    );
    rule("E-PHRASE-PLACEHOLDER", &p, 1, "bulletin.yaml:14:10");
}

#[test]
fn e_order() {
    let p = minimal(&[(
        "bulletins/1/issue.yaml",
        "number: 1\ndate: 2024-05-21\norder: [01-lin-xiaodong, 02-nothing]\n",
    )]);
    rule("E-ORDER", &p, 1, "bulletins/1/issue.yaml:3:8");
}

#[test]
fn e_issue_file() {
    let p = minimal(&[(
        "bulletins/2/01-note.md",
        &item("title: 通知\ndate: 2024-05-20", "正文"),
    )]);
    rule("E-ISSUE-FILE", &p, 1, "bulletins/2/issue.yaml:1:1");
}

#[test]
fn e_issue_empty() {
    let p = Project::example("minimal");
    fs::remove_file(p.path().join(ITEM)).expect("remove");
    rule("E-ISSUE-EMPTY", &p, 1, "bulletins/1/issue.yaml:1:1");
}

fn with_config(extra: &str) -> Project {
    let p = Project::example("minimal");
    let config = String::from_utf8(p.read("bulletin.yaml")).expect("utf-8");
    p.write("bulletin.yaml", &format!("{config}{extra}"));
    p
}

#[test]
fn e_rule_unknown() {
    let p = with_config("rules:\n  W-TYPO-HALFWIDHT: off\n");
    rule("E-RULE-UNKNOWN", &p, 1, "bulletin.yaml:14:3");
}

#[test]
fn e_rule_fixed() {
    let p = with_config("rules:\n  E-YAML: warning\n");
    rule("E-RULE-FIXED", &p, 1, "bulletin.yaml:14:3");
}

// Encoding and limits.

#[test]
fn w_encoding_legacy() {
    let p = Project::example("minimal");
    let text = item(
        "title: 市创城办召开推进会\ndate: 2024-05-20",
        "5月20日，市创城办召开推进会。",
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    fs::write(p.path().join(EXTRA), gbk).expect("write");
    rule("W-ENCODING-LEGACY", &p, 0, "bulletins/1/02-meeting.md:1:1");
}

#[test]
fn e_encoding() {
    let p = Project::example("minimal");
    fs::write(p.path().join(EXTRA), b"---\ntitle: x\n\xff\xfe\x00\x01").expect("write");
    rule("E-ENCODING", &p, 1, "bulletins/1/02-meeting.md:3:3");
}

#[test]
fn e_file_too_large() {
    let p = minimal(&[(
        EXTRA,
        &item("title: 会议\ndate: 2024-05-20", &"正文。".repeat(120_000)),
    )]);
    rule("E-FILE-TOO-LARGE", &p, 1, "bulletins/1/02-meeting.md:1:1");
}

#[test]
fn e_limit_items() {
    let p = Project::example("minimal");
    for i in 0..1001 {
        p.write(&format!("bulletins/1/x{i:04}.md"), "");
    }
    rule("E-LIMIT-ITEMS", &p, 1, "bulletins/1/issue.yaml:1:1");
}

// Dates.

#[test]
fn e_date_invalid() {
    let p = minimal(&[(EXTRA, &item("title: 会议\ndate: 2024-02-30", "正文"))]);
    rule("E-DATE-INVALID", &p, 1, "bulletins/1/02-meeting.md:3:7");
}

#[test]
fn e_date_after_issue() {
    let p = minimal(&[(EXTRA, &item("title: 会议\ndate: 2024-05-22", "正文"))]);
    rule("E-DATE-AFTER-ISSUE", &p, 1, "bulletins/1/02-meeting.md:3:7");
}

#[test]
fn w_date_stale() {
    let p = minimal(&[(EXTRA, &item("title: 会议\ndate: 2023-05-20", "正文"))]);
    rule("W-DATE-STALE", &p, 0, "bulletins/1/02-meeting.md:3:7");
}

#[test]
fn w_date_body() {
    let p = minimal(&[(
        EXTRA,
        &item(
            "title: 会议\ndate: 2024-05-20",
            "5月19日上午，市创城办召开推进会。",
        ),
    )]);
    rule("W-DATE-BODY", &p, 0, "bulletins/1/02-meeting.md:5:1");
}

#[test]
fn e_issue_date_order() {
    let p = minimal(&[
        ("bulletins/2/issue.yaml", "number: 2\ndate: 2024-05-01\n"),
        (
            "bulletins/2/01-a.md",
            &item("title: 会议\ndate: 2024-04-30", "正文"),
        ),
    ]);
    rule("E-ISSUE-DATE-ORDER", &p, 1, "bulletins/2/issue.yaml:2:7");
    // Checking the issue alone compares it with the one before it.
    let one = p.run(&["check", "2", "--ignore-system-fonts"]);
    assert!(
        one.stderr().contains("error[E-ISSUE-DATE-ORDER]"),
        "{}",
        one.stderr()
    );
}

// Numbering.

#[test]
fn e_issue_number() {
    let p = minimal(&[("bulletins/1/issue.yaml", "number: 2\ndate: 2024-05-21\n")]);
    rule("E-ISSUE-NUMBER", &p, 1, "bulletins/1/issue.yaml:1:9");
}

#[test]
fn e_issue_duplicate() {
    let p = minimal(&[
        ("bulletins/01/issue.yaml", "number: 1\ndate: 2024-05-21\n"),
        (
            "bulletins/01/01-a.md",
            &item("title: 会议\ndate: 2024-05-20", "正文"),
        ),
    ]);
    rule("E-ISSUE-DUPLICATE", &p, 1, "bulletins/1/issue.yaml:1:9");
}

#[test]
fn w_issue_gap() {
    let p = minimal(&[
        ("bulletins/3/issue.yaml", "number: 3\ndate: 2024-06-01\n"),
        (
            "bulletins/3/01-a.md",
            &item("title: 会议\ndate: 2024-05-30", "正文"),
        ),
    ]);
    rule("W-ISSUE-GAP", &p, 0, "bulletins/3/issue.yaml:1:9");
}

// Roster.

const INSPECTION: &str = "participants: 第三网格创城工作组成员\nsites: [滨河公园]";

#[test]
fn e_leader_unknown() {
    let p = minimal(&[(
        ITEM,
        &item(
            &format!("grid: 3\nleader: 林晓冬\ndate: 2024-05-20\n{INSPECTION}"),
            "",
        ),
    )]);
    rule(
        "E-LEADER-UNKNOWN",
        &p,
        1,
        "bulletins/1/01-lin-xiaodong.md:3:9",
    );
}

#[test]
fn e_grid_unknown() {
    let p = with_config("grids: 5\n");
    p.write(
        ITEM,
        &item(
            &format!("grid: 9\nleader: 林晓东\ndate: 2024-05-20\n{INSPECTION}"),
            "",
        ),
    );
    rule(
        "E-GRID-UNKNOWN",
        &p,
        1,
        "bulletins/1/01-lin-xiaodong.md:2:7",
    );
}

#[test]
fn w_grid_mismatch() {
    let p = minimal(&[(
        ITEM,
        &item(
            &format!("grid: 4\nleader: 林晓东\ndate: 2024-05-20\n{INSPECTION}"),
            "",
        ),
    )]);
    rule(
        "W-GRID-MISMATCH",
        &p,
        0,
        "bulletins/1/01-lin-xiaodong.md:2:7",
    );
}

// Typography.

fn body(text: &str) -> Project {
    minimal(&[(EXTRA, &item("title: 会议\ndate: 2024-05-20", text))])
}

#[test]
fn w_typo_halfwidth() {
    let p = body(
        "会议要求:一是加强领导,二是压实责任(见附件)。时间为10:30,地点[见此](https://example.org)。",
    );
    rule("W-TYPO-HALFWIDTH", &p, 0, "bulletins/1/02-meeting.md:5:5");
}

#[test]
fn w_typo_unbalanced() {
    let p = body("学习《条例》和《办法，落实“门前三包”责任）。\n\n第二段“引文”完整。");
    rule("W-TYPO-UNBALANCED", &p, 0, "bulletins/1/02-meeting.md:5:8");
}

#[test]
fn w_typo_space() {
    let p = body("会议要求 加强领导，用 Word 编辑。\n\n- 列表 项");
    rule("W-TYPO-SPACE", &p, 0, "bulletins/1/02-meeting.md:5:5");
}

#[test]
fn w_leader_name() {
    let p = minimal(&[(
        ITEM,
        &item(
            &format!("grid: 3\nleader: 林晓东\ndate: 2024-05-20\n{INSPECTION}"),
            "林晓冬一行到滨河公园检查。林晓东要求，加强管理。",
        ),
    )]);
    rule("W-LEADER-NAME", &p, 0, "bulletins/1/01-lin-xiaodong.md:8:1");
}

// Fonts.

#[test]
fn e_glyph_missing() {
    // A character of the supplementary private use area: no font has it.
    let p = body("正文中有一个字\u{F0001}无法显示。");
    rule("E-GLYPH-MISSING", &p, 1, "bulletins/1/02-meeting.md:5:8");
}

// Distribution.

#[test]
fn w_dist_empty() {
    let p = minimal(&[(
        "bulletins/1/issue.yaml",
        "number: 1\ndate: 2024-05-21\ndistribution:\n  distribute: []\n",
    )]);
    rule("W-DIST-EMPTY", &p, 0, "bulletins/1/issue.yaml:4:3");
}

#[test]
fn e_dist_copies() {
    let p = minimal(&[(
        "bulletins/1/issue.yaml",
        "number: 1\ndate: 2024-05-21\ndistribution:\n  copies: 0\n",
    )]);
    rule("E-DIST-COPIES", &p, 1, "bulletins/1/issue.yaml:4:11");
}

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
            .contains("error[E-FILE-NOT-REGULAR]: 不是普通文件（而是目录、管道或设备），未读取\n  ┌─ bulletins/1/02-folder.md:1:1"),
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

/// The README's rule table is the registry, column by column, in order;
/// and the sources name no code outside it.
#[test]
fn readme_rules_table_matches_the_registry_and_the_sources_use_no_other_code() {
    let readme = fs::read_to_string(common::repo().join("README.md")).expect("README");
    let rows: Vec<Vec<String>> = readme
        .lines()
        .filter(|line| line.starts_with("| `E-") || line.starts_with("| `W-"))
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect();
    let registry: Vec<Vec<String>> = bulletin::check::RULES
        .iter()
        .map(|rule| {
            vec![
                format!("`{}`", rule.code),
                match rule.level {
                    bulletin::diagnostic::Severity::Error => "错误 error".to_owned(),
                    bulletin::diagnostic::Severity::Warning => "警告 warning".to_owned(),
                },
                if rule.adjustable { "是" } else { "否" }.to_owned(),
                rule.what.to_owned(),
            ]
        })
        .collect();
    assert_eq!(
        rows, registry,
        "the README's rules table differs from check::RULES"
    );
    let codes: Vec<&str> = bulletin::check::RULES.iter().map(|r| r.code).collect();
    let mut used = Vec::new();
    let mut dirs = vec![common::repo().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).expect("source");
            for piece in text.split('"').skip(1).step_by(2) {
                let is_code = (piece.starts_with("E-") || piece.starts_with("W-"))
                    && piece.len() > 3
                    && piece.chars().all(|c| c.is_ascii_uppercase() || c == '-');
                if is_code {
                    used.push((piece.to_owned(), path.display().to_string()));
                }
            }
        }
    }
    assert!(used.len() > 30, "found only {used:?}");
    for (code, file) in used {
        assert!(
            codes.contains(&code.as_str()),
            "{code} in {file} is not in check::RULES"
        );
    }
}
