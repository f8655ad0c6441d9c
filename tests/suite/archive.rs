//! `bulletin archive`: incremental, parallel, and the site it writes.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::common::{self, Project, browser};

fn summary(run: &common::Run) -> String {
    run.stderr()
        .lines()
        .find(|l| l.starts_with("站点已更新"))
        .unwrap_or_else(|| panic!("no summary in:\n{}", run.stderr()))
        .to_owned()
}

fn counts(run: &common::Run) -> (usize, usize, usize, usize) {
    let line = summary(run);
    let number = |label: &str| -> usize {
        let at = line
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {line}"))
            + label.len();
        line[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    (
        number("新生成 "),
        number("未改动 "),
        number("移除 "),
        number("失败 "),
    )
}

fn site_files(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(project.path().join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn first_run_builds_every_issue_and_the_index() {
    let project = Project::example("other-series");
    let run = project.run(&["archive"]).success();
    assert_eq!(counts(&run), (2, 0, 0, 0));
    assert_eq!(
        site_files(&project),
        [
            ".bulletin",
            ".bulletin-manifest.json",
            "3.docx",
            "3.html",
            "3.pdf",
            "3.png",
            "4.docx",
            "4.html",
            "4.pdf",
            "4.png",
            "feed.xml",
            "index.html",
            "index.json",
            "ledger.html",
            "search.js"
        ]
    );
    let index: serde_json::Value =
        serde_json::from_slice(&project.read("site/index.json")).unwrap();
    let numbers: Vec<u64> = index["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [4, 3], "newest first");
    let html = String::from_utf8(project.read("site/index.html")).unwrap();
    assert!(html.find("第4期").unwrap() < html.find("第3期").unwrap());
    let feed = String::from_utf8(project.read("site/feed.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 2);
    let png = project.read("site/3.png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn nothing_changed_rebuilds_nothing() {
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    let before = project.read("site/3.pdf");
    let run = project.run(&["archive"]).success();
    assert_eq!(counts(&run), (0, 2, 0, 0));
    assert_eq!(before, project.read("site/3.pdf"));
}

#[test]
fn changing_one_item_rebuilds_one_issue() {
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    let item = project.path().join("bulletins/4/01-zhou-min.md");
    let text = fs::read_to_string(&item).unwrap();
    fs::write(&item, format!("{text}\n新增一段，以示改动。\n")).unwrap();
    let run = project.run(&["archive"]).success();
    assert_eq!(counts(&run), (1, 1, 0, 0));
    let pdf = common::pdf_text(&project.path().join("site/4.pdf"));
    assert!(pdf.contains("新增一段，以示改动。"), "{pdf}");
}

#[test]
fn changing_the_template_or_the_series_rebuilds_all() {
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    let template = fs::read_to_string(common::repo().join("templates/bulletin.typ")).unwrap();
    project.write("templates/bulletin.typ", &format!("{template}\n// tweak\n"));
    let run = project.run(&["archive"]).success();
    assert_eq!(counts(&run), (2, 0, 0, 0));
    let config = project.path().join("bulletin.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}\n# 改动\n")).unwrap();
    let run = project.run(&["archive"]).success();
    assert_eq!(counts(&run), (2, 0, 0, 0));
}

#[test]
fn a_removed_issue_leaves_the_site() {
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    fs::remove_dir_all(project.path().join("bulletins/3")).unwrap();
    let run = project.run(&["archive"]).success();
    assert_eq!(counts(&run), (0, 1, 1, 0));
    assert!(!project.path().join("site/3.pdf").exists());
    assert!(!project.path().join("site/3.html").exists());
    let index = String::from_utf8(project.read("site/index.json")).unwrap();
    assert!(!index.contains("\"number\": 3"), "{index}");
}

#[test]
fn a_missing_output_is_rebuilt() {
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    fs::remove_file(project.path().join("site/3.png")).unwrap();
    let run = project.run(&["archive"]).success();
    assert_eq!(counts(&run), (1, 1, 0, 0));
    assert!(project.path().join("site/3.png").exists());
}

#[test]
fn one_failing_issue_does_not_stop_the_others() {
    let project = Project::example("other-series");
    project.write(
        "bulletins/3/09-broken.md",
        "---\ntitle: 坏稿件\ndate: 2024-13-01\n---\n",
    );
    let run = project.run(&["archive"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("bulletins/3/09-broken.md:3:7"),
        "{}",
        run.stderr()
    );
    assert!(project.path().join("site/4.pdf").exists());
    assert!(!project.path().join("site/3.pdf").exists());
    assert!(project.path().join("site/index.html").exists());
}

/// Copies issue 12 of the sample to `count` issues 12, 13, ….
fn many_issues(count: u32) -> Project {
    let project = Project::sample();
    for n in 13..12 + count {
        let dir = project.path().join(format!("bulletins/{n}"));
        copy_dir(&project.path().join("bulletins/12"), &dir);
        let issue = fs::read_to_string(dir.join("issue.yaml")).unwrap();
        fs::write(
            dir.join("issue.yaml"),
            issue.replace("number: 12", &format!("number: {n}")),
        )
        .unwrap();
    }
    project
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn an_interrupted_run_is_completed_by_the_next() {
    let project = many_issues(40);
    let manifest_path = project.path().join("site/.bulletin-manifest.json");
    // One worker, so the run is still going when the first issue is
    // recorded.
    let mut child = common::bulletin(project.path())
        .args(["archive", "-j", "1"])
        .spawn();
    // Kill it once the manifest names at least one issue: polled, not
    // timed. The deadline only stops a hang.
    let recorded = |path: &Path| {
        fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .and_then(|m| m["issues"].as_object().map(|o| o.len()))
            .unwrap_or(0)
    };
    common::wait_until("an issue in the manifest", Duration::from_secs(120), || {
        assert!(
            child.is_running(),
            "the run ended before it recorded an issue"
        );
        recorded(&manifest_path) > 0
    });
    let status = child.kill(); // SIGKILL: no chance to clean up
    assert!(!status.success(), "the run finished before it was killed");
    let before = recorded(&manifest_path);
    assert!(
        (1..40).contains(&before),
        "the manifest records {before} issues"
    );

    // Whatever the manifest claims is there.
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(&manifest_path).unwrap()).unwrap();
    for (_, entry) in manifest["issues"].as_object().unwrap() {
        for file in entry["files"].as_array().unwrap() {
            let file = file.as_str().unwrap();
            assert!(
                project.path().join("site").join(file).is_file(),
                "manifest claims {file}"
            );
        }
    }
    let run = project.run(&["archive"]).success();
    let (built, unchanged, _, failed) = counts(&run);
    assert_eq!((built + unchanged, failed), (40, 0));
    assert!(
        unchanged >= before,
        "what the killed run recorded was rebuilt"
    );
    for n in 12..52 {
        for ext in ["pdf", "html", "png"] {
            assert!(
                project.path().join(format!("site/{n}.{ext}")).is_file(),
                "{n}.{ext}"
            );
        }
    }
    let index: serde_json::Value =
        serde_json::from_slice(&project.read("site/index.json")).unwrap();
    assert_eq!(index["issues"].as_array().unwrap().len(), 40);
}

#[test]
fn the_index_filter_finds_issues_by_leader_grid_and_text_in_a_browser() {
    if !browser::available() {
        return;
    }
    let project = many_issues(3);
    // Issue 13 gets a leader that no other issue has.
    let item = project.path().join("bulletins/13/03-sun-lingyun.md");
    let text = fs::read_to_string(&item).unwrap();
    fs::write(&item, format!("{text}\n会上，王堃同志作了发言。\n")).unwrap();
    project.run(&["archive"]).success();
    let index = project.path().join("site/index.html");
    let browser = browser::Browser::start();
    browser.open(&format!("file://{}", index.display()));
    // The issues on screen after typing a query: WebDriver's "is element
    // displayed", not the `hidden` attribute (which a CSS rule once
    // overrode, so every issue stayed on screen).
    let visible = |query: &str| -> Vec<u64> {
        browser.eval(&format!(
            "const box = document.getElementById('filter');
             box.value = {query:?};
             box.dispatchEvent(new Event('input'));"
        ));
        common::wait_until("the filter to run", Duration::from_secs(10), || {
            browser.eval(&format!(
                "return document.getElementById('issues').dataset.query === {query:?}"
            )) == serde_json::Value::Bool(true)
        });
        [14, 13, 12]
            .into_iter()
            .filter(|n| browser.displayed(&format!("#issue-{n}")))
            .collect()
    };
    assert_eq!(visible(""), [14, 13, 12], "newest first, all shown");
    assert!(
        !browser.displayed("#none"),
        "the 'nothing found' note hides"
    );
    assert_eq!(visible("王堃"), [13], "by a name in the text");
    assert_eq!(visible("朱加云"), [14, 13, 12], "by a leader");
    assert_eq!(visible("第二十二网格"), [14, 13, 12], "by a grid");
    assert_eq!(visible("第13期"), [13], "by number");
    assert_eq!(visible("2021-03-17 王堃"), [13], "by date and name");
    assert_eq!(visible("没有这个词"), Vec::<u64>::new());
    assert!(browser.displayed("#none"), "the 'nothing found' note shows");
    assert_eq!(visible(""), [14, 13, 12], "all back");

    // Thumbnails load as they scroll into view.
    let lazy = browser.eval(
        "return [...document.querySelectorAll('li.issue img')].every(i => i.loading === 'lazy')",
    );
    assert_eq!(lazy, serde_json::Value::Bool(true));
    if browser::axe_available() {
        let violations = browser.axe_serious();
        assert!(violations.is_empty(), "{violations:?}");
    }
}

#[test]
fn each_issue_page_links_its_pdf_and_word_file() {
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    let page = String::from_utf8(project.read("site/3.html")).unwrap();
    assert!(page.contains(r#"<a href="3.pdf" type="#), "{page}");
    assert!(page.contains(r#"<a href="3.docx" type="#), "{page}");
    // The links come first on the page, before the masthead.
    let nav = page
        .find("<nav class=\"bulletin-downloads\"")
        .expect("links");
    assert!(nav < page.find("<article").expect("the issue"), "{page}");
    if !browser::available() {
        return;
    }
    let browser = browser::Browser::start();
    browser.open(&format!(
        "file://{}",
        project.path().join("site/3.html").display()
    ));
    assert!(browser.displayed("nav.bulletin-downloads a[href='3.pdf']"));
    assert!(browser.displayed("nav.bulletin-downloads a[href='3.docx']"));
    let text = browser.eval("return document.querySelector('nav.bulletin-downloads').innerText");
    assert_eq!(text, serde_json::json!("下载：PDF · Word"));
}

#[test]
fn the_index_passes_the_nu_checker() {
    if !common::nu_checker_available() {
        return;
    }
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    let site = project.path().join("site");
    common::nu_check(&[
        site.join("index.html"),
        site.join("3.html"),
        site.join("ledger.html"),
    ]);
}

#[test]
fn the_feed_links_to_itself_and_absolutely_from_base_url() {
    let project = Project::example("other-series");
    project.run(&["archive"]).success();
    let feed = String::from_utf8(project.read("site/feed.xml")).unwrap();
    assert!(
        feed.contains(r#"<link rel="self" type="application/atom+xml" href="feed.xml"/>"#),
        "{feed}"
    );

    let config = String::from_utf8(project.read("bulletin.yaml")).unwrap();
    project.write(
        "bulletin.yaml",
        &format!("{config}\nbase_url: https://www.example.gov.cn/jianbao\n"),
    );
    project.run(&["archive"]).success();
    // The template escapes `/` as `&#x2f;`, which XML reads as `/`.
    let feed = String::from_utf8(project.read("site/feed.xml"))
        .unwrap()
        .replace("&#x2f;", "/");
    for link in [
        r#"<link rel="self" type="application/atom+xml" href="https://www.example.gov.cn/jianbao/feed.xml"/>"#,
        r#"href="https://www.example.gov.cn/jianbao/index.html""#,
        r#"href="https://www.example.gov.cn/jianbao/3.html""#,
        r#"href="https://www.example.gov.cn/jianbao/4.pdf""#,
    ] {
        assert!(feed.contains(link), "{link} not in:\n{feed}");
    }
}

#[test]
fn archive_prints_the_warnings_of_the_issues_it_built() {
    let project = Project::example("other-series");
    project.write(
        "bulletins/3/09-meeting.md",
        "---\ntitle: 会议\ndate: 2024-04-11\n---\n会议要求:一是加强领导,二是压实责任。\n",
    );
    let run = project.run(&["archive"]).success();
    let stderr = run.stderr();
    assert!(stderr.contains("warning[W-TYPO-HALFWIDTH]"), "{stderr}");
    assert!(stderr.contains("bulletins/3/09-meeting.md:5:5"), "{stderr}");
}
