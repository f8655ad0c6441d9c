//! Reading one project file safely: the path must resolve, through any
//! symbolic links, inside the project folder; only a plain file is read (a
//! named pipe would block for ever, a device such as `/dev/zero` never
//! ends); and at most `limit + 1` bytes are read, whatever the file's
//! metadata says, so a file that grows while it is read cannot exhaust
//! memory.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// What reading a project file found.
#[derive(Debug)]
pub enum Contents {
    /// The file's bytes, at most the limit.
    Bytes(Vec<u8>),
    /// The path leads outside the project folder.
    Outside,
    /// Not a plain file: a folder, a named pipe, a device, a socket.
    NotAFile,
    /// Longer than the limit: its size, or as much as was read when the
    /// file says less.
    TooLarge(u64),
}

/// Reads `path` (absolute, or relative to the working folder), which must
/// lie inside `root`, reading at most `limit + 1` bytes.
pub fn read(root: &Path, path: &Path, limit: u64) -> io::Result<Contents> {
    let root = root.canonicalize()?;
    let real = path.canonicalize()?;
    if !real.starts_with(&root) {
        return Ok(Contents::Outside);
    }
    // The metadata of the resolved path: a link to a pipe is a pipe.
    if !fs::metadata(&real)?.is_file() {
        return Ok(Contents::NotAFile);
    }
    let file = fs::File::open(&real)?;
    // The file could have been swapped since: ask the open file again.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Contents::NotAFile);
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > limit {
        // The size the file says it has, when it says more than was read.
        return Ok(Contents::TooLarge(read.max(meta.len())));
    }
    Ok(Contents::Bytes(bytes))
}
