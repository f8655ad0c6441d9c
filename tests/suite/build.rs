//! `bulletin build` over the sample series and small fixture projects: the
//! PDF is tested by what a reader sees (its text in order, page size, fonts).

use crate::common::{self, Project, page_sizes, pdf_fonts, pdf_text, repo, squash};

/// The paragraphs of the real issue, as transcribed by pdftotext.
fn reference_paragraphs() -> Vec<String> {
    // A copy of ../shared/reference/liaocheng-2021-12.txt.
    let text = std::fs::read_to_string(repo().join("tests/data/liaocheng-2021-12.txt"))
        .expect("reference text");
    text.lines()
        .map(|p| squash(p.trim().trim_start_matches("- ")))
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn sample_issue_has_every_paragraph_of_the_reference_in_order() {
    let (dir, stderr) = common::sample_build();
    assert!(stderr.contains("out/12.pdf"), "{stderr}");
    let text = squash(&pdf_text(&dir.join("out/12.pdf")));
    let mut rest = text.as_str();
    // The reference breaks one paragraph across a page; join it again.
    let paragraphs = reference_paragraphs();
    let mut joined: Vec<String> = Vec::new();
    for p in paragraphs {
        match joined.last_mut() {
            Some(last) if last.ends_with("文明行") => last.push_str(&p),
            _ => joined.push(p),
        }
    }
    assert!(
        joined.len() >= 30,
        "reference has {} paragraphs",
        joined.len()
    );
    for paragraph in &joined {
        let at = rest.find(paragraph.as_str()).unwrap_or_else(|| {
            panic!("paragraph missing or out of order:\n{paragraph}\n\nin:\n{rest}")
        });
        rest = &rest[at + paragraph.len()..];
    }
}

#[test]
fn sample_issue_is_a4_with_embedded_subset_fonts() {
    let pdf = common::sample_build().0.join("out/12.pdf");
    let sizes = page_sizes(&pdf);
    assert!(sizes.len() >= 3, "pages: {sizes:?}");
    for (w, h) in sizes {
        assert!(
            (w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5,
            "{w}x{h}"
        );
    }
    let fonts = pdf_fonts(&pdf);
    assert!(!fonts.is_empty());
    for (name, embedded, subset) in &fonts {
        assert!(*embedded && *subset, "{name} is not an embedded subset");
        assert!(name.contains("Fandol") || name.contains("Noto"), "{name}");
    }
}

#[test]
fn pdf_has_title_author_and_language() {
    let pdf = common::sample_build().0.join("out/12.pdf");
    let info = common::poppler("pdfinfo", &[], &pdf);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in {info}"))
            .to_owned()
    };
    assert_eq!(field("Title"), "聊城市创建全国文明城市工作简报 第12期");
    assert_eq!(field("Author"), "聊城市创建全国文明城市工作办公室");
    assert_eq!(field("CreationDate"), "Wed Mar 17 00:00:00 2021 UTC");
    let raw = std::fs::read(&pdf).expect("pdf");
    assert!(
        raw.windows(12).any(|w| w == b"/Lang(zh-CN)"),
        "no /Lang(zh-CN) in the PDF"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let project = Project::sample();
    project.run(&["build", "12"]).success();
    let first = project.read("out/12.pdf");
    project.run(&["build", "12", "--out", "again"]).success();
    assert!(first == project.read("again/12.pdf"), "PDFs differ");
}

#[test]
fn failed_build_leaves_the_previous_pdf_untouched() {
    let project = Project::sample();
    project.run(&["build", "12"]).success();
    let before = project.read("out/12.pdf");
    project.write(
        "bulletins/12/07-broken.md",
        "---\ntitle: 坏稿件\ndate: 2021-02-30\n---\n正文\n",
    );
    let run = project.run(&["build", "12"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("bulletins/12/07-broken.md:3:7"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("E-DATE-INVALID"), "{}", run.stderr());
    assert!(before == project.read("out/12.pdf"), "PDF changed");
    let leftovers: Vec<_> = std::fs::read_dir(project.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(leftovers, vec!["12.pdf".to_string()]);
}

#[test]
fn item_text_is_data_never_typst_markup() {
    let project = Project::example("minimal");
    let title = r#"#set page(flipped: true) $x$ *a* #read("/etc/passwd") <script>"#;
    project.write(
        "bulletins/1/02-inject.md",
        &format!(
            "---\ntitle: '{title}'\ndate: 2024-05-10\n---\n\
             正文#set page(flipped: true)和$x$、\\*a\\*、#read(\"/etc/passwd\")、<script>alert(1)</script>照印。\n"
        ),
    );
    project.run(&["build", "1"]).success();
    let pdf = project.path().join("out/1.pdf");
    let text = squash(&pdf_text(&pdf));
    assert!(text.contains(&squash(title)), "{text}");
    assert!(
        text.contains(&squash(
            r#"正文#set page(flipped: true)和$x$、*a*、#read("/etc/passwd")、<script>alert(1)</script>照印。"#
        )),
        "{text}"
    );
    assert!(!text.contains("root:"), "file contents leaked");
    for (w, h) in page_sizes(&pdf) {
        assert!(w < h, "page turned to landscape");
    }
}

#[test]
fn bold_at_chinese_punctuation_and_rare_name_characters_render() {
    let project = Project::example("minimal");
    project.write(
        "bulletins/1/02-rare.md",
        "---\ntitle: 王堃李喆张珺刘赟陈昇座谈\ndate: 2024-05-10\n---\n**注意：**正文照常。\n",
    );
    project.run(&["build", "1"]).success();
    let pdf = project.path().join("out/1.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("王堃李喆张珺刘赟陈昇座谈"), "{text}");
    assert!(text.contains("注意：正文照常。"), "{text}");
    let fonts: Vec<String> = pdf_fonts(&pdf).into_iter().map(|f| f.0).collect();
    // Bold is set in 黑体; the rare characters come from the GBK fallback.
    assert!(fonts.iter().any(|f| f.contains("FandolHei")), "{fonts:?}");
    assert!(fonts.iter().any(|f| f.contains("Noto")), "{fonts:?}");
}

#[test]
fn a_character_no_font_has_is_an_error_at_its_line() {
    let project = Project::example("minimal");
    project.write(
        "bulletins/1/02-tofu.md",
        "---\ntitle: 通知\ndate: 2024-05-10\n---\n\n第一段。\n\n第二段有𠀀字。\n",
    );
    let run = project.run(&["build", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("error[E-GLYPH-MISSING]: 字符「𠀀」(U+20000) 没有可用的字体能够显示"),
        "{stderr}"
    );
    assert!(stderr.contains("bulletins/1/02-tofu.md:8:5"), "{stderr}");
    assert!(!project.path().join("out/1.pdf").exists());
}

#[test]
fn png_and_svg_pages_are_written() {
    let project = Project::example("minimal");
    project
        .run(&["build", "1", "--format", "pdf,png,svg", "--dpi", "72"])
        .success();
    let png = project.read("out/1-1.png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // 72 dpi: one pixel per point, an A4 page is 595 × 842.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (595, 842));
    let svg = String::from_utf8(project.read("out/1-1.svg")).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
    assert!(project.path().join("out/1.pdf").exists());
}

#[test]
fn build_all_builds_every_issue() {
    let project = Project::example("other-series");
    project.run(&["build", "--all"]).success();
    assert!(project.path().join("out/3.pdf").exists());
    assert!(project.path().join("out/4.pdf").exists());
}

#[test]
fn unknown_issue_is_a_usage_error() {
    let project = Project::sample();
    let run = project.run(&["build", "99"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("没有第99期"), "{}", run.stderr());
}

#[test]
fn outside_a_project_says_so() {
    let project = Project::empty();
    let run = project.run(&["build", "1"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("当前目录不在简报项目中"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_leader_missing_from_the_roster_is_an_error_with_a_suggestion() {
    let project = Project::sample();
    let path = project.path().join("bulletins/12/03-sun-lingyun.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("leader: 孙凌云", "leader: 孙陵云")).unwrap();
    let run = project.run(&["build", "12"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("error[E-LEADER-UNKNOWN]: 领导“孙陵云”不在名册中"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bulletins/12/03-sun-lingyun.md:3:9"),
        "{stderr}"
    );
    assert!(stderr.contains("是否应为“孙凌云”？"), "{stderr}");
}

/// A font named FangSong (the official 仿宋), made from the DejaVu subset
/// with its family renamed; it draws only ≒.
const FANGSONG_STAND_IN: &[u8] = include_bytes!("../data/fangsong-stand-in.ttf");

#[test]
fn an_official_font_in_the_project_fonts_folder_comes_first() {
    let project = Project::example("minimal");
    std::fs::create_dir_all(project.path().join("fonts")).unwrap();
    std::fs::write(project.path().join("fonts/fangsong.ttf"), FANGSONG_STAND_IN).unwrap();
    project.write(
        "bulletins/1/02-symbol.md",
        "---\ntitle: 通知\ndate: 2024-05-10\n---\n约≒百分之五十。\n",
    );
    project.run(&["build", "1"]).success();
    let fonts: Vec<String> = pdf_fonts(&project.path().join("out/1.pdf"))
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert!(fonts.iter().any(|f| f.ends_with("+FangSong")), "{fonts:?}");
    assert!(!fonts.iter().any(|f| f.contains("DejaVu")), "{fonts:?}");
}

#[test]
fn source_date_epoch_sets_the_creation_date() {
    let project = Project::sample();
    common::bulletin(project.path())
        .args(["build", "12"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .run()
        .success();
    let info = common::poppler("pdfinfo", &[], &project.path().join("out/12.pdf"));
    let created = info
        .lines()
        .find(|l| l.starts_with("CreationDate:"))
        .unwrap();
    assert!(
        created.ends_with("Tue Nov 14 00:00:00 2023 UTC"),
        "{created}"
    );
}

/// The PDF with its streams uncompressed (qpdf `--qdf`), to read the XMP
/// metadata and the catalog as they are in the file.
fn uncompressed(pdf: &std::path::Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("qdf.pdf");
    assert!(
        common::run::on_path("qpdf"),
        "qpdf is needed for the tests (apt-get install qpdf)"
    );
    let run = common::program("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&out)
        .run();
    assert!(run.status.success(), "qpdf failed on {}", pdf.display());
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}

#[test]
fn pdf_standard_a_2b_is_claimed_in_the_metadata() {
    let project = Project::sample();
    project.run(&["build", "12"]).success();
    let plain = uncompressed(&project.path().join("out/12.pdf"));
    assert!(!plain.contains("pdfaid:part"), "a plain PDF claims PDF/A");
    project
        .run(&["build", "12", "--pdf-standard", "a-2b", "--out", "a"])
        .success();
    let pdf = project.path().join("a/12.pdf");
    let text = uncompressed(&pdf);
    for claim in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">聊城市创建全国文明城市工作简报 第12期</rdf:li></rdf:Alt></dc:title>",
        "<rdf:li>聊城市创建全国文明城市工作办公室</rdf:li>",
        "<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>",
        "<xmp:CreateDate>2021-03-17T00:00:00Z</xmp:CreateDate>",
        "/OutputIntents",
        "/GTS_PDFA1",
    ] {
        assert!(text.contains(claim), "no {claim} in the PDF/A file");
    }
    // pdfinfo agrees, and every font is embedded (PDF/A requires it).
    let info = common::poppler("pdfinfo", &[], &pdf);
    assert!(info.contains("Metadata Stream: yes"), "{info}");
    assert!(info.contains("Pages:           6"), "{info}");
    assert!(
        pdf_fonts(&pdf).iter().all(|f| f.1),
        "a font is not embedded"
    );
}

#[test]
fn pdf_standards_a_3b_and_ua_1_are_claimed_and_others_refused() {
    let project = Project::example("minimal");
    project
        .run(&["build", "1", "--pdf-standard", "a-3b"])
        .success();
    let text = uncompressed(&project.path().join("out/1.pdf"));
    assert!(
        text.contains("<pdfaid:part>3</pdfaid:part>"),
        "no PDF/A-3 claim"
    );
    project
        .run(&["build", "1", "--pdf-standard", "ua-1"])
        .success();
    let text = uncompressed(&project.path().join("out/1.pdf"));
    assert!(
        text.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA-1 claim"
    );
    let run = project.run(&["build", "1", "--pdf-standard", "a-4"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("可用：none、a-2b、a-3b、ua-1"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_archive_files_pdf_a_2b_by_default() {
    let project = Project::sample();
    project.run(&["archive"]).success();
    let text = uncompressed(&project.path().join("site/12.pdf"));
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "no PDF/A-2 claim"
    );
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    // Another standard is another PDF: the issue is rebuilt.
    let run = project
        .run(&["archive", "--pdf-standard", "none"])
        .success();
    assert!(run.stderr().contains("新生成 1 期"), "{}", run.stderr());
    let text = uncompressed(&project.path().join("site/12.pdf"));
    assert!(!text.contains("pdfaid:part"), "still PDF/A");
}
