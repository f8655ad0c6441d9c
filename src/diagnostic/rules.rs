//! The registry of rules: every code the tool reports, its default level,
//! whether a series may change it, and what it finds. A diagnostic is made
//! from a rule and takes its level from it; the README's rule table is
//! checked column by column against this list.

use super::Severity;

/// One rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `E-DATE-AFTER-ISSUE`. `E-` rules are errors and
    /// `W-` rules warnings by default.
    pub code: &'static str,
    /// The level when a series does not change it.
    pub level: Severity,
    /// Whether `rules:` in `bulletin.yaml` may change its level. Errors
    /// that leave nothing to build from (syntax, encoding, limits) may not.
    pub adjustable: bool,
    /// What it finds, in Chinese: one line.
    pub what: &'static str,
}

/// Declares each rule as a constant named after its code and lists them all
/// in [`RULES`], in the order of the README's table.
macro_rules! rules {
    ($($name:ident = $code:literal, $level:ident, $adjustable:literal, $what:literal;)*) => {
        $(
            #[doc = $what]
            pub const $name: Rule = Rule {
                code: $code,
                level: Severity::$level,
                adjustable: $adjustable,
                what: $what,
            };
        )*
        /// Every rule, grouped by theme.
        pub const RULES: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    // Syntax and schema.
    E_YAML = "E-YAML", Error, false, "YAML 格式错误";
    E_YAML_TAB = "E-YAML-TAB", Error, false, "YAML 用制表符缩进";
    E_YAML_DUPLICATE = "E-YAML-DUPLICATE", Error, false, "同一字段写了两次";
    E_YAML_LIMIT = "E-YAML-LIMIT", Error, false, "YAML 超出处理上限：嵌套超过 16 层、节点超过 60 万个（约合名册 6 万人）、别名超过 1000 个或展开过多（防“别名炸弹”）";
    E_FRONTMATTER = "E-FRONTMATTER", Error, false, "稿件缺少 YAML 信息块，或信息块没有结束的 ---";
    E_FIELD_UNKNOWN = "E-FIELD-UNKNOWN", Error, false, "未知字段（提示最接近的字段名）";
    E_FIELD_MISSING = "E-FIELD-MISSING", Error, false, "缺少必填字段";
    E_FIELD_TYPE = "E-FIELD-TYPE", Error, false, "字段的值类型或取值不对";
    E_PHRASE_PLACEHOLDER = "E-PHRASE-PLACEHOLDER", Error, false, "句式中有未知的占位符";
    E_ORDER = "E-ORDER", Error, false, "issue.yaml 的 order 与本期稿件不符";
    E_ISSUE_FILE = "E-ISSUE-FILE", Error, false, "期号目录中缺少 issue.yaml";
    E_ISSUE_EMPTY = "E-ISSUE-EMPTY", Error, false, "本期没有稿件";
    E_RULE_UNKNOWN = "E-RULE-UNKNOWN", Error, false, "bulletin.yaml 的 rules 中有未知的规则代码";
    E_RULE_FIXED = "E-RULE-FIXED", Error, false, "bulletin.yaml 的 rules 要调整一条不能调整的规则";
    // Encoding and limits.
    W_ENCODING_LEGACY = "W-ENCODING-LEGACY", Warning, true, "文件是 GBK/GB18030 或 UTF-16 编码（已按此读取）";
    E_ENCODING = "E-ENCODING", Error, false, "文件不是文本（指出字节位置）";
    E_FILE_TOO_LARGE = "E-FILE-TOO-LARGE", Error, false, "文件超过 1 MiB";
    E_FILE_OUTSIDE = "E-FILE-OUTSIDE", Error, false, "文件经符号链接指向项目目录之外（不读取）";
    E_FILE_NOT_REGULAR = "E-FILE-NOT-REGULAR", Error, false, "不是普通文件：目录、管道或设备（不读取）";
    E_LIMIT_ITEMS = "E-LIMIT-ITEMS", Error, false, "一期的稿件超过 1000 篇";
    W_FILE_IGNORED = "W-FILE-IGNORED", Warning, true, "本期目录中有不是稿件的文件（如 .docx、.md.txt、.MD），不会排入";
    E_YAML_COLON = "E-YAML-COLON", Error, false, "字段名后用了全角冒号「：」或冒号后缺少空格";
    // Markdown that does not print as written.
    W_MD_HTML = "W-MD-HTML", Warning, true, "正文中有 HTML 标记（按原样印出）";
    W_MD_LINK = "W-MD-LINK", Warning, true, "链接的地址不会印出，只印文字";
    W_MD_RULE = "W-MD-RULE", Warning, true, "分隔线（---）不会印出";
    W_MD_FOOTNOTE = "W-MD-FOOTNOTE", Warning, true, "注释没有在正文中引用，不会印出";
    // Photos and tables.
    E_IMAGE_MISSING = "E-IMAGE-MISSING", Error, false, "找不到图片，或图片不在本期目录、项目 images/ 目录中";
    E_IMAGE_FORMAT = "E-IMAGE-FORMAT", Error, false, "图片不是可用的 JPEG 或 PNG 文件";
    E_IMAGE_TOO_LARGE = "E-IMAGE-TOO-LARGE", Error, false, "图片超过 20 MiB 或 5000 万像素";
    E_IMAGE_INLINE = "E-IMAGE-INLINE", Error, false, "图片没有单独成段（夹在文字中或写在 remarks 中）";
    E_IMAGE_WIDTH = "E-IMAGE-WIDTH", Error, false, "图片宽度写法无法识别或超过版心";
    E_TABLE_WIDE = "E-TABLE-WIDE", Error, false, "表格太宽，版心放不下";
    // Items.
    W_ITEM_EMPTY = "W-ITEM-EMPTY", Warning, true, "稿件没有正文（督导稿件也没有 sites）";
    W_TITLE_DUPLICATE = "W-TITLE-DUPLICATE", Warning, true, "同一期中两篇稿件的标题相同";
    W_LEAD_REPEATED = "W-LEAD-REPEATED", Warning, true, "督导稿件正文第一段重复了自动生成的导语";
    E_LIMIT_PARAGRAPH = "E-LIMIT-PARAGRAPH", Error, false, "一段超过 5000 字";
    E_LIMIT_PRINTED = "E-LIMIT-PRINTED", Error, false, "一篇稿件超过 60000 字或 3000 段（段落、标题、列表项、引用都计），或一期合计超过 200000 字";
    E_LIMIT_RUN = "E-LIMIT-RUN", Error, false, "一串文字中间没有空格或汉字、无法换行，超过 1000 个字符";
    // Dates.
    E_DATE_INVALID = "E-DATE-INVALID", Error, false, "日期无效（如 2021-02-30）";
    E_DATE_AFTER_ISSUE = "E-DATE-AFTER-ISSUE", Error, true, "稿件日期晚于本期日期";
    W_DATE_STALE = "W-DATE-STALE", Warning, true, "稿件日期早于本期日期超过 item_age_days 天（默认 30）";
    W_DATE_BODY = "W-DATE-BODY", Warning, true, "正文开头写的日期（3月16日）与 date 字段不符";
    E_ISSUE_DATE_ORDER = "E-ISSUE-DATE-ORDER", Error, true, "本期日期早于上一期";
    // Numbering.
    E_ISSUE_NUMBER = "E-ISSUE-NUMBER", Error, true, "issue.yaml 的 number 与目录名不一致";
    E_ISSUE_DUPLICATE = "E-ISSUE-DUPLICATE", Error, false, "两个目录是同一期号（如 12 和 012）";
    E_ISSUE_FOLDER = "E-ISSUE-FOLDER", Error, false, "目录名与本系列的编号方式（numbering）不符：按年编号的缺少年份，连续编号的带了年份";
    E_ISSUE_YEAR = "E-ISSUE-YEAR", Error, false, "按年编号的一期，日期不在目录名的年份之内";
    W_ISSUE_GAP = "W-ISSUE-GAP", Warning, true, "期号不连续（每年、增刊、专刊各自连续）";
    // Roster.
    E_LEADER_UNKNOWN = "E-LEADER-UNKNOWN", Error, true, "带队领导不在名册中";
    E_GRID_UNKNOWN = "E-GRID-UNKNOWN", Error, true, "网格超出本系列的网格范围（grids）";
    W_GRID_MISMATCH = "W-GRID-MISMATCH", Warning, true, "领导督导的网格与名册中负责的网格不同";
    W_GRID_IDLE = "W-GRID-IDLE", Warning, true, "名册中的网格到最近一期为止 idle_days 天内没有督导（默认不检查，见“督导台账”）";
    // Typography.
    W_TYPO_HALFWIDTH = "W-TYPO-HALFWIDTH", Warning, true, "中文中用了半角标点 , ; : ? ! ( ) . \"";
    W_TYPO_UNBALANCED = "W-TYPO-UNBALANCED", Warning, true, "“” 《》 （） 不成对";
    W_TYPO_SPACE = "W-TYPO-SPACE", Warning, true, "汉字之间有空格";
    W_INVISIBLE_CHAR = "W-INVISIBLE-CHAR", Warning, true, "有不可见字符（零宽空格、零宽连字、文中的 BOM、文字方向控制符、字词连接符、软连字符、控制字符、DEL），排版前删去";
    W_LEADER_NAME = "W-LEADER-NAME", Warning, true, "正文中领导的姓名与 leader 字段不同";
    // Fonts.
    E_GLYPH_MISSING = "E-GLYPH-MISSING", Error, false, "有字符没有任何可用字体能够显示";
    W_GLYPH_FALLBACK = "W-GLYPH-FALLBACK", Warning, true, "有字符不在正式（首选）字体中，将用备用字体印出";
    // Distribution.
    W_DIST_EMPTY = "W-DIST-EMPTY", Warning, true, "版记中既没有“报”也没有“发”的对象";
    E_DIST_COPIES = "E-DIST-COPIES", Error, false, "印数不是正整数";
    // Templates.
    E_TEMPLATE = "E-TEMPLATE", Error, false, "排版模板出错";
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}
