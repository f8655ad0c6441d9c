//! The period a ledger counts, and the months that are its columns.

use chrono::Datelike;

use super::Visit;
use crate::error::{Error, Result};
use crate::model::Date;

/// Most months a ledger has columns for: fifty years.
const MAX_MONTHS: usize = 600;

/// The dates counted, both ends included; open when not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    /// The first day counted.
    pub from: Option<Date>,
    /// The last day counted.
    pub to: Option<Date>,
}

impl Period {
    pub(super) fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }
}

/// A calendar month, a column of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    pub(super) fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub(super) fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn from_index(index: i64) -> Self {
        Self {
            year: i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX),
            month: u32::try_from(index.rem_euclid(12)).unwrap_or(0) + 1,
        }
    }

    /// `2021-03`: the column heading in CSV, XLSX and JSON.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// 2021年3月.
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

/// The columns: from the start of the period (or the first inspection)
/// to its end (or the last inspection), every month between.
pub(super) fn months(period: &Period, visits: &[Visit]) -> Result<Vec<Month>> {
    let first = period.from.or(visits.first().map(|v| v.date));
    let last = period.to.or(visits.last().map(|v| v.date));
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let (first, last) = (Month::of(first).index(), Month::of(last).index());
    let count = usize::try_from(last - first + 1).unwrap_or(0);
    if count > MAX_MONTHS {
        return Err(Error::Usage(format!(
            "统计时段跨 {count} 个月，台账最多 {MAX_MONTHS} 个月：请用 --from、--to 缩小时段"
        )));
    }
    Ok((first..=last).map(Month::from_index).collect())
}
