//! Fixtures of the rules on dates, numbering, the roster, typography, fonts
//! and the distribution list.

use super::*;

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
fn w_invisible_char() {
    // Pasted from WeChat: zero-width spaces, twice, and a DEL.
    let p = body("会议\u{200B}要求加强\u{200B}领导\u{7F}。");
    rule("W-INVISIBLE-CHAR", &p, 0, "bulletins/1/02-meeting.md:5:3");
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
