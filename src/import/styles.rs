//! What a paragraph's style and numbering say, as mammoth reads them:
//! styles resolved along their `basedOn` chain (bounded, so a loop ends),
//! and Word's numbering (`numbering.xml`: a `numId` names an abstract
//! numbering whose levels have a format and a text such as `%1、`).

use std::collections::HashMap;

use super::xml::Element;
use crate::zh;

/// How far a `basedOn` chain is followed.
const MAX_CHAIN: usize = 16;

/// The properties that matter here, as a style or a paragraph sets them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Props {
    /// The outline level (0 = 一级标题), from `outlineLvl` or a
    /// `heading N` style.
    pub outline: Option<u8>,
    /// A Title style.
    pub title: bool,
    /// Centred.
    pub centred: bool,
    /// Bold.
    pub bold: Option<bool>,
    /// Italic.
    pub italic: Option<bool>,
    /// Size in half-points.
    pub size: Option<u32>,
    /// The East Asian font.
    pub font: Option<String>,
    /// Numbering: `numId` and level.
    pub num: Option<(String, u8)>,
}

impl Props {
    /// `self` with the gaps filled from `base`.
    fn over(mut self, base: &Props) -> Props {
        self.outline = self.outline.or(base.outline);
        self.title |= base.title;
        self.centred |= base.centred;
        self.bold = self.bold.or(base.bold);
        self.italic = self.italic.or(base.italic);
        self.size = self.size.or(base.size);
        if self.font.is_none() {
            self.font.clone_from(&base.font);
        }
        if self.num.is_none() {
            self.num.clone_from(&base.num);
        }
        self
    }
}

/// Reads the properties set by a `pPr` and/or an `rPr`.
pub fn props(ppr: Option<&Element>, rpr: Option<&Element>) -> Props {
    let mut p = Props::default();
    if let Some(ppr) = ppr {
        p.outline = ppr
            .val("outlineLvl")
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|&l| l < 9);
        p.centred = matches!(ppr.val("jc"), Some("center" | "centre"));
        if let Some(num) = ppr.child("numPr") {
            let id = num.val("numId").unwrap_or("0").to_owned();
            let level = num.val("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
            p.num = Some((id, level));
        }
    }
    if let Some(rpr) = rpr {
        p.bold = toggle(rpr, "b").or(p.bold);
        p.italic = toggle(rpr, "i").or(p.italic);
        p.size = rpr.val("sz").and_then(|v| v.parse().ok()).or(p.size);
        if let Some(fonts) = rpr.child("rFonts")
            && let Some(font) = fonts.attr("eastAsia").or(fonts.attr("ascii"))
        {
            p.font = Some(font.to_owned());
        }
    }
    p
}

/// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`).
fn toggle(rpr: &Element, name: &str) -> Option<bool> {
    let e = rpr.child(name)?;
    Some(!matches!(e.attr("val"), Some("0" | "false" | "off")))
}

/// The styles of a document, resolved.
#[derive(Debug, Default)]
pub struct Styles {
    resolved: HashMap<String, Props>,
}

impl Styles {
    /// Reads `styles.xml`.
    pub fn read(root: Option<&Element>) -> Self {
        let mut own: HashMap<String, (Props, Option<String>)> = HashMap::new();
        let mut default_par = None;
        if let Some(root) = root {
            let mut styles = Vec::new();
            root.find_all("style", &mut styles);
            for style in styles {
                let Some(id) = style.attr("styleId") else {
                    continue;
                };
                let name = style.val("name").unwrap_or("").to_ascii_lowercase();
                let mut p = props(style.child("pPr"), style.child("rPr"));
                if let Some(level) = name
                    .strip_prefix("heading ")
                    .and_then(|n| n.trim().parse::<u8>().ok())
                {
                    p.outline = p.outline.or(Some(level.saturating_sub(1)));
                }
                if name == "title" {
                    p.title = true;
                }
                if style.attr("default") == Some("1") && style.attr("type") == Some("paragraph") {
                    default_par = Some(id.to_owned());
                }
                let based = style.val("basedOn").map(str::to_owned);
                own.insert(id.to_owned(), (p, based));
            }
        }
        let mut resolved = HashMap::new();
        for id in own.keys() {
            let mut p = Props::default();
            let mut at = Some(id.clone());
            for _ in 0..MAX_CHAIN {
                let Some((style, based)) = at.as_ref().and_then(|id| own.get(id)) else {
                    break;
                };
                p = p.over(style);
                at.clone_from(based);
            }
            resolved.insert(id.clone(), p);
        }
        if let Some(default) = default_par.and_then(|id| resolved.get(&id).cloned()) {
            resolved.insert(String::new(), default);
        }
        Self { resolved }
    }

    /// A style's properties (the default paragraph style for `None`).
    pub fn get(&self, id: Option<&str>) -> Props {
        self.resolved
            .get(id.unwrap_or(""))
            .cloned()
            .unwrap_or_default()
    }
}

/// One level of a numbering: its format and text (`%1、`).
#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// Word's numbering, with the counters of the document so far.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `numId` → abstract id.
    nums: HashMap<String, String>,
    /// Abstract id → levels.
    levels: HashMap<String, Vec<Level>>,
    /// Abstract id → the counters of its levels.
    counters: HashMap<String, [u32; 9]>,
}

/// What a numbered paragraph starts with.
#[derive(Debug, PartialEq)]
pub enum Label {
    /// A bullet: a Markdown list item.
    Bullet,
    /// A number, written out (`一、`, `（二）`, `3.`).
    Literal(String),
}

impl Numbering {
    /// Reads `numbering.xml`.
    pub fn read(root: Option<&Element>) -> Self {
        let mut n = Self::default();
        let Some(root) = root.and_then(|r| r.child("numbering")) else {
            return n;
        };
        for e in root.elements() {
            match e.local() {
                "abstractNum" => {
                    let Some(id) = e.attr("abstractNumId") else {
                        continue;
                    };
                    let levels = e
                        .elements()
                        .filter(|l| l.local() == "lvl")
                        .take(9)
                        .map(|l| Level {
                            format: l.val("numFmt").unwrap_or("decimal").to_owned(),
                            text: l.val("lvlText").unwrap_or("").to_owned(),
                            start: l.val("start").and_then(|v| v.parse().ok()).unwrap_or(1),
                        })
                        .collect();
                    n.levels.insert(id.to_owned(), levels);
                }
                "num" => {
                    if let (Some(id), Some(abs)) = (e.attr("numId"), e.val("abstractNumId")) {
                        n.nums.insert(id.to_owned(), abs.to_owned());
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// The label of the next paragraph numbered `num` at `level`,
    /// counting it; `None` for `numId` 0 (numbering removed) or unknown.
    pub fn next(&mut self, num: &str, level: u8) -> Option<Label> {
        let abs = self.nums.get(num)?.clone();
        let levels = self.levels.get(&abs)?;
        let level = usize::from(level).min(8);
        let this = levels.get(level)?;
        if this.format == "bullet" {
            return Some(Label::Bullet);
        }
        if this.format == "none" {
            return None;
        }
        let starts: Vec<u32> = levels.iter().map(|l| l.start).collect();
        let counters = self.counters.entry(abs.clone()).or_insert([0; 9]);
        let start = starts.get(level).copied().unwrap_or(1);
        counters[level] = if counters[level] == 0 {
            start
        } else {
            counters[level] + 1
        };
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        let counters = *counters;
        let mut text = this.text.clone();
        for (i, l) in levels.iter().enumerate().take(9) {
            let value = if counters[i] == 0 {
                l.start
            } else {
                counters[i]
            };
            text = text.replace(&format!("%{}", i + 1), &format_number(value, &l.format));
        }
        Some(Label::Literal(text))
    }
}

/// A number in one of Word's formats.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "chineseLegalSimplified"
        | "japaneseCounting"
        | "taiwaneseCounting" => zh::numeral(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        "lowerLetter" | "upperLetter" if (1..=26).contains(&n) => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            char::from(base + (n - 1) as u8).to_string()
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in table {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_counts_and_writes_chinese_numerals() {
        let xml = r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
            </w:abstractNum><w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
            <w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num></w:numbering>"#;
        let root = super::super::xml::parse(xml.as_bytes()).unwrap();
        let mut n = Numbering::read(Some(&root));
        let lit = |s: &str| Some(Label::Literal(s.into()));
        assert_eq!(n.next("5", 0), lit("一、"));
        assert_eq!(n.next("5", 1), lit("（一）"));
        assert_eq!(n.next("5", 1), lit("（二）"));
        assert_eq!(n.next("5", 0), lit("二、"));
        assert_eq!(n.next("5", 1), lit("（一）"));
        assert_eq!(n.next("6", 0), Some(Label::Bullet));
        assert_eq!(n.next("0", 0), None);
    }
}
