//! A real headless Chromium driven through chromedriver's W3C WebDriver HTTP
//! API, with the tiny client of `http.rs` and `serde_json`, and
//! `bulletin serve` running on a free port. Everything is on loopback,
//! bounded in time, and ended when dropped.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use super::http::{free_port, http};
use super::run::{Cmd, Running, bulletin, program};
use super::{repo, try_wait_until, wait_until};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether the browser tests can run here; see `common::tool_present`.
pub fn available() -> bool {
    super::tool_present(
        "browser",
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
        "chromium and chromium-driver (.ci/run installs them)",
    )
}

/// axe-core's script, installed by .ci/run (or named by `AXE_CORE`).
fn axe_core() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("AXE_CORE").map(PathBuf::from),
        Some(repo().join(".ci/axe/node_modules/axe-core/axe.min.js")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

/// Whether axe-core can run here; a missing axe-core fails the test
/// unless `BULLETIN_TEST_SKIP` names `axe`.
pub fn axe_available() -> bool {
    super::tool_present(
        "axe",
        axe_core().is_some(),
        "axe-core (.ci/run installs it with npm)",
    )
}

/// How long the first build of a project may take before the server
/// listens, even on a loaded machine.
const START: Duration = Duration::from_secs(120);

/// `bulletin serve` in a project folder, killed when dropped.
pub struct Server {
    process: Running,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The line that said where it listens.
    pub line: String,
}

impl Server {
    /// Starts the server on a free port and waits until it listens.
    pub fn start(project: &Path, extra: &[&str]) -> Self {
        Self::start_watching(project, extra, |_| {})
    }

    /// Starts the server and waits until it listens, showing `each` every
    /// line it prints before that (the first build's).
    pub fn start_watching(project: &Path, extra: &[&str], each: impl FnMut(&str)) -> Self {
        Self::launch(
            bulletin(project)
                .args(["serve", "--port", "0", "--ignore-system-fonts"])
                .args(extra),
            each,
        )
    }

    /// Starts `bulletin serve` as `command` says and waits until it
    /// listens, showing `each` every line it prints before that.
    pub fn launch(command: Cmd, each: impl FnMut(&str)) -> Self {
        let mut process = command.spawn();
        let line = process.line(START, |line| line.contains("http://"), each);
        let at = line.find("http://").expect("address");
        let url = line[at..].split_whitespace().next().unwrap_or_default();
        Self {
            base: url.trim_end_matches('/').to_owned(),
            line: line.clone(),
            process,
        }
    }

    /// What the server printed since the last call.
    pub fn log(&self) -> String {
        self.process.log()
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port")
    }
}

/// A headless Chromium session; the browser and its driver end when dropped.
pub struct Browser {
    // One browser at a time: several headless Chromiums rendering SVG pages
    // at once starve a 2-core machine until navigations time out.
    // Declared first, so chromedriver ends before the next browser's turn.
    _driver: Running,
    _turn: std::sync::MutexGuard<'static, ()>,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium.
    pub fn start() -> Self {
        static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let turn = TURN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let profile = tempfile::tempdir().expect("profile dir");
        // The bundled fonts of the repository, so pages render the same on a
        // machine without CJK fonts.
        let fonts_conf = profile.path().join("fonts.conf");
        std::fs::write(
            &fonts_conf,
            format!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
                 <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n\
                 <dir>{}</dir>\n<cachedir>{}</cachedir>\n</fontconfig>\n",
                repo().join("assets/fonts").display(),
                profile.path().join("fontconfig").display()
            ),
        )
        .expect("fonts.conf");
        let port = free_port();
        let driver = program(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .env("FONTCONFIG_FILE", &fonts_conf)
            .spawn();
        let mut browser = Self {
            _turn: turn,
            _driver: driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        browser.wait_for_driver();
        let user_data = browser._profile.path().join("chromium");
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    // A navigation that stalls is an error the waiting loops
                    // retry, within the client's 60 s read timeout, rather
                    // than chromedriver's default five-minute wait.
                    "timeouts": { "pageLoad": 30000, "script": 30000 },
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-dev-shm-usage",
                            "--hide-scrollbars",
                            format!("--user-data-dir={}", user_data.display()),
                        ]
                    }
                }
            }
        });
        let value = browser.command("POST", "/session", Some(&capabilities));
        browser.session = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {value}"))
            .to_owned();
        browser
    }

    fn wait_for_driver(&mut self) {
        wait_until("chromedriver to start", Duration::from_secs(60), || {
            let (_, body) = http("GET", self.port, "/status", None);
            let status: Value = serde_json::from_slice(&body).unwrap_or_default();
            status["value"]["ready"] == json!(true)
        });
    }

    /// Sends a WebDriver command and returns its `value`.
    fn try_command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let (status, body) = http(method, self.port, path, body);
        let reply: Value = serde_json::from_slice(&body).unwrap_or_default();
        if status == 200 {
            Ok(reply["value"].clone())
        } else {
            Err(format!("webdriver {method} {path}: {status} {reply}"))
        }
    }

    #[track_caller]
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.try_command(method, path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn session_command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.command(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Opens a URL and waits for the page to load.
    pub fn open(&self, url: &str) {
        self.session_command("POST", "/url", Some(&json!({ "url": url })));
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn eval(&self, script: &str) -> Value {
        self.session_command(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    /// Runs JavaScript in the page and returns its result; `None` when the
    /// page is between two loads.
    pub fn try_eval(&self, script: &str) -> Option<Value> {
        self.try_command(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(&json!({ "script": script, "args": [] })),
        )
        .ok()
    }

    /// The visible text of the page.
    pub fn text(&self) -> String {
        self.eval("return document.body ? document.body.innerText : ''")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until `check` holds for the page's text.
    #[track_caller]
    pub fn wait_for(&self, what: &str, within: Duration, check: impl Fn(&str) -> bool) {
        let mut text = String::new();
        let held = try_wait_until(within, || {
            // The page may be between two loads; then try again.
            text = self
                .try_eval("return document.body ? document.body.innerText : ''")
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            check(&text)
        });
        assert!(
            held,
            "timed out waiting for {what}; the page shows:\n{text}"
        );
    }

    /// Runs asynchronous JavaScript: the script calls `arguments[0]` with
    /// its result.
    pub fn eval_async(&self, script: &str) -> Value {
        self.session_command(
            "POST",
            "/execute/async",
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    /// Whether the first element matching a CSS selector is displayed, as
    /// WebDriver's "is element displayed" sees it (what a reader sees, not
    /// an attribute).
    #[track_caller]
    pub fn displayed(&self, selector: &str) -> bool {
        let id = self.element(selector);
        self.session_command("GET", &format!("/element/{id}/displayed"), None)
            .as_bool()
            .expect("displayed is a boolean")
    }

    /// Clicks the first element matching a CSS selector as a user would:
    /// an error when something else covers it.
    #[track_caller]
    pub fn click(&self, selector: &str) {
        let id = self.element(selector);
        self.session_command("POST", &format!("/element/{id}/click"), Some(&json!({})));
    }

    #[track_caller]
    fn element(&self, selector: &str) -> String {
        let found = self.session_command(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": selector })),
        );
        found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {selector}: {found}"))
            .to_owned()
    }

    /// Prints the page as the browser's print dialog does (the page's own
    /// `@page` size and margins, which WebDriver's print command ignores)
    /// and returns the PDF.
    pub fn print_pdf(&self) -> Vec<u8> {
        let value = self.session_command(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({
                "cmd": "Page.printToPDF",
                "params": { "preferCSSPageSize": true, "printBackground": false }
            })),
        );
        base64_decode(value["data"].as_str().expect("base64 PDF"))
    }

    /// Runs axe-core in the page and returns its serious and critical
    /// violations as `rule: targets` lines.
    #[track_caller]
    pub fn axe_serious(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(axe_core().expect("axe-core")).expect("read axe-core");
        self.eval(&format!("{axe}\nreturn true;"));
        let result = self.eval_async(
            "const done = arguments[0];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
        );
        result
            .as_array()
            .expect("violations")
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Sets the size of the browser window in CSS pixels.
    pub fn resize(&self, width: u32, height: u32) {
        self.session_command(
            "POST",
            "/window/rect",
            Some(&json!({ "width": width, "height": height })),
        );
    }

    /// The width of the page's viewport in CSS pixels.
    pub fn viewport_width(&self) -> u64 {
        self.eval("return document.documentElement.clientWidth")
            .as_u64()
            .unwrap_or_default()
    }

    /// Saves a screenshot of the viewport as PNG.
    pub fn screenshot(&self, path: &Path) -> PathBuf {
        let data = self.session_command("GET", "/screenshot", None);
        let png = base64_decode(data.as_str().expect("base64 screenshot"));
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(path, png).expect("write screenshot");
        path.to_owned()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            // Closes Chromium; the driver goes next.
            let _ = self.try_command("DELETE", &format!("/session/{}", self.session), None);
        }
        // Dropping `driver` ends chromedriver.
    }
}

/// Decodes standard base64 (WebDriver screenshots).
pub fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}
