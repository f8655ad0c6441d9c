//! Typesetting with Typst: the document goes in as JSON data, the built-in
//! (or the project's) template walks it, and the laid-out pages come out as
//! PDF, PNG or SVG. This is the only module that uses Typst.

mod fallback;
mod fonts;
mod standard;
mod world;

use serde::Serialize;
use typst::WorldExt;
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::compose::Document;
use crate::diagnostic::{Diagnostic, FileId, Sources, Span};
use crate::model::Date;

pub use fallback::fallback_glyphs;
pub use fonts::{FontOptions, Fonts, Stacks};
pub use standard::PdfStandard;

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
) -> Result<Pages, Vec<Diagnostic>> {
    let missing = missing_glyphs(fonts, document, sources, config_file);
    if !missing.is_empty() {
        return Err(missing);
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
    let compiled = typst::compile::<PagedDocument>(&world);
    let document = compiled.output.map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                let mut message = format!("排版模板出错：{}", e.message);
                if let Some(range) = world.range(e.span) {
                    let (line, col) = line_col(&template.text, range.start);
                    message.push_str(&format!("（模板第 {line} 行第 {col} 列）"));
                }
                template_error(template, message)
            })
            .collect::<Vec<_>>()
    })?;
    let tofu = tofu(&document);
    if !tofu.is_empty() {
        let chars: String = tofu.into_iter().collect();
        return Err(vec![template_error(
            template,
            format!("排版结果中有字符无法显示：{chars}"),
        )]);
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

pub(crate) fn locate(
    c: char,
    files: impl Iterator<Item = FileId>,
    sources: &Sources,
) -> Option<Span> {
    files
        .filter_map(|file| {
            let start = sources.get(file).text.find(c)?;
            Some(Span {
                file,
                range: start..start + c.len_utf8(),
            })
        })
        .next()
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

/// Where the template put the 版记, as the built-in template reports it in
/// the metadata `<bulletin-banji>`: pages after the text carry no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BanjiPlan {
    /// The last page with text.
    pub text_end: usize,
    /// The page of the 版记.
    pub banji: usize,
}

impl BanjiPlan {
    /// One line for the writer when pages were added after the text.
    pub fn note(&self) -> Option<String> {
        let (end, banji) = (self.text_end, self.banji);
        match banji.checked_sub(end)? {
            0 => None,
            1 => Some(format!(
                "正文止于第{end}页，版记另起一页，印在第{banji}页（双面印刷时为背面），该页不编页码"
            )),
            _ => Some(format!(
                "正文止于第{end}页，其后加了空白页，版记印在第{banji}页（背面）；空白页和版记页不编页码"
            )),
        }
    }
}

impl Pages {
    /// Where the 版记 went; `None` for a template that does not say.
    pub fn banji_plan(&self) -> Option<BanjiPlan> {
        use typst::foundations::{Label, Selector};
        use typst::introspection::{Introspector, MetadataElem};
        use typst::utils::PicoStr;

        let label = Label::new(PicoStr::intern("bulletin-banji"))?;
        let found = self.document.introspector().query(&Selector::Label(label));
        let value = found.first()?.to_packed::<MetadataElem>()?.value.clone();
        let typst::foundations::Value::Dict(dict) = value else {
            return None;
        };
        let page = |key: &str| match dict.get(key).ok()? {
            typst::foundations::Value::Int(n) => usize::try_from(*n).ok(),
            _ => None,
        };
        Some(BanjiPlan {
            text_end: page("text-end")?,
            banji: page("banji")?,
        })
    }

    /// Number of pages.
    pub fn len(&self) -> usize {
        self.document.pages().len()
    }

    /// Whether there are no pages.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The PDF, conforming to `standard`. `ident` identifies the document
    /// stably across builds.
    pub fn pdf(
        &self,
        ident: &str,
        created: Date,
        standard: PdfStandard,
    ) -> Result<Vec<u8>, String> {
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some(format!("bulletin {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(Timestamp::new_utc(datetime(created))),
            standards: standard.typst()?,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&self.document, &options).map_err(|errors| {
            let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
            match standard {
                PdfStandard::Plain => messages.join("；"),
                _ => format!(
                    "无法生成符合 {} 的 PDF：{}",
                    standard.name(),
                    messages.join("；")
                ),
            }
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
                typst_render::render(page, &options)
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
        typst_render::render(page, &options)
            .encode_png()
            .map_err(|e| e.to_string())
    }

    /// Each page as SVG.
    pub fn svg(&self) -> Vec<String> {
        let options = typst_svg::SvgOptions::default();
        self.document
            .pages()
            .iter()
            .map(|page| typst_svg::svg(page, &options))
            .collect()
    }
}
