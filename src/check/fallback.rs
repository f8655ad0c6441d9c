//! The rule `W-GLYPH-FALLBACK`: characters that the preferred face of their
//! role (the official font, or the first bundled one) lacks, so that the
//! print mixes faces. Typst silently draws them from the next face of the
//! stack; the writer should know, and may want the official font in
//! `fonts/` or a second look at a possible typo. Which role prints which
//! text is the document's `roles`, which the templates read too; the font
//! set answers through [`Faces`].

use std::collections::{BTreeMap, HashSet};

use super::glyphs::locate;
use crate::compose::{BlockData, Document, FontRole as Role, InlineData, Roles};
use crate::diagnostic::rules;
use crate::diagnostic::{Diagnostic, FileId, Sources};

/// The role's name in messages.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Title => "标题",
        Role::Body => "正文",
        Role::Hei => "黑体",
        Role::Kai => "楷体",
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
    let roles = &document.roles;
    let mut groups: Vec<(Option<FileId>, Runs)> = document
        .items
        .iter()
        .map(|item| {
            // The title prints in its own face and, in the headline list,
            // in the body face.
            let mut runs = vec![
                (roles.title, item.title.clone()),
                (roles.body, item.title.clone()),
                (roles.subtitle, item.subtitle.clone()),
            ];
            for block in &item.blocks {
                block_runs(roles, block, roles.body, &mut runs);
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
                .map(|role| {
                    format!(
                        "{}字体 {}",
                        role_name(*role),
                        fonts.preferred(*role).join("、")
                    )
                })
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

/// The text printed around the items, by role: the masthead, the label
/// and copy number, the issue line and the 版记, and the 编者按.
fn frame_runs(document: &Document) -> Runs {
    let roles = &document.roles;
    let issue = &document.issue;
    let distribution = &document.distribution;
    let mut frame = vec![
        (roles.masthead, document.series.masthead.concat()),
        (roles.mark, format!("{}{}", issue.mark, issue.copy)),
    ];
    let mut body = String::new();
    for text in [
        &document.series.office,
        &issue.label,
        &issue.total,
        &issue.date,
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
    frame.push((roles.body, body));
    for block in &document.editor_note {
        block_runs(roles, block, roles.editor_note, &mut frame);
    }
    frame
}

fn block_runs(roles: &Roles, block: &BlockData, role: Role, out: &mut Runs) {
    match block {
        BlockData::Par { inlines } => inline_runs(roles, inlines, role, out),
        BlockData::Heading { inlines } => inline_runs(roles, inlines, roles.heading, out),
        BlockData::List { items, .. } => items
            .iter()
            .flatten()
            .for_each(|b| block_runs(roles, b, role, out)),
        BlockData::Quote { blocks } => blocks
            .iter()
            .for_each(|b| block_runs(roles, b, roles.quote, out)),
        BlockData::Figure { caption, .. } => inline_runs(roles, caption, roles.caption, out),
        BlockData::Table { header, rows, .. } => {
            header
                .iter()
                .for_each(|cell| inline_runs(roles, cell, roles.table_header, out));
            rows.iter()
                .flatten()
                .for_each(|cell| inline_runs(roles, cell, role, out));
        }
        BlockData::Notes { notes } => notes
            .iter()
            .for_each(|note| inline_runs(roles, &note.inlines, role, out)),
    }
}

fn inline_runs(roles: &Roles, inlines: &[InlineData], role: Role, out: &mut Runs) {
    for inline in inlines {
        match inline {
            InlineData::Text { text } => out.push((role, text.clone())),
            InlineData::Strong { inlines } => inline_runs(roles, inlines, roles.strong, out),
            InlineData::Emph { inlines } => inline_runs(roles, inlines, roles.emph, out),
            InlineData::Break | InlineData::Noteref { .. } => {}
        }
    }
}
