//! The layout of the sample issue and of fixture series as a reader sees
//! it, measured from the PDF (`pdftotext -bbox-layout`, `pdfinfo`, and the
//! pages rendered by `pdftoppm` for the rules): the type area of GB/T 9704
//! (A4, top 37 mm, left 28 mm, 156 × 225 mm), every line on the grid of 22,
//! 28 full-width characters a line, the masthead, titles broken at word
//! ends, page numbers at the outer side, and the 版记 at the foot of an even
//! page.

mod banji;
mod lines;

use crate::common::{self, Line, Project, pdf_lines, picture};

const MM: f64 = 72.0 / 25.4;
const LEFT: f64 = 28.0 * MM;
const RIGHT: f64 = LEFT + 156.0 * MM;
const TOP: f64 = 37.0 * MM;
const BOTTOM: f64 = TOP + 225.0 * MM;
const CENTRE: f64 = (LEFT + RIGHT) / 2.0;
const PITCH: f64 = 225.0 * MM / 22.0;
/// One character cell of body text (16 pt on a 28th of the width).
const CELL: f64 = 156.0 * MM / 28.0;
/// 二号, the size of item titles.
const TITLE: f64 = 22.0;

fn sample_lines() -> Vec<Vec<Line>> {
    pdf_lines(&common::sample_build().0.join("out/12.pdf"))
}

fn is_page_number(line: &Line) -> bool {
    let text = line.text();
    text.starts_with('—') && text.ends_with('—') && text.len() > 6
}

/// Builds issue 1 and returns its standard error, the PDF and its lines.
fn build_one(project: &Project) -> (String, std::path::PathBuf, Vec<Vec<Line>>) {
    // (The caller keeps the project, and so the PDF, alive.)
    let run = project.run(&["build", "1"]).success();
    let pdf = project.path().join("out/1.pdf");
    let pages = pdf_lines(&pdf);
    (run.stderr(), pdf, pages)
}

#[test]
fn masthead_is_centred_with_office_left_and_date_right() {
    let pages = sample_lines();
    let first = &pages[0];
    assert_eq!(first[0].text(), "聊城市创建全国文明城市");
    assert_eq!(first[1].text(), "工作简报");
    assert_eq!(first[2].text(), "第12期");
    for line in &first[..3] {
        assert!(
            (line.centre() - CENTRE).abs() < 2.0,
            "not centred: {line:?}"
        );
    }
    assert!(first[0].y_min >= TOP - 1.0, "masthead above the type area");
    let (office, date) = (&first[3], &first[4]);
    assert_eq!(office.text(), "聊城市创建全国文明城市工作办公室");
    assert_eq!(date.text(), "2021年3月17日");
    assert!((office.y_min - date.y_min).abs() < 0.5, "not on one line");
    assert!((office.x_min - LEFT).abs() < 1.0, "{office:?}");
    assert!((date.x_max - RIGHT).abs() < 1.0, "{date:?}");
}

/// Body lines (16 pt boxes) and title lines (22 pt) of a page.
fn body_lines(page: &[Line]) -> Vec<&Line> {
    page.iter()
        .filter(|l| ((l.y_max - l.y_min) - 16.0).abs() < 0.1 && !is_page_number(l))
        .collect()
}

fn title_lines(page: &[Line]) -> Vec<&Line> {
    page.iter()
        .filter(|l| ((l.y_max - l.y_min) - TITLE).abs() < 0.1)
        .collect()
}

/// The grid slot (0 to 21) a line box starting at `y` sits in, when it sits
/// exactly on one: body lines at the top of their slot, title lines in its
/// middle.
fn slot(y: f64, height: f64) -> Option<usize> {
    let offset = (PITCH - height).max(0.0) / 2.0 * if height > 16.5 { 1.0 } else { 0.0 };
    let k = (y - TOP - offset) / PITCH;
    ((k - k.round()).abs() < 0.002 && (0.0..22.0).contains(&k.round()))
        .then_some(k.round() as usize)
}

/// Asserts the grid and the type area on every page of a PDF's lines: text
/// inside the type area, every body and title line on a slot of the 22-line
/// grid (page 1 from below the masthead), and so at most 22 of them a page.
#[track_caller]
fn assert_on_the_grid(pages: &[Vec<Line>]) {
    for (p, page) in pages.iter().enumerate() {
        for line in page.iter().filter(|l| !is_page_number(l)) {
            // No punctuation hangs into the margin.
            assert!(line.x_min >= LEFT - 0.5, "page {}: {line:?}", p + 1);
            assert!(line.x_max <= RIGHT + 0.5, "page {}: {line:?}", p + 1);
            assert!(
                line.y_min >= TOP - 0.5 && line.y_max <= BOTTOM + 0.5,
                "page {}: {line:?}",
                p + 1
            );
        }
        let mut slots = Vec::new();
        for line in body_lines(page).into_iter().chain(title_lines(page)) {
            // The masthead's office and date line is the masthead's own.
            if p == 0 && line.y_min < TOP + 6.0 * PITCH {
                continue;
            }
            let s = slot(line.y_min, line.y_max - line.y_min).unwrap_or_else(|| {
                panic!(
                    "page {}: off the grid by {:.3} slots: {}",
                    p + 1,
                    (line.y_min - TOP) / PITCH,
                    line.text()
                )
            });
            if !slots.contains(&s) {
                slots.push(s);
            }
        }
        assert!(
            slots.len() <= 22,
            "page {} has {} lines",
            p + 1,
            slots.len()
        );
    }
}

#[test]
fn text_stays_in_the_type_area_on_a_22_line_grid() {
    let pages = sample_lines();
    assert_on_the_grid(&pages);
    let total: usize = pages.iter().map(|p| body_lines(p).len()).sum();
    assert!(total > 100, "only {total} body lines");
    // Full pages hold exactly 22 line slots: the last body line of pages 2
    // to 5 sits in slot 21.
    for (p, page) in pages.iter().enumerate().take(5).skip(1) {
        let last = body_lines(page).last().map(|l| slot(l.y_min, 16.0));
        assert_eq!(last, Some(Some(21)), "page {}", p + 1);
    }
}

#[test]
fn a_long_title_breaks_at_word_ends_in_balanced_centred_lines() {
    let project = Project::example("minimal");
    project.write(
        "bulletins/1/02-meeting.md",
        "---\ntitle: 市人大常委会机关召开2021年全国文明城市创建工作推进会暨第二十二网格督导工作部署会议\ndate: 2024-05-20\n---\n会议要求，加强领导。\n",
    );
    let (_, _, pages) = build_one(&project);
    assert_on_the_grid(&pages);
    let titles: Vec<&Line> = pages.iter().flat_map(|p| title_lines(p)).collect();
    let text: Vec<String> = titles.iter().skip(1).map(|l| l.text()).collect();
    // Never inside a word (推进会, 第二十二) or a number (2021年).
    assert_eq!(
        text,
        [
            "市人大常委会机关召开2021年",
            "全国文明城市创建工作推进会暨",
            "第二十二网格督导工作部署会议"
        ]
    );
    let widths: Vec<f64> = titles.iter().skip(1).map(|l| l.x_max - l.x_min).collect();
    let (narrowest, widest) = widths
        .iter()
        .fold((f64::MAX, 0.0f64), |(a, b), w| (a.min(*w), b.max(*w)));
    assert!(widest - narrowest < 2.0 * TITLE, "unbalanced: {widths:?}");
    for line in titles.iter().skip(1) {
        assert!((line.centre() - CENTRE).abs() < 2.0, "{line:?}");
    }
    for pair in titles.windows(2).skip(1) {
        assert!(
            (pair[1].y_min - pair[0].y_min - PITCH).abs() < 0.05,
            "{pair:?}"
        );
    }
}

#[test]
fn rare_characters_are_printed_from_the_fallback_font_with_a_warning() {
    let project = Project::example("minimal");
    project.write(
        "bulletins/1/02-meeting.md",
        "---\ntitle: 座谈会召开\ndate: 2024-05-20\n---\n王堃、李喆参加座谈。\n",
    );
    let (stderr, pdf, pages) = build_one(&project);
    assert!(
        stderr.contains("warning[W-GLYPH-FALLBACK]: 「堃」「喆」不在正文字体 FandolFang R 中，将用 Noto Serif CJK SC 印出，字形与前后文字不一致\n  ┌─ bulletins/1/02-meeting.md:5:2\n"),
        "{stderr}"
    );
    let fonts: Vec<String> = common::pdf_fonts(&pdf).into_iter().map(|f| f.0).collect();
    assert!(
        fonts.iter().any(|f| f.contains("NotoSerifCJKsc")),
        "{fonts:?}"
    );
    // A line with fallback glyphs stays on the grid.
    assert_on_the_grid(&pages);
    assert!(
        pages
            .iter()
            .flatten()
            .any(|l| l.text() == "王堃、李喆参加座谈。")
    );
}

/// Standard error without the line that says bundled fonts stand in for
/// the official ones (the tests use bundled fonts only).
fn without_font_note(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !(l.starts_with("注意：") && l.contains("已用内置字体代用")))
        .map(|l| format!("{l}\n"))
        .collect()
}
