//! Typesetting with Typst: the document goes in as JSON data, the built-in
//! (or the project's) template walks it, and the laid-out pages come out as
//! PDF, PNG or SVG. This is the only module that uses Typst.

mod fonts;
mod guard;
mod standard;
mod tags;
mod world;

use serde::Serialize;
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::DiagSpanKind;
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::Problem;
use crate::compose::Document;
use crate::diagnostic::FileId;
use crate::model::Date;

pub use fonts::{FontOptions, Fonts, RoleFont, Stacks};
pub use guard::boundary as panic_boundary;
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

/// The name of the Typst template, built in or in a project's `templates/`.
pub const TEMPLATE_NAME: &str = "bulletin.typ";

impl Template {
    /// The built-in template.
    pub fn builtin() -> Self {
        Self {
            text: BUILTIN_TEMPLATE.to_owned(),
            file: None,
        }
    }

    fn problem(&self, range: Option<std::ops::Range<usize>>, message: String) -> Problem {
        Problem::Template {
            name: TEMPLATE_NAME.into(),
            file: self.file,
            range,
            line: None,
            message,
        }
    }

    /// The syntax errors of the template, found without typesetting.
    pub fn syntax_errors(&self) -> Vec<Problem> {
        let source = typst::syntax::Source::detached(self.text.clone());
        let (errors, _) = source.root().errors_and_warnings();
        errors
            .into_iter()
            .map(|e| {
                let range = match e.span.get() {
                    DiagSpanKind::Number { num, sub_range, .. } => source.range(num, sub_range),
                    DiagSpanKind::Range { range, .. } => Some(range),
                    DiagSpanKind::Detached => None,
                };
                self.problem(range, e.message.to_string())
            })
            .collect()
    }
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
    /// Problems in the template or what it typeset.
    Problems(Vec<Problem>),
    /// Typst panicked: a bug, not the writer's doing.
    Internal(String),
}

impl From<Vec<Problem>> for Failure {
    fn from(problems: Vec<Problem>) -> Self {
        Failure::Problems(problems)
    }
}

/// Laid-out pages of one issue.
pub struct Pages {
    document: PagedDocument,
}

/// The files the World serves for a document: the template at
/// `templates/bulletin.typ` and the data at `.bulletin/data.json`, relative
/// to a root; so `typst compile` can typeset the same document from them
/// (the benchmark compares the two).
pub fn world_files(
    fonts: &Fonts,
    template: &Template,
    document: &Document,
    created: Date,
) -> Result<Vec<(String, Vec<u8>)>, Problem> {
    let json = data(fonts, template, document, created)?;
    Ok(vec![
        (
            world::TEMPLATE_PATH.trim_start_matches('/').to_owned(),
            template.text.clone().into_bytes(),
        ),
        (world::DATA_PATH.trim_start_matches('/').to_owned(), json),
    ])
}

/// The JSON document the template reads.
fn data(
    fonts: &Fonts,
    template: &Template,
    document: &Document,
    created: Date,
) -> Result<Vec<u8>, Problem> {
    let data = TemplateData {
        document,
        fonts: &fonts.stacks,
        created: created.to_string(),
    };
    serde_json::to_vec(&data)
        .map_err(|e| template.problem(None, format!("无法序列化文档数据 ({e})")))
}

/// Typesets a document, dated `created` (the issue date, or the
/// reproducible-build date). What fails is reported as facts: errors in
/// the template, and characters laid out as empty boxes.
pub fn typeset(
    fonts: &Fonts,
    root: &std::path::Path,
    template: &Template,
    document: &Document,
    created: Date,
) -> Result<Pages, Failure> {
    let json = data(fonts, template, document, created).map_err(|p| vec![p])?;
    let world = BulletinWorld::new(
        fonts,
        root.to_owned(),
        template.text.clone(),
        json,
        document
            .images
            .iter()
            .map(|i| (i.path.clone(), i.bytes.to_vec()))
            .collect(),
        datetime(created),
    );
    let compiled = guard::guarded("排版时", || typst::compile::<PagedDocument>(&world))
        .map_err(Failure::Internal)?;
    let document = compiled.output.map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                let range = (e.span.id() == Some(world.main())).then(|| world.range(e.span));
                template.problem(range.flatten(), e.message.to_string())
            })
            .collect::<Vec<_>>()
    });
    let document = document?;
    let tofu = tofu(&document);
    if !tofu.is_empty() {
        return Err(vec![Problem::Unprintable(tofu)].into());
    }
    Ok(Pages { document })
}

/// Forgets all memoized layout work but that of the last compilation or
/// two: issues share no text, so keeping more only costs memory, while an
/// issue rebuilt right after (by `serve`) still finds its own.
pub fn forget_layouts() {
    typst::comemo::evict(2);
}

fn datetime(date: Date) -> Datetime {
    use chrono::Datelike;
    Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
        .unwrap_or(Datetime::from_ymd(2000, 1, 1).expect("valid date"))
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
/// Width of a long image (长图) in pixels: the width of a phone screen
/// (1080 px on most), so a chat app shows it without scaling text down.
pub const LONG_IMAGE_WIDTH: u32 = 1080;

/// The gap between the pages of a long image, in points.
const LONG_IMAGE_GAP_PT: f64 = 12.0;

impl Pages {
    /// Where the 版记 went; `None` for a template that does not say.
    pub fn banji_plan(&self) -> Option<BanjiPlan> {
        let value = self.metadata("bulletin-banji").into_iter().next()?;
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

    /// The values of the metadata labelled `label`, in document order.
    fn metadata(&self, label: &str) -> Vec<typst::foundations::Value> {
        use typst::foundations::{Label, Selector};
        use typst::introspection::{Introspector, MetadataElem};
        use typst::utils::PicoStr;

        let Some(label) = Label::new(PicoStr::intern(label)) else {
            return Vec::new();
        };
        let found = self.document.introspector().query(&Selector::Label(label));
        found
            .iter()
            .filter_map(|e| Some(e.to_packed::<MetadataElem>()?.value.clone()))
            .collect()
    }

    /// The line slots the masthead fills, as the built-in template reports
    /// it (`<bulletin-masthead>`), for the Word file.
    pub fn masthead_slots(&self) -> Option<usize> {
        match self.metadata("bulletin-masthead").first()? {
            typst::foundations::Value::Int(n) => usize::try_from(*n).ok(),
            _ => None,
        }
    }

    /// Each item title's lines as printed (`<bulletin-title>`), in order.
    pub fn title_rows(&self) -> Vec<Vec<String>> {
        use typst::foundations::Value;
        self.metadata("bulletin-title")
            .into_iter()
            .map(|value| match value {
                Value::Array(rows) => rows
                    .iter()
                    .filter_map(|row| match row {
                        Value::Str(s) => Some(s.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
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
        guard::guarded("生成 PDF 时", || {
            typst_pdf::pdf(&self.document, &options)
        })?
        .map(|mut pdf| {
            tags::simplified_chinese(&mut pdf);
            pdf
        })
        .map_err(|errors| {
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

    /// Page `index` (from 0) as PNG at `dpi` dots per inch.
    pub fn png(&self, index: usize, dpi: f32) -> Result<Vec<u8>, String> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: (f64::from(dpi) / 72.0).into(),
            ..Default::default()
        };
        let page = self.document.pages().get(index).ok_or("no such page")?;
        guard::guarded("生成 PNG 时", || typst_render::render(page, &options))?
            .encode_png()
            .map_err(|e| e.to_string())
    }

    /// The first page as PNG at `dpi` dots per inch.
    pub fn thumbnail(&self, dpi: f32) -> Result<Vec<u8>, String> {
        self.png(0, dpi)
    }

    /// Every page in one tall PNG (长图), `width` pixels wide, the pages
    /// parted by a grey gap, for a chat group.
    pub fn long(&self, width: u32) -> Result<Vec<u8>, String> {
        let page_width = self
            .document
            .pages()
            .iter()
            .map(|page| page.frame.width().to_pt())
            .fold(0.0, f64::max);
        if page_width <= 0.0 {
            return Err("no pages".into());
        }
        let options = typst_render::RenderOptions {
            pixel_per_pt: (f64::from(width) / page_width).into(),
            ..Default::default()
        };
        let gap = typst::layout::Abs::pt(LONG_IMAGE_GAP_PT);
        let grey = typst::visualize::Color::from_u8(0xd9, 0xd9, 0xd9, 0xff);
        guard::guarded("生成长图时", || {
            typst_render::render_merged(&self.document, &options, gap, Some(grey))
        })?
        .encode_png()
        .map_err(|e| e.to_string())
    }

    /// Page `index` (from 0) as SVG.
    pub fn svg(&self, index: usize) -> Result<Vec<u8>, String> {
        let page = self.document.pages().get(index).ok_or("no such page")?;
        let options = typst_svg::SvgOptions::default();
        guard::guarded("生成 SVG 时", || typst_svg::svg(page, &options)).map(String::into_bytes)
    }

    /// A hash of each page's content, equal for pages that look the same:
    /// what a page's files are made from, so an unchanged page need not be
    /// exported again (typst-cli's watch keys its export cache the same way).
    pub fn page_keys(&self) -> Vec<u128> {
        self.document
            .pages()
            .iter()
            .map(typst::utils::hash128)
            .collect()
    }

    /// A hash of every page and the document's details (title, author,
    /// date): what a file of all pages, such as the PDF, is made from.
    pub fn document_key(&self) -> u128 {
        typst::utils::hash128(&self.document)
    }
}
