//! Scaffolding: what `init`, `new` and `add` create — the next issue's
//! number, a new item's leader from the roster and its file name, and the
//! text of each file. `output` writes what these return.

use std::path::{Path, PathBuf};

use pinyin::ToPinyin;

use crate::diagnostic::nearest;
use crate::error::{Error, Result};
use crate::load::{ISSUE_FILE, Loader, Project};
use chrono::Datelike;

use crate::model::{
    Date, Grid, IssueHeader, IssueKind, IssueNumber, Leader, Numbering, SeriesConfig,
};

/// The next issue of `kind` for an issue dated `date`, and its
/// `issue.yaml` (relative to the root): the last number of its run plus one
/// (of the date's year, for a series numbered by year). Refused when its
/// folder is already there, and when `date` would put it out of date order
/// with the issue before or after it in its run: such an issue would fail
/// `E-ISSUE-DATE-ORDER` at once.
pub fn next_issue(
    project: &Project,
    numbering: Numbering,
    kind: IssueKind,
    date: Date,
) -> Result<(IssueNumber, PathBuf)> {
    let year = match numbering {
        Numbering::Continuous => None,
        Numbering::Yearly => u16::try_from(date.year()).ok(),
    };
    let first = IssueNumber {
        year,
        kind,
        ordinal: 1,
    };
    let dirs: Vec<(IssueNumber, PathBuf)> = project
        .issue_dirs()?
        .into_iter()
        .filter(|(n, _)| n.same_kind(&first))
        .collect();
    let next = dirs
        .iter()
        .rfind(|(n, _)| n.year == year)
        .map_or(first, |(last, _)| last.next());
    let dir = project.issue_dir(next);
    if project.root.join(&dir).exists() {
        return Err(Error::Usage(format!("{} 已存在，未改动", dir.display())));
    }
    let mut loader = Loader::new(project);
    let mut header = |n: &IssueNumber, dir: &Path| loader.issue_header_only(*n, dir);
    let before = dirs.iter().rfind(|(n, _)| *n < next);
    if let Some(previous) = before.and_then(|(n, dir)| header(n, dir))
        && previous.date.value > date
    {
        return Err(out_of_order(next, date, "早于上一期", &previous));
    }
    let after = dirs.iter().find(|(n, _)| *n > next);
    if let Some(following) = after.and_then(|(n, dir)| header(n, dir))
        && following.date.value < date
    {
        return Err(out_of_order(next, date, "晚于下一期", &following));
    }
    Ok((next, dir.join(ISSUE_FILE)))
}

/// The refusal of a new issue whose date is out of order with `other`.
fn out_of_order(next: IssueNumber, date: Date, what: &str, other: &IssueHeader) -> Error {
    Error::Usage(format!(
        "新的一期将是{}，日期 {date} {what}（{}，{}）；这样新建的一期会报 E-ISSUE-DATE-ORDER，未新建\n\
         提示：请核对 --date；各期的日期须随期号递增",
        next.label(),
        other.number.label(),
        other.date.value,
    ))
}

/// What a new item is.
#[derive(Debug, Clone)]
pub enum NewItem {
    /// An inspection by a leader of the roster, at their grid unless given.
    Inspection {
        /// The leader's name.
        leader: String,
        /// The grid, when not the roster's.
        grid: Option<Grid>,
    },
    /// Any other item, with its title.
    Titled(String),
}

/// A new item of an issue: its path (relative to the root, numbered after
/// the issue's last item and named after the leader or title in pinyin)
/// and its text.
pub fn item(
    project: &Project,
    config: &SeriesConfig,
    issue: IssueNumber,
    new: &NewItem,
    date: Date,
) -> Result<(PathBuf, String)> {
    let dir = project.issue_dir(issue);
    if !project.root.join(&dir).is_dir() {
        return Err(Error::Usage(format!(
            "没有{}：找不到目录 {}\n提示：先运行 bulletin new",
            issue.label(),
            dir.display()
        )));
    }
    let (slug, text) = match new {
        NewItem::Inspection { leader, grid } => {
            let entry = roster_entry(config, leader)?;
            let Some(grid) = grid.or(entry.grid) else {
                return Err(Error::Usage(format!(
                    "名册中没有{leader}负责的网格，请用 --grid 指明"
                )));
            };
            let text = inspection_item(entry, grid, date, &config.campaign);
            (slug(leader, true), text)
        }
        NewItem::Titled(title) => (slug(title, false), titled_item(title, date)),
    };
    let next = last_item_number(project, &dir)? + 1;
    Ok((dir.join(format!("{next:02}-{slug}.md")), text))
}

/// The roster entry of a leader, or why there is none.
fn roster_entry<'a>(config: &'a SeriesConfig, leader: &str) -> Result<&'a Leader> {
    if let Some(entry) = config.roster.iter().find(|l| l.name == leader) {
        return Ok(entry);
    }
    let names: Vec<&str> = config.roster.iter().map(|l| l.name.as_str()).collect();
    let guess = nearest(leader, &names)
        .map(|n| format!("是否应为“{n}”？"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "领导“{leader}”不在名册中。{guess}\n名册中有：{}\n提示：新领导请先登记到 bulletin.yaml 的 roster",
        names.join("、")
    )))
}

/// The path of a new item of an issue named after `slug`: numbered after
/// the issue's last item.
pub fn next_item(project: &Project, issue: IssueNumber, slug: &str) -> Result<PathBuf> {
    let dir = project.issue_dir(issue);
    let next = last_item_number(project, &dir)? + 1;
    Ok(dir.join(format!("{next:02}-{slug}.md")))
}

/// The largest number that opens an item file name of the folder, or 0.
fn last_item_number(project: &Project, dir: &Path) -> Result<u32> {
    Ok(project
        .item_files(dir)?
        .iter()
        .filter_map(|f| {
            let name = f.file_name()?.to_str()?;
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0))
}

const INIT_CONFIG: &str = include_str!("../assets/init/bulletin.yaml");
const INIT_ITEM: &str = include_str!("../assets/init/item.md");

/// Names chosen for a new series.
#[derive(Debug, Clone)]
pub struct SeriesNames {
    /// Full series title.
    pub title: String,
    /// The issuing office.
    pub office: String,
    /// The campaign word.
    pub campaign: String,
}

impl Default for SeriesNames {
    fn default() -> Self {
        Self {
            title: "某某市创建文明城市工作简报".into(),
            office: "某某市创建文明城市工作办公室".into(),
            campaign: "创城".into(),
        }
    }
}

/// The files of a new series: (relative path, contents).
pub fn init(names: &SeriesNames, date: Date) -> Vec<(String, String)> {
    let masthead = match names.title.strip_suffix("工作简报") {
        Some(head) if !head.is_empty() => format!("[{head}, 工作简报]"),
        _ => format!("[{}]", names.title),
    };
    let config = INIT_CONFIG
        .replace("{{title}}", &names.title)
        .replace("{{masthead}}", &masthead)
        .replace("{{office}}", &names.office)
        .replace("{{campaign}}", &names.campaign);
    let item = INIT_ITEM
        .replace("{{date}}", &date.to_string())
        .replace("{{campaign}}", &names.campaign);
    vec![
        ("bulletin.yaml".into(), config),
        (
            "bulletins/1/issue.yaml".into(),
            issue(IssueNumber::plain(1), date),
        ),
        ("bulletins/1/01-zhang-san.md".into(), item),
        (".gitignore".into(), "out/\nsite/\n".into()),
    ]
}

/// `issue.yaml` of a new issue.
pub fn issue(number: IssueNumber, date: Date) -> String {
    format!(
        "# {label}。稿件放在本目录，每篇一个 .md 文件，按文件名排序。\n\
         number: {ordinal}\n\
         date: {date}\n\
         # order: [02-li-si, 01-zhang-san]   # 可选：另定稿件顺序\n",
        label = number.label(),
        ordinal = number.ordinal,
    )
}

/// A new inspection item for a leader of the roster.
pub fn inspection_item(leader: &Leader, grid: Grid, date: Date, campaign: &str) -> String {
    let grid_name = format!("第{}网格", crate::zh::numeral(u32::from(grid.0)));
    let titles = if leader.titles.is_empty() {
        "（名册中未登记职务）".to_owned()
    } else {
        leader.titles.join("、")
    };
    format!(
        "---\n\
         grid: {grid}                      # {grid_name}\n\
         leader: {name}                # 职务取自名册：{titles}\n\
         date: {date}\n\
         participants: {grid_name}{campaign}工作组成员及相关负责人\n\
         # participants_verb: 参与       # 可选，默认“参加”\n\
         sites: []                     # 督导地点，如 [某某社区, 某某小区]\n\
         # remarks_verb: 强调            # 可选，默认“要求”\n\
         # remarks: |                    # 领导讲话要求，印成最后一段\n\
         #   要……\n\
         ---\n",
        grid = grid.0,
        name = leader.name,
    )
}

/// A new item with an explicit title (a meeting, a notice).
pub fn titled_item(title: &str, date: Date) -> String {
    format!("---\ntitle: {}\ndate: {date}\n---\n", yaml_string(title))
}

/// A YAML double-quoted string, so any title stays a string.
pub(crate) fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Compound surnames, read as one word: 欧阳修 → ouyang-xiu.
const COMPOUND_SURNAMES: [(&str, &str); 20] = [
    ("欧阳", "ouyang"),
    ("司马", "sima"),
    ("上官", "shangguan"),
    ("诸葛", "zhuge"),
    ("东方", "dongfang"),
    ("皇甫", "huangfu"),
    ("尉迟", "yuchi"),
    ("公孙", "gongsun"),
    ("慕容", "murong"),
    ("夏侯", "xiahou"),
    ("令狐", "linghu"),
    ("长孙", "zhangsun"),
    ("宇文", "yuwen"),
    ("司徒", "situ"),
    ("司空", "sikong"),
    ("端木", "duanmu"),
    ("南宫", "nangong"),
    ("西门", "ximen"),
    ("呼延", "huyan"),
    ("万俟", "moqi"),
];

/// Surnames whose reading differs from the character's most common one:
/// 单 is dan in 单位 but shan as a surname.
const SURNAME_READINGS: [(char, &str); 20] = [
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('查', "zha"),
    ('朴', "piao"),
    ('盖', "ge"),
    ('缪', "miao"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('召', "shao"),
    ('乐', "yue"),
    ('尉', "wei"),
    ('种', "chong"),
    ('秘', "bi"),
    ('任', "ren"),
    ('华', "hua"),
    ('纪', "ji"),
    ('柏', "bai"),
];

/// The pinyin of each character, ASCII letters and digits kept, anything
/// else a `-`.
fn pinyin_parts(text: &str) -> Vec<String> {
    text.chars()
        .zip(text.to_pinyin())
        .map(|(c, py)| match py {
            Some(py) => py.plain().to_owned(),
            None if c.is_ascii_alphanumeric() => c.to_ascii_lowercase().to_string(),
            None => "-".into(),
        })
        .collect()
}

/// A person's name as (surname, given name) in pinyin, surnames read as
/// surnames.
fn name_parts(name: &str) -> (String, String) {
    if let Some((surname, reading)) = COMPOUND_SURNAMES
        .iter()
        .find(|(surname, _)| name.starts_with(surname) && name.len() > surname.len())
    {
        return (
            (*reading).to_owned(),
            pinyin_parts(&name[surname.len()..]).concat(),
        );
    }
    let mut chars = name.chars();
    let first = chars.next().unwrap_or_default();
    let surname = match SURNAME_READINGS.iter().find(|(c, _)| *c == first) {
        Some((_, reading)) => (*reading).to_owned(),
        None => pinyin_parts(&first.to_string()).concat(),
    };
    (surname, pinyin_parts(chars.as_str()).concat())
}

/// A file-name slug from Chinese text: 朱加云 → zhu-jiayun (surname apart,
/// read as a surname: 单 shan, 欧阳 ouyang), other text → its pinyin run
/// together, ASCII kept, at most 24 letters.
pub fn slug(text: &str, is_name: bool) -> String {
    let joined = if is_name && text.chars().count() >= 2 {
        let (surname, given) = name_parts(text);
        format!("{surname}-{given}")
    } else {
        pinyin_parts(text).concat()
    };
    let mut slug = String::new();
    for c in joined.chars() {
        if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        if slug.len() >= 24 {
            break;
        }
        slug.push(c);
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() { "item".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_pinyin() {
        assert_eq!(slug("朱加云", true), "zhu-jiayun");
        assert_eq!(slug("张旋宇", true), "zhang-xuanyu");
        assert_eq!(
            slug("市人大常委会机关召开创城工作推进会", false),
            "shirendachangweihuijigua"
        );
        assert_eq!(slug("2024年第1次会议", false), "2024niandi1cihuiyi");
        assert_eq!(slug("《》", false), "item");
    }

    #[test]
    fn surnames_are_read_as_surnames() {
        assert_eq!(slug("单雄信", true), "shan-xiongxin");
        assert_eq!(slug("曾国藩", true), "zeng-guofan");
        assert_eq!(slug("欧阳修", true), "ouyang-xiu");
        assert_eq!(slug("解缙", true), "xie-jin");
        // The character keeps its common reading outside a name.
        assert_eq!(slug("单位会议", false), "danweihuiyi");
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(yaml_string("a\"b: #c"), "\"a\\\"b: #c\"");
    }
}
