//! `bulletin.yaml` lowered to the series configuration.

use std::path::Path;

use super::key_span;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::rules;
use crate::error::Result;
use crate::load::raw::{self, RawSeries};
use crate::load::yaml::YamlDoc;
use crate::load::{CONFIG_FILE, DEFAULT_ITEM_AGE_DAYS, Loader};
use crate::model::{
    Distribution, Grid, Leader, Level, Located, Numbering, Phrases, RuleSetting, SeriesConfig,
    WordFonts,
};

impl Loader<'_> {
    /// Loads `bulletin.yaml`. `None` when it has errors.
    pub(in crate::load) fn series_config(&mut self) -> Result<Option<SeriesConfig>> {
        let Some((id, raw)) = self.parse_file::<RawSeries>(Path::new(CONFIG_FILE))? else {
            return Ok(None);
        };
        let doc = self.doc(id, 0..self.sources.get(id).text.len());
        let mut problems = Vec::new();
        let mut phrases = Phrases::default();
        let mut phrases_given = Vec::new();
        if let Some(p) = raw.phrases {
            for (slot, given) in [
                (&mut phrases.title, p.title),
                (&mut phrases.role, p.role),
                (&mut phrases.lead, p.lead),
                (&mut phrases.attendance, p.attendance),
                (&mut phrases.visit, p.visit),
                (&mut phrases.remarks, p.remarks),
            ] {
                if let Some(given) = given {
                    phrases_given.push(Located {
                        span: doc.span(&given.referenced),
                        value: given.value.clone(),
                    });
                    *slot = given.value;
                }
            }
        }
        let roster = raw
            .roster
            .into_iter()
            .map(|l| Leader {
                name: l.name.value,
                titles: l.titles,
                grid: l.grid.as_ref().map(|g| Grid(g.value)),
                grid_span: l.grid.map(|g| doc.span(&g.referenced)),
            })
            .collect();
        let title = raw.title.value;
        let rules = raw
            .rules
            .into_iter()
            .map(|(code, level)| {
                let value = doc.span(&level.referenced);
                RuleSetting {
                    code: Located {
                        span: key_span(doc.file, value, &code),
                        value: code,
                    },
                    level: match level.value {
                        raw::RawLevel::Off => Level::Off,
                        raw::RawLevel::Warning => Level::Warning,
                        raw::RawLevel::Error => Level::Error,
                    },
                }
            })
            .collect();
        let config = SeriesConfig {
            file: id,
            masthead: raw.masthead.unwrap_or_else(|| vec![title.clone()]),
            title,
            office: raw.office,
            label: raw
                .label
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
            campaign: raw.campaign.unwrap_or_default(),
            phrases,
            phrases_given,
            roster,
            distribution: super::issue::override_distribution(
                Distribution::default(),
                raw.distribution,
                &doc,
                &mut problems,
            ),
            grids: raw.grids.map(|g| Located {
                span: doc.span(&g.referenced),
                value: g.value,
            }),
            item_age_days: raw.item_age_days.unwrap_or(DEFAULT_ITEM_AGE_DAYS),
            base_url: raw.base_url.and_then(|url| match site_address(&url.value) {
                Ok(url) => Some(url),
                Err(why) => {
                    problems.push(
                        Diagnostic::new(
                            &rules::E_FIELD_TYPE,
                            doc.span(&url.referenced),
                            format!("base_url 不是网站地址：{why}"),
                        )
                        .with_hint("写网站的完整地址，如 https://www.example.gov.cn/jianbao/"),
                    );
                    None
                }
            }),
            single_sided: raw.single_sided.unwrap_or(false),
            rules,
            numbering: match raw.numbering {
                Some(raw::RawNumbering::Yearly) => Numbering::Yearly,
                Some(raw::RawNumbering::Continuous) | None => Numbering::Continuous,
            },
            word_fonts: raw
                .word_fonts
                .map(|w| WordFonts::given([w.title, w.body, w.hei, w.kai]))
                .unwrap_or_default(),
            idle_days: idle_days(raw.ledger, &doc, &mut problems),
        };
        self.diagnostics.extend(problems);
        Ok(Some(config))
    }
}

/// `ledger: { idle_days: N }`, N at least 1.
fn idle_days(
    raw: Option<raw::RawLedger>,
    doc: &YamlDoc<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Located<u32>> {
    let days = raw?.idle_days?;
    let span = doc.span(&days.referenced);
    if days.value == 0 {
        problems.push(
            Diagnostic::new(&rules::E_FIELD_TYPE, span, "idle_days 应为正整数（天数）")
                .with_hint("如 idle_days: 30，即 30 天内没有督导的网格给出警告（W-GRID-IDLE）"),
        );
        return None;
    }
    Some(Located {
        value: days.value,
        span,
    })
}

/// The address an archive site is published at, ending in `/`, or why
/// `given` is not one: feed readers need absolute `http(s)` addresses.
fn site_address(given: &str) -> std::result::Result<String, &'static str> {
    let url = given.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            url.get(..scheme.len())
                .filter(|s| s.eq_ignore_ascii_case(scheme))
                .map(|_| &url[scheme.len()..])
        })
        .ok_or("应以 https:// 或 http:// 开头")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        return Err("缺少网站的域名");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
    {
        return Err("地址中不能有空格、引号或尖括号");
    }
    if url.contains(['?', '#']) {
        return Err("地址中不能有 ? 或 #");
    }
    Ok(url.trim_end_matches('/').to_owned() + "/")
}

#[cfg(test)]
mod tests {
    use super::site_address;

    #[test]
    fn site_addresses_are_absolute_http_addresses() {
        for (given, want) in [
            (
                "https://www.example.gov.cn/jianbao",
                "https://www.example.gov.cn/jianbao/",
            ),
            (" HTTP://intranet:8080/ ", "HTTP://intranet:8080/"),
            ("https://例子.中国/简报/", "https://例子.中国/简报/"),
        ] {
            assert_eq!(site_address(given).as_deref(), Ok(want), "{given}");
        }
        for given in [
            "www.example.gov.cn/jianbao/",
            "/jianbao/",
            "https://",
            "https:///x",
            "https://a b/",
            "https://example.com/\"><script>",
            "https://example.com/?a=1",
            "ftp://example.com/",
        ] {
            assert!(site_address(given).is_err(), "{given}");
        }
    }
}
