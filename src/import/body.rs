//! Walking `word/document.xml`, as mammoth does: paragraphs and tables in
//! order; content controls, smart tags, custom XML and hyperlinks unwrapped;
//! `mc:AlternateContent` read through its fallback; insertions kept and
//! deletions dropped; field results kept and field codes skipped. What is
//! not carried over becomes a finding at its place.

use std::collections::HashMap;

use super::Refused;
use super::doc::{Block, Doc, Finding, Para, Piece};
use super::package::{Package, Target};
use super::styles::{Label, Numbering, Props, Styles, props};
use super::xml::Element;

/// Longest a paragraph quoted in a finding may be.
const QUOTE_CHARS: usize = 12;

/// The state of one walk.
pub struct Walker<'p, 'a> {
    pub(super) package: &'p mut Package<'a>,
    pub(super) rels: HashMap<String, Target>,
    pub(super) styles: Styles,
    pub(super) numbering: Numbering,
    pub(super) comments: HashMap<String, String>,
    /// Footnote and endnote bodies by kind and id.
    pub(super) note_bodies: HashMap<(bool, String), Element>,
    pub(super) doc: Doc,
    /// Findings of the paragraph being read, placed when it ends.
    pending: Vec<String>,
    /// Tracked changes: insertions kept, deletions dropped.
    pub(super) inserted: usize,
    pub(super) deleted: usize,
    /// Paragraphs of the body written so far, to say where a finding is.
    pub(super) paragraphs: usize,
    /// Inside a table, a note or a text box: paragraphs there are not
    /// counted, and their findings wait for the paragraph or table that
    /// holds them.
    pub(super) nested: usize,
}

/// Our own bookmark at the paragraph's top level, if it holds one.
fn mark(p: &Element) -> Option<crate::model::Mark> {
    p.elements()
        .filter(|e| e.local() == "bookmarkStart")
        .find_map(|e| crate::model::Mark::from_name(e.attr("name")?))
}

/// The emphasis a run inherits from its paragraph.
#[derive(Clone, Copy, Default)]
struct Emphasis {
    bold: bool,
    italic: bool,
}

impl<'p, 'a> Walker<'p, 'a> {
    /// A walker over an opened package.
    pub fn new(package: &'p mut Package<'a>) -> Self {
        Self {
            package,
            rels: HashMap::new(),
            styles: Styles::default(),
            numbering: Numbering::default(),
            comments: HashMap::new(),
            note_bodies: HashMap::new(),
            doc: Doc::default(),
            pending: Vec::new(),
            inserted: 0,
            deleted: 0,
            paragraphs: 0,
            nested: 0,
        }
    }

    /// Notes a finding at the current paragraph.
    pub(super) fn here(&mut self, what: impl Into<String>) {
        self.pending.push(what.into());
    }

    /// Notes a finding about the whole document.
    pub(super) fn whole(&mut self, what: impl Into<String>) {
        self.doc.findings.push(Finding {
            at: None,
            what: what.into(),
        });
    }

    /// Walks the blocks of a container (the body, a cell, a text box).
    pub fn blocks(
        &mut self,
        container: &Element,
        out: &mut Vec<Block>,
        boxed: bool,
    ) -> Result<(), Refused> {
        for e in container.elements() {
            match e.local() {
                "p" => self.paragraph(e, out, boxed)?,
                "tbl" => self.table(e, out)?,
                "sdt" => {
                    if let Some(content) = e.child("sdtContent") {
                        self.blocks(content, out, boxed)?;
                    }
                }
                "customXml" | "smartTag" | "moveTo" => self.blocks(e, out, boxed)?,
                "ins" => {
                    self.inserted += 1;
                    self.blocks(e, out, boxed)?;
                }
                "del" | "moveFrom" => self.deleted += 1,
                "AlternateContent" => {
                    if let Some(chosen) = alternative(e) {
                        self.blocks(chosen, out, boxed)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, p: &Element, out: &mut Vec<Block>, boxed: bool) -> Result<(), Refused> {
        let ppr = p.child("pPr");
        let style = self.styles.get(ppr.and_then(|p| p.val("pStyle")));
        let own = props(ppr, None);
        let direct_run = props(None, ppr.and_then(|p| p.child("rPr")));
        let par: Props = merge(&own, &style);
        let emphasis = Emphasis {
            bold: par.bold.unwrap_or(false),
            italic: par.italic.unwrap_or(false),
        };
        let mut pieces = Vec::new();
        let mut after = Vec::new();
        self.inlines(p, emphasis, &mut pieces, &mut after)?;
        let mut para = Para {
            pieces,
            boxed,
            mark: (self.nested == 0).then(|| mark(p)).flatten(),
            style: ppr.and_then(|p| p.val("pStyle")).map(str::to_owned),
            ..Para::default()
        };
        if let Some((num, level)) = &par.num {
            match self.numbering.next(num, *level) {
                Some(Label::Bullet) => para.bullet = Some(*level),
                Some(Label::Literal(label)) if !para.plain().trim().is_empty() => {
                    para.pieces.insert(
                        0,
                        Piece::Text {
                            text: label,
                            bold: emphasis.bold,
                            italic: false,
                        },
                    );
                }
                _ => {}
            }
        }
        let text = para.plain();
        let size = direct_run.size.or(par.size).unwrap_or(0);
        para.title_like = style.title || par.centred || size >= 36;
        para.heading = par.outline.map(|l| l + 1).or_else(|| {
            let font = direct_run
                .font
                .as_deref()
                .or(par.font.as_deref())
                .unwrap_or("");
            let strong = emphasis.bold
                || all_bold(&para.pieces)
                || font.contains("黑体")
                || font.contains("楷体")
                || font.contains("Hei");
            super::headings::typed_level(&text, strong)
        });
        if para.heading.is_some() {
            para.bullet = None;
        }
        let empty = text.trim().is_empty();
        if !empty {
            out.push(Block::Para(para));
        }
        if self.nested == 0 {
            if !empty {
                self.paragraphs += 1;
            }
            let at = if self.paragraphs == 0 {
                "文件开头".to_owned()
            } else if empty {
                format!("第 {} 段之后", self.paragraphs)
            } else {
                let quoted: String = text.trim().chars().take(QUOTE_CHARS).collect();
                let more = if text.trim().chars().count() > QUOTE_CHARS {
                    "……"
                } else {
                    ""
                };
                format!("第 {} 段「{quoted}{more}」", self.paragraphs)
            };
            self.place(&at);
        }
        out.extend(after);
        Ok(())
    }

    /// Gives the waiting findings their place.
    pub(super) fn place(&mut self, at: &str) {
        for what in std::mem::take(&mut self.pending) {
            self.doc.findings.push(Finding {
                at: Some(at.to_owned()),
                what,
            });
        }
    }

    /// Walks a table, a note or a text box: nested content.
    pub(super) fn nested(
        &mut self,
        container: &Element,
        out: &mut Vec<Block>,
        boxed: bool,
    ) -> Result<(), Refused> {
        self.nested += 1;
        let result = self.blocks(container, out, boxed);
        self.nested -= 1;
        result
    }

    fn inlines(
        &mut self,
        e: &Element,
        emphasis: Emphasis,
        pieces: &mut Vec<Piece>,
        after: &mut Vec<Block>,
    ) -> Result<(), Refused> {
        for c in e.elements() {
            match c.local() {
                "r" => self.run(c, emphasis, pieces, after)?,
                "hyperlink" | "smartTag" | "customXml" | "fldSimple" | "moveTo" | "bdo" | "dir" => {
                    self.inlines(c, emphasis, pieces, after)?
                }
                "ins" => {
                    self.inserted += 1;
                    self.inlines(c, emphasis, pieces, after)?;
                }
                "del" | "moveFrom" => self.deleted += 1,
                "sdt" => {
                    if let Some(content) = c.child("sdtContent") {
                        self.inlines(content, emphasis, pieces, after)?;
                    }
                }
                "AlternateContent" => {
                    if let Some(chosen) = alternative(c) {
                        self.inlines(chosen, emphasis, pieces, after)?;
                    }
                }
                "commentRangeStart" => self.comment(c.attr("id")),
                "oMath" | "oMathPara" => self.here("公式未带入（请在 Word 中另存为图片后插入）"),
                _ => {}
            }
        }
        Ok(())
    }

    fn comment(&mut self, id: Option<&str>) {
        let text = id.and_then(|id| self.comments.remove(id));
        if let Some(text) = text {
            self.here(format!("批注未带入：「{}」", text.trim()));
        }
    }

    fn run(
        &mut self,
        r: &Element,
        emphasis: Emphasis,
        pieces: &mut Vec<Piece>,
        after: &mut Vec<Block>,
    ) -> Result<(), Refused> {
        let rpr = r.child("rPr");
        let style = self.styles.get(rpr.and_then(|r| r.val("rStyle")));
        let own = props(None, rpr);
        let bold = own.bold.or(style.bold).unwrap_or(emphasis.bold);
        let italic = own.italic.or(style.italic).unwrap_or(emphasis.italic);
        let superscript = rpr
            .and_then(|r| r.child("vertAlign"))
            .and_then(|v| v.attr("val"))
            == Some("superscript");
        let push_text = |pieces: &mut Vec<Piece>, text: &str| {
            if superscript && !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
                pieces.push(Piece::Sup(text.to_owned()));
                return;
            }
            if let Some(Piece::Text {
                text: last,
                bold: b,
                italic: i,
            }) = pieces.last_mut()
                && *b == bold
                && *i == italic
            {
                last.push_str(text);
                return;
            }
            pieces.push(Piece::Text {
                text: text.to_owned(),
                bold,
                italic,
            });
        };
        for c in r.elements() {
            match c.local() {
                "t" => push_text(pieces, &c.text()),
                "tab" | "ptab" => push_text(pieces, " "),
                "noBreakHyphen" => push_text(pieces, "-"),
                "br" | "cr" if !matches!(c.attr("type"), Some("page" | "column")) => {
                    pieces.push(Piece::Break)
                }
                "sym" => {
                    let font = c.attr("font").unwrap_or("");
                    self.here(format!(
                        "符号（{font} 字体的 {}）未带入",
                        c.attr("char").unwrap_or("?")
                    ));
                }
                "footnoteReference" | "endnoteReference" => {
                    let endnote = c.local() == "endnoteReference";
                    if let Some(id) = c.attr("id") {
                        self.note(endnote, id, pieces)?;
                    }
                }
                "commentReference" => self.comment(c.attr("id")),
                "drawing" => super::drawings::drawing(self, c, after)?,
                "pict" => super::drawings::pict(self, c, after)?,
                "object" => super::drawings::object(self, c),
                "AlternateContent" => {
                    if let Some(chosen) = alternative(c) {
                        for inner in chosen.elements() {
                            match inner.local() {
                                "drawing" => super::drawings::drawing(self, inner, after)?,
                                "pict" => super::drawings::pict(self, inner, after)?,
                                "object" => super::drawings::object(self, inner),
                                _ => {}
                            }
                        }
                    }
                }
                "ruby" => {
                    if let Some(base) = c.child("rubyBase") {
                        push_text(pieces, &base.text());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn note(&mut self, endnote: bool, id: &str, pieces: &mut Vec<Piece>) -> Result<(), Refused> {
        let Some(body) = self.note_bodies.remove(&(endnote, id.to_owned())) else {
            return Ok(());
        };
        let mut blocks = Vec::new();
        self.nested(&body, &mut blocks, false)?;
        let mut text = Vec::new();
        for block in blocks {
            if let Block::Para(p) = block {
                if !text.is_empty() {
                    text.push(Piece::Break);
                }
                text.extend(
                    p.pieces
                        .into_iter()
                        .filter(|p| !matches!(p, Piece::Note(_))),
                );
            }
        }
        self.doc.notes.push(text);
        pieces.push(Piece::Note(self.doc.notes.len()));
        Ok(())
    }
}

/// The branch of `mc:AlternateContent` read: its fallback, which every
/// reader understands, or else its first choice.
pub fn alternative(e: &Element) -> Option<&Element> {
    e.child("Fallback").or_else(|| e.child("Choice"))
}

/// A paragraph's own properties over its style's.
fn merge(own: &Props, style: &Props) -> Props {
    let mut p = own.clone();
    p.outline = own.outline.or(style.outline);
    p.title = style.title;
    p.centred = own.centred || style.centred;
    p.bold = own.bold.or(style.bold);
    p.italic = own.italic.or(style.italic);
    p.size = own.size.or(style.size);
    p.font = own.font.clone().or_else(|| style.font.clone());
    p.num = own.num.clone().or_else(|| style.num.clone());
    p
}

/// Whether all text of a paragraph is bold.
fn all_bold(pieces: &[Piece]) -> bool {
    let mut any = false;
    for piece in pieces {
        if let Piece::Text { text, bold, .. } = piece
            && !text.trim().is_empty()
        {
            if !bold {
                return false;
            }
            any = true;
        }
    }
    any
}
