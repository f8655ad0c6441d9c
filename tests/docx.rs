//! `--format docx`: the Word file read back as a package (ZIP entries,
//! content types, relationships, the XML of every part, the order of every
//! element we write), its layout settings (A4, margins, the 22 × 28 grid,
//! fonts, page-number fields, table grids), determinism and parallel
//! builds; then LibreOffice's rendering of it, compared with our PDF.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Project, page_sizes, pdf_lines, squash};

// ---- Reading the package back ---------------------------------------------

/// An XML element: name, attributes, children.
#[derive(Debug, Clone)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// Every element of the tree, depth first.
    fn all(&self) -> Vec<&El> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.all());
        }
        out
    }

    fn find_all(&self, name: &str) -> Vec<&El> {
        self.all().into_iter().filter(|e| e.name == name).collect()
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of every `w:t` below.
    fn texts(&self) -> String {
        self.find_all("w:t")
            .iter()
            .map(|t| t.text.as_str())
            .collect()
    }
}

/// Parses XML with quick-xml into a tree.
fn parse(bytes: &[u8]) -> El {
    use quick_xml::events::Event;
    const V1: quick_xml::XmlVersion = quick_xml::XmlVersion::Explicit1_0;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut stack = vec![El {
        name: "#root".into(),
        attrs: BTreeMap::new(),
        children: Vec::new(),
        text: String::new(),
    }];
    let element = |e: &quick_xml::events::BytesStart| El {
        name: e.name().as_ref().to_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("attribute");
                (
                    a.key.as_ref().to_owned(),
                    a.normalized_value(V1).expect("value").into_owned(),
                )
            })
            .collect(),
        children: Vec::new(),
        text: String::new(),
    };
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::Text(t) => {
                let text = t.xml_content(V1).into_owned();
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.xml_content(V1).into_owned();
                let c = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                stack.last_mut().expect("element").text.push_str(c);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().expect("root");
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().expect("root element")
}

/// The entries of a `.docx`, by name, in ZIP order.
struct Package {
    names: Vec<String>,
    entries: BTreeMap<String, Vec<u8>>,
}

impl Package {
    fn read(path: &Path) -> Self {
        let file = fs::File::open(path).expect("open docx");
        let mut zip = zip::ZipArchive::new(file).expect("a ZIP file");
        let mut names = Vec::new();
        let mut entries = BTreeMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read entry");
            let name = entry.name().expect("entry name").into_owned();
            names.push(name.clone());
            entries.insert(name, bytes);
        }
        Package { names, entries }
    }

    fn xml(&self, name: &str) -> El {
        parse(
            self.entries
                .get(name)
                .unwrap_or_else(|| panic!("no part {name}")),
        )
    }

    fn document(&self) -> El {
        self.xml("word/document.xml")
    }
}

/// Builds issue `issue` of `project` as a Word file and reads it back.
fn build_docx(project: &Project, issue: &str) -> Package {
    let run = project.run(&["build", issue, "--format", "docx"]).success();
    assert!(
        run.stderr().contains(&format!("已生成 out/{issue}.docx")),
        "{}",
        run.stderr()
    );
    Package::read(&project.path().join(format!("out/{issue}.docx")))
}

fn sample_docx() -> &'static Package {
    static BUILT: std::sync::OnceLock<Package> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| build_docx(&Project::sample(), "12"))
}

fn forms_docx() -> &'static Package {
    static BUILT: std::sync::OnceLock<Package> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| build_docx(&Project::example("forms"), "5"))
}

// ---- The package ----------------------------------------------------------

#[test]
fn every_part_has_a_content_type_and_every_relationship_resolves() {
    for package in [sample_docx(), forms_docx()] {
        assert_eq!(package.names[0], "[Content_Types].xml");
        let types = package.xml("[Content_Types].xml");
        let defaults: BTreeSet<&str> = types
            .find_all("Default")
            .iter()
            .filter_map(|d| d.attr("Extension"))
            .collect();
        let overrides: BTreeSet<&str> = types
            .find_all("Override")
            .iter()
            .filter_map(|o| o.attr("PartName"))
            .collect();
        for name in package.names.iter().skip(1) {
            let extension = name.rsplit('.').next().expect("extension");
            assert!(
                overrides.contains(format!("/{name}").as_str()) || defaults.contains(extension),
                "{name} has no content type"
            );
        }
        for part in &overrides {
            assert!(
                package.entries.contains_key(&part[1..]),
                "{part} is missing"
            );
        }
        // Every relationship's target is a part, and every id used resolves.
        for (rels, folder) in [
            ("_rels/.rels", ""),
            ("word/_rels/document.xml.rels", "word/"),
        ] {
            let rels = package.xml(rels);
            let mut ids = BTreeSet::new();
            for rel in rels.find_all("Relationship") {
                let target = format!("{folder}{}", rel.attr("Target").expect("Target"));
                assert!(package.entries.contains_key(&target), "{target} is missing");
                assert!(
                    ids.insert(rel.attr("Id").expect("Id").to_owned()),
                    "duplicate id"
                );
            }
            if folder == "word/" {
                let doc = package.document();
                for el in doc.all() {
                    for key in ["r:id", "r:embed"] {
                        if let Some(id) = el.attr(key) {
                            assert!(ids.contains(id), "{key}={id} does not resolve");
                        }
                    }
                }
            }
        }
        // Unique drawing ids and style ids.
        let doc = package.document();
        let mut seen = BTreeSet::new();
        for pr in doc.find_all("wp:docPr") {
            assert!(
                seen.insert(pr.attr("id").expect("id").to_owned()),
                "duplicate docPr id"
            );
        }
        let styles = package.xml("word/styles.xml");
        let mut seen = BTreeSet::new();
        for s in styles.find_all("w:style") {
            assert!(seen.insert(s.attr("w:styleId").expect("id").to_owned()));
        }
        // Every style a paragraph or run names exists.
        for el in doc.all() {
            if el.name == "w:pStyle" || el.name == "w:rStyle" {
                let id = el.attr("w:val").expect("val");
                assert!(seen.contains(id), "style {id} is not defined");
            }
        }
    }
}

/// The children of the elements we write, in the order their schema
/// types give (ECMA-376 Part 1, transitional), restricted to what we use;
/// `a|b` may come in any order among themselves (content, or a choice).
const ORDER: &[(&str, &[&str])] = &[
    ("w:document", &["w:body"]),
    ("w:body", &["w:p|w:tbl", "w:sectPr"]),
    ("w:p", &["w:pPr", "w:r"]),
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
        ],
    ),
    (
        "w:r",
        &["w:rPr", "w:t|w:br|w:drawing|w:fldChar|w:instrText"],
    ),
    (
        "w:pBdr",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:between",
            "w:bar",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference|w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
        ],
    ),
    ("w:tbl", &["w:tblPr", "w:tblGrid", "w:tr"]),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    (
        "w:tblBorders",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ],
    ),
    ("w:tblCellMar", &["w:top", "w:left", "w:bottom", "w:right"]),
    ("w:tblGrid", &["w:gridCol"]),
    ("w:tr", &["w:trPr", "w:tc"]),
    ("w:trPr", &["w:cantSplit|w:trHeight|w:tblHeader"]),
    ("w:tc", &["w:tcPr", "w:p|w:tbl"]),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    ("w:drawing", &["wp:inline"]),
    (
        "wp:inline",
        &[
            "wp:extent",
            "wp:effectExtent",
            "wp:docPr",
            "wp:cNvGraphicFramePr",
            "a:graphic",
        ],
    ),
    ("pic:pic", &["pic:nvPicPr", "pic:blipFill", "pic:spPr"]),
    (
        "pic:blipFill",
        &["a:blip", "a:srcRect", "a:tile", "a:stretch"],
    ),
    ("pic:spPr", &["a:xfrm", "a:custGeom", "a:prstGeom"]),
    ("a:xfrm", &["a:off", "a:ext"]),
    ("w:ftr", &["w:p|w:tbl"]),
    ("w:styles", &["w:docDefaults", "w:latentStyles", "w:style"]),
    ("w:docDefaults", &["w:rPrDefault", "w:pPrDefault"]),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:font",
        &[
            "w:altName",
            "w:panose1",
            "w:charset",
            "w:family",
            "w:notTrueType",
            "w:pitch",
            "w:sig",
        ],
    ),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:mirrorMargins",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:evenAndOddHeaders",
            "w:characterSpacingControl",
            "w:compat",
            "w:rsids",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
];

/// Asserts that every element named in [`ORDER`] has only the children it
/// lists, in that order; and that elements not listed have no children
/// we would have to order (leaves).
fn assert_schema_order(part: &str, root: &El) {
    let order: BTreeMap<&str, &[&str]> = ORDER.iter().copied().collect();
    let leaves_ok = [
        "w:t",
        "w:instrText",
        "w:tabs",
        "w:rFonts",
        "a:graphic",
        "a:graphicData",
        "wp:cNvGraphicFramePr",
        "pic:nvPicPr",
        "a:stretch",
        "a:prstGeom",
        "w:rPrDefault",
        "w:pPrDefault",
        "w:fonts",
        "w:compat",
        "Types",
        "Relationships",
    ];
    for el in root.all() {
        let Some(allowed) = order.get(el.name.as_str()) else {
            assert!(
                el.children.is_empty() || leaves_ok.contains(&el.name.as_str()),
                "{part}: <{}> has children but no known order",
                el.name
            );
            continue;
        };
        let mut last = 0;
        for child in &el.children {
            let at = allowed
                .iter()
                .position(|n| n.split('|').any(|n| n == child.name))
                .unwrap_or_else(|| {
                    panic!(
                        "{part}: <{}> inside <{}> is not expected",
                        child.name, el.name
                    )
                });
            assert!(
                at >= last,
                "{part}: <{}> comes after <{}> inside <{}>",
                child.name,
                allowed[last],
                el.name
            );
            last = at;
        }
    }
}

#[test]
fn every_part_writes_its_elements_in_schema_order() {
    for package in [sample_docx(), forms_docx()] {
        for name in &package.names {
            if name.ends_with(".xml") && !name.starts_with("docProps/") {
                assert_schema_order(name, &package.xml(name));
            }
        }
        // The section properties come last in the body.
        let body = package.document().children[0].clone();
        assert_eq!(body.children.last().expect("children").name, "w:sectPr");
    }
}

// ---- The page -------------------------------------------------------------

/// Twips in a millimetre.
fn mm(twips: &str) -> f64 {
    twips.parse::<f64>().expect("number") / 1440.0 * 25.4
}

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

/// Whether LibreOffice is here (`.ci/run` installs libreoffice-writer-nogui).
fn soffice() -> bool {
    let present = Command::new("soffice").arg("--version").output().is_ok();
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
    let output = Command::new("timeout")
        .arg("300")
        .arg("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(docx)
        .env("FONTCONFIG_FILE", &conf)
        .output()
        .expect("run soffice");
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
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
    let status = Command::new("pdftoppm")
        .args(["-r", "50", "-f", "1", "-l", "1", "-singlefile"])
        .arg(theirs)
        .arg(&prefix)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
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
