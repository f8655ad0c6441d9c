//! Fixtures of the rules that keep anything from being dropped silently
//! (stray files, Markdown that does not print, empty items), photos,
//! tables, and the slips office writers make.

use super::*;

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
    rule("W-FILE-IGNORED", &p, 0, "bulletins/1/08-稿件.docx");
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

/// A file linked to a place outside the project is not read.
#[test]
fn e_file_outside() {
    let p = minimal(&[]);
    std::os::unix::fs::symlink("/etc/passwd", p.path().join(EXTRA)).expect("symlink");
    rule("E-FILE-OUTSIDE", &p, 1, "bulletins/1/02-meeting.md");
}

/// A named pipe where an item goes is not read (it would wait for ever).
#[test]
fn e_file_not_regular() {
    let p = minimal(&[]);
    common::program("mkfifo")
        .arg(p.path().join(EXTRA))
        .run()
        .success();
    rule("E-FILE-NOT-REGULAR", &p, 1, "bulletins/1/02-meeting.md");
}
