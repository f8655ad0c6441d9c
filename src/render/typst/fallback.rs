//! The rule `W-GLYPH-FALLBACK`: characters that the preferred face of their
//! role (the official font, or the first bundled one) lacks, so that the
//! print mixes faces. Typst silently draws them from the next face of the
//! stack; the writer should know, and may want the official font in
//! `fonts/` or a second look at a possible typo.

use std::collections::BTreeMap;

use crate::compose::{BlockData, Document, InlineData};
use crate::diagnostic::{Diagnostic, FileId, Severity, Sources};

use super::fonts::{Fonts, preferred};
use crate::diagnostic::Span;

/// The four roles of the template, as the stacks name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Title,
    Body,
    Hei,
    Kai,
}

impl Role {
    fn stack(self, fonts: &Fonts) -> &[String] {
        let stacks = &fonts.stacks;
        match self {
            Role::Title => &stacks.title,
            Role::Body => &stacks.body,
            Role::Hei => &stacks.hei,
            Role::Kai => &stacks.kai,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Role::Title => "标题",
            Role::Body => "正文",
            Role::Hei => "黑体",
            Role::Kai => "楷体",
        }
    }
}

/// Text with the role whose font prints it, as the template assigns them.
type Runs = Vec<(Role, String)>;

/// Characters drawn from a fallback face: one warning per file, role and
/// face, listing the characters and naming both faces.
pub fn fallback_glyphs(
    fonts: &Fonts,
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
    let mut frame = vec![(Role::Title, document.series.masthead.concat())];
    let mut body = document.series.office.clone();
    body.push_str(&document.issue.label);
    body.push_str(&document.issue.date);
    for line in &document.distribution.lines {
        body.push_str(&line.label);
        body.push_str(&line.text);
    }
    body.push_str(&document.distribution.copies);
    frame.push((Role::Body, body));
    groups.push((None, frame));

    let mut diagnostics = Vec::new();
    for (file, runs) in groups {
        // Fallback face → the characters it draws, in order of appearance,
        // and the roles whose faces lack them.
        let mut found: BTreeMap<String, (Vec<char>, Vec<Role>)> = BTreeMap::new();
        for (role, text) in &runs {
            let stack = role.stack(fonts);
            for c in text.chars() {
                if c.is_whitespace()
                    || c.is_control()
                    || fonts.preferred_covers(*role as u8, stack, c)
                {
                    continue;
                }
                let Some(face) = fonts.drawn_by(stack, c) else {
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
                .map(|role| {
                    format!(
                        "{}字体 {}",
                        role.name(),
                        preferred(role.stack(fonts)).join("、")
                    )
                })
                .collect();
            let span = locate(chars[0], file.into_iter().chain([config_file]), sources);
            let list: String = chars.iter().map(|c| format!("「{c}」")).collect();
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: "W-GLYPH-FALLBACK",
                span,
                message: format!(
                    "{list}不在{} 中，将用 {face} 印出，字形与前后文字不一致",
                    wanted.join("、")
                ),
                hint: Some(
                    "如有含这些字的正式字体，请把字体文件放入项目的 fonts/ 目录；也请确认是否为错字"
                        .into(),
                ),
            });
        }
    }
    diagnostics
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
        // Captions, tables and notes print in the face around them.
        BlockData::Figure { caption, .. } => inline_runs(caption, role, out),
        BlockData::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                inline_runs(cell, role, out);
            }
        }
        BlockData::Notes { notes } => {
            for note in notes {
                inline_runs(&note.inlines, role, out);
            }
        }
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

/// The first place of `c` in the first of `files` that has it.
fn locate(c: char, files: impl Iterator<Item = FileId>, sources: &Sources) -> Option<Span> {
    files
        .filter_map(|file| {
            let start = sources.get(file).text.find(c)?;
            Some(Span {
                file,
                range: start..start + c.len_utf8(),
            })
        })
        .next()
}
