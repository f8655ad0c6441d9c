//! The HTTP side of `bulletin serve`: routes (nothing outside the built
//! outputs; `..` is refused), the index and page-image views, the live
//! snippet (links, error overlay, reload listener) added to every page, and
//! the server-sent-events stream that tells a page to reload.

use std::io::Write;
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use serde::Serialize;
use tiny_http::{Header, Method, Request, Response};

use super::{IssueState, Page, Shared, Site};
use crate::render::html::{self, Templates};

/// How often an idle event stream sends a comment, so a closed tab ends its
/// thread.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The server's own pages around the issues.
pub(super) struct Chrome {
    templates: Templates,
    head: String,
}

impl Chrome {
    pub(super) fn new() -> Self {
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

/// What went wrong in the server's own (built-in) templates.
fn messages(problems: Vec<crate::render::Problem>) -> String {
    problems.iter().map(|p| format!("{p:?}\n")).collect()
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

/// Answers one request.
pub(super) fn handle(request: Request, shared: &Arc<Shared>, chrome: &Chrome) {
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
    use std::collections::BTreeMap;

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
