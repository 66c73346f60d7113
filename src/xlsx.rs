//! The collecting office's workbook (issue #14): one `.xlsx` with a cycle's
//! returns side by side, written from a [`Review`] with `rust_xlsxwriter`.
//! `pdti validate --format xlsx` and `pdti aggregate --format xlsx` write it,
//! and the collector page exports it through the same [`workbook`], so the
//! page and the CLI give the same cells.
//!
//! Sheets, each with its header in row 1 (bold, frozen, with a filter):
//! - **Tổng hợp**: one row per return in the review's order (by rank):
//!   agency, file, period, form version, errors, warnings, required fields
//!   left blank, points per pillar, total, % of the maximum, level, rank,
//!   flags, fingerprint ("Mã tệp"); with last period's returns, the number
//!   of changed fields and of those a period check flags. Below the table,
//!   the levels used, saying when they are the default four
//!   ([`Levels::default`](crate::ranking::Levels)), and that the points are
//!   provisional when the definition says so (`Ranking::points_provisional`; the points
//!   columns then read "(tạm tính)" in every sheet).
//! - **Chỉ tiêu**: every indicator of every return.
//! - **Tổng cộng**: the province's totals field by field (yes/no answers
//!   tallied); below them the indicators of the totals and what to check
//!   before using them (the `AGG-…` findings and the rules the totals break).
//! - **Lỗi**: every finding of every return.
//! - **So với kỳ trước**, only when last period's returns were given: every
//!   changed or flagged field of every agency that sent one.
//!
//! Numbers are numbers: counts as integers, money in its field's unit
//! (`tỷ đồng` fields in tỷ, `#,##0.000######`, which still shows every
//! đồng; `đồng` fields in đồng, `#,##0`), ratios and shares of the maximum
//! as percentages (the cell holds the fraction), dates as dates. A
//! spreadsheet holds a number as a 64-bit float: amounts beyond 15
//! significant digits are rounded there (the JSON of `pdti aggregate` keeps
//! them exact). Text goes in with `write_string`, never guessed as a
//! formula, and through [`formula_safe`] as the CSV's does, so that a
//! re-save as CSV stays safe.
//!
//! Same returns, same workbook: nothing reads the clock for the content.
//! The document's creation date is the end of the reporting period (the
//! latest one given), or 1 January 1980, the date the zip entries carry.
//!
//! Returns of different forms cannot be added up
//! ([`AggregateError::MixedForms`](crate::aggregate::AggregateError)), so
//! there is no [`Review`] and no workbook for them: the CLI refuses with
//! that message (exit 2) rather than write a workbook without totals that
//! would look complete.

use crate::aggregate::{FieldTotal, Part, Tally};
use crate::collect::{Comparison, Review, Row};
use crate::date::Date;
use crate::engine::{IndicatorStatus, Session};
use crate::finding::Finding;
use crate::form::{Form, Item};
use crate::text::{display_label, formula_safe, round_half_away};
use crate::value::{MoneyUnit, Value, ValueKind};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// Why a workbook could not be written: operational failures only (a sheet
/// beyond Excel's 1,048,576 rows, an internal zip error).
pub use rust_xlsxwriter::XlsxError;

/// The sheets' names, in workbook order (DESIGN.md §3, contract).
pub const SHEETS: [&str; 5] = ["Tổng hợp", "Chỉ tiêu", "Tổng cộng", "Lỗi", "So với kỳ trước"];

/// The collecting office's workbook of `review`, whose rows index
/// `current` (this period's returns) and whose comparisons index `previous`
/// (last period's, empty when none were given): the bytes of an `.xlsx`.
pub fn workbook(review: &Review, current: &[Part], previous: &[Part]) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new(review.ranking.points_provisional);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_title("Tổng hợp báo cáo PDTI").set_creation_datetime(&created(review)?),
    );
    wb.push_worksheet(summary_sheet(review, &st)?);
    wb.push_worksheet(indicator_sheet(review, current, &st)?);
    wb.push_worksheet(totals_sheet(review, &st)?);
    wb.push_worksheet(findings_sheet(review, current, &st)?);
    if !review.comparisons.is_empty() {
        wb.push_worksheet(changes_sheet(review, previous, &st)?);
    }
    wb.save_to_buffer()
}

/// The document's creation date: the latest end of period among the
/// returns, else 1 January 1980.
fn created(review: &Review) -> Result<ExcelDateTime, XlsxError> {
    let last = review.rows.iter().filter_map(|r| r.summary.period.1.as_deref().and_then(Date::parse_iso)).max();
    match last {
        Some(d) => ExcelDateTime::from_ymd(d.year, d.month, d.day),
        None => ExcelDateTime::from_ymd(1980, 1, 1),
    }
}

/// The cell formats of the workbook.
struct Styles {
    header: Format,
    title: Format,
    note: Format,
    count: Format,
    dong: Format,
    ty: Format,
    points: Format,
    percent: Format,
    date: Format,
    /// " (tạm tính)" after "Điểm" when the form's points are provisional.
    provisional: &'static str,
}

impl Styles {
    fn new(provisional: bool) -> Styles {
        Styles {
            header: Format::new().set_bold().set_background_color("#DDEBF7"),
            title: Format::new().set_bold(),
            note: Format::new().set_italic(),
            count: Format::new().set_num_format("#,##0"),
            dong: Format::new().set_num_format("#,##0"),
            ty: Format::new().set_num_format("#,##0.000######"),
            points: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.00%"),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            provisional: if provisional { " (tạm tính)" } else { "" },
        }
    }
}

/// One cell of a table.
enum Cell {
    /// Text, written as a string, neutralised against formulas.
    Text(String),
    /// A count.
    Count(u64),
    /// An amount in đồng, shown in `unit`.
    Money(Decimal, MoneyUnit),
    /// Points (two decimals).
    Points(Decimal),
    /// A percentage given in percent (`94.86`): the cell holds the fraction.
    Percent(Decimal),
    /// A fraction shown as a percentage (`0.9486` → 94,86 %).
    Fraction(Decimal),
    /// A date as written in a return: ISO when readable, else the typed text.
    Date(Option<String>),
    /// Nothing.
    Blank,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A count or an amount of `item` (money in đồng).
    fn amount(d: Decimal, item: &Item) -> Cell {
        match item.value_kind() {
            Some(ValueKind::Money(unit)) => Cell::Money(d, unit),
            _ => d.to_u64().map_or(Cell::Blank, Cell::Count),
        }
    }

    fn put(&self, ws: &mut Worksheet, row: u32, col: u16, st: &Styles) -> Result<(), XlsxError> {
        let f64_of = |d: Decimal| d.to_f64().unwrap_or(0.0);
        match self {
            Cell::Text(s) if s.is_empty() => {}
            Cell::Text(s) => {
                ws.write_string(row, col, formula_safe(s))?;
            }
            Cell::Count(n) => {
                ws.write_number_with_format(row, col, *n as f64, &st.count)?;
            }
            Cell::Money(d, unit) => {
                let fmt = if *unit == MoneyUnit::Ty { &st.ty } else { &st.dong };
                ws.write_number_with_format(row, col, f64_of(*d / unit.dong()), fmt)?;
            }
            Cell::Points(d) => {
                ws.write_number_with_format(row, col, f64_of(*d), &st.points)?;
            }
            Cell::Percent(p) => {
                ws.write_number_with_format(row, col, f64_of(*p / Decimal::ONE_HUNDRED), &st.percent)?;
            }
            Cell::Fraction(x) => {
                ws.write_number_with_format(row, col, f64_of(*x), &st.percent)?;
            }
            Cell::Date(Some(s)) => match Date::parse_iso(s) {
                Some(d) => {
                    ws.write_datetime_with_format(
                        row,
                        col,
                        ExcelDateTime::from_ymd(d.year, d.month, d.day)?,
                        &st.date,
                    )?;
                }
                None => Cell::Text(s.clone()).put(ws, row, col, st)?,
            },
            Cell::Date(None) | Cell::Blank => {}
        }
        Ok(())
    }
}

/// A sheet being written row by row.
struct Sheet {
    ws: Worksheet,
    row: u32,
}

impl Sheet {
    /// A sheet named `name` whose first row is the header of a table with
    /// these columns (title, width in characters): bold, frozen, filtered
    /// down to the table's last row by [`Sheet::end_table`].
    fn new(name: &str, columns: &[(String, f64)], st: &Styles) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        ws.set_freeze_panes(1, 0)?;
        // Printed across the page and one page wide, the header on every page.
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        for (c, (_, width)) in columns.iter().enumerate() {
            ws.set_column_width(c as u16, *width)?;
        }
        let mut sheet = Sheet { ws, row: 0 };
        sheet.header(columns.iter().map(|(t, _)| t.as_str()), st)?;
        Ok(sheet)
    }

    /// A bold header row.
    fn header<'a>(&mut self, titles: impl IntoIterator<Item = &'a str>, st: &Styles) -> Result<(), XlsxError> {
        for (c, t) in titles.into_iter().enumerate() {
            self.ws.write_string_with_format(self.row, c as u16, t, &st.header)?;
        }
        self.row += 1;
        Ok(())
    }

    fn cells(&mut self, cells: &[Cell], st: &Styles) -> Result<(), XlsxError> {
        for (c, cell) in cells.iter().enumerate() {
            cell.put(&mut self.ws, self.row, c as u16, st)?;
        }
        self.row += 1;
        Ok(())
    }

    /// The filter over the first table (the header and the rows so far).
    fn end_table(&mut self, columns: usize) -> Result<(), XlsxError> {
        self.ws.autofilter(0, 0, self.row.saturating_sub(1), columns.saturating_sub(1) as u16)?;
        Ok(())
    }

    /// One line of text in `format` in the first column, after a blank row
    /// when `gap`.
    fn line(&mut self, text: &str, format: &Format, gap: bool) -> Result<(), XlsxError> {
        self.row += u32::from(gap);
        self.ws.write_string_with_format(self.row, 0, formula_safe(text), format)?;
        self.row += 1;
        Ok(())
    }
}

fn columns(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(t, w)| (t.to_string(), *w)).collect()
}

fn agency_of(row: &Row) -> &str {
    &row.summary.agency
}

fn summary_sheet(review: &Review, st: &Styles) -> Result<Worksheet, XlsxError> {
    let ranking = &review.ranking;
    let p = st.provisional;
    let mut cols = columns(&[
        ("Cơ quan", 34.0),
        ("Tệp", 28.0),
        ("Từ ngày", 11.0),
        ("Đến ngày", 11.0),
        ("Phiên bản biểu mẫu", 12.0),
        ("Số lỗi", 8.0),
        ("Số cảnh báo", 8.0),
        ("Mục bắt buộc còn trống", 12.0),
    ]);
    cols.extend(ranking.pillars.iter().map(|(code, _)| (format!("Trụ cột {code}{p}"), 12.0)));
    cols.extend([
        (format!("Tổng điểm{p}"), 12.0),
        ("% điểm tối đa".to_string(), 10.0),
        ("Mức".to_string(), 14.0),
        ("Xếp hạng".to_string(), 9.0),
        ("Lưu ý".to_string(), 30.0),
        ("Mã tệp".to_string(), 21.0),
    ]);
    let compared = !review.comparisons.is_empty();
    if compared {
        cols.extend(columns(&[("Số mục thay đổi so với kỳ trước", 14.0), ("Số mục cần xem lại", 12.0)]));
    }
    let mut sh = Sheet::new(SHEETS[0], &cols, st)?;
    for (n, row) in review.rows.iter().enumerate() {
        let s = &row.summary;
        let st_ = &row.standing;
        let mut cells = vec![
            Cell::text(agency_of(row)),
            Cell::text(&s.label),
            Cell::Date(s.period.0.clone()),
            Cell::Date(s.period.1.clone()),
            Cell::text(&row.version),
            Cell::Count(s.errors.into()),
            Cell::Count(s.warnings.into()),
            Cell::Count(row.missing.into()),
        ];
        cells.extend(st_.pillars.iter().map(|d| Cell::Points(*d)));
        cells.extend([
            Cell::Points(st_.points),
            st_.percent.map_or(Cell::Blank, Cell::Percent),
            st_.level.map_or(Cell::Blank, |l| Cell::text(&ranking.levels.list[l].name.vi)),
            Cell::Count(row.rank.into()),
            Cell::text(row.flags.iter().map(|f| f.text().vi).collect::<Vec<_>>().join("; ")),
            Cell::text(&row.fingerprint),
        ]);
        if let Some(c) = review.comparisons.get(n).filter(|_| compared) {
            match c.previous {
                Some(_) => cells.extend([Cell::Count(c.changes.len() as u64), Cell::Count(c.flagged() as u64)]),
                // No return of last period: blank, so that the column holds numbers only.
                None => cells.extend([Cell::Blank, Cell::Blank]),
            }
        }
        sh.cells(&cells, st)?;
    }
    sh.end_table(cols.len())?;
    let levels = &ranking.levels;
    let legend: Vec<String> = (0..levels.list.len()).map(|i| levels.describe(i).vi).collect();
    let mut note = format!("Mức xếp loại theo % điểm tối đa: {}.", legend.join("; "));
    if levels.default {
        note.push_str(" Biểu mẫu không quy định mức xếp loại: đây là bốn mức mặc định.");
    }
    sh.line(&note, &st.note, true)?;
    if !st.provisional.is_empty() {
        sh.line("Điểm là điểm tạm tính, chưa theo phụ lục chấm điểm chính thức.", &st.note, false)?;
    }
    let form = review.form();
    sh.line(&format!("Biểu mẫu: {} {}.", form.id, form.version), &st.note, false)?;
    Ok(sh.ws)
}

/// The columns of an indicator, after those that say whose it is.
fn indicator_columns(st: &Styles) -> Vec<(String, f64)> {
    let p = st.provisional;
    let mut cols = columns(&[
        ("Mã chỉ tiêu", 12.0),
        ("Chỉ tiêu", 60.0),
        ("Trụ cột", 8.0),
        ("Trạng thái", 30.0),
        ("Tử số", 16.0),
        ("Mẫu số", 16.0),
        ("Tỷ lệ", 10.0),
    ]);
    cols.extend([(format!("Điểm{p}"), 10.0), (format!("Điểm tối đa{p}"), 10.0)]);
    cols
}

/// An indicator's cells: code, label, pillar, status, numerator and
/// denominator (money in the indicator's unit), ratio, points, maximum.
fn indicator_cells(s: &Session, i: usize) -> Vec<Cell> {
    let ind = &s.form().indicators[i];
    let r = s.indicator(i);
    let amount = |d: Option<Decimal>| match (d, ind.unit) {
        (None, _) => Cell::Blank,
        (Some(d), Some(unit)) => Cell::Money(d, unit),
        (Some(d), None) => d.to_u64().filter(|_| d.fract().is_zero()).map_or(Cell::Points(d), Cell::Count),
    };
    let status = match r.status {
        IndicatorStatus::Ok => "tính được".to_string(),
        other => other.explain().vi,
    };
    let denominator = if r.status == IndicatorStatus::ProvinceComputes { None } else { r.denominator };
    vec![
        Cell::text(&ind.code),
        Cell::text(&ind.label.vi),
        Cell::text(&ind.pillar),
        Cell::Text(status),
        amount(r.numerator),
        amount(denominator),
        // Rounded as the JSON return writes them: ratios to six decimals,
        // points to two.
        r.ratio.map_or(Cell::Blank, |x| Cell::Fraction(round_half_away(x, 6))),
        r.points.map_or(Cell::Blank, |p| Cell::Points(round_half_away(p, 2))),
        ind.max_points.map_or(Cell::Blank, |m| Cell::Points(round_half_away(m, 2))),
    ]
}

fn indicator_sheet(review: &Review, current: &[Part], st: &Styles) -> Result<Worksheet, XlsxError> {
    let mut cols = columns(&[("Cơ quan", 34.0), ("Tệp", 28.0)]);
    cols.extend(indicator_columns(st));
    let mut sh = Sheet::new(SHEETS[1], &cols, st)?;
    for row in &review.rows {
        let s = &current[row.part].session;
        for i in 0..s.form().indicators.len() {
            let mut cells = vec![Cell::text(agency_of(row)), Cell::text(&row.summary.label)];
            cells.extend(indicator_cells(s, i));
            sh.cells(&cells, st)?;
        }
    }
    sh.end_table(cols.len())?;
    Ok(sh.ws)
}

/// A total's row: code, label, unit, total, returns counted, unreadable.
fn total_cells(t: &FieldTotal, form: &Form) -> Vec<Cell> {
    let item = &form.items[t.idx];
    let (unit, total) = match (&t.total, item.value_kind()) {
        (Some(Value::Count(n)), _) => ("", Cell::Count(*n)),
        (Some(Value::Money(d)), Some(ValueKind::Money(unit))) => (unit.name(), Cell::Money(*d, unit)),
        (_, Some(ValueKind::Money(unit))) => (unit.name(), Cell::Blank),
        _ => ("", Cell::Blank),
    };
    // Too large to hold: blank (a number column holds numbers only); the
    // AGG-too-large finding below the table says why.
    let total = if t.too_large { Cell::Blank } else { total };
    vec![
        Cell::text(&item.code),
        Cell::text(display_label(&item.label.vi)),
        Cell::text(unit),
        total,
        Cell::Count(t.returns as u64),
        Cell::Count(t.unreadable.len() as u64),
        Cell::Blank,
        Cell::Blank,
    ]
}

fn tally_cells(t: &Tally, form: &Form) -> Vec<Cell> {
    let item = &form.items[t.idx];
    vec![
        Cell::text(&item.code),
        Cell::text(display_label(&item.label.vi)),
        Cell::text("có/không"),
        Cell::Blank,
        Cell::Count((t.yes + t.no) as u64),
        Cell::Count(t.unreadable.len() as u64),
        Cell::Count(t.yes as u64),
        Cell::Count(t.no as u64),
    ]
}

fn totals_sheet(review: &Review, st: &Styles) -> Result<Worksheet, XlsxError> {
    let agg = &review.aggregate;
    let form = review.form();
    let cols = columns(&[
        ("Mã", 12.0),
        ("Nội dung", 60.0),
        ("Đơn vị", 10.0),
        ("Tổng", 18.0),
        ("Số bản có số liệu", 10.0),
        ("Số bản không đọc được", 10.0),
        ("Số bản trả lời có", 10.0),
        ("Số bản trả lời không", 10.0),
    ]);
    let mut sh = Sheet::new(SHEETS[2], &cols, st)?;
    let mut rows: Vec<(usize, Vec<Cell>)> = agg
        .totals
        .iter()
        .map(|t| (t.idx, total_cells(t, form)))
        .chain(agg.answers.iter().map(|t| (t.idx, tally_cells(t, form))))
        .collect();
    rows.sort_by_key(|(idx, _)| *idx);
    for (_, cells) in &rows {
        sh.cells(cells, st)?;
    }
    sh.end_table(cols.len())?;

    let n = agg.parts.len();
    let period = match &agg.period {
        Some((from, to)) => format!("kỳ {}–{}", crate::aggregate::iso_to_vi(from), crate::aggregate::iso_to_vi(to)),
        None => "không cùng một kỳ báo cáo".to_string(),
    };
    sh.line(&format!("Chỉ tiêu của số liệu tổng hợp ({n} bản, {period})"), &st.title, true)?;
    let ind_cols = indicator_columns(st);
    sh.header(ind_cols.iter().map(|(t, _)| t.as_str()), st)?;
    for i in 0..form.indicators.len() {
        sh.cells(&indicator_cells(&agg.session, i), st)?;
    }

    sh.line("Cần kiểm tra trước khi dùng số liệu tổng hợp", &st.title, true)?;
    sh.header(["Mục", "Quy tắc", "Mức độ", "Nội dung"], st)?;
    for f in &agg.findings {
        sh.cells(
            &[
                Cell::text(fields_of(f, form)),
                Cell::text(&f.rule),
                Cell::text(f.severity.word_vi()),
                Cell::text(&f.message.vi),
            ],
            st,
        )?;
    }
    if agg.findings.is_empty() {
        sh.line("Không có gì cần kiểm tra.", &st.note, false)?;
    }
    Ok(sh.ws)
}

/// The fields of a finding as the template names them (`I.6`, `6.2.đ`),
/// each once, in order.
fn fields_of(f: &Finding, form: &Form) -> String {
    let mut out: Vec<&str> = Vec::new();
    for code in &f.fields {
        let shown = form.item(code).map_or(code.as_str(), Item::human_code);
        if !out.contains(&shown) {
            out.push(shown);
        }
    }
    out.join(", ")
}

fn findings_sheet(review: &Review, current: &[Part], st: &Styles) -> Result<Worksheet, XlsxError> {
    let cols = columns(&[
        ("Cơ quan", 34.0),
        ("Tệp", 28.0),
        ("Mục", 14.0),
        ("Quy tắc", 14.0),
        ("Mức độ", 11.0),
        ("Nội dung", 100.0),
    ]);
    let mut sh = Sheet::new(SHEETS[3], &cols, st)?;
    for row in &review.rows {
        let s = &current[row.part].session;
        for f in s.findings() {
            sh.cells(
                &[
                    Cell::text(agency_of(row)),
                    Cell::text(&row.summary.label),
                    Cell::text(fields_of(&f, s.form())),
                    Cell::text(&f.rule),
                    Cell::text(f.severity.word_vi()),
                    Cell::text(&f.message.vi),
                ],
                st,
            )?;
        }
    }
    sh.end_table(cols.len())?;
    Ok(sh.ws)
}

fn changes_sheet(review: &Review, previous: &[Part], st: &Styles) -> Result<Worksheet, XlsxError> {
    let form = review.form();
    let cols = columns(&[
        ("Cơ quan", 34.0),
        ("Mã", 12.0),
        ("Nội dung", 50.0),
        ("Đơn vị", 10.0),
        ("Kỳ trước", 16.0),
        ("Kỳ này", 16.0),
        ("Thay đổi", 10.0),
        ("Quy tắc", 9.0),
        ("Cảnh báo", 90.0),
        ("Tệp kỳ trước", 28.0),
    ]);
    let mut sh = Sheet::new(SHEETS[4], &cols, st)?;
    for (row, c) in review.rows.iter().zip(&review.comparisons) {
        let Comparison { previous: Some(prev), changes, .. } = c else { continue };
        let before_file = previous.get(*prev).map_or("", |p| p.label.as_str());
        for ch in changes {
            let item = &form.items[ch.field];
            let unit = item.money_unit().map_or("", MoneyUnit::name);
            let (rule, message) = match &ch.finding {
                Some(f) => (f.rule.as_str(), f.message.vi.as_str()),
                None => ("", ""),
            };
            sh.cells(
                &[
                    Cell::text(agency_of(row)),
                    Cell::text(&item.code),
                    Cell::text(display_label(&item.label.vi)),
                    Cell::text(unit),
                    Cell::amount(ch.before, item),
                    ch.after.map_or(Cell::Blank, |a| Cell::amount(a, item)),
                    ch.percent.map_or(Cell::Blank, Cell::Percent),
                    Cell::text(rule),
                    Cell::text(message),
                    Cell::text(before_file),
                ],
                st,
            )?;
        }
    }
    sh.end_table(cols.len())?;
    Ok(sh.ws)
}
