//! Fuzzes the whole pipeline of one issue, from a project's files to the
//! PDF and the HTML page: loading, every rule, the composition, Typst and
//! its exporters. The input is an item file, or several files joined by a
//! line `#~~~`: `bulletin.yaml`, `issue.yaml`, then one or more items (the
//! seeds in `seeds-project/` show both). Nothing may panic, and a panic
//! that the boundary around Typst turned into an internal error counts as
//! one too.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use bulletin::pipeline::{Format, compile_first};
use bulletin::render::typst::{FontOptions, Fonts};
use libfuzzer_sys::fuzz_target;

const CONFIG: &str = "title: 简报\noffice: 办公室\ncampaign: 创城\n\
    roster:\n  - name: 张旋宇\n    titles: [市政协主席]\n    grid: 1\n\
    distribution:\n  report: [市委办公室]\n  copies: 10\n";
const ISSUE: &str = "number: 1\ndate: 2024-05-21\n";

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        Fonts::new(&FontOptions {
            project: None,
            system: false,
        })
    })
}

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("bulletin-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("temp project");
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<&[u8]> = split(data);
    let (config, issue, items): (&[u8], &[u8], &[&[u8]]) = match parts.as_slice() {
        [item] => (CONFIG.as_bytes(), ISSUE.as_bytes(), std::slice::from_ref(item)),
        [config, issue, items @ ..] if !items.is_empty() => (config, issue, items),
        _ => return,
    };
    let root = root();
    let dir = root.join("bulletins/1");
    let _ = std::fs::remove_dir_all(root.join("bulletins"));
    std::fs::create_dir_all(&dir).expect("issue folder");
    std::fs::write(root.join("bulletin.yaml"), config).expect("write");
    std::fs::write(dir.join("issue.yaml"), issue).expect("write");
    for (i, item) in items.iter().enumerate().take(8) {
        std::fs::write(dir.join(format!("{:02}.md", i + 1)), item).expect("write");
    }
    let result = compile_first(root, fonts(), vec![Format::Pdf, Format::Html]);
    bulletin::render::typst::forget_layouts();
    if let Err(bulletin::Error::Internal(message)) = result {
        panic!("internal error: {message}");
    }
});

/// The files of an input, split at lines `#~~~`.
fn split(data: &[u8]) -> Vec<&[u8]> {
    let marker = b"\n#~~~\n";
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(marker.len()).position(|w| w == marker) {
        parts.push(&rest[..at]);
        rest = &rest[at + marker.len()..];
    }
    parts.push(rest);
    parts
}
