//! The ledger's files as other programs read them: the XLSX by openpyxl,
//! the CSV by LibreOffice Calc, the HTML page in Chromium at phone width
//! and printed; and the page `archive` publishes.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::{json, synthetic};
use crate::common::{self, Project, browser};
/// Runs LibreOffice headless with a profile of its own, bounded in time.
fn soffice(args: &[&str], dir: &Path) {
    let profile = dir.join("lo-profile");
    let status = Command::new("timeout")
        .arg("120")
        .arg("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("soffice");
    assert!(status.success(), "soffice {args:?} failed");
}

/// Every sheet of an .xlsx file as openpyxl reads it.
fn read_xlsx(path: &Path) -> Vec<Value> {
    let output = Command::new("python3")
        .arg(common::repo().join("tests/data/read_xlsx.py"))
        .arg(path)
        .output()
        .expect("python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn openpyxl_available() -> bool {
    let present = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    common::tool_present(
        "openpyxl",
        present,
        "python3 with openpyxl (.ci/run installs it)",
    )
}

fn calc_available() -> bool {
    let present = Path::new("/usr/lib/libreoffice/program/scalc").exists()
        || Path::new("/usr/lib/libreoffice/program/libsclo.so").exists();
    common::tool_present(
        "libreoffice-calc",
        present,
        "LibreOffice Calc (libreoffice-calc-nogui; .ci/run installs it)",
    )
}

/// The grid rows of a sheet as (label, number, count, by others, last
/// date, days since, month counts), up to the total row.
fn grid_rows(rows: &[Value], months: usize) -> Vec<Value> {
    rows.iter()
        .skip(1)
        .take_while(|r| r[0] != "合计")
        .map(|r| {
            let cells = r.as_array().expect("row");
            let number = |v: &Value| v.as_f64().map_or(Value::Null, |n| Value::from(n as i64));
            let mut out = vec![
                cells[0].clone(),
                number(&cells[1]),
                number(&cells[3]),
                number(&cells[4]),
            ];
            out.push(cells[5].clone());
            out.push(number(&cells[6]));
            out.extend(cells[10..10 + months].iter().map(number));
            Value::Array(out)
        })
        .collect()
}

/// The same rows from the ledger's JSON.
fn json_rows(ledger: &Value) -> Vec<Value> {
    ledger["grids"]
        .as_array()
        .expect("grids")
        .iter()
        .map(|g| {
            let mut out = vec![
                g["label"].clone(),
                g["grid"].clone(),
                g["count"].clone(),
                g["by_others"].clone(),
                g["last"]
                    .as_str()
                    .map_or(Value::Null, |d| serde_json::json!({ "date": d })),
                g["days_since"].clone(),
            ];
            out.extend(g["by_month"].as_array().expect("months").iter().cloned());
            Value::Array(out)
        })
        .collect()
}

#[test]
fn xlsx_read_by_openpyxl_has_the_numbers_dates_and_frozen_header() {
    if !openpyxl_available() {
        return;
    }
    let project = synthetic(60);
    let ledger = json(&project, &[], 0);
    let run = project.run(&["ledger", "-o", "台账.xlsx"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(run.stderr(), "已生成 台账.xlsx（督导 300 次，5 个网格）\n");
    let sheets = read_xlsx(&project.path().join("台账.xlsx"));
    let names: Vec<&str> = sheets
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["网格台账", "领导合计", "督导明细", "说明"]);
    let matrix = &sheets[0];
    assert_eq!(matrix["freeze"], "B2", "header row and grid column frozen");
    assert_eq!(sheets[2]["freeze"], "A2");
    let rows = matrix["rows"].as_array().expect("rows");
    assert_eq!(rows[0][0], "网格");
    assert_eq!(rows[0][10], "2015年1月");
    let months = ledger["months"].as_array().expect("months").len();
    assert_eq!(grid_rows(rows, months), json_rows(&ledger));
    let total = rows.iter().find(|r| r[0] == "合计").expect("total row");
    assert_eq!(total[3], 300);
    // Column widths are set: the sites column is wider than the count.
    let widths = &matrix["widths"];
    assert!(widths["J"].as_f64() > widths["D"].as_f64(), "{widths}");
    // Every inspection, its date a date.
    let visits = sheets[2]["rows"].as_array().expect("rows");
    assert_eq!(visits.len(), 301);
    assert_eq!(visits[1][0], serde_json::json!({ "date": "2015-01-04" }));
    // Same ledger, same bytes.
    let first = project.read("台账.xlsx");
    project.run(&["ledger", "-o", "台账.xlsx"]).success();
    assert_eq!(first, project.read("台账.xlsx"));
}

#[test]
fn csv_opened_by_libreoffice_gives_the_same_numbers() {
    if !calc_available() || !openpyxl_available() {
        return;
    }
    let project = synthetic(60);
    let ledger = json(&project, &[], 0);
    let run = project.run(&["ledger", "--format", "csv"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let csv = run.stdout.clone();
    assert!(
        csv.starts_with("\u{feff}网格,网格号,".as_bytes()),
        "UTF-8 with a BOM"
    );
    assert!(
        String::from_utf8(csv.clone())
            .expect("utf-8")
            .contains("\r\n")
    );
    let dir = project.path().join("lo");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("ledger.csv"), &csv).expect("write");
    // Headless, LibreOffice takes the options of its CSV dialog on the
    // command line (comma, double quote, UTF-8 = 76, from line 1) and
    // detects numbers and dates itself; the BOM must not show in a cell.
    soffice(
        &[
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            "converted",
            "ledger.csv",
        ],
        &dir,
    );
    let sheets = read_xlsx(&dir.join("converted/ledger.xlsx"));
    let rows = sheets[0]["rows"].as_array().expect("rows");
    assert_eq!(rows[0][0], "网格");
    let months = ledger["months"].as_array().expect("months").len();
    assert_eq!(grid_rows(rows, months), json_rows(&ledger));
}

#[test]
fn html_ledger_fits_a_phone_and_prints() {
    if !browser::available() {
        return;
    }
    let project = synthetic(60);
    let run = project.run(&["ledger", "-o", "ledger.html"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = project.path().join("ledger.html");
    let html = String::from_utf8(project.read("ledger.html")).expect("utf-8");
    assert!(
        html.contains("<td>第一网格</td><td>张旋宇</td><td class=\"n\">60</td><td>2016-02-23</td>"),
        "{html}"
    );
    let browser = browser::Browser::start();
    browser.open(&format!("file://{}", page.display()));
    browser.resize(390, 844);
    let width = browser.viewport_width();
    assert!(width <= 400, "phone viewport is {width} px wide");
    let sizes = browser.eval(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]",
    );
    assert_eq!(
        sizes[0], sizes[1],
        "the page scrolls sideways at {width} px"
    );
    // The wide matrix scrolls inside its own box instead.
    let inner = browser.eval(
        "const s = document.querySelector('.matrix').parentElement; return s.scrollWidth > s.clientWidth",
    );
    assert_eq!(inner, true);
    let shots = std::env::var_os("BULLETIN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("bulletin-screenshots"));
    browser.screenshot(&shots.join("ledger-phone.png"));
    let pdf = browser.print_pdf();
    let path = project.path().join("ledger.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let text = common::pdf_text(&path);
    assert!(
        text.contains("督导台账") && text.contains("第二十三网格"),
        "{text}"
    );
}

#[test]
fn archive_publishes_the_ledger_linked_from_the_index() {
    let project = Project::sample();
    let run = project.run(&["archive", "-j", "1"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let index = String::from_utf8(project.read("site/index.html")).expect("utf-8");
    assert!(
        index.contains("<a href=\"ledger.html\">督导台账</a>"),
        "{index}"
    );
    let ledger = String::from_utf8(project.read("site/ledger.html")).expect("utf-8");
    assert!(ledger.contains("<a href=\"index.html\">返回各期目录</a>"));
    assert!(
        ledger.contains("<td>第七网格</td><td>朱加云</td><td class=\"n\">1</td><td>2021-03-16</td><td class=\"n\">1</td>"),
        "{ledger}"
    );
}
