//! Readers of the PDFs the binary writes, with poppler: the text
//! (`pdftotext`, also with the box of each line), the fonts (`pdffonts`),
//! the page sizes (`pdfinfo`) and a page as a picture (`pdftoppm`), in
//! which horizontal rules are measured.

use std::fs;
use std::path::Path;

use super::run::{on_path, program};

/// Runs a poppler tool on a file and returns its output.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    assert!(
        on_path(tool),
        "{tool} is needed for the tests (apt-get install poppler-utils)"
    );
    let run = program(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .run();
    assert!(run.status.success(), "{tool} failed: {}", run.stderr());
    String::from_utf8(run.stdout).expect("utf-8")
}

/// The text of a PDF as a reader sees it, in reading order.
pub fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
}

/// Text without white space, bullet marks or page numbers (— 3 —), for
/// comparing paragraphs regardless of where lines and pages break.
pub fn squash(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '◆')
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '—' {
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits > 0 && chars.get(i + 1 + digits) == Some(&'—') {
                i += digits + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The fonts of a PDF: (name, embedded, subset) per row of pdffonts.
pub fn pdf_fonts(pdf: &Path) -> Vec<(String, bool, bool)> {
    poppler("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type [encoding...] emb sub uni object-id gen
            let n = cols.len();
            (
                cols[0].to_owned(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
            )
        })
        .collect()
}

/// Page sizes in points, from pdfinfo.
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    poppler("pdfinfo", &["-f", "1", "-l", "999"], pdf)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let after = l.split("size:").nth(1).expect("size");
            let nums: Vec<f64> = after
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[0], nums[1])
        })
        .collect()
}

/// One line of text on a page, with its box in points (origin top left).
#[derive(Debug, Clone)]
pub struct Line {
    /// Left edge.
    pub x_min: f64,
    /// Top edge.
    pub y_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_max: f64,
    /// The words of the line, each with its left and right edge.
    pub words: Vec<(f64, f64, String)>,
}

impl Line {
    /// The text of the line without spaces.
    pub fn text(&self) -> String {
        self.words.iter().map(|w| w.2.as_str()).collect()
    }

    /// Horizontal centre.
    pub fn centre(&self) -> f64 {
        (self.x_min + self.x_max) / 2.0
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
    let end = start + tag[start..].find('"').expect("closing quote");
    tag[start..end].parse().expect("number")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The lines of every page, read with `pdftotext -bbox-layout`.
pub fn pdf_lines(pdf: &Path) -> Vec<Vec<Line>> {
    let xml = poppler("pdftotext", &["-bbox-layout"], pdf);
    let mut pages = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let mut lines = Vec::new();
        for chunk in page.split("<line ").skip(1) {
            let tag = &chunk[..chunk.find('>').expect("tag end")];
            let body = &chunk[..chunk.find("</line>").expect("line end")];
            let words = body
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let tag = &w[..w.find('>').expect("tag end")];
                    let text =
                        &w[w.find('>').expect("tag end") + 1..w.find("</word>").expect("word end")];
                    (attr(tag, "xMin"), attr(tag, "xMax"), unescape(text))
                })
                .collect();
            lines.push(Line {
                x_min: attr(tag, "xMin"),
                y_min: attr(tag, "yMin"),
                x_max: attr(tag, "xMax"),
                y_max: attr(tag, "yMax"),
                words,
            });
        }
        lines.sort_by(|a, b| {
            a.y_min
                .total_cmp(&b.y_min)
                .then(a.x_min.total_cmp(&b.x_min))
        });
        pages.push(merge_rows(lines));
    }
    pages
}

/// Joins the pieces poppler splits one printed line into (it does so where
/// compressed punctuation overlaps, as in 》，) when they share a baseline
/// and touch.
fn merge_rows(lines: Vec<Line>) -> Vec<Line> {
    let mut rows: Vec<Line> = Vec::new();
    for line in lines {
        match rows.last_mut() {
            Some(row)
                if (row.y_min - line.y_min).abs() < 0.5
                    && (row.y_max - line.y_max).abs() < 0.5
                    && line.x_min <= row.x_max + 1.0 =>
            {
                row.x_max = row.x_max.max(line.x_max);
                row.words.extend(line.words);
            }
            _ => rows.push(line),
        }
    }
    rows
}

/// A page of a PDF as a grey-scale picture, rendered by poppler's pdftoppm.
pub struct Picture {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Dots per inch.
    pub dpi: f64,
    /// One byte per pixel, 0 black to 255 white, row by row.
    pub pixels: Vec<u8>,
}

/// The header of a binary netpbm file (P5 grey, P6 colour) — magic,
/// width, height, maximum, each followed by white space — and its pixels.
pub fn netpbm(bytes: &[u8]) -> (Vec<String>, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    (fields, &bytes[at + 1..])
}

/// Renders page `page` (from 1) of a PDF at `dpi`.
pub fn picture(pdf: &Path, page: usize, dpi: u32) -> Picture {
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = dir.path().join("page");
    let n = page.to_string();
    let run = program("pdftoppm")
        .args([
            "-gray",
            "-singlefile",
            "-r",
            &dpi.to_string(),
            "-f",
            &n,
            "-l",
            &n,
        ])
        .arg(pdf)
        .arg(&prefix)
        .run();
    assert!(run.status.success(), "pdftoppm failed: {}", run.stderr());
    let bytes = fs::read(prefix.with_extension("pgm")).expect("pgm");
    let (fields, pixels) = netpbm(&bytes);
    assert_eq!(fields[0], "P5");
    let width: usize = fields[1].parse().expect("width");
    let height: usize = fields[2].parse().expect("height");
    let pixels = pixels.to_vec();
    assert_eq!(pixels.len(), width * height);
    Picture {
        width,
        height,
        dpi: f64::from(dpi),
        pixels,
    }
}

/// A horizontal rule found on a page: its vertical centre and thickness,
/// and its left and right ends, all in millimetres from the top left.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Vertical centre.
    pub y: f64,
    /// Thickness.
    pub thickness: f64,
    /// Left end.
    pub x_min: f64,
    /// Right end.
    pub x_max: f64,
}

impl Picture {
    fn mm(&self, px: f64) -> f64 {
        px * 25.4 / self.dpi
    }

    /// Whether nothing is drawn on the page.
    pub fn is_blank(&self) -> bool {
        self.pixels.iter().all(|&p| p > 250)
    }

    /// Horizontal rules at least `min_mm` long: runs of rows whose dark
    /// pixels span that length without a break.
    pub fn rules(&self, min_mm: f64) -> Vec<Rule> {
        let min_px = (min_mm / 25.4 * self.dpi) as usize;
        // The longest dark run of each row.
        let runs: Vec<Option<(usize, usize)>> = (0..self.height)
            .map(|y| {
                let row = &self.pixels[y * self.width..(y + 1) * self.width];
                let mut best: Option<(usize, usize)> = None;
                let mut start = None;
                for (x, &p) in row.iter().chain([&255u8]).enumerate() {
                    match (p < 128, start) {
                        (true, None) => start = Some(x),
                        (false, Some(s)) => {
                            if best.is_none_or(|(a, b)| x - s > b - a) {
                                best = Some((s, x));
                            }
                            start = None;
                        }
                        _ => {}
                    }
                }
                best.filter(|(a, b)| b - a >= min_px)
            })
            .collect();
        let mut rules = Vec::new();
        let mut y = 0;
        while y < self.height {
            let Some((a, b)) = runs[y] else {
                y += 1;
                continue;
            };
            let top = y;
            while y < self.height && runs[y].is_some() {
                y += 1;
            }
            rules.push(Rule {
                y: self.mm((top + y) as f64 / 2.0),
                thickness: self.mm((y - top) as f64),
                x_min: self.mm(a as f64),
                x_max: self.mm(b as f64),
            });
        }
        rules
    }
}
