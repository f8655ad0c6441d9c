//! Fingerprints of a project's inputs: a stable 128-bit hash over file names
//! and contents, so that the archive rebuilds only the issues whose inputs
//! changed.

use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use siphasher::sip128::{Hasher128, SipHasher13};

use super::Project;
use crate::error::{Error, Result};

/// A running fingerprint; clone it to extend a shared part.
#[derive(Debug, Clone)]
pub struct Fingerprint(SipHasher13);

impl Default for Fingerprint {
    fn default() -> Self {
        Self(SipHasher13::new_with_keys(
            0x6275_6c6c_6574_696e,
            0x0000_0000_0000_0001,
        ))
    }
}

impl Fingerprint {
    /// Adds labelled bytes. Lengths are hashed too, so parts never run
    /// into each other.
    pub fn add(&mut self, label: &str, bytes: &[u8]) {
        self.0.write_usize(label.len());
        self.0.write(label.as_bytes());
        self.0.write_usize(bytes.len());
        self.0.write(bytes);
    }

    /// Adds a project file, or a marker when it does not exist.
    pub fn add_file(&mut self, project: &Project, relative: &Path) -> Result<()> {
        let label = relative.to_string_lossy();
        let path = project.root.join(relative);
        match super::confine::read(&project.root, &path, super::MAX_FILE_SIZE) {
            Ok(super::confine::Contents::Bytes(bytes)) => self.add(&label, &bytes),
            // The build refuses it: the fingerprint need not read it.
            Ok(refused) => self.add(&label, format!("\0{refused:?}").as_bytes()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => self.add(&label, b"\0missing"),
            Err(e) => return Err(Error::io("读取", relative, e)),
        }
        Ok(())
    }

    /// Adds every file below a project folder, in name order; nothing when
    /// the folder does not exist.
    pub fn add_tree(&mut self, project: &Project, relative: &Path) -> Result<()> {
        let mut files = Vec::new();
        collect(&project.root, relative, &mut files)?;
        files.sort();
        for file in files {
            self.add_file(project, &file)?;
        }
        Ok(())
    }

    /// The fingerprint as 32 hex digits.
    pub fn finish(&self) -> String {
        format!("{:032x}", self.0.finish128().as_u128())
    }
}

fn collect(root: &Path, relative: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = match fs::read_dir(root.join(relative)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("读取", relative, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("读取", relative, e))?;
        let name = entry.file_name();
        // Editors' temporary and hidden files are not inputs.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = relative.join(&name);
        let kind = entry.file_type().map_err(|e| Error::io("读取", &path, e))?;
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a file the tool wrote earlier (the archive's manifest); `None`
/// when it does not exist.
pub fn read_output(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("读取", path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_contents_both_count() {
        let mut a = Fingerprint::default();
        a.add("a", b"bc");
        let mut b = Fingerprint::default();
        b.add("ab", b"c");
        assert_ne!(a.finish(), b.finish());
        let mut c = Fingerprint::default();
        c.add("a", b"bc");
        assert_eq!(a.finish(), c.finish());
        assert_eq!(a.finish().len(), 32);
    }
}
