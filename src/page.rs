//! The page every output is laid out on: A4 with the GB/T 9704-2012 type
//! area. Defined once here; the Typst template and the HTML page get these
//! numbers as data (`page` in the document), and the rules that measure
//! tables and photos against the text block read them from here.

use serde::Serialize;

/// The geometry of a page, in millimetres and points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Page {
    /// Paper width (A4).
    pub paper_width_mm: f64,
    /// Paper height (A4).
    pub paper_height_mm: f64,
    /// From the top edge of the paper to the first line of text.
    pub margin_top_mm: f64,
    /// From the left edge of the paper to the text block (odd and even
    /// pages alike: a bulletin is not bound with mirrored margins).
    pub margin_left_mm: f64,
    /// Width of the text block (版心).
    pub text_width_mm: f64,
    /// Height of the text block.
    pub text_height_mm: f64,
    /// Lines of body text a page holds.
    pub lines: u32,
    /// Characters of body text a line holds.
    pub chars: u32,
    /// Size of body text in points (三号).
    pub body_pt: f64,
}

impl Page {
    /// From the right edge of the paper to the text block.
    pub fn margin_right_mm(&self) -> f64 {
        self.paper_width_mm - self.margin_left_mm - self.text_width_mm
    }

    /// From the text block to the bottom edge of the paper.
    pub fn margin_bottom_mm(&self) -> f64 {
        self.paper_height_mm - self.margin_top_mm - self.text_height_mm
    }

    /// Width of the text block in points.
    pub fn text_width_pt(&self) -> f64 {
        self.text_width_mm / 25.4 * 72.0
    }
}

/// The page of GB/T 9704-2012: A4, a 156 × 225 mm text block 37 mm below
/// the top and 28 mm from the left, 22 lines of 28 characters in 三号.
pub const PAGE: Page = Page {
    paper_width_mm: 210.0,
    paper_height_mm: 297.0,
    margin_top_mm: 37.0,
    margin_left_mm: 28.0,
    text_width_mm: 156.0,
    text_height_mm: 225.0,
    lines: 22,
    chars: 28,
    body_pt: 16.0,
};

#[cfg(test)]
mod tests {
    use super::PAGE;

    #[test]
    fn the_margins_follow_from_the_text_block() {
        assert_eq!(PAGE.margin_right_mm(), 26.0);
        assert_eq!(PAGE.margin_bottom_mm(), 35.0);
    }
}
