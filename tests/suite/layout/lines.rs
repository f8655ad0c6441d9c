//! Lines: 28 characters and the line-breaking rules, item titles centred
//! and their breaks kept, and the page numbers.

use super::*;

/// Characters that must not start a line, and that must not end one.
const NO_START: &str = "，。、；：！？）》”";
const NO_END: &str = "（《“";

#[track_caller]
pub(super) fn assert_line_rules(pages: &[Vec<Line>]) {
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
