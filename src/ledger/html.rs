//! The ledger as one self-contained HTML page (`templates/ledger.html`,
//! minijinja with escaping on): readable on a phone, where the wide tables
//! scroll inside their own box and never the page, and printable on A4
//! landscape. `archive` publishes it as `ledger.html`.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::Ledger;
use super::json::Data;
use super::table::heading;
use crate::error::{Error, Result};

/// The page's template, built in.
const TEMPLATE: &str = include_str!("../../templates/ledger.html");

/// The ledger as an HTML page; `index`, where the page is part of a site,
/// is the address of the site's index, linked from the page.
pub fn render(ledger: &Ledger, index: Option<&str>) -> Result<String> {
    #[derive(Serialize)]
    struct Page<'a> {
        #[serde(flatten)]
        data: Data,
        heading: Vec<String>,
        index: Option<&'a str>,
    }
    let page = Page {
        data: Data::new(ledger),
        heading: heading(ledger).lines().map(str::to_owned).collect(),
        index,
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    let fail = |e: minijinja::Error| Error::Internal(format!("台账模板出错：{e:#}"));
    env.add_template("ledger.html", TEMPLATE).map_err(fail)?;
    env.get_template("ledger.html")
        .and_then(|t| t.render(minijinja::value::Serde(&page)))
        .map_err(fail)
}
