//! The Word file's settings read back: page, grid, fonts, page numbers,
//! tables, the 版记, photos, determinism.

use super::*;

#[test]
fn a4_with_the_margins_and_a_grid_of_22_lines_by_28_characters() {
    let doc = sample_docx().document();
    let sections = doc.find_all("w:sectPr");
    assert!(!sections.is_empty());
    for sect in sections {
        let size = sect.child("w:pgSz").expect("pgSz");
        assert_eq!(
            (size.attr("w:w"), size.attr("w:h")),
            (Some("11906"), Some("16838"))
        );
        let margins = sect.child("w:pgMar").expect("pgMar");
        for (side, want) in [
            ("w:top", 37.0),
            ("w:bottom", 35.0),
            ("w:left", 28.0),
            ("w:right", 26.0),
        ] {
            let got = mm(margins.attr(side).expect("margin"));
            assert!((got - want).abs() < 0.05, "{side}: {got} mm, not {want} mm");
        }
        // A line grid (see src/render/docx/section.rs for why not a
        // character grid): 22 lines fit the text block, 23 do not.
        let grid = sect.child("w:docGrid").expect("docGrid");
        assert_eq!(grid.attr("w:type"), Some("lines"));
        assert_eq!(grid.attr("w:linePitch"), Some("579"));
        let height = 16838 - 2098 - 1984;
        assert!((22 * 579..23 * 579).contains(&height));
    }
    // The body's lines: exact 579 twips, 三号.
    let styles = sample_docx().xml("word/styles.xml");
    let normal = styles
        .find_all("w:style")
        .into_iter()
        .find(|s| s.attr("w:styleId") == Some("Normal"))
        .expect("Normal");
    let spacing = normal.find_all("w:spacing")[0];
    assert_eq!(
        (spacing.attr("w:line"), spacing.attr("w:lineRule")),
        (Some("579"), Some("exact"))
    );
    // 28 characters of 三号 a line: 16 pt with the body's character
    // spacing fit the text width 28 times, not 29.
    let run = normal.child("w:rPr").expect("rPr");
    assert_eq!(run.child("w:sz").and_then(|s| s.attr("w:val")), Some("32"));
    let tracking: f64 = run
        .child("w:spacing")
        .and_then(|s| s.attr("w:val"))
        .expect("character spacing")
        .parse()
        .expect("twips");
    let pitch = 16.0 * 20.0 + tracking;
    let width = f64::from(11906 - 1587 - 1474);
    assert!(28.0 * pitch <= width && 29.0 * pitch > width, "{pitch}");
    let defaults = styles.child("w:docDefaults").expect("docDefaults");
    assert_eq!(defaults.find_all("w:sz")[0].attr("w:val"), Some("32"));
    // Titles and the masthead are off the character grid.
    let heading = styles
        .find_all("w:style")
        .into_iter()
        .find(|s| s.attr("w:styleId") == Some("Heading1"))
        .expect("Heading1");
    assert_eq!(heading.find_all("w:snapToGrid")[0].attr("w:val"), Some("0"));
    let body = doc.child("w:body").expect("body");
    let red: Vec<&El> = body
        .children
        .iter()
        .filter(|p| {
            p.find_all("w:color")
                .iter()
                .any(|c| c.attr("w:val") == Some("E60012"))
        })
        .collect();
    assert!(!red.is_empty(), "no red masthead line");
    for p in red {
        let snap = p.find_all("w:snapToGrid");
        assert_eq!(snap.first().and_then(|s| s.attr("w:val")), Some("0"));
    }
}

#[test]
fn fonts_fill_all_four_slots_with_the_official_names_and_declare_fallbacks() {
    let package = sample_docx();
    let mut east_asian = BTreeSet::new();
    for part in ["word/document.xml", "word/styles.xml"] {
        for fonts in package.xml(part).find_all("w:rFonts") {
            let name = fonts.attr("w:eastAsia").expect("eastAsia slot");
            for slot in ["w:ascii", "w:hAnsi", "w:cs"] {
                assert_eq!(fonts.attr(slot), Some(name), "{slot} differs from eastAsia");
            }
            assert_eq!(fonts.attr("w:hint"), Some("eastAsia"));
            east_asian.insert(name.to_owned());
        }
    }
    let want: BTreeSet<String> = ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"]
        .map(String::from)
        .into();
    assert_eq!(east_asian, want);
    let table = package.xml("word/fontTable.xml");
    let alt = |font: &str| {
        table
            .find_all("w:font")
            .into_iter()
            .find(|f| f.attr("w:name") == Some(font))
            .and_then(|f| f.child("w:altName"))
            .and_then(|a| a.attr("w:val"))
            .map(str::to_owned)
    };
    assert_eq!(alt("仿宋_GB2312").as_deref(), Some("仿宋"));
    assert_eq!(alt("楷体_GB2312").as_deref(), Some("楷体"));
    let declared: Vec<&str> = table
        .find_all("w:font")
        .iter()
        .filter_map(|f| f.attr("w:name"))
        .collect();
    for font in ["仿宋", "楷体", "黑体", "方正小标宋简体"] {
        assert!(declared.contains(&font), "{font} not declared");
    }
}

#[test]
fn word_fonts_in_bulletin_yaml_rename_the_fonts() {
    let project = Project::example("minimal");
    let config = fs::read_to_string(project.path().join("bulletin.yaml")).expect("read");
    project.write(
        "bulletin.yaml",
        &format!("{config}\nword_fonts:\n  body: 仿宋\n  kai: 楷体\n"),
    );
    let package = build_docx(&project, "1");
    let styles = package.xml("word/styles.xml");
    let defaults = styles.child("w:docDefaults").expect("defaults");
    assert_eq!(
        defaults.find_all("w:rFonts")[0].attr("w:eastAsia"),
        Some("仿宋")
    );
    let used: BTreeSet<&str> = styles
        .find_all("w:rFonts")
        .iter()
        .filter_map(|f| f.attr("w:eastAsia"))
        .collect();
    assert!(
        used.contains("楷体") && !used.contains("楷体_GB2312"),
        "{used:?}"
    );
    assert!(used.contains("方正小标宋简体") && used.contains("黑体"));

    // A misspelt name is an error at its line, and nothing is written.
    project.write(
        "bulletin.yaml",
        &format!("{config}\nword_fonts:\n  boddy: 仿宋\n"),
    );
    fs::remove_dir_all(project.path().join("out")).expect("rm out");
    let run = project.run(&["build", "1", "--format", "docx"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let line = config.lines().count() + 3;
    assert!(run.stderr().contains("E-FIELD-UNKNOWN"), "{}", run.stderr());
    assert!(
        run.stderr().contains(&format!("┌─ bulletin.yaml:{line}:3")),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("body"),
        "no suggestion: {}",
        run.stderr()
    );
    assert!(!project.path().join("out/1.docx").exists());
}

#[test]
fn page_numbers_are_page_fields_in_odd_and_even_footers() {
    let package = sample_docx();
    let settings = package.xml("word/settings.xml");
    assert!(settings.child("w:evenAndOddHeaders").is_some());
    let rels = package.xml("word/_rels/document.xml.rels");
    let target = |id: &str| {
        rels.find_all("Relationship")
            .into_iter()
            .find(|r| r.attr("Id") == Some(id))
            .and_then(|r| r.attr("Target"))
            .map(str::to_owned)
            .expect("relationship")
    };
    let doc = package.document();
    let text_section = doc.find_all("w:sectPr")[0];
    let mut footers = BTreeMap::new();
    for r in text_section.find_all("w:footerReference") {
        footers.insert(
            r.attr("w:type").expect("type").to_owned(),
            target(r.attr("r:id").expect("id")),
        );
    }
    for (kind, side) in [("default", "right"), ("even", "left")] {
        let footer = package.xml(&format!("word/{}", footers[kind]));
        let p = footer.child("w:p").expect("paragraph");
        assert_eq!(p.find_all("w:jc")[0].attr("w:val"), Some(side), "{kind}");
        let instr: String = p
            .find_all("w:instrText")
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(instr.trim(), "PAGE");
        let kinds: Vec<&str> = p
            .find_all("w:fldChar")
            .iter()
            .filter_map(|f| f.attr("w:fldCharType"))
            .collect();
        assert_eq!(kinds, ["begin", "separate", "end"]);
        assert_eq!(p.texts(), "— 1 —");
        // 四号.
        let styles = package.xml("word/styles.xml");
        let footer_style = styles
            .find_all("w:style")
            .into_iter()
            .find(|s| s.attr("w:styleId") == Some("Footer"))
            .expect("Footer style");
        assert_eq!(footer_style.find_all("w:sz")[0].attr("w:val"), Some("28"));
    }
}

#[test]
fn tables_have_a_grid_as_wide_as_the_text_and_a_repeated_header() {
    let doc = forms_docx().document();
    let tables = doc.find_all("w:tbl");
    assert_eq!(tables.len(), 1);
    for table in &tables {
        let grid: i64 = table
            .child("w:tblGrid")
            .expect("grid")
            .children
            .iter()
            .map(|c| c.attr("w:w").expect("w").parse::<i64>().expect("n"))
            .sum();
        assert_eq!(grid, 8845);
        let width = table
            .child("w:tblPr")
            .and_then(|p| p.child("w:tblW"))
            .expect("tblW");
        assert_eq!(width.attr("w:w"), Some("8845"));
        // Every row's cells span the whole grid.
        for row in table.find_all("w:tr") {
            let cells: i64 = row
                .find_all("w:tcW")
                .iter()
                .map(|w| w.attr("w:w").expect("w").parse::<i64>().expect("n"))
                .sum();
            assert_eq!(cells, 8845);
        }
    }
    let item = tables[0];
    let rows = item.find_all("w:tr");
    assert_eq!(rows.len(), 4);
    assert!(rows[0].find_all("w:tblHeader").len() == 1);
    assert!(
        rows[1..]
            .iter()
            .all(|r| r.find_all("w:tblHeader").is_empty())
    );
    assert_eq!(rows[0].texts(), "督导组检查点位得分");
}

#[test]
fn the_banji_is_a_frame_at_the_foot_of_the_text_between_its_rules() {
    let doc = sample_docx().document();
    let body = doc.child("w:body").expect("body");
    let framed: Vec<&El> = body
        .children
        .iter()
        .filter(|p| !p.find_all("w:framePr").is_empty())
        .collect();
    let texts: Vec<String> = framed.iter().map(|p| p.texts()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].starts_with("报：市委常委"), "{texts:?}");
    assert!(texts[1].starts_with("发：聊城市创建"), "{texts:?}");
    assert_eq!(texts[2], "共印260份");
    for p in &framed {
        let frame = p.find_all("w:framePr")[0];
        assert_eq!(frame.attr("w:yAlign"), Some("bottom"));
        assert_eq!(frame.attr("w:vAnchor"), Some("margin"));
        assert_eq!(frame.attr("w:w"), Some("8845"));
    }
    // 0.35 mm rules first and last (8 eighths of a point), 0.25 mm between.
    let rule = |p: &El, side: &str| {
        p.find_all(side)
            .first()
            .and_then(|b| b.attr("w:sz"))
            .map(str::to_owned)
    };
    assert_eq!(rule(framed[0], "w:top").as_deref(), Some("8"));
    assert_eq!(rule(framed[0], "w:bottom").as_deref(), Some("6"));
    assert_eq!(rule(framed[2], "w:bottom").as_deref(), Some("8"));
    // The sample's text ends on page 6, an even page with room: one
    // section, numbered throughout.
    assert_eq!(doc.find_all("w:sectPr").len(), 1);

    // The yearly series prints 责任编辑 and the 印发 line; its issue 2's
    // text ends on page 1, so the 版记 starts a section of its own on the
    // next even page, with blank footers.
    let package = build_docx(&Project::example("yearly"), "2024-2");
    let doc = package.document();
    let texts: Vec<String> = doc
        .child("w:body")
        .expect("body")
        .children
        .iter()
        .filter(|p| !p.find_all("w:framePr").is_empty())
        .map(El::texts)
        .collect();
    assert!(
        texts.iter().any(|t| t.starts_with("责任编辑：")),
        "{texts:?}"
    );
    assert!(
        texts.last().is_some_and(|t| t.ends_with("印发")),
        "{texts:?}"
    );
    let sections = doc.find_all("w:sectPr");
    assert_eq!(sections.len(), 2);
    let last = sections[1];
    assert_eq!(
        last.child("w:type").and_then(|t| t.attr("w:val")),
        Some("evenPage")
    );
    let rels = package.xml("word/_rels/document.xml.rels");
    for reference in last.find_all("w:footerReference") {
        let id = reference.attr("r:id").expect("id");
        let target = rels
            .find_all("Relationship")
            .into_iter()
            .find(|r| r.attr("Id") == Some(id))
            .and_then(|r| r.attr("Target"))
            .expect("target");
        let footer = package.xml(&format!("word/{target}"));
        assert!(
            footer.find_all("w:instrText").is_empty(),
            "a number after the text"
        );
    }
}

#[test]
fn photos_keep_their_bytes_and_captions_stay_with_them() {
    let package = forms_docx();
    let original =
        fs::read(common::repo().join("examples/forms/bulletins/5/dongmen.jpg")).expect("photo");
    assert_eq!(
        package.entries.get("word/media/image1.jpeg"),
        Some(&original)
    );
    let doc = package.document();
    let body = doc.child("w:body").expect("body");
    let at = body
        .children
        .iter()
        .position(|p| !p.find_all("w:drawing").is_empty())
        .expect("a photo");
    let photo = &body.children[at];
    assert!(
        !photo.find_all("w:keepNext").is_empty(),
        "caption not kept with the photo"
    );
    assert_eq!(body.children[at + 1].texts(), "东门社区督导现场");
    // 100 mm wide, as in the PDF.
    let extent = photo.find_all("wp:extent")[0];
    assert_eq!(extent.attr("cx"), Some("3600000"));
}

#[test]
fn the_same_issue_gives_the_same_bytes_and_parallel_builds_agree() {
    let project = Project::example("yearly");
    let run = project
        .run(&["build", "--all", "--format", "docx", "-j", "4"])
        .success();
    let out = project.path().join("out");
    let mut names: Vec<String> = fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2023-24.docx",
            "2024-1.docx",
            "2024-2.docx",
            "2024-增刊1.docx"
        ],
        "{}",
        run.stderr()
    );
    let parallel: Vec<Vec<u8>> = names
        .iter()
        .map(|n| fs::read(out.join(n)).expect("read"))
        .collect();
    for (name, bytes) in names.iter().zip(&parallel) {
        let issue = name.trim_end_matches(".docx");
        project.run(&["build", issue, "--format", "docx"]).success();
        assert!(
            fs::read(out.join(name)).expect("read") == *bytes,
            "{name} differs"
        );
    }
    // No two issues share a file.
    assert!(parallel.windows(2).all(|w| w[0] != w[1]));
}

// ---- As LibreOffice shows it ----------------------------------------------
