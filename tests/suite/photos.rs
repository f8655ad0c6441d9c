//! Photos through the binary: JPEG and PNG from the issue folder or the
//! project's `images/` folder go into the PDF (the JPEG as it is, read back
//! with `pdfimages`), turned as their EXIF orientation says, centred with
//! their caption; into the HTML as `data:` addresses (self-contained,
//! checked by the Nu checker); and into the PNG and SVG pages.

use std::fs;
use std::path::Path;

use crate::common::{self, Project, nu_check, nu_checker_available, pdf_lines, repo};

/// The minimal example with an item of three photos.
fn with_photos() -> Project {
    let project = Project::example("minimal");
    let data = repo().join("tests/data/images");
    fs::create_dir_all(project.path().join("images")).expect("mkdir");
    for (from, to) in [
        ("site.jpg", "bulletins/1/site.jpg"),
        ("sideways.jpg", "bulletins/1/sideways.jpg"),
        ("chart.png", "images/chart.png"),
    ] {
        fs::copy(data.join(from), project.path().join(to)).expect("copy");
    }
    project.write(
        "bulletins/1/02-photos.md",
        "---\ntitle: 督导现场图片\ndate: 2024-05-20\n---\n督导组检查了东门社区。\n\n\
         ![东门社区督导现场](site.jpg)\n\n![各组得分](images/chart.png \"80mm\")\n\n\
         ![侧放的照片](sideways.jpg)\n",
    );
    project
}

#[test]
fn photos_go_into_the_pdf_as_they_are_with_their_captions_centred() {
    let project = with_photos();
    let run = project.run(&["build", "1"]).success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let pdf = project.path().join("out/1.pdf");
    let list = common::poppler("pdfimages", &["-list"], &pdf);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    // page num type width height color comp bpc enc ...
    let summary: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[3], r[4], r[8])).collect();
    assert!(summary.contains(&("400", "300", "jpeg")), "{list}");
    assert!(summary.contains(&("480", "320", "jpeg")), "{list}");
    assert!(summary.contains(&("300", "200", "image")), "{list}");
    // The JPEG is embedded byte for byte, not decoded and re-encoded.
    let dir = tempfile::tempdir().expect("tempdir");
    common::program("pdfimages")
        .arg("-j")
        .arg(&pdf)
        .arg(dir.path().join("img"))
        .run()
        .success();
    let original = fs::read(repo().join("tests/data/images/site.jpg")).expect("site.jpg");
    let embedded = fs::read_dir(dir.path())
        .expect("images")
        .map(|e| fs::read(e.expect("entry").path()).expect("read"))
        .any(|bytes| bytes == original);
    assert!(embedded, "site.jpg is not embedded as it is");
    // Captions are centred on the text block (28 mm + 156 mm / 2 = 300.5 pt).
    let lines: Vec<_> = pdf_lines(&pdf).into_iter().flatten().collect();
    for caption in ["东门社区督导现场", "各组得分", "侧放的照片"] {
        let line = lines
            .iter()
            .find(|l| l.text() == caption)
            .unwrap_or_else(|| panic!("caption {caption} missing"));
        assert!((line.centre() - 300.5).abs() < 2.0, "{caption}: {line:?}");
    }
}

/// The red pixels of a page rendered by `pdftoppm` as PPM: their bounding
/// box (x0, y0, x1, y1).
fn red_box(ppm: &Path) -> (usize, usize, usize, usize) {
    let bytes = fs::read(ppm).expect("ppm");
    let (fields, pixels) = common::netpbm(&bytes);
    assert_eq!(fields[0], "P6");
    let width: usize = fields[1].parse().expect("width");
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (i, p) in pixels.chunks(3).enumerate() {
        if p[0] > 170 && p[1] < 80 && p[2] < 80 {
            let (x, y) = (i % width, i / width);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    (x0, y0, x1, y1)
}

#[test]
fn exif_orientation_is_honoured() {
    // sideways.jpg is stored 480 × 320 with a red band down its left side
    // and EXIF orientation 6: shown turned, the band runs across the top.
    let project = Project::example("minimal");
    fs::copy(
        repo().join("tests/data/images/sideways.jpg"),
        project.path().join("bulletins/1/sideways.jpg"),
    )
    .expect("copy");
    project.write(
        "bulletins/1/02-photo.md",
        "---\ntitle: 照片\ndate: 2024-05-20\n---\n![侧放的照片](sideways.jpg \"60mm\")\n",
    );
    project.run(&["build", "1"]).success();
    let pdf = project.path().join("out/1.pdf");
    let out = project.path().join("page");
    common::program("pdftoppm")
        .args(["-r", "40", "-f", "2", "-l", "2"])
        .arg(&pdf)
        .arg(&out)
        .run()
        .success();
    let page = fs::read_dir(project.path())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "ppm"))
        .expect("a page");
    let (x0, y0, x1, y1) = red_box(&page);
    assert!(x1 > x0 && y1 > y0, "no red band found");
    // The band is much wider than tall: it runs across the top.
    assert!(
        x1 - x0 > 4 * (y1 - y0),
        "band {x0},{y0}–{x1},{y1} is not across"
    );
}

#[test]
fn photos_are_embedded_in_the_html_and_in_the_png_and_svg_pages() {
    let project = with_photos();
    project
        .run(&["build", "1", "--format", "html,png,svg"])
        .success();
    let html = String::from_utf8(project.read("out/1.html")).expect("utf-8");
    assert_eq!(
        html.matches(r#"<img src="data:image/jpeg;base64,"#).count(),
        2,
        "{html}"
    );
    assert_eq!(
        html.matches(r#"<img src="data:image/png;base64,"#).count(),
        1
    );
    assert!(
        html.contains("<figcaption>东门社区督导现场</figcaption>"),
        "{html}"
    );
    for needle in ["http://", "https://", "src=\"bulletins", "src=\"images"] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    if nu_checker_available() {
        nu_check(&[project.path().join("out/1.html")]);
    }
    let svgs: Vec<String> = fs::read_dir(project.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .map(|p| fs::read_to_string(p).expect("svg"))
        .collect();
    assert!(
        svgs.iter().any(|s| s.contains("<image")),
        "no image in the SVG pages"
    );
    assert!(project.path().join("out/1-2.png").is_file());
}

#[test]
fn the_template_cannot_read_files_the_items_do_not_name() {
    // The photos reach Typst as virtual files; the template reads no path
    // it is given by an item.
    let project = with_photos();
    project.write(
        "bulletins/1/03-evil.md",
        "---\ntitle: 读文件\ndate: 2024-05-20\n---\n![x](/etc/passwd)\n",
    );
    let run = project.run(&["build", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[E-IMAGE-MISSING]"),
        "{}",
        run.stderr()
    );
    assert!(!project.path().join("out").exists());
}
