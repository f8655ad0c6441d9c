//! Test support: fixture projects in temporary folders, the one process
//! runner (`run.rs`), the one polling helper ([`wait_until`]), readers of
//! the PDFs the binary writes (`pdf.rs`), the tools a test needs, and a
//! headless browser with `bulletin serve` (`browser.rs`).

pub mod browser;
pub mod http;
pub mod pdf;
pub mod run;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use pdf::*;
pub use run::{Run, bulletin, program};

/// The repository root, which is itself the sample series.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Polls `ready` until it holds; fails the test, naming `what`, if it
/// still does not after `within`. The deadline only turns a hang into a
/// failure: keep it generous, never a measure of speed.
#[track_caller]
pub fn wait_until(what: &str, within: Duration, ready: impl FnMut() -> bool) {
    assert!(
        try_wait_until(within, ready),
        "timed out after {within:?} waiting for {what}"
    );
}

/// Polls `ready` until it holds, for at most `within`; whether it held.
/// For callers that say more than [`wait_until`] when it does not.
pub fn try_wait_until(within: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if ready() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
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

    /// Runs the binary in the project folder to its end.
    #[track_caller]
    pub fn run(&self, args: &[&str]) -> Run {
        bulletin(self.path()).args(args).run()
    }
}

/// Copies a file or a folder with everything in it.
pub fn copy_tree(from: &Path, to: &Path) {
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

/// The sample issue 12 built once for the whole suite, for the tests that
/// only read its PDF: the folder that holds `out/12.pdf`, and what the
/// build printed.
pub fn sample_build() -> &'static (PathBuf, String) {
    static BUILT: std::sync::OnceLock<(PathBuf, String)> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sample-12");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("mkdir");
        for entry in ["bulletin.yaml", "bulletins"] {
            copy_tree(&repo().join(entry), &dir.join(entry));
        }
        let run = bulletin(&dir).args(["build", "12"]).run().success();
        (dir, run.stderr())
    })
}

/// Runs the binary in any folder (a subfolder of a project, say).
#[track_caller]
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    bulletin(dir).args(args).run()
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
    tool_present(
        "vnu",
        run::on_path("java") && vnu_jar().is_some(),
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
    let run = program("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--errors-only")
        .args(files)
        .run();
    assert!(
        run.status.success(),
        "the Nu checker found errors:\n{}",
        run.stderr()
    );
}
