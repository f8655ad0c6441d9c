//! The round trip (issue 20, part 5): our own Word file imported into a
//! new issue gives back its items, one file each, and the new issue prints
//! the same items' text as the issue the Word file was made from; an
//! item's subtitle, editor's note, photo captions and widths and notes
//! come back as those fields.

use crate::common::{Project, pdf_text, squash};

/// Copies `issue`'s `issue.yaml` to a new issue `to` (its number changed),
/// with no items.
fn empty_issue_like(project: &Project, issue: &str, to: &str) {
    let yaml = String::from_utf8(project.read(&format!("bulletins/{issue}/issue.yaml")))
        .expect("utf-8")
        .replace(&format!("number: {issue}\n"), &format!("number: {to}\n"));
    project.write(&format!("bulletins/{to}/issue.yaml"), &yaml);
}

/// Builds `issue` as PDF and Word, imports the Word file into issue `to`,
/// and returns the run of the import with the names of the files made.
fn round_trip(project: &Project, issue: &str, to: &str) -> (String, Vec<String>) {
    project
        .run(&["build", issue, "--format", "pdf,docx"])
        .success();
    empty_issue_like(project, issue, to);
    let docx = project.path().join(format!("out/{issue}.docx"));
    let run = project.run(&["import", &docx.display().to_string(), "--issue", to]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let mut made: Vec<String> = std::fs::read_dir(project.path().join(format!("bulletins/{to}")))
        .expect("issue folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "issue.yaml")
        .collect();
    made.sort();
    project.run(&["build", to, "--format", "pdf"]).success();
    (run.stderr(), made)
}

#[test]
fn the_sample_comes_back_as_its_six_items_printing_the_same_text() {
    let project = Project::sample();
    let (stderr, made) = round_trip(&project, "12", "13");
    // The five supervision items are named after their leaders, as in
    // the sample; the meeting after its title.
    assert_eq!(
        made[..5],
        [
            "01-zhang-xuanyu.md",
            "02-zhu-jiayun.md",
            "03-sun-lingyun.md",
            "04-jia-fubin.md",
            "05-liu-yanjie.md",
        ],
        "{stderr}"
    );
    assert_eq!(made.len(), 6, "{made:?}");
    assert!(made[5].starts_with("06-shirenda"), "{made:?}");
    assert!(
        stderr.contains("12.docx（第6篇） → bulletins/13/06-"),
        "{stderr}"
    );
    assert!(
        stderr.contains("红头、标题目录、编者按和版记（"),
        "what was left out is said: {stderr}"
    );
    // Its footers hold only the page number, which the series prints.
    assert!(!stderr.contains("页脚"), "{stderr}");
    // A supervision item comes back as its fields; its title, which the
    // series makes of them, is left to the series.
    let first = String::from_utf8(project.read("bulletins/13/01-zhang-xuanyu.md")).expect("utf-8");
    for line in ["grid: 1\n", "leader: \"张旋宇\"\n", "date: 2021-03-16\n"] {
        assert!(first.contains(line), "{line:?} in {first}");
    }
    assert!(!first.contains("title:"), "{first}");
    // The whole issue prints the same but for its number: the items, the
    // headline list, a title broken where the writer broke it, the verb
    // of the attendance sentence (参与).
    let before = squash(&pdf_text(&project.path().join("out/12.pdf")));
    let after = squash(&pdf_text(&project.path().join("out/13.pdf")));
    assert_eq!(after.replacen("第13期", "第12期", 1), before);
    let meeting =
        String::from_utf8(project.read(&format!("bulletins/13/{}", made[5]))).expect("utf-8");
    assert!(
        meeting.contains("title: \"市人大常委会机关\\n召开创城工作推进会\"\n"),
        "{meeting}"
    );
}

#[test]
fn an_item_with_every_field_comes_back_as_it_was() {
    let project = Project::example("forms");
    let (stderr, made) = round_trip(&project, "5", "6");
    assert!(
        made.iter().any(|m| m.ends_with(".jpg")),
        "the photo: {made:?}\n{stderr}"
    );
    // The subtitle, editor's note, the photo's caption and width, and the
    // note with its reference come back as what they were printed from.
    let item = made.iter().find(|m| m.ends_with(".md")).expect("the item");
    let back = String::from_utf8(project.read(&format!("bulletins/6/{item}"))).expect("utf-8");
    for field in [
        "subtitle: \"东城区创城自查工作纪实\"\n",
        "editor_note: \"东城区以问题台账推动整改的做法值得借鉴。\"\n",
        "建立问题台账[^1]，",
        "![东门社区督导现场](01-dongchengquzhashikaizhan-1.jpg \"100mm\")",
        "\n[^1]: 问题台账按“发现、交办、整改、销号”四个环节管理。\n",
    ] {
        assert!(back.contains(field), "{field:?} in {back}");
    }
    // So the issue prints as the one it was made from, but for its number,
    // and its last page (the photo, table, note and 版记) the same to the
    // pixel.
    let text = |n: &str| squash(&pdf_text(&project.path().join(format!("out/{n}.pdf"))));
    assert_eq!(text("6").replacen("第6期", "第5期", 1), text("5"));
    let page = |n: &str| {
        let pdf = project.path().join(format!("out/{n}.pdf"));
        crate::common::program("pdftoppm")
            .args(["-r", "30", "-f", "2", "-l", "2", "-gray"])
            .arg(&pdf)
            .run()
            .success()
            .stdout
    };
    assert_eq!(page("6"), page("5"), "page 2 differs");
}
