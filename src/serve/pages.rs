//! The pages `bulletin serve` makes itself: the index of the issues, the
//! page-image view of one issue, and the live parts added to every page
//! (the bar of links at the top, the error banner, the reload listener).

use serde::Serialize;

use super::{IssueState, Page, Site, url_name};
use crate::pipeline::{FileKind, Format};
use crate::render::html::{self, Templates};

/// The server's own pages around the issues.
pub(super) struct Chrome {
    templates: Templates,
}

impl Chrome {
    pub(super) fn new() -> Self {
        Self {
            templates: Templates::builtin(),
        }
    }

    /// Adds the links, the error banner and the reload listener to a page.
    /// The links and the banner open the body, in the page flow, so they
    /// never cover the text and stay usable while an error shows.
    pub(super) fn live(
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
            Page::Issue(n) | Page::Images(n) => site.issues.get(&n).and_then(|issue| {
                issue.error.as_deref().map(|text| Overlay {
                    title: format!("{}有错误，未能生成", n.label()),
                    text,
                })
            }),
            Page::Index => None,
        };
        let live = Live {
            page: match key {
                Page::Index => "index".into(),
                Page::Issue(n) => n.url_name(),
                Page::Images(n) => format!("{}-pages", n.url_name()),
            },
            version: site.version(key).unwrap_or(0),
            links: links
                .iter()
                .map(|(text, href)| Link { text, href })
                .collect(),
            error,
        };
        let head = self
            .templates
            .render("serve-head.html", &live)
            .map_err(messages)?;
        let body = self
            .templates
            .render("serve-body.html", &live)
            .map_err(messages)?;
        html::inject(&mut page, "</head>", &head);
        html::inject_after_body_open(&mut page, &body);
        Ok(page)
    }

    pub(super) fn index(&self, site: &Site) -> Result<String, String> {
        #[derive(Serialize)]
        struct Entry<'a> {
            number: String,
            label: &'a str,
            date: &'a str,
            headlines: &'a [String],
            failed: bool,
            html: String,
            pages_html: String,
            downloads: Vec<Download>,
            pages: &'a [String],
        }
        /// A file to download: the PDF, the Word file.
        #[derive(Serialize)]
        struct Download {
            label: &'static str,
            href: String,
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
                    number: n.url_name(),
                    label: &issue.label,
                    date: &issue.date,
                    headlines: &issue.headlines,
                    failed: issue.error.is_some(),
                    html: format!("/{}", url_name(*n, Format::Html, FileKind::Whole, 0)),
                    pages_html: format!("/{}-pages.html", n.url_name()),
                    downloads: Format::downloads()
                        .map(|(f, label)| Download {
                            label,
                            href: format!("/{}", url_name(*n, f, FileKind::Whole, 0)),
                        })
                        .collect(),
                    pages: &issue.pages,
                })
                .collect(),
        };
        self.templates
            .render("serve-index.html", &index)
            .map_err(messages)
    }

    pub(super) fn pages(&self, site: &Site, issue: &IssueState) -> Result<String, String> {
        #[derive(Serialize)]
        struct Pages<'a> {
            title: &'a str,
            label: &'a str,
            pages: &'a [String],
            typesetting: bool,
        }
        self.templates
            .render(
                "serve-pages.html",
                Pages {
                    title: &site.title,
                    label: &issue.label,
                    pages: &issue.pages,
                    typesetting: issue.typesetting,
                },
            )
            .map_err(messages)
    }
}

/// What went wrong in the server's own (built-in) templates.
fn messages(problems: Vec<crate::render::Problem>) -> String {
    problems.iter().map(|p| format!("{p:?}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn issue(pages: &[&str], typesetting: bool) -> IssueState {
        IssueState {
            version: 1,
            images_version: 1,
            label: "第12期".into(),
            date: String::new(),
            headlines: Vec::new(),
            files: BTreeMap::new(),
            pages: pages.iter().map(|p| (*p).to_owned()).collect(),
            typesetting,
            error: None,
        }
    }

    #[test]
    fn the_page_view_says_typesetting_until_the_images_come() {
        let chrome = Chrome::new();
        let site = Site::default();
        let view = |issue| chrome.pages(&site, &issue).expect("renders");
        let waiting = view(issue(&[], true));
        assert!(waiting.contains("正在排版…"), "{waiting}");
        assert!(!waiting.contains("尚未成功排版"), "{waiting}");
        let failed = view(issue(&[], false));
        assert!(failed.contains("本期尚未成功排版"), "{failed}");
        let ready = view(issue(&["12-1.svg"], false));
        assert!(ready.contains("<img src=\"12-1.svg\""), "{ready}");
        assert!(
            !ready.contains("正在排版") && !ready.contains("尚未"),
            "{ready}"
        );
    }

    #[test]
    fn live_pages_get_the_listener_and_the_overlay() {
        let chrome = Chrome::new();
        let mut site = Site::default();
        let version = site.next_version();
        site.issues.insert(
            crate::model::IssueNumber::plain(12),
            IssueState {
                version,
                images_version: version,
                error: Some("<script>bad</script>".into()),
                ..issue(&[], false)
            },
        );
        let page = chrome
            .live(
                "<html><head></head><body class=\"x\"><p>text</p></body></html>".into(),
                Page::Issue(crate::model::IssueNumber::plain(12)),
                &site,
                &[("PDF", "/12.pdf".into())],
            )
            .expect("renders");
        assert!(page.contains("/_events?page=12&v="), "{page}");
        assert!(
            page.contains(&format!(
                "<meta name=\"bulletin-serve-version\" content=\"{version}\">"
            )),
            "{page}"
        );
        assert!(
            page.contains(&format!("let version = \"{version}\";")),
            "{page}"
        );
        assert!(page.contains("&lt;script&gt;bad"), "{page}");
        // The bar opens the body, before the page's own text.
        let bar = page.find("<nav class=\"bulletin-serve\"").expect("bar");
        assert!(page.find("<body class=\"x\">").unwrap() < bar, "{page}");
        assert!(bar < page.find("<p>text").unwrap(), "{page}");
        assert!(page.ends_with("</body></html>"), "{page}");
    }
}
