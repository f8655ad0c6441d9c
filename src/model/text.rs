//! The text of an item: Markdown's blocks and inlines, as the model keeps
//! them.

/// A block of text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A subheading inside an item (Markdown `##`).
    Heading(Vec<Inline>),
    /// A list of blocks per entry.
    List {
        /// Numbered (1. 2. 3.) or bulleted.
        ordered: bool,
        /// The entries.
        items: Vec<Vec<Block>>,
    },
    /// A quoted passage.
    Quote(Vec<Block>),
    /// A table (GFM): the header row and the body rows, each a list of
    /// cells.
    Table {
        /// Alignment of each column as written (`:---:`).
        aligns: Vec<Align>,
        /// The header row.
        header: Vec<Vec<Inline>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A photo with its caption, set centred as its own block.
    Figure {
        /// The image as written in the item (`photo.jpg`), a key of the
        /// item's `images`.
        src: String,
        /// The caption (the image's description, `![说明](…)`).
        caption: Vec<Inline>,
        /// The width given (`"80mm"`, `"8cm"`, `"60%"`), in millimetres;
        /// `None` for the text width.
        width_mm: Option<f64>,
    },
    /// Footnotes (Markdown `[^1]`), printed as 注 at the end of the item:
    /// each with its number and text.
    Notes(Vec<(u32, Vec<Inline>)>),
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Not given: numbers to the right, text to the left.
    Auto,
    /// `:---`.
    Left,
    /// `:---:`.
    Center,
    /// `---:`.
    Right,
}

/// Inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, printed as itself.
    Text(String),
    /// Bold (Markdown `**`).
    Strong(Vec<Inline>),
    /// Emphasis (Markdown `*`), printed in 楷体.
    Emph(Vec<Inline>),
    /// A forced line break.
    LineBreak,
    /// A reference to footnote N, printed as a superscript number.
    NoteRef(u32),
}
