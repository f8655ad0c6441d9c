//! LibreOffice's rendering of the Word file, compared with our PDF.

use super::*;

/// Whether LibreOffice is here (`.ci/run` installs libreoffice-writer-nogui).
fn soffice() -> bool {
    let present = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok();
    common::tool_present(
        "libreoffice",
        present,
        "LibreOffice (libreoffice-writer-nogui)",
    )
}

/// A fontconfig configuration that offers LibreOffice the bundled fonts
/// only, under the names the Word file gives, so that it sets the text
/// with the metrics our PDF has.
fn fonts_conf(dir: &Path) -> PathBuf {
    let fonts = common::repo().join("assets/fonts");
    let mut conf = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
         <dir>{}</dir>\n<cachedir>{}</cachedir>\n",
        fonts.display(),
        dir.join("cache").display()
    );
    for (office, bundled) in [
        ("方正小标宋简体", "FandolSong"),
        ("仿宋_GB2312", "FandolFang"),
        ("仿宋", "FandolFang"),
        ("黑体", "FandolHei"),
        ("楷体_GB2312", "FandolKai"),
        ("楷体", "FandolKai"),
    ] {
        conf.push_str(&format!(
            "<match target=\"pattern\"><test name=\"family\"><string>{office}</string></test>\
             <edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{bundled}</string>\
             <string>Noto Serif CJK SC</string></edit></match>\n"
        ));
    }
    conf.push_str("</fontconfig>\n");
    let path = dir.join("fonts.conf");
    fs::write(&path, conf).expect("fonts.conf");
    path
}

/// Converts Word files to PDF with LibreOffice, headless, with its own
/// profile folder and a time limit; returns the PDFs.
fn libreoffice(docx: &[PathBuf]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let conf = fonts_conf(dir.path());
    let profile = format!("file://{}", dir.path().join("profile").display());
    let out = dir.path().join("pdf");
    common::program("timeout")
        .arg("300")
        .arg("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(docx)
        .env("FONTCONFIG_FILE", &conf)
        .run()
        .success();
    let pdfs = docx
        .iter()
        .map(|d| {
            let pdf = out.join(d.file_stem().expect("stem")).with_extension("pdf");
            assert!(pdf.is_file(), "no PDF for {}", d.display());
            pdf
        })
        .collect();
    (dir, pdfs)
}

const PT_TO_MM: f64 = 25.4 / 72.0;

/// A PDF's text in reading order as a reader sees it: the words of each
/// page by lines from the top, each line from the left, without white
/// space and page
/// numbers. (pdftotext's own order follows columns it guesses, which puts
/// a 版记 label after its text in one PDF and before it in another.)
fn visual_text(pdf: &Path) -> String {
    // (top, bottom, left, text)
    type Word = (f64, f64, f64, String);
    let xml = common::poppler("pdftotext", &["-bbox"], pdf);
    let number = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        tag[start..start + tag[start..].find('"').expect("quote")]
            .parse()
            .expect("number")
    };
    let mut out = String::new();
    for page in xml.split("<page ").skip(1) {
        let mut words: Vec<Word> = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let end = w.find('>').expect("tag end");
                let tag = &w[..end];
                let text = &w[end + 1..w.find("</word>").expect("word end")];
                let (top, bottom) = (number(tag, "yMin"), number(tag, "yMax"));
                (top, bottom, number(tag, "xMin"), text.replace("&amp;", "&"))
            })
            .collect();
        words.sort_by(|a, b| a.0.total_cmp(&b.0));
        // A word joins the line it overlaps (a note's superscript number
        // too); lines are a grid line apart and never overlap.
        // (bottom, words)
        let mut lines: Vec<(f64, Vec<Word>)> = Vec::new();
        for word in words {
            match lines.last_mut() {
                Some((bottom, line)) if word.0 < *bottom - 1.0 => {
                    *bottom = bottom.max(word.1);
                    line.push(word);
                }
                _ => lines.push((word.1, vec![word])),
            }
        }
        for (_, mut line) in lines {
            line.sort_by(|a, b| a.2.total_cmp(&b.2));
            let text: String = line.iter().map(|w| w.3.as_str()).collect();
            out.push_str(&text);
            out.push('\n');
        }
    }
    squash(&out)
}

/// The page numbers `— n —` a PDF prints: per page, the number and
/// whether it sits at the right.
fn page_numbers(pdf: &Path) -> Vec<Option<(usize, bool)>> {
    pdf_lines(pdf)
        .iter()
        .map(|lines| {
            lines.iter().find_map(|line| {
                let text = line.text();
                let digits = text.trim_matches(|c: char| c == '—' || c.is_whitespace());
                let n: usize = digits.parse().ok()?;
                (text.starts_with('—') && line.y_min * PT_TO_MM > 262.0)
                    .then_some((n, line.x_min * PT_TO_MM > 105.0))
            })
        })
        .collect()
}

/// Asserts that LibreOffice's rendering of a Word file looks like our PDF.
#[track_caller]
fn assert_like_our_pdf(ours: &Path, theirs: &Path) {
    let name = ours.display();
    // A4, as many pages.
    let sizes = page_sizes(theirs);
    assert!(
        sizes
            .iter()
            .all(|(w, h)| (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0),
        "{name}: {sizes:?}"
    );
    let ours_pages = page_sizes(ours).len();
    let stem = ours.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if LONGER_IN_LIBREOFFICE.contains(&stem) {
        // LibreOffice 7.4 sets a fifth of an em between Chinese and
        // digits, which a Word file cannot turn off for it (Word and WPS
        // honour `autoSpaceDN` off); a page of text one line longer then
        // pushes the anchor of the 版记 onto a page of its own.
        assert_eq!(
            sizes.len(),
            ours_pages + 1,
            "{name}: remove it from the list"
        );
        return;
    }
    assert_eq!(sizes.len(), ours_pages, "{name}: page count");
    // The same text in the same order, read line by line down the page.
    assert_eq!(visual_text(theirs), visual_text(ours), "{name}: text");
    // The text block: 28 to 184 mm across.
    for (page, lines) in pdf_lines(theirs).iter().enumerate() {
        for line in lines {
            let (left, right) = (line.x_min * PT_TO_MM, line.x_max * PT_TO_MM);
            assert!(
                left > 27.5 && right < 184.5,
                "{name} page {}: {:?} at {left:.1}–{right:.1} mm",
                page + 1,
                line.text()
            );
            // No line of body text holds more than 28 characters: in
            // LibreOffice's PDF, a line of 三号 仿宋 is 20.8 pt (7.3 mm)
            // high, of 四号 18.2 pt, of 二号 28.6 pt.
            let height = (line.y_max - line.y_min) * PT_TO_MM;
            if (7.0..7.7).contains(&height) {
                // Counted in character cells: a digit or Latin letter is
                // half a cell.
                let cells: f64 = line
                    .text()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                    .sum();
                assert!(
                    cells <= 28.0,
                    "{name}: {cells} characters in {:?}",
                    line.text()
                );
            }
        }
    }
    // The page numbers where ours are.
    assert_eq!(
        page_numbers(theirs),
        page_numbers(ours),
        "{name}: page numbers"
    );
}

/// Issues whose text fills its last page to the 版记 exactly, so that the
/// line LibreOffice adds (see [`assert_like_our_pdf`]) takes a page more.
const LONGER_IN_LIBREOFFICE: &[&str] = &["3"];

/// Builds `issues` of `project` as PDF and Word file, converts the Word
/// files and compares each rendering with our PDF.
fn compare_with_libreoffice(project: &Project, issues: &[&str]) -> Vec<(PathBuf, PathBuf)> {
    let mut args = vec!["build"];
    args.extend_from_slice(issues);
    if issues.is_empty() {
        args.push("--all");
    }
    args.extend(["--format", "pdf,docx"]);
    project.run(&args).success();
    let out = project.path().join("out");
    let mut docx: Vec<PathBuf> = fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    docx.sort();
    assert!(!docx.is_empty());
    let (dir, theirs) = libreoffice(&docx);
    let pairs: Vec<(PathBuf, PathBuf)> = docx
        .iter()
        .zip(theirs)
        .map(|(d, t)| {
            let ours = d.with_extension("pdf");
            assert_like_our_pdf(&ours, &t);
            let kept = out.join(format!(
                "{}-libreoffice.pdf",
                d.file_stem().expect("stem").to_string_lossy()
            ));
            fs::copy(&t, &kept).expect("keep");
            (ours, kept)
        })
        .collect();
    drop(dir);
    pairs
}

#[test]
fn libreoffice_sets_the_sample_as_our_pdf() {
    if !soffice() {
        return;
    }
    let project = Project::sample();
    let pairs = compare_with_libreoffice(&project, &["12"]);
    let (ours, theirs) = &pairs[0];
    // The 版记 at the foot of the last page: its last line ends on the
    // bottom edge of the text block (262 mm), as ours does.
    let foot = |pdf: &Path| {
        let pages = pdf_lines(pdf);
        let last = pages.last().expect("pages");
        let line = last
            .iter()
            .filter(|l| l.y_min * PT_TO_MM < 262.0)
            .max_by(|a, b| a.y_max.total_cmp(&b.y_max))
            .expect("a line");
        (line.text(), line.y_max * PT_TO_MM)
    };
    let (ours_text, ours_y) = foot(ours);
    let (text, y) = foot(theirs);
    assert_eq!(text, ours_text);
    assert!(text.contains("共印"), "{text}");
    assert!(
        (y - ours_y).abs() < 3.0,
        "版记 ends at {y:.1} mm, ours at {ours_y:.1} mm"
    );
    // The masthead's red and the red rule under it, as red pixels.
    let dir = tempfile::tempdir().expect("temp");
    let prefix = dir.path().join("page");
    common::program("pdftoppm")
        .args(["-r", "50", "-f", "1", "-l", "1", "-singlefile"])
        .arg(theirs)
        .arg(&prefix)
        .run()
        .success();
    let bytes = fs::read(prefix.with_extension("ppm")).expect("ppm");
    let (fields, pixels) = common::netpbm(&bytes);
    let width: usize = fields[1].parse().expect("width");
    let red = |p: &[u8]| p[0] > 180 && p[1] < 90 && p[2] < 90;
    let rows: Vec<usize> = pixels
        .chunks(width * 3)
        .map(|row| row.chunks(3).filter(|p| red(p)).count())
        .collect();
    let total: usize = rows.iter().sum();
    assert!(total > 1500, "only {total} red pixels on page 1");
    // The rule: a row of red at least 150 mm long (at 50 dpi, 295 px).
    let longest = rows.iter().max().copied().unwrap_or(0);
    assert!(
        longest as f64 > 150.0 / 25.4 * 50.0,
        "no red rule ({longest} px)"
    );
}

#[test]
fn libreoffice_sets_every_example_in_as_many_pages_as_our_pdf() {
    if !soffice() {
        return;
    }
    for example in ["minimal", "other-series", "yearly", "forms"] {
        compare_with_libreoffice(&Project::example(example), &[]);
    }
}
