//! The ledger as an Excel workbook (rust_xlsxwriter): the grid × month
//! matrix, the leaders' totals, every inspection, and a sheet that says what
//! was counted. Each sheet has its header row (and first column, where it
//! names the row) frozen, columns as wide as their text, and dates stored
//! as dates (`yyyy-mm-dd`), so they sort and compute in Excel and WPS.

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::csv::{GRID_COLUMNS, LEADER_COLUMNS};
use super::table::{heading, own_grids, width};
use super::{Ledger, grid_names};
use crate::error::{Error, Result};
use crate::model::Date;

/// The names of the sheets, in order.
pub const SHEETS: [&str; 4] = ["网格台账", "领导合计", "督导明细", "说明"];

/// The columns of the sheet of every inspection.
pub const VISIT_COLUMNS: [&str; 9] = [
    "日期",
    "网格",
    "网格号",
    "领导",
    "负责网格",
    "跨网格",
    "督导地点",
    "期号",
    "稿件文件",
];

/// The ledger as the bytes of an `.xlsx` file.
pub fn render(ledger: &Ledger) -> Result<Vec<u8>> {
    build(ledger).map_err(|e| Error::Internal(format!("生成 XLSX 失败：{e}")))
}

/// A sheet being written: the formats, and the widest text of each column.
struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    widths: Vec<usize>,
    bold: Format,
    date: Format,
}

impl<'a> Sheet<'a> {
    fn of(
        book: &'a mut Workbook,
        at: usize,
        bold: &Format,
        date: &Format,
    ) -> std::result::Result<Self, XlsxError> {
        Ok(Self {
            sheet: book.worksheet_from_index(at)?,
            widths: Vec::new(),
            bold: bold.clone(),
            date: date.clone(),
        })
    }

    fn fit(&mut self, col: u16, text_width: usize) {
        let at = usize::from(col);
        if self.widths.len() <= at {
            self.widths.resize(at + 1, 0);
        }
        self.widths[at] = self.widths[at].max(text_width);
    }

    fn header(&mut self, cells: &[String]) -> std::result::Result<(), XlsxError> {
        for (col, text) in (0u16..).zip(cells) {
            self.sheet
                .write_string_with_format(0, col, text, &self.bold)?;
            self.fit(col, width(text));
        }
        Ok(())
    }

    fn text(&mut self, row: u32, col: u16, text: &str) -> std::result::Result<(), XlsxError> {
        if !text.is_empty() {
            self.sheet.write_string(row, col, text)?;
        }
        self.fit(col, width(text));
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, n: usize) -> std::result::Result<(), XlsxError> {
        // Counts are small; f64 holds them exactly.
        self.sheet.write_number(row, col, n as f64)?;
        self.fit(col, n.to_string().len());
        Ok(())
    }

    fn date(
        &mut self,
        row: u32,
        col: u16,
        date: Option<Date>,
    ) -> std::result::Result<(), XlsxError> {
        if let Some(date) = date {
            self.sheet
                .write_datetime_with_format(row, col, date, &self.date)?;
        }
        self.fit(col, 10);
        Ok(())
    }

    /// Sets each column's width from its widest text, within reason, and
    /// freezes the rows above `row` and the columns left of `col`.
    fn finish(self, row: u32, col: u16) -> std::result::Result<(), XlsxError> {
        for (at, w) in (0u16..).zip(&self.widths) {
            // Excel's unit is about one Latin character; a Chinese one is two.
            let w = (*w).clamp(4, 60) + 2;
            self.sheet.set_column_width(at, w as f64)?;
        }
        self.sheet.set_freeze_panes(row, col)?;
        Ok(())
    }
}

fn build(ledger: &Ledger) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Same ledger, same bytes: the file's creation date is the ledger's,
    // not the clock's.
    let created = ledger
        .as_of
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 督导台账", ledger.series))
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let months: Vec<String> = ledger.months.iter().map(|m| m.label()).collect();
    for name in SHEETS {
        book.add_worksheet().set_name(name)?;
    }

    // The grid × month matrix, as in the CSV.
    let mut s = Sheet::of(&mut book, 0, &bold, &date)?;
    let mut header: Vec<String> = GRID_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    header.extend(months.iter().cloned());
    s.header(&header)?;
    let first_month = GRID_COLUMNS.len() as u16;
    for (row, grid) in (1u32..).zip(&ledger.grids) {
        s.text(row, 0, &grid.label())?;
        s.number(row, 1, usize::from(grid.grid.0))?;
        s.text(row, 2, &grid.leaders.join("、"))?;
        s.number(row, 3, grid.count())?;
        s.number(row, 4, grid.by_others)?;
        s.date(row, 5, grid.last())?;
        if let Some(days) = grid.days_since {
            s.sheet.write_number(row, 6, days as f64)?;
        }
        s.fit(6, 4);
        let dates: Vec<String> = grid.dates.iter().map(|d| d.to_string()).collect();
        s.text(row, 7, &dates.join("、"))?;
        s.number(row, 8, grid.sites.len())?;
        s.text(row, 9, &grid.sites.join("、"))?;
        for (col, n) in (first_month..).zip(&grid.by_month) {
            s.number(row, col, *n)?;
        }
    }
    let total = u32::try_from(ledger.grids.len()).unwrap_or(u32::MAX - 1) + 1;
    s.sheet
        .write_string_with_format(total, 0, "合计", &s.bold)?;
    s.number(total, 3, ledger.total())?;
    s.number(total, 4, ledger.grids.iter().map(|g| g.by_others).sum())?;
    for (col, n) in (first_month..).zip(&ledger.month_totals) {
        s.number(total, col, *n)?;
    }
    s.finish(1, 1)?;

    // The leaders.
    let mut s = Sheet::of(&mut book, 1, &bold, &date)?;
    let mut header: Vec<String> = LEADER_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    header.extend(months.iter().cloned());
    s.header(&header)?;
    let first_month = LEADER_COLUMNS.len() as u16;
    for (row, leader) in (1u32..).zip(&ledger.leaders) {
        s.text(row, 0, &leader.name)?;
        s.text(row, 1, &own_grids(leader.in_roster, &leader.grids))?;
        s.number(row, 2, leader.count())?;
        s.number(row, 3, leader.own)?;
        s.number(row, 4, leader.outside)?;
        s.date(row, 5, leader.last)?;
        for (col, n) in (first_month..).zip(&leader.by_month) {
            s.number(row, col, *n)?;
        }
    }
    let total = u32::try_from(ledger.leaders.len()).unwrap_or(u32::MAX - 1) + 1;
    s.sheet
        .write_string_with_format(total, 0, "合计", &s.bold)?;
    s.number(total, 2, ledger.total())?;
    s.number(total, 3, ledger.leaders.iter().map(|l| l.own).sum())?;
    s.number(total, 4, ledger.leaders.iter().map(|l| l.outside).sum())?;
    for (col, n) in (first_month..).zip(&ledger.month_totals) {
        s.number(total, col, *n)?;
    }
    s.finish(1, 1)?;

    // Every inspection, by date.
    let mut s = Sheet::of(&mut book, 2, &bold, &date)?;
    let header: Vec<String> = VISIT_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    s.header(&header)?;
    for (row, visit) in (1u32..).zip(&ledger.visits) {
        s.date(row, 0, Some(visit.date))?;
        s.text(row, 1, &grid_names(&[visit.grid]))?;
        s.number(row, 2, usize::from(visit.grid.0))?;
        s.text(row, 3, &visit.leader)?;
        s.text(row, 4, &own_grids(visit.in_roster, &visit.own_grids))?;
        s.text(row, 5, if visit.outside() { "是" } else { "否" })?;
        s.text(row, 6, &visit.sites.join("、"))?;
        s.text(row, 7, &visit.issue.label())?;
        s.text(row, 8, &visit.file.display().to_string())?;
    }
    s.finish(1, 0)?;

    // What was counted, and the files that were not.
    let mut s = Sheet::of(&mut book, 3, &bold, &date)?;
    s.header(&["项目".to_owned(), "内容".to_owned()])?;
    let mut row = 1;
    for line in heading(ledger).lines() {
        s.text(row, 0, "统计")?;
        s.text(row, 1, line)?;
        row += 1;
    }
    s.text(row, 0, "读取失败未计入")?;
    s.number(row, 1, ledger.not_counted.len())?;
    for file in &ledger.not_counted {
        row += 1;
        s.text(row, 0, "未计入的稿件")?;
        s.text(row, 1, &file.file.display().to_string())?;
    }
    s.finish(1, 0)?;

    book.save_to_buffer()
}
