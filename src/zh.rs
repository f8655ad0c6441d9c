//! Chinese numerals and dates as printed in official documents.

use chrono::Datelike;

use crate::model::Date;

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes a number in Chinese numerals: 1 → 一, 10 → 十, 22 → 二十二, 105 → 一百零五.
pub fn numeral(n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        // Grids and issues never come near this; digits read better than 万-forms.
        return n.to_string();
    }
    let units = [(1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut rest = n;
    let mut pending_zero = false;
    for (value, unit) in units {
        let d = rest / value;
        rest %= value;
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十 rather than 一十 when it leads the number.
        if !(d == 1 && value == 10 && out.is_empty()) {
            out.push(DIGITS[d as usize]);
        }
        out.push(unit);
    }
    if rest > 0 {
        if pending_zero {
            out.push('零');
        }
        out.push(DIGITS[rest as usize]);
    }
    out
}

/// A date in full: 2021年3月17日 (no leading zeros, no spaces).
pub fn full_date(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A date within the year: 3月16日.
pub fn month_day(date: Date) -> String {
    format!("{}月{}日", date.month(), date.day())
}

/// Splits one line of a title into the pieces a line break may fall
/// between: words of the dictionary segmenter (ICU's CJ dictionary, the
/// one Typst's own segmenter data comes with), with numbers kept whole
/// together with 第 before them and their unit after them (第二十二网格 may
/// break only as 第二十二 / 网格, 2021年 not at all), and punctuation kept
/// with the word it belongs to.
pub fn title_words(line: &str) -> Vec<String> {
    use icu_segmenter::WordSegmenter;
    use icu_segmenter::options::WordBreakInvariantOptions;

    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let breaks: Vec<usize> = segmenter.segment_str(line).collect();
    let mut words: Vec<String> = breaks
        .windows(2)
        .map(|w| line[w[0]..w[1]].to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    // A single character is rarely a word of its own in a title; the
    // dictionary leaves suffixes such as 会 (推进会, 常委会) and 格 (网格)
    // alone. It joins the word after it when it is a prefix (市人大, 各部门),
    // else the word before.
    const PREFIXES: &str = "市省县区各全总副第新";
    let mut i = 0;
    while i < words.len() {
        let mut chars = words[i].chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => is_han(c).then_some(c),
            _ => None,
        };
        match single {
            Some(c) if PREFIXES.contains(c) && i + 1 < words.len() => {
                let word = words.remove(i);
                words[i].insert_str(0, &word);
            }
            Some(_) if i > 0 => {
                let word = words.remove(i);
                words[i - 1].push_str(&word);
            }
            _ => i += 1,
        }
    }
    let mut i = 1;
    while i < words.len() {
        if glued(&words[i - 1], &words[i]) {
            let next = words.remove(i);
            words[i - 1].push_str(&next);
        } else {
            i += 1;
        }
    }
    words
}

/// What a character is, for the rules of Chinese text: the one classifier
/// that the Markdown reader, the typography and limit rules, the title
/// breaker and the terminal's column widths share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A Han character (CJK unified ideographs, extensions, compatibility).
    Han,
    /// Japanese kana.
    Kana,
    /// Korean hangul.
    Hangul,
    /// Full-width punctuation and symbols: the CJK symbols, full-width
    /// forms, radicals, and the marks Chinese text shares with others
    /// (“ ” ‘ ’ — …).
    Punctuation,
    /// Anything else: Latin, digits, spaces, controls.
    Other,
}

/// The class of a character.
pub fn class(c: char) -> Class {
    match c {
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' => Class::Han,
        '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => Class::Kana,
        '\u{AC00}'..='\u{D7AF}' | '\u{3130}'..='\u{318F}' => Class::Hangul,
        '\u{2E80}'..='\u{303F}'
        | '\u{3100}'..='\u{312F}'
        | '\u{3190}'..='\u{31EF}'
        | '\u{3200}'..='\u{33FF}'
        | '\u{4DC0}'..='\u{4DFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '“'
        | '”'
        | '‘'
        | '’'
        | '—'
        | '…' => Class::Punctuation,
        _ => Class::Other,
    }
}

/// A Han character.
pub fn is_han(c: char) -> bool {
    class(c) == Class::Han
}

/// Han characters and full-width punctuation: the text around which
/// punctuation must be full-width.
pub fn is_chinese(c: char) -> bool {
    matches!(class(c), Class::Han | Class::Punctuation)
}

/// Letters of scripts without spaces between words, between any two of
/// which a line may break: Han, kana and hangul.
pub fn breaks_anywhere(c: char) -> bool {
    matches!(class(c), Class::Han | Class::Kana | Class::Hangul)
}

/// Characters between which a line break of the source is no space:
/// Chinese and Japanese text and full-width punctuation (Korean separates
/// its words with spaces).
pub fn joins_lines(c: char) -> bool {
    matches!(class(c), Class::Han | Class::Kana | Class::Punctuation)
}

/// Columns the character takes in a terminal: two for the wide classes.
pub fn columns(c: char) -> usize {
    match class(c) {
        Class::Other => 1,
        _ => 2,
    }
}

/// A title the writer broke into lines, on one line (the headline list,
/// the HTML heading): the lines with a full-width space between them where
/// they are two phrases (强化责任担当 / 推动工作落实), run together where
/// the break falls inside one sentence. The break is inside a sentence
/// when
/// - a punctuation mark ends the first line or opens the next (it already
///   separates them);
/// - the dictionary finds a word across the break (创城工作推 / 进会);
/// - the first line ends in who does what the next line says: an office
///   (市人大常委会机关 / 召开创城工作推进会), a title (书记, 主任) or a
///   name of `names` (the series' roster);
/// - a word that needs what follows ends the first line (的, 和, 关于), or
///   one that needs what comes before opens the next (的, 等);
/// - the title begins with 关于: it is one noun phrase (关于……的通知).
pub fn join_title_lines(lines: &[&str], names: &[&str]) -> String {
    let one_phrase = lines.first().is_some_and(|l| l.starts_with("关于"));
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && !one_phrase && !inside_sentence(lines[i - 1], line, names) {
            out.push('\u{3000}');
        }
        out.push_str(line);
    }
    out
}

/// Whether a line break between `before` and `after` falls inside one
/// sentence; see [`join_title_lines`].
fn inside_sentence(before: &str, after: &str, names: &[&str]) -> bool {
    use icu_segmenter::WordSegmenter;
    use icu_segmenter::options::WordBreakInvariantOptions;

    /// Endings of offices and of people's titles: the subject of a title
    /// whose predicate is on the next line.
    const AGENTS: [&str; 48] = [
        "机关",
        "委员会",
        "常委会",
        "人大",
        "政协",
        "政府",
        "党委",
        "党组",
        "支部",
        "办公室",
        "办",
        "局",
        "厅",
        "委",
        "部",
        "院",
        "所",
        "处",
        "科",
        "中心",
        "街道",
        "社区",
        "网格",
        "小组",
        "工作组",
        "督导组",
        "队",
        "站",
        "公司",
        "集团",
        "学校",
        "单位",
        "部门",
        "协会",
        "联合会",
        "书记",
        "主任",
        "主席",
        "市长",
        "县长",
        "区长",
        "局长",
        "部长",
        "组长",
        "同志",
        "代表",
        "委员",
        "负责人",
    ];
    /// Words that need what follows them.
    const LEADING: [&str; 16] = [
        "的", "和", "与", "及", "同", "在", "对", "为", "把", "向", "将", "从", "关于", "以", "并",
        "暨",
    ];
    /// Words that need what comes before them.
    const TRAILING: [&str; 8] = ["的", "和", "与", "及", "等", "并", "之", "暨"];
    const MARKS: &str = "，。、；：！？（）《》“”‘’「」『』〔〕【】…—·,.;:!?()";

    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return true;
    };
    if MARKS.contains(last) || MARKS.contains(first) {
        return true;
    }
    let joined = format!("{before}{after}");
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    if !segmenter.segment_str(&joined).any(|b| b == before.len()) {
        return true;
    }
    AGENTS.iter().any(|a| before.ends_with(a))
        || names.iter().any(|n| !n.is_empty() && before.ends_with(n))
        || LEADING.iter().any(|w| before.ends_with(w))
        || TRAILING.iter().any(|w| after.starts_with(w))
}

/// Whether no line may break between two adjacent pieces of a title.
fn glued(before: &str, after: &str) -> bool {
    const UNITS: &str = "年月日号时分秒期届次个项名家条份位人万亿元件%％";
    const CLOSING: &str = "，。、；：！？）》”’」』〕】…—·";
    const OPENING: &str = "（《“‘「『〔【";
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let number =
        |c: char| c.is_ascii_digit() || DIGITS.contains(&c) || "十百千万两〇.．".contains(c);
    CLOSING.contains(first)
        || OPENING.contains(last)
        || (number(last) && (number(first) || UNITS.contains(first)))
        || ((last == '第' || before.ends_with("第")) && number(first))
        || (last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_read_as_written_in_documents() {
        let cases = [
            (1, "一"),
            (7, "七"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (22, "二十二"),
            (23, "二十三"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (9999, "九千九百九十九"),
        ];
        for (n, want) in cases {
            assert_eq!(numeral(n), want, "{n}");
        }
    }

    #[test]
    fn dates_have_no_leading_zeros() {
        let d = Date::from_ymd_opt(2021, 3, 7).unwrap();
        assert_eq!(full_date(d), "2021年3月7日");
        assert_eq!(month_day(d), "3月7日");
    }

    #[test]
    fn title_words_keep_words_numbers_and_punctuation_whole() {
        let words = title_words("市人大常委会机关召开2021年第二十二网格推进会");
        let joined = words.join("/");
        assert_eq!(
            words.concat(),
            "市人大常委会机关召开2021年第二十二网格推进会"
        );
        for whole in ["市人大", "常委会", "2021年", "第二十二网格", "推进会"] {
            assert!(words.iter().any(|w| w.contains(whole)), "{joined}");
        }
        assert!(
            title_words("学习《条例》精神")
                .iter()
                .all(|w| !w.ends_with('《') && !w.starts_with('》'))
        );
    }

    #[test]
    fn title_lines_join_with_a_space_between_phrases_and_without_inside_a_sentence() {
        // The sample: an office, then what it did.
        assert_eq!(
            join_title_lines(&["市人大常委会机关", "召开创城工作推进会"], &[]),
            "市人大常委会机关召开创城工作推进会"
        );
        // Two phrases side by side.
        assert_eq!(
            join_title_lines(&["强化责任担当", "推动创城工作落地见效"], &[]),
            "强化责任担当　推动创城工作落地见效"
        );
        assert_eq!(
            join_title_lines(&["以创建促提升", "以提升促发展", "以发展惠民生"], &[]),
            "以创建促提升　以提升促发展　以发展惠民生"
        );
        // A leader of the roster, then what they did.
        assert_eq!(
            join_title_lines(&["张旋宇", "到第一网格督导创城工作"], &["张旋宇"]),
            "张旋宇到第一网格督导创城工作"
        );
        // A mark, a word across the break, a word that needs the next line.
        for (lines, joined) in [
            (
                ["全市召开推进会，", "部署下一阶段工作"],
                "全市召开推进会，部署下一阶段工作",
            ),
            (
                ["关于印发创城工作", "配档表的通知"],
                "关于印发创城工作配档表的通知",
            ),
            (
                ["培育和践行社会主义核心价", "值观"],
                "培育和践行社会主义核心价值观",
            ),
        ] {
            assert_eq!(join_title_lines(&lines, &[]), joined);
        }
    }
}
