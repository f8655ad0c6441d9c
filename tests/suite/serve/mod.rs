//! `bulletin serve` in a real headless Chromium (through chromedriver): the
//! index, the issue page, live reload on saving an item (also when the
//! editor writes a new file and renames it), the error overlay and its
//! recovery, and screenshots at desktop and phone widths; no client can
//! stall the server (idle connections, a hundred event streams, a client
//! that reads nothing, a burst of connections); the page images open every
//! time; the links never cover text, the pages pass axe-core and print on
//! A4. Also: nothing outside the output is served, only this machine's
//! names are answered, and the HTML passes the W3C Nu checker.

mod preview;
mod server;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::browser::{self, Browser, Server, base64_decode};
use crate::common::http::{free_port, http};
use crate::common::{self, Project};

/// The titles of the sample issue's items.
const TITLES: [&str; 6] = [
    "张旋宇到第一网格督导创城工作",
    "朱加云到第七网格督导创城工作",
    "孙凌云到第二十网格督导创城工作",
    "贾富彬到第二十二网格督导创城工作",
    "刘延杰到第二十三网格督导创城工作",
    "市人大常委会机关召开创城工作推进会",
];

const ITEM: &str = "bulletins/12/01-zhang-xuanyu.md";

/// Long enough for a slow CI machine; a change normally shows in well
/// under a second.
const RELOAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request may wait for its answer before the server counts
/// as stalled: generous, as the machine may be loaded.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// Where screenshots go: `BULLETIN_SCREENSHOTS` or a folder under /tmp.
fn screenshot_dir() -> PathBuf {
    std::env::var_os("BULLETIN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("bulletin-screenshots"))
}

/// Saves a file the way many editors do: a new file renamed over the old.
fn save_by_rename(path: &Path, text: &str) {
    let temp = path.with_extension("md.tmp-save");
    std::fs::write(&temp, text).expect("write temp");
    std::fs::rename(&temp, path).expect("rename");
}
