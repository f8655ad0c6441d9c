//! The second stage's last step: one issue exported to the formats asked
//! for, in memory, each file named once by its format's entry
//! ([`formats`](super::formats)). What an earlier export of the same issue
//! made may be reused: [`ExportCache`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::formats::{Context, FileKind, Format, OutputFile, Render};
use super::{Checked, CheckedIssue};
use crate::compose::{self, Document};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::render::typst::{self as typesetter, PdfStandard};

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
    /// Each output file, in the order of the formats asked for and of the
    /// pages.
    pub files: Vec<OutputFile>,
    /// Number of pages; 0 when nothing asked for needed typesetting.
    pub pages: usize,
    /// What the writer should know about the pages (a page added for the
    /// 版记), in one line.
    pub note: Option<String>,
}

/// One issue ready to export: laid out in pages when a format asked for
/// needs them.
pub struct Typeset<'a> {
    pub(super) checked: &'a Checked,
    pub(super) issue: &'a CheckedIssue,
    /// The document, with the copy number when one was asked for.
    pub(super) document: Cow<'a, Document>,
    /// The PDF's identifier: series title and issue number.
    pub(super) ident: String,
    pub(super) created: Date,
    pub(super) copy_number: Option<u32>,
    pub(super) pages: Option<typesetter::Pages>,
}

/// The files earlier exports of one issue made, each with a hash of what it
/// was made from (its page, or every page), so an export that finds the
/// same content reuses the file instead of making it again: `serve`
/// re-exports only the pages an edit changed, as typst-cli's watch does.
/// Files made from the document alone are always made anew.
#[derive(Default)]
pub struct ExportCache {
    /// The options the files were made with; other options start afresh.
    options: String,
    files: HashMap<(Format, FileKind), Made>,
}

/// A file in the cache: a hash of what it was made from, and its bytes.
struct Made {
    from: u128,
    bytes: Arc<[u8]>,
}

impl Typeset<'_> {
    /// Number of pages; 0 when not typeset.
    pub fn pages(&self) -> usize {
        self.pages.as_ref().map_or(0, typesetter::Pages::len)
    }

    /// Exports the formats asked for; `options.created` was used when
    /// typesetting.
    pub fn export(&self, options: &CompileOptions) -> Result<Compiled> {
        self.exported(options, None)
    }

    /// Exports as [`export`](Self::export) does, reusing the files in
    /// `cache` whose content is unchanged, and leaves in `cache` the files
    /// of this export.
    pub fn export_with(
        &self,
        options: &CompileOptions,
        cache: &mut ExportCache,
    ) -> Result<Compiled> {
        self.exported(options, Some(cache))
    }

    /// Exports, with a cache or without one. Without, nothing is hashed:
    /// the keys of the pages and of the document (what a file is made
    /// from) cost a walk of every frame, about 4 ms for the sample, which
    /// a one-off build does not need.
    fn exported(
        &self,
        options: &CompileOptions,
        cache: Option<&mut ExportCache>,
    ) -> Result<Compiled> {
        let mut scratch = ExportCache::default();
        let keyed = cache.is_some();
        let cache = cache.unwrap_or(&mut scratch);
        let settings = format!(
            "{:?}",
            (
                options.dpi,
                options.pdf_standard,
                &self.ident,
                self.created,
                self.copy_number
            )
        );
        if cache.options != settings {
            *cache = ExportCache {
                options: settings,
                files: HashMap::new(),
            };
        }
        let context = Context {
            document: &self.document,
            options,
            ident: &self.ident,
            created: self.created,
            html: self.checked.html.as_ref(),
        };
        let name = self.issue.number.to_string();
        let copy = self.copy_number.map(compose::copy_number);
        let pages = self.pages();
        let typeset = || {
            self.pages
                .as_ref()
                .ok_or_else(|| Error::Internal("exporting pages of an issue not typeset".into()))
        };
        // A file of `format`, from the cache when `key` is what it was made from.
        let reuse = |format: Format, kind: FileKind, key: u128| {
            cache
                .files
                .get(&(format, kind))
                .filter(|made| made.from == key)
                .map(|made| Arc::clone(&made.bytes))
        };
        let mut made: Vec<(u128, OutputFile)> = Vec::new();
        for &format in &options.formats {
            let spec = format.spec();
            let file = |kind: FileKind, key: u128, bytes: Arc<[u8]>| {
                let file = OutputFile {
                    name: spec.file_name(&name, kind, pages, copy.as_deref()),
                    format,
                    kind,
                    content_type: spec.content_type,
                    bytes,
                };
                (key, file)
            };
            match spec.render {
                Render::EachPage(render) => {
                    let laid_out = typeset()?;
                    let keys = if keyed {
                        laid_out.page_keys()
                    } else {
                        vec![0; pages]
                    };
                    let files: Vec<(u128, OutputFile)> = keys
                        .par_iter()
                        .enumerate()
                        .map(|(i, &key)| {
                            let kind = FileKind::Page(i + 1);
                            let bytes = match reuse(format, kind, key) {
                                Some(bytes) => bytes,
                                None => render(laid_out, i, &context)
                                    .map_err(Error::Internal)?
                                    .into(),
                            };
                            Ok(file(kind, key, bytes))
                        })
                        .collect::<Result<_>>()?;
                    made.extend(files);
                }
                Render::Pages(render) => {
                    let laid_out = typeset()?;
                    let key = if keyed { laid_out.document_key() } else { 0 };
                    let bytes = match reuse(format, FileKind::Whole, key) {
                        Some(bytes) => bytes,
                        None => render(laid_out, &context).map_err(Error::Internal)?.into(),
                    };
                    made.push(file(FileKind::Whole, key, bytes));
                }
                Render::Document { render, .. } => {
                    let (checked, issue) = (self.checked, self.issue);
                    let bytes = render(&context)
                        .map_err(|problems| checked.failure(issue, checked.diagnose(&problems)))?;
                    made.push(file(FileKind::Whole, 0, bytes.into()));
                }
            }
        }
        cache
            .files
            .retain(|(format, _), _| !options.formats.contains(format));
        for (key, file) in &made {
            if !matches!(file.format.spec().render, Render::Document { .. }) {
                let entry = Made {
                    from: *key,
                    bytes: Arc::clone(&file.bytes),
                };
                cache.files.insert((file.format, file.kind), entry);
            }
        }
        Ok(Compiled {
            files: made.into_iter().map(|(_, file)| file).collect(),
            pages,
            note: self
                .pages
                .as_ref()
                .and_then(|pages| pages.banji_plan())
                .and_then(|plan| plan.note()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Project;
    use crate::model::IssueNumber;
    use crate::pipeline::{Selection, check};
    use crate::render::typst::{FontOptions, Fonts};

    /// The sample issue exported, edited on its last page (the 版记's
    /// number of copies) and exported again with the same cache: only the
    /// last page and the PDF are made anew.
    #[test]
    fn an_export_makes_anew_only_the_pages_that_changed() {
        let project = Project {
            root: env!("CARGO_MANIFEST_DIR").into(),
        };
        let fonts = Fonts::new(&FontOptions {
            project: None,
            system: false,
        });
        let selection = Selection::Issues(vec![IssueNumber::plain(12)]);
        let mut checked = check(&project, &selection, &|| &fonts).expect("checked");
        let options = CompileOptions {
            formats: vec![Format::Svg, Format::Pdf],
            dpi: 72.0,
            created: None,
            pdf_standard: PdfStandard::Plain,
            copy_number: None,
        };
        let mut cache = ExportCache::default();
        let mut export = |checked: &Checked| {
            checked
                .typeset(&project, &checked.issues[0], &fonts, &options)
                .and_then(|typeset| typeset.export_with(&options, &mut cache))
                .expect("exported")
                .files
        };
        let first = export(&checked);
        let again = export(&checked);
        let document = checked.issues[0].document.as_mut().expect("document");
        assert_eq!(document.distribution.copies, "共印260份");
        document.distribution.copies = "共印261份".into();
        let edited = export(&checked);

        let reused = |a: &[OutputFile], b: &[OutputFile]| -> Vec<bool> {
            a.iter()
                .zip(b)
                .map(|(a, b)| {
                    assert_eq!((&a.name, a.kind), (&b.name, b.kind));
                    Arc::ptr_eq(&a.bytes, &b.bytes)
                })
                .collect()
        };
        let names: Vec<&str> = first.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "12-1.svg", "12-2.svg", "12-3.svg", "12-4.svg", "12-5.svg", "12-6.svg", "12.pdf"
            ]
        );
        assert_eq!(reused(&first, &again), [true; 7]);
        assert_eq!(
            reused(&again, &edited),
            [true, true, true, true, true, false, false]
        );
        // What was made anew is what a fresh export makes.
        let fresh = checked
            .typeset(&project, &checked.issues[0], &fonts, &options)
            .and_then(|typeset| typeset.export(&options))
            .expect("exported");
        for (cached, fresh) in edited.iter().zip(&fresh.files) {
            assert_eq!(cached.bytes, fresh.bytes, "{}", cached.name);
        }
    }
}
