//! `bulletin ledger`: the supervision ledger counted on the sample and on a
//! synthetic series whose counts are known from how it was made
//! (`scripts/synth-series.py`); items that fail to load reported and listed,
//! inspections outside a leader's grid, idle grids first; the CSV opened by
//! LibreOffice and the XLSX read by openpyxl, giving the same numbers; the
//! HTML page at phone width in Chromium, printed; and `archive`'s page.

mod formats;

use std::collections::BTreeMap;
use std::process::Command;

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::Value;

use crate::common::{self, Project};

/// The ledger as JSON, after asserting the run exits with `code`.
fn json(project: &Project, args: &[&str], code: i32) -> Value {
    let mut all = vec!["ledger", "--format", "json"];
    all.extend_from_slice(args);
    let run = project.run(&all);
    assert_eq!(run.code(), code, "{}", run.stderr());
    serde_json::from_str(&run.stdout()).expect("ledger JSON")
}

/// The row of a grid in the JSON.
fn grid(ledger: &Value, number: u64) -> &Value {
    ledger["grids"]
        .as_array()
        .expect("grids")
        .iter()
        .find(|g| g["grid"] == number)
        .unwrap_or_else(|| panic!("no grid {number} in {ledger:#}"))
}

#[test]
fn sample_ledger_in_the_terminal() {
    let run = Project::sample().run(&["ledger"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(run.stderr(), "");
    insta::assert_snapshot!("ledger_sample_table", run.stdout());
}

#[test]
fn sample_ledger_counts_each_leader_once_in_their_grid() {
    let ledger = json(&Project::sample(), &[], 0);
    assert_eq!(ledger["total"], 5);
    assert_eq!(ledger["other_items"], 1, "the meeting is not an inspection");
    assert_eq!(ledger["not_counted"], serde_json::json!([]));
    assert_eq!(ledger["as_of"], "2021-03-17", "the latest issue's date");
    assert_eq!(ledger["months"], serde_json::json!(["2021-03"]));
    let grids: Vec<u64> = ledger["grids"]
        .as_array()
        .expect("grids")
        .iter()
        .map(|g| g["grid"].as_u64().expect("number"))
        .collect();
    assert_eq!(grids, [1, 7, 20, 22, 23]);
    let seven = grid(&ledger, 7);
    assert_eq!(seven["leaders"], serde_json::json!(["朱加云"]));
    assert_eq!(seven["dates"], serde_json::json!(["2021-03-16"]));
    assert_eq!(
        seven["sites"],
        serde_json::json!(["颐馨园小区", "向阳社区"])
    );
    assert_eq!(seven["days_since"], 1);
    assert_eq!(grid(&ledger, 23)["days_since"], 2);
    assert_eq!(ledger["outside"], 0);
}

#[test]
fn grids_without_inspection_come_first_and_inspections_outside_are_shown() {
    let project = Project::sample();
    // 孙凌云's grid 20 is not inspected; 朱加云 (grid 7) goes to grid 1.
    std::fs::remove_file(project.path().join("bulletins/12/03-sun-lingyun.md")).expect("rm");
    let item = String::from_utf8(project.read("bulletins/12/02-zhu-jiayun.md")).expect("utf-8");
    project.write(
        "bulletins/12/02-zhu-jiayun.md",
        &item.replace("grid: 7", "grid: 1"),
    );
    let ledger = json(&project, &[], 0);
    // Grids 7 and 20 had no inspection: first, by number.
    let idle: Vec<(&Value, &Value, &Value)> = ledger["grids"]
        .as_array()
        .expect("grids")
        .iter()
        .map(|g| (&g["grid"], &g["count"], &g["days_since"]))
        .take(3)
        .collect();
    assert_eq!(
        idle,
        [
            (&7.into(), &0.into(), &Value::Null),
            (&20.into(), &0.into(), &Value::Null),
            (&1.into(), &2.into(), &1.into())
        ]
    );
    let one = grid(&ledger, 1);
    assert_eq!((&one["count"], &one["by_others"]), (&2.into(), &1.into()));
    assert_eq!(ledger["outside"], 1);
    let zhu = &ledger["leaders"][1];
    assert_eq!(
        (&zhu["name"], &zhu["own"], &zhu["outside"]),
        (&"朱加云".into(), &0.into(), &1.into())
    );

    let run = project.run(&["ledger"]);
    let table = run.stdout();
    assert!(
        table.contains(
            "第七网格      朱加云       0          —        —\n\
             第二十网格    孙凌云       0          —        —\n\
             第一网格      张旋宇       2  2021-03-16         1        2\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("\n  2021-03-16  朱加云  第七网格  第一网格  第12期\n"),
        "{table}"
    );
}

#[test]
fn items_that_fail_to_load_are_reported_and_listed_not_dropped() {
    let project = Project::sample();
    project.write(
        "bulletins/12/07-broken.md",
        "---\ngrid: 7\nleader: 朱加云\ndate: 2021-03-32\n---\n正文。\n",
    );
    let run = project.run(&["ledger"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("error[E-DATE-INVALID]")
            && stderr.contains("┌─ bulletins/12/07-broken.md:4:7"),
        "{stderr}"
    );
    assert!(
        stderr.contains("注意：1 篇稿件读取失败，未计入台账"),
        "{stderr}"
    );
    let table = run.stdout();
    assert!(table.contains("读取失败未计入 1 篇"), "{table}");
    assert!(table.contains("  bulletins/12/07-broken.md\n"), "{table}");
    let ledger = json(&project, &[], 1);
    assert_eq!(ledger["total"], 5);
    assert_eq!(
        ledger["not_counted"],
        serde_json::json!(["bulletins/12/07-broken.md"])
    );
    // Only the errors of the files not counted are told, not every warning.
    assert_eq!(stderr.matches("warning[").count(), 0, "{stderr}");
}

#[test]
fn leaders_and_grids_outside_the_roster_are_counted_and_marked() {
    let project = Project::sample();
    project.write(
        "bulletins/12/07-wang.md",
        "---\ngrid: 9\nleader: 王某某\ndate: 2021-03-16\nsites: [某小区]\n---\n正文。\n",
    );
    // An unknown leader is an error of `check`, but the item loads: it is
    // counted, and shown for what it is.
    let ledger = json(&project, &[], 0);
    assert_eq!(ledger["total"], 6);
    let nine = grid(&ledger, 9);
    assert_eq!(
        (&nine["in_roster"], &nine["label"]),
        (&false.into(), &"第九网格（名册中无）".into())
    );
    let wang = ledger["leaders"]
        .as_array()
        .expect("leaders")
        .last()
        .expect("one");
    assert_eq!(
        (&wang["name"], &wang["grid_names"]),
        (&"王某某".into(), &"名册中无此人".into())
    );
    assert_eq!(ledger["outside"], 1);
}

#[test]
fn bad_arguments_are_usage_errors() {
    let project = Project::sample();
    for (args, message) in [
        (
            &["ledger", "--from", "2021-3-32"][..],
            "--from 的日期 2021-3-32 无效",
        ),
        (
            &["ledger", "--from", "2021-04-01", "--to", "2021-03-01"],
            "晚于 --to",
        ),
        (
            &["ledger", "-o", "bulletin.yaml"],
            "无法从文件名 bulletin.yaml 判断格式",
        ),
        (
            &[
                "ledger",
                "--format",
                "csv",
                "-o",
                "bulletins/12/01-zhang-xuanyu.md",
            ],
            "扩展名应为 .csv",
        ),
    ] {
        let run = project.run(args);
        assert_eq!(run.code(), 2, "{args:?}: {}", run.stderr());
        assert!(run.stderr().contains(message), "{args:?}: {}", run.stderr());
    }
    assert_eq!(
        project.read("bulletins/12/01-zhang-xuanyu.md"),
        std::fs::read(common::repo().join("bulletins/12/01-zhang-xuanyu.md")).expect("item")
    );
}

/// A synthetic series of `issues` weekly issues from `scripts/synth-series.py`.
fn synthetic(issues: u32) -> Project {
    let project = Project::empty();
    let status = Command::new("python3")
        .arg(common::repo().join("scripts/synth-series.py"))
        .arg(project.path())
        .arg(issues.to_string())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3");
    assert!(status.success());
    project
}

/// What the synthetic series holds, worked out from how the script makes
/// it (not from the tool): each issue n (weekly from 2015-01-07) has five
/// inspections i = 0..4 by leader (n + i) mod 5, dated 1 + i mod 3 days
/// before the issue, at places (n + i) mod 8 and (3n + i) mod 8.
struct Expected {
    /// Per grid: dates.
    dates: BTreeMap<u64, Vec<NaiveDate>>,
    sites: BTreeMap<u64, Vec<&'static str>>,
    last_issue: NaiveDate,
}

fn expected(issues: u32, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Expected {
    let grids = [1, 7, 20, 22, 23];
    let places = [
        "柳园社区",
        "向阳社区",
        "九州国际小区",
        "湖西街道",
        "利民社区",
        "金龙怡心苑",
        "天津路小学",
        "憩园",
    ];
    let start = NaiveDate::from_ymd_opt(2015, 1, 7).expect("date");
    let mut dates: BTreeMap<u64, Vec<NaiveDate>> = BTreeMap::new();
    let mut sites: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
    for n in 1..=i64::from(issues) {
        let issue = start + Duration::weeks(n - 1);
        for i in 0..5 {
            let grid = grids[((n + i) % 5) as usize];
            let day = issue - Duration::days(1 + i % 3);
            if from.is_some_and(|f| day < f) || to.is_some_and(|t| day > t) {
                continue;
            }
            dates.entry(grid).or_default().push(day);
            let seen = sites.entry(grid).or_default();
            for place in [
                places[((n + i) % 8) as usize],
                places[((n * 3 + i) % 8) as usize],
            ] {
                if !seen.contains(&place) {
                    seen.push(place);
                }
            }
        }
    }
    for list in dates.values_mut() {
        list.sort();
    }
    Expected {
        dates,
        sites,
        last_issue: start + Duration::weeks(i64::from(issues) - 1),
    }
}

/// The month counts of a list of dates over the ledger's months.
fn by_month(dates: &[NaiveDate], months: &[String]) -> Vec<u64> {
    months
        .iter()
        .map(|m| {
            dates
                .iter()
                .filter(|d| format!("{:04}-{:02}", d.year(), d.month()) == *m)
                .count() as u64
        })
        .collect()
}

#[test]
fn synthetic_series_gives_the_known_counts() {
    let project = synthetic(60);
    let ledger = json(&project, &[], 0);
    let want = expected(60, None, None);
    assert_eq!(ledger["issues"], 60);
    assert_eq!(ledger["total"], 300);
    assert_eq!(ledger["other_items"], 60);
    let months: Vec<String> = serde_json::from_value(ledger["months"].clone()).expect("months");
    assert_eq!(months.first().map(String::as_str), Some("2015-01"));
    assert_eq!(months.last().map(String::as_str), Some("2016-02"));
    assert_eq!(months.len(), 14);
    for (number, dates) in &want.dates {
        let row = grid(&ledger, *number);
        let iso: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(row["dates"], serde_json::json!(iso), "grid {number}");
        assert_eq!(row["count"], dates.len(), "grid {number}");
        assert_eq!(
            row["by_month"],
            serde_json::json!(by_month(dates, &months)),
            "grid {number}"
        );
        assert_eq!(
            row["sites"],
            serde_json::json!(want.sites[number]),
            "grid {number}"
        );
        let last = *dates.last().expect("dates");
        assert_eq!(
            row["days_since"],
            (want.last_issue - last).num_days(),
            "grid {number}"
        );
    }
    let totals: Vec<u64> = serde_json::from_value(ledger["month_totals"].clone()).expect("totals");
    let all: Vec<NaiveDate> = want.dates.values().flatten().copied().collect();
    assert_eq!(totals, by_month(&all, &months));
    for leader in ledger["leaders"].as_array().expect("leaders") {
        assert_eq!(
            (&leader["count"], &leader["outside"]),
            (&60.into(), &0.into())
        );
    }
}

#[test]
fn synthetic_series_over_a_period() {
    let project = synthetic(60);
    let (from, to) = ("2015-03-01", "2015-06-30");
    let ledger = json(&project, &["--from", from, "--to", to], 0);
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    let want = expected(60, Some(day(from)), Some(day(to)));
    let months: Vec<String> = serde_json::from_value(ledger["months"].clone()).expect("months");
    assert_eq!(months, ["2015-03", "2015-04", "2015-05", "2015-06"]);
    let total: usize = want.dates.values().map(Vec::len).sum();
    assert_eq!(ledger["total"], total);
    assert_eq!(ledger["as_of"], to);
    for (number, dates) in &want.dates {
        let row = grid(&ledger, *number);
        assert_eq!(row["by_month"], serde_json::json!(by_month(dates, &months)));
        let last = *dates.last().expect("dates");
        assert_eq!(row["days_since"], (day(to) - last).num_days());
    }
}

/// The sample with a second grid, 5, in the roster that no item names, and
/// `extra` appended to its configuration.
fn idle_grid(extra: &str) -> Project {
    let project = Project::sample();
    let config = String::from_utf8(project.read("bulletin.yaml")).expect("utf-8");
    let config = config.replace(
        "    grid: 23\n",
        "    grid: 23\n  - name: 周明\n    titles: [市政府副市长]\n    grid: 5\n",
    );
    project.write("bulletin.yaml", &format!("{config}{extra}"));
    project
}

#[test]
fn grid_idle_is_off_by_default_and_on_with_idle_days_or_its_rule() {
    let run = idle_grid("").run(&["check", "--all"]);
    assert_eq!(
        (run.code(), run.stderr().contains("W-GRID-IDLE")),
        (0, false),
        "{}",
        run.stderr()
    );

    let run = idle_grid("ledger:\n  idle_days: 30\n").run(&["check", "--all"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 0, "{stderr}");
    // Only grid 5: the others were inspected a day or two before issue 12.
    assert_eq!(
        stderr.matches("warning[W-GRID-IDLE]").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("第五网格在各期中没有督导记录（到第12期，2021年3月17日为止）"),
        "{stderr}"
    );
    // One issue alone says nothing of the series.
    let run = idle_grid("ledger:\n  idle_days: 30\n").run(&["check", "12"]);
    assert!(!run.stderr().contains("W-GRID-IDLE"), "{}", run.stderr());

    // A day is too few for grid 23, inspected two days before the issue.
    let run = idle_grid("ledger:\n  idle_days: 1\n").run(&["check", "--all"]);
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "第二十三网格已有 2 天没有督导：最近一次是2021年3月15日，到第12期（2021年3月17日）为止"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("warning[W-GRID-IDLE]").count(),
        2,
        "{stderr}"
    );

    // The rule's level alone turns it on, at 30 days; as an error it fails.
    let run = idle_grid("rules:\n  W-GRID-IDLE: error\n").run(&["check", "--all"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[W-GRID-IDLE]"),
        "{}",
        run.stderr()
    );

    let run = idle_grid("ledger:\n  idle_days: 0\n").run(&["check", "--all"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("idle_days 应为正整数"),
        "{}",
        run.stderr()
    );
}
