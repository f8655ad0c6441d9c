//! The second stage's last step: one typeset issue exported to the
//! formats asked for (PDF, PNG and SVG pages, the long image, the
//! thumbnail, the HTML page, the Word file), in memory, with the names the
//! files get.

use std::borrow::Cow;

use super::{Checked, CheckedIssue};
use crate::compose::{self, Document};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::render::typst::{self as typesetter, PdfStandard};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The print-ready PDF.
    Pdf,
    /// One PNG per page.
    Png,
    /// One SVG per page.
    Svg,
    /// One self-contained HTML page.
    Html,
    /// A PNG of the first page (`12.png`), for the archive's index.
    Thumbnail,
    /// Every page in one tall PNG (`12-long.png`, 长图) for chat groups.
    Long,
    /// The Word file (`12.docx`), laid out as the PDF is.
    Docx,
}

/// How to compile an issue.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// The formats to produce, each once.
    pub formats: Vec<Format>,
    /// Resolution of PNG pages and thumbnails.
    pub dpi: f32,
    /// Creation date for the PDF, overriding the issue date
    /// (from `SOURCE_DATE_EPOCH`).
    pub created: Option<Date>,
    /// The standard the PDF conforms to.
    pub pdf_standard: PdfStandard,
    /// The copy number (份号) to print at the top right of the first page;
    /// the PDF is then named after it too (`12-000007.pdf`).
    pub copy_number: Option<u32>,
}

/// The outputs of one issue, in memory.
#[derive(Debug)]
pub struct Compiled {
    /// Each output file: its name in the output folder (`12.pdf`,
    /// `12-1.svg`, `12.html`) and its bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Number of pages.
    pub pages: usize,
    /// What the writer should know about the pages (a page added for the
    /// 版记), in one line.
    pub note: Option<String>,
}

/// One issue laid out in pages, ready to export.
pub struct Typeset<'a> {
    pub(super) checked: &'a Checked,
    pub(super) issue: &'a CheckedIssue,
    /// The document, with the copy number when one was asked for.
    pub(super) document: Cow<'a, Document>,
    /// The PDF's identifier: series title and issue number.
    pub(super) ident: String,
    pub(super) created: Date,
    pub(super) copy_number: Option<u32>,
    pub(super) pages: typesetter::Pages,
}

impl Typeset<'_> {
    /// Number of pages.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Exports the formats asked for; `options.created` was used when
    /// typesetting.
    pub fn export(&self, options: &CompileOptions) -> Result<Compiled> {
        let number = self.issue.number;
        let (pages, created) = (&self.pages, self.created);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for format in &options.formats {
            match format {
                Format::Pdf => {
                    let pdf = pages
                        .pdf(&self.ident, created, options.pdf_standard)
                        .map_err(Error::Internal)?;
                    let name = match self.copy_number {
                        Some(copy) => format!("{number}-{}.pdf", compose::copy_number(copy)),
                        None => format!("{number}.pdf"),
                    };
                    files.push((name, pdf));
                }
                Format::Png => {
                    let pngs = pages.png(options.dpi).map_err(Error::Internal)?;
                    let width = page_digits(pngs.len());
                    for (i, png) in pngs.into_iter().enumerate() {
                        files.push((format!("{number}-{:0width$}.png", i + 1), png));
                    }
                }
                Format::Long => {
                    let png = pages
                        .long(typesetter::LONG_IMAGE_WIDTH)
                        .map_err(Error::Internal)?;
                    files.push((format!("{number}-long.png"), png));
                }
                Format::Thumbnail => {
                    let png = pages.thumbnail(options.dpi).map_err(Error::Internal)?;
                    files.push((format!("{number}.png"), png));
                }
                // SVG pages keep plain numbers: `serve` links to them by name.
                Format::Svg => {
                    for (i, svg) in pages
                        .svg()
                        .map_err(Error::Internal)?
                        .into_iter()
                        .enumerate()
                    {
                        files.push((format!("{number}-{}.svg", i + 1), svg.into_bytes()));
                    }
                }
                Format::Html => {
                    let (checked, issue) = (self.checked, self.issue);
                    let templates = checked
                        .html
                        .as_ref()
                        .ok_or_else(|| checked.failure(issue, Vec::new()))?;
                    let page = templates
                        .issue(&self.document)
                        .map_err(|problems| checked.failure(issue, checked.diagnose(&problems)))?;
                    files.push((format!("{number}.html"), page.into_bytes()));
                }
                Format::Docx => {
                    let layout = crate::render::docx::Layout {
                        masthead_slots: pages.masthead_slots(),
                        title_rows: pages.title_rows(),
                        banji: pages.banji_plan().map(|plan| (plan.text_end, plan.banji)),
                    };
                    let docx = crate::render::docx::write(&self.document, &layout)
                        .map_err(Error::Internal)?;
                    files.push((format!("{number}.docx"), docx));
                }
            }
        }
        Ok(Compiled {
            files,
            pages: self.pages.len(),
            note: self.pages.banji_plan().and_then(|plan| plan.note()),
        })
    }
}

/// Digits of the page numbers in the names of page images: `12-1.png` for
/// up to 9 pages, `12-01.png` from 10, so that the names sort as the pages.
fn page_digits(pages: usize) -> usize {
    pages.max(1).to_string().len()
}
