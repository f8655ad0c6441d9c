//! Tables and footnotes through the binary: a GFM table prints as a ruled
//! table whose cells stand in columns (read back with `pdftotext
//! -bbox-layout`), its header repeated on each page it runs onto, numbers
//! aligned on the right; footnotes print as 注 at the end of the item; the
//! HTML has the same table and notes and passes the Nu checker.

use crate::common::{Line, Project, nu_check, nu_checker_available, pdf_lines, pdf_text, squash};

/// The words printed on the row of the page that starts with `first` (poppler
/// reads each table cell as a line of its own), left to right.
fn row(lines: &[Line], first: &str) -> Option<Vec<(f64, f64, String)>> {
    let start = lines.iter().find(|l| l.text() == first)?;
    let mut words: Vec<(f64, f64, String)> = lines
        .iter()
        .filter(|l| (l.y_min - start.y_min).abs() < 1.0)
        .flat_map(|l| l.words.clone())
        .collect();
    words.sort_by(|a, b| a.0.total_cmp(&b.0));
    Some(words)
}

/// The minimal example with one more item: a table of `rows` rows and a
/// footnote.
fn with_table(rows: usize) -> Project {
    let project = Project::example("minimal");
    let mut table = String::from("| 单位 | 得分 | 名次 |\n|---|---|:-:|\n");
    for i in 1..=rows {
        table.push_str(&format!("| 第{i}督导组 | {}.5 | {i} |\n", 80 + i % 20));
    }
    project.write(
        "bulletins/1/02-scores.md",
        &format!(
            "---\ntitle: 各督导组得分情况\ndate: 2024-05-20\n---\n各组得分如下[^1]。\n\n{table}\n[^1]: 得分按百分制计算。\n"
        ),
    );
    project
}

#[test]
fn a_table_prints_as_cells_in_columns_and_numbers_align_right() {
    let project = with_table(5);
    let run = project.run(&["build", "1"]).success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let pdf = project.path().join("out/1.pdf");
    let pages = pdf_lines(&pdf);
    for i in 1..=5 {
        // On the page of each row, the header (repeated there when the
        // table runs on) gives the columns.
        let lines = pages
            .iter()
            .find(|lines| row(lines, &format!("第{i}督导组")).is_some())
            .unwrap_or_else(|| panic!("row {i} missing"));
        let header = row(lines, "单位").unwrap_or_else(|| panic!("no header row in {lines:#?}"));
        let texts: Vec<&str> = header.iter().map(|w| w.2.as_str()).collect();
        assert_eq!(texts, ["单位", "得分", "名次"]);
        let column_of = |word: &str| {
            header
                .iter()
                .find(|w| w.2 == word)
                .map(|w| (w.0, w.1))
                .expect("header word")
        };
        let (score_left, score_right) = column_of("得分");
        let (rank_left, _) = column_of("名次");
        let row = row(lines, &format!("第{i}督导组")).expect("row");
        assert_eq!(row.len(), 3, "{row:?}");
        let score = &row[1];
        // The score stands under its header and ends at the column's right.
        assert!(
            score.0 > score_left - 40.0 && score.0 < rank_left,
            "{row:?}"
        );
        assert!(score.1 > score_right - 2.0, "not right-aligned: {row:?}");
    }
    let text = squash(&pdf_text(&pdf));
    // The reference prints as a superscript 1, the note at the item's end.
    // pdftotext reads the raised 1 after the full stop when the line sits on
    // the grid's baseline; on the page it stands before it (seen as a
    // picture), so either order of extraction is the same print.
    assert!(
        text.contains("各组得分如下1。") || text.contains("各组得分如下。1"),
        "{text}"
    );
    assert!(text.contains("注1：得分按百分制计算。"), "{text}");
}

#[test]
fn a_long_table_breaks_across_pages_with_its_header_repeated() {
    let project = with_table(60);
    project.run(&["build", "1"]).success();
    let pages = pdf_lines(&project.path().join("out/1.pdf"));
    let with_header: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, lines)| row(lines, "单位").is_some_and(|r| r.len() == 3))
        .map(|(i, _)| i)
        .collect();
    assert!(with_header.len() >= 2, "header on pages {with_header:?}");
    let last_row = pages
        .iter()
        .position(|lines| lines.iter().any(|l| l.text().starts_with("第60督导组")))
        .expect("last row");
    assert!(
        with_header.contains(&last_row),
        "{with_header:?} {last_row}"
    );
}

#[test]
fn the_html_has_the_table_and_the_notes() {
    let project = with_table(3);
    project.run(&["build", "1", "--format", "html"]).success();
    let html = String::from_utf8(project.read("out/1.html")).expect("utf-8");
    assert!(
        html.contains("<th>单位</th><th>得分</th><th>名次</th>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<td class="right">81.5</td><td class="center">1</td>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"各组得分如下<sup class="noteref">1</sup>。"#),
        "{html}"
    );
    assert!(html.contains("<p>注1：得分按百分制计算。</p>"), "{html}");
    if nu_checker_available() {
        nu_check(&[project.path().join("out/1.html")]);
    }
}
