//! YAML through serde-saphyr, with its errors turned into diagnostics that
//! point at the file, line and column, in plain Chinese.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options};

use crate::diagnostic::rules::{self, Rule};
use crate::diagnostic::{Diagnostic, FileId, SourceFile, Span, nearest};

/// A YAML document inside a file: the whole file, or its front matter.
pub struct YamlDoc<'a> {
    /// The file.
    pub id: FileId,
    /// Its text.
    pub file: &'a SourceFile,
    /// Byte range of the YAML inside the file.
    pub range: Range<usize>,
}

impl YamlDoc<'_> {
    /// Deserializes the document into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let text = &self.file.text[self.range.clone()];
        if let Some(offset) = text.lines().position(|l| l.starts_with('\t')) {
            let line = self.first_line() + offset;
            let start = self.file.line_range(line).start;
            return Err(Diagnostic::new(
                &rules::E_YAML_TAB,
                Span {
                    file: self.id,
                    range: start..start + 1,
                },
                "YAML 缩进不能用制表符 (Tab)",
            )
            .with_hint("请改用空格缩进，同一层级对齐"));
        }
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| self.error(&e))
    }

    /// The 1-based line of the file where the YAML starts.
    fn first_line(&self) -> usize {
        self.file.line_col(self.range.start).0
    }

    /// Converts a location inside the YAML into a span of the file.
    pub fn span(&self, location: &Location) -> Span {
        let span = location.span();
        let range = match (span.byte_offset(), span.byte_len()) {
            (Some(offset), len) => {
                let start = self.range.start + offset as usize;
                start..start + len.unwrap_or(0) as usize
            }
            _ if location.line() > 0 => {
                let line = self.first_line() + location.line() as usize - 1;
                let start = self.file.offset(line, location.column() as usize);
                start..start
            }
            _ => self.range.start..self.range.start,
        };
        let end = range.end.min(self.range.end).max(range.start);
        Span {
            file: self.id,
            range: range.start.min(self.range.end)..end,
        }
    }

    fn error(&self, error: &serde_saphyr::Error) -> Diagnostic {
        if let Some(slip) = self.colon_slip() {
            return slip;
        }
        let span = error
            .location()
            .map_or(Span::file(self.id), |l| self.span(&l));
        let raw = error.without_snippet().to_string();
        let raw = strip_location(&raw);
        let key = key_at(self.file, &span);
        let (rule, message, hint) = translate(raw, key);
        let diagnostic = Diagnostic::new(rule, span, message);
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }
}

/// Most nodes (scalars, lists, mappings) in one YAML document. A roster
/// entry with two titles (`- name: 张旋宇` / `titles: [甲, 乙]` /
/// `grid: 1`) is 9 nodes and 13 events, so this fits a roster of about
/// 60,000 people. It need not be lower: a node takes at least two bytes of
/// text, so a file under the 1 MiB limit has fewer than 530,000 nodes of
/// its own, and only aliases (bounded below) could add more.
pub const MAX_NODES: usize = 600_000;
/// Most parser events in one YAML document: two per list or mapping, one
/// per scalar.
pub const MAX_EVENTS: usize = 2 * MAX_NODES;
/// Deepest nesting of lists and mappings: a bulletin's deepest is 3
/// (`distribution:` → `report:` → the list).
pub const MAX_DEPTH: usize = 16;
/// Most aliases (`*name`) in one document.
pub const MAX_ALIASES: usize = 1_000;
/// Most times one anchor (`&name`) may be expanded.
pub const MAX_EXPANSIONS: usize = 100;

impl YamlDoc<'_> {
    /// The first `key：value` (full-width colon) or `key:value` (no space)
    /// line: the commonest slip of a writer with a Chinese input method,
    /// which YAML reads as text rather than a field. Looked for only when
    /// the document does not parse, and reported instead of the parser's
    /// message about what follows.
    fn colon_slip(&self) -> Option<Diagnostic> {
        let mut offset = self.range.start;
        for line in self.file.text[self.range.clone()].split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.trim_start_matches(' ');
            let body = body.strip_prefix("- ").unwrap_or(body);
            let key_len = body
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(body.len());
            let key = &body[..key_len];
            if key.is_empty() || !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let rest = &body[key_len..];
            let at = start + (line.len() - body.len()) + key_len;
            let span = |len: usize| Span {
                file: self.id,
                range: at..at + len,
            };
            if rest.starts_with('：') {
                return Some(
                    Diagnostic::new(
                        &rules::E_YAML_COLON,
                        span('：'.len_utf8()),
                        format!("字段 `{key}` 后面用了全角冒号「：」"),
                    )
                    .with_hint("把全角「：」改为半角「: 」（冒号后加一个空格）"),
                );
            }
            let after = rest.strip_prefix(':');
            if let Some(after) = after
                && after.starts_with(|c: char| !c.is_whitespace())
                && !after.starts_with("//")
            {
                return Some(
                    Diagnostic::new(
                        &rules::E_YAML_COLON,
                        span(1),
                        format!("字段 `{key}` 的冒号后面缺少空格"),
                    )
                    .with_hint("把全角「：」改为半角「: 」：冒号后须有一个空格"),
                );
            }
        }
        None
    }
}

/// The parser's options, set explicitly rather than trusting defaults: a
/// duplicate key is an error (never last-one-wins), and the budget bounds
/// what a hostile or broken file can cost: the file size bounds the nodes
/// written out, the alias limits the ones an alias bomb would expand to.
fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(crate::load::MAX_FILE_SIZE as usize),
            max_depth: MAX_DEPTH,
            max_events: MAX_EVENTS,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_anchors: 1_000,
            max_documents: 1,
            max_total_scalar_bytes: 4 * 1024 * 1024,
            max_merge_keys: 100,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: MAX_EXPANSIONS,
        },
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        with_snippet: false,
    }
}

/// Drops the " at line N, column M" that serde-saphyr appends.
fn strip_location(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |i| &message[..i])
        .trim()
}

/// The key written before the value at `span`, as in `title: [1, 2]`.
fn key_at<'a>(file: &'a SourceFile, span: &Span) -> Option<&'a str> {
    let (line, _) = file.line_col(span.range.start);
    let text = &file.text[file.line_range(line)];
    let before = text.get(..span.range.start - file.line_range(line).start)?;
    let key = before.trim_end().strip_suffix(':')?;
    let key = key.trim().trim_start_matches("- ").trim();
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

/// The names in "expected one of `a`, `b`" or "expected a, b or c".
fn expected_names(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once("expected ") else {
        return Vec::new();
    };
    let list = list.strip_prefix("one of ").unwrap_or(list);
    list.split([',', ' '])
        .map(|w| w.trim().trim_matches('`'))
        .filter(|w| !w.is_empty() && *w != "or")
        .collect()
}

/// The value a type error expected, in plain words.
fn expected_kind(message: &str) -> &'static str {
    let expected = message.rsplit("expected ").next().unwrap_or("");
    if expected.contains("string") || expected.contains("char") {
        "一段文字"
    } else if expected.contains("sequence") || expected.contains("seq") {
        "一个列表，如 [甲, 乙]"
    } else if ["u8", "u16", "u32", "u64", "i32", "i64", "integer"]
        .iter()
        .any(|t| expected.contains(t))
    {
        "一个整数"
    } else if expected.contains("map") || expected.contains("struct") {
        "若干“字段: 值”"
    } else {
        "别的类型"
    }
}

/// Turns serde's English messages into the writer's language. `key` is the
/// field whose value the error points at, when known.
fn translate(raw: &str, key: Option<&str>) -> (&'static Rule, String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = expected_names(expected);
        let hint = match nearest(field, &known) {
            Some(best) => format!("是否应为 `{best}`？"),
            None => format!("可用的字段：{}", known.join("、")),
        };
        return (
            &rules::E_FIELD_UNKNOWN,
            format!("未知字段 `{field}`"),
            Some(hint),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = expected_names(expected);
        let hint = match nearest(value, &known) {
            Some(best) => format!("是否应为 `{best}`？"),
            None => format!("可用的值：{}", known.join("、")),
        };
        return (
            &rules::E_FIELD_TYPE,
            format!("取值 `{value}` 无效"),
            Some(hint),
        );
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            &rules::E_FIELD_MISSING,
            format!("缺少必填字段 `{field}`"),
            Some(format!("请添加一行 `{field}: …`")),
        );
    }
    if raw.contains("budget") || raw.contains("alias") || raw.contains("depth") {
        return limit(raw);
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            &rules::E_YAML_DUPLICATE,
            format!("字段 `{key}` 写了两次"),
            Some("同一个字段只能写一次；请删去其中一行".into()),
        );
    }
    // `grid: 第一网格`: the writer wrote the grid as it prints.
    if key == Some("grid") && (raw.contains("u16") || expected_kind(raw) == "一个整数") {
        return (
            &rules::E_FIELD_TYPE,
            "字段 `grid` 的值应为一个整数".to_owned(),
            Some("grid 写数字，如 1（印出时自动写成“第一网格”）".to_owned()),
        );
    }
    if raw.starts_with("invalid type")
        || raw.starts_with("invalid value")
        || raw.starts_with("expected ")
    {
        let message = match key {
            Some(key) => format!("字段 `{key}` 的值应为{}", expected_kind(raw)),
            None => format!("值应为{}", expected_kind(raw)),
        };
        let hint = if raw.contains("-") && expected_kind(raw) == "一个整数" {
            Some("这里要写正整数".to_owned())
        } else {
            None
        };
        return (&rules::E_FIELD_TYPE, message, hint);
    }
    if raw.contains("duplicate") {
        return (
            &rules::E_YAML_DUPLICATE,
            format!("重复的键：{raw}"),
            Some("同一个字段只能写一次".into()),
        );
    }
    let (message, hint) = match raw {
        "unclosed quote" => (
            "引号没有闭合".to_owned(),
            "在值的末尾补上引号，或去掉开头的引号",
        ),
        "mapping values are not allowed in this context" => (
            "这里不能再出现“字段: 值”".to_owned(),
            "值中含有“: ”时，请给整个值加引号，如 title: \"会议：部署工作\"；或检查缩进是否多了空格",
        ),
        _ => (
            format!("YAML 格式错误（{raw}）"),
            "请检查这一行的缩进、冒号和引号",
        ),
    };
    (&rules::E_YAML, message, Some(hint.to_owned()))
}

/// A budget the document went over, named with its number.
fn limit(raw: &str) -> (&'static Rule, String, Option<String>) {
    let (message, hint) = if raw.contains("Nodes") || raw.contains("Events") {
        (
            format!("YAML 条目过多，超过处理上限（{MAX_NODES} 个节点，约合名册 6 万人）"),
            "请检查文件中是否误粘贴了大量内容；名册过长时可删去已离任的人员",
        )
    } else if raw.contains("Depth") || raw.contains("depth") {
        (
            format!("YAML 嵌套过深，超过 {MAX_DEPTH} 层"),
            "信息块只需简单的“字段: 值”，请删去多余的嵌套",
        )
    } else {
        (
            format!(
                "YAML 别名（& 和 *）超过处理上限（别名至多 {MAX_ALIASES} 个，每个至多展开 {MAX_EXPANSIONS} 次）"
            ),
            "信息块不需要 & * 别名，请直接写出内容",
        )
    };
    (
        &rules::E_YAML_LIMIT,
        format!("{message} ({raw})"),
        Some(hint.into()),
    )
}
