//! `styles.xml`, `fontTable.xml` and `settings.xml`: the defaults every
//! paragraph starts from (三号 仿宋, exact 579-twip lines), the named
//! styles a Word user sees, the fonts with their fallbacks, and the
//! settings (separate odd and even footers).

use super::props::{Indent, LineRule, Para, Run, fonts};
use super::section::BODY_TRACKING;
use super::xml::{NS_W, Xml};
use super::{BODY_HALF_POINTS, LINE_PITCH, SMALL_HALF_POINTS, TEXT_WIDTH};
use crate::model::{WordFonts, word};

/// The body's two-character first-line indent, in twips on the grid.
pub const FIRST_LINE: i64 = 2 * TEXT_WIDTH / 28;

/// A style: id, name, kind, base, paragraph and run properties.
struct Style<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    based_on: Option<&'a str>,
    para: Option<Para>,
    run: Run,
}

fn write_style(xml: &mut Xml, style: &Style<'_>, default: bool) {
    let mut attrs = vec![("w:type", style.kind), ("w:styleId", style.id)];
    if default {
        attrs.push(("w:default", "1"));
    }
    xml.open("w:style", &attrs);
    xml.val("w:name", style.name);
    if let Some(base) = style.based_on {
        xml.val("w:basedOn", base);
    }
    if style.kind == "paragraph" && style.id != "Normal" {
        xml.val("w:next", "Normal");
    }
    xml.empty("w:qFormat", &[]);
    if let Some(para) = &style.para {
        para.write(xml);
    }
    if !style.run.is_empty() {
        style.run.write(xml);
    }
    xml.close("w:style");
}

fn no_indent() -> Option<Indent> {
    Some(Indent::default())
}

/// A paragraph style off the character grid, in 四号, with its own exact
/// line height.
fn small(line: i64) -> Para {
    Para {
        snap_to_grid: Some(false),
        line: Some(LineRule::Exact(line)),
        indent: no_indent(),
        ..Para::default()
    }
}

/// `styles.xml`.
pub fn styles(names: &WordFonts) -> Vec<u8> {
    let font = |f: &String| Run {
        font: Some(f.clone()),
        ..Run::default()
    };
    let small_run = |f: &String| Run {
        font: Some(f.clone()),
        spacing: Some(0),
        size: Some(SMALL_HALF_POINTS),
        ..Run::default()
    };
    let paragraph = |id, name, para: Para, run: Run| Style {
        id,
        name,
        kind: "paragraph",
        based_on: Some("Normal"),
        para: Some(para),
        run,
    };
    let styles = [
        Style {
            id: "Normal",
            name: "Normal",
            kind: "paragraph",
            based_on: None,
            para: Some(Para {
                // No space added between Chinese and digits, as in the
                // PDF. Hanging punctuation keeps Word's default (on):
                // LibreOffice 7.4 reads `overflowPunct` the other way round
                // and, with hanging on, leaves the mark at a line end out.
                overflow_punct: Some(true),
                auto_space: Some(false),
                before: Some(0),
                after: Some(0),
                line: Some(LineRule::Exact(LINE_PITCH)),
                indent: Some(Indent {
                    first: FIRST_LINE,
                    ..Indent::default()
                }),
                jc: Some("both"),
                ..Para::default()
            }),
            // Named here as well as in the defaults: LibreOffice sizes the
            // character grid from the Normal style's size.
            run: Run {
                spacing: Some(BODY_TRACKING),
                size: Some(BODY_HALF_POINTS),
                ..font(&names.body)
            },
        },
        // Item titles: 二号 小标宋, centred, one line slot per line after
        // a blank one, off the character grid.
        paragraph(
            "Heading1",
            "heading 1",
            Para {
                keep_next: true,
                keep_lines: true,
                snap_to_grid: Some(false),
                before: Some(LINE_PITCH),
                line: Some(LineRule::Exact(LINE_PITCH)),
                indent: no_indent(),
                jc: Some("center"),
                outline: Some(0),
                ..Para::default()
            },
            Run {
                spacing: Some(0),
                size: Some(44),
                ..font(&names.title)
            },
        ),
        paragraph(
            "Heading2",
            "heading 2",
            Para {
                keep_next: true,
                outline: Some(1),
                ..Para::default()
            },
            font(&names.hei),
        ),
        paragraph(
            word::SUBTITLE,
            "Subtitle",
            Para {
                indent: no_indent(),
                jc: Some("center"),
                ..Para::default()
            },
            font(&names.kai),
        ),
        paragraph(
            "BulletinHeadline",
            "本期要目",
            Para {
                indent: Some(Indent {
                    left: 480,
                    first: -480,
                    ..Indent::default()
                }),
                jc: Some("left"),
                ..Para::default()
            },
            Run::default(),
        ),
        paragraph(
            "BulletinFigure",
            "图片",
            Para {
                keep_next: true,
                snap_to_grid: Some(false),
                line: Some(LineRule::Auto(240)),
                indent: no_indent(),
                jc: Some("center"),
                ..Para::default()
            },
            Run::default(),
        ),
        paragraph(
            word::CAPTION,
            "caption",
            Para {
                keep_lines: true,
                before: Some(112),
                jc: Some("center"),
                ..small(364)
            },
            small_run(&names.kai),
        ),
        paragraph(
            "BulletinTable",
            "表格文字",
            small(364),
            small_run(&names.body),
        ),
        paragraph(
            word::NOTE,
            "注释",
            Para {
                indent: Some(Indent {
                    left: 700,
                    first: -700,
                    ..Indent::default()
                }),
                ..small(406)
            },
            small_run(&names.body),
        ),
        paragraph(
            "BulletinBanji",
            "版记",
            Para {
                jc: Some("both"),
                ..small(420)
            },
            small_run(&names.body),
        ),
        paragraph(
            "Footer",
            "footer",
            small(LINE_PITCH),
            small_run(&names.body),
        ),
        Style {
            id: "Strong",
            name: "Strong",
            kind: "character",
            based_on: None,
            para: None,
            run: font(&names.hei),
        },
        Style {
            id: "Emphasis",
            name: "Emphasis",
            kind: "character",
            based_on: None,
            para: None,
            run: font(&names.kai),
        },
    ];
    let mut xml = Xml::new();
    xml.open("w:styles", &[("xmlns:w", NS_W)]);
    xml.open("w:docDefaults", &[]);
    xml.open("w:rPrDefault", &[]);
    xml.open("w:rPr", &[]);
    fonts(&mut xml, &names.body);
    xml.val("w:kern", "0");
    xml.val("w:sz", &BODY_HALF_POINTS.to_string());
    xml.val("w:szCs", &BODY_HALF_POINTS.to_string());
    xml.empty(
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
    xml.close("w:rPr");
    xml.close("w:rPrDefault");
    xml.open("w:pPrDefault", &[]);
    Para {
        line: Some(LineRule::Exact(LINE_PITCH)),
        ..Para::default()
    }
    .write(&mut xml);
    xml.close("w:pPrDefault");
    xml.close("w:docDefaults");
    for (i, style) in styles.iter().enumerate() {
        write_style(&mut xml, style, i == 0);
    }
    xml.close("w:styles");
    xml.finish()
}

/// The fallback Word declares for a font an office may lack: the plain
/// 仿宋 and 楷体 that come with Windows stand in for the _GB2312 ones.
fn fallback(font: &str) -> Option<&'static str> {
    match font {
        "仿宋_GB2312" => Some("仿宋"),
        "楷体_GB2312" => Some("楷体"),
        "方正小标宋简体" => Some("宋体"),
        _ => None,
    }
}

/// `fontTable.xml`: each font once, with its fallback as `w:altName`, and
/// the fallbacks themselves.
pub fn font_table(names: &WordFonts) -> Vec<u8> {
    let mut all: Vec<(&str, Option<&str>)> = Vec::new();
    for name in [&names.body, &names.title, &names.hei, &names.kai] {
        for (font, alt) in [
            (name.as_str(), fallback(name)),
            (fallback(name).unwrap_or(""), None),
        ] {
            if !font.is_empty() && !all.iter().any(|(f, _)| *f == font) {
                all.push((font, alt));
            }
        }
    }
    let mut xml = Xml::new();
    xml.open("w:fonts", &[("xmlns:w", NS_W)]);
    for (font, alt) in all {
        xml.open("w:font", &[("w:name", font)]);
        if let Some(alt) = alt {
            xml.val("w:altName", alt);
        }
        // GB 2312, a fixed-pitch CJK face.
        xml.val("w:charset", "86");
        xml.val("w:family", "modern");
        xml.val("w:pitch", "fixed");
        xml.close("w:font");
    }
    xml.close("w:fonts");
    xml.finish()
}

/// `settings.xml`, children in the order of `CT_Settings`.
pub fn settings() -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open("w:settings", &[("xmlns:w", NS_W)]);
    xml.empty("w:zoom", &[("w:percent", "100")]);
    xml.val("w:defaultTabStop", "420");
    // Odd pages number at the right, even pages at the left.
    xml.empty("w:evenAndOddHeaders", &[]);
    // Full-width punctuation keeps its full width, as in the PDF.
    xml.val("w:characterSpacingControl", "doNotCompress");
    xml.open("w:compat", &[]);
    xml.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    xml.close("w:compat");
    xml.empty(
        "w:themeFontLang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")],
    );
    xml.val("w:decimalSymbol", ".");
    xml.val("w:listSeparator", ",");
    xml.close("w:settings");
    xml.finish()
}
