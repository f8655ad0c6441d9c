//! What `bulletin serve` answers for each request target: the routes (only
//! the built outputs and the server's own views; `..` and every encoded
//! form of it are refused), the Host check that keeps DNS-rebinding pages
//! out, and the answer for each route from the shared site.

use std::net::IpAddr;
use std::sync::Arc;

use super::pages::Chrome;
use super::{Page, Site, url_name};
use crate::model::IssueNumber;
use crate::pipeline::{FileKind, Format};

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Route {
    Index,
    Events {
        page: Page,
        seen: u64,
    },
    Issue(IssueNumber),
    Pages(IssueNumber),
    /// `/12` or `/12/`: the issue's page.
    Redirect(IssueNumber),
    /// An output file of an issue, by name (`12.pdf`, `2024-5-1.svg`).
    File(String),
    /// `..` or other attempts to leave the served files.
    Refused,
    NotFound,
}

/// A route that names an issue's view.
type View = fn(IssueNumber) -> Route;

/// Names the route of a request target (path and query).
pub(super) fn route(url: &str) -> Route {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let Some(path) = percent_decode(path) else {
        return Route::Refused;
    };
    // A `%` left after decoding is a doubly encoded target (`%252e%252e`):
    // no output is named so, and a proxy in front might decode it again.
    if !path.starts_with('/')
        || path.contains(['\\', '\0', '%'])
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
            Some(n) => percent_decode(n).and_then(|n| match n.strip_suffix("-pages") {
                Some(n) => n.parse().ok().map(Page::Images),
                None => n.parse().ok().map(Page::Issue),
            }),
            None => None,
        };
        let seen = param("v").and_then(|v| v.parse().ok()).unwrap_or(0);
        return match page {
            Some(page) => Route::Events { page, seen },
            None => Route::NotFound,
        };
    }
    let views: [(&str, View); 4] = [
        ("-pages.html", Route::Pages),
        (".html", Route::Issue),
        ("/", Route::Redirect),
        ("", Route::Redirect),
    ];
    for (suffix, view) in views {
        if let Some(number) = name.strip_suffix(suffix).and_then(|n| n.parse().ok()) {
            return view(number);
        }
    }
    // The issue's other outputs are found by name: `2024-5.pdf` could be
    // page 5 of issue 2024 only in a series that numbers both ways, which
    // `E-ISSUE-FOLDER` refuses.
    if name.contains('/') || name.starts_with('_') {
        return Route::NotFound;
    }
    Route::File(name.to_owned())
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8 (which also
/// refuses overlong forms such as `%c0%ae`).
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

/// The names a request may call the server by (its `Host` header).
///
/// A page on another site can make its own name resolve to 127.0.0.1 (DNS
/// rebinding) and then read the preview as same-origin; its requests still
/// carry its own name in `Host`, so only names that are this machine's are
/// answered. An IP literal cannot be rebound: it is allowed when it is a
/// loopback address or the address the connection came in on.
#[derive(Debug, Clone)]
pub(super) struct Hosts {
    port: u16,
    /// Lower-case host names besides `localhost`: the machine's own name
    /// when the server listens beyond loopback.
    names: Vec<String>,
}

impl Hosts {
    /// The names for a server on `listen` (its bound address and port).
    pub(super) fn new(listen: IpAddr, port: u16) -> Self {
        let mut names = Vec::new();
        if !listen.is_loopback()
            && let Some(name) = machine_name()
        {
            names.push(format!("{name}.local"));
            names.push(name);
        }
        Self { port, names }
    }

    /// Whether a request with this `Host` header, come in on the local
    /// address `local`, may be answered.
    pub(super) fn allows(&self, host: Option<&str>, local: IpAddr) -> bool {
        let Some(host) = host else {
            return false;
        };
        let (name, port) = if let Some(rest) = host.strip_prefix('[') {
            let Some((name, rest)) = rest.split_once(']') else {
                return false;
            };
            (name, rest.strip_prefix(':'))
        } else {
            match host.rsplit_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            }
        };
        let port_ok = match port {
            Some(port) => port.parse::<u16>() == Ok(self.port),
            None => self.port == 80,
        };
        if !port_ok {
            return false;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip.is_loopback() || ip.is_unspecified() || ip == local;
        }
        name == "localhost" || self.names.contains(&name)
    }
}

/// This machine's host name, where the system tells it without a library.
fn machine_name() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())?;
    let name = name.trim().to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// What the server sends back for a route.
pub(super) enum Answer {
    /// A complete response.
    Reply(Reply),
    /// Keep the connection as an event stream for this page.
    Events { page: Page, seen: u64 },
}

/// A complete response: status, content type and body.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) content_type: &'static str,
    pub(super) body: Arc<[u8]>,
    /// Where a redirect points.
    pub(super) location: Option<String>,
}

/// The content type of the server's own pages.
const HTML: &str = "text/html; charset=utf-8";

impl Reply {
    /// A plain-text reply, for errors.
    pub(super) fn text(status: u16, text: &str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Arc::from(text.as_bytes()),
            location: None,
        }
    }

    fn ok(content_type: &'static str, body: Arc<[u8]>) -> Self {
        Self {
            status: 200,
            content_type,
            body,
            location: None,
        }
    }
}

/// Answers a route from the site. Runs under the site's lock, so it only
/// renders and clones `Arc`s; the caller writes after the lock is gone.
pub(super) fn answer(route: Route, site: &Site, chrome: &Chrome) -> Answer {
    let reply = match route {
        Route::Events { page, seen } => return Answer::Events { page, seen },
        Route::Refused => Reply::text(403, "拒绝访问 (forbidden)"),
        Route::NotFound => Reply::text(404, "没有这个页面 (not found)"),
        Route::Redirect(n) => Reply {
            location: Some(format!("/{}.html", n.url_name())),
            ..Reply::text(302, "")
        },
        Route::Index => match chrome
            .index(site)
            .and_then(|page| chrome.live(page, Page::Index, site, &[]))
        {
            Ok(page) => Reply::ok(HTML, Arc::from(page.into_bytes())),
            Err(e) => Reply::text(500, &e),
        },
        Route::Issue(n) | Route::Pages(n) => {
            let Some(issue) = site.issues.get(&n) else {
                let text = format!("没有{} (no such issue)", n.label());
                return Answer::Reply(Reply::text(404, &text));
            };
            let pages = matches!(route, Route::Pages(_));
            let html = issue.files.values().find(|f| f.format == Format::Html);
            let page = match html {
                Some(html) if !pages => Ok(String::from_utf8_lossy(&html.bytes).into_owned()),
                _ => chrome.pages(site, issue),
            };
            let file = |format| format!("/{}", url_name(n, format, FileKind::Whole, 0));
            let view = if pages {
                ("网页", file(Format::Html))
            } else {
                ("版面", format!("/{}-pages.html", n.url_name()))
            };
            let links: Vec<(&str, String)> = [("全部各期", "/".into()), view]
                .into_iter()
                .chain(Format::downloads().map(|(f, label)| (label, file(f))))
                .collect();
            let key = if pages {
                Page::Images(n)
            } else {
                Page::Issue(n)
            };
            match page.and_then(|page| chrome.live(page, key, site, &links)) {
                Ok(page) => Reply::ok(HTML, Arc::from(page.into_bytes())),
                Err(e) => Reply::text(500, &e),
            }
        }
        Route::File(name) => match site.issues.values().find_map(|i| i.files.get(&name)) {
            Some(file) => Reply::ok(file.content_type, Arc::clone(&file.bytes)),
            None => Reply::text(404, "没有这个文件 (not found)"),
        },
    };
    Answer::Reply(reply)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn routes_refuse_leaving_the_output() {
        assert_eq!(route("/../../etc/passwd"), Route::Refused);
        assert_eq!(route("/%2e%2e/%2e%2e/etc/passwd"), Route::Refused);
        assert_eq!(route("/%2E%2E/x"), Route::Refused);
        assert_eq!(route("/12/../../x"), Route::Refused);
        assert_eq!(route("/..%5c..%5cx"), Route::Refused);
        assert_eq!(route("/..%2f..%2fetc%2fpasswd"), Route::Refused);
        assert_eq!(route("/%252e%252e/x"), Route::Refused);
        assert_eq!(route("/%c0%ae%c0%ae/x"), Route::Refused);
        assert_eq!(route("/12%00.pdf"), Route::Refused);
        assert_eq!(route("/etc/passwd"), Route::NotFound);
        assert_eq!(route("/12-1.svg/x"), Route::NotFound);
    }

    #[test]
    fn routes_name_the_views_and_files() {
        assert_eq!(route("/"), Route::Index);
        let n12 = IssueNumber::plain(12);
        assert_eq!(route("/12.html"), Route::Issue(n12));
        assert_eq!(route("/12-pages.html"), Route::Pages(n12));
        assert_eq!(route("/12/"), Route::Redirect(n12));
        assert_eq!(route("/12.pdf"), Route::File("12.pdf".into()));
        assert_eq!(
            route("/_events?page=12&v=7"),
            Route::Events {
                page: Page::Issue(n12),
                seen: 7
            }
        );
        assert_eq!(
            route("/_events?page=12-pages&v=8"),
            Route::Events {
                page: Page::Images(n12),
                seen: 8
            }
        );
        let supplement: IssueNumber = "2024-增刊1".parse().unwrap();
        assert_eq!(supplement.url_name(), "2024-%E5%A2%9E%E5%88%8A1");
        assert_eq!(
            route("/2024-%E5%A2%9E%E5%88%8A1.html"),
            Route::Issue(supplement)
        );
        assert_eq!(
            route("/2024-5-pages.html"),
            Route::Pages("2024-5".parse().unwrap())
        );
        assert_eq!(route("/2024-5-1.svg"), Route::File("2024-5-1.svg".into()));
        assert_eq!(
            route("/_events?page=2024-%E5%A2%9E%E5%88%8A1-pages&v=1"),
            Route::Events {
                page: Page::Images(supplement),
                seen: 1
            }
        );
    }

    #[test]
    fn only_this_machines_names_are_answered() {
        let local = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let hosts = Hosts::new(local, 3000);
        for host in [
            "localhost:3000",
            "127.0.0.1:3000",
            "[::1]:3000",
            "LOCALHOST.:3000",
        ] {
            assert!(hosts.allows(Some(host), local), "{host}");
        }
        for host in [
            "evil.example:3000",
            "localhost:3001",
            "localhost",
            "127.0.0.1.evil.example:3000",
            "[::1]",
            "",
        ] {
            assert!(!hosts.allows(Some(host), local), "{host}");
        }
        assert!(!hosts.allows(None, local));

        // On the LAN: the address the colleague's browser connected to.
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 20));
        let hosts = Hosts::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 3000);
        assert!(hosts.allows(Some("192.168.1.20:3000"), lan));
        assert!(!hosts.allows(Some("192.168.1.21:3000"), lan));
        assert!(!hosts.allows(Some("evil.example:3000"), lan));
        let lan6 = IpAddr::V6(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1));
        assert!(hosts.allows(Some("[fe80::1]:3000"), lan6));
    }
}
