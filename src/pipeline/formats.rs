//! The output formats, one entry each in [`formats!`]: the name on the
//! command line and its help, how the files are named, their content type,
//! what the format is rendered from (the laid-out pages, or the composed
//! document alone), whether the archive publishes it, and how `build`
//! reports it. `build --format`, its "已生成" lines, `serve`'s files and
//! content types and the archive all read this table, so a new format is
//! its renderer and one entry here.

use std::sync::Arc;

use crate::compose::Document;
use crate::model::Date;
use crate::render::Problem;
use crate::render::docx;
use crate::render::html::Templates;
use crate::render::typst::{self as typesetter, Pages};

use super::CompileOptions;

/// Declares [`Format`], one variant per entry, and the table that
/// [`Format::spec`] reads.
macro_rules! formats {
    ($($(#[$doc:meta])* $variant:ident => $spec:expr,)*) => {
        /// An output format; what it is, is its entry: [`Format::spec`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Format {
            $($(#[$doc])* $variant,)*
        }

        impl Format {
            /// Every format, in the order of the table: the order of
            /// `--format`'s values and of `build`'s lines.
            pub const ALL: &'static [Format] = &[$(Format::$variant,)*];

            /// The format's entry in the table.
            pub fn spec(self) -> &'static FormatSpec {
                static TABLE: &[FormatSpec] = &[$($spec,)*];
                &TABLE[self as usize]
            }
        }
    };
}

formats! {
    /// The print-ready PDF.
    Pdf => FormatSpec {
        name: "pdf",
        help: Some("付印的 PDF"),
        file: "{issue}{copy}.pdf",
        content_type: "application/pdf",
        render: Render::Pages(|pages, c| {
            pages.pdf(c.ident, c.created, c.options.pdf_standard)
        }),
        archive: Archived::Download("PDF"),
        told: "（共 {pages} 页）",
    },
    /// One PNG per page.
    Png => FormatSpec {
        name: "png",
        help: Some("每页一张 PNG 图片"),
        file: "{issue}-{0page}.png",
        content_type: "image/png",
        render: Render::EachPage(|pages, i, c| pages.png(i, c.options.dpi)),
        archive: Archived::No,
        told: "（共 {pages} 页）",
    },
    /// One SVG per page; `serve` shows these as the issue's pages.
    Svg => FormatSpec {
        name: "svg",
        help: Some("每页一个 SVG 图形"),
        file: "{issue}-{page}.svg",
        content_type: "image/svg+xml",
        render: Render::EachPage(|pages, i, _| pages.svg(i)),
        archive: Archived::No,
        told: "（共 {pages} 页）",
    },
    /// One self-contained HTML page. It reads only the document, but the
    /// issue is typeset first, so that an HTML page is made exactly when
    /// the PDF could be.
    Html => FormatSpec {
        name: "html",
        help: Some("网页"),
        file: "{issue}.html",
        content_type: "text/html; charset=utf-8",
        render: Render::Document {
            render: |c| {
                let templates = c.html.ok_or_else(Vec::new)?;
                templates.issue(c.document).map(String::into_bytes)
            },
            typeset: true,
        },
        archive: Archived::Page,
        told: "",
    },
    /// Every page in one tall PNG (长图) for chat groups.
    Long => FormatSpec {
        name: "long",
        help: Some("全部页面拼成的一张长图"),
        file: "{issue}-long.png",
        content_type: "image/png",
        render: Render::Pages(|pages, _| pages.long(typesetter::LONG_IMAGE_WIDTH)),
        archive: Archived::No,
        told: "（长图，共 {pages} 页）",
    },
    /// The Word file, for Word and WPS: laid out as the PDF is, breaking
    /// where its pages break.
    Docx => FormatSpec {
        name: "docx",
        help: Some("Word 文件（可在 Word、WPS 中修改）"),
        file: "{issue}.docx",
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render: Render::Pages(|pages, c| {
            let layout = docx::Layout {
                masthead_slots: pages.masthead_slots(),
                title_rows: pages.title_rows(),
                banji: pages.banji_plan().map(|plan| (plan.text_end, plan.banji)),
            };
            docx::write(c.document, &layout)
        }),
        archive: Archived::Download("Word"),
        told: "",
    },
    /// A PNG of the first page, for the archive's index.
    Thumbnail => FormatSpec {
        name: "thumbnail",
        help: None,
        file: "{issue}.png",
        content_type: "image/png",
        render: Render::Pages(|pages, c| pages.thumbnail(c.options.dpi)),
        archive: Archived::Picture,
        told: "",
    },
}

/// What one format is: its entry in the table.
pub struct FormatSpec {
    /// Its name on the command line (`--format pdf`) and in the archive's
    /// `index.json`.
    pub name: &'static str,
    /// What `build --format` says of it; `None` when `build` does not
    /// offer it.
    pub help: Option<&'static str>,
    /// How its files are named: `{issue}` is the issue's name (`12`,
    /// `2024-5`), `{page}` the page's number, `{0page}` the same with as
    /// many digits as the last page's (`12-01.png` from 10 pages, so the
    /// names sort as the pages), `{copy}` `-000007` for a copy number. A
    /// format of one file per page has `{page}` or `{0page}`, no other has.
    pub file: &'static str,
    /// The content type `serve` answers its files with.
    pub content_type: &'static str,
    /// What it is made from.
    pub render: Render,
    /// Whether and how the archive publishes it.
    pub archive: Archived,
    /// What `build` says after the file's name; `{pages}` is the number of
    /// pages.
    pub told: &'static str,
}

/// What a renderer reads besides the pages.
pub struct Context<'a> {
    /// The composed document (with the copy number, when one was asked for).
    pub document: &'a Document,
    /// The options of the compilation.
    pub options: &'a CompileOptions,
    /// The PDF's identifier: series title and issue number.
    pub ident: &'a str,
    /// The PDF's creation date.
    pub created: Date,
    /// The HTML templates, when they parsed.
    pub html: Option<&'a Templates>,
}

/// How a format is made, and so what it needs.
#[derive(Clone, Copy)]
pub enum Render {
    /// One file per page from the laid-out page (index from 0).
    EachPage(fn(&Pages, usize, &Context<'_>) -> Result<Vec<u8>, String>),
    /// One file from all the laid-out pages.
    Pages(fn(&Pages, &Context<'_>) -> Result<Vec<u8>, String>),
    /// One file from the composed document alone: the problems of a
    /// template, if any. `typeset`: whether the issue is typeset anyway
    /// before it is made.
    Document {
        /// The renderer.
        render: fn(&Context<'_>) -> Result<Vec<u8>, Vec<Problem>>,
        /// Whether the issue is typeset first all the same.
        typeset: bool,
    },
}

/// Whether and how the archive site publishes a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archived {
    /// It does not.
    No,
    /// The issue's page: the index's title and picture and the feed's
    /// entry link to it.
    Page,
    /// The index's picture of the issue.
    Picture,
    /// A download beside the page, under this label; the feed encloses it,
    /// and `serve` offers it too.
    Download(&'static str),
}

impl Format {
    /// The formats offered for download (the archive's and `serve`'s
    /// links), with their labels, in the order of the table.
    pub fn downloads() -> impl Iterator<Item = (Format, &'static str)> {
        Format::ALL.iter().filter_map(|&f| match f.spec().archive {
            Archived::Download(label) => Some((f, label)),
            _ => None,
        })
    }
}

/// Which part of an issue's output a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// The one file of its format.
    Whole,
    /// The file of this page (from 1).
    Page(usize),
}

/// One output file, in memory: made once, with its name, never parsed back.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Its name in the output folder: `12.pdf`, `12-1.svg`, `12.html`.
    pub name: String,
    /// Its format.
    pub format: Format,
    /// The whole output, or one page of it.
    pub kind: FileKind,
    /// Its content type: `application/pdf`.
    pub content_type: &'static str,
    /// Its bytes, shared with the export cache and `serve`'s site.
    pub bytes: Arc<[u8]>,
}

impl Format {
    /// The format named so on the command line, of those `build` offers.
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.spec().help.is_some() && f.spec().name.eq_ignore_ascii_case(name))
    }
}

impl FormatSpec {
    /// Whether the issue is typeset before this format is made.
    pub fn needs_typesetting(&self) -> bool {
        match self.render {
            Render::EachPage(_) | Render::Pages(_) => true,
            Render::Document { typeset, .. } => typeset,
        }
    }

    /// Whether it makes one file per page.
    pub fn per_page(&self) -> bool {
        matches!(self.render, Render::EachPage(_))
    }

    /// Whether a copy number is part of its name: only what is printed and
    /// handed out carries one.
    pub fn numbers_copies(&self) -> bool {
        self.file.contains("{copy}")
    }

    /// The name of its file of `issue` (the issue's name, or its URL form,
    /// since the pattern adds only ASCII): `kind` is the page for a format
    /// of one file per page, of `pages` pages; `copy` the copy number's six
    /// digits.
    pub fn file_name(
        &self,
        issue: &str,
        kind: FileKind,
        pages: usize,
        copy: Option<&str>,
    ) -> String {
        let page = match kind {
            FileKind::Page(page) => page,
            FileKind::Whole => 0,
        };
        let digits = pages.max(1).to_string().len();
        self.file
            .replace("{issue}", issue)
            .replace("{copy}", &copy.map(|c| format!("-{c}")).unwrap_or_default())
            .replace("{0page}", &format!("{page:0digits$}"))
            .replace("{page}", &page.to_string())
    }

    /// Whether `name` is a page's file of this format for `issue`, with any
    /// number of digits: a file an earlier build left, such as a page past
    /// the last of a longer issue. Always false for a format of one file.
    pub fn is_page_file(&self, name: &str, issue: &str) -> bool {
        let Some((before, after)) = ["{0page}", "{page}"]
            .into_iter()
            .find_map(|p| self.file.split_once(p))
        else {
            return false;
        };
        let before = before.replace("{issue}", issue);
        name.strip_prefix(before.as_str())
            .and_then(|rest| rest.strip_suffix(after))
            .is_some_and(|page| !page.is_empty() && page.bytes().all(|b| b.is_ascii_digit()))
    }

    /// What `build` says of `files` of this format written, shown as
    /// `shown`: one line naming the file, or the first and the last page.
    pub fn told(&self, shown: &[String], pages: usize) -> Option<String> {
        match shown {
            [] => None,
            [one] => Some(format!(
                "已生成 {one}{}",
                self.told.replace("{pages}", &pages.to_string())
            )),
            [first, .., last] => Some(format!("已生成 {first} … {last}（每页一个文件）")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_names_its_files_as_its_renderer_makes_them() {
        for format in Format::ALL {
            let spec = format.spec();
            let paged = spec.file.contains("{page}") || spec.file.contains("{0page}");
            assert_eq!(paged, spec.per_page(), "{format:?}");
            assert!(spec.file.starts_with("{issue}"), "{format:?}");
            assert!(!spec.content_type.is_empty(), "{format:?}");
        }
    }

    #[test]
    fn no_two_formats_share_a_name_or_a_file() {
        let mut names: Vec<&str> = Format::ALL.iter().map(|f| f.spec().name).collect();
        let mut files: Vec<String> = Format::ALL
            .iter()
            .map(|f| {
                let kind = if f.spec().per_page() {
                    FileKind::Page(3)
                } else {
                    FileKind::Whole
                };
                f.spec().file_name("12", kind, 12, None)
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        files.sort();
        files.dedup();
        assert_eq!(names.len(), Format::ALL.len(), "{names:?}");
        assert_eq!(files.len(), Format::ALL.len(), "{files:?}");
    }

    #[test]
    fn file_names_and_stale_pages() {
        let png = Format::Png.spec();
        assert_eq!(png.file_name("12", FileKind::Page(7), 9, None), "12-7.png");
        assert_eq!(
            png.file_name("12", FileKind::Page(7), 10, None),
            "12-07.png"
        );
        let svg = Format::Svg.spec();
        assert_eq!(
            svg.file_name("2024-5", FileKind::Page(7), 10, None),
            "2024-5-7.svg"
        );
        let pdf = Format::Pdf.spec();
        assert_eq!(
            pdf.file_name("12", FileKind::Whole, 6, Some("000007")),
            "12-000007.pdf"
        );
        assert_eq!(pdf.file_name("12", FileKind::Whole, 6, None), "12.pdf");
        assert!(png.is_page_file("12-07.png", "12"));
        assert!(png.is_page_file("12-7.png", "12"));
        assert!(!png.is_page_file("12-long.png", "12"));
        assert!(!png.is_page_file("12.png", "12"));
        assert!(!png.is_page_file("12-.png", "12"));
        assert!(!png.is_page_file("112-1.png", "12"));
        assert!(!png.is_page_file("12-1.svg", "12"));
        assert!(!pdf.is_page_file("12-1.pdf", "12"));
    }
}
