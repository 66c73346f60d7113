//! The collector page's state, in plain Rust: the files the office added
//! (this period's and last period's), why a file was refused, and what the
//! page shows, as JSON the page only lays out. The wasm facade
//! (`src/web/collect.rs`) moves bytes in and this JSON out; everything the
//! page decides (what is refused, the order of rows, the filter, the texts)
//! is here and tested natively.

use crate::aggregate::{show_total, Part};
use crate::collect::{review, Review, Row};
use crate::document;
use crate::engine::Session;
use crate::finding::{Finding, Severity};
use crate::form::Form;
use crate::json::Json;
use crate::legacy;
use crate::migrate::{self, Migration};
use crate::ranking::Ranking;
use crate::text::{format_decimal, round_half_away, Lang, Text};
use rust_decimal::Decimal;
use std::sync::Arc;

/// The largest file the page reads (a legacy export is the largest kind).
pub const MAX_BYTES: usize = legacy::MAX_BYTES;

/// One file the office added.
pub struct FileEntry {
    /// The page's key for it (also its key in the browser's storage).
    pub id: String,
    /// Its name, as picked or dropped.
    pub name: String,
    /// Last period's return, for comparison only.
    pub previous: bool,
    /// FNV-1a of its bytes: the same file added twice is refused.
    hash: u64,
    /// Its returns (a legacy file or a list may hold several).
    pub parts: Vec<Part>,
}

/// A cycle as the office sees it: the review and the returns it was made of.
pub struct Cycle {
    /// Ranks, totals and changes.
    pub review: Review,
    /// This period's returns, in the order added.
    pub current: Vec<Part>,
    /// Last period's returns.
    pub previous: Vec<Part>,
    /// The page's key of each of `current`.
    pub keys: Vec<String>,
}

/// The collector page's state.
pub struct Office {
    forms: Vec<Arc<Form>>,
    files: Vec<FileEntry>,
}

/// How the table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// By rank (the default), then agency.
    Rank,
    /// By agency name.
    Agency,
    /// By number of errors.
    Errors,
    /// By number of warnings.
    Warnings,
    /// By required fields missing.
    Missing,
    /// By total points.
    Points,
}

impl SortKey {
    /// Reads the page's name of a sort key (`rank`, `agency` …); unknown
    /// names sort by rank.
    pub fn parse(s: &str) -> SortKey {
        match s {
            "agency" => SortKey::Agency,
            "errors" => SortKey::Errors,
            "warnings" => SortKey::Warnings,
            "missing" => SortKey::Missing,
            "points" => SortKey::Points,
            _ => SortKey::Rank,
        }
    }
}

/// What the table shows: the sort and the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableView {
    /// The column sorted by.
    pub sort: SortKey,
    /// Largest first.
    pub descending: bool,
    /// Only returns with errors ("chỉ các bản có lỗi").
    pub only_errors: bool,
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h = crate::form::Fnv::default();
    std::hash::Hasher::write(&mut h, bytes);
    std::hash::Hasher::finish(&h)
}

/// Why a file is not a return, for kinds people often send by mistake.
fn not_a_return(bytes: &[u8]) -> Option<Text> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return Some(Text::new(
            "là tệp nén (.zip) hoặc tệp Word/Excel (.docx/.xlsx): hãy giải nén rồi thêm từng tệp JSON, \
             hoặc lưu bảng Excel dưới dạng \"Văn bản Unicode (.txt)\" rồi thêm",
            "is a zip archive or a Word/Excel file (.docx/.xlsx): unzip it and add each JSON file, \
             or save the Excel sheet as \"Unicode Text (.txt)\" and add that",
        ));
    }
    if starts(b"%PDF") {
        return Some(Text::new(
            "là tệp PDF (bản in, không đọc được số liệu): hãy thêm tệp JSON do biểu mẫu tải về hoặc tệp mẫu cũ (.tsv/.txt)",
            "is a PDF (a printout, its data cannot be read): add the JSON file the form downloads, or the old template (.tsv/.txt)",
        ));
    }
    if starts(b"\xD0\xCF\x11\xE0") {
        return Some(Text::new(
            "là tệp Word/Excel đời cũ (.doc/.xls): hãy lưu dưới dạng \"Văn bản Unicode (.txt)\" rồi thêm",
            "is an old Word/Excel file (.doc/.xls): save it as \"Unicode Text (.txt)\" and add that",
        ));
    }
    None
}

/// Reads every return in a file: a JSON return, a JSON list of returns (what
/// `pdti import-legacy` prints), or a legacy export (one return per copy of
/// the form, UTF-8 or UTF-16). The reason, Vietnamese first, when it cannot.
pub fn read_returns(name: &str, bytes: &[u8], forms: &[Arc<Form>]) -> Result<Vec<Part>, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!("tệp quá lớn ({} MB, tối đa {} MB) — file too large", bytes.len() >> 20, MAX_BYTES >> 20));
    }
    if let Some(t) = not_a_return(bytes) {
        return Err(t.vi.to_string());
    }
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
    let form = forms.last().cloned().unwrap_or_else(|| Arc::new(Form::pdti_2023()));
    if !matches!(first, Some(b'{' | b'[')) {
        let copies = legacy::import_bytes(bytes, &form).map_err(|e| e.to_string())?;
        let many = copies.len() > 1;
        return Ok(copies
            .into_iter()
            .map(|c| Part {
                label: if many { format!("{name}#{}", c.source.copy) } else { name.to_string() },
                session: c.session,
            })
            .collect());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "tệp không phải văn bản UTF-8 (not UTF-8)".to_string())?;
    if first == Some(b'{') {
        let l = document::read_any(text, forms).map_err(|e| e.to_string())?;
        return Ok(vec![Part { label: name.to_string(), session: to_current(text, l.session, forms) }]);
    }
    let list = Json::parse(text.trim_start_matches('\u{FEFF}')).map_err(|e| e.to_string())?;
    let Json::Array(items) = list else {
        return Err("không phải bản báo cáo JSON hay danh sách các bản (not a return or a list of returns)".into());
    };
    if items.is_empty() {
        return Err("danh sách không có bản báo cáo nào (the list holds no return)".into());
    }
    let mut parts = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        let text = item.to_string();
        let l = document::read_any(&text, forms).map_err(|e| format!("bản thứ {} (return {}): {e}", n + 1, n + 1))?;
        parts.push(Part { label: format!("{name}#{}", n + 1), session: to_current(&text, l.session, forms) });
    }
    Ok(parts)
}

/// What the office makes of a return it has read: moved to the current
/// version when it is of an earlier one with the same fields
/// ([`upgraded`]), with a note on figures sent as last period's and never
/// checked ([`carried_note`]).
fn to_current(text: &str, s: Session, forms: &[Arc<Form>]) -> Session {
    carried_note(upgraded(text, s, forms))
}

/// Figures a department sent as last period's, never checked again: said
/// in the office with a note (not a warning, so that the counts of errors
/// and warnings stay those the department saw).
fn carried_note(mut s: Session) -> Session {
    let form = Arc::clone(s.form());
    let codes: Vec<String> = s.carried_fields().map(|i| form.items[i].code.clone()).collect();
    if !codes.is_empty() {
        let (n, list) = (codes.len(), codes.join(", "));
        s.import_findings.push(Finding::new(
            "RET-carried",
            Severity::Info,
            codes,
            Text::new(
                format!("{n} số liệu lấy từ kỳ trước chưa được đơn vị kiểm tra lại: {list}."),
                format!("{n} figures taken from last period were not checked again by the department: {list}."),
            ),
        ));
    }
    s
}

/// A return of an earlier version of the current form (the newest of its
/// id in `forms`) with the same fields, read as a return of the current one, so
/// that returns saved before a new version add up with those after it. "The
/// same fields" is what a shipped migration says: every field to itself,
/// nothing changed in meaning ([`Migration::keeps_every_field`], as
/// 2023.1 → 2023.3). A note says so; any other return is left as it was read.
fn upgraded(text: &str, s: Session, forms: &[Arc<Form>]) -> Session {
    let from = s.form();
    // The newest definition of the return's own form (a province's own,
    // given with --definition, may come after it).
    let Some(current) = forms.iter().rev().find(|f| f.id == from.id) else { return s };
    if from.version == current.version {
        return s;
    }
    let migrations = migrate::embedded().unwrap_or(&[]);
    let (source, target) = ((from.id.clone(), from.version.clone()), (current.id.clone(), current.version.clone()));
    // The same fields both ways: every field of the source to itself, and
    // the target has no field the source lacks.
    let inputs = current.inputs().filter(|&i| !current.items[i].header).count();
    let same = |m: &&Migration| m.from == source && m.to == target && m.keeps_every_field() && m.fields.len() == inputs;
    if !migrations.iter().any(|m| same(&m)) {
        return s;
    }
    match migrate::migrate(text, forms, migrations, &current.id, &current.version) {
        Ok(m) => {
            let mut s = m.session;
            s.import_findings.push(Finding::new(
                "RET-upgraded",
                Severity::Info,
                Vec::new(),
                Text::new(
                    format!(
                        "Bản báo cáo lập theo phiên bản {}; đọc theo phiên bản {} (cùng các mục, cùng ý nghĩa).",
                        source.1, target.1
                    ),
                    format!(
                        "The return was made with version {}; read as version {} (the same fields).",
                        source.1, target.1
                    ),
                ),
            ));
            s
        }
        Err(_) => s,
    }
}

impl Office {
    /// An empty office that reads returns of `forms` (the last is the current form).
    pub fn new(forms: Vec<Arc<Form>>) -> Office {
        Office { forms, files: Vec::new() }
    }

    /// Adds a file under `id`. `Ok(n)`: its `n` returns were added.
    /// `Err(reason)`: nothing changed, and the reason names the file.
    pub fn add(&mut self, id: &str, name: &str, bytes: &[u8], previous: bool) -> Result<usize, Text> {
        let refuse = |vi: String, en: String| Err(Text::new(format!("{name}: {vi}"), format!("{name}: {en}")));
        if self.files.iter().any(|f| f.id == id) {
            return refuse("đã có trong danh sách".into(), "already in the list".into());
        }
        let hash = fnv(bytes);
        if let Some(same) = self.files.iter().find(|f| f.hash == hash && f.previous == previous) {
            return refuse(
                format!("trùng nội dung với tệp \"{}\" đã thêm; không thêm lần nữa", same.name),
                format!("the same content as \"{}\", already added; not added again", same.name),
            );
        }
        let parts = match read_returns(name, bytes, &self.forms) {
            Ok(p) => p,
            Err(reason) => return refuse(reason.clone(), reason),
        };
        // A return of another version of the form is read against this one
        // with a warning (RET-version); its codes may mean other things, so
        // the office does not add it up with the others.
        if let Some(f) = parts.iter().flat_map(|p| p.session.findings_iter()).find(|f| f.rule == "RET-version") {
            return refuse(
                format!("{} Trang tổng hợp chỉ nhận các bản cùng phiên bản biểu mẫu.", f.message.vi),
                format!("{} Only returns of one form version are added up.", f.message.en),
            );
        }
        // The same return in another file (saved again, re-encoded): its
        // fingerprint (form, agency, period, values) is already here.
        for p in &parts {
            let print = document::fingerprint(&p.session);
            let same = self
                .files
                .iter()
                .filter(|f| f.previous == previous)
                .find(|f| f.parts.iter().any(|q| document::fingerprint(&q.session) == print));
            if let Some(f) = same {
                return refuse(
                    format!("cùng một bản báo cáo với tệp \"{}\" đã thêm (mã tệp {print}); không thêm lần nữa", f.name),
                    format!("the same return as \"{}\", already added (fingerprint {print}); not added again", f.name),
                );
            }
        }
        let first_of_kind = self.files.iter().filter(|f| f.previous == previous).flat_map(|f| &f.parts).next();
        if let (Some(have), Some(new)) = (first_of_kind, parts.first()) {
            let (a, b) = (have.session.form(), new.session.form());
            if (&a.id, &a.version) != (&b.id, &b.version) {
                return refuse(
                    format!(
                        "dùng biểu mẫu {} {}, khác các bản đã thêm ({} {}); chỉ tổng hợp được các bản cùng biểu mẫu",
                        b.id, b.version, a.id, a.version
                    ),
                    format!(
                        "uses form {} {}, not {} {} as the others; only returns of one form add up",
                        b.id, b.version, a.id, a.version
                    ),
                );
            }
        }
        let n = parts.len();
        self.files.push(FileEntry { id: id.to_string(), name: name.to_string(), previous, hash, parts });
        Ok(n)
    }

    /// Removes the file `id`; whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.id != id);
        self.files.len() != before
    }

    /// This period's returns (or last period's), in the order added, each
    /// with its key (`file id` and `#copy` when a file holds several).
    fn parts(&self, previous: bool) -> (Vec<Part>, Vec<String>) {
        let mut parts = Vec::new();
        let mut keys = Vec::new();
        for f in self.files.iter().filter(|f| f.previous == previous) {
            for (n, p) in f.parts.iter().enumerate() {
                parts.push(Part { label: p.label.clone(), session: p.session.clone() });
                keys.push(format!("{}#{}", f.id, n + 1));
            }
        }
        (parts, keys)
    }

    fn part(&self, key: &str) -> Option<&Part> {
        let (id, n) = key.rsplit_once('#')?;
        let n: usize = n.parse().ok()?;
        self.files.iter().find(|f| f.id == id)?.parts.get(n.checked_sub(1)?)
    }

    /// The review of this period's returns against last period's, `None`
    /// when no return was added.
    pub fn cycle(&self) -> Option<Cycle> {
        let (current, keys) = self.parts(false);
        let (previous, _) = self.parts(true);
        let form = current.first()?.session.form().clone();
        let ranking = Ranking::embedded(&form).unwrap_or_else(|| Ranking {
            pillars: Vec::new(),
            levels: crate::ranking::Levels::default_four(),
            period_checks: Vec::new(),
            points_provisional: true,
        });
        let review = review(&current, &previous, ranking).ok()?;
        Some(Cycle { review, current, previous, keys })
    }

    /// The workbook of the cycle (`crate::xlsx`, the same cells as
    /// `pdti aggregate --format xlsx`), `None` when no return was added.
    #[cfg(feature = "xlsx")]
    pub fn workbook(&self) -> Option<Result<Vec<u8>, String>> {
        let c = self.cycle()?;
        Some(crate::xlsx::workbook(&c.review, &c.current, &c.previous).map_err(|e| e.to_string()))
    }

    /// What the page shows, as JSON: the files, the table (sorted and
    /// filtered by `view`), the levels, the province's totals.
    pub fn view_json(&self, view: TableView, lang: Lang) -> String {
        let files: Vec<Json> = self
            .files
            .iter()
            .map(|f| {
                Json::object([
                    ("id", Json::from(f.id.as_str())),
                    ("name", f.name.as_str().into()),
                    ("previous", f.previous.into()),
                    ("returns", (f.parts.len() as u64).into()),
                ])
            })
            .collect();
        let mut out = vec![("files", Json::Array(files))];
        match self.cycle() {
            Some(c) => {
                out.extend(table_json(&c.review, &c.current, &c.keys, view, lang));
                Json::object(out).to_compact()
            }
            None => Json::object(out).to_compact(),
        }
    }

    /// One return's findings, errors first, as JSON `[{severity, field, rule, message}]`.
    pub fn findings_json(&self, key: &str, lang: Lang) -> Option<String> {
        let p = self.part(key)?;
        let form = p.session.form();
        let mut list = p.session.findings();
        list.sort_by_key(|f| f.severity.rank());
        let items = list
            .iter()
            .map(|f| {
                let field = f.fields.first().and_then(|c| form.item(c)).map(|i| i.human_code().to_string());
                Json::object([
                    ("severity", Json::from(f.severity.as_str())),
                    ("field", field.unwrap_or_default().into()),
                    ("rule", f.rule.as_str().into()),
                    ("message", f.message.get(lang).into()),
                ])
            })
            .collect();
        Some(Json::Array(items).to_compact())
    }

    /// The list to send back to the agency of `key` (`collect::send_back`),
    /// with its file name: the return's own name, `…_gui-lai.txt`.
    pub fn send_back(&self, key: &str) -> Option<(String, String)> {
        let p = self.part(key)?;
        let name = document::file_name(&p.session);
        let stem = name.strip_suffix(".json").unwrap_or(&name);
        Some((format!("{stem}_gui-lai.txt"), crate::collect::send_back(p)))
    }

    /// The return `key` as the form downloads it, with its file name.
    pub fn return_json(&self, key: &str) -> Option<(String, String)> {
        let p = self.part(key)?;
        Some((document::file_name(&p.session), document::to_json(&p.session, None, None)))
    }
}

fn shown(d: Decimal, lang: Lang) -> String {
    format_decimal(round_half_away(d, 2), lang)
}

fn sort_rows(rows: &mut [&Row], view: TableView) {
    rows.sort_by(|a, b| {
        let key = |r: &Row| -> (Decimal, String) {
            let agency = crate::text::label_key(&r.summary.agency);
            match view.sort {
                SortKey::Rank => (Decimal::from(r.rank), agency),
                SortKey::Agency => (Decimal::ZERO, agency),
                SortKey::Errors => (Decimal::from(r.summary.errors), agency),
                SortKey::Warnings => (Decimal::from(r.summary.warnings), agency),
                SortKey::Missing => (Decimal::from(r.missing), agency),
                SortKey::Points => (r.standing.points, agency),
            }
        };
        let (ka, kb) = (key(a), key(b));
        let primary = if view.descending { kb.0.cmp(&ka.0) } else { ka.0.cmp(&kb.0) };
        let by_name = if view.sort == SortKey::Agency && view.descending { kb.1.cmp(&ka.1) } else { ka.1.cmp(&kb.1) };
        primary.then(by_name).then(a.summary.label.cmp(&b.summary.label))
    });
}

fn table_json<'a>(
    r: &'a Review,
    current: &[Part],
    keys: &'a [String],
    view: TableView,
    lang: Lang,
) -> Vec<(&'static str, Json<'a>)> {
    let form = r.form();
    let levels = &r.ranking.levels;
    let mut rows: Vec<&Row> = r.rows.iter().filter(|row| !view.only_errors || row.summary.errors > 0).collect();
    sort_rows(&mut rows, view);
    let date = |d: &Option<String>| d.as_deref().map(crate::aggregate::iso_to_vi).unwrap_or_default();
    let rows_json: Vec<Json> = rows
        .iter()
        .map(|row| {
            let s = &row.summary;
            let comparison = r.comparisons.iter().find(|c| c.part == row.part);
            let level = row.standing.level.map(|l| levels.list[l].name.get(lang).to_string());
            Json::object([
                ("key", Json::from(keys[row.part].as_str())),
                ("label", s.label.as_str().into()),
                ("agency", s.agency.as_str().into()),
                ("period", format!("{} – {}", date(&s.period.0), date(&s.period.1)).into()),
                ("version", row.version.as_str().into()),
                ("errors", s.errors.into()),
                ("warnings", s.warnings.into()),
                ("missing", row.missing.into()),
                ("pillars", Json::Array(row.standing.pillars.iter().map(|p| Json::from(shown(*p, lang))).collect())),
                ("points", shown(row.standing.points, lang).into()),
                ("percent", row.standing.percent.map(|p| format!("{}\u{a0}%", format_decimal(p, lang))).into()),
                ("level", level.into()),
                ("rank", row.rank.into()),
                ("fingerprint", row.fingerprint.as_str().into()),
                ("flags", Json::Array(row.flags.iter().map(|f| Json::from(f.text().get(lang).to_string())).collect())),
                (
                    "previous",
                    comparison.map_or(Json::Null, |c| {
                        Json::object([
                            ("found", Json::from(c.previous.is_some())),
                            ("changes", (c.changes.len() as u64).into()),
                            ("flagged", (c.flagged() as u64).into()),
                            (
                                "notes",
                                Json::Array(
                                    c.changes
                                        .iter()
                                        .filter_map(|ch| ch.finding.as_ref())
                                        .map(|f| Json::from(f.message.get(lang).to_string()))
                                        .collect(),
                                ),
                            ),
                        ])
                    }),
                ),
            ])
        })
        .collect();
    let a = &r.aggregate;
    let totals: Vec<Json> = a
        .totals
        .iter()
        .filter_map(|t| {
            let item = &form.items[t.idx];
            let total = t.total.as_ref()?;
            Some(Json::object([
                ("field", Json::from(item.code.as_str())),
                ("value", total.as_number().map(crate::text::decimal_text).into()),
                ("code", Json::from(item.human_code().to_string())),
                ("label", crate::text::display_label(item.label.get(lang)).into()),
                ("total", show_total(total, form, t.idx).into()),
                ("returns", format!("{}/{}", t.returns, current.len()).into()),
            ]))
        })
        .collect();
    let ratios: Vec<Json> = document::indicators(&a.session)
        .into_iter()
        .filter(|i| i.percent.is_some())
        .map(|i| {
            let pct = i.percent.as_deref().and_then(crate::text::parse_decimal).unwrap_or_default();
            Json::object([
                ("code", Json::from(i.code)),
                ("label", i.label.get(lang).into()),
                ("percent", format!("{}\u{a0}%", format_decimal(pct, lang)).into()),
            ])
        })
        .collect();
    let checks: Vec<Json> = a
        .findings
        .iter()
        .map(|f| Json::object([("severity", Json::from(f.severity.as_str())), ("message", f.message.get(lang).into())]))
        .collect();
    let period = a
        .period
        .as_ref()
        .map(|(from, to)| format!("{} – {}", crate::aggregate::iso_to_vi(from), crate::aggregate::iso_to_vi(to)));
    let with_errors = r.rows.iter().filter(|row| row.summary.errors > 0).count() as u64;
    let max = shown(r.rows.first().map_or(Decimal::ZERO, |row| row.standing.max), lang);
    let described: Vec<String> = (0..levels.list.len()).map(|i| levels.describe(i).get(lang).to_string()).collect();
    let legend = Text::new(
        format!(
            "Mức xếp loại{}: {}. Điểm tối đa {max}{}. Các bản bằng điểm cùng hạng; hạng có dấu * là của bản còn lỗi, chưa chắc chắn.",
            if levels.default { " (bốn mức mặc định, vì biểu mẫu chưa quy định mức riêng của tỉnh)" } else { "" },
            described.join(" · "),
            if r.ranking.points_provisional { "; điểm là tạm tính, chưa theo cách chấm điểm chính thức" } else { "" },
        ),
        format!(
            "Levels{}: {}. Maximum {max} points{}. Equal points share a rank; a rank with * belongs to a return with errors.",
            if levels.default { " (the default four: the form sets none of its own)" } else { "" },
            described.join(" · "),
            if r.ranking.points_provisional { "; the points are provisional" } else { "" },
        ),
    );
    // The workbook's name: its period when the returns share one.
    let workbook_name = match &a.period {
        Some((from, to)) => format!("pdti-tong-hop_{from}_{to}.xlsx"),
        None => "pdti-tong-hop.xlsx".to_string(),
    };
    vec![
        (
            "form",
            Json::object([
                ("id", Json::from(form.id.as_str())),
                ("version", form.version.as_str().into()),
                ("title", form.title.get(lang).into()),
            ]),
        ),
        ("legend", legend.get(lang).to_string().into()),
        ("workbookName", workbook_name.into()),
        (
            "pillars",
            Json::Array(
                r.ranking
                    .pillars
                    .iter()
                    .map(|(c, _)| {
                        let name = form.item(c).map(|i| crate::text::display_label(i.label.get(lang)));
                        Json::from(name.map_or_else(|| c.clone(), |n| format!("{c}. {n}")))
                    })
                    .collect(),
            ),
        ),
        ("count", (r.rows.len() as u64).into()),
        ("withErrors", with_errors.into()),
        ("comparing", (!r.comparisons.is_empty()).into()),
        ("rows", Json::Array(rows_json)),
        ("period", period.into()),
        ("totals", Json::Array(totals)),
        ("ratios", Json::Array(ratios)),
        ("checks", Json::Array(checks)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::embedded_forms;

    const COMPLETE: &str = include_str!("../tests/fixtures/complete-return.json");
    const LEGACY: &[u8] = include_bytes!("../tests/fixtures/laichau-stp-2023h1.tsv");

    fn office() -> Office {
        Office::new(embedded_forms())
    }

    /// How many rows and files the page shows.
    fn counts(o: &Office) -> (usize, usize) {
        let text = o.view_json(TableView { sort: SortKey::Rank, descending: false, only_errors: false }, Lang::Vi);
        let v = Json::parse(&text).unwrap();
        let len = |k: &str| v.get(k).and_then(Json::as_array).map_or(0, <[_]>::len);
        (len("rows"), len("files"))
    }

    #[test]
    fn a_return_of_an_earlier_version_with_the_same_fields_adds_up_with_current_ones_and_says_so() {
        let mut o = office();
        assert_eq!(o.add("1", "complete-return.json", COMPLETE.as_bytes(), false), Ok(1));
        // Saved before 2023.3 by another department: read as 2023.3.
        let old = include_str!("../tests/fixtures/complete-return.2023.1.json").replacen("Sở Tư pháp", "Sở Y tế", 1);
        assert_eq!(o.add("2", "so-y-te.json", old.as_bytes(), false), Ok(1));
        assert_eq!(counts(&o), (2, 2));
        let part = &o.files.iter().find(|f| f.id == "2").unwrap().parts[0];
        assert_eq!(part.session.form().version, "2023.3");
        let note = part.session.findings().into_iter().find(|f| f.rule == "RET-upgraded").expect("said");
        assert_eq!(
            note.message.vi,
            "Bản báo cáo lập theo phiên bản 2023.1; đọc theo phiên bản 2023.3 (cùng các mục, cùng ý nghĩa)."
        );
        assert_eq!(part.session.input("6.4.a"), Some("1.045"));
        // 2023.2 changed what 6.3 and 6.4 mean: still refused beside 2023.3.
        let decree42 =
            include_str!("../tests/golden/complete-return.2023.2.json").replacen("Sở Tư pháp", "Sở Xây dựng", 1);
        let e = o.add("3", "so-xay-dung.json", decree42.as_bytes(), false).unwrap_err();
        assert!(e.vi.contains("2023.2") && e.vi.contains("chỉ tổng hợp được các bản cùng biểu mẫu"), "{}", e.vi);
    }

    #[test]
    fn figures_sent_as_last_periods_and_never_checked_are_noted_without_changing_the_counts() {
        let last = document::read(COMPLETE, &Arc::new(Form::pdti_2023())).unwrap().session;
        let mut s = Session::start_from(&last);
        s.set("3.1.1", "21").unwrap();
        s.confirm("I.1");
        let text = document::to_json(&s, None, None);
        let mut o = office();
        assert_eq!(o.add("1", "ky-nay.json", text.as_bytes(), false), Ok(1));
        let part = &o.files[0].parts[0];
        let note = part.session.findings().into_iter().find(|f| f.rule == "RET-carried").expect("noted");
        assert_eq!(note.severity, Severity::Info);
        assert_eq!(note.fields.len(), s.carried_count());
        assert!(
            note.message.vi.starts_with(&format!(
                "{} số liệu lấy từ kỳ trước chưa được đơn vị kiểm tra lại: I.2, I.3,",
                s.carried_count()
            )),
            "{}",
            note.message.vi
        );
        let (ours, theirs) = (part.session.summary(), s.summary());
        assert_eq!((ours.errors, ours.warnings), (theirs.errors, theirs.warnings), "the department's counts");
        assert!(part.session.findings().iter().any(|f| f.rule == "R30"));
    }

    #[test]
    fn the_sample_legacy_file_and_the_complete_return_give_two_rows_and_a_malformed_file_is_refused_by_name() {
        let mut o = office();
        assert_eq!(o.add("1", "laichau.tsv", LEGACY, false), Ok(1));
        assert_eq!(o.add("2", "complete-return.json", COMPLETE.as_bytes(), false), Ok(1));
        let refused = o.add("3", "hỏng.json", b"{ \"format\": ", false).unwrap_err();
        assert!(refused.vi.starts_with("hỏng.json: "), "{}", refused.vi);
        assert_eq!(counts(&o), (2, 2));
        let text = o.view_json(TableView { sort: SortKey::Rank, descending: false, only_errors: false }, Lang::Vi);
        let v = Json::parse(&text).unwrap();
        let legend = v.get("legend").and_then(Json::as_str).unwrap();
        assert!(legend.contains("bốn mức mặc định") && legend.contains("tạm tính"), "{legend}");
        assert_eq!(v.get("workbookName").and_then(Json::as_str), Some("pdti-tong-hop_2023-01-01_2023-06-30.xlsx"));
    }

    #[test]
    fn a_file_added_twice_a_zip_a_pdf_and_a_huge_file_are_refused_and_nothing_changes() {
        let mut o = office();
        o.add("1", "a.json", COMPLETE.as_bytes(), false).unwrap();
        let twice = o.add("2", "a-copy.json", COMPLETE.as_bytes(), false).unwrap_err();
        assert!(twice.vi.contains("trùng nội dung với tệp \"a.json\""), "{}", twice.vi);
        // The same return saved again (other bytes, same values) is refused too.
        let again = COMPLETE.replace("\n", "\r\n");
        let resaved = o.add("7", "a-resaved.json", again.as_bytes(), false).unwrap_err();
        assert!(resaved.vi.contains("cùng một bản báo cáo với tệp \"a.json\""), "{}", resaved.vi);
        let zip = o.add("3", "bao-cao.zip", b"PK\x03\x04rest", false).unwrap_err();
        assert!(zip.vi.contains("tệp nén"), "{}", zip.vi);
        let pdf = o.add("4", "ban-in.pdf", b"%PDF-1.7", false).unwrap_err();
        assert!(pdf.vi.contains("PDF"), "{}", pdf.vi);
        let huge = vec![b' '; MAX_BYTES + 1];
        assert!(o.add("5", "to.json", &huge, false).unwrap_err().vi.contains("quá lớn"));
        assert_eq!(o.files.len(), 1);
        // The same file as last period's return is another matter.
        assert_eq!(o.add("6", "a.json", COMPLETE.as_bytes(), true), Ok(1));
    }

    #[test]
    fn a_return_of_another_form_version_is_refused_naming_both() {
        let mut o = office();
        o.add("1", "a.json", COMPLETE.as_bytes(), false).unwrap();
        let other = COMPLETE.replacen("\"2023.3\"", "\"2022.9\"", 1);
        let e = o.add("2", "b.json", other.as_bytes(), false).unwrap_err();
        assert!(e.vi.starts_with("b.json: ") && e.vi.contains("2022.9"), "{}", e.vi);
        assert_eq!(o.files.len(), 1);
    }

    #[test]
    fn removing_a_file_takes_its_rows_away_and_the_filter_keeps_only_returns_with_errors() {
        let mut o = office();
        o.add("1", "laichau.tsv", LEGACY, false).unwrap();
        o.add("2", "complete.json", COMPLETE.as_bytes(), false).unwrap();
        let only = o.view_json(TableView { sort: SortKey::Rank, descending: false, only_errors: true }, Lang::Vi);
        let v = Json::parse(&only).unwrap();
        let rows = v.get("rows").and_then(Json::as_array).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("key").and_then(Json::as_str), Some("1#1"));
        assert!(o.remove("1"));
        assert!(!o.remove("1"));
        assert_eq!(counts(&o), (1, 1));
    }

    #[test]
    fn sorting_by_errors_largest_first_puts_the_legacy_sample_first() {
        let mut o = office();
        o.add("2", "complete.json", COMPLETE.as_bytes(), false).unwrap();
        o.add("1", "laichau.tsv", LEGACY, false).unwrap();
        let text = o.view_json(TableView { sort: SortKey::Errors, descending: true, only_errors: false }, Lang::Vi);
        let v = Json::parse(&text).unwrap();
        let keys: Vec<&str> =
            v.get("rows").and_then(Json::as_array).unwrap().iter().filter_map(|r| r.get("key")?.as_str()).collect();
        assert_eq!(keys, ["1#1", "2#1"]);
    }

    #[test]
    fn a_row_offers_its_findings_the_list_to_send_back_and_its_json() {
        let mut o = office();
        o.add("1", "laichau.tsv", LEGACY, false).unwrap();
        let findings = o.findings_json("1#1", Lang::Vi).unwrap();
        assert!(findings.starts_with("[{\"severity\":\"error\""), "{findings}");
        let (name, text) = o.send_back("1#1").unwrap();
        assert_eq!(name, "PDTI_Sở-Tư-pháp_2023-01-01_2023-06-30_gui-lai.txt");
        assert!(text.contains("Lỗi cần sửa:"));
        let (name, json) = o.return_json("1#1").unwrap();
        assert!(name.ends_with(".json") && json.contains("\"pdti-2023\""));
        assert!(o.findings_json("9#1", Lang::Vi).is_none());
    }
}
