//! A fingerprint of a project's sources, so that `bulletin serve` can tell
//! which issues a change on disk touches: an item or `issue.yaml` touches
//! its issue; `bulletin.yaml` or a template touches them all. Files are
//! compared by content, so editor temp files, saves that change nothing and
//! coarse file-system timestamps do not matter.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use super::{CONFIG_FILE, ISSUES_DIR, MAX_FILE_SIZE, Project, TEMPLATES_DIR};
use crate::model::IssueNumber;

/// What the sources of a project are at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Series-wide files (`bulletin.yaml`, `templates/*`) by relative path.
    series: BTreeMap<PathBuf, u64>,
    /// Each issue folder's files by relative path.
    issues: BTreeMap<IssueNumber, BTreeMap<PathBuf, u64>>,
}

/// What differs between two snapshots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// `bulletin.yaml` or a template changed: every issue is affected.
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

impl Snapshot {
    /// Reads the project's sources now. A file that cannot be read (being
    /// replaced at this moment) counts as absent; the next snapshot sees it.
    pub fn take(project: &Project) -> Self {
        let root = &project.root;
        let mut series = BTreeMap::new();
        add(root, Path::new(CONFIG_FILE), &mut series);
        for name in file_names(&root.join(TEMPLATES_DIR)) {
            add(root, &Path::new(TEMPLATES_DIR).join(name), &mut series);
        }
        let mut issues = BTreeMap::new();
        for number in project.issue_numbers().unwrap_or_default() {
            let dir = project.issue_dir(number);
            let mut files = BTreeMap::new();
            for name in file_names(&root.join(&dir)) {
                // The files the loader reads: issue.yaml and the items.
                if name == "issue.yaml" || name.ends_with(".md") {
                    add(root, &dir.join(name), &mut files);
                }
            }
            issues.insert(number, files);
        }
        Self { series, issues }
    }

    /// The issues present, ascending.
    pub fn issues(&self) -> Vec<IssueNumber> {
        self.issues.keys().copied().collect()
    }

    /// What changed from `before` to `self`.
    pub fn changes_since(&self, before: &Snapshot) -> Changes {
        let mut issues = BTreeSet::new();
        for (number, files) in &self.issues {
            if before.issues.get(number) != Some(files) {
                issues.insert(*number);
            }
        }
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
            root.join(ISSUES_DIR),
        ];
        folders.extend(self.issues.keys().map(|n| root.join(project.issue_dir(*n))));
        folders
    }
}

/// Names of the visible files in a folder; none when it does not exist.
fn file_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.') && !name.ends_with('~'))
        .collect()
}

fn add(root: &Path, relative: &Path, into: &mut BTreeMap<PathBuf, u64>) {
    let path = root.join(relative);
    let small = fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE_SIZE);
    let hash = if small {
        // Confined and bounded as the build reads it: a link out of the
        // project or to a pipe is not followed.
        match super::confine::read(root, &path, MAX_FILE_SIZE) {
            Ok(super::confine::Contents::Bytes(bytes)) => {
                let mut hasher = DefaultHasher::new();
                hasher.write(&bytes);
                hasher.finish()
            }
            Ok(refused) => {
                let mut hasher = DefaultHasher::new();
                hasher.write(format!("{refused:?}").as_bytes());
                hasher.finish()
            }
            Err(_) => return,
        }
    } else {
        // Too large to be read by a build (it is an error there); its size
        // and time tell a change well enough.
        match fs::metadata(&path) {
            Ok(m) => {
                m.len()
                    ^ m.modified().map_or(0, |t| {
                        t.duration_since(std::time::UNIX_EPOCH)
                            .map_or(0, |d| d.as_nanos() as u64)
                    })
            }
            Err(_) => return,
        }
    };
    into.insert(relative.to_owned(), hash);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_change_touches_its_issue_and_a_template_touches_all() {
        let dir = std::env::temp_dir().join(format!("bulletin-snapshot-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("bulletins/12")).unwrap();
        fs::create_dir_all(dir.join("bulletins/13")).unwrap();
        fs::write(dir.join(CONFIG_FILE), "title: x").unwrap();
        fs::write(dir.join("bulletins/12/a.md"), "one").unwrap();
        fs::write(dir.join("bulletins/13/a.md"), "one").unwrap();
        let project = Project { root: dir.clone() };
        let first = Snapshot::take(&project);
        assert!(first.changes_since(&first).is_empty());

        fs::write(dir.join("bulletins/12/a.md"), "two").unwrap();
        fs::write(dir.join("bulletins/12/.a.md.swp"), "swap").unwrap();
        let second = Snapshot::take(&project);
        let changes = second.changes_since(&first);
        assert!(!changes.series);
        assert_eq!(changes.issues, BTreeSet::from([IssueNumber(12)]));

        fs::create_dir_all(dir.join("templates")).unwrap();
        fs::write(dir.join("templates/bulletin.css"), "p {}").unwrap();
        assert!(Snapshot::take(&project).changes_since(&second).series);
        fs::remove_dir_all(dir).unwrap();
    }
}
