//! Characters that print as nothing: zero-width spaces and joiners, a BOM
//! inside the text, direction marks, the word joiner, the soft hyphen,
//! control characters and DEL. Text pasted from web pages and WeChat
//! carries them. `load` reports each where it is written
//! (`W-INVISIBLE-CHAR`) and `compose` removes them from everything it
//! prints, so no font is ever asked for one (it would be `E-GLYPH-MISSING`,
//! the wrong cause), none stops Typst (DEL did) and none reaches a PDF's
//! text (C0 controls did). The no-break space and the full-width space are
//! not among them: they print as spaces.

/// What an invisible character is called in a message, or `None` when
/// `c` prints (tab and line feed count as printing: they are white space).
pub fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' | '\n' => return None,
        '\u{200B}' => "零宽空格",
        '\u{200C}' => "零宽不连字",
        '\u{200D}' => "零宽连字",
        '\u{2060}' => "字词连接符",
        '\u{FEFF}' => "字节顺序标记（BOM）",
        '\u{00AD}' => "软连字符",
        '\u{180E}' | '\u{2061}'..='\u{2064}' => "不可见格式符",
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => "文字方向控制符",
        '\u{7F}' => "删除符（DEL）",
        c if c.is_control() => "控制字符",
        _ => return None,
    })
}

/// Whether `c` prints as nothing.
pub fn is_invisible(c: char) -> bool {
    name(c).is_some()
}

/// Removes the invisible characters of `text` in place.
pub fn strip_in_place(text: &mut String) {
    if text.chars().any(is_invisible) {
        text.retain(|c| !is_invisible(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_and_spaces_are_not() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{200E}',
            '\u{202E}', '\u{2067}', '\u{1}', '\u{1B}', '\u{7F}', '\u{85}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in ['\t', '\n', ' ', '\u{A0}', '\u{3000}', '中', '\u{FE0F}'] {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
        let mut text = String::from("创\u{200B}城\u{7F}工作");
        strip_in_place(&mut text);
        assert_eq!(text, "创城工作");
    }
}
