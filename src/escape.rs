//! Text from files on its way to a terminal. An item, a file name or a
//! `--out` folder can hold control characters — ESC starts sequences that
//! retitle the window or clear the screen, a newline in a file name would
//! split `file:line:col` — so every message shows them as visible symbols
//! instead, with or without colour: C0 controls as their Control Pictures
//! (ESC as ␛, U+241B), DEL as ␡, C1 controls as �, and the other
//! characters that print as nothing (zero-width spaces, direction marks,
//! which could also reorder what the terminal shows) as ␣. Each replaces one
//! character, so columns stay right; [`Escaped`] maps byte offsets for
//! source snippets.

use std::borrow::Cow;

/// The visible stand-in for a control character, or `None` for any other
/// character (and for the newline and tab when `keep_lines`).
fn stand_in(c: char, keep_lines: bool) -> Option<char> {
    match c {
        '\n' | '\t' if keep_lines => None,
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        c if crate::invisible::is_invisible(c) => Some('\u{2423}'),
        _ => None,
    }
}

fn escape(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| stand_in(c, keep_lines).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| stand_in(c, keep_lines).unwrap_or(c))
            .collect(),
    )
}

/// One line for a terminal, such as a file name: every control character,
/// the newline and tab too, made visible.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Text for a terminal that may run over several lines, such as a
/// message: control characters made visible, newlines and tabs kept.
pub fn lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// A source file's text made safe to show, with the byte offsets of the
/// original mapped into it.
#[derive(Debug)]
pub struct Escaped {
    /// The text with control characters made visible.
    pub text: String,
    /// For each replaced character: its offset in the original and how many
    /// bytes longer the text is after it.
    shifts: Vec<(usize, usize)>,
}

impl Escaped {
    /// Escapes a source's text, keeping its newlines and tabs.
    pub fn new(original: &str) -> Self {
        let mut shifts = Vec::new();
        let mut extra = 0;
        for (at, c) in original.char_indices() {
            if let Some(visible) = stand_in(c, true) {
                extra += visible.len_utf8() - c.len_utf8();
                shifts.push((at, extra));
            }
        }
        Self {
            text: lines(original).into_owned(),
            shifts,
        }
    }

    /// Where a byte offset of the original lies in the escaped text.
    pub fn offset(&self, original: usize) -> usize {
        let before = self.shifts.partition_point(|&(at, _)| at < original);
        original + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_offsets_follow() {
        assert_eq!(line("a\u{1b}]0;title\u{7}\nb"), "a␛]0;title␇␊b");
        assert_eq!(lines("a\u{1b}[2J\n\tb\u{9b}"), "a␛[2J\n\tb\u{fffd}");
        assert!(matches!(lines("第12期\n"), Cow::Borrowed(_)));
        let escaped = Escaped::new("x\u{1b}y\u{9b}z");
        assert_eq!(escaped.text, "x␛y\u{fffd}z");
        assert_eq!(escaped.offset(0), 0);
        assert_eq!(escaped.offset(1), 1);
        assert_eq!(escaped.offset(2), 4);
        assert_eq!(escaped.offset(3), 5);
        assert_eq!(escaped.offset(5), 8);
        assert_eq!(&escaped.text[escaped.offset(2)..escaped.offset(3)], "y");
    }
}
