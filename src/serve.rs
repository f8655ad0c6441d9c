//! `bulletin serve`: the series as HTML on a local address while the writer
//! edits it. Every issue is built into memory (its HTML page, its page
//! images as SVG, its PDF) — nothing is written to disk — and rebuilt when
//! its files change; `bulletin.yaml` or a template rebuilds all. A rebuild
//! exports again only the pages whose content changed (and the PDF when
//! any did), from each issue's `ExportCache`. Open pages
//! listen on a server-sent-events stream and reload when their issue was
//! rebuilt; a failed build shows its diagnostics in a banner above the last
//! good page until the sources are fixed.
//!
//! The HTTP server is our own, on `std::net` (`http.rs`): a thread per
//! connection, an event-stream broadcaster (`events.rs`), the routes and
//! the Host check (`routes.rs`) and the server's own pages (`pages.rs`).
//! Changes are seen with notify (inotify and friends, `watch.rs`), or by
//! polling with `--poll`.

mod events;
mod http;
mod pages;
mod routes;
mod watch;

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostic::{self, Diagnostic, Sources};
use crate::error::{Error, Result};
use crate::load::Project;
use crate::model::IssueNumber;
use crate::pipeline::{self, CompileOptions, ExportCache, FileKind, Format, OutputFile, Selection};
use crate::render::typst::Fonts;

/// How often `--poll` looks at the sources.
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Poll the sources instead of waiting for change events.
    pub poll: bool,
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
        /// The files its warnings point into.
        sources: &'a Sources,
        /// Its warnings.
        warnings: &'a [Diagnostic],
        /// How long until its HTML page was shown.
        shown: Duration,
        /// How long until its page images were.
        images: Duration,
        /// How long the whole build took, page images and PDF included.
        took: Duration,
    },
    /// An issue failed to build; its page shows the error banner.
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
    tell: &mut (dyn FnMut(Event<'_>) + Send),
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
    let hosts = routes::Hosts::new(addr.ip(), addr.port());
    let shared = Arc::new(Shared::default());
    let serving = Arc::clone(&shared);
    std::thread::spawn(move || http::run(listener, serving, hosts));

    // Issues are built on all cores but one, so the browser showing the
    // new HTML page is not starved meanwhile.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let builder = Builder {
        project,
        fonts,
        shared: &shared,
        jobs: cores.saturating_sub(1).max(1),
        caches: Mutex::new(BTreeMap::new()),
        tell: Mutex::new(tell),
    };
    let watch_error = |e| Error::Internal(format!("无法监视文件变化 ({e})；提示：可改用 --poll"));
    let mut snapshot = pipeline::inputs(project);
    // Watch before the first build, so a save during it is not missed.
    let mut watcher = if options.poll {
        None
    } else {
        let mut watcher = watch::Watcher::new().map_err(watch_error)?;
        watcher
            .update(snapshot.folders(project))
            .map_err(watch_error)?;
        Some(watcher)
    };
    builder.build(snapshot.issues());
    builder.tell(Event::Listening(addr));

    loop {
        match &mut watcher {
            Some(watcher) => watcher.wait().map_err(watch_error)?,
            None => std::thread::sleep(POLL_INTERVAL),
        }
        let next = pipeline::inputs(project);
        if let Some(watcher) = &mut watcher {
            // New issue folders are watched before their first build.
            watcher.update(next.folders(project)).map_err(watch_error)?;
        }
        let changes = next.changes_since(&snapshot);
        if changes.is_empty() {
            continue;
        }
        let mut numbers = changes.issues;
        if changes.series {
            numbers.extend(next.issues());
        }
        snapshot = next;
        let present = snapshot.issues();
        let (built, removed): (Vec<IssueNumber>, Vec<IssueNumber>) =
            numbers.into_iter().partition(|n| present.contains(n));
        builder.build(built);
        for number in removed {
            builder.remove(number);
        }
    }
}

/// Builds issues into the shared site.
struct Builder<'a> {
    project: &'a Project,
    fonts: &'a Fonts,
    shared: &'a Shared,
    /// Issues built at once.
    jobs: usize,
    /// What the last export of each issue made, so a rebuild exports only
    /// the pages that changed.
    caches: Mutex<BTreeMap<IssueNumber, ExportCache>>,
    tell: Mutex<&'a mut (dyn FnMut(Event<'_>) + Send)>,
}

impl Builder<'_> {
    fn tell(&self, event: Event<'_>) {
        let mut tell = self.tell.lock().unwrap_or_else(PoisonError::into_inner);
        (*tell)(event);
    }

    /// Checks the issues together, then compiles each into the site.
    fn build(&self, numbers: Vec<IssueNumber>) {
        if numbers.is_empty() {
            return;
        }
        let fonts = self.fonts;
        let selection = Selection::Issues(numbers.clone());
        let failed = |error: &Error| {
            for &number in &numbers {
                self.store(number, Update::Failed(overlay(error)));
                self.tell(Event::Failed { number, error });
            }
        };
        let checked = match pipeline::check(self.project, &selection, &|| fonts) {
            Ok(checked) => checked,
            Err(error) => return failed(&error),
        };
        let options = |formats| CompileOptions {
            formats,
            dpi: 150.0,
            created: None,
            pdf_standard: Default::default(),
            copy_number: None,
        };
        let (html, images, pdf) = (
            options(vec![Format::Html]),
            options(vec![Format::Svg]),
            // The files to download, as the table marks them.
            options(Format::downloads().map(|(f, _)| f).collect()),
        );
        let build_issue = |issue: &pipeline::CheckedIssue| {
            let start = Instant::now();
            let mut cache = self
                .caches
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&issue.number)
                .unwrap_or_default();
            // The HTML page is published as soon as the issue is laid out,
            // then the page images (those of the pages that changed made
            // anew), then the PDF: the page a writer watches waits for
            // neither, the page-image view not for the PDF.
            let built = checked
                .typeset(self.project, issue, fonts, &html)
                .and_then(|typeset| {
                    let page = typeset.export(&html)?;
                    self.store(issue.number, Update::Page(page, issue));
                    let shown = start.elapsed();
                    let compiled = typeset.export_with(&images, &mut cache)?;
                    let pages = compiled.pages;
                    self.store(issue.number, Update::Images(compiled));
                    let imaged = start.elapsed();
                    let compiled = typeset.export_with(&pdf, &mut cache)?;
                    self.store(issue.number, Update::Files(compiled));
                    Ok((pages, shown, imaged))
                });
            self.caches
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(issue.number, cache);
            match built {
                Ok((pages, shown, images)) => {
                    self.tell(Event::Built {
                        number: issue.number,
                        pages,
                        sources: &checked.report.sources,
                        warnings: &issue.diagnostics,
                        shown,
                        images,
                        took: start.elapsed(),
                    });
                }
                Err(error) => {
                    self.store(issue.number, Update::Failed(overlay(&error)));
                    self.tell(Event::Failed {
                        number: issue.number,
                        error: &error,
                    });
                }
            }
        };
        if let Err(error) = pipeline::build_many(&checked.issues, Some(self.jobs), build_issue) {
            failed(&error);
        }
    }

    /// Records a build step in the site. A failure keeps the last good
    /// outputs and adds the overlay; each step gives its views a new
    /// version, so the pages showing them reload.
    fn store(&self, number: IssueNumber, update: Update<'_>) {
        {
            let mut site = self.shared.lock();
            let version = site.next_version();
            let entry = site.issues.entry(number).or_insert_with(|| IssueState {
                version,
                images_version: version,
                label: number.label(),
                date: String::new(),
                headlines: Vec::new(),
                files: BTreeMap::new(),
                pages: Vec::new(),
                typesetting: false,
                error: None,
            });
            let mut title = None;
            let files = match update {
                Update::Page(compiled, issue) => {
                    entry.version = version;
                    entry.error = None;
                    if let Some(document) = &issue.document {
                        entry.date = document.issue.date.clone();
                        entry.headlines = document.headlines.clone();
                        title = Some(document.series.title.clone());
                    }
                    entry.typesetting = true;
                    compiled.files
                }
                Update::Images(compiled) => {
                    entry.images_version = version;
                    entry.typesetting = false;
                    entry.pages = compiled
                        .files
                        .iter()
                        .filter(|f| f.format == Format::Svg)
                        .map(|f| url_name(number, f.format, f.kind, compiled.pages))
                        .collect();
                    compiled.files
                }
                Update::Files(compiled) => compiled.files,
                Update::Failed(error) => {
                    entry.version = version;
                    entry.images_version = version;
                    entry.typesetting = false;
                    entry.error = Some(error);
                    Vec::new()
                }
            };
            // The files of the formats updated replace all of theirs: the
            // pages of an earlier, longer layout go.
            entry
                .files
                .retain(|_, old| !files.iter().any(|f| f.format == old.format));
            for file in files {
                entry.files.insert(file.name.clone(), file);
            }
            if let Some(title) = title {
                site.title = title;
            }
            site.index_version = version;
        }
        self.shared.changed.notify_all();
    }

    fn remove(&self, number: IssueNumber) {
        {
            let mut site = self.shared.lock();
            site.issues.remove(&number);
            site.index_version = site.next_version();
        }
        self.caches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&number);
        self.shared.changed.notify_all();
        self.tell(Event::Removed(number));
    }
}

/// A file of an issue as a URL path segment: its name, as the table of
/// formats makes it, with the issue's name percent-encoded.
fn url_name(number: IssueNumber, format: Format, kind: FileKind, pages: usize) -> String {
    format
        .spec()
        .file_name(&number.url_name(), kind, pages, None)
}

/// One step of an issue's build, as the site records it.
enum Update<'a> {
    /// The HTML page, with the issue it shows.
    Page(pipeline::Compiled, &'a pipeline::CheckedIssue),
    /// The page images.
    Images(pipeline::Compiled),
    /// Files no view shows: the PDF.
    Files(pipeline::Compiled),
    /// The build failed: the overlay's text.
    Failed(String),
}

/// The error overlay's text: what the command line prints.
fn overlay(error: &Error) -> String {
    match error {
        Error::Content(report) => format!("{}错误 (error): {error}", diagnostic::text(report)),
        _ => format!("错误 (error): {error}"),
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
    issues: BTreeMap<IssueNumber, IssueState>,
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
            Page::Images(n) => self.issues.get(&n).map(|i| i.images_version),
        }
    }
}

/// One issue as served.
struct IssueState {
    /// The version of the HTML page.
    version: u64,
    /// The version of the page images, which follow the page.
    images_version: u64,
    label: String,
    date: String,
    headlines: Vec<String>,
    /// The last good outputs by file name: `12.html`, `12-1.svg`, `12.pdf`.
    files: BTreeMap<String, OutputFile>,
    /// Where the page images are served, in the order of the pages.
    pages: Vec<String>,
    /// Whether the page images of the latest HTML page are being made;
    /// their arrival changes `images_version`, which reloads the view.
    typesetting: bool,
    /// Diagnostics of the last build, when it failed.
    error: Option<String>,
}

/// A page that reloads: the index, the HTML page of an issue or the view
/// of its page images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Index,
    Issue(IssueNumber),
    Images(IssueNumber),
}
