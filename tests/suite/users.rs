//! What users saw (issue 22), tested where they look: the HTML at phone and
//! desktop widths in headless Chromium (photos and tables fit the screen on
//! the issue page, in `serve`'s view and in the archive's copy; the
//! subtitle centred under the title), the PDF read back with `pdftotext
//! -bbox-layout` (the subtitle centred, a short table kept on one page),
//! the headline list of a title written on two lines, the terminal's
//! diagnostics (no empty excerpt for a file that is not text, a problem
//! repeated in one file shown once with its lines), and the environment
//! switch `BULLETIN_IGNORE_SYSTEM_FONTS=1`.

use std::path::{Path, PathBuf};

use crate::common::browser::{self, Browser, Server};
use crate::common::{Line, Project, pdf_lines, repo};

const MM: f64 = 72.0 / 25.4;
/// The centre of the type area: 28 mm + 156 mm / 2.
const CENTRE: f64 = (28.0 + 78.0) * MM;

/// Where screenshots go: `BULLETIN_SCREENSHOTS` or a folder under /tmp.
fn screenshot_dir() -> PathBuf {
    std::env::var_os("BULLETIN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("bulletin-screenshots"))
}

/// The minimal example with an item as a phone shows it badly: a photo of
/// 1600 × 900 pixels, a table of five columns with long numbers, and a
/// subtitle.
fn phone_project() -> Project {
    let project = Project::example("minimal");
    std::fs::copy(
        repo().join("tests/data/images/wide.png"),
        project.path().join("bulletins/1/wide.png"),
    )
    .expect("copy photo");
    project.write(
        "bulletins/1/02-scores.md",
        "---\ntitle: 各督导组自查情况\nsubtitle: 东城区创城自查工作纪实\ndate: 2024-05-20\n---\n\
         各督导组检查了东门社区。\n\n![东门社区督导现场](wide.png)\n\n各组自查情况如下：\n\n\
         | 督导组 | 检查点位 | 发现问题 | 已整改 | 投入资金（元） |\n|---|--:|--:|--:|--:|\n\
         | 第一督导组 | 1,204 | 3,518 | 3,502 | 12,345,678.90 |\n\
         | 第二督导组 | 998 | 2,760 | 2,741 | 9,876,543.21 |\n\
         | 第三督导组 | 1,530 | 4,102 | 4,090 | 15,002,300.00 |\n",
    );
    project
}

/// Measures the page in the browser: whether the page scrolls sideways,
/// every photo and table box against the text column, and each table
/// box's own scrolling.
const MEASURE: &str = "
    const page = document.documentElement;
    const column = document.querySelector('.bulletin');
    const style = getComputedStyle(column);
    const inner = column.getBoundingClientRect();
    const left = inner.left + parseFloat(style.paddingLeft);
    const right = inner.right - parseFloat(style.paddingRight);
    const outside = [...document.querySelectorAll('.item img, .item .table')]
      .map(e => e.getBoundingClientRect())
      .filter(r => r.left < left - 0.5 || r.right > right + 0.5)
      .map(r => `${r.left}..${r.right} outside ${left}..${right}`);
    const boxes = [...document.querySelectorAll('.item .table')].map(b => ({
      scrolls: b.scrollWidth > b.clientWidth,
      overflow: getComputedStyle(b).overflowX,
    }));
    return {
      page: [page.scrollWidth, page.clientWidth],
      images: document.querySelectorAll('.item img').length,
      outside, boxes,
    };";

/// Asserts, at 390 and 1280 px, that the page at `url` does not scroll
/// sideways, that the photo and the table stay in the column, and that
/// the table scrolls in its own box on the phone.
fn fits_the_screen(browser: &Browser, url: &str, name: &str) {
    for width in [390, 1280] {
        browser.resize(width, 900);
        browser.open(url);
        let m = browser.eval(MEASURE);
        let (scroll, client) = (m["page"][0].as_u64(), m["page"][1].as_u64());
        assert!(
            scroll.is_some() && scroll <= client,
            "{name} at {width} px scrolls sideways: {m}"
        );
        assert_eq!(m["images"], 1, "{name}: {m}");
        assert_eq!(m["outside"], serde_json::json!([]), "{name} at {width} px");
        let boxes = m["boxes"].as_array().expect("boxes");
        assert_eq!(boxes.len(), 1, "{name}: {m}");
        assert_eq!(boxes[0]["overflow"], "auto", "{name}: {m}");
        if width == 390 {
            // The five columns are wider than a phone: the box scrolls.
            assert_eq!(boxes[0]["scrolls"], true, "{name} at 390 px: {m}");
            browser.screenshot(&screenshot_dir().join(format!("users-{name}-390.png")));
            // The scrolling box is reachable by keyboard and named.
            if browser::axe_available() {
                let violations = browser.axe_serious();
                assert!(violations.is_empty(), "{name}: {violations:?}");
            }
        }
    }
}

#[test]
fn photos_and_tables_fit_the_screen_on_the_page_in_serve_and_in_the_archive() {
    if !browser::available() {
        return;
    }
    let project = phone_project();
    project.run(&["build", "1", "--format", "html"]).success();
    project.run(&["archive"]).success();
    let browser = Browser::start();
    let page = project.path().join("out/1.html");
    fits_the_screen(&browser, &format!("file://{}", page.display()), "page");
    let site = project.path().join("site/1.html");
    fits_the_screen(&browser, &format!("file://{}", site.display()), "archive");
    let server = Server::start(project.path(), &[]);
    fits_the_screen(&browser, &format!("{}/1.html", server.base), "serve");
}

#[test]
fn the_subtitle_is_centred_under_the_title_in_the_browser() {
    if !browser::available() {
        return;
    }
    let project = phone_project();
    project.run(&["build", "1", "--format", "html"]).success();
    let browser = Browser::start();
    let page = project.path().join("out/1.html");
    for width in [390, 1280] {
        browser.resize(width, 900);
        browser.open(&format!("file://{}", page.display()));
        let m = browser.eval(
            "const h = [...document.querySelectorAll('.item h2')].find(h => h.querySelector('small'));
             const s = h.querySelector('small').getBoundingClientRect();
             const r = document.createRange();
             r.setStart(h.firstChild, 0);
             r.setEnd(h.firstChild, h.firstChild.length);
             const t = r.getBoundingClientRect();
             const box = h.getBoundingClientRect();
             return { title: (t.left + t.right) / 2, subtitle: (s.left + s.right) / 2,
                      column: (box.left + box.right) / 2, below: s.top >= t.bottom - 1,
                      text: h.querySelector('small').textContent };",
        );
        let at = |k: &str| m[k].as_f64().expect("number");
        assert_eq!(m["text"], "——东城区创城自查工作纪实");
        assert!(m["below"] == true, "{m}");
        assert!(
            (at("subtitle") - at("column")).abs() < 1.0,
            "{width} px: {m}"
        );
        assert!((at("title") - at("column")).abs() < 1.0, "{width} px: {m}");
    }
}

/// The lines of the built PDF of issue 1.
fn built_lines(project: &Project) -> Vec<Vec<Line>> {
    project.run(&["build", "1"]).success();
    pdf_lines(&project.path().join("out/1.pdf"))
}

#[test]
fn the_subtitle_is_centred_under_the_title_in_the_pdf() {
    let project = phone_project();
    let pages = built_lines(&project);
    let lines: Vec<&Line> = pages.iter().flatten().collect();
    let at = lines
        .iter()
        .position(|l| l.text() == "——东城区创城自查工作纪实")
        .expect("subtitle printed");
    let (title, subtitle) = (lines[at - 1], lines[at]);
    assert_eq!(title.text(), "各督导组自查情况");
    assert!(
        subtitle.y_min > title.y_max,
        "{subtitle:?} not under {title:?}"
    );
    assert!((subtitle.centre() - CENTRE).abs() < 1.0, "{subtitle:?}");
    assert!((title.centre() - CENTRE).abs() < 1.0, "{title:?}");
}

// A title written on two lines.

/// The minimal example with items whose titles the writer broke in two.
fn two_line_titles() -> Project {
    let project = Project::example("minimal");
    project.write(
        "bulletins/1/02-phrases.md",
        "---\ntitle: |-\n  强化责任担当\n  推动创城工作落地见效\ndate: 2024-05-20\n---\n正文。\n",
    );
    project.write(
        "bulletins/1/03-office.md",
        "---\ntitle: |-\n  市人大常委会机关\n  召开创城工作推进会\ndate: 2024-05-20\n---\n正文。\n",
    );
    project
}

#[test]
fn a_title_on_two_lines_reads_right_in_the_headline_list_and_the_html() {
    let project = two_line_titles();
    project
        .run(&["build", "1", "--format", "pdf,html"])
        .success();
    // The headline list of the PDF: the two phrases stand apart (pdftotext
    // reads the full-width space as a gap between words), the sentence
    // reads as one.
    let text = crate::common::poppler(
        "pdftotext",
        &["-layout", "-enc", "UTF-8"],
        &project.path().join("out/1.pdf"),
    );
    let headline = |start: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with('◆') && l.contains(start))
            .unwrap_or_else(|| panic!("no headline {start} in\n{text}"))
            .to_owned()
    };
    let phrases = headline("强化责任担当");
    assert!(
        phrases.contains("强化责任担当　推动") || phrases.contains("强化责任担当 推动"),
        "{phrases}"
    );
    assert!(
        headline("市人大常委会机关").contains("市人大常委会机关召开创城工作推进会"),
        "{text}"
    );
    let html = String::from_utf8(project.read("out/1.html")).expect("utf-8");
    for joined in [
        "强化责任担当\u{3000}推动创城工作落地见效",
        "市人大常委会机关召开创城工作推进会",
    ] {
        assert!(
            html.contains(&format!(">{joined}</a></li>")),
            "{joined}:\n{html}"
        );
        assert!(
            html.contains(&format!("<h2>{joined}</h2>")),
            "{joined}:\n{html}"
        );
    }
    // The PDF keeps the writer's lines under the title.
    let pages = pdf_lines(&project.path().join("out/1.pdf"));
    let lines: Vec<String> = pages.iter().flatten().map(Line::text).collect();
    let at = lines
        .iter()
        .position(|l| l == "强化责任担当")
        .expect("first title line");
    assert_eq!(lines[at + 1], "推动创城工作落地见效");
}

// Tables across pages.

/// Items of `filler` body lines each, then an intro line and a table of
/// `rows` rows: one item for each filler from 0 to 21 lines, so that the
/// tables fall at every height of a page.
fn tables_at_every_height(rows: usize) -> Project {
    let project = Project::example("minimal");
    let line = "各督导组按照测评标准逐项检查点位问题台账整改情况。";
    for filler in 0..22 {
        let mut body = String::new();
        for _ in 0..filler {
            body.push_str(line);
            body.push_str("\n\n");
        }
        body.push_str(&format!(
            "第{filler}组得分如下：\n\n| 督导组 | 得分 | 名次 |\n|---|--:|:-:|\n"
        ));
        for r in 1..=rows {
            body.push_str(&format!("| 表{filler}第{r}行 | 9{r}.5 | {r} |\n"));
        }
        project.write(
            &format!("bulletins/1/{:02}-table.md", filler + 2),
            &format!("---\ntitle: 得分情况{filler}\ndate: 2024-05-20\n---\n{body}"),
        );
    }
    project
}

/// The page (0-based) each line whose text starts with `start` is on.
fn pages_of(pages: &[Vec<Line>], start: &str) -> Vec<usize> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(p, lines)| {
            lines
                .iter()
                .filter(move |l| l.text().starts_with(start))
                .map(move |_| p)
        })
        .collect()
}

#[test]
fn a_short_table_and_its_intro_line_are_never_split_across_pages() {
    let project = tables_at_every_height(5);
    let pages = built_lines(&project);
    for filler in 0..22 {
        let intro = pages_of(&pages, &format!("第{filler}组得分如下"));
        assert_eq!(intro.len(), 1, "intro {filler}");
        let rows: Vec<usize> = (1..=5)
            .flat_map(|r| pages_of(&pages, &format!("表{filler}第{r}行")))
            .collect();
        assert_eq!(rows.len(), 5, "table {filler}");
        assert!(
            rows.iter().all(|&p| p == intro[0]),
            "table {filler}: intro on page {}, rows on pages {:?}",
            intro[0] + 1,
            rows.iter().map(|p| p + 1).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_long_table_still_breaks_with_its_header_on_each_page() {
    let project = Project::example("minimal");
    let mut table = String::from("各组得分如下：\n\n| 督导组 | 得分 | 名次 |\n|---|--:|:-:|\n");
    for r in 1..=40 {
        table.push_str(&format!("| 长表第{r}行 | 8{}.5 | {r} |\n", r % 10));
    }
    project.write(
        "bulletins/1/02-table.md",
        &format!("---\ntitle: 得分情况\ndate: 2024-05-20\n---\n{table}"),
    );
    let pages = built_lines(&project);
    let first = pages_of(&pages, "长表第1行")[0];
    let last = pages_of(&pages, "长表第40行")[0];
    assert!(last > first, "40 rows on one page");
    for (page, lines) in pages.iter().enumerate().take(last + 1).skip(first) {
        assert!(
            lines.iter().any(|l| l.text() == "督导组"),
            "no header on page {}",
            page + 1
        );
    }
}

// Diagnostics.

/// `bulletin check` in a project, without colour: exit code and stderr.
fn check(project: &Project, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let run = project.run(&all);
    (run.code(), run.stderr(), run.stdout())
}

#[test]
fn a_file_that_is_not_text_is_named_without_an_empty_excerpt() {
    let project = Project::example("minimal");
    std::fs::write(
        project.path().join("bulletins/1/notes.docx"),
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00binary",
    )
    .expect("write");
    let (code, stderr, _) = check(&project, &["1"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("1 │"), "an empty source line:\n{stderr}");
    insta::assert_snapshot!("binary-file-warning", stderr);
}

#[test]
fn a_problem_repeated_in_one_file_is_shown_once_with_its_lines() {
    let project = Project::example("minimal");
    // Text pasted from a web page: a line break tag at the end of each of
    // 50 lines, one paragraph. Front matter of 4 lines and 2 lines of text
    // before them: they are on lines 7 to 56.
    let mut body = String::from("会议情况如下。\n\n");
    for i in 0..50 {
        body.push_str(&format!("第{i}项工作已完成<br>\n"));
    }
    project.write(
        "bulletins/1/02-meeting.md",
        &format!("---\ntitle: 会议\ndate: 2024-05-20\n---\n{body}"),
    );
    let (code, stderr, _) = check(&project, &["1"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("warning[W-MD-HTML]").count(), 1, "{stderr}");
    assert!(
        stderr.contains("同样的问题另有 49 处：第 8–56 行"),
        "{stderr}"
    );
    insta::assert_snapshot!("repeated-warning", stderr);
    // JSON keeps every one.
    let (_, _, stdout) = check(&project, &["1", "--format", "json"]);
    let html = stdout
        .lines()
        .filter(|l| l.contains("\"code\":\"W-MD-HTML\""))
        .count();
    assert_eq!(html, 50, "{stdout}");
}

// The environment switch.

/// `bulletin build 1 --format html` with `BULLETIN_IGNORE_SYSTEM_FONTS`
/// set to `value`: the exit code and what it printed.
fn with_switch(project: &Path, value: &str) -> (i32, String) {
    let run = crate::common::bulletin(project)
        .args(["build", "1", "--format", "html"])
        .env("BULLETIN_IGNORE_SYSTEM_FONTS", value)
        .run();
    (run.code(), run.stderr())
}

#[test]
fn ignore_system_fonts_takes_1_0_yes_no_on_off_from_the_environment() {
    let project = Project::example("minimal");
    // With the switch on, the build says the system's fonts were not used.
    for on in ["1", "yes", "on", "true", "TRUE", "Yes"] {
        let (code, stderr) = with_switch(project.path(), on);
        assert_eq!(code, 0, "{on}: {stderr}");
        assert!(stderr.contains("未使用系统字体"), "{on}: {stderr}");
    }
    for off in ["0", "no", "off", "false"] {
        let (code, stderr) = with_switch(project.path(), off);
        assert_eq!(code, 0, "{off}: {stderr}");
        assert!(!stderr.contains("未使用系统字体"), "{off}: {stderr}");
    }
    let (code, stderr) = with_switch(project.path(), "maybe");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("“maybe”无效：应为 1 或 0（也可写 yes/no、on/off、true/false）"),
        "{stderr}"
    );
}

// The language of the PDF's tags.

#[test]
fn the_tags_of_the_body_say_simplified_chinese_in_pdf_ua() {
    let project = Project::sample();
    project
        .run(&["build", "12", "--pdf-standard", "ua-1"])
        .success();
    let pdf = project.read("out/12.pdf");
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    // typst-pdf writes the structure tree uncompressed: the catalog and
    // every paragraph say zh-CN, none zh-TW.
    assert_eq!(count(b"/Lang(zh-TW)"), 0);
    assert!(count(b"/Lang(zh-CN)") > 20, "{}", count(b"/Lang(zh-CN)"));
    assert!(count(b"<</Type/StructElem/S/P/P ") > 20);
    // The text is where it was: 28 full-width characters a line.
    let lines = pdf_lines(&project.path().join("out/12.pdf"));
    let full: Vec<String> = lines
        .iter()
        .flatten()
        .map(Line::text)
        .filter(|t| t.chars().count() == 28)
        .collect();
    assert!(full.len() > 40, "{full:?}");
}
