//! The layout of the sample issue and of fixture series as a reader sees
//! it, measured from the PDF (`pdftotext -bbox-layout`, `pdfinfo`, and the
//! pages rendered by `pdftoppm` for the rules): the type area of GB/T 9704
//! (A4, top 37 mm, left 28 mm, 156 × 225 mm), every line on the grid of 22,
//! 28 full-width characters a line, the masthead, titles broken at word
//! ends, page numbers at the outer side, and the 版记 at the foot of an even
//! page.

mod common;

use common::{Line, Project, pdf_lines, picture};

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

/// Characters that must not start a line, and that must not end one.
const NO_START: &str = "，。、；：！？）》”";
const NO_END: &str = "（《“";

#[track_caller]
fn assert_line_rules(pages: &[Vec<Line>]) {
    for (p, page) in pages.iter().enumerate() {
        let body = body_lines(page);
        for (i, line) in body.iter().enumerate() {
            let text = line.text();
            let first = text.chars().next().unwrap();
            let last = text.chars().next_back().unwrap();
            assert!(
                !NO_START.contains(first),
                "page {}: starts with {first}: {text}",
                p + 1
            );
            assert!(
                !NO_END.contains(last),
                "page {}: ends with {last}: {text}",
                p + 1
            );
            // A justified line of Chinese (no Latin letters or digits) holds
            // one character per cell: 28, less its indent; one fewer only
            // when the next line starts with a mark that may not start a
            // line. More would mean squeezed punctuation.
            if (line.x_max - RIGHT).abs() > 0.5 || text.chars().any(|c| c.is_ascii()) {
                continue;
            }
            let indent = ((line.x_min - LEFT) / CELL).round() as usize;
            let cells = 28 - indent;
            let n = text.chars().count();
            // Characters carried down: an opening mark that may not end a
            // line, or a character followed by marks that may not start one.
            let next: Vec<char> = body
                .get(i + 1)
                .map_or(Vec::new(), |l| l.text().chars().collect());
            let carried = if next.first().is_some_and(|c| NO_END.contains(*c)) {
                1
            } else {
                usize::from(next.get(1).is_some_and(|c| NO_START.contains(*c)))
            };
            assert!(
                n == cells
                    || (carried > 0 && n + carried == cells)
                    || (n < cells && i + 1 == body.len()),
                "page {}: {n} characters in {cells} cells: {text}",
                p + 1
            );
        }
    }
}

#[test]
fn lines_hold_28_full_width_characters_and_break_by_the_rules() {
    let pages = sample_lines();
    assert_line_rules(&pages);
    let full = pages
        .iter()
        .flat_map(|p| body_lines(p))
        .filter(|l| l.text().chars().count() == 28 && (l.x_max - RIGHT).abs() < 0.5)
        .count();
    assert!(full > 40, "only {full} lines of 28 characters");
}

#[test]
fn item_titles_are_centred() {
    let pages = sample_lines();
    let titles = ["张旋宇到第一网格督导创城工作", "市人大常委会机关"];
    for title in titles {
        let line = pages
            .iter()
            .flatten()
            .filter(|l| l.text() == title)
            .find(|l| l.y_max - l.y_min > 20.0)
            .unwrap_or_else(|| panic!("no title line {title}"));
        assert!((line.centre() - CENTRE).abs() < 2.0, "{line:?}");
    }
}

#[test]
fn a_line_break_in_a_title_is_kept() {
    // Item 6 of the sample is written in two lines, as in the original.
    let pages = sample_lines();
    let (p, first) = pages
        .iter()
        .enumerate()
        .find_map(|(p, page)| {
            Some((
                p,
                title_lines(page)
                    .into_iter()
                    .find(|l| l.text() == "市人大常委会机关")?,
            ))
        })
        .expect("the first line of item 6's title");
    let second = title_lines(&pages[p])
        .into_iter()
        .find(|l| l.text() == "召开创城工作推进会")
        .expect("the second line");
    assert!(
        (second.y_min - first.y_min - PITCH).abs() < 0.05,
        "{first:?} {second:?}"
    );
    assert!((second.centre() - CENTRE).abs() < 2.0, "{second:?}");
}

#[test]
fn page_numbers_sit_below_the_type_area_at_the_outer_side() {
    let pages = sample_lines();
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let number = page
            .iter()
            .find(|l| is_page_number(l))
            .unwrap_or_else(|| panic!("page {n} has no number"));
        assert_eq!(number.text(), format!("—{n}—"));
        // The line's top lies about 7 mm below the type area (the dash a
        // little lower), within the bottom margin.
        let below = number.y_min - BOTTOM;
        assert!(
            (3.0 * MM..8.0 * MM).contains(&below),
            "page {n}: {below} pt below"
        );
        // One character (四号, 14 pt) in from the outer edge.
        let inset = if n % 2 == 1 {
            RIGHT - number.x_max
        } else {
            number.x_min - LEFT
        };
        assert!((12.0..18.0).contains(&inset), "page {n}: {inset} pt in");
    }
}

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

/// Builds issue 1 and returns its standard error, the PDF and its lines.
fn build_one(project: &Project) -> (String, std::path::PathBuf, Vec<Vec<Line>>) {
    // (The caller keeps the project, and so the PDF, alive.)
    let run = project.run(&["build", "1"]).success();
    let pdf = project.path().join("out/1.pdf");
    let pages = pdf_lines(&pdf);
    (run.stderr(), pdf, pages)
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
