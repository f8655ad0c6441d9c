//! `bulletin serve`: the series as HTML on a local address while the writer
//! edits it. Every issue is built into memory (its HTML page, its page
//! images as SVG, its PDF) — nothing is written to disk — and rebuilt when
//! its files change; `bulletin.yaml` or a template rebuilds all. Open pages
//! listen on a server-sent-events stream and reload when their issue was
//! rebuilt; a failed build shows its diagnostics in an overlay over the last
//! good page until the sources are fixed.
//!
//! The HTTP server is tiny_http on threads (the server typst-kit's own
//! preview server is built on); changes are seen with typst-kit's watcher
//! (inotify and friends), or by polling with `--poll`.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tiny_http::{Header, Method, Request, Response};
use typst_kit::watcher::Watcher;

use crate::build::{BuildOptions, Format, compile_issue};
use crate::error::{Error, Report, Result};
use crate::load::{Project, Snapshot};
use crate::model::IssueNumber;
use crate::render::html::{self, Templates};
use crate::render::typst::{self as typesetter, Fonts};

/// How often `--poll` looks at the sources.
const POLL_INTERVAL: Duration = Duration::from_millis(250);
/// How often an idle event stream sends a comment, so a closed tab ends its
/// thread.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Poll the sources instead of waiting for change events.
    pub poll: bool,
    /// Renders diagnostics as plain text for the error overlay: the same
    /// text the command line prints.
    pub explain: fn(&Report) -> String,
}

/// What happened, for the command line to tell.
pub enum Event<'a> {
    /// The server listens here; the first build is done.
    Listening(SocketAddr),
    /// An issue was built.
    Built {
        /// The issue.
        number: IssueNumber,
        /// Its pages.
        pages: usize,
        /// Its warnings.
        warnings: &'a Report,
        /// How long the build took.
        took: Duration,
    },
    /// An issue failed to build; its page shows the overlay.
    Failed {
        /// The issue.
        number: IssueNumber,
        /// Why.
        error: &'a Error,
    },
    /// An issue's folder is gone.
    Removed(IssueNumber),
}

/// Serves the project until the process ends. Only the first build, the
/// address and the watching can fail; failed builds are shown, not
/// returned.
pub fn serve(
    project: &Project,
    fonts: &Fonts,
    options: &ServeOptions,
    tell: &mut dyn FnMut(Event<'_>),
) -> Result<()> {
    let listener = TcpListener::bind(options.addr).map_err(|e| {
        Error::Usage(if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "端口 {} 已被占用：请用 --port 指定其他端口 (address in use)",
                options.addr.port()
            )
        } else {
            format!("无法在 {} 上提供服务 ({e})", options.addr)
        })
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Internal(format!("无法取得服务地址 ({e})")))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| Error::Internal(format!("无法启动服务 ({e})")))?;

    let shared = Arc::new(Shared::default());
    let serving = Arc::clone(&shared);
    std::thread::spawn(move || {
        let pages = Chrome::new();
        for request in server.incoming_requests() {
            handle(request, &serving, &pages);
        }
    });

    let mut builder = Builder {
        project,
        fonts,
        shared: &shared,
        explain: options.explain,
        tell,
    };
    let mut snapshot = Snapshot::take(project);
    for number in snapshot.issues() {
        builder.build(number);
    }
    (builder.tell)(Event::Listening(addr));

    let mut watcher = if options.poll {
        None
    } else {
        Some(Watcher::new(None).map_err(|e| Error::Internal(format!("无法监视文件变化 ({e})")))?)
    };
    loop {
        match &mut watcher {
            Some(watcher) => {
                watcher
                    .update(snapshot.folders(project))
                    .and_then(|()| watcher.wait())
                    .map_err(|e| {
                        Error::Internal(format!("无法监视文件变化 ({e})；提示：可改用 --poll"))
                    })?;
            }
            None => std::thread::sleep(POLL_INTERVAL),
        }
        let next = Snapshot::take(project);
        let changes = next.changes_since(&snapshot);
        if changes.is_empty() {
            continue;
        }
        let mut numbers = changes.issues;
        if changes.series {
            numbers.extend(next.issues());
        }
        snapshot = next;
        for number in numbers {
            if snapshot.issues().contains(&number) {
                builder.build(number);
            } else {
                builder.remove(number);
            }
        }
        typesetter::forget_old_layouts();
    }
}

/// Builds issues into the shared site.
struct Builder<'a> {
    project: &'a Project,
    fonts: &'a Fonts,
    shared: &'a Shared,
    explain: fn(&Report) -> String,
    tell: &'a mut dyn FnMut(Event<'_>),
}

impl Builder<'_> {
    fn build(&mut self, number: IssueNumber) {
        let start = Instant::now();
        let options = BuildOptions {
            formats: vec![Format::Html, Format::Svg, Format::Pdf],
            out_dir: ".".into(),
            dpi: 150.0,
            created: None,
        };
        let result = compile_issue(self.project, self.fonts, number, &options);
        let took = start.elapsed();
        let error = match &result {
            Ok(_) => None,
            // As the command line prints it.
            Err(e @ Error::Content(report)) => {
                Some(format!("{}错误 (error): {e}", (self.explain)(report)))
            }
            Err(e) => Some(format!("错误 (error): {e}")),
        };
        {
            let mut site = self.shared.lock();
            let version = site.next_version();
            let entry = site.issues.entry(number.0).or_insert_with(|| IssueState {
                version,
                label: format!("第{number}期"),
                date: String::new(),
                headlines: Vec::new(),
                files: BTreeMap::new(),
                pages: Vec::new(),
                error: None,
            });
            entry.version = version;
            entry.error = error;
            if let Ok(compiled) = &result {
                entry.date = compiled.document.issue.date.clone();
                entry.headlines = compiled.document.headlines.clone();
                entry.files = compiled
                    .files
                    .iter()
                    .map(|(name, bytes)| (name.clone(), Arc::new(bytes.clone())))
                    .collect();
                entry.pages = (1..=compiled.pages)
                    .map(|p| format!("{number}-{p}.svg"))
                    .collect();
                site.title = compiled.document.series.title.clone();
            }
            site.index_version = version;
        }
        self.shared.changed.notify_all();
        match &result {
            Ok(compiled) => (self.tell)(Event::Built {
                number,
                pages: compiled.pages,
                warnings: &compiled.warnings,
                took,
            }),
            Err(error) => (self.tell)(Event::Failed { number, error }),
        }
    }

    fn remove(&mut self, number: IssueNumber) {
        {
            let mut site = self.shared.lock();
            site.issues.remove(&number.0);
            site.index_version = site.next_version();
        }
        self.shared.changed.notify_all();
        (self.tell)(Event::Removed(number));
    }
}

/// What is served, shared between the builder and the server threads.
#[derive(Default)]
struct Shared {
    site: Mutex<Site>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Site> {
        self.site.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Default)]
struct Site {
    /// The series title, once an issue was built.
    title: String,
    issues: BTreeMap<u32, IssueState>,
    /// Changes whenever any issue does.
    index_version: u64,
    last_version: u64,
}

impl Site {
    /// A version no page has seen, also across restarts of the server (an
    /// open page reconnects to the new server and must reload).
    fn next_version(&mut self) -> u64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        self.last_version = now.max(self.last_version + 1);
        self.last_version
    }

    fn version(&self, page: Page) -> Option<u64> {
        match page {
            Page::Index => Some(self.index_version),
            Page::Issue(n) => self.issues.get(&n).map(|i| i.version),
        }
    }
}

/// One issue as served.
struct IssueState {
    version: u64,
    label: String,
    date: String,
    headlines: Vec<String>,
    /// The last good outputs by file name: `12.html`, `12-1.svg`, `12.pdf`.
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// File names of the page images.
    pages: Vec<String>,
    /// Diagnostics of the last build, when it failed.
    error: Option<String>,
}

/// A page that reloads: the index or the views of one issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Index,
    Issue(u32),
}

/// The server's own pages around the issues.
struct Chrome {
    templates: Templates,
    head: String,
}

impl Chrome {
    fn new() -> Self {
        let templates = Templates::builtin();
        let head = templates.render("serve-head.html", ()).unwrap_or_default();
        Self { templates, head }
    }

    /// Adds the links, the overlay and the reload listener to a page.
    fn live(
        &self,
        mut page: String,
        key: Page,
        site: &Site,
        links: &[(&str, String)],
    ) -> Result<String, String> {
        #[derive(Serialize)]
        struct Link<'a> {
            text: &'a str,
            href: &'a str,
        }
        #[derive(Serialize)]
        struct Overlay<'a> {
            title: String,
            text: &'a str,
        }
        #[derive(Serialize)]
        struct Live<'a> {
            page: String,
            version: u64,
            links: Vec<Link<'a>>,
            error: Option<Overlay<'a>>,
        }
        let error = match key {
            Page::Issue(n) => site.issues.get(&n).and_then(|issue| {
                issue.error.as_deref().map(|text| Overlay {
                    title: format!("第{n}期有错误，未能生成"),
                    text,
                })
            }),
            Page::Index => None,
        };
        let live = Live {
            page: match key {
                Page::Index => "index".into(),
                Page::Issue(n) => n.to_string(),
            },
            version: site.version(key).unwrap_or(0),
            links: links
                .iter()
                .map(|(text, href)| Link { text, href })
                .collect(),
            error,
        };
        let body = self
            .templates
            .render("serve-body.html", &live)
            .map_err(messages)?;
        html::inject(&mut page, "</head>", &self.head);
        html::inject(&mut page, "</body>", &body);
        Ok(page)
    }

    fn index(&self, site: &Site) -> Result<String, String> {
        #[derive(Serialize)]
        struct Entry<'a> {
            number: u32,
            label: &'a str,
            date: &'a str,
            headlines: &'a [String],
            failed: bool,
            html: String,
            pages_html: String,
            pdf: String,
            pages: &'a [String],
        }
        #[derive(Serialize)]
        struct Index<'a> {
            title: &'a str,
            issues: Vec<Entry<'a>>,
        }
        let index = Index {
            title: if site.title.is_empty() {
                "简报预览"
            } else {
                &site.title
            },
            issues: site
                .issues
                .iter()
                .map(|(n, issue)| Entry {
                    number: *n,
                    label: &issue.label,
                    date: &issue.date,
                    headlines: &issue.headlines,
                    failed: issue.error.is_some(),
                    html: format!("/{n}.html"),
                    pages_html: format!("/{n}-pages.html"),
                    pdf: format!("/{n}.pdf"),
                    pages: &issue.pages,
                })
                .collect(),
        };
        self.templates
            .render("serve-index.html", &index)
            .map_err(messages)
    }

    fn pages(&self, site: &Site, issue: &IssueState) -> Result<String, String> {
        #[derive(Serialize)]
        struct Pages<'a> {
            title: &'a str,
            label: &'a str,
            pages: &'a [String],
        }
        self.templates
            .render(
                "serve-pages.html",
                Pages {
                    title: &site.title,
                    label: &issue.label,
                    pages: &issue.pages,
                },
            )
            .map_err(messages)
    }
}

/// The messages of diagnostics from the server's own (built-in) templates.
fn messages(diagnostics: Vec<crate::diagnostic::Diagnostic>) -> String {
    diagnostics.into_iter().map(|d| d.message + "\n").collect()
}

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Index,
    Events {
        page: Page,
        seen: u64,
    },
    Issue(u32),
    Pages(u32),
    /// `/12` or `/12/`: the issue's page.
    Redirect(u32),
    /// An output file of an issue, by name.
    File(u32, String),
    /// `..` or other attempts to leave the served files.
    Refused,
    NotFound,
}

fn route(url: &str) -> Route {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let Some(path) = percent_decode(path) else {
        return Route::Refused;
    };
    if !path.starts_with('/')
        || path.contains(['\\', '\0'])
        || path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return Route::Refused;
    }
    let name = &path[1..];
    if name.is_empty() || name == "index.html" {
        return Route::Index;
    }
    if name == "_events" {
        let param = |key: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
        };
        let page = match param("page") {
            Some("index") => Some(Page::Index),
            Some(n) => n.parse().ok().map(Page::Issue),
            None => None,
        };
        let seen = param("v").and_then(|v| v.parse().ok()).unwrap_or(0);
        return match page {
            Some(page) => Route::Events { page, seen },
            None => Route::NotFound,
        };
    }
    let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Ok(number) = name[..digits].parse::<u32>() else {
        return Route::NotFound;
    };
    match &name[digits..] {
        ".html" => Route::Issue(number),
        "-pages.html" => Route::Pages(number),
        "" | "/" => Route::Redirect(number),
        rest if !rest.contains('/') => Route::File(number, name.to_owned()),
        _ => Route::NotFound,
    }
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = path
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are constants or ASCII file names.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(request: Request, status: u16, name: &str, body: Vec<u8>) {
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(name)))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

fn respond_text(request: Request, status: u16, text: &str) {
    let response = Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"));
    let _ = request.respond(response);
}

fn handle(request: Request, shared: &Arc<Shared>, chrome: &Chrome) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return respond_text(request, 405, "只支持 GET (method not allowed)");
    }
    let route = route(request.url());
    if let Route::Events { page, seen } = route {
        let shared = Arc::clone(shared);
        std::thread::spawn(move || events(request, &shared, page, seen));
        return;
    }
    let site = shared.lock();
    let (status, name, body): (u16, String, Vec<u8>) = match route {
        Route::Events { .. } => unreachable!("handled above"),
        Route::Refused => {
            drop(site);
            return respond_text(request, 403, "拒绝访问 (forbidden)");
        }
        Route::NotFound => {
            drop(site);
            return respond_text(request, 404, "没有这个页面 (not found)");
        }
        Route::Redirect(n) => {
            drop(site);
            let response =
                Response::empty(302).with_header(header("Location", &format!("/{n}.html")));
            let _ = request.respond(response);
            return;
        }
        Route::Index => match chrome
            .index(&site)
            .and_then(|page| chrome.live(page, Page::Index, &site, &[]))
        {
            Ok(page) => (200, "index.html".into(), page.into_bytes()),
            Err(e) => (500, "error.txt".into(), e.into_bytes()),
        },
        Route::Issue(n) | Route::Pages(n) => {
            let Some(issue) = site.issues.get(&n) else {
                drop(site);
                return respond_text(request, 404, &format!("没有第{n}期 (no such issue)"));
            };
            let pages = matches!(route, Route::Pages(_));
            let page = match issue.files.get(&format!("{n}.html")) {
                Some(html) if !pages => Ok(String::from_utf8_lossy(html).into_owned()),
                _ => chrome.pages(&site, issue),
            };
            let links: Vec<(&str, String)> = if pages {
                vec![
                    ("全部各期", "/".into()),
                    ("网页", format!("/{n}.html")),
                    ("PDF", format!("/{n}.pdf")),
                ]
            } else {
                vec![
                    ("全部各期", "/".into()),
                    ("版面", format!("/{n}-pages.html")),
                    ("PDF", format!("/{n}.pdf")),
                ]
            };
            match page.and_then(|page| chrome.live(page, Page::Issue(n), &site, &links)) {
                Ok(page) => (200, format!("{n}.html"), page.into_bytes()),
                Err(e) => (500, "error.txt".into(), e.into_bytes()),
            }
        }
        Route::File(n, name) => match site.issues.get(&n).and_then(|i| i.files.get(&name)) {
            Some(bytes) => (200, name, bytes.as_ref().clone()),
            None => {
                drop(site);
                return respond_text(request, 404, "没有这个文件 (not found)");
            }
        },
    };
    drop(site);
    respond(request, status, &name, body);
}

/// A server-sent-events stream that tells a page to reload once its
/// version is no longer the one it was served with.
fn events(request: Request, shared: &Shared, page: Page, seen: u64) {
    let mut writer = request.into_writer();
    // Written by hand: tiny_http would use chunked encoding without a
    // length, which browsers do not accept for event streams.
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let changed = {
            let site = shared.lock();
            let (site, _) = shared
                .changed
                .wait_timeout_while(site, HEARTBEAT, |site| site.version(page) == Some(seen))
                .unwrap_or_else(PoisonError::into_inner);
            site.version(page) != Some(seen)
        };
        let message: &[u8] = if changed {
            b"event: reload\ndata:\n\n"
        } else {
            b": still here\n\n"
        };
        if writer
            .write_all(message)
            .and_then(|()| writer.flush())
            .is_err()
            || changed
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_refuse_leaving_the_output() {
        assert_eq!(route("/../../etc/passwd"), Route::Refused);
        assert_eq!(route("/%2e%2e/%2e%2e/etc/passwd"), Route::Refused);
        assert_eq!(route("/12/../../x"), Route::Refused);
        assert_eq!(route("/..%5c..%5cx"), Route::Refused);
        assert_eq!(route("/etc/passwd"), Route::NotFound);
        assert_eq!(route("/12-1.svg/x"), Route::NotFound);
    }

    #[test]
    fn routes_name_the_views_and_files() {
        assert_eq!(route("/"), Route::Index);
        assert_eq!(route("/12.html"), Route::Issue(12));
        assert_eq!(route("/12-pages.html"), Route::Pages(12));
        assert_eq!(route("/12/"), Route::Redirect(12));
        assert_eq!(route("/12.pdf"), Route::File(12, "12.pdf".into()));
        assert_eq!(
            route("/_events?page=12&v=7"),
            Route::Events {
                page: Page::Issue(12),
                seen: 7
            }
        );
    }
}

#[cfg(test)]
mod chrome_tests {
    use super::*;

    #[test]
    fn live_pages_get_the_listener_and_the_overlay() {
        let chrome = Chrome::new();
        let mut site = Site::default();
        let version = site.next_version();
        site.issues.insert(
            12,
            IssueState {
                version,
                label: "第12期".into(),
                date: String::new(),
                headlines: Vec::new(),
                files: BTreeMap::new(),
                pages: Vec::new(),
                error: Some("<script>bad</script>".into()),
            },
        );
        let page = chrome
            .live(
                "<html><head></head><body></body></html>".into(),
                Page::Issue(12),
                &site,
                &[("PDF", "/12.pdf".into())],
            )
            .expect("renders");
        assert!(
            page.contains(&format!("page=12&amp;v={version}"))
                || page.contains(&format!("page=12&v={version}")),
            "{page}"
        );
        assert!(page.contains("&lt;script&gt;bad"), "{page}");
        assert!(page.ends_with("</body></html>"), "{page}");
    }
}
