//! Headings as Chinese offices type them, without Heading styles: 一、,
//! （一）, 1. and （1） at the start of a short paragraph, often in 黑体 or
//! 楷体 or bold.

/// Longest heading, in characters.
const MAX_HEADING: usize = 40;

/// The level of a typed heading (一、 1, （一） 2, 1. 3, （1） 4), or
/// `None`. `strong` says the paragraph is bold or in 黑体/楷体: the Arabic
/// forms count only then, as they also open the items of a list.
pub fn typed_level(text: &str, strong: bool) -> Option<u8> {
    let text = text.trim();
    if text.is_empty()
        || text.chars().count() > MAX_HEADING
        || text.contains('\n')
        || text.trim_end_matches(['。', '；', '：', '，']).len() != text.len()
        || text.contains('。')
    {
        return None;
    }
    let chinese = |c: char| "一二三四五六七八九十百零".contains(c);
    let (level, rest) = if let Some(rest) = numbered(text, chinese, &["、", "．", "."]) {
        (1, rest)
    } else if let Some(rest) = bracketed(text, chinese) {
        (2, rest)
    } else if let Some(rest) = numbered(text, |c| c.is_ascii_digit(), &[".", "．", "、"]) {
        (3, rest)
    } else if let Some(rest) = bracketed(text, |c| c.is_ascii_digit()) {
        (4, rest)
    } else {
        return None;
    };
    if rest.trim().is_empty() || (level >= 3 && !strong) {
        return None;
    }
    Some(level)
}

/// The text after a number of one to nine `digit`s.
fn after_digits(text: &str, digit: impl Fn(char) -> bool) -> Option<&str> {
    let len: usize = text
        .chars()
        .take_while(|&c| digit(c))
        .map(char::len_utf8)
        .sum();
    (1..=9).contains(&len).then(|| &text[len..])
}

/// The text after a number of `digit`s and one of `marks`.
fn numbered<'t>(text: &'t str, digit: impl Fn(char) -> bool, marks: &[&str]) -> Option<&'t str> {
    let rest = after_digits(text, digit)?;
    marks.iter().find_map(|m| rest.strip_prefix(m))
}

/// The text after a bracketed number: （一）, (一), （1）, (1).
fn bracketed(text: &str, digit: impl Fn(char) -> bool) -> Option<&str> {
    let inner = text.strip_prefix('（').or_else(|| text.strip_prefix('('))?;
    let rest = after_digits(inner, digit)?;
    rest.strip_prefix('）').or_else(|| rest.strip_prefix(')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbering_gives_levels() {
        assert_eq!(typed_level("一、基本情况", false), Some(1));
        assert_eq!(typed_level("（二）主要做法", false), Some(2));
        assert_eq!(typed_level("3. 压实责任", true), Some(3));
        assert_eq!(typed_level("3. 压实责任", false), None);
        assert_eq!(typed_level("（1）细化分工", true), Some(4));
        assert_eq!(
            typed_level("一、加强领导。要求各部门落实责任。", true),
            None
        );
        assert_eq!(typed_level("2021年3月", true), None);
        assert_eq!(typed_level("一、", true), None);
    }
}
