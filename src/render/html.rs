//! Rendering HTML: the composed document (the same data the Typst template
//! reads) through minijinja templates with autoescaping on, so text from an
//! item is always text. The built-in templates are embedded in the binary; a
//! project may override the issue page and its style sheet
//! ([`OVERRIDABLE`]) with files of the same name in its `templates/`
//! folder, which `load` reads. The pages of `serve` and the archive are the
//! tool's own.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::Problem;
use crate::compose::Document;
use crate::diagnostic::FileId;

/// The page of one issue.
pub const ISSUE: &str = "bulletin.html";

/// The templates a project may override: the look of the bulletin. The
/// pages of `bulletin serve` are the tool's own.
pub const OVERRIDABLE: [&str; 2] = [ISSUE, "bulletin.css"];

/// The built-in templates by name: the issue page and its style sheet, and
/// the pages of `bulletin serve` and of the archive.
pub const BUILTIN: [(&str, &str); 9] = [
    (ISSUE, include_str!("../../templates/bulletin.html")),
    ("bulletin.css", include_str!("../../templates/bulletin.css")),
    (
        "serve-index.html",
        include_str!("../../templates/serve-index.html"),
    ),
    (
        "serve-pages.html",
        include_str!("../../templates/serve-pages.html"),
    ),
    (
        "serve-head.html",
        include_str!("../../templates/serve-head.html"),
    ),
    (
        "serve-body.html",
        include_str!("../../templates/serve-body.html"),
    ),
    (
        "archive-index.html",
        include_str!("../../templates/archive-index.html"),
    ),
    (
        "archive-downloads.html",
        include_str!("../../templates/archive-downloads.html"),
    ),
    (
        "archive-feed.xml",
        include_str!("../../templates/archive-feed.xml"),
    ),
];

/// A project's own version of a built-in template.
#[derive(Debug, Clone)]
pub struct Override {
    /// The built-in template it replaces, e.g. `bulletin.html`.
    pub name: String,
    /// Its text.
    pub text: String,
    /// The file it was read from.
    pub file: FileId,
}

/// The templates of one build: the built-in ones with the project's
/// overrides applied.
pub struct Templates {
    env: Environment<'static>,
    overrides: Vec<Override>,
}

impl Templates {
    /// Parses the templates. A syntax error in an override is a diagnostic
    /// at its line.
    pub fn new(overrides: Vec<Override>) -> Result<Self, Vec<Problem>> {
        let overrides: Vec<Override> = overrides
            .into_iter()
            .filter(|o| OVERRIDABLE.contains(&o.name.as_str()))
            .collect();
        let mut env = Environment::new();
        // An attribute the data does not have (`item.titel`) is an error,
        // but `{% if x.missing %}` still works.
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        let mut templates = Self {
            env: Environment::new(),
            overrides,
        };
        let mut errors = Vec::new();
        for (name, builtin) in BUILTIN {
            let text = match templates.overrides.iter().find(|o| o.name == name) {
                Some(o) => o.text.clone(),
                None => builtin.to_owned(),
            };
            if let Err(e) = env.add_template_owned(name, text) {
                errors.push(templates.problem(&e));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        templates.env = env;
        Ok(templates)
    }

    /// The built-in templates alone.
    pub fn builtin() -> Self {
        Self::new(Vec::new()).expect("the built-in templates parse")
    }

    /// The self-contained page of one issue: photos are embedded as
    /// `data:` addresses, so the page needs no other file.
    pub fn issue(&self, document: &Document) -> Result<String, Vec<Problem>> {
        #[derive(Serialize)]
        struct Page<'a> {
            #[serde(flatten)]
            document: &'a Document,
            /// Each photo's virtual path and its `data:` address.
            image_urls: std::collections::BTreeMap<&'a str, String>,
        }
        let image_urls = document
            .images
            .iter()
            .map(|i| {
                (
                    i.path.as_str(),
                    format!("data:{};base64,{}", i.mime, base64(&i.bytes)),
                )
            })
            .collect();
        self.render(
            ISSUE,
            Page {
                document,
                image_urls,
            },
        )
    }

    /// Renders the template `name` with `data`.
    pub fn render(&self, name: &str, data: impl Serialize) -> Result<String, Vec<Problem>> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| vec![self.problem(&e)])?;
        template
            .render(minijinja::value::Serde(data))
            .map_err(|e| vec![self.problem(&e)])
    }

    fn problem(&self, error: &minijinja::Error) -> Problem {
        let name = error.name().unwrap_or_default();
        let message = match error.detail() {
            Some(detail) => format!("{}：{detail}", error.kind()),
            None => error.kind().to_string(),
        };
        let file = self.overrides.iter().find(|o| o.name == name);
        Problem::Template {
            name: name.to_owned(),
            file: file.map(|o| o.file),
            range: error
                .range()
                .filter(|r| file.is_some_and(|o| r.end <= o.text.len())),
            line: error.line(),
            message,
        }
    }
}

/// Inserts a snippet right after the `<body …>` tag, or at the start of a
/// page without one.
pub fn inject_after_body_open(page: &mut String, snippet: &str) {
    let at = page
        .find("<body")
        .and_then(|start| page[start..].find('>').map(|end| start + end + 1))
        .unwrap_or(0);
    page.insert_str(at, snippet);
}

/// Inserts `snippet` before the closing tag `tag` (`</head>`, `</body>`), or
/// at the end when the page has none.
pub fn inject(html: &mut String, tag: &str, snippet: &str) {
    let at = html.rfind(tag).unwrap_or(html.len());
    html.insert_str(at, snippet);
}

/// Standard base64 with padding (RFC 4648), for `data:` addresses.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_to_whole_quads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn a_syntax_error_in_an_override_points_at_its_line() {
        let file = crate::diagnostic::Sources::default().add("t".into(), String::new());
        let errors = Templates::new(vec![Override {
            name: ISSUE.into(),
            text: "<p>\n{% if %}\n".into(),
            file,
        }])
        .err()
        .expect("syntax error");
        let Problem::Template {
            file: Some(found),
            range,
            line,
            ..
        } = &errors[0]
        else {
            panic!("not located in the override: {errors:?}");
        };
        assert_eq!(*found, file);
        assert!(
            range.as_ref().is_some_and(|r| r.start >= 4) || *line == Some(2),
            "{errors:?}"
        );
    }
}
