//! The layout of the sample issue as a reader sees it: the type area of
//! GB/T 9704 (A4, top 37 mm, left 28 mm, 156 × 225 mm, 22 lines), the
//! masthead, centred titles, page numbers at the outer side and the
//! distribution block at the foot of the last page.

mod common;

use common::{Line, pdf_lines};

const MM: f64 = 72.0 / 25.4;
const LEFT: f64 = 28.0 * MM;
const RIGHT: f64 = LEFT + 156.0 * MM;
const TOP: f64 = 37.0 * MM;
const BOTTOM: f64 = TOP + 225.0 * MM;
const CENTRE: f64 = (LEFT + RIGHT) / 2.0;
const PITCH: f64 = 225.0 * MM / 22.0;

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

#[test]
fn text_stays_in_the_type_area_on_a_22_line_grid() {
    let pages = sample_lines();
    let mut body_lines = 0;
    for (p, page) in pages.iter().enumerate() {
        for line in page.iter().filter(|l| !is_page_number(l)) {
            // Punctuation may hang half a character into the margin.
            assert!(line.x_min >= LEFT - 0.5, "page {}: {line:?}", p + 1);
            assert!(line.x_max <= RIGHT + 8.5, "page {}: {line:?}", p + 1);
            assert!(
                line.y_min >= TOP - 0.5 && line.y_max <= BOTTOM + 0.5,
                "page {}: {line:?}",
                p + 1
            );
        }
        // Consecutive body lines (16 pt) sit exactly one grid pitch apart
        // (page 1 opens with the masthead, which has its own spacing).
        if p == 0 {
            continue;
        }
        let body: Vec<&Line> = page
            .iter()
            .filter(|l| ((l.y_max - l.y_min) - 16.0).abs() < 0.1 && !is_page_number(l))
            .collect();
        for pair in body.windows(2) {
            let step = pair[1].y_min - pair[0].y_min;
            if step < 1.5 * PITCH {
                assert!(
                    (step - PITCH).abs() < 0.05,
                    "page {}: step {step} between {:?} and {:?}",
                    p + 1,
                    pair[0].text(),
                    pair[1].text()
                );
                body_lines += 1;
            }
        }
    }
    assert!(body_lines > 60, "only {body_lines} body line pairs");
    // A page of body text only holds 22 lines.
    let full = pages
        .iter()
        .map(|p| p.iter().filter(|l| !is_page_number(l)).count())
        .max()
        .unwrap();
    assert!(full <= 22, "a page has {full} lines");
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    for page in sample_lines() {
        for line in page {
            let first = line.text().chars().next().unwrap();
            assert!(
                !"，。、；：？！）》”".contains(first),
                "line starts with {first}: {}",
                line.text()
            );
        }
    }
}

#[test]
fn item_titles_are_centred() {
    let pages = sample_lines();
    let titles = [
        "张旋宇到第一网格督导创城工作",
        "市人大常委会机关召开创城工作推进会",
    ];
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

#[test]
fn distribution_block_is_at_the_foot_of_the_last_page() {
    let pages = sample_lines();
    let last = pages.last().unwrap();
    let text: Vec<String> = last
        .iter()
        .filter(|l| !is_page_number(l))
        .map(Line::text)
        .collect();
    let copies = last
        .iter()
        .find(|l| l.text() == "共印260份")
        .expect("共印260份 on the last page");
    let gap = BOTTOM - copies.y_max;
    assert!(
        (0.0..25.0).contains(&gap),
        "共印260份 is {gap} pt above the bottom"
    );
    assert!(
        (copies.x_max - (RIGHT - 14.0)).abs() < 1.0,
        "共印 not right-aligned: {copies:?}"
    );
    assert!(
        text.iter().any(|t| t.starts_with("报：市委常委，")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("发：聊城市创建全国文明城市工作办公室全体成员，")),
        "{text:?}"
    );
}
