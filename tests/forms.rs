//! The forms real offices use, through `examples/forms`: a label above the
//! masthead at the top left, a cumulative number, editors' notes for the
//! issue and an item, a subtitle after ——, and (in the same item) a table,
//! a footnote and a photo. Read back from the PDF with positions.

mod common;

use common::{Project, pdf_lines, pdf_text, squash};

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
