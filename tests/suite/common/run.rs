//! The one way the tests run a program: [`bulletin`] for the binary under
//! test, [`program`] for the tools that read its outputs back, built up
//! like `Command` and then [`Cmd::run`] to its end or [`Cmd::spawn`]ed to
//! run beside the test (a server).
//!
//! A run reads standard output and standard error on their own threads
//! while the program runs, so a program that prints more than a pipe holds
//! never blocks, and a generous guard ([`HANG_GUARD`]) kills a run that
//! hangs and fails the test with what it printed. The guard is not a
//! measure of speed.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Longer than any run may take, even on a loaded machine.
pub const HANG_GUARD: Duration = Duration::from_secs(180);

/// A program to run, with its arguments and environment.
pub struct Cmd {
    command: Command,
    /// How failures name it: the program and its arguments.
    shown: Vec<String>,
}

/// The binary under test, run in `dir` with the bundled fonts only (so the
/// result does not depend on the machine), no colour and no
/// `SOURCE_DATE_EPOCH` from outside.
pub fn bulletin(dir: &Path) -> Cmd {
    let mut cmd = program(env!("CARGO_BIN_EXE_bulletin"));
    cmd.shown = vec!["bulletin".into()];
    cmd.command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("BULLETIN_IGNORE_SYSTEM_FONTS", "true")
        .env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Any other program (a poppler tool, chromedriver), found on `PATH`.
pub fn program(name: impl AsRef<OsStr>) -> Cmd {
    let name = name.as_ref();
    Cmd {
        command: Command::new(name),
        shown: vec![name.to_string_lossy().into_owned()],
    }
}

impl Cmd {
    /// Adds an argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.shown.push(arg.as_ref().to_string_lossy().into_owned());
        self.command.arg(arg);
        self
    }

    /// Adds arguments.
    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        for arg in args {
            self = self.arg(arg);
        }
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Removes an environment variable.
    pub fn env_remove(mut self, key: &str) -> Self {
        self.command.env_remove(key);
        self
    }

    /// Runs the program to its end and returns what it printed. Fails the
    /// test if it cannot start or outlives [`HANG_GUARD`].
    #[track_caller]
    pub fn run(mut self) -> Run {
        let shown = self.shown.join(" ");
        let mut child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"));
        let stdout = read_all(child.stdout.take().expect("stdout"));
        let stderr = read_all(child.stderr.take().expect("stderr"));
        let pid = child.id();
        let (done, finished) = mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let status = child.wait();
            let _ = done.send(());
            status
        });
        if finished.recv_timeout(HANG_GUARD).is_err() {
            // The waiter owns the child: kill it by its id.
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            let stderr = stderr.join().unwrap_or_default();
            panic!(
                "{shown} hung (killed after {HANG_GUARD:?}); its standard error:\n{}",
                String::from_utf8_lossy(&stderr)
            );
        }
        Run {
            status: waiter.join().expect("waiter").expect("wait"),
            stdout: stdout.join().expect("stdout"),
            stderr: stderr.join().expect("stderr"),
        }
    }

    /// Starts the program beside the test: its standard error comes line
    /// by line, its standard output is dropped, and it is killed when the
    /// [`Running`] is dropped.
    #[track_caller]
    pub fn spawn(mut self) -> Running {
        let shown = self.shown.join(" ");
        let mut child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
        let stderr = child.stderr.take().expect("stderr");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            shown,
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
fn read_all(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// The outcome of one run to its end.
pub struct Run {
    /// How it ended.
    pub status: ExitStatus,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
}

impl Run {
    /// The exit code.
    #[track_caller]
    pub fn code(&self) -> i32 {
        self.status.code().expect("exit code")
    }

    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Asserts success and returns itself.
    #[track_caller]
    pub fn success(self) -> Self {
        assert!(
            self.status.success(),
            "the run failed ({}):\n{}",
            self.status,
            self.stderr()
        );
        self
    }
}

/// A program running beside the test, killed when dropped.
pub struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    shown: String,
}

impl Running {
    /// Waits for the first line of standard error that `wanted` accepts,
    /// showing `each` every line before it (and that one); fails the test
    /// if the program ends or `within` passes first.
    #[track_caller]
    pub fn line(
        &mut self,
        within: Duration,
        mut wanted: impl FnMut(&str) -> bool,
        mut each: impl FnMut(&str),
    ) -> String {
        let deadline = std::time::Instant::now() + within;
        let mut seen = String::new();
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    each(&line);
                    if wanted(&line) {
                        return line;
                    }
                    seen.push_str(&line);
                    seen.push('\n');
                }
                Err(e) => panic!("{}: no such line ({e}); it printed:\n{seen}", self.shown),
            }
        }
    }

    /// The lines of standard error printed since the last call.
    pub fn log(&self) -> String {
        self.lines.try_iter().collect::<Vec<_>>().join("\n")
    }

    /// Whether the program is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// Kills the program (SIGKILL: no chance to clean up) and returns how
    /// it ended.
    pub fn kill(mut self) -> ExitStatus {
        let _ = self.child.kill();
        self.child.wait().expect("wait")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether a program of this name is on `PATH`.
pub fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}
