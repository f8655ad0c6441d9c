//! What an issue's inputs are, defined once: the files every issue shares
//! (`bulletin.yaml`, the project's `templates/` and `fonts/`, and the
//! tool's own built-in parts the caller names) and the files of the issue's
//! folder. Each is hashed one way (SipHash-1-3, 128 bits, fixed keys), so
//! `serve` tells from two scans which issues a change touches, and the
//! archive's manifest tells across runs which issues must be rebuilt.
//!
//! Hidden files and editors' backups (`.x.swp`, `x.md~`) are not inputs.
//! A file over [`MAX_FILE_SIZE`] (which a build refuses, or a font) counts
//! by its size and modification time, so a scan never reads more than that
//! from one file; only regular files are read.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use siphasher::sip128::{Hasher128, SipHasher13};

use super::{CONFIG_FILE, FONTS_DIR, ISSUES_DIR, MAX_FILE_SIZE, Project, TEMPLATES_DIR};
use crate::model::IssueNumber;

/// The fingerprints of a project's inputs at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// What every issue shares.
    series: u128,
    /// Each issue folder's own files.
    issues: BTreeMap<IssueNumber, u128>,
}

/// What differs between two scans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// A shared input changed: every issue is affected.
    pub series: bool,
    /// Issues whose files changed, or that appeared or disappeared.
    pub issues: BTreeSet<IssueNumber>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.series && self.issues.is_empty()
    }
}

impl Inputs {
    /// Scans the project now. `builtin` names the tool's own parts that
    /// every issue depends on (its version, the built-in templates). A file
    /// that cannot be read (being replaced at this moment) is hashed as
    /// unreadable; the next scan sees it again.
    pub fn scan(project: &Project, builtin: &[(&str, &[u8])]) -> Self {
        let root = &project.root;
        let mut series = hasher();
        for (label, bytes) in builtin {
            add(&mut series, label, bytes);
        }
        add_file(&mut series, root, Path::new(CONFIG_FILE));
        add_tree(&mut series, root, Path::new(TEMPLATES_DIR));
        add_tree(&mut series, root, Path::new(FONTS_DIR));
        // Photos shared by the issues (`![…](images/…)`).
        add_tree(&mut series, root, Path::new(super::IMAGES_DIR));
        let issues = project
            .issue_dirs()
            .unwrap_or_default()
            .into_iter()
            .map(|(number, dir)| {
                let mut hash = hasher();
                add_tree(&mut hash, root, &dir);
                (number, hash.finish128().as_u128())
            })
            .collect();
        Self {
            series: series.finish128().as_u128(),
            issues,
        }
    }

    /// The issues present, ascending.
    pub fn issues(&self) -> Vec<IssueNumber> {
        self.issues.keys().copied().collect()
    }

    /// The fingerprint of everything one issue is built from, as 32 hex
    /// digits; `None` when the issue has no folder.
    pub fn fingerprint(&self, number: IssueNumber) -> Option<String> {
        let issue = self.issues.get(&number)?;
        let mut hash = hasher();
        hash.write_u128(self.series);
        hash.write_u128(*issue);
        Some(format!("{:032x}", hash.finish128().as_u128()))
    }

    /// What changed from `before` to `self`.
    pub fn changes_since(&self, before: &Inputs) -> Changes {
        let mut issues: BTreeSet<IssueNumber> = self
            .issues
            .iter()
            .filter(|(number, hash)| before.issues.get(number) != Some(hash))
            .map(|(number, _)| *number)
            .collect();
        issues.extend(
            before
                .issues
                .keys()
                .filter(|n| !self.issues.contains_key(n)),
        );
        Changes {
            series: self.series != before.series,
            issues,
        }
    }

    /// The folders whose entries decide the build: watching these (rather
    /// than the files) also sees saves that write a new file and rename it
    /// over the old one, and new items.
    pub fn folders(&self, project: &Project) -> Vec<PathBuf> {
        let root = &project.root;
        let mut folders = vec![
            root.clone(),
            root.join(TEMPLATES_DIR),
            root.join(FONTS_DIR),
            root.join(ISSUES_DIR),
        ];
        folders.extend(self.issues.keys().map(|n| root.join(project.issue_dir(*n))));
        folders
    }
}

fn hasher() -> SipHasher13 {
    SipHasher13::new_with_keys(0x6275_6c6c_6574_696e, 0x0000_0000_0000_0001)
}

/// Adds labelled bytes; lengths are hashed too, so parts never run into
/// each other.
fn add(hash: &mut SipHasher13, label: &str, bytes: &[u8]) {
    hash.write_usize(label.len());
    hash.write(label.as_bytes());
    hash.write_usize(bytes.len());
    hash.write(bytes);
}

/// Adds a project file by content, or a marker when it is absent, too
/// large to read or not a regular file.
fn add_file(hash: &mut SipHasher13, root: &Path, relative: &Path) {
    let label = relative.to_string_lossy();
    let path = root.join(relative);
    let meta = match fs::metadata(&path) {
        Ok(meta) => meta,
        Err(_) => return add(hash, &label, b"\0missing"),
    };
    if !meta.is_file() {
        return add(hash, &label, b"\0not a file");
    }
    if meta.len() > MAX_FILE_SIZE {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let stamp = format!("\0large {} {modified}", meta.len());
        return add(hash, &label, stamp.as_bytes());
    }
    // Confined and bounded as the build reads it: a link out of the
    // project or to a pipe is not followed.
    match super::confine::read(root, &path, MAX_FILE_SIZE) {
        Ok(super::confine::Contents::Bytes(bytes)) => add(hash, &label, &bytes),
        Ok(refused) => add(hash, &label, format!("\0{refused:?}").as_bytes()),
        Err(_) => add(hash, &label, b"\0unreadable"),
    }
}

/// Adds every input file below a project folder, in name order; nothing
/// when the folder does not exist.
fn add_tree(hash: &mut SipHasher13, root: &Path, relative: &Path) {
    let mut files = Vec::new();
    collect(root, relative, &mut files);
    files.sort();
    for file in files {
        add_file(hash, root, &file);
    }
}

fn collect(root: &Path, relative: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(root.join(relative)) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text.starts_with('.') || text.ends_with('~') {
            continue;
        }
        let path = relative.join(&name);
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            collect(root, &path, out);
        } else {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_change_touches_its_issue_and_a_template_touches_all() {
        let dir = tempdir();
        fs::create_dir_all(dir.join("bulletins/12")).unwrap();
        fs::create_dir_all(dir.join("bulletins/13")).unwrap();
        fs::write(dir.join(CONFIG_FILE), "title: x").unwrap();
        fs::write(dir.join("bulletins/12/a.md"), "one").unwrap();
        fs::write(dir.join("bulletins/13/a.md"), "one").unwrap();
        let project = Project { root: dir.clone() };
        let first = Inputs::scan(&project, &[]);
        assert!(first.changes_since(&first).is_empty());

        fs::write(dir.join("bulletins/12/a.md"), "two").unwrap();
        fs::write(dir.join("bulletins/12/.a.md.swp"), "swap").unwrap();
        fs::write(dir.join("bulletins/12/a.md~"), "backup").unwrap();
        let second = Inputs::scan(&project, &[]);
        let changes = second.changes_since(&first);
        assert!(!changes.series);
        assert_eq!(changes.issues, BTreeSet::from([IssueNumber::plain(12)]));
        assert_ne!(
            second.fingerprint(IssueNumber::plain(12)),
            first.fingerprint(IssueNumber::plain(12))
        );
        assert_eq!(
            second.fingerprint(IssueNumber::plain(13)),
            first.fingerprint(IssueNumber::plain(13))
        );

        fs::create_dir_all(dir.join("templates")).unwrap();
        fs::write(dir.join("templates/bulletin.css"), "p {}").unwrap();
        let third = Inputs::scan(&project, &[]);
        assert!(third.changes_since(&second).series);
        fs::create_dir_all(dir.join("fonts")).unwrap();
        fs::write(dir.join("fonts/x.ttf"), "font").unwrap();
        assert!(Inputs::scan(&project, &[]).changes_since(&third).series);
        // The tool's own parts count for every issue.
        assert_ne!(
            Inputs::scan(&project, &[("version", b"2")]).fingerprint(IssueNumber::plain(13)),
            Inputs::scan(&project, &[("version", b"1")]).fingerprint(IssueNumber::plain(13))
        );
        fs::remove_dir_all(dir).unwrap();
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bulletin-inputs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }
}
