//! The document both renderers print: plain data, serialized to JSON for
//! the Typst template and rendered by the HTML templates, and the text it
//! prints, which the glyph rules read.

use serde::Serialize;

use crate::diagnostic::FileId;
use crate::page::Page;

/// Everything the templates print for one issue.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The page and its type area, which the templates lay out on.
    pub page: Page,
    /// Which font role prints each element.
    pub roles: Roles,
    /// Series data for the masthead.
    pub series: SeriesData,
    /// Issue data for the masthead.
    pub issue: IssueData,
    /// The headline list, one entry per item.
    pub headlines: Vec<String>,
    /// The items in print order.
    pub items: Vec<ItemData>,
    /// The distribution block.
    pub distribution: DistributionData,
    /// The photos, each once, as the figures name them.
    pub images: Vec<ImageData>,
    /// The editor's note (编者按) for the issue; empty when none.
    pub editor_note: Vec<BlockData>,
}

/// A font role: the templates print it with the font stack of that name
/// (`fonts.title`, `fonts.body`, `fonts.hei`, `fonts.kai`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FontRole {
    /// 小标宋: the masthead and the titles.
    Title,
    /// 仿宋: the body.
    Body,
    /// 黑体: headings, table headers, bold.
    Hei,
    /// 楷体: quotes, captions, the 编者按, emphasis.
    Kai,
}

/// Which role prints each element of an issue. The templates take an
/// element's font from here (`fonts.at(roles.heading)`), and the
/// fallback-glyph rule reads the same table, so the two cannot disagree.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Roles {
    /// The masthead's lines.
    pub masthead: FontRole,
    /// The label above the masthead and the copy number.
    pub mark: FontRole,
    /// Item titles.
    pub title: FontRole,
    /// Subtitles (——…).
    pub subtitle: FontRole,
    /// Paragraphs, lists, table cells, notes, the headline list, the
    /// issue line, the 版记 and the page numbers.
    pub body: FontRole,
    /// Headings within an item.
    pub heading: FontRole,
    /// Bold text.
    pub strong: FontRole,
    /// Emphasised text.
    pub emph: FontRole,
    /// Block quotes.
    pub quote: FontRole,
    /// Photo captions.
    pub caption: FontRole,
    /// The header row of a table.
    pub table_header: FontRole,
    /// The text of an 编者按.
    pub editor_note: FontRole,
    /// The word 编者按 before it.
    pub editor_note_label: FontRole,
}

/// The roles of the built-in templates.
pub const ROLES: Roles = Roles {
    masthead: FontRole::Title,
    mark: FontRole::Hei,
    title: FontRole::Title,
    subtitle: FontRole::Kai,
    body: FontRole::Body,
    heading: FontRole::Hei,
    strong: FontRole::Hei,
    emph: FontRole::Kai,
    quote: FontRole::Kai,
    caption: FontRole::Kai,
    table_header: FontRole::Hei,
    editor_note: FontRole::Kai,
    editor_note_label: FontRole::Hei,
};

/// A photo of the document: where the templates find it, and its bytes.
#[derive(Debug, Clone, Serialize)]
pub struct ImageData {
    /// The virtual path the Typst template reads and HTML looks up.
    pub path: String,
    /// `image/jpeg` or `image/png`.
    #[serde(skip)]
    pub mime: &'static str,
    /// Width in pixels, as shown (EXIF orientation applied).
    #[serde(skip)]
    pub width: u32,
    /// Height in pixels, as shown.
    #[serde(skip)]
    pub height: u32,
    /// The file's bytes.
    #[serde(skip)]
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// The series part of the masthead.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesData {
    /// Full series name.
    pub title: String,
    /// Lines of the red masthead.
    pub masthead: Vec<String>,
    /// The issuing office.
    pub office: String,
    /// Whether the series prints on one side of the sheet only: then the
    /// 版记 need not fall on an even page.
    pub single_sided: bool,
    /// The font names the Word file gives.
    #[serde(skip)]
    pub word_fonts: crate::model::WordFonts,
}

/// The issue part of the masthead.
#[derive(Debug, Clone, Serialize)]
pub struct IssueData {
    /// The number within its year and kind (5 of 2024年第5期).
    pub number: u32,
    /// The issue as its folder and output files are named: `12`, `2024-5`,
    /// `增刊1`.
    pub id: String,
    /// `id` as a URL path segment, non-ASCII percent-encoded.
    pub url: String,
    /// 第12期, 2024年第5期, 增刊第1期.
    pub label: String,
    /// The copy number (份号) at the top right of the first page, six
    /// digits (000007), or empty.
    pub copy: String,
    /// 2021年3月17日.
    pub date: String,
    /// 2021-03-17, for metadata.
    pub iso_date: String,
    /// 总第345期, or empty.
    pub total: String,
    /// The label above the masthead at the top left (内部资料 注意保存),
    /// or empty.
    pub mark: String,
}

/// One item as printed.
#[derive(Debug, Clone, Serialize)]
pub struct ItemData {
    /// The item file, for diagnostics.
    #[serde(skip)]
    pub file: FileId,
    /// The title on one line (headline list, HTML, metadata).
    pub title: String,
    /// The title as printed in the PDF: the writer's lines (a line break in
    /// the title forces one), each as the words a line may break between.
    pub title_lines: Vec<Vec<String>>,
    /// The subtitle with its leading ——, or empty.
    pub subtitle: String,
    /// The editor's note (编者按) before the item; empty when none.
    pub editor_note: Vec<BlockData>,
    /// Paragraphs and other blocks.
    pub blocks: Vec<BlockData>,
}

/// A block as the templates see it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockData {
    /// A paragraph.
    Par {
        /// Its text.
        inlines: Vec<InlineData>,
    },
    /// A subheading.
    Heading {
        /// Its text.
        inlines: Vec<InlineData>,
    },
    /// A list.
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// Blocks per entry.
        items: Vec<Vec<BlockData>>,
    },
    /// A quotation.
    Quote {
        /// Its blocks.
        blocks: Vec<BlockData>,
    },
    /// A photo, centred, with its caption under it.
    Figure {
        /// The image's virtual path (`/.bulletin/images/0.jpg`), one of
        /// the document's `images`.
        src: String,
        /// The caption.
        caption: Vec<InlineData>,
        /// The caption as plain text, for HTML's `alt`.
        alt: String,
        /// The width it is set at, in millimetres.
        width_mm: f64,
        /// The same width as a share of the text width, for HTML.
        width_percent: f64,
    },
    /// A ruled table.
    Table {
        /// Per column: `left`, `center` or `right`; numbers go right when
        /// the writer gave no alignment.
        aligns: Vec<&'static str>,
        /// The header row's cells.
        header: Vec<Vec<InlineData>>,
        /// The body rows' cells.
        rows: Vec<Vec<Vec<InlineData>>>,
    },
    /// The item's footnotes (注), at its end.
    Notes {
        /// Each note.
        notes: Vec<NoteData>,
    },
}

/// One footnote as printed.
#[derive(Debug, Clone, Serialize)]
pub struct NoteData {
    /// Its number, as its references print it.
    pub number: u32,
    /// Its text.
    pub inlines: Vec<InlineData>,
}

/// Inline text as the templates see it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum InlineData {
    /// Plain text.
    Text {
        /// The characters, printed as themselves.
        text: String,
    },
    /// Bold.
    Strong {
        /// Its content.
        inlines: Vec<InlineData>,
    },
    /// Emphasis.
    Emph {
        /// Its content.
        inlines: Vec<InlineData>,
    },
    /// A forced line break.
    Break,
    /// A reference to a footnote.
    Noteref {
        /// The note's number.
        number: u32,
    },
}

/// The distribution block as printed.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionData {
    /// 报/送/发 lines that have recipients.
    pub lines: Vec<DistributionLine>,
    /// 共印260份, or empty when no count is set.
    pub copies: String,
    /// 责任编辑：周明　　校对：陈静, or empty.
    pub editors: String,
    /// Who prints the issue (聊城市创城办), on the last line; may be empty
    /// when `issued` is not.
    pub issuer: String,
    /// 2021年12月20日印发, or empty when the series gives no 印发 line.
    pub issued: String,
}

/// One 报/送/发 line.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionLine {
    /// 报, 送 or 发.
    pub label: String,
    /// Recipients joined with "，".
    pub text: String,
}

impl Document {
    /// Every character printed for an item, with the item's file.
    pub fn item_texts(&self) -> impl Iterator<Item = (FileId, String)> + '_ {
        self.items.iter().map(|item| {
            let mut text = item.title.clone();
            text.push_str(&item.subtitle);
            if !item.editor_note.is_empty() {
                text.push_str("编者按：");
            }
            for b in item.editor_note.iter().chain(&item.blocks) {
                collect_block(b, &mut text);
            }
            (item.file, text)
        })
    }

    /// Every character printed outside the items.
    pub fn frame_text(&self) -> String {
        let mut text = self.series.masthead.concat();
        text.push_str(&self.series.office);
        text.push_str(&self.issue.label);
        text.push_str(&self.issue.date);
        text.push_str(&self.issue.total);
        text.push_str(&self.issue.mark);
        if !self.editor_note.is_empty() {
            text.push_str("编者按：（）");
        }
        for b in &self.editor_note {
            collect_block(b, &mut text);
        }
        for line in &self.distribution.lines {
            text.push_str(&line.label);
            text.push_str(&line.text);
        }
        text.push_str(&self.distribution.copies);
        text.push_str(&self.distribution.editors);
        text.push_str(&self.distribution.issuer);
        text.push_str(&self.distribution.issued);
        text.push_str(&self.issue.copy);
        text
    }
}

impl Document {
    /// Removes the characters that print as nothing (see
    /// [`crate::invisible`]) from every text of the document, so that
    /// neither the glyph rules nor a renderer ever meets one.
    pub fn drop_invisible(&mut self) {
        use crate::invisible::strip_in_place as strip;
        strip(&mut self.series.title);
        self.series.masthead.iter_mut().for_each(strip);
        strip(&mut self.series.office);
        let issue = &mut self.issue;
        for text in [&mut issue.label, &mut issue.copy, &mut issue.date] {
            strip(text);
        }
        for text in [&mut issue.total, &mut issue.mark] {
            strip(text);
        }
        self.headlines.iter_mut().for_each(strip);
        for item in &mut self.items {
            strip(&mut item.title);
            item.title_lines.iter_mut().flatten().for_each(strip);
            for line in &mut item.title_lines {
                line.retain(|word| !word.is_empty());
            }
            strip(&mut item.subtitle);
            drop_in_blocks(&mut item.editor_note);
            drop_in_blocks(&mut item.blocks);
        }
        drop_in_blocks(&mut self.editor_note);
        let d = &mut self.distribution;
        for line in &mut d.lines {
            strip(&mut line.label);
            strip(&mut line.text);
        }
        for text in [&mut d.copies, &mut d.editors, &mut d.issuer, &mut d.issued] {
            strip(text);
        }
    }
}

fn drop_in_blocks(blocks: &mut [BlockData]) {
    for block in blocks {
        match block {
            BlockData::Par { inlines } | BlockData::Heading { inlines } => drop_in_inlines(inlines),
            BlockData::List { items, .. } => items.iter_mut().for_each(|b| drop_in_blocks(b)),
            BlockData::Quote { blocks } => drop_in_blocks(blocks),
            BlockData::Figure { caption, alt, .. } => {
                drop_in_inlines(caption);
                crate::invisible::strip_in_place(alt);
            }
            BlockData::Table { header, rows, .. } => {
                header.iter_mut().for_each(|c| drop_in_inlines(c));
                rows.iter_mut().flatten().for_each(|c| drop_in_inlines(c));
            }
            BlockData::Notes { notes } => notes
                .iter_mut()
                .for_each(|n| drop_in_inlines(&mut n.inlines)),
        }
    }
}

fn drop_in_inlines(inlines: &mut [InlineData]) {
    for inline in inlines {
        match inline {
            InlineData::Text { text } => crate::invisible::strip_in_place(text),
            InlineData::Strong { inlines } | InlineData::Emph { inlines } => {
                drop_in_inlines(inlines)
            }
            InlineData::Break | InlineData::Noteref { .. } => {}
        }
    }
}

fn collect_block(block: &BlockData, out: &mut String) {
    match block {
        BlockData::Par { inlines } | BlockData::Heading { inlines } => {
            collect_inlines(inlines, out)
        }
        BlockData::List { items, .. } => items.iter().flatten().for_each(|b| collect_block(b, out)),
        BlockData::Quote { blocks } => blocks.iter().for_each(|b| collect_block(b, out)),
        BlockData::Figure { caption, .. } => collect_inlines(caption, out),
        BlockData::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                collect_inlines(cell, out);
            }
        }
        BlockData::Notes { notes } => {
            for note in notes {
                out.push_str(&crate::model::word::note_label(note.number));
                collect_inlines(&note.inlines, out);
            }
        }
    }
}

/// Appends the characters `inlines` print to `out`.
pub fn collect_inlines(inlines: &[InlineData], out: &mut String) {
    for inline in inlines {
        match inline {
            InlineData::Text { text } => out.push_str(text),
            InlineData::Strong { inlines } | InlineData::Emph { inlines } => {
                collect_inlines(inlines, out)
            }
            InlineData::Break => {}
            InlineData::Noteref { number } => out.push_str(&number.to_string()),
        }
    }
}
