//! `bulletin build --format html`: one self-contained, semantic page; item
//! text is escaped; a project's templates override the built-in ones.

use crate::common::Project;

fn build_html(project: &Project) -> String {
    project.run(&["build", "12", "--format", "html"]).success();
    String::from_utf8(project.read("out/12.html")).expect("utf-8")
}

#[test]
fn sample_issue_is_one_semantic_self_contained_page() {
    let project = Project::sample();
    let html = build_html(&project);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    for tag in ["<article", "<header", "<nav", "<footer", "<h1>", "<style>"] {
        assert!(html.contains(tag), "{tag} missing");
    }
    // The headline list links to every item.
    for i in 1..=6 {
        assert!(html.contains(&format!(r##"href="#item-{i}""##)), "link {i}");
        assert!(html.contains(&format!(r#"id="item-{i}""#)), "item {i}");
    }
    assert!(html.contains("<dt>报：</dt>") && html.contains("共印260份"));
    // Nothing is fetched: no scripts, stylesheets, images or fonts from
    // elsewhere.
    for needle in [
        "<script", "<link", "src=", "url(", "@import", "http://", "https://",
    ] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    assert!(!project.path().join("out/12.pdf").exists());
}

/// Regression: text from an item is text in HTML too, never markup.
#[test]
fn markup_in_an_item_shows_as_text() {
    let project = Project::example("minimal");
    let item = project.path().join("bulletins");
    let issue = std::fs::read_dir(&item)
        .expect("issues")
        .map(|e| e.expect("entry").path())
        .find(|p| p.is_dir())
        .expect("an issue");
    let number = issue
        .file_name()
        .and_then(|n| n.to_str())
        .expect("number")
        .to_owned();
    std::fs::write(
        issue.join("99-markup.md"),
        "---\ntitle: 标题<i>斜</i>\ndate: 2021-03-16\n---\n正文<script>alert(1)</script>和 {{ x }} 与 &amp; 原样显示。\n",
    )
    .expect("write");
    project
        .run(&["build", &number, "--format", "html"])
        .success();
    let html = String::from_utf8(project.read(&format!("out/{number}.html"))).expect("utf-8");
    assert!(!html.contains("<script>"), "a script got through");
    // Markdown reads `&amp;` as `&`, which the page escapes again.
    assert!(
        html.contains(
            "正文&lt;script&gt;alert(1)&lt;&#x2f;script&gt;和 {{ x }} 与 &amp; 原样显示。"
        )
    );
    assert!(html.contains("标题&lt;i&gt;斜&lt;&#x2f;i&gt;"));
}

#[test]
fn a_project_template_overrides_the_built_in_one() {
    let project = Project::sample();
    project.write("templates/bulletin.css", "body { color: rebeccapurple }");
    let html = build_html(&project);
    assert!(html.contains("rebeccapurple"));
    assert!(
        !html.contains("--red"),
        "the built-in style sheet is still there"
    );

    project.write(
        "templates/bulletin.html",
        "<!DOCTYPE html>\n<title>{{ issue.label }}</title>\n{% for item in items %}{{ item.titel }}{% endfor %}\n",
    );
    let run = project.run(&["build", "12", "--format", "html"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("templates/bulletin.html") && run.stderr().contains("E-TEMPLATE"),
        "{}",
        run.stderr()
    );
}
