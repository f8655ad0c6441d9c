//! Paragraph and run properties, each written in the order the schema
//! gives (ECMA-376 Part 1, 17.3.1.26 `pPr` and 17.3.2.28 `rPr`): one
//! place decides the order, whatever a caller sets.

use super::section::{self, Section};
use super::xml::Xml;

/// A paragraph or table border line: `(style, width in eighths of a
/// point, colour)`.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub eighths: u32,
    pub color: &'static str,
    /// Space between the text and the line, in points.
    pub space: u32,
}

/// Line spacing: exact twips, or Word's automatic (`240` = single).
#[derive(Debug, Clone, Copy)]
pub enum LineRule {
    Exact(i64),
    Auto(i64),
}

/// Indents in twips; `first` negative is a hanging indent. `first_chars`
/// also gives the first line in hundredths of a character
/// (`firstLineChars`), which then wins in Word.
#[derive(Debug, Clone, Copy, Default)]
pub struct Indent {
    pub left: i64,
    pub right: i64,
    pub first: i64,
    pub first_chars: Option<i64>,
}

/// A tab stop: `(alignment, position in twips)`.
pub type Tab = (&'static str, i64);

/// Properties of a paragraph; `None` leaves the style's.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub style: Option<&'static str>,
    pub keep_next: bool,
    pub keep_lines: bool,
    pub page_break_before: bool,
    /// Part of a frame as wide as the text, at the foot of the text block.
    pub foot_frame: bool,
    pub border_top: Option<Line>,
    pub border_bottom: Option<Line>,
    pub tabs: Vec<Tab>,
    /// Whether punctuation may hang past the end of a line.
    pub overflow_punct: Option<bool>,
    /// Whether Word adds space between Chinese and Latin letters or
    /// digits (`autoSpaceDE`, `autoSpaceDN`).
    pub auto_space: Option<bool>,
    pub snap_to_grid: Option<bool>,
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub line: Option<LineRule>,
    pub indent: Option<Indent>,
    pub jc: Option<&'static str>,
    pub outline: Option<u8>,
    /// The paragraph mark's run properties.
    pub mark: Option<Run>,
    /// The section this paragraph ends.
    pub section: Option<Section>,
}

/// Properties of a run; `None` leaves the paragraph's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub style: Option<&'static str>,
    /// A font for all four slots.
    pub font: Option<String>,
    pub color: Option<&'static str>,
    /// Character spacing in twips (`w:spacing`).
    pub spacing: Option<i64>,
    /// Size in half-points.
    pub size: Option<u32>,
    pub superscript: bool,
}

fn on_off(xml: &mut Xml, name: &str, value: bool) {
    xml.val(name, if value { "1" } else { "0" });
}

impl Para {
    /// Writes `<w:pPr>`.
    pub fn write(&self, xml: &mut Xml) {
        xml.open("w:pPr", &[]);
        if let Some(style) = self.style {
            xml.val("w:pStyle", style);
        }
        if self.keep_next {
            xml.empty("w:keepNext", &[]);
        }
        if self.keep_lines {
            xml.empty("w:keepLines", &[]);
        }
        if self.page_break_before {
            xml.empty("w:pageBreakBefore", &[]);
        }
        if self.foot_frame {
            xml.empty(
                "w:framePr",
                &[
                    ("w:w", &super::TEXT_WIDTH.to_string()),
                    ("w:wrap", "around"),
                    ("w:vAnchor", "margin"),
                    ("w:hAnchor", "margin"),
                    ("w:xAlign", "center"),
                    ("w:yAlign", "bottom"),
                ],
            );
        }
        if self.border_top.is_some() || self.border_bottom.is_some() {
            xml.open("w:pBdr", &[]);
            if let Some(line) = self.border_top {
                border(xml, "w:top", Some(line));
            }
            if let Some(line) = self.border_bottom {
                border(xml, "w:bottom", Some(line));
            }
            xml.close("w:pBdr");
        }
        if !self.tabs.is_empty() {
            xml.open("w:tabs", &[]);
            for (kind, pos) in &self.tabs {
                xml.empty("w:tab", &[("w:val", kind), ("w:pos", &pos.to_string())]);
            }
            xml.close("w:tabs");
        }
        if let Some(overflow) = self.overflow_punct {
            on_off(xml, "w:overflowPunct", overflow);
        }
        if let Some(space) = self.auto_space {
            on_off(xml, "w:autoSpaceDE", space);
            on_off(xml, "w:autoSpaceDN", space);
        }
        if let Some(snap) = self.snap_to_grid {
            on_off(xml, "w:snapToGrid", snap);
        }
        if self.before.is_some() || self.after.is_some() || self.line.is_some() {
            let before = self.before.map(|v| v.to_string());
            let after = self.after.map(|v| v.to_string());
            let (line, rule) = match self.line {
                Some(LineRule::Exact(v)) => (Some(v.to_string()), Some("exact")),
                Some(LineRule::Auto(v)) => (Some(v.to_string()), Some("auto")),
                None => (None, None),
            };
            let mut attrs: Vec<(&str, &str)> = Vec::new();
            if let Some(v) = &before {
                attrs.push(("w:before", v));
            }
            if let Some(v) = &after {
                attrs.push(("w:after", v));
            }
            if let (Some(v), Some(rule)) = (&line, rule) {
                attrs.push(("w:line", v));
                attrs.push(("w:lineRule", rule));
            }
            xml.empty("w:spacing", &attrs);
        }
        if let Some(ind) = self.indent {
            let (left, right) = (ind.left.to_string(), ind.right.to_string());
            let first = ind.first.abs().to_string();
            let chars = ind.first_chars.map(|c| c.to_string());
            let mut attrs = vec![("w:left", left.as_str()), ("w:right", right.as_str())];
            if ind.first < 0 {
                attrs.push(("w:hanging", &first));
            } else {
                attrs.push(("w:firstLine", &first));
            }
            if let Some(chars) = &chars {
                attrs.push(("w:firstLineChars", chars));
            }
            xml.empty("w:ind", &attrs);
        }
        if let Some(jc) = self.jc {
            xml.val("w:jc", jc);
        }
        if let Some(level) = self.outline {
            xml.val("w:outlineLvl", &level.to_string());
        }
        if let Some(mark) = &self.mark {
            mark.write(xml);
        }
        if let Some(section) = self.section {
            section::sect_pr(xml, section);
        }
        xml.close("w:pPr");
    }
}

/// `<w:rFonts>` naming `font` in all four slots, East Asian first in
/// Word's eyes (`w:hint`), so that quotes, dashes and 〔〕 take it too.
pub fn fonts(xml: &mut Xml, font: &str) {
    xml.empty(
        "w:rFonts",
        &[
            ("w:ascii", font),
            ("w:hAnsi", font),
            ("w:eastAsia", font),
            ("w:cs", font),
            ("w:hint", "eastAsia"),
        ],
    );
}

impl Run {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Run::default()
    }

    /// Writes `<w:rPr>`.
    pub fn write(&self, xml: &mut Xml) {
        xml.open("w:rPr", &[]);
        if let Some(style) = self.style {
            xml.val("w:rStyle", style);
        }
        if let Some(font) = &self.font {
            fonts(xml, font);
        }
        if let Some(color) = self.color {
            xml.val("w:color", color);
        }
        if let Some(spacing) = self.spacing {
            xml.val("w:spacing", &spacing.to_string());
        }
        if let Some(size) = self.size {
            xml.val("w:sz", &size.to_string());
            xml.val("w:szCs", &size.to_string());
        }
        if self.superscript {
            xml.val("w:vertAlign", "superscript");
        }
        xml.close("w:rPr");
    }
}

/// One border element (`w:top`, `w:bottom`, `w:insideH`, …): a single line,
/// or none.
pub fn border(xml: &mut Xml, name: &str, line: Option<Line>) {
    match line {
        Some(line) => xml.empty(
            name,
            &[
                ("w:val", "single"),
                ("w:sz", &line.eighths.to_string()),
                ("w:space", &line.space.to_string()),
                ("w:color", line.color),
            ],
        ),
        None => xml.empty(name, &[("w:val", "nil")]),
    }
}
