//! Test support: fixture projects in temporary folders, the real binary, and
//! readers of the PDFs it writes (poppler's pdftotext, pdffonts, pdfinfo).

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, which is itself the sample series.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A project in a temporary folder.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// An empty project folder.
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the sample series at the repository root.
    pub fn sample() -> Self {
        let project = Self::empty();
        project.copy_from(&repo(), &["bulletin.yaml", "bulletins"]);
        project
    }

    /// A copy of an example series from `examples/`.
    pub fn example(name: &str) -> Self {
        let project = Self::empty();
        project.copy_from(
            &repo().join("examples").join(name),
            &["bulletin.yaml", "bulletins"],
        );
        project
    }

    fn copy_from(&self, from: &Path, entries: &[&str]) {
        for entry in entries {
            copy_tree(&from.join(entry), &self.path().join(entry));
        }
    }

    /// The project folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating folders.
    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    /// Reads a file's bytes.
    pub fn read(&self, relative: &str) -> Vec<u8> {
        fs::read(self.path().join(relative)).expect("read")
    }

    /// Runs the binary in the project folder, with bundled fonts only so the
    /// result does not depend on the machine.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).expect("mkdir");
        for entry in fs::read_dir(from).expect("read dir") {
            let entry = entry.expect("entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).expect("copy");
    }
}

/// The sample issue 12 built once per test binary, for the tests that only
/// read its PDF: the folder that holds `out/12.pdf`, and what the build
/// printed.
pub fn sample_build() -> &'static (PathBuf, String) {
    static BUILT: std::sync::OnceLock<(PathBuf, String)> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let binary = std::env::current_exe().expect("test binary");
        let name = binary
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or("tests")
            .to_owned();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("sample-{name}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("mkdir");
        for entry in ["bulletin.yaml", "bulletins"] {
            copy_tree(&repo().join(entry), &dir.join(entry));
        }
        let run = run_in(&dir, &["build", "12"]).success();
        (dir, run.stderr())
    })
}

/// Runs the binary in any folder (a subfolder of a project, say).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("BULLETIN_IGNORE_SYSTEM_FONTS", "true")
        .env_remove("SOURCE_DATE_EPOCH");
    Run(output_guarded(&mut command, args))
}

/// Longer than any run may take, even on a loaded machine: a guard that
/// turns a hang into a failure, not a measure of speed.
const HANG_GUARD: std::time::Duration = std::time::Duration::from_secs(180);

/// Runs a command to its end like `Command::output`, killing it and
/// failing the test if it outlives [`HANG_GUARD`].
fn output_guarded(command: &mut Command, args: &[&str]) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bulletin");
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = read(Box::new(child.stdout.take().expect("stdout")));
    let stderr = read(Box::new(child.stderr.take().expect("stderr")));
    let (send, receive) = std::sync::mpsc::channel();
    let pid = child.id();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let _ = send.send(());
        status
    });
    if receive.recv_timeout(HANG_GUARD).is_err() {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("bulletin {args:?} hung (killed after {HANG_GUARD:?})");
    }
    let status = waiter.join().expect("waiter").expect("wait");
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

/// The outcome of one run of the binary.
pub struct Run(pub Output);

impl Run {
    /// The exit code.
    pub fn code(&self) -> i32 {
        self.0.status.code().expect("exit code")
    }

    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    /// Asserts success and returns itself.
    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(self.code(), 0, "bulletin failed:\n{}", self.stderr());
        self
    }
}

/// Runs a poppler tool on a file and returns its output.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is needed for the tests (apt-get install poppler-utils): {e}")
        });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The text of a PDF as a reader sees it, in reading order.
pub fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
}

/// Text without white space, bullet marks or page numbers (— 3 —), for
/// comparing paragraphs regardless of where lines and pages break.
pub fn squash(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '◆')
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '—' {
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits > 0 && chars.get(i + 1 + digits) == Some(&'—') {
                i += digits + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The fonts of a PDF: (name, embedded, subset) per row of pdffonts.
pub fn pdf_fonts(pdf: &Path) -> Vec<(String, bool, bool)> {
    poppler("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type [encoding...] emb sub uni object-id gen
            let n = cols.len();
            (
                cols[0].to_owned(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
            )
        })
        .collect()
}

/// Page sizes in points, from pdfinfo.
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    poppler("pdfinfo", &["-f", "1", "-l", "999"], pdf)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let after = l.split("size:").nth(1).expect("size");
            let nums: Vec<f64> = after
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[0], nums[1])
        })
        .collect()
}

/// One line of text on a page, with its box in points (origin top left).
#[derive(Debug, Clone)]
pub struct Line {
    /// Left edge.
    pub x_min: f64,
    /// Top edge.
    pub y_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_max: f64,
    /// The words of the line, each with its left and right edge.
    pub words: Vec<(f64, f64, String)>,
}

impl Line {
    /// The text of the line without spaces.
    pub fn text(&self) -> String {
        self.words.iter().map(|w| w.2.as_str()).collect()
    }

    /// Horizontal centre.
    pub fn centre(&self) -> f64 {
        (self.x_min + self.x_max) / 2.0
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
    let end = start + tag[start..].find('"').expect("closing quote");
    tag[start..end].parse().expect("number")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The lines of every page, read with `pdftotext -bbox-layout`.
pub fn pdf_lines(pdf: &Path) -> Vec<Vec<Line>> {
    let xml = poppler("pdftotext", &["-bbox-layout"], pdf);
    let mut pages = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let mut lines = Vec::new();
        for chunk in page.split("<line ").skip(1) {
            let tag = &chunk[..chunk.find('>').expect("tag end")];
            let body = &chunk[..chunk.find("</line>").expect("line end")];
            let words = body
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let tag = &w[..w.find('>').expect("tag end")];
                    let text =
                        &w[w.find('>').expect("tag end") + 1..w.find("</word>").expect("word end")];
                    (attr(tag, "xMin"), attr(tag, "xMax"), unescape(text))
                })
                .collect();
            lines.push(Line {
                x_min: attr(tag, "xMin"),
                y_min: attr(tag, "yMin"),
                x_max: attr(tag, "xMax"),
                y_max: attr(tag, "yMax"),
                words,
            });
        }
        lines.sort_by(|a, b| {
            a.y_min
                .total_cmp(&b.y_min)
                .then(a.x_min.total_cmp(&b.x_min))
        });
        pages.push(merge_rows(lines));
    }
    pages
}

/// Joins the pieces poppler splits one printed line into (it does so where
/// compressed punctuation overlaps, as in 》，) when they share a baseline
/// and touch.
fn merge_rows(lines: Vec<Line>) -> Vec<Line> {
    let mut rows: Vec<Line> = Vec::new();
    for line in lines {
        match rows.last_mut() {
            Some(row)
                if (row.y_min - line.y_min).abs() < 0.5
                    && (row.y_max - line.y_max).abs() < 0.5
                    && line.x_min <= row.x_max + 1.0 =>
            {
                row.x_max = row.x_max.max(line.x_max);
                row.words.extend(line.words);
            }
            _ => rows.push(line),
        }
    }
    rows
}

/// The W3C Nu HTML Checker (`vnu.jar` from the npm package `vnu-jar`),
/// when installed: `VNU_JAR`, or `.ci/vnu/node_modules/vnu-jar/...`.
fn vnu_jar() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("VNU_JAR").map(PathBuf::from),
        Some(repo().join(".ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

/// Whether the Nu checker can run here; see [`tool_present`].
pub fn nu_checker_available() -> bool {
    let java = Command::new("java").arg("-version").output().is_ok();
    tool_present(
        "vnu",
        java && vnu_jar().is_some(),
        "the Nu checker (java and vnu-jar; .ci/run installs them)",
    )
}

/// Whether a tool a test needs is here. A missing tool fails the test —
/// here as on CI — unless the run names it in `BULLETIN_TEST_SKIP`
/// (`browser,vnu`), in which case the test says loudly that it skipped.
pub fn tool_present(name: &str, present: bool, what: &str) -> bool {
    if present {
        return true;
    }
    let skipped = std::env::var("BULLETIN_TEST_SKIP")
        .is_ok_and(|list| list.split(',').any(|n| n.trim() == name));
    assert!(
        skipped,
        "{what} is not installed; install it, or run with BULLETIN_TEST_SKIP={name} to skip"
    );
    eprintln!("SKIPPED ({name} not installed, BULLETIN_TEST_SKIP={name}): {what}");
    false
}

/// Asserts that the Nu checker finds no errors in the files.
#[track_caller]
pub fn nu_check(files: &[PathBuf]) {
    let jar = vnu_jar().expect("vnu.jar");
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--errors-only")
        .args(files)
        .output()
        .expect("run vnu");
    assert!(
        output.status.success(),
        "the Nu checker found errors:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A page of a PDF as a grey-scale picture, rendered by poppler's pdftoppm.
pub struct Picture {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Dots per inch.
    pub dpi: f64,
    /// One byte per pixel, 0 black to 255 white, row by row.
    pub pixels: Vec<u8>,
}

/// The header of a binary netpbm file (P5 grey, P6 colour) — magic,
/// width, height, maximum, each followed by white space — and its pixels.
pub fn netpbm(bytes: &[u8]) -> (Vec<String>, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    (fields, &bytes[at + 1..])
}

/// Renders page `page` (from 1) of a PDF at `dpi`.
pub fn picture(pdf: &Path, page: usize, dpi: u32) -> Picture {
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = dir.path().join("page");
    let n = page.to_string();
    let status = Command::new("pdftoppm")
        .args([
            "-gray",
            "-singlefile",
            "-r",
            &dpi.to_string(),
            "-f",
            &n,
            "-l",
            &n,
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm is needed for the tests (apt-get install poppler-utils)");
    assert!(status.success(), "pdftoppm failed");
    let bytes = fs::read(prefix.with_extension("pgm")).expect("pgm");
    let (fields, pixels) = netpbm(&bytes);
    assert_eq!(fields[0], "P5");
    let width: usize = fields[1].parse().expect("width");
    let height: usize = fields[2].parse().expect("height");
    let pixels = pixels.to_vec();
    assert_eq!(pixels.len(), width * height);
    Picture {
        width,
        height,
        dpi: f64::from(dpi),
        pixels,
    }
}

/// A horizontal rule found on a page: its vertical centre and thickness,
/// and its left and right ends, all in millimetres from the top left.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Vertical centre.
    pub y: f64,
    /// Thickness.
    pub thickness: f64,
    /// Left end.
    pub x_min: f64,
    /// Right end.
    pub x_max: f64,
}

impl Picture {
    fn mm(&self, px: f64) -> f64 {
        px * 25.4 / self.dpi
    }

    /// Whether nothing is drawn on the page.
    pub fn is_blank(&self) -> bool {
        self.pixels.iter().all(|&p| p > 250)
    }

    /// Horizontal rules at least `min_mm` long: runs of rows whose dark
    /// pixels span that length without a break.
    pub fn rules(&self, min_mm: f64) -> Vec<Rule> {
        let min_px = (min_mm / 25.4 * self.dpi) as usize;
        // The longest dark run of each row.
        let runs: Vec<Option<(usize, usize)>> = (0..self.height)
            .map(|y| {
                let row = &self.pixels[y * self.width..(y + 1) * self.width];
                let mut best: Option<(usize, usize)> = None;
                let mut start = None;
                for (x, &p) in row.iter().chain([&255u8]).enumerate() {
                    match (p < 128, start) {
                        (true, None) => start = Some(x),
                        (false, Some(s)) => {
                            if best.is_none_or(|(a, b)| x - s > b - a) {
                                best = Some((s, x));
                            }
                            start = None;
                        }
                        _ => {}
                    }
                }
                best.filter(|(a, b)| b - a >= min_px)
            })
            .collect();
        let mut rules = Vec::new();
        let mut y = 0;
        while y < self.height {
            let Some((a, b)) = runs[y] else {
                y += 1;
                continue;
            };
            let top = y;
            while y < self.height && runs[y].is_some() {
                y += 1;
            }
            rules.push(Rule {
                y: self.mm((top + y) as f64 / 2.0),
                thickness: self.mm((y - top) as f64),
                x_min: self.mm(a as f64),
                x_max: self.mm(b as f64),
            });
        }
        rules
    }
}
