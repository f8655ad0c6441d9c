//! What the importer makes of a Word document before it is written as
//! Markdown: blocks of pieces of text, the photos, the notes, and the
//! findings of what could not be carried over.

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text with its emphasis.
    Text {
        /// The characters.
        text: String,
        /// Bold.
        bold: bool,
        /// Italic.
        italic: bool,
    },
    /// A line break within the paragraph.
    Break,
    /// A reference to a footnote or endnote (1-based, in order).
    Note(usize),
    /// A number set as superscript: how our own Word file prints a note's
    /// reference (see `split`); elsewhere, text.
    Sup(String),
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Para),
    /// A table: the rows of cells, each cell's pieces.
    Table(Vec<Vec<Vec<Piece>>>),
    /// A photo where it is shown.
    Photo(Shown),
}

/// A photo where the document shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// Which of the document's photos.
    pub index: usize,
    /// Its caption, when one is known (our own Word files).
    pub caption: Option<String>,
    /// The width it is shown at, in millimetres, when narrower than the
    /// text block (our own Word files).
    pub width_mm: Option<u32>,
}

/// A paragraph and what its style says about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    /// Its pieces.
    pub pieces: Vec<Piece>,
    /// Heading level (1 = top), when it is a heading.
    pub heading: Option<u8>,
    /// Level of a bulleted list item (0 = top).
    pub bullet: Option<u8>,
    /// From a text box: written as a quotation.
    pub boxed: bool,
    /// Centred, Title style, or large: a title candidate.
    pub title_like: bool,
    /// One of our own bookmarks at its start (`--format docx`).
    pub mark: Option<crate::model::Mark>,
    /// Its paragraph style's id (`Subtitle`, `Caption`).
    pub style: Option<String>,
}

impl Para {
    /// The paragraph's characters, without emphasis.
    pub fn plain(&self) -> String {
        plain(&self.pieces)
    }
}

/// The characters of pieces, without emphasis.
pub fn plain(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text { text, .. } => out.push_str(text),
            Piece::Break => out.push('\n'),
            Piece::Sup(text) => out.push_str(text),
            Piece::Note(_) => {}
        }
    }
    out
}

/// A photo taken out of the package.
#[derive(Debug, Clone)]
pub struct Photo {
    /// `jpg` or `png`.
    pub extension: &'static str,
    /// Its bytes, as stored.
    pub bytes: Vec<u8>,
}

/// Something that could not be carried over as it was, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Where: 第 3 段「……」, or `None` for the whole document.
    pub at: Option<String>,
    /// What, in Chinese.
    pub what: String,
}

/// A document read.
#[derive(Debug, Default)]
pub struct Doc {
    /// Its blocks, in order.
    pub blocks: Vec<Block>,
    /// Its photos, as the blocks name them.
    pub photos: Vec<Photo>,
    /// The notes (footnotes, then endnotes as they are referenced), each
    /// as pieces.
    pub notes: Vec<Vec<Piece>>,
    /// What could not be carried over.
    pub findings: Vec<Finding>,
    /// The title from the document's properties, if any.
    pub property_title: Option<String>,
    /// The subtitle and the editor's note of an item of our own Word file.
    pub subtitle: Option<String>,
    pub editor_note: Option<String>,
}
