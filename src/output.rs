//! Writing outputs. Every file is written atomically: to a temporary file in
//! the same folder, then renamed over the target, so a failed or interrupted
//! build never leaves a half-written file and keeps an earlier output intact.
//! This is the only module that writes files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically, creating its folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(path, bytes)])
}

/// Writes `bytes` to a complete temporary file beside `path`, creating the
/// folder, and returns the temporary file's path. Nothing is left behind
/// on failure.
fn stage(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io("创建目录", dir, e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::File::create(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(Error::io("写入", path, e))
        }
    }
}

/// Writes several files, all or nothing as far as the renames allow: every
/// temporary file is complete before the first rename.
pub fn write_all(files: &[(&Path, &[u8])]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match stage(path, bytes) {
            Ok(temp) => staged.push((temp, path)),
            Err(e) => {
                for (temp, _) in &staged {
                    let _ = fs::remove_file(temp);
                }
                return Err(e);
            }
        }
    }
    for (temp, path) in &staged {
        fs::rename(temp, path).map_err(|e| Error::io("写入", **path, e))?;
    }
    Ok(())
}

/// Writes named files into a folder, as [`write_all`] does, and returns
/// their paths.
pub fn write_into(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    let refs: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(files)
        .map(|(path, (_, bytes))| (path.as_path(), bytes.as_slice()))
        .collect();
    write_all(&refs)?;
    Ok(paths)
}

/// Creates a new file atomically and never overwrites: fails with
/// `AlreadyExists` when `path` exists, leaving it as it was.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    create_new_linking(path, bytes, |from, to| fs::hard_link(from, to))
}

/// [`create_new`] with the hard link made by `link`, so that a test can
/// stand in for a filesystem without hard links.
fn create_new_linking(
    path: &Path,
    bytes: &[u8],
    link: impl Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<()> {
    let temp = stage(path, bytes)?;
    // A hard link, unlike a rename, refuses to replace an existing file.
    let linked = link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::io("新建", path, e)),
        // FAT32/exFAT USB sticks and some SMB shares have no hard links
        // (EPERM, EOPNOTSUPP). An exclusive create (O_EXCL) refuses an
        // existing file just the same; the file is only visible while it is
        // being written, and is removed if writing fails.
        Err(_) => create_exclusive(path, bytes),
    }
}

/// Creates `path` with `O_EXCL` and writes `bytes`; removes what it created
/// when writing fails.
fn create_exclusive(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("新建", path, e))?;
    match file.write_all(bytes).and_then(|()| file.sync_all()) {
        Ok(()) => Ok(()),
        Err(e) => {
            drop(file);
            let _ = fs::remove_file(path);
            Err(Error::io("写入", path, e))
        }
    }
}

/// Removes a file the tool wrote; a file already gone is fine.
pub fn remove(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("删除", path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = std::env::temp_dir().join(format!("bulletin-output-{}", std::process::id()));
        let path = dir.join("sub/12.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("12.pdf")]);
        fs::remove_dir_all(dir).unwrap();
    }

    /// A filesystem without hard links (FAT32, some SMB shares) answers
    /// `link` with EPERM.
    fn no_hard_links(_: &Path, _: &Path) -> std::io::Result<()> {
        Err(std::io::Error::from_raw_os_error(1))
    }

    #[test]
    fn create_new_without_hard_links_creates_but_never_overwrites() {
        let dir = std::env::temp_dir().join(format!("bulletin-excl-{}", std::process::id()));
        let path = dir.join("01-zhang-san.md");
        create_new_linking(&path, b"new", no_hard_links).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let again = create_new_linking(&path, b"other", no_hard_links);
        assert!(
            matches!(&again, Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists),
            "{again:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("01-zhang-san.md")]);
        fs::remove_dir_all(dir).unwrap();
    }
}
