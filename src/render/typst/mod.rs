//! Typesetting with Typst: the document goes in as JSON data, the built-in
//! (or the project's) template walks it, and the laid-out pages come out as
//! PDF, PNG or SVG. This is the only module that uses Typst.

mod fonts;
mod guard;
mod world;

use serde::Serialize;
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::compose::Document;
use crate::diagnostic::{Diagnostic, FileId, Sources, Span};
use crate::model::Date;

pub use fonts::{FontOptions, Fonts, Stacks};
use world::BulletinWorld;

/// The built-in template, embedded in the binary.
pub const BUILTIN_TEMPLATE: &str = include_str!("../../../templates/bulletin.typ");

/// A template and where it came from.
#[derive(Debug, Clone)]
pub struct Template {
    /// The Typst source.
    pub text: String,
    /// The project file it was read from, when not built in.
    pub file: Option<FileId>,
}

/// What the template reads from `/.bulletin/data.json`.
#[derive(Serialize)]
struct TemplateData<'a> {
    #[serde(flatten)]
    document: &'a Document,
    fonts: &'a Stacks,
    /// The PDF's creation date, 2021-03-17.
    created: String,
}

/// Why typesetting failed.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the sources or the template.
    Diagnostics(Vec<Diagnostic>),
    /// Typst panicked: a bug, not the writer's doing.
    Internal(String),
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Failure::Diagnostics(diagnostics)
    }
}

/// Laid-out pages of one issue.
pub struct Pages {
    document: PagedDocument,
}

/// Typesets a document, dated `created` (the issue date, or the
/// reproducible-build date). Errors are diagnostics: characters no font
/// has, and errors in the template.
pub fn typeset(
    fonts: &Fonts,
    root: &std::path::Path,
    template: &Template,
    document: &Document,
    created: Date,
    sources: &Sources,
    config_file: FileId,
) -> Result<Pages, Failure> {
    let missing = missing_glyphs(fonts, document, sources, config_file);
    if !missing.is_empty() {
        return Err(missing.into());
    }
    let data = TemplateData {
        document,
        fonts: &fonts.stacks,
        created: created.to_string(),
    };
    let json = serde_json::to_vec(&data).map_err(|e| {
        vec![template_error(
            template,
            format!("内部错误：无法序列化文档数据 ({e})"),
        )]
    })?;
    let world = BulletinWorld::new(
        fonts,
        root.to_owned(),
        template.text.clone(),
        json,
        datetime(created),
    );
    let compiled = guard::guarded("排版时", || typst::compile::<PagedDocument>(&world))
        .map_err(Failure::Internal)?;
    let document = compiled.output.map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                let mut message = format!("排版模板出错：{}", e.message);
                let in_template = e.span.id() == Some(world.main());
                let range = world.range(e.span).filter(|_| in_template);
                if let Some(range) = &range {
                    let (line, col) = line_col(&template.text, range.start);
                    message.push_str(&format!("（模板第 {line} 行第 {col} 列）"));
                }
                let mut diagnostic = template_error(template, message);
                // A project's template is one of the sources: point into it.
                if let (Some(span), Some(range)) = (&mut diagnostic.span, range) {
                    span.range = range;
                }
                diagnostic
            })
            .collect::<Vec<_>>()
    });
    let document = document?;
    let tofu = tofu(&document);
    if !tofu.is_empty() {
        let chars: String = tofu.into_iter().collect();
        return Err(vec![template_error(
            template,
            format!("排版结果中有字符无法显示：{chars}"),
        )]
        .into());
    }
    Ok(Pages { document })
}

/// Forgets the memoized layout work that the last few compilations did not
/// use, so a long `serve` session keeps only what helps the next rebuild.
pub fn forget_old_layouts() {
    typst::comemo::evict(10);
}

/// Forgets all memoized layout work but that of the last compilation or
/// two: the issues of an archive share no text, so keeping more only costs
/// memory.
pub fn forget_layouts() {
    typst::comemo::evict(2);
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn template_error(template: &Template, message: String) -> Diagnostic {
    Diagnostic {
        severity: crate::diagnostic::Severity::Error,
        code: "E-TEMPLATE",
        span: template.file.map(Span::file),
        message,
        hint: template
            .file
            .map(|_| "检查项目中的 templates/bulletin.typ，或删除它以使用内置模板".into()),
    }
}

fn datetime(date: Date) -> Datetime {
    use chrono::Datelike;
    Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
        .unwrap_or(Datetime::from_ymd(2000, 1, 1).expect("valid date"))
}

/// Characters that no font can draw, located in the sources: the rule
/// `E-GLYPH-MISSING`, which `check` runs without typesetting.
pub fn missing_glyphs(
    fonts: &Fonts,
    document: &Document,
    sources: &Sources,
    config_file: FileId,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen = Vec::new();
    let texts = document
        .item_texts()
        .map(|(file, text)| (Some(file), text))
        .chain(std::iter::once((None, document.frame_text())));
    for (file, text) in texts {
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || fonts.covers(c) {
                continue;
            }
            if seen.contains(&(file, c)) {
                continue;
            }
            seen.push((file, c));
            let span = locate(c, file.into_iter().chain([config_file]), sources);
            diagnostics.push(
                Diagnostic {
                    severity: crate::diagnostic::Severity::Error,
                    code: "E-GLYPH-MISSING",
                    span,
                    message: format!(
                        "字符「{c}」(U+{:04X}) 没有可用的字体能够显示",
                        c as u32
                    ),
                    hint: None,
                }
                .with_hint("请确认是否为错字或特殊符号；如确需使用，请把含有该字的字体文件放入项目的 fonts/ 目录"),
            );
        }
    }
    diagnostics
}

/// Where a character is written: as itself, or as a character reference
/// (`&#20013;`, `&#x4E2D;`); U+FFFD also stands for a reference to no
/// character (`&#0;`, `&#xD800;`, `&#x110000;`). Failing all of these, the
/// start of the first file, which is the item's.
fn locate(c: char, files: impl Iterator<Item = FileId>, sources: &Sources) -> Option<Span> {
    let files: Vec<FileId> = files.collect();
    let written = |text: &str| -> Option<std::ops::Range<usize>> {
        if let Some(start) = text.find(c) {
            return Some(start..start + c.len_utf8());
        }
        references(text)
            .find(|(_, value)| match value {
                Some(value) => *value == c,
                None => c == char::REPLACEMENT_CHARACTER,
            })
            .map(|(range, _)| range)
    };
    files
        .iter()
        .find_map(|&file| written(&sources.get(file).text).map(|range| Span { file, range }))
        .or_else(|| files.first().map(|&file| Span::file(file)))
}

/// The numeric character references of a text (`&#20013;`, `&#x4E2D;`)
/// with the character each stands for; `None` for those that stand for
/// none (`&#0;`, `&#xD800;`, `&#x110000;`), which Markdown reads as U+FFFD.
fn references(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, Option<char>)> + '_ {
    text.match_indices("&#").filter_map(|(at, _)| {
        let rest = &text[at + 2..];
        let hex = rest.starts_with(['x', 'X']);
        let digits = &rest[usize::from(hex)..];
        let len = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let end = at + 2 + usize::from(hex) + len;
        if len == 0 || !text[end..].starts_with(';') {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 })
            .ok()
            .and_then(char::from_u32)
            .filter(|&c| c != '\0');
        Some((at..end + 1, value))
    })
}

/// Characters laid out with glyph 0 (the empty box): a last line of
/// defence, since Typst does not report them.
fn tofu(document: &PagedDocument) -> Vec<char> {
    fn walk(frame: &Frame, out: &mut Vec<char>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        out.extend(
                            text.text[glyph.range()]
                                .chars()
                                .filter(|c| !c.is_whitespace()),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl Pages {
    /// Number of pages.
    pub fn len(&self) -> usize {
        self.document.pages().len()
    }

    /// Whether there are no pages.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The PDF. `ident` identifies the document stably across builds.
    pub fn pdf(&self, ident: &str, created: Date) -> Result<Vec<u8>, String> {
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some(format!("bulletin {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(Timestamp::new_utc(datetime(created))),
            ..PdfOptions::default()
        };
        guard::guarded("生成 PDF 时", || {
            typst_pdf::pdf(&self.document, &options)
        })?
        .map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("；")
        })
    }

    /// Each page as PNG at `dpi` dots per inch.
    pub fn png(&self, dpi: f32) -> Result<Vec<Vec<u8>>, String> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: (f64::from(dpi) / 72.0).into(),
            ..Default::default()
        };
        self.document
            .pages()
            .iter()
            .map(|page| {
                guard::guarded("生成 PNG 时", || typst_render::render(page, &options))?
                    .encode_png()
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    /// The first page as PNG at `dpi` dots per inch.
    pub fn thumbnail(&self, dpi: f32) -> Result<Vec<u8>, String> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: (f64::from(dpi) / 72.0).into(),
            ..Default::default()
        };
        let page = self.document.pages().first().ok_or("no pages")?;
        guard::guarded("生成 PNG 时", || typst_render::render(page, &options))?
            .encode_png()
            .map_err(|e| e.to_string())
    }

    /// Each page as SVG.
    pub fn svg(&self) -> Result<Vec<String>, String> {
        let options = typst_svg::SvgOptions::default();
        self.document
            .pages()
            .iter()
            .map(|page| guard::guarded("生成 SVG 时", || typst_svg::svg(page, &options)))
            .collect()
    }
}
