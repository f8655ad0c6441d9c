//! The 版记 (distribution block): at the foot of an even page, under the
//! text when it fits, alone on the next even page when it does not.

use super::lines::assert_line_rules;
use super::*;

/// Lines of the 版记 (四号, 14 pt), but the page number.
fn banji_lines(page: &[Line]) -> Vec<&Line> {
    page.iter()
        .filter(|l| ((l.y_max - l.y_min) - 14.0).abs() < 0.1 && !is_page_number(l))
        .collect()
}

/// The rules of the 版记 on a page, measured on the page rendered at 600
/// dpi: those as wide as the type area.
fn banji_rules(pdf: &std::path::Path, page: usize) -> Vec<common::Rule> {
    picture(pdf, page, 600)
        .rules(150.0)
        .into_iter()
        .filter(|r| r.y > 100.0)
        .collect()
}

/// Asserts the 版记 of GB/T 9704 7.4 at the foot of `page` (from 1): 4号,
/// one character in from each side, rules as wide as the type area, 0.35 mm
/// outside and 0.25 mm between, the last on the bottom edge of the type
/// area, the first under the last line of text. Returns the rules.
#[track_caller]
fn assert_banji_at_foot(
    pdf: &std::path::Path,
    pages: &[Vec<Line>],
    page: usize,
) -> Vec<common::Rule> {
    let lines = banji_lines(&pages[page - 1]);
    assert!(!lines.is_empty(), "no 版记 on page {page}");
    for (p, other) in pages.iter().enumerate() {
        if p + 1 != page {
            assert!(
                banji_lines(other).is_empty(),
                "版记 lines on page {}",
                p + 1
            );
        }
    }
    // One character (14 pt) in from the left, and 共印 from the right.
    assert!(
        (lines[0].x_min - (LEFT + 14.0)).abs() < 0.5,
        "{:?}",
        lines[0]
    );
    let copies = lines.last().unwrap();
    assert!(copies.text().starts_with("共印"), "{copies:?}");
    assert!((copies.x_max - (RIGHT - 14.0)).abs() < 1.0, "{copies:?}");
    let rules = banji_rules(pdf, page);
    assert!(rules.len() >= 2, "rules on page {page}: {rules:?}");
    let (first, last) = (rules[0], *rules.last().unwrap());
    for rule in &rules {
        assert!(
            (rule.x_min - 28.0).abs() < 0.3 && (rule.x_max - 184.0).abs() < 0.3,
            "{rule:?}"
        );
    }
    assert!(
        (last.y - 262.0).abs() < 0.15,
        "last rule at {} mm, not on the type area's edge",
        last.y
    );
    for outer in [first, last] {
        assert!(
            (outer.thickness - 0.35).abs() < 0.06,
            "outer rule {outer:?}"
        );
    }
    for inner in &rules[1..rules.len() - 1] {
        assert!(
            (inner.thickness - 0.25).abs() < 0.06,
            "inner rule {inner:?}"
        );
    }
    // The 版记 lies under the text, and its lines between its rules.
    if let Some(text) = body_lines(&pages[page - 1]).last() {
        assert!(
            text.y_max / MM < first.y,
            "text at {} mm under the rule at {} mm",
            text.y_max / MM,
            first.y
        );
    }
    for line in &lines {
        assert!(
            line.y_min / MM > first.y && line.y_max / MM < last.y,
            "{line:?}"
        );
    }
    rules
}

#[test]
fn sample_builds_to_six_pages_with_the_banji_under_the_last_paragraph() {
    let project = Project::sample();
    let run = project.run(&["build", "12"]).success();
    assert_eq!(
        without_font_note(&run.stderr()),
        "已生成 out/12.pdf（共 6 页）\n"
    );
    let pdf = project.path().join("out/12.pdf");
    let pages = pdf_lines(&pdf);
    assert_eq!(pages.len(), 6);
    let rules = assert_banji_at_foot(&pdf, &pages, 6);
    // 报 / 发 / 共印: four rules.
    assert_eq!(rules.len(), 4, "{rules:?}");
    let text: Vec<String> = banji_lines(&pages[5]).iter().map(|l| l.text()).collect();
    assert!(text[0].starts_with("报：市委常委，"), "{text:?}");
    assert!(
        text.iter()
            .any(|t| t.starts_with("发：聊城市创建全国文明城市工作办公室全体成员，")),
        "{text:?}"
    );
    assert_eq!(text.last().map(String::as_str), Some("共印260份"));
    let last = body_lines(&pages[5]).last().unwrap().text();
    assert!(last.ends_with("营造文明创建良好氛围。"), "{last}");
}

/// The minimal example with a second item of `paragraphs` paragraphs of
/// two full lines each, so the text ends where a test needs it.
fn series(paragraphs: usize, single_sided: bool) -> Project {
    let project = Project::example("minimal");
    if single_sided {
        let config = String::from_utf8(project.read("bulletin.yaml")).unwrap();
        project.write("bulletin.yaml", &format!("{config}single_sided: true\n"));
    }
    // 26 characters after the indent and 28 on the next line.
    let paragraph: String = "文明城市"
        .repeat(14)
        .chars()
        .take(53)
        .chain(['。'])
        .collect();
    let body = vec![paragraph; paragraphs].join("\n\n");
    project.write(
        "bulletins/1/02-meeting.md",
        &format!("---\ntitle: 全市创城工作推进会召开\ndate: 2024-05-20\n---\n{body}\n"),
    );
    project
}

/// The page number printed on a page, if any.
fn page_number(page: &[Line]) -> Option<String> {
    page.iter().find(|l| is_page_number(l)).map(Line::text)
}

#[test]
fn a_banji_that_fits_goes_under_the_text_on_an_even_page() {
    let project = series(34, false);
    let (stderr, pdf, pages) = build_one(&project);
    assert_eq!(without_font_note(&stderr), "已生成 out/1.pdf（共 4 页）\n");
    assert_eq!(pages.len(), 4);
    assert!(!body_lines(&pages[3]).is_empty(), "no text on page 4");
    assert_banji_at_foot(&pdf, &pages, 4);
    assert_eq!(page_number(&pages[3]).as_deref(), Some("—4—"));
    assert_on_the_grid(&pages);
    assert_line_rules(&pages);
}

#[test]
fn text_ending_on_an_odd_page_puts_the_banji_alone_on_the_next_even_page() {
    let project = series(36, false);
    let (stderr, pdf, pages) = build_one(&project);
    assert_eq!(
        without_font_note(&stderr),
        "已生成 out/1.pdf（共 6 页）\n正文止于第5页，版记另起一页，印在第6页（双面印刷时为背面），该页不编页码\n"
    );
    assert_eq!(pages.len(), 6);
    assert!(!body_lines(&pages[4]).is_empty(), "no text on page 5");
    assert!(body_lines(&pages[5]).is_empty(), "text on page 6");
    assert_banji_at_foot(&pdf, &pages, 6);
    assert_eq!(page_number(&pages[4]).as_deref(), Some("—5—"));
    assert_eq!(page_number(&pages[5]), None, "the 版记 page is numbered");
    assert_on_the_grid(&pages);
}

#[test]
fn text_filling_an_even_page_gets_a_blank_page_before_the_banji() {
    let project = series(35, false);
    let (stderr, pdf, pages) = build_one(&project);
    assert_eq!(
        without_font_note(&stderr),
        "已生成 out/1.pdf（共 6 页）\n正文止于第4页，其后加了空白页，版记印在第6页（背面）；空白页和版记页不编页码\n"
    );
    assert_eq!(pages.len(), 6);
    assert!(picture(&pdf, 5, 50).is_blank(), "page 5 is not blank");
    assert!(body_lines(&pages[5]).is_empty(), "text on page 6");
    assert_banji_at_foot(&pdf, &pages, 6);
    assert_eq!(page_number(&pages[3]).as_deref(), Some("—4—"));
    assert_eq!(page_number(&pages[5]), None, "the 版记 page is numbered");
}

#[test]
fn a_single_sided_series_puts_the_banji_under_the_text_on_an_odd_page() {
    let project = series(36, true);
    let (stderr, pdf, pages) = build_one(&project);
    assert_eq!(without_font_note(&stderr), "已生成 out/1.pdf（共 5 页）\n");
    assert_eq!(pages.len(), 5);
    assert!(!body_lines(&pages[4]).is_empty(), "no text on page 5");
    assert_banji_at_foot(&pdf, &pages, 5);
    assert_eq!(page_number(&pages[4]).as_deref(), Some("—5—"));
}
