//! The table of output formats (`pipeline::Format`) drives what `build`
//! offers and says, what the archive publishes and what `serve` answers:
//! each test walks every entry of the table, so a format added to it is
//! checked at once.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::{self, Project, browser};
use bulletin::pipeline::{Archived, FileKind, Format};

/// The formats `build --format` offers.
fn offered() -> Vec<Format> {
    Format::ALL
        .iter()
        .copied()
        .filter(|f| f.spec().help.is_some())
        .collect()
}

/// The files in a folder, by name.
fn files_in(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect()
}

/// Every file `build` writes is named in its "已生成" lines, for every
/// format it offers, alone and all together: a format whose files were
/// written without a word would fail here.
#[test]
fn every_file_build_writes_is_named_in_its_lines() {
    let project = Project::example("minimal");
    let mut all = Vec::new();
    for format in offered() {
        let name = format.spec().name;
        all.push(name);
        let dir = format!("out-{name}");
        let run = project
            .run(&["build", "1", "--format", name, "-o", &dir])
            .success();
        let written = files_in(&project.path().join(&dir));
        assert!(!written.is_empty(), "--format {name} wrote nothing");
        let said = said_files(&run.stderr(), &dir);
        assert_eq!(said, written, "--format {name}:\n{}", run.stderr());
    }
    let formats = all.join(",");
    let run = project
        .run(&["build", "1", "--format", &formats, "-o", "out-all"])
        .success();
    let written = files_in(&project.path().join("out-all"));
    assert_eq!(
        said_files(&run.stderr(), "out-all"),
        written,
        "{}",
        run.stderr()
    );
    // One line per format.
    let stderr = run.stderr();
    let lines = stderr.lines().filter(|l| l.starts_with("已生成")).count();
    assert_eq!(lines, offered().len(), "{stderr}");
}

/// The files named in the "已生成" lines, without the folder: one file, or
/// the first and the last page's of a range (the minimal issue has two
/// pages, so a range names every file).
fn said_files(stderr: &str, dir: &str) -> BTreeSet<String> {
    let prefix = format!("{dir}/");
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("已生成 "))
        .flat_map(|rest| {
            let names = rest.split('（').next().unwrap_or_default();
            names
                .split(" … ")
                .map(|n| n.trim().trim_start_matches(&prefix).to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `build --help` names every format it offers, with what it makes, and a
/// format not offered is one the archive publishes: no entry of the table
/// is made by nothing.
#[test]
fn build_help_lists_the_formats_of_the_table() {
    let run = common::run_in(&common::repo(), &["build", "--help"]).success();
    // clap wraps the help, also between two Chinese characters.
    let unwrapped = |text: &str| text.split_whitespace().collect::<String>();
    let help = unwrapped(&run.stdout());
    for format in Format::ALL {
        let spec = format.spec();
        match spec.help {
            Some(text) => {
                let entry = unwrapped(&format!("{} {text}", spec.name));
                assert!(help.contains(&entry), "{entry} not in {help}");
            }
            None => assert_ne!(spec.archive, Archived::No, "{format:?} is made by nothing"),
        }
    }
    let run = common::run_in(&common::repo(), &["build", "12", "--format", "thumbnail"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
}

/// The archive writes, and its `index.json` links, exactly the formats the
/// table says it publishes.
#[test]
fn the_archive_publishes_the_formats_the_table_names() {
    let project = Project::example("minimal");
    project.run(&["archive"]).success();
    let site = files_in(&project.path().join("site"));
    let index: serde_json::Value =
        serde_json::from_slice(&project.read("site/index.json")).expect("index.json");
    let issue = &index["issues"][0];
    for format in Format::ALL {
        let spec = format.spec();
        let file = spec.file_name("1", FileKind::Whole, 1, None);
        if spec.archive == Archived::No {
            assert!(issue.get(spec.name).is_none(), "{}: {issue}", spec.name);
            if !spec.per_page() {
                assert!(!site.contains(&file), "{file} in {site:?}");
            }
        } else {
            assert_eq!(issue[spec.name], file.as_str(), "{}", spec.name);
            assert!(site.contains(&file), "{file} not in {site:?}");
        }
    }
    let index_html = String::from_utf8(project.read("site/index.html")).expect("utf-8");
    for format in Format::ALL {
        if let Archived::Download(label) = format.spec().archive {
            let link = format!(">{label}</a>");
            assert!(index_html.contains(&link), "{link}");
        }
    }
}

/// `serve` answers each file it has with its format's content type, and
/// the formats it does not make are not found.
#[test]
fn serve_answers_each_file_with_the_content_type_of_its_format() {
    let project = Project::example("minimal");
    let server = browser::Server::start(project.path(), &[]);
    let served = [Format::Html, Format::Svg, Format::Pdf, Format::Docx];
    for format in Format::ALL {
        let spec = format.spec();
        let kind = if spec.per_page() {
            FileKind::Page(1)
        } else {
            FileKind::Whole
        };
        let target = format!("/{}", spec.file_name("1", kind, 2, None));
        let (status, content_type) = head(server.port(), &target);
        if served.contains(format) {
            assert_eq!(status, 200, "{target}");
            assert_eq!(content_type, spec.content_type, "{target}");
        } else {
            assert_eq!(status, 404, "{target}");
        }
    }
}

/// The status and the content type of a GET.
fn head(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).expect("reply");
    let reply = String::from_utf8_lossy(&reply);
    let head = reply.split("\r\n\r\n").next().unwrap_or_default();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or_default()
        .to_owned();
    (status, content_type)
}
