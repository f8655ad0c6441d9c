//! `document.xml`: the masthead, the headline list, the editor's note,
//! the items with their blocks and inline text, and the 版记 with the
//! sections around it.

use super::image::{self, Media};
use super::props::{Indent, Line, LineRule, Para, Run};
use super::styles::FIRST_LINE;
use super::xml::{NS_R, NS_W, Xml};
use super::{BODY_HALF_POINTS, LINE_PITCH, Layout, TEXT_WIDTH, table};
use crate::compose::{BlockData, Document, InlineData, ItemData};
use crate::model::{Mark, word};

/// The masthead's red.
pub const RED: &str = "E60012";

/// Writes the document part; returns it and the photos it embeds.
pub fn document(doc: &Document, layout: &Layout) -> (Vec<u8>, Vec<Media>) {
    let mut body = Body {
        xml: Xml::new(),
        doc,
        media: image::media(doc),
        figures: 0,
    };
    body.xml.open(
        "w:document",
        &[
            ("xmlns:w", NS_W),
            ("xmlns:r", NS_R),
            ("xmlns:wp", image::NS_WP),
            ("xmlns:a", image::NS_A),
            ("xmlns:pic", image::NS_PIC),
        ],
    );
    body.xml.open("w:body", &[]);
    body.masthead(layout.masthead_slots);
    body.headlines();
    body.editor_note(&doc.editor_note);
    for (i, item) in doc.items.iter().enumerate() {
        body.item(i, item, layout.title_rows.get(i));
    }
    super::banji::with_sections(&mut body, layout.banji);
    body.xml.close("w:body");
    body.xml.close("w:document");
    (body.xml.finish(), body.media)
}

/// Where a block sits: its left indent and the font its text takes
/// (楷体 in quotes and editor's notes).
#[derive(Debug, Clone, Default)]
struct Ctx {
    left: i64,
    font: Option<String>,
}

pub(super) struct Body<'a> {
    pub(super) xml: Xml,
    doc: &'a Document,
    media: Vec<Media>,
    /// Figures written so far: drawing ids follow the document's order.
    figures: usize,
}

impl<'a> Body<'a> {
    /// The document being written.
    pub(super) fn doc(&self) -> &'a Document {
        self.doc
    }

    /// The Word font names.
    pub(super) fn fonts(&self) -> &'a crate::model::WordFonts {
        &self.doc.series.word_fonts
    }

    /// A run of text.
    pub(super) fn run(&mut self, text: &str, props: &Run) {
        self.xml.open("w:r", &[]);
        if !props.is_empty() {
            props.write(&mut self.xml);
        }
        self.xml.leaf("w:t", &[("xml:space", "preserve")], text);
        self.xml.close("w:r");
    }

    /// A paragraph of plain runs.
    pub(super) fn para(&mut self, para: &Para, runs: &[(&str, Run)]) {
        self.marked_para(para, runs, None);
    }

    /// A paragraph of plain runs, with a bookmark (`id`, `name`) at its
    /// start when one is given.
    pub(super) fn marked_para(&mut self, para: &Para, runs: &[(&str, Run)], mark: Option<Mark>) {
        self.xml.open("w:p", &[]);
        para.write(&mut self.xml);
        if let Some(mark) = mark {
            self.bookmark(mark);
        }
        for (text, run) in runs {
            self.run(text, run);
        }
        self.xml.close("w:p");
    }

    /// A bookmark of no extent where the paragraph's text starts: what
    /// `bulletin import` finds our structure by (see [`Mark`]).
    fn bookmark(&mut self, mark: Mark) {
        let (id, name) = mark.id_and_name();
        self.xml
            .empty("w:bookmarkStart", &[("w:id", &id), ("w:name", &name)]);
        self.xml.empty("w:bookmarkEnd", &[("w:id", &id)]);
    }

    /// Inline text as runs: 黑体 for bold, 楷体 for emphasis.
    pub(super) fn inlines(&mut self, inlines: &[InlineData], base: &Run) {
        for inline in inlines {
            match inline {
                InlineData::Text { text } => self.run(text, base),
                InlineData::Strong { inlines } | InlineData::Emph { inlines } => {
                    let strong = matches!(inline, InlineData::Strong { .. });
                    let fonts = &self.doc.series.word_fonts;
                    let run = Run {
                        style: Some(if strong { "Strong" } else { "Emphasis" }),
                        // A font the context sets directly would win over
                        // the style's: name the style's font directly too.
                        font: base.font.as_ref().map(|_| {
                            if strong {
                                fonts.hei.clone()
                            } else {
                                fonts.kai.clone()
                            }
                        }),
                        ..base.clone()
                    };
                    self.inlines(inlines, &run);
                }
                InlineData::Break => {
                    self.xml.open("w:r", &[]);
                    self.xml.empty("w:br", &[]);
                    self.xml.close("w:r");
                }
                InlineData::Noteref { number } => {
                    let run = Run {
                        superscript: true,
                        ..base.clone()
                    };
                    self.run(&number.to_string(), &run);
                }
            }
        }
    }

    pub(super) fn text_para(&mut self, para: &Para, inlines: &[InlineData], base: &Run) {
        self.xml.open("w:p", &[]);
        para.write(&mut self.xml);
        self.inlines(inlines, base);
        self.xml.close("w:p");
    }

    /// An editor's note (编者按): the label in 黑体, the note in 楷体.
    pub(super) fn editor_note(&mut self, blocks: &[BlockData]) {
        let kai = self.doc.series.word_fonts.kai.clone();
        let ctx = Ctx {
            left: 0,
            font: Some(kai.clone()),
        };
        let label = Run {
            style: Some("Strong"),
            font: Some(self.doc.series.word_fonts.hei.clone()),
            ..Run::default()
        };
        for (i, block) in blocks.iter().enumerate() {
            match (i, block) {
                (0, BlockData::Par { inlines }) => {
                    self.xml.open("w:p", &[]);
                    Para::default().write(&mut self.xml);
                    self.run(word::EDITOR_NOTE, &label);
                    let base = Run {
                        font: Some(kai.clone()),
                        ..Run::default()
                    };
                    self.inlines(inlines, &base);
                    self.xml.close("w:p");
                }
                _ => {
                    if i == 0 {
                        self.para(&Para::default(), &[(word::EDITOR_NOTE, label.clone())]);
                    }
                    self.block(block, &ctx);
                }
            }
        }
    }

    /// One item (the `index`th, from 0): its title, subtitle, editor's note
    /// and blocks.
    fn item(&mut self, index: usize, item: &ItemData, rows: Option<&Vec<String>>) {
        let rows: Vec<String> = match rows {
            Some(rows) if !rows.is_empty() => rows.clone(),
            _ => item
                .title_lines
                .iter()
                .map(|words| words.concat())
                .collect(),
        };
        self.xml.open("w:p", &[]);
        Para {
            style: Some("Heading1"),
            ..Para::default()
        }
        .write(&mut self.xml);
        self.bookmark(Mark::Item(index));
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                self.xml.open("w:r", &[]);
                self.xml.empty("w:br", &[]);
                self.xml.close("w:r");
            }
            self.run(row, &Run::default());
        }
        self.xml.close("w:p");
        if !item.subtitle.is_empty() {
            let para = Para {
                style: Some(word::SUBTITLE),
                keep_next: true,
                ..Para::default()
            };
            self.para(&para, &[(&item.subtitle, Run::default())]);
        }
        self.editor_note(&item.editor_note);
        for block in &item.blocks {
            self.block(block, &Ctx::default());
        }
    }

    fn base(ctx: &Ctx) -> Run {
        Run {
            font: ctx.font.clone(),
            ..Run::default()
        }
    }

    fn body_para(ctx: &Ctx) -> Para {
        Para {
            indent: (ctx.left > 0).then_some(Indent {
                left: ctx.left,
                first: FIRST_LINE,
                ..Indent::default()
            }),
            ..Para::default()
        }
    }

    fn block(&mut self, block: &BlockData, ctx: &Ctx) {
        match block {
            BlockData::Par { inlines } => {
                self.text_para(&Self::body_para(ctx), inlines, &Self::base(ctx))
            }
            BlockData::Heading { inlines } => {
                let para = Para {
                    style: Some("Heading2"),
                    ..Self::body_para(ctx)
                };
                let base = Run {
                    font: ctx
                        .font
                        .as_ref()
                        .map(|_| self.doc.series.word_fonts.hei.clone()),
                    ..Run::default()
                };
                self.text_para(&para, inlines, &base)
            }
            BlockData::List { ordered, items } => self.list(*ordered, items, ctx),
            BlockData::Quote { blocks } => {
                let inner = Ctx {
                    left: ctx.left + FIRST_LINE,
                    font: Some(self.doc.series.word_fonts.kai.clone()),
                };
                for b in blocks {
                    self.block(b, &inner);
                }
            }
            BlockData::Table {
                aligns,
                header,
                rows,
            } => table::table(self, aligns, header, rows),
            BlockData::Figure {
                src,
                caption,
                alt,
                width_mm,
                ..
            } => {
                self.figures += 1;
                let found = self.media.iter().find(|m| m.path == *src).cloned();
                if let Some(media) = found {
                    self.xml.open("w:p", &[]);
                    Para {
                        style: Some("BulletinFigure"),
                        keep_next: !caption.is_empty(),
                        ..Para::default()
                    }
                    .write(&mut self.xml);
                    image::drawing(&mut self.xml, &media, *width_mm, alt, self.figures);
                    self.xml.close("w:p");
                }
                if !caption.is_empty() {
                    let para = Para {
                        style: Some(word::CAPTION),
                        ..Para::default()
                    };
                    self.text_para(&para, caption, &Run::default());
                }
            }
            BlockData::Notes { notes } => {
                // A short rule (5 characters of 四号), then 注1：….
                let rule = Para {
                    style: Some(word::NOTE),
                    before: Some(LINE_PITCH - i64::from(BODY_HALF_POINTS) * 10),
                    after: Some(126),
                    line: Some(LineRule::Exact(20)),
                    border_bottom: Some(Line {
                        eighths: 4,
                        color: "000000",
                        space: 0,
                    }),
                    indent: Some(Indent {
                        right: TEXT_WIDTH - 1400,
                        ..Indent::default()
                    }),
                    ..Para::default()
                };
                self.para(&rule, &[]);
                for note in notes {
                    let para = Para {
                        style: Some(word::NOTE),
                        ..Para::default()
                    };
                    self.xml.open("w:p", &[]);
                    para.write(&mut self.xml);
                    self.run(&word::note_label(note.number), &Self::base(ctx));
                    self.inlines(&note.inlines, &Self::base(ctx));
                    self.xml.close("w:p");
                }
            }
        }
    }

    /// A list: each entry's first paragraph after its marker (1. or •),
    /// the entries indented two characters as in the PDF.
    fn list(&mut self, ordered: bool, items: &[Vec<BlockData>], ctx: &Ctx) {
        let depth = (ctx.left / FIRST_LINE) as usize;
        let hang = 640;
        let inner = Ctx {
            left: ctx.left + FIRST_LINE + hang,
            font: ctx.font.clone(),
        };
        for (i, entry) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}.\t", i + 1)
            } else {
                format!("{}\t", ["•", "○", "–"][depth % 3])
            };
            // The paragraph that carries the marker, hanging by its width.
            let marker_para = Para {
                indent: Some(Indent {
                    left: inner.left,
                    first: -hang,
                    ..Indent::default()
                }),
                ..Para::default()
            };
            for (j, block) in entry.iter().enumerate() {
                match (j, block) {
                    (0, BlockData::Par { inlines }) => {
                        self.xml.open("w:p", &[]);
                        marker_para.write(&mut self.xml);
                        self.run(&marker, &Self::base(ctx));
                        self.inlines(inlines, &Self::base(ctx));
                        self.xml.close("w:p");
                    }
                    _ => {
                        if j == 0 {
                            self.para(&marker_para, &[(marker.trim_end(), Self::base(ctx))]);
                        }
                        let nested = Ctx {
                            left: inner.left,
                            font: ctx.font.clone(),
                        };
                        match block {
                            BlockData::Par { inlines } => {
                                let para = Para {
                                    indent: Some(Indent {
                                        left: inner.left,
                                        ..Indent::default()
                                    }),
                                    ..Para::default()
                                };
                                self.text_para(&para, inlines, &Self::base(ctx));
                            }
                            other => self.block(other, &nested),
                        }
                    }
                }
            }
        }
    }
}
