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

/// The minimal example with `extra` added at the end of its `bulletin.yaml`.
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

/// The minimal example, numbered by year (`numbering: yearly`).
fn yearly(files: &[(&str, &str)]) -> Project {
    let project = with_config("numbering: yearly\n");
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

#[test]
fn e_issue_folder() {
    let p = yearly(&[]);
    rule("E-ISSUE-FOLDER", &p, 1, "bulletins/1/issue.yaml:1:9");
}

#[test]
fn e_issue_year() {
    let p = yearly(&[]);
    fs::rename(
        p.path().join("bulletins/1"),
        p.path().join("bulletins/2023-1"),
    )
    .expect("rename");
    rule("E-ISSUE-YEAR", &p, 1, "bulletins/2023-1/issue.yaml:2:7");
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

/// The minimal example with a second leader, of grid 5, whom no item
/// names; and `extra` appended to its configuration.
fn idle_grid(extra: &str) -> Project {
    let p = Project::example("minimal");
    let config = String::from_utf8(p.read("bulletin.yaml"))
        .expect("utf-8")
        .replace(
            "    grid: 3\n",
            "    grid: 3\n  - name: 周明\n    titles: [市政府副市长]\n    grid: 5\n",
        );
    p.write("bulletin.yaml", &format!("{config}{extra}"));
    p
}

#[test]
fn w_grid_idle() {
    let p = idle_grid("ledger:\n  idle_days: 30\n");
    rule("W-GRID-IDLE", &p, 0, "bulletin.yaml:12:11");
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

#[test]
fn w_glyph_fallback() {
    // 堃 is in the Noto subset but in no Fandol face.
    let p = body("王堃参加座谈。");
    rule("W-GLYPH-FALLBACK", &p, 0, "bulletins/1/02-meeting.md:5:2");
}

/// `base_url:` must be an address a feed reader can open.
#[test]
fn a_base_url_that_is_no_web_address_is_located() {
    let p = with_config("base_url: www.example.gov.cn/jianbao/\n");
    let output = check(&p, &["1"], 1);
    assert!(
        output.contains(
            "error[E-FIELD-TYPE]: base_url 不是网站地址：应以 https:// 或 http:// 开头\n   ┌─ bulletin.yaml:13:11\n"
        ),
        "{output}"
    );
}

/// The lines the 版记 gained (印发, 责任编辑/校对) are printed text too:
/// their characters are checked against the fonts like any other.
#[test]
fn the_banji_lines_are_checked_for_glyphs() {
    let p = with_config("  issuer: 青禾市创城办\u{F0001}\n  editor: 王堃\n  proofreader: 陈静\n");
    let output = check(&p, &["1"], 1);
    assert!(
        output.contains("error[E-GLYPH-MISSING]: 字符「\u{F0001}」(U+F0001) 没有可用的字体能够显示\n   ┌─ bulletin.yaml:13:17\n"),
        "{output}"
    );
    assert!(
        output.contains("warning[W-GLYPH-FALLBACK]: 「堃」不在正文字体 FandolFang R 中")
            && output.contains("┌─ bulletin.yaml:14:12\n"),
        "{output}"
    );
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

// Nothing dropped silently: files, Markdown, items.

#[test]
fn w_file_ignored() {
    let p = minimal(&[
        (
            "bulletins/1/07-notepad.md.txt",
            &item("title: 会议\ndate: 2024-05-20", "正文。"),
        ),
        (
            "bulletins/1/09-upper.MD",
            &item("title: 会议\ndate: 2024-05-20", "正文。"),
        ),
        ("bulletins/1/08-稿件.docx", "PK"),
        ("bulletins/1/.gitkeep", ""),
    ]);
    rule("W-FILE-IGNORED", &p, 0, "bulletins/1/08-稿件.docx:1:1");
}

#[test]
fn every_stray_file_is_named_with_a_hint_and_images_an_item_names_are_not() {
    let p = minimal(&[
        ("bulletins/1/07-notepad.md.txt", "正文"),
        ("bulletins/1/09-upper.MD", "正文"),
        ("bulletins/1/10-稿件.doc", "x"),
        ("bulletins/1/11-稿件.wps", "x"),
        ("bulletins/1/notes.xlsx", "x"),
        ("bulletins/1/old/a.md", "x"),
        ("bulletins/1/photo.png", "x"),
        ("bulletins/1/unused.jpg", "x"),
        (
            EXTRA,
            &item("title: 会议\ndate: 2024-05-20", "![现场](photo.png)"),
        ),
    ]);
    let run = p.run(&["check", "1", "--format", "json", "--ignore-system-fonts"]);
    let ignored: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .filter(|v: &serde_json::Value| v["code"] == "W-FILE-IGNORED")
        .collect();
    let files: Vec<&str> = ignored
        .iter()
        .map(|v| v["file"].as_str().expect("file"))
        .collect();
    assert_eq!(
        files,
        [
            "bulletins/1/07-notepad.md.txt",
            "bulletins/1/09-upper.MD",
            "bulletins/1/10-稿件.doc",
            "bulletins/1/11-稿件.wps",
            "bulletins/1/notes.xlsx",
            "bulletins/1/unused.jpg",
        ]
    );
    for v in &ignored[..4] {
        assert!(
            v["hint"]
                .as_str()
                .expect("hint")
                .starts_with("请另存为 .md"),
            "{v}"
        );
    }
    // Nothing but the item's own file is read as an item.
    assert!(!run.stdout().contains("old/a.md"), "{}", run.stdout());
}

#[test]
fn w_md_html() {
    let p = body("<div>通知</div>\n\n正文<b>加粗</b>。");
    rule("W-MD-HTML", &p, 0, "bulletins/1/02-meeting.md:5:1");
}

#[test]
fn w_md_link() {
    let p = body("详见[通知](https://example.org)，或访问 <https://example.org>。");
    rule("W-MD-LINK", &p, 0, "bulletins/1/02-meeting.md:5:3");
}

#[test]
fn w_md_rule() {
    let p = body("第一段。\n\n***\n\n第二段。");
    rule("W-MD-RULE", &p, 0, "bulletins/1/02-meeting.md:7:1");
}

#[test]
fn w_md_footnote() {
    let p = body("正文有注[^1]。\n\n[^1]: 已引用的注释。\n\n[^a]: 未引用的注释。");
    rule("W-MD-FOOTNOTE", &p, 0, "bulletins/1/02-meeting.md:9:1");
}

// Photos.

#[test]
fn e_image_missing() {
    let p = body("会议现场见下图。\n\n![会议现场](meeting.jpg)\n\n![外面的图](../../../etc/x.jpg)");
    rule("E-IMAGE-MISSING", &p, 1, "bulletins/1/02-meeting.md:7:1");
    let output = check(&p, &["1"], 1);
    assert!(
        output.contains("┌─ bulletins/1/02-meeting.md:9:1\n"),
        "{output}"
    );
    assert!(
        output.contains("图片 ../../../etc/x.jpg 不在本项目中"),
        "{output}"
    );
}

#[test]
fn e_image_format() {
    let p = body("![会议现场](meeting.jpg)");
    p.write("bulletins/1/meeting.jpg", "这不是图片");
    rule("E-IMAGE-FORMAT", &p, 1, "bulletins/1/02-meeting.md:5:1");
}

#[test]
fn e_image_too_large() {
    // A PNG header claiming 10000 × 10000 pixels.
    let p = body("![会议现场](big.png)");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(10_000u32.to_be_bytes());
    png.extend(10_000u32.to_be_bytes());
    fs::write(p.path().join("bulletins/1/big.png"), png).expect("write");
    rule("E-IMAGE-TOO-LARGE", &p, 1, "bulletins/1/02-meeting.md:5:1");
}

#[test]
fn e_image_inline() {
    let p = body("会议现场![会议现场](site.jpg)如图。");
    fs::copy(
        common::repo().join("tests/data/images/site.jpg"),
        p.path().join("bulletins/1/site.jpg"),
    )
    .expect("copy");
    rule("E-IMAGE-INLINE", &p, 1, "bulletins/1/02-meeting.md:5:5");
}

#[test]
fn e_image_width() {
    let p = body("![会议现场](site.jpg \"宽一点\")");
    fs::copy(
        common::repo().join("tests/data/images/site.jpg"),
        p.path().join("bulletins/1/site.jpg"),
    )
    .expect("copy");
    rule("E-IMAGE-WIDTH", &p, 1, "bulletins/1/02-meeting.md:5:1");
}

#[test]
fn markdown_in_remarks_is_reported_at_its_line() {
    let p = minimal(&[(
        ITEM,
        &item(
            &format!(
                "grid: 3\nleader: 林晓东\ndate: 2024-05-20\n{INSPECTION}\nremarks: |\n  要加强管理。\n  详见[通知](https://example.org)。"
            ),
            "",
        ),
    )]);
    let output = check(&p, &["1"], 0);
    assert!(
        output.contains("warning[W-MD-LINK]")
            && output.contains("┌─ bulletins/1/01-lin-xiaodong.md:9:5\n"),
        "{output}"
    );
}

#[test]
fn w_item_empty() {
    let p = minimal(&[(EXTRA, &item("title: 会议\ndate: 2024-05-20", ""))]);
    rule("W-ITEM-EMPTY", &p, 0, "bulletins/1/02-meeting.md:4:1");
}

#[test]
fn w_title_duplicate() {
    let p = minimal(&[(
        EXTRA,
        &item(
            "title: 林晓东到第三网格督导创城工作\ndate: 2024-05-20",
            "正文。",
        ),
    )]);
    rule("W-TITLE-DUPLICATE", &p, 0, "bulletins/1/02-meeting.md:2:8");
}

#[test]
fn w_lead_repeated() {
    let p = minimal(&[(
        ITEM,
        &item(
            &format!("grid: 3\nleader: 林晓东\ndate: 2024-05-20\n{INSPECTION}"),
            "5月20日上午，市委副书记、市创城第三网格工作组组长林晓东带领督导组到第三网格督导创城工作。\n\n林晓东一行到滨河公园检查。",
        ),
    )]);
    rule(
        "W-LEAD-REPEATED",
        &p,
        0,
        "bulletins/1/01-lin-xiaodong.md:8:1",
    );
}

#[test]
fn e_table_wide() {
    // Twelve columns of Chinese need 12 × (2 + 0.8) em of 14 pt: 166 mm.
    let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(12));
    let table = format!("{}{}{}", row("项目"), row("---"), row("完成情况"));
    let p = body(&format!("各单位情况如下。\n\n{table}"));
    rule("E-TABLE-WIDE", &p, 1, "bulletins/1/02-meeting.md:7:1");
}

#[test]
fn a_table_of_a_few_columns_passes() {
    let p = body("| 单位 | 得分 |\n|---|--:|\n| 东城区 | 95.5 |");
    assert_eq!(
        check(&p, &["1"], 0),
        "exit code 0\n---- human (stderr) ----\n检查完毕：第1期没有发现问题\n---- json (stdout) ----\n"
    );
}

// Slips office writers make.

#[test]
fn e_yaml_colon() {
    let p = minimal(&[(
        EXTRA,
        &item("title：市创城办召开推进会\ndate: 2024-05-20", "正文。"),
    )]);
    rule("E-YAML-COLON", &p, 1, "bulletins/1/02-meeting.md:2:6");
}

#[test]
fn a_missing_space_after_the_colon_is_named() {
    let p = minimal(&[(EXTRA, &item("title: 会议\ndate:2024-05-20", "正文。"))]);
    let output = check(&p, &["1"], 1);
    assert!(
        output.contains("error[E-YAML-COLON]: 字段 `date` 的冒号后面缺少空格"),
        "{output}"
    );
    assert!(
        output.contains("┌─ bulletins/1/02-meeting.md:3:5\n"),
        "{output}"
    );
    assert!(output.contains("把全角「：」改为半角「: 」"), "{output}");
}

#[test]
fn a_grid_written_in_words_gets_a_hint() {
    let p = minimal(&[(
        ITEM,
        &item(
            &format!("grid: 第一网格\nleader: 林晓东\ndate: 2024-05-20\n{INSPECTION}"),
            "",
        ),
    )]);
    let output = check(&p, &["1"], 1);
    assert!(
        output.contains("error[E-FIELD-TYPE]: 字段 `grid` 的值应为一个整数"),
        "{output}"
    );
    assert!(output.contains("grid 写数字，如 1"), "{output}");
    assert!(
        output.contains("┌─ bulletins/1/01-lin-xiaodong.md:2:7\n"),
        "{output}"
    );
}

#[test]
fn one_bad_field_does_not_hide_the_files_other_warnings() {
    // A bad date and a field of the wrong type: the body is still read.
    let p = minimal(&[
        (
            EXTRA,
            &item("title: 会议\ndate: 2024-02-30", "会议要求 加强领导。"),
        ),
        (
            "bulletins/1/03-grid.md",
            &item(
                "grid: 第一网格\nleader: 林晓东\ndate: 2024-05-20",
                "检查(创城)工作。",
            ),
        ),
    ]);
    let output = check(&p, &["1"], 1);
    for expected in [
        "error[E-DATE-INVALID]",
        "warning[W-TYPO-SPACE]",
        "┌─ bulletins/1/02-meeting.md:5:5\n",
        "error[E-FIELD-TYPE]",
        "warning[W-TYPO-HALFWIDTH]",
        "┌─ bulletins/1/03-grid.md:6:3\n",
    ] {
        assert!(output.contains(expected), "{expected} missing:\n{output}");
    }
}

#[test]
fn typography_reads_the_printed_fields_and_full_stops_and_quotes() {
    let p = minimal(&[(
        ITEM,
        &item(
            "grid: 3\nleader: 林晓东\ndate: 2024-05-20\nparticipants: 第三网格 工作组成员\nsites: [滨河公园]\nremarks: |\n  要加强管理.落实\"门前三包\"责任。",
            "",
        ),
    )]);
    p.write(
        EXTRA,
        &item(
            "title: 会议,部署工作\ndate: 2024-05-20",
            "正文。版本3.5见附件.docx。",
        ),
    );
    let output = check(&p, &["1"], 0);
    for expected in [
        "┌─ bulletins/1/01-lin-xiaodong.md:5:19\n",
        "┌─ bulletins/1/01-lin-xiaodong.md:8:8\n",
        "┌─ bulletins/1/01-lin-xiaodong.md:8:11\n",
        "┌─ bulletins/1/02-meeting.md:2:10\n",
    ] {
        assert!(output.contains(expected), "{expected} missing:\n{output}");
    }
    assert!(output.contains("改为句号「。」"), "{output}");
    assert!(output.contains("改为中文引号"), "{output}");
    // 3.5 and 附件.docx are not slips.
    assert!(!output.contains("02-meeting.md:5:"), "{output}");
}

#[test]
fn utf16_files_are_decoded() {
    let p = Project::example("minimal");
    let text = item(
        "title: 市创城办召开推进会\ndate: 2024-05-20",
        "5月20日，市创城办召开推进会。",
    );
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.replace('\n', "\r\n").encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    fs::write(p.path().join(EXTRA), bytes).expect("write");
    let output = check(&p, &["1"], 0);
    assert!(
        output.contains("warning[W-ENCODING-LEGACY]: 文件是 UTF-16 编码，已按 UTF-16 读取"),
        "{output}"
    );
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
