//! `bulletin serve` in a real headless Chromium (through chromedriver): the
//! index, the issue page, live reload on saving an item (also when the
//! editor writes a new file and renames it), the error overlay and its
//! recovery, and screenshots at desktop and phone widths. Also: nothing
//! outside the output is served, and the HTML passes the W3C Nu checker.

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use browser::{Browser, Server, base64_decode, http};
use common::Project;

/// The titles of the sample issue's items.
const TITLES: [&str; 6] = [
    "张旋宇到第一网格督导创城工作",
    "朱加云到第七网格督导创城工作",
    "孙凌云到第二十网格督导创城工作",
    "贾富彬到第二十二网格督导创城工作",
    "刘延杰到第二十三网格督导创城工作",
    "市人大常委会机关召开创城工作推进会",
];

const ITEM: &str = "bulletins/12/01-zhang-xuanyu.md";

/// Long enough for a slow CI machine; a change normally shows in well
/// under a second.
const RELOAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Where screenshots go: `BULLETIN_SCREENSHOTS` or a folder under /tmp.
fn screenshot_dir() -> PathBuf {
    std::env::var_os("BULLETIN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("bulletin-screenshots"))
}

/// Saves a file the way many editors do: a new file renamed over the old.
fn save_by_rename(path: &Path, text: &str) {
    let temp = path.with_extension("md.tmp-save");
    std::fs::write(&temp, text).expect("write temp");
    std::fs::rename(&temp, path).expect("rename");
}

#[test]
fn preview_in_a_browser_reloads_on_save_and_shows_errors() {
    if !browser::available() {
        return;
    }
    let project = Project::sample();
    let server = Server::start(project.path(), &[]);
    let browser = Browser::start();

    // The index lists the issue.
    browser.open(&format!("{}/", server.base));
    let index = browser.text();
    assert!(
        index.contains("第12期") && index.contains("2021年3月17日"),
        "{index}"
    );

    // The issue page shows every item title.
    browser.open(&format!("{}/12.html", server.base));
    let page = browser.text();
    for title in TITLES {
        assert!(page.contains(title), "{title} missing from:\n{page}");
    }

    // Screenshots at desktop and phone widths.
    let dir = screenshot_dir();
    browser.resize(1280, 1000);
    browser.screenshot(&dir.join("issue-12-desktop.png"));
    browser.resize(375, 812);
    let width = browser.viewport_width();
    assert!(width <= 400, "phone viewport is {width} px wide");
    browser.screenshot(&dir.join("issue-12-phone.png"));
    // Nothing sticks out to the right, so the page never scrolls sideways.
    let overflow = browser.eval(
        "const w = document.documentElement.clientWidth;
         return Array.from(document.querySelectorAll('body *'))
           .filter(e => e.getBoundingClientRect().right > w + 0.5)
           .map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)
           .slice(0, 5)",
    );
    assert_eq!(
        overflow,
        serde_json::json!([]),
        "sticks out on a {width}-px phone"
    );
    browser.resize(1280, 1000);

    // Saving an item changes the open page without a manual reload: once
    // written in place, once written as a new file renamed over the old.
    let path = project.path().join(ITEM);
    let original = std::fs::read_to_string(&path).expect("item");
    let edited = original.replace("在座谈会上", "在实时预览座谈会上");
    std::fs::write(&path, &edited).expect("edit");
    browser.wait_for("the edit in place", RELOAD_TIMEOUT, |t| {
        t.contains("在实时预览座谈会上")
    });
    save_by_rename(&path, &edited.replace("实时预览", "改名保存"));
    browser.wait_for("the edit saved by rename", RELOAD_TIMEOUT, |t| {
        t.contains("在改名保存座谈会上")
    });

    // Breaking the item shows the overlay with the diagnostics…
    std::fs::write(&path, original.replace("leader: 张旋宇", "leader: 张璇宇")).expect("break");
    let shown = browser.wait_for("the error overlay", RELOAD_TIMEOUT, |t| {
        t.contains("第12期有错误")
    });
    let overlay = browser.eval(
        "const e = document.getElementById('bulletin-serve-error'); return e ? e.innerText : ''",
    );
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(
        overlay.contains("E-LEADER-UNKNOWN") && overlay.contains("01-zhang-xuanyu.md"),
        "{overlay}"
    );
    eprintln!("overlay after {shown:?}");
    browser.screenshot(&dir.join("issue-12-error.png"));

    // …and fixing it restores the page by itself.
    std::fs::write(&path, &original).expect("fix");
    browser.wait_for("the page to recover", RELOAD_TIMEOUT, |t| {
        !t.contains("第12期有错误") && t.contains("在座谈会上")
    });

    // The exact pages are one click away. Checked over plain HTTP: opening
    // this view in headless Chromium stalled now and then ("timed out
    // receiving message from renderer"), which is still to be understood.
    let (status, pages) = http("GET", server.port(), "/12-pages.html", None);
    assert_eq!(status, 200);
    let pages = String::from_utf8(pages).expect("utf-8");
    let images: Vec<&str> = pages
        .split("src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|src| src.ends_with(".svg"))
        .collect();
    assert!(images.len() >= 3, "page images: {images:?}");
    for image in images {
        let (status, svg) = http(
            "GET",
            server.port(),
            &format!("/{}", image.trim_start_matches('/')),
            None,
        );
        assert_eq!(status, 200, "{image}");
        assert!(svg.starts_with(b"<svg"), "{image} is not SVG");
    }
    let log = server.log();
    assert!(log.contains("已生成第12期"), "{log}");
}

#[test]
fn serve_with_poll_sees_changes_too() {
    save_right_after_start_is_seen(&["--poll"]);
}

/// Regression: the folders were watched only after the first build, so a
/// save during it was missed (fixed in 1aeab51). The save lands while the
/// first build is still going: when issue 12 is built, before the eight
/// issues after it are.
#[test]
fn a_save_right_after_start_is_seen() {
    save_right_after_start_is_seen(&[]);
}

fn save_right_after_start_is_seen(args: &[&str]) {
    let project = Project::sample();
    let issue = std::fs::read_to_string(project.path().join("bulletins/12/issue.yaml"))
        .expect("issue.yaml");
    for n in 13..=20 {
        let dir = project.path().join(format!("bulletins/{n}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        for entry in std::fs::read_dir(project.path().join("bulletins/12")).expect("12") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
        }
        std::fs::write(
            dir.join("issue.yaml"),
            issue.replace("number: 12", &format!("number: {n}")),
        )
        .expect("issue.yaml");
    }
    let path = project.path().join(ITEM);
    let original = std::fs::read_to_string(&path).expect("item");
    let mut saved_during_build = false;
    let server = Server::start_watching(project.path(), args, |line| {
        if line.contains("已生成第12期") && !saved_during_build {
            save_by_rename(&path, &original.replace("在座谈会上", "在刚启动时座谈会上"));
            saved_during_build = true;
        }
    });
    assert!(
        saved_during_build,
        "issue 12 was not built before the server listened"
    );
    let deadline = Instant::now() + RELOAD_TIMEOUT;
    loop {
        let (status, body) = http("GET", server.port(), "/12.html", None);
        assert_eq!(status, 200);
        if String::from_utf8_lossy(&body).contains("在刚启动时座谈会上") {
            break;
        }
        assert!(Instant::now() < deadline, "no rebuild after the change");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_refuses_paths_outside_the_output() {
    let project = Project::sample();
    let server = Server::start(project.path(), &[]);
    for target in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/12/../../bulletin.yaml",
        "/..%2f..%2fetc%2fpasswd",
    ] {
        let (status, body) = http("GET", server.port(), target, None);
        assert_eq!(status, 403, "{target}");
        assert!(
            !String::from_utf8_lossy(&body).contains("root:"),
            "{target}"
        );
    }
    for target in ["/bulletin.yaml", "/bulletins/12/issue.yaml", "/etc/passwd"] {
        let (status, _) = http("GET", server.port(), target, None);
        assert_eq!(status, 404, "{target}");
    }
    let (status, pdf) = http("GET", server.port(), "/12.pdf", None);
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    // Serving writes nothing into the project.
    assert!(!project.path().join("out").exists());
}

#[test]
fn html_passes_the_nu_checker() {
    if !common::nu_checker_available() {
        return;
    }
    let project = Project::sample();
    project.run(&["build", "12", "--format", "html"]).success();
    let mut files = vec![project.path().join("out/12.html")];
    // The pages of the preview server too, with their overlay.
    let path = project.path().join(ITEM);
    let server = Server::start(project.path(), &[]);
    for (target, name) in [("/", "index.html"), ("/12-pages.html", "pages.html")] {
        let (_, body) = http("GET", server.port(), target, None);
        let file = project.path().join(name);
        std::fs::write(&file, body).expect("write");
        files.push(file);
    }
    let original = std::fs::read_to_string(&path).expect("item");
    std::fs::write(&path, original.replace("leader: 张旋宇", "leader: <b>")).expect("break");
    let deadline = Instant::now() + RELOAD_TIMEOUT;
    let failing = loop {
        let (_, body) = http("GET", server.port(), "/12.html", None);
        let body = String::from_utf8(body).expect("utf-8");
        if body.contains("bulletin-serve-error") {
            break body;
        }
        assert!(Instant::now() < deadline, "no overlay");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        failing.contains("&lt;b&gt;"),
        "the overlay escapes its text"
    );
    let file = project.path().join("failing.html");
    std::fs::write(&file, failing).expect("write");
    files.push(file);

    common::nu_check(&files);
}

#[test]
fn base64_decodes_with_and_without_padding() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGk="), b"hi");
    assert_eq!(base64_decode("YWJj"), b"abc");
}

/// The figures for the preview: time from saving an item to the open page
/// showing the change (median of several saves), and the size of issue
/// 12's HTML. Run with
/// `cargo test --release --test serve -- --ignored --nocapture figures`.
#[test]
#[ignore = "a measurement, not a test"]
fn figures_save_to_page_and_html_size() {
    if !browser::available() {
        return;
    }
    let project = Project::sample();
    let html = build_html_size(&project);
    let server = Server::start(project.path(), &[]);
    let browser = Browser::start();
    browser.open(&format!("{}/12.html", server.base));
    let path = project.path().join(ITEM);
    let original = std::fs::read_to_string(&path).expect("item");
    let mut times = Vec::new();
    for i in 0..11 {
        let marker = format!("第{i}次保存");
        // Let the previous reload settle, as between a writer's saves.
        std::thread::sleep(Duration::from_millis(400));
        let start = Instant::now();
        if i % 2 == 0 {
            std::fs::write(&path, original.replace("在座谈会上", &marker)).expect("edit");
        } else {
            save_by_rename(&path, &original.replace("在座谈会上", &marker));
        }
        browser.wait_for(&marker, RELOAD_TIMEOUT, |t| t.contains(&marker));
        times.push(start.elapsed());
    }
    let mut sorted = times.clone();
    sorted.sort();
    let ms = |d: &Duration| d.as_millis();
    eprintln!(
        "save → page shows the change: median {} ms (min {}, max {}) over {} saves: {:?}",
        ms(&sorted[sorted.len() / 2]),
        ms(&sorted[0]),
        ms(&sorted[sorted.len() - 1]),
        times.len(),
        times.iter().map(ms).collect::<Vec<_>>()
    );
    eprintln!("HTML of issue 12: {html} bytes");
    eprintln!("{}", server.log());
}

fn build_html_size(project: &Project) -> usize {
    project.run(&["build", "12", "--format", "html"]).success();
    project.read("out/12.html").len()
}
