//! Writing outputs. Every file is written atomically: to a temporary file in
//! the same folder, then renamed over the target, so a failed or interrupted
//! build never leaves a half-written file and keeps an earlier output intact.
//! The files of one call are all or nothing: every temporary file is complete
//! before the first rename, and when a rename fails the ones already made are
//! undone from hard-linked copies of the old files. Temporary files that a
//! killed run left behind are removed by the next run that writes into the
//! same folder. This is the only module that writes files.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically, creating its folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(path, bytes)])
}

/// The folder a file is written into.
fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A name beside `path` that only this process uses: `.12.pdf.<pid>.tmp`
/// for the new file, `.12.pdf.<pid>.old.tmp` for the old one.
fn beside(path: &Path, old: bool) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let old = if old { ".old" } else { "" };
    folder(path).join(format!(".{name}.{}{old}.tmp", std::process::id()))
}

/// Writes `bytes` to a complete temporary file beside `path`, creating the
/// folder, and returns the temporary file's path. Nothing is left behind
/// on failure.
fn stage(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = folder(path);
    fs::create_dir_all(dir).map_err(|e| Error::io("创建目录", dir, e))?;
    remove_orphans(dir);
    let temp = beside(path, false);
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

/// Stages each file as [`stage`] does, in order. Several files are staged
/// at once, one thread each: most of the time of a staged write is its
/// `fsync`, which waits on the disk, and the six SVG pages of an issue
/// waited one after the other (about 100 ms of a build on a loaded
/// machine; ext4 commits fsyncs that wait together in one journal
/// commit).
fn stage_each(files: &[(&Path, &[u8])]) -> Vec<Result<PathBuf>> {
    if files.len() < 2 {
        return files
            .iter()
            .map(|(path, bytes)| stage(path, bytes))
            .collect();
    }
    std::thread::scope(|scope| {
        let writers: Vec<_> = files
            .iter()
            .map(|(path, bytes)| scope.spawn(move || stage(path, bytes)))
            .collect();
        writers
            .into_iter()
            .zip(files)
            .map(|(writer, (path, _))| {
                writer.join().unwrap_or_else(|_| {
                    Err(Error::io("写入", *path, io::Error::other("写入线程中止")))
                })
            })
            .collect()
    })
}

/// Writes several files, all or nothing: every temporary file is complete
/// before the first rename, a target that is not a plain file (a folder
/// named `12.pdf`) fails the call before anything is replaced, and a rename
/// that still fails puts back the files the earlier renames replaced.
pub fn write_all(files: &[(&Path, &[u8])]) -> Result<()> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let discard = |staged: &[(PathBuf, &Path)]| {
        for (temp, _) in staged {
            let _ = fs::remove_file(temp);
        }
    };
    for (result, (path, _)) in stage_each(files).into_iter().zip(files) {
        match result {
            Ok(temp) => staged.push((temp, path)),
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        }
    }
    for (_, path) in &staged {
        if let Ok(meta) = fs::symlink_metadata(path)
            && !meta.is_file()
        {
            discard(&staged);
            let why = io::Error::new(
                io::ErrorKind::IsADirectory,
                "同名的目录或其他非普通文件已存在",
            );
            return Err(Error::io("写入", *path, why));
        }
    }
    // A hard link keeps each old file reachable until every rename is done.
    let backups: Vec<Option<PathBuf>> = staged
        .iter()
        .map(|(_, path)| {
            let backup = beside(path, true);
            let _ = fs::remove_file(&backup);
            fs::hard_link(path, &backup).ok().map(|()| backup)
        })
        .collect();
    for (done, (temp, path)) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(temp, path) {
            for ((_, path), backup) in staged[..done].iter().zip(&backups) {
                match backup {
                    Some(backup) => {
                        let _ = fs::rename(backup, path);
                    }
                    None => {
                        let _ = fs::remove_file(path);
                    }
                }
            }
            discard(&staged[done..]);
            for backup in backups.iter().flatten() {
                let _ = fs::remove_file(backup);
            }
            return Err(Error::io("写入", *path, e));
        }
    }
    for backup in backups.iter().flatten() {
        let _ = fs::remove_file(backup);
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
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("删除", path, e)),
        _ => Ok(()),
    }
}

/// Removes the plain files of `dir` whose names `stale` picks, such as the
/// pages `12-6.svg` … of an earlier build that had more pages. A folder
/// that does not exist has none.
pub fn remove_stale(dir: &Path, stale: impl Fn(&str) -> bool) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && entry.file_name().to_str().is_some_and(&stale) {
            remove(&entry.path())?;
        }
    }
    Ok(())
}

/// Removes, once per folder and run, the temporary files of runs that
/// were killed before they could clean up: `.12.pdf.<pid>.tmp` and
/// `.12.pdf.<pid>.old.tmp` whose process is gone. A process that is still
/// running (another build into the same folder) keeps its files.
fn remove_orphans(dir: &Path) {
    static DONE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let Ok(mut done) = DONE.lock() else {
        return;
    };
    if !done.get_or_insert_with(HashSet::new).insert(dir.to_owned()) {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid != std::process::id() && !running(pid, &entry) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in the name of a temporary file this module makes.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let rest = rest.strip_suffix(".old").unwrap_or(rest);
    let (target, pid) = rest.rsplit_once('.')?;
    if target.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether the process that made a temporary file may still be writing it:
/// where `/proc` lists processes, whether it is there; elsewhere, whether
/// the file is younger than an hour.
fn running(pid: u32, entry: &fs::DirEntry) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = std::env::temp_dir().join(format!("bulletin-output-{}", std::process::id()));
        let path = dir.join("sub/12.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(&dir.join("sub")), ["12.pdf"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failed_rename_puts_back_what_the_earlier_ones_replaced() {
        let dir = std::env::temp_dir().join(format!("bulletin-undo-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("c")).unwrap();
        fs::write(dir.join("a"), "old a").unwrap();
        // `c` is a folder: checked before any rename, so nothing changes.
        let result = write_all(&[
            (&dir.join("a"), b"new a"),
            (&dir.join("b"), b"new b"),
            (&dir.join("c"), b"new c"),
        ]);
        assert!(result.is_err());
        assert_eq!(fs::read(dir.join("a")).unwrap(), b"old a");
        assert_eq!(names(&dir), ["a", "c"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn temporary_files_are_recognised_by_their_owner() {
        assert_eq!(temp_owner(".12.pdf.4242.tmp"), Some(4242));
        assert_eq!(temp_owner(".12-3.png.17.old.tmp"), Some(17));
        assert_eq!(temp_owner(".bulletin-manifest.json.9.tmp"), Some(9));
        assert_eq!(temp_owner(".12.pdf.tmp"), None);
        assert_eq!(temp_owner("12.pdf.12.tmp"), None);
        assert_eq!(temp_owner("..12.tmp"), None);
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
