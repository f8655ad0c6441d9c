//! The rule `W-GLYPH-FALLBACK`: characters that the preferred face of their
//! role (the official font, or the first bundled one) lacks, so that the
//! print mixes faces. Typst silently draws them from the next face of the
//! stack; the writer should know, and may want the official font in
//! `fonts/` or a second look at a possible typo. Which role prints which
//! text is the template's; the font set answers through [`Faces`].

use std::collections::{BTreeMap, HashSet};

use super::glyphs::locate;
use super::rules;
use crate::compose::{BlockData, Document, InlineData};
use crate::diagnostic::{Diagnostic, FileId, Sources};

/// The four roles of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The masthead and the titles (小标宋).
    Title,
    /// The body (仿宋).
    Body,
    /// Headings, table headers, bold (黑体).
    Hei,
    /// Quotes, captions, 编者按, emphasis (楷体).
    Kai,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Title => "标题",
            Role::Body => "正文",
            Role::Hei => "黑体",
            Role::Kai => "楷体",
        }
    }
}

/// What the rule asks of the font set.
pub trait Faces {
    /// Whether one of the faces the role prefers has `c`.
    fn preferred_covers(&self, role: Role, c: char) -> bool;
    /// The family that draws `c` in the role: the first of its stack that
    /// has it, or any font that has it.
    fn drawn_by(&self, role: Role, c: char) -> Option<&str>;
    /// The families the role prefers, by name.
    fn preferred(&self, role: Role) -> Vec<&str>;
}

/// Text with the role whose font prints it, as the template assigns them.
type Runs = Vec<(Role, String)>;

/// Characters drawn from a fallback face: one warning per file, role and
/// face, listing the characters and naming both faces.
pub fn fallback_glyphs(
    fonts: &dyn Faces,
    document: &Document,
    sources: &Sources,
    config_file: FileId,
) -> Vec<Diagnostic> {
    let mut groups: Vec<(Option<FileId>, Runs)> = document
        .items
        .iter()
        .map(|item| {
            // The title prints in its own face and, in the headline list,
            // in the body face.
            let mut runs = vec![
                (Role::Title, item.title.clone()),
                (Role::Body, item.title.clone()),
            ];
            for block in &item.blocks {
                block_runs(block, Role::Body, &mut runs);
            }
            (Some(item.file), runs)
        })
        .collect();
    let frame = frame_runs(document);
    groups.push((None, frame));

    let mut diagnostics = Vec::new();
    for (file, runs) in groups {
        // Fallback face → the characters it draws, in order of appearance,
        // and the roles whose faces lack them.
        let mut found: BTreeMap<String, (Vec<char>, Vec<Role>)> = BTreeMap::new();
        // Each character once per role: finding the face that draws a
        // character no face has means asking every font, and a long text
        // repeats the same few characters.
        let mut asked: HashSet<(Role, char)> = HashSet::new();
        for (role, text) in &runs {
            for c in text.chars() {
                if c.is_whitespace()
                    || c.is_control()
                    || !asked.insert((*role, c))
                    || fonts.preferred_covers(*role, c)
                {
                    continue;
                }
                let Some(face) = fonts.drawn_by(*role, c) else {
                    // No face has it: E-GLYPH-MISSING reports it.
                    continue;
                };
                let (chars, roles) = found.entry(face.to_owned()).or_default();
                if !chars.contains(&c) {
                    chars.push(c);
                }
                if !roles.contains(role) {
                    roles.push(*role);
                }
            }
        }
        for (face, (chars, mut roles)) in found {
            roles.sort();
            let wanted: Vec<String> = roles
                .iter()
                .map(|role| format!("{}字体 {}", role.name(), fonts.preferred(*role).join("、")))
                .collect();
            let span = locate(chars[0], file.into_iter().chain([config_file]), sources);
            let list: String = chars.iter().map(|c| format!("「{c}」")).collect();
            let message = format!(
                "{list}不在{} 中，将用 {face} 印出，字形与前后文字不一致",
                wanted.join("、")
            );
            let diagnostic = match span {
                Some(span) => Diagnostic::new(&rules::W_GLYPH_FALLBACK, span, message),
                None => Diagnostic::unplaced(&rules::W_GLYPH_FALLBACK, message),
            };
            diagnostics.push(diagnostic.with_hint(
                "如有含这些字的正式字体，请把字体文件放入项目的 fonts/ 目录；也请确认是否为错字",
            ));
        }
    }
    diagnostics
}

/// The text printed around the items, by role: the masthead in the title
/// face; the label, the issue line, the 编者按 and the 版记 in the body
/// face (the 编者按 in 楷体).
fn frame_runs(document: &Document) -> Runs {
    let mut frame = vec![(Role::Title, document.series.masthead.concat())];
    let issue = &document.issue;
    let distribution = &document.distribution;
    let mut body = String::new();
    for text in [
        &issue.mark,
        &document.series.office,
        &issue.label,
        &issue.total,
        &issue.date,
        &issue.copy,
        &distribution.copies,
        &distribution.editors,
        &distribution.issuer,
        &distribution.issued,
    ] {
        body.push_str(text);
    }
    for line in &distribution.lines {
        body.push_str(&line.label);
        body.push_str(&line.text);
    }
    frame.push((Role::Body, body));
    for block in &document.editor_note {
        block_runs(block, Role::Kai, &mut frame);
    }
    frame
}

fn block_runs(block: &BlockData, role: Role, out: &mut Runs) {
    match block {
        BlockData::Par { inlines } => inline_runs(inlines, role, out),
        BlockData::Heading { inlines } => inline_runs(inlines, Role::Hei, out),
        BlockData::List { items, .. } => items
            .iter()
            .flatten()
            .for_each(|b| block_runs(b, role, out)),
        BlockData::Quote { blocks } => blocks.iter().for_each(|b| block_runs(b, Role::Kai, out)),
        BlockData::Figure { caption, .. } => inline_runs(caption, Role::Kai, out),
        BlockData::Table { header, rows, .. } => {
            header
                .iter()
                .for_each(|cell| inline_runs(cell, Role::Hei, out));
            rows.iter()
                .flatten()
                .for_each(|cell| inline_runs(cell, role, out));
        }
        BlockData::Notes { notes } => notes
            .iter()
            .for_each(|note| inline_runs(&note.inlines, role, out)),
    }
}

fn inline_runs(inlines: &[InlineData], role: Role, out: &mut Runs) {
    for inline in inlines {
        match inline {
            InlineData::Text { text } => out.push((role, text.clone())),
            InlineData::Strong { inlines } => inline_runs(inlines, Role::Hei, out),
            InlineData::Emph { inlines } => inline_runs(inlines, Role::Kai, out),
            InlineData::Break | InlineData::Noteref { .. } => {}
        }
    }
}
