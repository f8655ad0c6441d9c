//! No panic reaches the user, limits bound time and memory, messages
//! cannot drive the terminal, and `check` finds what `build` would refuse.

use super::*;

// ---- 3 and 5: no panic, bounded time and memory ----

/// Regression: `a` and 21,845 `，` (one text run over 65,535 bytes)
/// panicked in krilla (`text/group.rs:453`) and `check` passed it.
#[test]
fn a_run_of_text_too_long_to_break_is_refused_at_its_line() {
    let body = format!("第一段。\n\na{}\n", "，".repeat(21_845));
    let p = minimal(&[(EXTRA, &meeting(&body))]);
    for command in ["check", "build"] {
        let run = p.run(&[command, "1"]);
        assert_eq!(run.code(), 1, "{command}: {}", run.stderr());
        assert!(
            run.stderr().contains("error[E-LIMIT-RUN]")
                && run.stderr().contains("bulletins/1/02-meeting.md:7:1"),
            "{command}: {}",
            run.stderr()
        );
    }
    assert!(!p.path().join("out").exists());
}

/// Regression: 1 MiB of `a a a …` in one paragraph took 17.9 s and
/// 3.97 GB to build; now it is refused before typesetting.
#[test]
fn a_paragraph_of_a_mebibyte_is_refused_at_its_line() {
    let front = "title: 会议\ndate: 2024-05-20";
    let body = "a ".repeat((1 << 20) / 2 - 64);
    let p = minimal(&[(EXTRA, &item(front, &body))]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[E-LIMIT-PARAGRAPH]")
            && run.stderr().contains("bulletins/1/02-meeting.md:5:1"),
        "{}",
        run.stderr()
    );
}

/// A project's own template is code the project trusts, but a panic in
/// Typst or its PDF writer is still an error of the issue (exit 3), not a
/// crash: here the template itself prints a run of 65,536 bytes.
#[test]
fn a_panic_in_typst_is_an_internal_error_of_the_issue() {
    let p = minimal(&[]);
    let template = bulletin::render::typst::BUILTIN_TEMPLATE.to_owned()
        + "\n#if data.issue.number == 1 { \"a\" + \"，\" * 21845 }\n";
    p.write("templates/bulletin.typ", &template);
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("生成 PDF 时 Typst 内部出错") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(!p.path().join("out").exists());

    // `serve` stays up and shows the error in the issue's banner.
    let server = browser::Server::start(p.path(), &[]);
    let (status, page) = http::http("GET", server.port(), "/1.html", None);
    let page = String::from_utf8(page).expect("utf-8");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("id=\"bulletin-serve-error\"")
            && page.contains("第1期有错误，未能生成")
            && page.contains("Typst 内部出错"),
        "{page}"
    );
    let (status, _) = http::http("GET", server.port(), "/", None);
    assert_eq!(status, 200);
    drop(server);

    // The archive writes every other issue and the index.
    p.write("bulletins/2/issue.yaml", "number: 2\ndate: 2024-05-28\n");
    p.write(
        "bulletins/2/01.md",
        &item("title: 会议\ndate: 2024-05-27", "会议要求加强领导。"),
    );
    let run = p.run(&["archive"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("内部出错"), "{}", run.stderr());
    let site = names(&p.path().join("site"));
    for name in ["2.pdf", "2.html", "index.html"] {
        assert!(site.iter().any(|n| n == name), "{name} missing: {site:?}");
    }
    assert!(!site.iter().any(|n| n == "1.pdf"), "{site:?}");
}

// ---- 7: terminal safety, offsets, limits ----

/// Regression: every diagnostic on a paragraph of a mebibyte printed the
/// whole line again, megabytes for one `check`. A long line is shown as a
/// window around the place, which keeps its true line and column.
#[test]
fn a_long_line_is_shown_as_a_window_around_the_place() {
    let line = format!(
        "{}王\u{F0001}{}",
        "会议要求加强领导。".repeat(400),
        "各单位要抓好落实。".repeat(400)
    );
    let p = minimal(&[(EXTRA, &meeting(&line))]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.len() < 4000, "{} bytes:\n{stderr}", stderr.len());
    assert!(
        stderr.contains(&format!(
            "error[E-GLYPH-MISSING]: 字符「\u{F0001}」(U+F0001) 没有可用的字体能够显示\n  ┌─ {EXTRA}:5:3602\n"
        )),
        "{stderr}"
    );
    // The window: the end of the text before, the place, the start of the
    // text after, each cut with an ellipsis.
    let window = format!(
        "5 │ …领导。{}王\u{F0001}{}各单位要…\n",
        "会议要求加强领导。".repeat(4),
        "各单位要抓好落实。".repeat(4)
    );
    assert!(stderr.contains(&window), "{window}\n{stderr}");
}

/// Regression: ESC sequences in an item or a file name reached the terminal
/// raw (window title, clear screen), even with `NO_COLOR`; a newline in a
/// file name split `file:line:col`.
#[test]
fn control_characters_from_files_are_shown_not_obeyed() {
    let p = minimal(&[(
        "bulletins/1/02-\u{1b}]0;owned\u{7}\nx.md",
        &item("title: 会议\nleadr: 某\u{1b}[2J", "正文。"),
    )]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("bulletins/1/02-␛]0;owned␇␊x.md:3:1"),
        "{stderr}"
    );
    assert!(stderr.contains("leadr: 某␛[2J"), "{stderr}");
}

/// Regression: after a UTF-8 BOM the byte offset was 3 short and the line
/// and column were always 1:1.
#[test]
fn a_bad_byte_after_a_bom_is_located_where_it_is() {
    let p = minimal(&[]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(meeting("第一段。\n\n第二段").as_bytes());
    bytes.extend_from_slice(b"\xFF\xFE\n");
    fs::write(p.path().join(EXTRA), &bytes).expect("write");
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let offset = bytes.iter().position(|&b| b == 0xFF).expect("bad byte");
    assert!(
        run.stderr()
            .contains(&format!("第 {offset} 字节起无法识别"))
            && run.stderr().contains("bulletins/1/02-meeting.md:8:1"),
        "{}",
        run.stderr()
    );
}

/// Regression: a template error pointed at 1:1, not where Typst found it.
#[test]
fn a_template_error_points_where_its_message_says() {
    let p = minimal(&[(
        "templates/bulletin.typ",
        "#let data = json(\"/.bulletin/data.json\")\n\n\n\n#let x = (1 + \"a\")\n",
    )]);
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("cannot add integer and string")
            && stderr.contains("templates/bulletin.typ:5:11"),
        "{stderr}"
    );
}

/// Regression: a roster of about 6,250 people hit the YAML node limit,
/// and the hint blamed nesting and aliases.
#[test]
fn a_roster_of_ten_thousand_people_fits() {
    let mut config = String::from(
        "title: 简报\noffice: 办公室\ncampaign: 创城\ndistribution:\n  report: [市委]\nroster:\n  - name: 林晓东\n    titles: [市委副书记]\n    grid: 3\n",
    );
    for i in 0..10_000 {
        config.push_str(&format!(
            "  - name: 人员{i}\n    titles: [职务甲, 职务乙]\n    grid: {}\n",
            i % 30 + 1
        ));
    }
    let p = minimal(&[("bulletin.yaml", &config)]);
    p.run(&["check", "1"]).success();
}

// ---- 4: check finds what build would refuse ----

/// Regression: a nested list failed in `build` with E-TEMPLATE (its
/// level-2 marker ‣ is in no bundled font), without file or line, while
/// `check` passed it.
#[test]
fn nested_lists_build_with_markers_the_fonts_have() {
    let body = "- 一\n  - 二\n    - 三\n      - 四\n\n1. 甲\n   1. 乙\n";
    let p = minimal(&[(EXTRA, &meeting(body))]);
    p.run(&["check", "1"]).success();
    p.run(&["build", "1"]).success();
    let text = common::pdf_text(&p.path().join("out/1.pdf"));
    for marker in ["•", "○", "–"] {
        assert!(text.contains(marker), "{marker} missing:\n{text}");
    }
}

/// Regression: `&#0;`, `&#xD800;` and `&#x110000;` (read as U+FFFD, which
/// no bundled font has) were reported without file or line.
#[test]
fn references_to_no_character_are_located() {
    let p = minimal(&[(EXTRA, &meeting("第一段。\n\n甲&#xD800;乙"))]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[E-GLYPH-MISSING]")
            && run.stderr().contains("bulletins/1/02-meeting.md:7:2"),
        "{}",
        run.stderr()
    );
}
