//! Fixtures of the rules on syntax and schema, encoding and limits.

use super::*;

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
    rule("E-ISSUE-FILE", &p, 1, "bulletins/2/issue.yaml");
}

#[test]
fn e_issue_empty() {
    let p = Project::example("minimal");
    fs::remove_file(p.path().join(ITEM)).expect("remove");
    rule("E-ISSUE-EMPTY", &p, 1, "bulletins/1/issue.yaml:1:1");
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
    rule("E-FILE-TOO-LARGE", &p, 1, "bulletins/1/02-meeting.md");
}

#[test]
fn e_limit_items() {
    let p = Project::example("minimal");
    for i in 0..1001 {
        p.write(&format!("bulletins/1/x{i:04}.md"), "");
    }
    rule("E-LIMIT-ITEMS", &p, 1, "bulletins/1/issue.yaml:1:1");
}

#[test]
fn e_limit_paragraph() {
    let p = body(&format!("第一段。\n\n{}。", "字".repeat(5_000)));
    rule("E-LIMIT-PARAGRAPH", &p, 1, "bulletins/1/02-meeting.md:7:1");
}

#[test]
fn e_limit_run() {
    let p = body(&format!("第一段。\n\n见{}。", "a".repeat(1_001)));
    rule("E-LIMIT-RUN", &p, 1, "bulletins/1/02-meeting.md:7:1");
}

/// An item of more than 3,000 paragraphs (short ones, so no other limit is
/// met) is refused as a whole.
#[test]
fn e_limit_printed() {
    let p = body(&"一段。\n\n".repeat(3_001));
    rule("E-LIMIT-PRINTED", &p, 1, "bulletins/1/02-meeting.md:1:1");
}

/// Items that pass one by one but together print more than 200,000
/// characters: the item that crosses the limit is named, once.
#[test]
fn an_issue_of_more_than_200000_characters_is_refused_at_the_item_that_crosses() {
    // 11 paragraphs of 5,000 characters: 55,000 a piece, under the
    // item's 60,000; the fourth item brings the issue to 220,000.
    let text = vec!["字".repeat(4_999) + "。"; 11].join("\n\n");
    let p = Project::example("minimal");
    for n in 2..=5 {
        p.write(
            &format!("bulletins/1/0{n}-long.md"),
            &item(&format!("title: 长文{n}\ndate: 2024-05-20"), &text),
        );
    }
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert_eq!(
        stderr.matches("error[E-LIMIT-PRINTED]").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error[E-LIMIT-PRINTED]: 本期稿件到这一篇合计超过 200000 字\n  ┌─ bulletins/1/05-long.md:1:1"
        ),
        "{stderr}"
    );
}

/// A project template that Typst cannot parse is found by `check`, at its
/// place.
#[test]
fn e_template() {
    let p = minimal(&[(
        "templates/bulletin.typ",
        "#let data = json(\"/.bulletin/data.json\")\n\n#let title = (data.issue\n",
    )]);
    rule("E-TEMPLATE", &p, 1, "templates/bulletin.typ:3:14");
}
