//! The forms real offices use, through `examples/forms`: a label above the
//! masthead at the top left, a cumulative number, editors' notes for the
//! issue and an item, a subtitle after ——, and (in the same item) a table,
//! a footnote and a photo. Read back from the PDF with positions.

use crate::common::{self, Project, pdf_lines, pdf_text, squash};

#[test]
fn the_forms_example_prints_every_form_in_place() {
    let project = Project::example("forms");
    let run = project.run(&["build", "5"]).success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let pdf = project.path().join("out/5.pdf");
    let text = squash(&pdf_text(&pdf));
    let mut rest = text.as_str();
    for expected in [
        "内部资料注意保存",
        "青禾市创建文明城市工作简报",
        "第5期（总第345期）",
        "编者按：近期，各区对照测评标准开展了一轮自查。",
        "东城区扎实开展创城自查",
        "——东城区创城自查工作纪实",
        "编者按：东城区以问题台账推动整改的做法值得借鉴。",
        "建立问题台账1，",
        "东门社区督导现场",
        "督导组检查点位得分",
        "第一督导组1295.5",
        "注1：问题台账按“发现、交办、整改、销号”四个环节管理。",
        "共印80份",
    ] {
        let at = rest
            .find(expected)
            .unwrap_or_else(|| panic!("{expected} missing or out of order in:\n{rest}"));
        rest = &rest[at + expected.len()..];
    }
    // The label stands at the top left, above the masthead.
    let first = &pdf_lines(&pdf)[0];
    let label = first
        .iter()
        .find(|l| l.text() == "内部资料")
        .expect("label");
    let masthead = first
        .iter()
        .find(|l| l.text().contains("工作简报"))
        .expect("masthead");
    assert!((label.x_min - 79.4).abs() < 2.0, "{label:?}");
    assert!(label.y_max < masthead.y_min, "{label:?} {masthead:?}");
}

#[test]
fn the_forms_example_builds_as_html_that_passes_the_nu_checker() {
    let project = Project::example("forms");
    project.run(&["build", "5", "--format", "html"]).success();
    let html = String::from_utf8(project.read("out/5.html")).expect("utf-8");
    for expected in [
        r#"<p class="mark">内部资料　注意保存</p>"#,
        "第5期（总第345期）",
        "<small>——东城区创城自查工作纪实</small>",
        "<strong>编者按：</strong>",
    ] {
        assert!(html.contains(expected), "{expected} missing:\n{html}");
    }
    if common::nu_checker_available() {
        common::nu_check(&[project.path().join("out/5.html")]);
    }
}

/// The word of a page that reads `text`, with its line's top and bottom:
/// `(x_min, x_max, y_min, y_max)`.
fn word(page: &[common::Line], text: &str) -> (f64, f64, f64, f64) {
    page.iter()
        .find_map(|line| {
            line.words
                .iter()
                .find(|w| w.2 == text)
                .map(|w| (w.0, w.1, line.y_min, line.y_max))
        })
        .unwrap_or_else(|| panic!("{text} not on the page: {page:?}"))
}

/// The left and right edges of the text block (28 mm, 28 + 156 mm), in pt.
const TEXT_LEFT: f64 = 79.37;
const TEXT_RIGHT: f64 = 521.57;

#[test]
fn a_series_numbered_by_year_prints_the_year_and_numbers_supplements_apart() {
    let project = Project::example("yearly");
    let run = project.run(&["check", "--all"]).success();
    assert_eq!(run.stderr(), "检查完毕：全部 4 期没有发现问题\n");
    let list = project.run(&["list"]).success();
    assert_eq!(
        list.stdout(),
        "期号        日期             稿件  状态\n\
         2023-24     2023年12月26日   1     正常\n\
         2024-1      2024年1月9日     1     正常\n\
         2024-2      2024年3月8日     1     正常\n\
         2024-增刊1  2024年2月20日    1     正常\n"
    );
    let json = project
        .run(&["list", "--format", "json"])
        .success()
        .stdout();
    assert!(
        json.contains(
            "\"number\": 1,\n    \"id\": \"2024-增刊1\",\n    \"label\": \"2024年增刊第1期\""
        ),
        "{json}"
    );

    project.run(&["build", "2024-2"]).success();
    let text = squash(&pdf_text(&project.path().join("out/2024-2.pdf")));
    assert!(text.contains("2024年第2期（总第345期）"), "{text}");
    project.run(&["build", "2024-增刊1"]).success();
    let text = squash(&pdf_text(&project.path().join("out/2024-增刊1.pdf")));
    assert!(text.contains("2024年增刊第1期"), "{text}");
    assert!(!text.contains("总第"), "{text}");
}

#[test]
fn the_banji_ends_with_the_editors_and_the_issuing_line() {
    let project = Project::example("yearly");
    project.run(&["build", "2024-2"]).success();
    let pages = pdf_lines(&project.path().join("out/2024-2.pdf"));
    let last = pages.last().expect("pages");
    let text: Vec<String> = last.iter().map(common::Line::text).collect();
    let from = text.iter().position(|t| t.starts_with("报：")).expect("报");
    assert_eq!(
        text[from..],
        [
            "报：市委、市人大常委会、市政府、市政协领导",
            "发：各区创城办，市直各有关部门",
            "责任编辑：周明",
            "校对：陈静",
            "共印60份",
            "青禾市创城办",
            "2024年3月9日印发",
        ]
    );
    // The issuer one character in from the left, the date (issue.yaml's
    // `issued:`, not the issue date) one character in from the right, on
    // one line: GB/T 9704 7.4.3.
    let issuer = word(last, "青禾市创城办");
    let issued = word(last, "2024年3月9日印发");
    assert!((issuer.0 - (TEXT_LEFT + 14.0)).abs() < 2.0, "{issuer:?}");
    assert!((issued.1 - (TEXT_RIGHT - 14.0)).abs() < 2.0, "{issued:?}");
    assert!((issuer.3 - issued.3).abs() < 1.0, "{issuer:?} {issued:?}");

    // Without `issued:` the line carries the issue's own date.
    project.run(&["build", "2024-1"]).success();
    let text = squash(&pdf_text(&project.path().join("out/2024-1.pdf")));
    assert!(text.ends_with("2024年1月9日印发"), "{text}");
}

#[test]
fn a_copy_number_stands_at_the_top_right_of_the_first_page_only() {
    let project = Project::example("yearly");
    let run = project
        .run(&["build", "2024-2", "--copy-number", "7"])
        .success();
    assert!(
        run.stderr().contains("out/2024-2-000007.pdf"),
        "{}",
        run.stderr()
    );
    let pages = pdf_lines(&project.path().join("out/2024-2-000007.pdf"));
    let copy = word(&pages[0], "000007");
    let masthead = word(&pages[0], "青禾市创建文明城市工作简报");
    assert!((copy.1 - TEXT_RIGHT).abs() < 2.0, "{copy:?}");
    assert!(copy.3 < masthead.2, "{copy:?} {masthead:?}");
    assert!(
        pages[1..]
            .iter()
            .flatten()
            .all(|l| !l.text().contains("000007")),
        "{pages:?}"
    );

    let run = project.run(&["build", "2024-2", "--copy-number", "7", "--format", "html"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "错误 (error): --copy-number 只用于 PDF：份号印在付印的每一份上，网页和图片不编份号\n"
    );
    let run = project.run(&["build", "2024-2", "--copy-number", "1000000"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "错误 (error): --copy-number 1000000 超出范围：份号为 1 到 999999\n"
    );
}

#[test]
fn new_numbers_by_the_year_of_its_date_and_refuses_a_date_out_of_order() {
    let project = Project::example("yearly");
    let run = project.run(&["new", "--date", "2024-03-01"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "错误 (error): 新的一期将是2024年第3期，日期 2024-03-01 早于上一期（2024年第2期，2024-03-08）；\
         这样新建的一期会报 E-ISSUE-DATE-ORDER，未新建\n\
         提示：请核对 --date；各期的日期须随期号递增\n"
    );
    assert!(!project.path().join("bulletins/2024-3").exists());

    let run = project.run(&["new", "--date", "2024-05-21"]).success();
    assert_eq!(
        run.stderr(),
        "已新建2024年第3期：bulletins/2024-3/issue.yaml\n\
         下一步：bulletin add 2024-3 --leader 姓名   添加督导稿件\n"
    );
    let yaml = String::from_utf8(project.read("bulletins/2024-3/issue.yaml")).expect("utf-8");
    assert!(
        yaml.starts_with("# 2024年第3期。稿件放在本目录")
            && yaml.contains("\nnumber: 3\ndate: 2024-05-21\n"),
        "{yaml}"
    );
    project.run(&["new", "--date", "2025-01-06"]).success();
    assert!(project.path().join("bulletins/2025-1/issue.yaml").is_file());
    project
        .run(&["new", "--kind", "增刊", "--date", "2024-05-22"])
        .success();
    assert!(
        project
            .path()
            .join("bulletins/2024-增刊2/issue.yaml")
            .is_file()
    );
    let run = project.run(&["new", "--kind", "副刊"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "错误 (error): --kind 应为 增刊 或 专刊，不是 副刊\n"
    );

    // A series numbered straight on: the same refusal.
    let minimal = Project::example("minimal");
    let run = minimal.run(&["new", "--date", "2024-05-01"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().starts_with(
            "错误 (error): 新的一期将是第2期，日期 2024-05-01 早于上一期（第1期，2024-05-21）"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn numbers_run_on_within_a_year_and_restart_at_one() {
    let project = Project::example("yearly");
    project.write(
        "bulletins/2024-4/issue.yaml",
        "number: 4\ndate: 2024-04-01\n",
    );
    project.write(
        "bulletins/2024-4/01-a.md",
        "---\ntitle: 会议\ndate: 2024-03-30\n---\n正文\n",
    );
    project.write(
        "bulletins/2025-2/issue.yaml",
        "number: 2\ndate: 2025-01-10\n",
    );
    project.write(
        "bulletins/2025-2/01-a.md",
        "---\ntitle: 会议\ndate: 2025-01-09\n---\n正文\n",
    );
    let run = project.run(&["check", "--all"]);
    assert_eq!(run.code(), 0);
    let stderr = run.stderr();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning["))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning[W-ISSUE-GAP]: 2024年第2期之后是2024年第4期，缺少2024年第3期",
            "warning[W-ISSUE-GAP]: 2024年第4期之后是2025年第2期，缺少2025年第1期",
        ]
    );
}

#[test]
fn the_archive_names_issues_by_folder_with_addresses_percent_encoded() {
    let project = Project::example("yearly");
    project
        .run(&["archive", "--pdf-standard", "none"])
        .success();
    for file in [
        "2024-增刊1.pdf",
        "2024-增刊1.html",
        "2024-增刊1.png",
        "2023-24.pdf",
    ] {
        assert!(project.path().join("site").join(file).is_file(), "{file}");
    }
    let index = String::from_utf8(project.read("site/index.html")).expect("utf-8");
    assert!(
        index.contains(r#"<a href="2024-%E5%A2%9E%E5%88%8A1.html">2024年增刊第1期</a>"#),
        "{index}"
    );
    // Newest first, by number: 2024年第2期 before 2024年第1期 before 2023年第24期.
    let at = |label: &str| index.find(&format!(">{label}</a>")).expect(label);
    assert!(at("2024年第2期") < at("2024年第1期"));
    assert!(at("2024年第1期") < at("2023年第24期"));
}

#[test]
fn the_yearly_example_builds_as_html_with_its_banji_lines() {
    let project = Project::example("yearly");
    project
        .run(&["build", "2024-2", "--format", "html"])
        .success();
    let html = String::from_utf8(project.read("out/2024-2.html")).expect("utf-8");
    for expected in [
        "<title>青禾市创建文明城市工作简报 2024年第2期</title>",
        r#"<p class="editors">责任编辑：周明　　校对：陈静</p>"#,
        r#"<p class="issued"><span>青禾市创城办</span> <span>2024年3月9日印发</span></p>"#,
    ] {
        assert!(html.contains(expected), "{expected} missing:\n{html}");
    }
    if common::nu_checker_available() {
        common::nu_check(&[project.path().join("out/2024-2.html")]);
    }
    let run = project.run(&["build", "--all", "--copy-number", "3"]);
    assert_eq!(run.code(), 2);
}
