//! Import of the legacy tab-separated layout (PDTI.md §2) as Word and Excel
//! export it: repeated header rows, sub-items continuing across page breaks,
//! the letter `đ`, empty-STT contact rows, HTML tags, CRLF and a BOM,
//! spreadsheet-quoted cells with line breaks inside, rows that unquoted line
//! breaks inside a cell split over several lines (Word), several copies of the
//! form in one file, copies cut off part-way, values in the wrong column,
//! values on computed rows, and labels that drift between exports.
//!
//! Rows are matched by STT code and position, never by exact label. Every
//! correction the import makes is reported as a finding with its line.

use crate::date::Date;
use crate::document::Source;
use crate::engine::{Session, Unplaced};
use crate::finding::{Finding, Origin, Severity};
use crate::form::header;
use crate::form::StrIndex;
use crate::form::{Form, Item, ItemKind};
use crate::str_map::StrMap;
use crate::text::Lang;
use crate::text::{self, clean, label_key, Text};
use crate::value::{self, FieldHints, Value, ValueKind};
use std::fmt;
use std::sync::Arc;

/// The largest legacy file accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Larger than [`MAX_BYTES`].
    TooLarge(usize),
    /// Not UTF-8 text.
    NotText,
    /// No row of the form was found.
    NoForm,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge(n) => write!(f, "tệp quá lớn ({} MB, tối đa {} MB) — file too large", n >> 20, MAX_BYTES >> 20),
            ImportError::NotText => write!(
                f,
                "tệp không phải văn bản UTF-8; hãy lưu từ Excel/Word dưới dạng \"Unicode Text\" hoặc \"CSV UTF-8\" có dấu tab — not UTF-8 text"
            ),
            ImportError::NoForm => write!(
                f,
                "không tìm thấy dòng nào của biểu mẫu PDTI (cần 5 cột ngăn bằng dấu tab: STT, Chỉ số, Số liệu, Tài liệu kiểm chứng, Ghi chú) — no PDTI rows found"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// One copy of the form found in a legacy file.
#[derive(Debug, Clone)]
pub struct ImportedReturn {
    /// The return, validated, with the import's findings attached.
    pub session: Session,
    /// Which copy and which lines it came from.
    pub source: Source,
}

/// One record of the file: its first line and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Record {
    line: u32,
    cells: Vec<String>,
    /// The last line of a row that [`join_broken_rows`] put back together.
    joined_to: Option<u32>,
}

/// Splits text into tab-separated records, honouring spreadsheet quoting
/// (`"a ""b""\nc"`): a quoted cell may hold tabs, quotes and line breaks.
fn records(text: &str) -> Vec<Record> {
    let mut out = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line: u32 = 1;
    let mut start_line = 1;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if at_cell_start => {
                at_cell_start = false;
                while let Some(q) = chars.next() {
                    if q == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            cell.push('"');
                        } else {
                            break;
                        }
                    } else {
                        if q == '\n' {
                            line += 1;
                        }
                        cell.push(q);
                    }
                }
            }
            '\t' => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                out.push(Record { line: start_line, cells: std::mem::take(&mut cells), joined_to: None });
                line += 1;
                start_line = line;
                at_cell_start = true;
            }
            _ => {
                at_cell_start = false;
                cell.push(c);
            }
        }
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        out.push(Record { line: start_line, cells, joined_to: None });
    }
    out
}

/// How many lines one row may be broken over and still be joined back.
const MAX_BROKEN_LINES: usize = 6;

/// Puts back together a row that line breaks inside a cell split over
/// several lines. Word writes each paragraph of a cell on a line of its own,
/// without quotes, when a table is copied or saved as text. The first piece
/// has fewer cells than the file's rows, and the next few lines complete it
/// to exactly that number. None of those lines may look like the start of a
/// row of its own (a numbered STT, a header row, a title); otherwise the
/// records are left as they are.
fn join_broken_rows(form: &Form, recs: Vec<Record>) -> Vec<Record> {
    let width = usual_width(&recs);
    let mut out: Vec<Record> = Vec::with_capacity(recs.len());
    let mut i = 0;
    while i < recs.len() {
        let mut row = recs[i].clone();
        i += 1;
        if (2..width).contains(&row.cells.len()) {
            if let Some(end) = completes_row(form, &recs, i - 1, width) {
                for piece in &recs[i..=end] {
                    let (first, rest) = piece.cells.split_first().expect("a record has a cell");
                    let last = row.cells.last_mut().expect("a record has a cell");
                    last.push('\n');
                    last.push_str(first);
                    row.cells.extend(rest.iter().cloned());
                }
                row.joined_to = Some(recs[end].line);
                i = end + 1;
            }
        }
        out.push(row);
    }
    out
}

/// The index of the last record that completes the row started at `start`
/// to exactly `width` cells.
fn completes_row(form: &Form, recs: &[Record], start: usize, width: usize) -> Option<usize> {
    let mut cells = recs[start].cells.len();
    for (k, next) in recs.iter().enumerate().skip(start + 1).take(MAX_BROKEN_LINES - 1) {
        let own_row = next.cells.len() > 1
            && (matches!(read_stt(&next.cells[0]), Stt::Roman(_) | Stt::Number(_) | Stt::Letter(_))
                || is_header_row(&next.cells));
        if own_row || is_title(form, &next.cells) {
            return None;
        }
        cells += next.cells.len() - 1;
        if cells >= width {
            return (cells == width).then_some(k);
        }
    }
    None
}

/// The number of cells of the file's rows: the most common among its records
/// with a tab (5 in the template).
fn usual_width(recs: &[Record]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for r in recs.iter().filter(|r| r.cells.len() > 1) {
        match counts.iter_mut().find(|(w, _)| *w == r.cells.len()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.cells.len(), 1)),
        }
    }
    counts.iter().max_by_key(|(w, n)| (*n, *w)).map_or(5, |(w, _)| *w)
}

/// What the STT column says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stt {
    Empty,
    Roman(String),
    Number(String),
    Letter(String),
    Other(String),
}

fn read_stt(cell: &str) -> Stt {
    let (c, _) = clean(cell);
    let c = c.trim_end_matches(['.', ')', ':']).trim();
    if c.is_empty() {
        return Stt::Empty;
    }
    let upper = c.to_ascii_uppercase();
    if matches!(upper.as_str(), "I" | "II" | "III") {
        return Stt::Roman(upper);
    }
    if c.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        return Stt::Number(c.to_string());
    }
    let lower = text::lowercase(c);
    if lower.chars().count() == 1 && lower.chars().all(|c| text::is_word_char(c) && !c.is_ascii_digit()) {
        return Stt::Letter(lower);
    }
    Stt::Other(c.to_string())
}

/// Share of the words of `a` and `b` that they have in common (0–1):
/// distinct words in common over the larger number of distinct words.
/// Labels have a few dozen words at most, so plain lists beat hash sets
/// (this runs once per imported row) and need no sorting code in the wasm.
fn word_overlap(a: &str, b: &str) -> f32 {
    fn words(k: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for w in k.split(|c: char| !text::is_word_char(c)).filter(|w| !w.is_empty()) {
            if !out.contains(&w) {
                out.push(w);
            }
        }
        out
    }
    let (ka, kb) = (label_key(a), label_key(b));
    let (wa, wb) = (words(&ka), words(&kb));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let common = wa.iter().filter(|w| wb.contains(w)).count();
    common as f32 / wa.len().max(wb.len()) as f32
}

fn import_finding(rule: &str, severity: Severity, fields: Vec<String>, line: u32, vi: String, en: String) -> Finding {
    let mut f = Finding::new(rule, severity, fields, Text::new(vi, en));
    f.line = Some(line);
    f.origin = Origin::Import;
    f
}

fn column_name(col: u8) -> (&'static str, &'static str) {
    match col {
        3 => ("Số liệu báo cáo", "reported figure"),
        4 => ("Tài liệu kiểm chứng", "evidence"),
        _ => ("Ghi chú", "notes"),
    }
}

/// A value on a computed row, resolved once the whole copy is read.
struct Stray {
    code: String,
    text: String,
    column: u8,
    line: u32,
}

/// The state of one copy being read.
struct Copy<'f> {
    form: &'f Form,
    template_texts: &'f StrIndex,
    first_line: u32,
    last_line: u32,
    section: Option<String>,
    parent: Option<String>,
    last_pos: Option<usize>,
    /// Rows already read, by item position.
    seen: Vec<bool>,
    rows: usize,
    /// What was typed, by item position.
    inputs: Vec<Option<String>>,
    evidence: StrMap,
    notes: StrMap,
    findings: Vec<Finding>,
    unplaced: Vec<Unplaced>,
    strays: Vec<Stray>,
    agency: Option<String>,
    cover_number: Option<String>,
    cover_date: Option<String>,
    period: (Option<String>, Option<String>),
}

impl<'f> Copy<'f> {
    fn new(form: &'f Form, template_texts: &'f StrIndex, line: u32) -> Copy<'f> {
        Copy {
            form,
            template_texts,
            first_line: line,
            last_line: line,
            section: None,
            parent: None,
            last_pos: None,
            seen: vec![false; form.items.len()],
            rows: 0,
            inputs: vec![None; form.items.len()],
            evidence: StrMap::new(),
            notes: StrMap::new(),
            findings: Vec::new(),
            unplaced: Vec::new(),
            strays: Vec::new(),
            agency: None,
            cover_number: None,
            cover_date: None,
            period: (None, None),
        }
    }

    /// A line with no tab: the cover-letter line, the period line, or a stray fragment.
    fn text_line(&mut self, text: &str, line: u32) {
        let (t, _) = clean(text);
        if t.is_empty() {
            return;
        }
        self.last_line = line;
        let key = text::lowercase(&t);
        if key.contains("công văn") && (key.starts_with('(') || key.starts_with("kèm theo")) {
            self.cover_line(&t, line);
        } else if key.starts_with("thời gian lấy số liệu") || key.starts_with("kỳ báo cáo") {
            self.period_line(&t, line);
        } else {
            self.findings.push(import_finding(
                "IMP-stray",
                Severity::Info,
                vec![],
                line,
                format!("Dòng {line} không thuộc bảng và đã được bỏ qua: \"{t}\"."),
                format!("Line {line} is not part of the table and was skipped: \"{t}\"."),
            ));
        }
    }

    /// `(Kèm theo Công văn số /STP-PBGDPL ngày tháng 7 năm 2023 của Sở Tư pháp)`
    fn cover_line(&mut self, t: &str, line: u32) {
        let inner = t.trim_start_matches('(').trim_end_matches(')').trim();
        let lower = text::lowercase(inner);
        let find = |pat: &str| lower.find(pat);
        let after_so = find("công văn số")
            .map(|i| i + "công văn số".len())
            .or_else(|| find("công văn").map(|i| i + "công văn".len()));
        let ngay = find(" ngày");
        // `rfind(" của ")` by hand (any match starts at a char boundary: a
        // space): the wasm then carries no reverse substring search.
        let cua = (0..lower.len()).rev().find(|&i| lower.as_bytes()[i..].starts_with(" của ".as_bytes()));
        // `get` rather than indexing: the markers may come in any order.
        if let Some(name) = cua.and_then(|a| inner.get(a + " của ".len()..)).map(str::trim) {
            if !name.is_empty() {
                self.agency = Some(name.to_string());
            }
        }
        if let Some(s) = after_so {
            let end = ngay.filter(|&n| n >= s).or(cua.filter(|&c| c >= s)).unwrap_or(inner.len());
            if let Some(number) = inner.get(s..end) {
                self.cover_number = Some(number.trim().to_string());
            }
        }
        if let Some(n) = ngay {
            let end = cua.filter(|&c| c > n).unwrap_or(inner.len());
            if let Some(part) = inner.get(n + " ngày".len()..end) {
                let part = text::lowercase(part);
                let grab = |word: &str| {
                    part.split(word)
                        .nth(1)
                        .and_then(|r| r.split_whitespace().next())
                        .and_then(|w| w.parse::<u16>().ok())
                };
                let day = part.split("tháng").next().and_then(|d| d.trim().parse::<u8>().ok());
                let month = grab("tháng").and_then(|m| u8::try_from(m).ok());
                let year = grab("năm");
                match (day, month, year) {
                    (Some(d), Some(m), Some(y)) => match Date::new(y, m, d) {
                        Some(date) => self.cover_date = Some(date.to_vi()),
                        None => self.cover_date = Some(format!("{d}/{m}/{y}")),
                    },
                    _ => self.findings.push(import_finding(
                        "HDR-cover",
                        Severity::Warning,
                        vec![header::LETTER_DATE.into()],
                        line,
                        format!("Ngày của công văn gửi kèm chưa điền đủ (\"ngày{}\").", part.trim_end()),
                        format!("The cover letter's date is not filled in (\"ngày{}\").", part.trim_end()),
                    )),
                }
            }
        }
    }

    /// `Thời gian lấy số liệu: Từ ngày 01/01/2023 - 30/6/2023`
    fn period_line(&mut self, t: &str, line: u32) {
        let dates: Vec<String> = t
            .split(|c: char| !(c.is_ascii_digit() || c == '/' || c == '.'))
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| w.matches('/').count() == 2)
            .map(str::to_string)
            .collect();
        match dates.as_slice() {
            [from, to, ..] => self.period = (Some(from.clone()), Some(to.clone())),
            _ => self.findings.push(import_finding(
                "HDR-period",
                Severity::Warning,
                vec![header::FROM.into(), header::TO.into()],
                line,
                format!("Không đọc được kỳ báo cáo từ dòng \"{t}\"; cần hai ngày dạng ngày/tháng/năm."),
                format!("Cannot read the reporting period from \"{t}\"; two dates day/month/year are expected."),
            )),
        }
    }

    /// Resolves the code of a table row from its STT and position.
    fn code_for(&mut self, stt: &Stt, label: &str, line: u32) -> Option<String> {
        let in_one = self.section.as_deref() == Some("I");
        match stt {
            Stt::Roman(r) => {
                self.section = Some(r.clone());
                self.parent = Some(r.clone());
                Some(r.clone())
            }
            Stt::Number(n) => {
                let code = if in_one { format!("I.{n}") } else { n.clone() };
                self.parent = Some(code.clone());
                Some(code)
            }
            Stt::Letter(l) => self.parent.as_ref().map(|p| format!("{p}.{l}")),
            Stt::Empty => {
                // Contact rows of I.6 have no STT: match by label, then by position.
                let next = self.last_pos.map_or(0, |p| p + 1);
                let parent = self.parent.as_ref().and_then(|p| self.form.index_of(p));
                let siblings: Vec<usize> = (next..self.form.items.len())
                    .take_while(|&i| parent.is_some() && self.form.items[i].parent == parent)
                    .collect();
                let by_label =
                    siblings.iter().copied().find(|&i| label_key(&self.form.items[i].label.vi) == label_key(label));
                let by_pos = (next..self.form.items.len()).find(|&i| !self.form.items[i].header);
                let pick = by_label.or(by_pos)?;
                let item = &self.form.items[pick];
                if item.stt.is_empty() || by_label.is_some() {
                    return Some(item.code.clone());
                }
                self.findings.push(import_finding(
                    "IMP-stt",
                    Severity::Info,
                    vec![item.code.clone()],
                    line,
                    format!("Dòng {line} không có STT; theo vị trí, đã hiểu là mục {}.", item.reference(Lang::Vi)),
                    format!("Line {line} has no STT; by position it was read as {}.", item.reference(Lang::En)),
                ));
                Some(item.code.clone())
            }
            Stt::Other(_) => None,
        }
    }

    fn is_template_text(&self, s: &str) -> bool {
        self.template_texts.contains_key(&label_key(s))
    }

    fn row(&mut self, cells: &[String], line: u32) {
        self.last_line = line;
        let stt = read_stt(&cells[0]);
        let label = cells.get(1).map(String::as_str).unwrap_or("");
        let Some(code) = self.code_for(&stt, label, line) else {
            let shown = clean(&cells[0]).0;
            self.findings.push(import_finding(
                "IMP-unknown",
                Severity::Warning,
                vec![],
                line,
                format!("Dòng {line}: không hiểu STT \"{shown}\"; dòng này bị bỏ qua."),
                format!("Line {line}: STT \"{shown}\" is not understood; the row was skipped."),
            ));
            self.keep_values(None, cells, line);
            return;
        };
        let Some(pos) = self.form.index_of(&code) else {
            self.findings.push(import_finding(
                "IMP-unknown",
                Severity::Warning,
                vec![],
                line,
                format!("Dòng {line}: biểu mẫu không có mục {code}; dòng này bị bỏ qua."),
                format!("Line {line}: the form has no row {code}; the row was skipped."),
            ));
            self.keep_values(Some(&code), cells, line);
            return;
        };
        let form = self.form;
        let item = &form.items[pos];
        if std::mem::replace(&mut self.seen[pos], true) {
            self.findings.push(import_finding(
                "IMP-duplicate",
                Severity::Warning,
                vec![code.clone()],
                line,
                format!("Dòng {line}: mục {code} xuất hiện lần thứ hai; giữ giá trị của lần đầu."),
                format!("Line {line}: row {code} appears a second time; the first one was kept."),
            ));
            self.keep_values(Some(&code), cells, line);
            return;
        }
        self.rows += 1;
        self.last_pos = Some(pos);
        if !label.trim().is_empty() && word_overlap(label, &item.label.vi) < 0.34 {
            self.findings.push(import_finding(
                "IMP-label",
                Severity::Warning,
                vec![code.clone()],
                line,
                format!(
                    "Dòng {line}: nhãn \"{}\" khác nhiều so với mục {code} của biểu mẫu; hãy kiểm tra lại STT.",
                    clean(label).0
                ),
                format!("Line {line}: the label differs a lot from row {code} of the form; check the STT."),
            ));
        }
        match item.kind {
            ItemKind::Input(kind) => self.input_row(item, kind, cells, line),
            _ => self.computed_row(item, cells, line),
        }
    }

    fn cell(cells: &[String], i: usize) -> &str {
        cells.get(i).map(String::as_str).unwrap_or("")
    }

    /// Whether `text` reads as a value of `kind` without an error.
    fn reads_as(text: &str, kind: ValueKind, item: &Item) -> bool {
        let p = value::parse(text, kind, item.hints);
        p.value.is_some() && !p.notes.iter().any(|n| n.severity == Severity::Error)
    }

    fn input_row(&mut self, item: &Item, kind: ValueKind, cells: &[String], line: u32) {
        let code = item.code.clone();
        let c3 = Self::cell(cells, 2).trim();
        let mut input = (!clean(c3).0.is_empty()).then(|| c3.to_string());
        for col in [4u8, 5] {
            let raw = Self::cell(cells, col as usize - 1).trim();
            if clean(raw).0.is_empty() || self.is_template_text(raw) {
                continue;
            }
            let numeric = Self::reads_as(raw, ValueKind::Count, item);
            let is_value = match kind {
                // Contact rows have no evidence of their own: text there is the value.
                ValueKind::Text | ValueKind::Phone | ValueKind::Email => true,
                _ => {
                    Self::reads_as(raw, kind, item)
                        && (numeric || kind == ValueKind::YesNo || matches!(kind, ValueKind::Money(_)))
                }
            };
            let (vi_col, en_col) = column_name(col);
            if is_value && input.is_none() {
                input = Some(raw.to_string());
                self.findings.push(import_finding(
                    "R26",
                    Severity::Error,
                    vec![code.clone()],
                    line,
                    format!("Mục {}: giá trị \"{}\" nằm ở cột {vi_col} thay vì cột Số liệu báo cáo; đã chuyển sang đúng cột.", item.reference(Lang::Vi), clean(raw).0),
                    format!("{}: the value \"{}\" was in the {en_col} column instead of the figure column; it was moved there.", item.reference(Lang::En), clean(raw).0),
                ));
            } else if numeric && !matches!(kind, ValueKind::Text) {
                self.unplaced.push(Unplaced { code: code.clone(), column: col, text: raw.to_string() });
                self.findings.push(import_finding(
                    "R26",
                    Severity::Error,
                    vec![code.clone()],
                    line,
                    format!("Mục {}: cột {vi_col} có số \"{}\" trong khi cột Số liệu báo cáo đã có \"{}\"; số này được giữ riêng, chưa dùng.", item.reference(Lang::Vi), clean(raw).0, input.as_deref().map(|i| clean(i).0).unwrap_or_default()),
                    format!("{}: the {en_col} column holds \"{}\" while the figure column already has a value; it was kept aside, unused.", item.reference(Lang::En), clean(raw).0),
                ));
            } else if col == 4 {
                self.evidence.insert(code.clone(), clean(raw).0.into_owned());
            } else {
                self.notes.insert(code.clone(), clean(raw).0.into_owned());
            }
        }
        if let Some(i) = input {
            self.inputs[self.form.index_of(&code).unwrap_or(0)] = Some(i);
        }
    }

    fn computed_row(&mut self, item: &Item, cells: &[String], line: u32) {
        let code = item.code.clone();
        for col in [3u8, 4, 5] {
            let raw = Self::cell(cells, col as usize - 1).trim();
            if clean(raw).0.is_empty() || self.is_template_text(raw) {
                continue;
            }
            let numeric = Self::reads_as(raw, ValueKind::Count, item);
            if col == 3 || numeric {
                self.strays.push(Stray { code: code.clone(), text: raw.to_string(), column: col, line });
                if col != 3 {
                    let (vi_col, en_col) = column_name(col);
                    self.findings.push(import_finding(
                        "R26",
                        Severity::Error,
                        vec![code.clone()],
                        line,
                        format!(
                            "Dòng {code}: số \"{}\" nằm ở cột {vi_col}, không phải cột Số liệu báo cáo.",
                            clean(raw).0
                        ),
                        format!(
                            "Row {code}: the number \"{}\" is in the {en_col} column, not the figure column.",
                            clean(raw).0
                        ),
                    ));
                }
            } else if col == 4 {
                self.evidence.insert(code.clone(), clean(raw).0.into_owned());
            } else {
                self.notes.insert(code.clone(), clean(raw).0.into_owned());
            }
        }
    }

    /// Keeps the values of a row that could not be placed.
    fn keep_values(&mut self, code: Option<&str>, cells: &[String], line: u32) {
        for col in [3u8, 4, 5] {
            let raw = Self::cell(cells, col as usize - 1).trim();
            if !clean(raw).0.is_empty() && !self.is_template_text(raw) {
                let code = code.map(str::to_string).unwrap_or_else(|| format!("dòng {line}"));
                self.unplaced.push(Unplaced { code, column: col, text: raw.to_string() });
            }
        }
    }

    /// Turns values on computed rows into R25 findings, suggesting the total
    /// row when the value equals the sum of the filled sub-items.
    fn resolve_strays(&mut self) {
        let form = self.form;
        for s in std::mem::take(&mut self.strays) {
            let pos = form.index_of(&s.code).unwrap_or(0);
            let children: Vec<usize> =
                (pos + 1..form.items.len()).take_while(|&i| form.items[i].parent == Some(pos)).collect();
            let count = |i: usize| {
                self.inputs[i].as_ref().and_then(|t| {
                    match value::parse(t, ValueKind::Count, FieldHints::default()).value {
                        Some(Value::Count(n)) => Some(n),
                        _ => None,
                    }
                })
            };
            let stray_value = match value::parse(&s.text, ValueKind::Count, FieldHints::default()).value {
                Some(Value::Count(n)) => Some(n),
                _ => None,
            };
            let total = children
                .first()
                .copied()
                .filter(|&c| self.inputs[c].is_none() && form.items[c].value_kind() == Some(ValueKind::Count));
            let parts: Vec<u64> = children.iter().skip(1).filter_map(|&c| count(c)).collect();
            let sum: u64 = parts.iter().sum();
            let (vi_kind, en_kind) = if form.items[pos].kind == ItemKind::Ratio {
                ("dòng tỷ lệ (tự tính)", "a computed ratio row")
            } else {
                ("dòng tiêu đề", "a heading row")
            };
            let mut f = import_finding(
                "R25",
                Severity::Error,
                vec![s.code.clone()],
                s.line,
                format!(
                    "Dòng {} là {vi_kind}, không nhập số liệu; giá trị \"{}\" được giữ riêng, chưa dùng.",
                    s.code,
                    clean(&s.text).0
                ),
                format!(
                    "Row {} is {en_kind} and takes no value; \"{}\" was kept aside, unused.",
                    s.code,
                    clean(&s.text).0
                ),
            );
            if let (Some(t), Some(v)) = (total, stray_value) {
                let tcode = form.items[t].code.clone();
                if parts.len() >= 2 && sum == v {
                    f.message.vi.push_str(&format!(
                        " Giá trị này bằng tổng các mục con ({v}), có lẽ là tổng số của mục {tcode} đang để trống."
                    ));
                    f.message.en.push_str(&format!(
                        " It equals the sum of the sub-items ({v}); it is probably the total {tcode}, which is blank."
                    ));
                    f = f.with_suggestion(&tcode, s.text.trim());
                } else {
                    f.message.vi.push_str(&format!(" Nếu đây là tổng số, hãy nhập vào mục {tcode}."));
                    f.message.en.push_str(&format!(" If it is the total, type it into {tcode}."));
                }
            }
            self.findings.push(f);
            self.unplaced.push(Unplaced { code: s.code, column: s.column, text: s.text });
        }
    }

    fn finish(mut self, copy_no: u32, form: &Arc<Form>) -> ImportedReturn {
        self.resolve_strays();
        let last_item = form.items.iter().rposition(|i| !i.header).unwrap_or(0);
        if self.last_pos.is_some_and(|p| p < last_item) {
            let p = self.last_pos.unwrap_or(0);
            let next = form.items[p + 1..].iter().find(|i| !i.header).map_or("", |i| i.code.as_str());
            let read = form.items[p].code.clone();
            self.findings.push(import_finding(
                "IMP-truncated",
                Severity::Error,
                vec![],
                self.last_line,
                format!("Bản thứ {copy_no} bị cắt ngang sau mục {read} (dòng {}); từ mục {next} trở đi không có trong tệp.", self.last_line),
                format!("Copy {copy_no} is cut off after row {read} (line {}); rows from {next} on are missing from the file.", self.last_line),
            ));
        }
        let mut session = Session::unevaluated(Arc::clone(form));
        let mut entries: Vec<(&str, String)> = Vec::new();
        if let Some(a) = &self.agency {
            entries.push((header::AGENCY, a.clone()));
        }
        if let Some(n) = &self.cover_number {
            entries.push((header::LETTER_NUMBER, n.clone()));
        }
        if let Some(d) = &self.cover_date {
            entries.push((header::LETTER_DATE, d.clone()));
        }
        if let Some(f) = &self.period.0 {
            entries.push((header::FROM, f.clone()));
        }
        if let Some(t) = &self.period.1 {
            entries.push((header::TO, t.clone()));
        }
        for (i, v) in self.inputs.iter().enumerate() {
            if let Some(v) = v {
                entries.push((form.items[i].code.as_str(), v.clone()));
            }
        }
        // Every code here comes from the form, so set_all cannot fail.
        let _ = session.set_all(entries.iter().map(|(c, v)| (*c, v.as_str())));
        session.evidence = self.evidence;
        session.notes = self.notes;
        session.unplaced = self.unplaced;
        session.import_findings = self.findings;
        ImportedReturn {
            session,
            source: Source {
                format: "pdti-legacy-tsv".into(),
                copy: copy_no,
                first_line: self.first_line,
                last_line: self.last_line,
            },
        }
    }
}

fn is_title(form: &Form, cells: &[String]) -> bool {
    if cells.iter().skip(1).any(|c| !c.trim().is_empty()) {
        return false;
    }
    let key = label_key(&cells[0]);
    let title = form.legacy_title.as_deref().map(label_key).unwrap_or_default();
    (!title.is_empty() && key.starts_with(&title)) || key.starts_with("chỉ số chuyển đổi số cấp tỉnh")
}

fn is_header_row(cells: &[String]) -> bool {
    label_key(&cells[0]) == "stt" && cells.get(1).is_some_and(|c| label_key(c).starts_with("chỉ số"))
}

/// Imports every copy of the form found in a legacy file, in file order.
pub fn import_bytes(bytes: &[u8], form: &Arc<Form>) -> Result<Vec<ImportedReturn>, ImportError> {
    import(&decode(bytes)?, form)
}

/// Decodes a legacy file: UTF-8 (with or without a BOM), or UTF-16 with a
/// BOM, as Excel's "Unicode Text" saves it.
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    let utf16 = |little: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| if little { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        String::from_utf16(&units).map_err(|_| ImportError::NotText)
    };
    let text = match bytes {
        [0xFF, 0xFE, ..] => utf16(true)?,
        [0xFE, 0xFF, ..] => utf16(false)?,
        _ => std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?.to_string(),
    };
    if text.contains('\0') {
        return Err(ImportError::NotText);
    }
    Ok(text)
}

/// The returns of a legacy file as `pdti import-legacy` prints them: a JSON
/// array, one return per copy of the form, each with the import's findings
/// and its source. The page's lazily loaded importer hands this text to the
/// form, which reads it like any saved return.
pub fn import_json(bytes: &[u8], form: &Arc<Form>) -> Result<String, ImportError> {
    let copies = import_bytes(bytes, form)?;
    let docs = copies.iter().map(|c| crate::document::to_json_value(&c.session, None, Some(&c.source))).collect();
    Ok(crate::json::Json::Array(docs).to_pretty())
}

/// Imports every copy of the form found in `text`, in order.
pub fn import(text: &str, form: &Arc<Form>) -> Result<Vec<ImportedReturn>, ImportError> {
    if text.len() > MAX_BYTES {
        return Err(ImportError::TooLarge(text.len()));
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let template_texts = form.legacy_texts.get_or_init(|| {
        let evidence = form.items.iter().filter_map(|i| i.evidence.as_deref());
        let notes = form.suppliers.iter().map(|s| s.name.vi.as_str()).chain(["Sở GDĐT cung cấp"]);
        // Used as a set (the crate's one hash table; the value is unused).
        evidence.chain(notes).map(|t| (label_key(t), 0)).collect()
    });
    let mut out = Vec::new();
    let mut current: Option<Copy> = None;
    for rec in join_broken_rows(form, records(&text)) {
        if rec.cells.iter().all(|c| c.trim().is_empty()) {
            continue; // a blank line or a row of empty cells says nothing
        }
        let tabular = rec.cells.len() > 1;
        if !tabular && is_title(form, &rec.cells)
            || tabular
                && rec.cells.len() >= 2
                && read_stt(&rec.cells[0]) == Stt::Roman("I".into())
                && current.as_ref().is_some_and(|c| c.section.is_some())
        {
            // A title line, or a second section I without a title, starts a new copy.
            if let Some(c) = current.take() {
                if c.rows > 0 {
                    out.push(c.finish(out.len() as u32 + 1, form));
                } else {
                    current = Some(c);
                }
            }
            if current.is_none() {
                current = Some(Copy::new(form, template_texts, rec.line));
            }
            if !tabular {
                continue;
            }
        }
        let copy = current.get_or_insert_with(|| {
            let mut c = Copy::new(form, template_texts, rec.line);
            c.findings.push(import_finding(
                "IMP-title",
                Severity::Info,
                vec![],
                rec.line,
                "Bản này không có dòng tiêu đề \"CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP TỈNH (PDTI)\".".into(),
                "This copy has no title line \"CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP TỈNH (PDTI)\".".into(),
            ));
            c
        });
        if !tabular {
            copy.text_line(&rec.cells[0], rec.line);
            continue;
        }
        if is_header_row(&rec.cells) {
            continue;
        }
        if let Some(last) = rec.joined_to {
            copy.findings.push(import_finding(
                "IMP-joined",
                Severity::Info,
                vec![],
                rec.line,
                format!(
                    "Dòng {}–{last} là một hàng bị ngắt dòng bên trong ô (thường gặp khi chép từ Word); đã nối lại.",
                    rec.line
                ),
                format!("Lines {}–{last} are one row broken by line breaks inside a cell (common when copied from Word); joined back.", rec.line),
            ));
        }
        let mut cells = rec.cells;
        if cells.len() > 5 {
            let extra: Vec<String> = cells.drain(5..).filter(|c| !clean(c).0.is_empty()).collect();
            for e in extra {
                copy.unplaced.push(Unplaced { code: format!("dòng {}", rec.line), column: 6, text: e });
                copy.findings.push(import_finding(
                    "IMP-columns",
                    Severity::Warning,
                    vec![],
                    rec.line,
                    format!("Dòng {} có nhiều hơn 5 cột; phần thừa được giữ riêng.", rec.line),
                    format!("Line {} has more than 5 columns; the extra text was kept aside.", rec.line),
                ));
            }
        }
        copy.row(&cells, rec.line);
    }
    if let Some(c) = current {
        if c.rows > 0 {
            out.push(c.finish(out.len() as u32 + 1, form));
        }
    }
    if out.is_empty() {
        return Err(ImportError::NoForm);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_split_tabs_and_honour_quoted_cells_with_line_breaks() {
        let r = records("a\tb\n\"x\ny\"\t\"say \"\"hi\"\"\"\nlast");
        assert_eq!(r[0], Record { line: 1, cells: vec!["a".into(), "b".into()], joined_to: None });
        assert_eq!(r[1], Record { line: 2, cells: vec!["x\ny".into(), "say \"hi\"".into()], joined_to: None });
        assert_eq!(r[2], Record { line: 4, cells: vec!["last".into()], joined_to: None });
    }

    #[test]
    fn utf16_files_from_excel_decode_like_utf8() {
        let text = "STT\tChỉ số\n6.2.đ\t14\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap(), text);
        assert_eq!(decode(&[0xC3, 0x28]), Err(ImportError::NotText));
    }

    #[test]
    fn stt_reads_romans_numbers_and_letters_including_dd() {
        assert_eq!(read_stt("II"), Stt::Roman("II".into()));
        assert_eq!(read_stt("5.11.1"), Stt::Number("5.11.1".into()));
        assert_eq!(read_stt("đ"), Stt::Letter("đ".into()));
        assert_eq!(read_stt("Đ)"), Stt::Letter("đ".into()));
        assert_eq!(read_stt(" "), Stt::Empty);
        assert_eq!(read_stt("3.x"), Stt::Other("3.x".into()));
    }
}
