//! The registry of rules: every code the tool reports, its default
//! severity, whether a series may change it, and what it means. The README
//! lists the same table; a test keeps the two in step.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::nearest;
use crate::model::{Level, SeriesConfig};

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable code, e.g. `E-DATE-AFTER-ISSUE`. `E-` rules are errors and
    /// `W-` rules warnings by default.
    pub code: &'static str,
    /// Whether `rules:` in `bulletin.yaml` may change its level. Errors
    /// that leave nothing to build from (syntax, encoding, limits) may not.
    pub adjustable: bool,
    /// What it finds, in Chinese.
    pub what: &'static str,
}

impl Rule {
    /// The severity when a series does not change it.
    pub fn severity(&self) -> Severity {
        if self.code.starts_with("W-") {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

const fn fixed(code: &'static str, what: &'static str) -> Rule {
    Rule {
        code,
        adjustable: false,
        what,
    }
}

const fn adjustable(code: &'static str, what: &'static str) -> Rule {
    Rule {
        code,
        adjustable: true,
        what,
    }
}

/// Every rule, grouped by theme.
pub const RULES: &[Rule] = &[
    // Syntax and schema.
    fixed("E-YAML", "YAML 格式错误"),
    fixed("E-YAML-TAB", "YAML 用制表符缩进"),
    fixed("E-YAML-DUPLICATE", "同一字段写了两次"),
    fixed(
        "E-YAML-LIMIT",
        "YAML 超出处理上限：嵌套超过 16 层、节点超过 60 万个（约合名册 6 万人）、别名超过 1000 个或展开过多（防“别名炸弹”）",
    ),
    fixed(
        "E-FRONTMATTER",
        "稿件缺少 YAML 信息块，或信息块没有结束的 ---",
    ),
    fixed("E-FIELD-UNKNOWN", "未知字段（提示最接近的字段名）"),
    fixed("E-FIELD-MISSING", "缺少必填字段"),
    fixed("E-FIELD-TYPE", "字段的值类型或取值不对"),
    fixed("E-PHRASE-PLACEHOLDER", "句式中有未知的占位符"),
    fixed("E-ORDER", "issue.yaml 的 order 与本期稿件不符"),
    fixed("E-ISSUE-EMPTY", "本期没有稿件"),
    fixed(
        "E-RULE-UNKNOWN",
        "bulletin.yaml 的 rules 中有未知的规则代码",
    ),
    fixed(
        "E-RULE-FIXED",
        "bulletin.yaml 的 rules 要调整一条不能调整的规则",
    ),
    // Encoding and limits.
    adjustable("W-ENCODING-LEGACY", "文件是 GBK/GB18030 编码（已按此读取）"),
    fixed("E-ENCODING", "文件不是文本（指出字节位置）"),
    fixed("E-FILE-TOO-LARGE", "文件超过 1 MiB"),
    fixed("E-FILE-OUTSIDE", "文件经符号链接指向项目目录之外（不读取）"),
    fixed(
        "E-FILE-NOT-REGULAR",
        "不是普通文件：目录、管道或设备（不读取）",
    ),
    fixed("E-LIMIT-ITEMS", "一期的稿件超过 1000 篇"),
    fixed("E-LIMIT-PARAGRAPH", "一段超过 5000 字"),
    fixed(
        "E-LIMIT-PRINTED",
        "一篇稿件超过 60000 字或 3000 段（段落、标题、列表项、引用都计），或一期合计超过 200000 字",
    ),
    fixed(
        "E-LIMIT-RUN",
        "一串文字中间没有空格或汉字、无法换行，超过 1000 个字符",
    ),
    // Dates.
    fixed("E-DATE-INVALID", "日期无效（如 2021-02-30）"),
    adjustable("E-DATE-AFTER-ISSUE", "稿件日期晚于本期日期"),
    adjustable(
        "W-DATE-STALE",
        "稿件日期早于本期日期超过 item_age_days 天（默认 30）",
    ),
    adjustable("W-DATE-BODY", "正文开头写的日期（3月16日）与 date 字段不符"),
    adjustable("E-ISSUE-DATE-ORDER", "本期日期早于上一期"),
    // Numbering.
    adjustable("E-ISSUE-NUMBER", "issue.yaml 的 number 与目录名不一致"),
    fixed("E-ISSUE-DUPLICATE", "两个目录是同一期号（如 12 和 012）"),
    adjustable("W-ISSUE-GAP", "期号不连续"),
    // Roster.
    adjustable("E-LEADER-UNKNOWN", "带队领导不在名册中"),
    adjustable("E-GRID-UNKNOWN", "网格超出本系列的网格范围（grids）"),
    adjustable("W-GRID-MISMATCH", "领导督导的网格与名册中负责的网格不同"),
    // Typography.
    adjustable("W-TYPO-HALFWIDTH", "中文中用了半角标点 , ; : ? ! ( )"),
    adjustable("W-TYPO-UNBALANCED", "“” 《》 （） 不成对"),
    adjustable("W-TYPO-SPACE", "汉字之间有空格"),
    adjustable("W-LEADER-NAME", "正文中领导的姓名与 leader 字段不同"),
    // Fonts.
    fixed("E-GLYPH-MISSING", "有字符没有任何可用字体能够显示"),
    // Distribution.
    adjustable("W-DIST-EMPTY", "版记中既没有“报”也没有“发”的对象"),
    fixed("E-DIST-COPIES", "印数不是正整数"),
    // Typesetting (build only).
    fixed("E-TEMPLATE", "排版模板出错"),
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Applies the levels a series sets in `rules:`: drops the diagnostics of
/// rules turned off, changes the severity of the others, and reports the
/// settings that name no rule or a rule that cannot be changed.
pub fn apply_levels(config: &SeriesConfig, diagnostics: &mut Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut levels: Vec<(&str, Level)> = Vec::new();
    for setting in &config.rules {
        let code = setting.code.value.as_str();
        match rule(code) {
            Some(rule) if rule.adjustable => levels.push((rule.code, setting.level)),
            Some(_) => problems.push(
                Diagnostic::error(
                    "E-RULE-FIXED",
                    setting.code.span.clone(),
                    format!("规则 {code} 不能调整"),
                )
                .with_hint("语法、编码、文件大小等错误无法跳过，只能修改稿件；请删去这一行"),
            ),
            None => {
                let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
                let hint = match nearest(code, &codes) {
                    Some(best) => format!("是否应为 `{best}`？"),
                    None => "规则代码见 README 中的规则表".into(),
                };
                problems.push(
                    Diagnostic::error(
                        "E-RULE-UNKNOWN",
                        setting.code.span.clone(),
                        format!("没有代码为 {code} 的规则"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    diagnostics.retain_mut(|d| {
        match levels.iter().find(|(code, _)| *code == d.code) {
            Some((_, Level::Off)) => return false,
            Some((_, Level::Warning)) => d.severity = Severity::Warning,
            Some((_, Level::Error)) => d.severity = Severity::Error,
            None => {}
        }
        true
    });
    diagnostics.extend(problems);
}
