//! Hostile projects and hostile input, through the binary: outputs that are
//! all or nothing, no panic reaching the user, limits that bound time and
//! memory, messages that cannot drive the terminal, and a quick mutation
//! run so that a new panic cannot land unnoticed.

mod confined;
mod limits;
mod mutation;
mod outputs;

use std::fs;
use std::path::Path;

use crate::common::{self, Project, browser, http};

/// An item file: front matter lines and a body.
fn item(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// A meeting item of the minimal example's issue with this body.
fn meeting(body: &str) -> String {
    item("title: 会议\ndate: 2024-05-20", body)
}

/// The minimal example with `files` written over it.
fn minimal(files: &[(&str, &str)]) -> Project {
    let project = Project::example("minimal");
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

const EXTRA: &str = "bulletins/1/02-meeting.md";

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
