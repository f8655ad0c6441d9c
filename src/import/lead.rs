//! Recognising a supervision (督导) item by its lead sentence: the series'
//! own `lead` and `attendance` patterns, read backwards, give the date,
//! leader, grid and participants; the `visit` pattern finds the sites.
//! The lead is then composed from these fields again, so the importer
//! takes the matched sentences out of the body (W-LEAD-REPEATED would
//! fire otherwise) and leaves the rest as written.

use chrono::Datelike;

use crate::model::{DEFAULT_PARTICIPANTS_VERB, Date, Grid, SeriesConfig};

/// What a lead sentence gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    /// The leader, from the roster.
    pub leader: String,
    /// The grid.
    pub grid: Grid,
    /// The date.
    pub date: Date,
    /// Who took part, when the attendance sentence follows.
    pub participants: Option<String>,
    /// The verb the attendance sentence took them with (参加, 陪同…).
    pub participants_verb: Option<&'static str>,
    /// How many bytes of the paragraph the sentences took.
    pub consumed: usize,
}

/// Verbs the attendance sentence is tried with.
const VERBS: [&str; 3] = [DEFAULT_PARTICIPANTS_VERB, "陪同", "参与"];

/// The lead at the start of `text`, when it matches the series' pattern
/// with a leader of the roster; `issue_date` gives the year.
pub fn lead(config: &SeriesConfig, text: &str, issue_date: Date) -> Option<Lead> {
    for leader in &config.roster {
        let known = [
            ("campaign", config.campaign.as_str()),
            ("leader", leader.name.as_str()),
        ];
        let Some((vars, consumed)) = match_prefix(&config.phrases.lead, &known, text) else {
            continue;
        };
        let get = |name: &str| {
            vars.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let grid = match get("grid") {
            Some(grid) => parse_grid(grid)?,
            None => leader.grid?,
        };
        let date = match get("date") {
            Some(date) => month_day(date, issue_date)?,
            None => issue_date,
        };
        let mut found = Lead {
            leader: leader.name.clone(),
            grid,
            date,
            participants: None,
            participants_verb: None,
            consumed,
        };
        let rest = &text[consumed..];
        for verb in VERBS {
            let known = [
                ("participants_verb", verb),
                ("campaign", config.campaign.as_str()),
            ];
            if let Some((vars, more)) = match_prefix(&config.phrases.attendance, &known, rest)
                && let Some((_, who)) = vars.iter().find(|(n, _)| n == "participants")
            {
                found.participants = Some(who.clone());
                found.participants_verb = Some(verb);
                found.consumed += more;
                break;
            }
        }
        return Some(found);
    }
    None
}

/// The sites named in `text` by the `visit` pattern's words around
/// `{sites}` (张旋宇一行先后到……等地).
pub fn sites(config: &SeriesConfig, leader: &str, text: &str) -> Vec<String> {
    let visit = config
        .phrases
        .visit
        .replace("{leader}", leader)
        .replace("{campaign}", &config.campaign);
    let Some((before, after)) = visit.split_once("{sites}") else {
        return Vec::new();
    };
    let after: String = after
        .chars()
        .take_while(|&c| c != '{' && c != '，' && c != '。')
        .collect();
    let (Some(start), false) = (text.find(before), after.is_empty()) else {
        return Vec::new();
    };
    let rest = &text[start + before.len()..];
    let Some(end) = rest.find(&after) else {
        return Vec::new();
    };
    rest[..end]
        .split(['、', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `title` (its lines joined) is the one the series' `title`
/// pattern makes of this lead's fields, so that the item needs none.
pub fn derived_title(config: &SeriesConfig, found: &Lead, title: &str) -> bool {
    let joined: String = title.lines().map(str::trim).collect();
    let grid = format!("第{}网格", crate::zh::numeral(u32::from(found.grid.0)));
    let known = [
        ("campaign", config.campaign.as_str()),
        ("leader", found.leader.as_str()),
        ("grid", grid.as_str()),
    ];
    matches!(match_prefix(&config.phrases.title, &known, &joined),
        Some((vars, len)) if vars.is_empty() && len == joined.len())
}

/// Matches `pattern` at the start of `text`, with the `known`
/// placeholders filled in: the other placeholders' values and the length
/// matched. Each unknown placeholder takes at least one character and no
/// sentence end (。).
fn match_prefix(
    pattern: &str,
    known: &[(&str, &str)],
    text: &str,
) -> Option<(Vec<(String, String)>, usize)> {
    let mut filled = pattern.to_owned();
    for (name, value) in known {
        filled = filled.replace(&format!("{{{name}}}"), value);
    }
    let mut segments: Vec<(bool, String)> = Vec::new();
    let mut rest = filled.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        if open > 0 {
            segments.push((false, rest[..open].to_owned()));
        }
        segments.push((true, rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push((false, rest.to_owned()));
    }
    let mut vars = Vec::new();
    let end = matches(&segments, text, 0, &mut vars)?;
    Some((vars, end))
}

fn matches(
    segments: &[(bool, String)],
    text: &str,
    at: usize,
    vars: &mut Vec<(String, String)>,
) -> Option<usize> {
    let Some(((is_var, value), more)) = segments.split_first() else {
        return Some(at);
    };
    if !is_var {
        return text[at..]
            .starts_with(value.as_str())
            .then_some(())
            .and_then(|()| matches(more, text, at + value.len(), vars));
    }
    let rest = &text[at..];
    let limit = rest.find('。').unwrap_or(rest.len());
    // The shortest value that lets the rest match: placeholders are
    // followed by literal words in every pattern the series uses.
    for (offset, c) in rest[..limit].char_indices() {
        let end = offset + c.len_utf8();
        vars.push((value.clone(), rest[..end].to_owned()));
        if let Some(done) = matches(more, text, at + end, vars) {
            return Some(done);
        }
        vars.pop();
    }
    None
}

/// 第二十二网格 or 第22网格.
fn parse_grid(text: &str) -> Option<Grid> {
    let inner = text.strip_prefix('第')?.strip_suffix("网格")?;
    let n = inner
        .parse::<u16>()
        .ok()
        .or_else(|| chinese_number(inner))?;
    (n > 0).then_some(Grid(n))
}

/// A Chinese numeral below 1000 (一, 十, 二十二, 一百零五).
fn chinese_number(text: &str) -> Option<u16> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u16)
    };
    let mut total = 0;
    let mut current: Option<u16> = None;
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            c => {
                current = Some(digit(c)?);
                continue;
            }
        };
        total += current.unwrap_or(1) * unit;
        current = None;
    }
    let n = total + current.unwrap_or(0);
    (!text.is_empty()).then_some(n)
}

/// 3月16日 in the year of the issue (the year before, when that would
/// fall after the issue); 2021年3月16日 as written.
pub fn month_day(text: &str, issue_date: Date) -> Option<Date> {
    let (year, text) = match text.split_once('年') {
        Some((year, rest)) => (Some(year.trim().parse::<i32>().ok()?), rest),
        None => (None, text),
    };
    let (month, rest) = text.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let month: u32 = month.trim().parse().ok()?;
    let day: u32 = day.trim().parse().ok()?;
    if let Some(year) = year {
        return chrono::NaiveDate::from_ymd_opt(year, month, day);
    }
    let this = chrono::NaiveDate::from_ymd_opt(issue_date.year(), month, day)?;
    if this <= issue_date {
        Some(this)
    } else {
        chrono::NaiveDate::from_ymd_opt(issue_date.year() - 1, month, day)
    }
}

/// The date a paragraph opens with (3月16日，…), as W-DATE-BODY reads it.
pub fn opening_date(text: &str, issue_date: Date) -> Option<Date> {
    let end = text.find('日')? + '日'.len_utf8();
    // 2021年12月31日 is 20 bytes.
    if end > 20 {
        return None;
    }
    month_day(text[..end].trim(), issue_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_and_without_the_year() {
        let issue = Date::from_ymd_opt(2021, 3, 17).unwrap();
        let day = |y, m, d| Date::from_ymd_opt(y, m, d);
        assert_eq!(month_day("3月16日", issue), day(2021, 3, 16));
        assert_eq!(month_day("12月30日", issue), day(2020, 12, 30));
        assert_eq!(month_day("2021年3月16日", issue), day(2021, 3, 16));
        assert_eq!(month_day("2020年2月30日", issue), None);
        assert_eq!(month_day("二〇二一年3月16日", issue), None);
        assert_eq!(
            opening_date("2021年12月31日，会议召开", issue),
            day(2021, 12, 31)
        );
    }

    #[test]
    fn grids_and_numbers_parse() {
        assert_eq!(parse_grid("第二十二网格"), Some(Grid(22)));
        assert_eq!(parse_grid("第一网格"), Some(Grid(1)));
        assert_eq!(parse_grid("第10网格"), Some(Grid(10)));
        assert_eq!(chinese_number("一百零五"), Some(105));
        assert_eq!(parse_grid("第网格"), None);
    }
}
