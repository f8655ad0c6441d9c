//! The preview in a real headless Chromium: live reload on save, the error
//! overlay and its recovery, screenshots, the page images, links that never
//! cover text, axe-core, and printing on A4.

use super::*;

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
    // The page is updated in place: it keeps where the reader scrolled to
    // (a reload would start at the top) and the window stays the same.
    browser.eval("window.scrollTo(0, 600); window.bulletinSame = true; return scrollY");
    std::fs::write(&path, &edited).expect("edit");
    browser.wait_for("the edit in place", RELOAD_TIMEOUT, |t| {
        t.contains("在实时预览座谈会上")
    });
    let kept = browser.eval("return [window.bulletinSame === true, scrollY]");
    assert_eq!(
        kept,
        serde_json::json!([true, 600]),
        "the page lost its place"
    );
    save_by_rename(&path, &edited.replace("实时预览", "改名保存"));
    browser.wait_for("the edit saved by rename", RELOAD_TIMEOUT, |t| {
        t.contains("在改名保存座谈会上")
    });

    // Breaking the item shows the overlay with the diagnostics…
    std::fs::write(&path, original.replace("leader: 张旋宇", "leader: 张璇宇")).expect("break");
    browser.wait_for("the error overlay", RELOAD_TIMEOUT, |t| {
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
    browser.screenshot(&dir.join("issue-12-error.png"));

    // …and fixing it restores the page by itself.
    std::fs::write(&path, &original).expect("fix");
    browser.wait_for("the page to recover", RELOAD_TIMEOUT, |t| {
        !t.contains("第12期有错误") && t.contains("在座谈会上")
    });

    // The exact pages are one click away (opened in the browser by
    // `the_page_images_open_50_times_after_the_issue_page`).
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

/// Regression: opening the page images after the issue page stalled about
/// one time in twenty (a new connection queued behind event streams).
#[test]
fn the_page_images_open_50_times_after_the_issue_page() {
    if !browser::available() {
        return;
    }
    let project = Project::sample();
    let server = Server::start(project.path(), &[]);
    let browser = Browser::start();
    for round in 0..50 {
        // A stall is a WebDriver error (the page load times out) or an
        // image that never completes. The view is read once every image
        // is loaded, so a view that reloaded meanwhile (its issue rebuilt)
        // is read whole, not half-loaded.
        browser.open(&format!("{}/12.html", server.base));
        browser.open(&format!("{}/12-pages.html", server.base));
        let loaded = common::try_wait_until(Duration::from_secs(30), || {
            browser.try_eval(
                "const images = [...document.images];
                 return images.length >= 3 && images.every(i => i.complete && i.naturalWidth > 0)",
            ) == Some(serde_json::json!(true))
        });
        if !loaded {
            let state = browser.eval(
                "return [document.readyState, document.body.innerText.slice(0, 200),
                  document.querySelector('meta[name=bulletin-serve-version]')?.content,
                  ...[...document.images].map(i => [i.src, i.complete, i.naturalWidth])]",
            );
            panic!(
                "round {round}: not every image loaded: {state}\nthe server printed:\n{}",
                server.log()
            );
        }
    }
}

/// The rectangles of the serve links that overlap text, at every scroll
/// position of the page.
const COVERED_TEXT: &str = "
    const links = [...document.querySelectorAll('.bulletin-serve a')];
    if (!links.length) return ['no links'];
    const texts = [...document.querySelectorAll('article p, article h1, article h2, article li, article dt, article dd, main h1, main img')];
    const hits = [];
    const step = Math.max(100, innerHeight / 2);
    for (let y = 0; y <= document.documentElement.scrollHeight; y += step) {
      scrollTo(0, y);
      for (const a of links) {
        const r = a.getBoundingClientRect();
        for (const t of texts) {
          const s = t.getBoundingClientRect();
          if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom)
            hits.push(a.textContent + ' over ' + t.tagName + ' at ' + y);
        }
      }
    }
    scrollTo(0, 0);
    return hits.slice(0, 5);";

#[test]
fn links_never_cover_text_pages_pass_axe_and_print_on_a4() {
    if !browser::available() {
        return;
    }
    let project = Project::sample();
    let server = Server::start(project.path(), &[]);
    let browser = Browser::start();
    let axe = browser::axe_available();
    let views = ["/", "/12.html", "/12-pages.html"];
    for (width, height) in [(1280, 1000), (375, 812)] {
        browser.resize(width, height);
        for view in views {
            browser.open(&format!("{}{view}", server.base));
            if view != "/" {
                assert_eq!(
                    browser.eval(COVERED_TEXT),
                    serde_json::json!([]),
                    "{view} at {width} px"
                );
            }
            if axe {
                let violations = browser.axe_serious();
                assert!(
                    violations.is_empty(),
                    "{view} at {width} px: {violations:?}"
                );
            }
        }
    }

    // Printed: A4 pages, the links left out, no item title alone at the
    // foot of a page.
    browser.resize(1280, 1000);
    browser.open(&format!("{}/12.html", server.base));
    let pdf = screenshot_dir().join("issue-12-printed.pdf");
    std::fs::create_dir_all(screenshot_dir()).expect("mkdir");
    std::fs::write(&pdf, browser.print_pdf()).expect("write PDF");
    let info = common::poppler("pdfinfo", &[], &pdf);
    assert!(info.contains("(A4)"), "{info}");
    // The text lies within the PDF's margins: 28 mm left, 26 mm right,
    // 37 mm top, 35 mm bottom (1 pt of slack).
    let bbox = common::poppler("pdftotext", &["-bbox"], &pdf);
    let coordinate = |word: &str, key: &str| -> f64 {
        let at = word.find(&format!("{key}=\"")).expect(key) + key.len() + 2;
        word[at..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .expect("number")
    };
    let mm = |v: f64| v * 72.0 / 25.4;
    let words: Vec<&str> = bbox.split("<word ").skip(1).collect();
    assert!(words.len() > 100, "{bbox}");
    for word in words {
        let (left, top) = (coordinate(word, "xMin"), coordinate(word, "yMin"));
        let (right, bottom) = (coordinate(word, "xMax"), coordinate(word, "yMax"));
        // The masthead's glyph boxes (the font's full ascent at 48 pt) are
        // taller than its lines, so only its ink is inside the top margin.
        let masthead = bottom - top > 30.0;
        assert!(
            left >= mm(28.0) - 1.0
                && right <= 595.0 - mm(26.0) + 1.0
                && (masthead || top >= mm(37.0) - 1.0)
                && bottom <= 842.0 - mm(35.0) + 1.0,
            "outside the margins: {word}"
        );
    }
    let text = common::poppler("pdftotext", &["-layout"], &pdf);
    assert!(!text.contains("全部各期"), "the links print:\n{text}");
    for page in text.split('\u{c}') {
        let last = page.lines().rev().find(|l| !l.trim().is_empty());
        if let Some(last) = last {
            let last = last.trim();
            assert!(
                !TITLES.iter().any(|t| last.contains(t)),
                "a title ends a page: {last}"
            );
        }
    }

    // With an error the links stay usable: the banner is above the last
    // good page, and a click on 版面 opens the page images.
    let path = project.path().join(ITEM);
    let original = std::fs::read_to_string(&path).expect("item");
    std::fs::write(&path, original.replace("leader: 张旋宇", "leader: 张璇宇")).expect("break");
    browser.wait_for("the error banner", RELOAD_TIMEOUT, |t| {
        t.contains("第12期有错误")
    });
    for (width, height) in [(1280, 1000), (375, 812)] {
        browser.resize(width, height);
        assert!(browser.displayed("#bulletin-serve-error"));
        assert!(browser.displayed(".bulletin-serve a[href$='-pages.html']"));
        let on_top = browser.eval(
            "const a = document.querySelector(\".bulletin-serve a[href$='-pages.html']\");
             const r = a.getBoundingClientRect();
             return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === a;",
        );
        assert_eq!(on_top, serde_json::json!(true), "at {width} px");
        if axe {
            let violations = browser.axe_serious();
            assert!(violations.is_empty(), "error page: {violations:?}");
        }
    }
    browser.click(".bulletin-serve a[href$='-pages.html']");
    browser.wait_for("the page images", RELOAD_TIMEOUT, |t| t.contains("版面"));
    let url = browser.eval("return location.pathname");
    assert_eq!(url, serde_json::json!("/12-pages.html"));
}
