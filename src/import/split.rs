//! Our own Word file (`bulletin build --format docx`) read back as the
//! items it holds: the bookmarks it carries ([`crate::model::Mark`]) say
//! where each item starts and where the 版记 starts. What comes before the
//! first item (the masthead, the headline list, the editor's note) and the
//! 版记 are made by the series, so they are left out, and said so.

use super::doc::{Block, Doc, Finding, Piece};
use crate::model::{Mark, word};

/// The documents of the items a document holds, in order: one per item
/// mark, or the whole document when it has none.
pub fn items(mut doc: Doc) -> Vec<Doc> {
    let marks: Vec<(usize, Mark)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Para(p) => p.mark.map(|m| (i, m)),
            _ => None,
        })
        .collect();
    let starts: Vec<usize> = marks
        .iter()
        .filter(|(_, m)| matches!(m, Mark::Item(_)))
        .map(|(i, _)| *i)
        .collect();
    let Some(&first) = starts.first() else {
        // Another writer's file: its photos at the width of the text.
        for block in &mut doc.blocks {
            if let Block::Photo(shown) = block {
                shown.width_mm = None;
            }
        }
        return vec![doc];
    };
    let end = marks
        .iter()
        .filter(|(i, m)| *m == Mark::End && *i > first)
        .map(|(i, _)| *i)
        .next()
        .unwrap_or(doc.blocks.len());
    let left_out = first + (doc.blocks.len() - end);
    let mut blocks = std::mem::take(&mut doc.blocks);
    blocks.truncate(end);
    let mut pieces: Vec<Vec<Block>> = Vec::with_capacity(starts.len());
    for &start in starts.iter().rev() {
        pieces.push(blocks.split_off(start));
    }
    pieces.reverse();
    let mut findings = std::mem::take(&mut doc.findings);
    if left_out > 0 {
        findings.push(Finding {
            at: None,
            what: format!(
                "这是 bulletin 生成的 Word 文件：红头、标题目录、编者按和版记（{left_out} 段）由本系列生成，没有导入；其中 {} 篇稿件各成一个文件",
                pieces.len()
            ),
        });
    }
    let mut docs: Vec<Doc> = pieces
        .into_iter()
        .map(|blocks| own(blocks, &doc.photos, &doc.notes))
        .collect();
    if let Some(first) = docs.first_mut() {
        first.findings = findings;
    }
    docs
}

/// An item's blocks as a document of its own: the photos and notes they
/// name, numbered again from the first.
fn own(mut blocks: Vec<Block>, photos: &[super::doc::Photo], notes: &[Vec<Piece>]) -> Doc {
    let mut doc = Doc::default();
    let note = |pieces: &mut Vec<Piece>, doc: &mut Doc| {
        for piece in pieces.iter_mut() {
            if let Piece::Note(n) = piece {
                let body = n.checked_sub(1).and_then(|i| notes.get(i));
                doc.notes.push(body.cloned().unwrap_or_default());
                *n = doc.notes.len();
            }
        }
    };
    for block in &mut blocks {
        match block {
            Block::Para(p) => note(&mut p.pieces, &mut doc),
            Block::Table(rows) => {
                for cell in rows.iter_mut().flatten() {
                    note(cell, &mut doc);
                }
            }
            Block::Photo(shown) => {
                if let Some(photo) = photos.get(shown.index) {
                    doc.photos.push(photo.clone());
                    shown.index = doc.photos.len() - 1;
                }
            }
        }
    }
    ours(&mut doc, blocks);
    doc
}

/// Gives back what our writer made of an item's fields: the subtitle (the
/// `Subtitle` paragraph after the title, printed after ——), the editor's
/// note (编者按：…) and each photo's caption (the `Caption` paragraph after
/// it), taking their paragraphs out of the body.
fn ours(doc: &mut Doc, blocks: Vec<Block>) {
    let style_of = |b: &Block| match b {
        Block::Para(p) => p.style.clone(),
        _ => None,
    };
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut blocks = blocks.into_iter().peekable();
    if let Some(title) = blocks.next() {
        out.push(title);
    }
    if let Some(Block::Para(p)) = blocks.next_if(|b| style_of(b).as_deref() == Some(word::SUBTITLE))
    {
        let text = p.plain();
        doc.subtitle = Some(text.trim().trim_start_matches('—').trim().to_owned());
    }
    if let Some(Block::Para(p)) = blocks.next_if(
        |b| matches!(b, Block::Para(p) if p.plain().trim_start().starts_with(word::EDITOR_NOTE)),
    ) {
        let text = p.plain();
        let note = text
            .trim_start()
            .trim_start_matches(word::EDITOR_NOTE)
            .trim();
        doc.editor_note = Some(note.to_owned());
    }
    // 注1：… paragraphs under the rule (style BulletinNote), by number.
    let mut notes: Vec<(String, Vec<Piece>)> = Vec::new();
    while let Some(block) = blocks.next() {
        match block {
            Block::Para(p) if p.style.as_deref() == Some(word::NOTE) => {
                if let Some(note) = note_of(p.pieces) {
                    notes.push(note);
                }
            }
            Block::Photo(mut shown) => {
                shown.caption = blocks
                    .next_if(|b| style_of(b).as_deref() == Some(word::CAPTION))
                    .and_then(|b| match b {
                        Block::Para(p) => Some(p.plain().trim().to_owned()),
                        _ => None,
                    });
                out.push(Block::Photo(shown));
            }
            other => out.push(other),
        }
    }
    // The superscript numbers that name a note become its reference.
    let base = doc.notes.len();
    let refer = |pieces: &mut Vec<Piece>| {
        for piece in pieces.iter_mut() {
            if let Piece::Sup(n) = piece
                && let Some(at) = notes.iter().position(|(number, _)| number == n)
            {
                *piece = Piece::Note(base + at + 1);
            }
        }
    };
    for block in &mut out {
        match block {
            Block::Para(p) => refer(&mut p.pieces),
            Block::Table(rows) => rows.iter_mut().flatten().for_each(&refer),
            Block::Photo(..) => {}
        }
    }
    doc.notes.extend(notes.into_iter().map(|(_, body)| body));
    doc.blocks = out;
}

/// A note as our writer prints it, 注1：text: its number and its text.
fn note_of(mut pieces: Vec<Piece>) -> Option<(String, Vec<Piece>)> {
    let Some(Piece::Text { text, .. }) = pieces.first_mut() else {
        return None;
    };
    let rest = text.trim_start().strip_prefix('注')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let number = rest[..digits].to_owned();
    let body = rest[digits..].strip_prefix('：')?.to_owned();
    if number.is_empty() {
        return None;
    }
    *text = body;
    Some((number, pieces))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::{Para, Photo, Shown};

    fn para(text: &str, mark: Option<Mark>, note: Option<usize>) -> Block {
        let mut pieces = vec![Piece::Text {
            text: text.into(),
            bold: false,
            italic: false,
        }];
        pieces.extend(note.map(Piece::Note));
        Block::Para(Para {
            pieces,
            mark,
            ..Para::default()
        })
    }

    fn texts(doc: &Doc) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.plain(),
                Block::Photo(shown) => format!("photo {}", shown.index),
                Block::Table(_) => "table".into(),
            })
            .collect()
    }

    #[test]
    fn without_marks_the_document_is_one_item() {
        let doc = Doc {
            blocks: vec![para("标题", None, None), para("正文", None, None)],
            ..Doc::default()
        };
        let items = items(doc);
        assert_eq!(items.len(), 1);
        assert_eq!(texts(&items[0]), ["标题", "正文"]);
        assert!(items[0].findings.is_empty());
    }

    #[test]
    fn items_between_the_marks_with_their_own_photos_and_notes() {
        let photo = |b: u8| Photo {
            extension: "png",
            bytes: vec![b],
        };
        let doc = Doc {
            blocks: vec![
                para("简报", None, None),
                para("目录", None, None),
                para("一", Some(Mark::Item(0)), None),
                Block::Photo(Shown {
                    index: 0,
                    caption: None,
                    width_mm: None,
                }),
                para("甲", None, Some(1)),
                para("二", Some(Mark::Item(1)), None),
                para("乙", None, Some(2)),
                Block::Photo(Shown {
                    index: 1,
                    caption: None,
                    width_mm: None,
                }),
                para("报：", Some(Mark::End), None),
                para("共印", None, None),
            ],
            photos: vec![photo(1), photo(2)],
            notes: vec![vec![], vec![]],
            ..Doc::default()
        };
        let items = items(doc);
        assert_eq!(items.len(), 2);
        assert_eq!(texts(&items[0]), ["一", "photo 0", "甲"]);
        assert_eq!(texts(&items[1]), ["二", "乙", "photo 0"]);
        assert_eq!(items[1].photos[0].bytes, [2]);
        assert_eq!(items[1].notes.len(), 1);
        let Block::Para(p) = &items[1].blocks[1] else {
            panic!("a paragraph");
        };
        assert_eq!(p.pieces[1], Piece::Note(1));
        assert_eq!(items[0].findings.len(), 1);
        assert!(items[0].findings[0].what.contains("（4 段）"));
        assert!(items[1].findings.is_empty());
    }
}
