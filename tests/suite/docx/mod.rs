//! `--format docx`: the Word file read back as a package (ZIP entries,
//! content types, relationships, the XML of every part, the order of every
//! element we write), its layout settings (A4, margins, the 22 × 28 grid,
//! fonts, page-number fields, table grids), determinism and parallel
//! builds; then LibreOffice's rendering of it, compared with our PDF.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::{self, Project, page_sizes, pdf_lines, squash};

mod libreoffice;
mod order;
mod roundtrip;
mod settings;

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

/// Twips in a millimetre.
fn mm(twips: &str) -> f64 {
    twips.parse::<f64>().expect("number") / 1440.0 * 25.4
}

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
