//! The JSON return (DESIGN.md §3): writing a [`Session`] out and reading one
//! back. Reading a return and writing it again gives the same document.

use crate::date::Date;
use crate::engine::{IndicatorStatus, Session, Unplaced};
use crate::finding::{Finding, Origin, Severity};
use crate::form::header;
use crate::form::{Form, ItemKind, StrIndex};
use crate::json::Json;
use crate::json_read::{Lax, Path, ShapeError};
use crate::str_map::StrMap;
use crate::text::{decimal_text, percent, round_half_away, Quoted, Text};
use crate::value::{Value, ValueKind};
use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

/// The `format` key of every return.
pub const FORMAT: &str = "pdti-return";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;
/// The largest return file accepted (a full return is about 20 KB).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The JSON Schema of the return, as printed by `pdti schema`.
pub const SCHEMA: &str = include_str!("schema/pdti-return.schema.json");

/// Why a return file could not be read. Messages are Vietnamese first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Larger than [`MAX_BYTES`].
    TooLarge(usize),
    /// Not JSON.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON, but not a PDTI return (wrong `format`, or not an object).
    NotAReturn,
    /// A `formatVersion` this build does not know.
    Version(String),
    /// A form this build has no definition for.
    UnknownForm(String),
    /// A key has the wrong shape.
    Shape(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge(n) => write!(
                f,
                "tệp quá lớn ({} MB, tối đa {} MB) — file too large",
                n / (1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
            ReadError::Json { line, column } => {
                write!(f, "tệp không phải JSON hợp lệ (dòng {line}, cột {column}) — not valid JSON")
            }
            ReadError::NotAReturn => write!(
                f,
                "tệp JSON này không phải bản báo cáo PDTI (thiếu \"format\": \"{FORMAT}\") — not a PDTI return"
            ),
            ReadError::Version(v) => {
                write!(f, "phiên bản định dạng {v} không được hỗ trợ (chỉ đọc được bản {FORMAT_VERSION}) — unsupported formatVersion")
            }
            ReadError::UnknownForm(id) => write!(f, "không có định nghĩa cho biểu mẫu \"{id}\" — unknown form"),
            ReadError::Shape(m) => write!(f, "cấu trúc bản báo cáo sai: {m} — malformed return"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Where a return came from when it was imported from a legacy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// `pdti-legacy-tsv`.
    pub format: String,
    /// Which copy of the form in the file (1-based).
    pub copy: u32,
    /// First line of that copy.
    pub first_line: u32,
    /// Last line of that copy.
    pub last_line: u32,
}

/// One indicator as written in the return. Decimals are strings; the code,
/// pillar and label are borrowed from the form definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorOut<'a> {
    /// Indicator code.
    pub code: &'a str,
    /// Pillar code.
    pub pillar: &'a str,
    /// Label.
    pub label: &'a Text,
    /// `ok`, `provinceComputes`, `missingDenominator`, `zeroDenominator`,
    /// `missingNumerator`, `unreadable` or `exceeds`.
    pub status: &'static str,
    /// The ratio as a fraction (1 = 100%), six decimals; null when not computable.
    pub value: Option<String>,
    /// The ratio in percent, two decimals.
    pub percent: Option<String>,
    /// Numerator, exact (money in đồng).
    pub numerator: Option<String>,
    /// Denominator, exact.
    pub denominator: Option<String>,
    /// Provisional points.
    pub points: Option<String>,
    /// Maximum points counted in the return's maximum; null when not
    /// scored and for a bonus or penalty item.
    pub max_points: Option<String>,
    /// A bonus item: the most it adds; a penalty item: the most it takes
    /// (negative); null otherwise.
    pub bonus: Option<String>,
    /// Points are provisional (the definition's `pointsProvisional`).
    pub provisional: bool,
}

impl Source {
    /// `{ "format", "copy", "firstLine", "lastLine" }`
    pub fn to_json(&self) -> Json<'_> {
        Json::object([
            ("format", Json::from(&self.format)),
            ("copy", self.copy.into()),
            ("firstLine", self.first_line.into()),
            ("lastLine", self.last_line.into()),
        ])
    }

    /// Reads `source` laxly: the first problem is kept by `o`'s reader.
    fn from_lax(o: Lax) -> Source {
        let number = |key: &str| {
            o.opt_u32(key).unwrap_or_else(|| {
                o.fail(key, "missing");
                0
            })
        };
        Source {
            format: o.str("format"),
            copy: number("copy"),
            first_line: number("firstLine"),
            last_line: number("lastLine"),
        }
    }
}

impl<'a> IndicatorOut<'a> {
    /// The indicator as written in the return (camelCase keys, nulls kept).
    pub fn into_json(self) -> Json<'a> {
        Json::object([
            ("code", Json::from(self.code)),
            ("pillar", self.pillar.into()),
            ("label", self.label.to_json()),
            ("status", self.status.into()),
            ("value", self.value.into()),
            ("percent", self.percent.into()),
            ("numerator", self.numerator.into()),
            ("denominator", self.denominator.into()),
            ("points", self.points.into()),
            ("maxPoints", self.max_points.into()),
            ("bonus", self.bonus.into()),
            ("provisional", self.provisional.into()),
        ])
    }
}

/// The indicators of a session as written in the return.
pub fn indicators(s: &Session) -> Vec<IndicatorOut<'_>> {
    s.form()
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let r = s.indicator(i);
            IndicatorOut {
                code: &ind.code,
                pillar: &ind.pillar,
                label: &ind.label,
                status: r.status.as_str(),
                value: r.ratio.map(|x| decimal_text(round_half_away(x, 6))),
                percent: r.ratio.map(|x| decimal_text(percent(x))),
                numerator: r.numerator.map(decimal_text),
                denominator: if r.status == IndicatorStatus::ProvinceComputes {
                    None
                } else {
                    r.denominator.map(decimal_text)
                },
                points: r.points.map(decimal_text),
                max_points: ind.max_points.map(|m| decimal_text(round_half_away(m, 2))),
                bonus: ind.bonus.map(decimal_text),
                provisional: s.form().points_provisional,
            }
        })
        .collect()
}

/// A tally as written: `points`, `maxPoints`, `percent`, `level` (its name, null when the maximum is 0).
fn tally_json<'a>(t: &crate::engine::Tally, form: &'a Form) -> Vec<(&'static str, Json<'a>)> {
    vec![
        ("points", decimal_text(t.points).into()),
        ("maxPoints", decimal_text(round_half_away(t.max, 2)).into()),
        ("percent", t.percent.map(decimal_text).into()),
        ("level", t.level.map_or(Json::Null, |l| form.levels.list[l].name.to_json())),
    ]
}

/// `score`: the return's total, maximum, percentage and level, in all and
/// per pillar, as [`Session::score`] computes them (recomputed on reading).
pub fn score_json(s: &Session) -> Json<'_> {
    let form = s.form();
    let sc = s.score();
    let mut o = vec![("group", sc.group.map(|g| form.groups[g].id.as_str()).into())];
    o.extend(tally_json(&sc.total, form));
    o.extend([
        ("bonus", decimal_text(sc.bonus).into()),
        ("penalty", decimal_text(sc.penalty).into()),
        ("provisional", form.points_provisional.into()),
        ("defaultLevels", form.levels.default.into()),
        (
            "pillars",
            Json::Array(
                sc.pillars
                    .iter()
                    .map(|(code, t)| {
                        let mut p = vec![("code", Json::from(code.clone()))];
                        p.extend(tally_json(t, form));
                        Json::object(p)
                    })
                    .collect(),
            ),
        ),
    ]);
    Json::object(o)
}

/// The JSON form of a typed value.
pub fn value_json(v: Option<&Value>) -> Json<'_> {
    match v {
        None => Json::Null,
        Some(Value::Count(n)) => Json::from(*n),
        Some(Value::Money(d)) => Json::from(decimal_text(*d)),
        Some(Value::Bool(b)) => Json::Bool(*b),
        Some(Value::Text(t)) => Json::from(t),
        Some(Value::Date(d)) => Json::from(d.to_string()),
    }
}

/// The filled fields of the body (header fields are written apart), in form order.
fn filled_fields(s: &Session) -> impl Iterator<Item = usize> + '_ {
    let form = s.form();
    form.inputs().filter(move |&i| !form.items[i].header && !s.input_at(i).is_empty())
}

/// `values`: every filled field in form order, `{ input, value, unit? }`.
fn values_json(s: &Session) -> Json<'_> {
    let form = s.form();
    Json::Object(
        filled_fields(s)
            .map(|i| {
                let item = &form.items[i];
                let mut entry = vec![("input", Json::from(s.input_at(i))), ("value", value_json(s.value_at(i)))];
                if matches!(item.kind, ItemKind::Input(ValueKind::Money(_))) {
                    entry.push(("unit", "đồng".into()));
                }
                (item.code.as_str().into(), Json::object(entry))
            })
            .collect(),
    )
}

/// `previous`, for a return started from last period's: last period's dates,
/// the values of it that rules read (`{prev:CODE}`), and the values carried
/// from it that nobody has confirmed or changed yet.
#[inline(never)] // written by the return and the draft: one copy
fn previous_json(s: &Session) -> Option<Json<'_>> {
    let p = s.previous()?;
    let form = s.form();
    let mut values = Vec::new();
    for i in form.prev_fields() {
        if let Some(v) = p.value(i) {
            values.push((form.items[i].code.as_str().into(), value_json(Some(v))));
        }
    }
    let unconfirmed = s.carried_fields().map(|i| Json::from(&form.items[i].code)).collect();
    let iso = |d: Option<Date>| Json::from(d.map(|d| d.to_string()));
    Some(Json::Object(vec![
        ("period".into(), Json::Object(vec![("from".into(), iso(p.from)), ("to".into(), iso(p.to))])),
        ("values".into(), Json::Object(values)),
        ("unconfirmed".into(), Json::Array(unconfirmed)),
    ]))
}

fn str_map_json(m: &StrMap) -> Json<'_> {
    Json::Object(m.iter().map(|(k, v)| (k.as_str().into(), Json::from(v))).collect())
}

/// Name and version of this program, as recorded in every return.
pub const GENERATOR: (&str, &str) = ("pdti-form", env!("CARGO_PKG_VERSION"));

/// A header date as written: ISO when readable, the typed text otherwise
/// (so nothing typed is lost), null when blank.
pub fn header_date(s: &Session, code: &str) -> Option<String> {
    match s.date(code) {
        Some(d) => Some(d.to_string()),
        None => s.input(code).filter(|t| !t.trim().is_empty()).map(str::to_string),
    }
}

/// The return's fingerprint: a short hash of its content (form, agency,
/// period and every value, in their stored form), printed on the signed copy
/// and computed the same way whenever and wherever the return is read, so
/// that the collecting office can match a paper copy to its file. It is a
/// check against mix-ups, not a signature: FNV-1a, 64 bits, as
/// `XXXX-XXXX-XXXX-XXXX`.
pub fn fingerprint(s: &Session) -> String {
    let form = s.form();
    let mut text = format!("pdti-fingerprint-1\n{}\n", form.id);
    for i in form.inputs() {
        let v = match s.value_at(i) {
            Some(Value::Count(n)) => n.to_string(),
            Some(Value::Money(d)) => decimal_text(*d),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Date(d)) => d.to_string(),
            Some(Value::Text(t)) => t.clone(),
            None if s.input_at(i).trim().is_empty() => continue,
            None => format!("?{}", s.input_at(i).trim()),
        };
        text.push_str(&format!("{}={v}\n", form.items[i].code));
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(b"0123456789ABCDEF"[(h >> (60 - 4 * i) & 0xF) as usize]));
    }
    out
}

/// The file name of a downloaded return: `PDTI_<agency>_<from>_<to>.json`,
/// letters and digits kept (Vietnamese included), anything else a dash.
pub fn file_name(s: &Session) -> String {
    let date = |c: &str| s.date(c).map(|d| d.to_string()).unwrap_or_default();
    let agency = s.input(header::AGENCY).unwrap_or("");
    let mut out = String::new();
    for part in ["PDTI", agency, &date(header::FROM), &date(header::TO)] {
        if part.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('_');
        }
        let mut dash = false;
        for c in part.trim().chars() {
            if crate::text::is_word_char(c) {
                out.push(c);
                dash = false;
            } else if !dash {
                out.push('-');
                dash = true;
            }
        }
    }
    format!("{}.json", out.trim_matches('-'))
}

/// `agency`: its name, and its group when the return names one.
fn agency_json<'a>(s: &'a Session, name: Json<'a>) -> Json<'a> {
    let mut a = vec![("name", name)];
    if let Some(g) = &s.group {
        a.push(("group", g.into()));
    }
    Json::object(a)
}

/// Writes the return as a JSON value (findings, indicators and summary included).
pub fn to_json_value<'a>(s: &'a Session, saved_at: Option<&'a str>, source: Option<&'a Source>) -> Json<'a> {
    let form = s.form();
    let mut doc = vec![
        ("format", Json::from(FORMAT)),
        ("formatVersion", FORMAT_VERSION.into()),
        (
            "form",
            Json::object([
                ("id", Json::from(&form.id)),
                ("version", Json::from(&form.version)),
                ("hash", Json::from(&form.hash)),
                ("assumptions", Json::Array(form.assumptions.iter().map(|a| Json::from(&a.vi)).collect())),
            ]),
        ),
        (
            "period",
            Json::object([("from", header_date(s, header::FROM).into()), ("to", header_date(s, header::TO).into())]),
        ),
        ("agency", agency_json(s, Json::from(s.input(header::AGENCY).unwrap_or("")))),
        (
            "coverLetter",
            Json::object([
                ("number", Json::from(s.input(header::LETTER_NUMBER).unwrap_or(""))),
                ("date", header_date(s, header::LETTER_DATE).into()),
            ]),
        ),
        ("values", values_json(s)),
    ];
    if !s.evidence.is_empty() {
        doc.push(("evidence", str_map_json(&s.evidence)));
    }
    if !s.notes.is_empty() {
        doc.push(("notes", str_map_json(&s.notes)));
    }
    if !s.unplaced.is_empty() {
        doc.push(("unplaced", Json::Array(s.unplaced.iter().map(Unplaced::to_json).collect())));
    }
    if let Some(p) = previous_json(s) {
        doc.push(("previous", p));
    }
    doc.extend([
        ("indicators", Json::Array(indicators(s).into_iter().map(IndicatorOut::into_json).collect())),
        ("score", score_json(s)),
        ("findings", Json::Array(s.findings().into_iter().map(Finding::into_json).collect())),
        ("summary", s.summary().to_json()),
        ("generator", Json::object([("name", Json::from(GENERATOR.0)), ("version", GENERATOR.1.into())])),
    ]);
    if let Some(t) = saved_at {
        doc.push(("savedAt", t.into()));
    }
    if let Some(src) = source {
        doc.push(("source", src.to_json()));
    }
    Json::object(doc)
}

/// Writes the return as pretty JSON text: the document of [`to_json_value`].
pub fn to_json(s: &Session, saved_at: Option<&str>, source: Option<&Source>) -> String {
    to_json_value(s, saved_at, source).to_pretty()
}

/// A compact draft for autosave: what was typed and what the import recorded,
/// without the parts that are recomputed on reading. [`read`] reads it back.
pub fn to_draft_json(s: &Session, saved_at: &str) -> String {
    let form = s.form();
    let values = filled_fields(s)
        .map(|i| (form.items[i].code.as_str().into(), Json::object([("input", Json::from(s.input_at(i)))])));
    let header = |code: &str| Json::from(s.input(code).filter(|v| !v.is_empty()));
    let mut draft = vec![
        ("format", Json::from(FORMAT)),
        ("formatVersion", FORMAT_VERSION.into()),
        ("form", Json::object([("id", Json::from(&form.id)), ("version", Json::from(&form.version))])),
        ("period", Json::object([("from", header(header::FROM)), ("to", header(header::TO))])),
        ("agency", agency_json(s, header(header::AGENCY))),
        (
            "coverLetter",
            Json::object([("number", header(header::LETTER_NUMBER)), ("date", header(header::LETTER_DATE))]),
        ),
        ("values", Json::Object(values.collect())),
        ("evidence", str_map_json(&s.evidence)),
        ("notes", str_map_json(&s.notes)),
        ("unplaced", Json::Array(s.unplaced.iter().map(Unplaced::to_json).collect())),
        ("findings", Json::Array(s.import_findings.iter().cloned().map(Finding::into_json).collect())),
        ("savedAt", saved_at.into()),
    ];
    if let Some(p) = previous_json(s) {
        draft.push(("previous", p));
    }
    Json::object(draft).to_compact()
}

/// A return read from JSON: the live session plus what the file recorded
/// about itself.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The session, validated.
    pub session: Session,
    /// When it was saved, if the file says.
    pub saved_at: Option<String>,
    /// Where it came from, if imported.
    pub source: Option<Source>,
}

fn check_head(doc: &Json) -> Result<(), ReadError> {
    if doc.get("format").and_then(Json::as_str) != Some(FORMAT) {
        return Err(ReadError::NotAReturn);
    }
    match doc.get("formatVersion") {
        Some(v) if v.as_u64() == Some(FORMAT_VERSION) => Ok(()),
        Some(v) => Err(ReadError::Version(v.to_string())),
        None => Err(ReadError::Version("(thiếu)".into())),
    }
}

/// Parses the text and checks that it is a return of this format.
fn parse_doc(text: &str) -> Result<Json<'_>, ReadError> {
    if text.len() > MAX_BYTES {
        return Err(ReadError::TooLarge(text.len()));
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Indicators, summary, generator and validation findings are recomputed:
    // checked, never kept. Findings are kept only if some came from an
    // import, which needs the word in the text.
    let skip: &[&str] = if text.contains("\"import\"") {
        &["indicators", "score", "summary", "generator"]
    } else {
        &["indicators", "score", "summary", "generator", "findings"]
    };
    let doc = Json::parse_skipping(text, skip).map_err(|e| ReadError::Json { line: e.line, column: e.column })?;
    check_head(&doc)?;
    Ok(doc)
}

impl From<ShapeError> for ReadError {
    fn from(e: ShapeError) -> ReadError {
        ReadError::Shape(format!("{}: {}", e.at, e.message))
    }
}

/// What a return says, read from its JSON: the parts that are always
/// recomputed (indicators, summary, validation findings) are skipped.
struct InDoc<'a> {
    form_id: String,
    form_version: Option<String>,
    #[cfg_attr(not(embeds_forms), allow(dead_code))]
    form_hash: Option<String>,
    header: [(&'static str, Option<String>); 5],
    group: Option<String>,
    /// `values` in the order written: (code, (input, stored value)).
    values: Vec<(&'a str, (Option<String>, &'a Json<'a>))>,
    evidence: StrMap,
    notes: StrMap,
    unplaced: Vec<Unplaced>,
    import_findings: Vec<Finding>,
    saved_at: Option<String>,
    source: Option<Source>,
    previous: Option<InPrevious<'a>>,
}

/// What a return says of last period (`previous`).
struct InPrevious<'a> {
    from: Option<String>,
    to: Option<String>,
    values: Option<&'a Json<'a>>,
    unconfirmed: Vec<String>,
}

fn read_doc<'a>(doc: &'a Json<'a>) -> Result<InDoc<'a>, ShapeError> {
    let first = RefCell::new(None);
    let o = Lax::new(doc, Path::Root, &first);
    let pair = |key: &str, a: &str, b: &str| o.opt_obj(key, |p| (p.opt_str(a), p.opt_str(b))).unwrap_or_default();
    let (form_id, form_version) = pair("form", "id", "version");
    let form_hash = o.opt_obj("form", |f| f.opt_str("hash")).flatten();
    let (from, to) = pair("period", "from", "to");
    let (number, date) = pair("coverLetter", "number", "date");
    let (agency, group) = pair("agency", "name", "group");
    let values = o
        .opt_obj("values", |m| m.each(|code, e| (code, (e.opt_str("input"), e.value("value").unwrap_or(&Json::Null)))))
        .unwrap_or_default();
    // Only the import's findings are kept; the rest are recomputed, so they are not even read.
    let import_findings = o.list("findings", |v, at| match v.get("origin").and_then(Json::as_str) {
        Some("import") => Finding::from_json(v, at).map(Some),
        _ => Ok(None),
    });
    let doc = InDoc {
        form_id: form_id.unwrap_or_default(),
        form_version,
        form_hash,
        header: [
            (header::AGENCY, agency),
            (header::FROM, from),
            (header::TO, to),
            (header::LETTER_NUMBER, number),
            (header::LETTER_DATE, date),
        ],
        group,
        values,
        evidence: o.str_map("evidence"),
        notes: o.str_map("notes"),
        unplaced: o.list("unplaced", Unplaced::from_json),
        import_findings: import_findings.into_iter().flatten().collect(),
        saved_at: o.opt_str("savedAt"),
        source: o.opt_obj("source", Source::from_lax),
        previous: o.opt_obj("previous", |p| {
            let (from, to) = p.opt_obj("period", |q| (q.opt_str("from"), q.opt_str("to"))).unwrap_or_default();
            InPrevious {
                from,
                to,
                values: p.value("values"),
                unconfirmed: p.opt_strings("unconfirmed").unwrap_or_default(),
            }
        }),
    };
    crate::json_read::lax_result(doc, first)
}

fn load_finding(rule: &str, severity: Severity, fields: Vec<String>, vi: String, en: String) -> Finding {
    let mut f = Finding::new(rule, severity, fields, Text::new(vi, en));
    f.origin = Origin::Import;
    f
}

/// The input to type for a stored value when a return gives no `input`.
fn input_from_value(v: &Json, kind: ValueKind) -> Option<String> {
    match (v, kind) {
        (Json::Number(n), _) => Some(n.to_string()),
        (Json::String(s), ValueKind::Money(_)) => Some(format!("{s} đồng")),
        (Json::String(s), _) => Some(s.to_string()),
        (Json::Bool(b), _) => Some(if *b { "có" } else { "không" }.to_string()),
        _ => None,
    }
}

/// What to type for `value` in a field of `kind` so that it reads back the
/// same: the input a return gets when it stores a value without one.
pub fn input_for(value: &Value, kind: ValueKind) -> Option<String> {
    input_from_value(&value_json(Some(value)), kind)
}

/// The form id and version a return names (empty when it names none),
/// without reading the rest of it.
pub fn named_form(text: &str) -> (String, String) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let doc = Json::parse_skipping(text, &["values", "findings", "indicators", "summary"]).ok();
    let form = doc.as_ref().and_then(|d| d.get("form"));
    let get = |key: &str| form.and_then(|f| f.get(key)).and_then(Json::as_str).unwrap_or("").to_string();
    (get("id"), get("version"))
}

/// Reads a return for `form`, re-validating it. Findings of origin `import`
/// are kept; all others are recomputed.
pub fn read(text: &str, form: &Arc<Form>) -> Result<Loaded, ReadError> {
    read_any(text, std::slice::from_ref(form))
}

/// The definition to read a return of form `id`, `version` with: that
/// version if `forms` has it, else the last (current) one of that id.
#[cfg(embeds_forms)]
fn form_for<'f>(forms: &'f [Arc<Form>], id: &str, version: Option<&str>) -> Option<&'f Arc<Form>> {
    let of_id = || forms.iter().rev().filter(|f| f.id == id);
    of_id().find(|f| Some(f.version.as_str()) == version).or_else(|| of_id().next())
}

/// Reads a return with whichever of `forms` it names: the definition of its
/// form id and version, or else the last one of its form id (the current
/// one, with a `RET-version` note saying so).
pub fn read_any(text: &str, forms: &[Arc<Form>]) -> Result<Loaded, ReadError> {
    let json = parse_doc(text)?;
    let doc = read_doc(&json)?;
    let id = doc.form_id.as_str();
    #[cfg(embeds_forms)]
    let form = form_for(forms, id, doc.form_version.as_deref());
    // A form page's wasm is handed one definition and embeds none
    // (build.rs): there is no version to choose, and it keeps one lookup.
    #[cfg(not(embeds_forms))]
    let form = forms.iter().find(|f| f.id == id);
    let form = form.ok_or_else(|| ReadError::UnknownForm(id.to_string()))?;
    let mut entries: Vec<(&str, String)> = Vec::new();
    for (code, v) in doc.header {
        if let Some(v) = v {
            // Dates are stored ISO and shown dd/mm/yyyy.
            let is_date = form.item(code).and_then(|i| i.value_kind()) == Some(ValueKind::Date);
            let typed = Date::parse_iso(&v).filter(|_| is_date).map(|d| d.to_vi());
            entries.push((code, typed.unwrap_or(v)));
        }
    }
    let mut load_findings = Vec::new();
    let mut unplaced = Vec::new();
    let mut stored_values: Vec<(usize, &Json)> = Vec::new();
    // A code written twice counts once, with its last entry: where each
    // code's last entry is, by item position (unknown codes, rare, by name).
    let positions: Vec<Option<usize>> = doc.values.iter().map(|(code, _)| form.index_of(code)).collect();
    let mut last_by_item = vec![usize::MAX; form.items.len()];
    let mut last_unknown = StrIndex::default();
    for (entry, (&pos, (code, _))) in positions.iter().zip(&doc.values).enumerate() {
        match pos {
            Some(p) => last_by_item[p] = entry,
            None => {
                last_unknown.insert(code.to_string(), entry);
            }
        }
    }
    for (entry, (pos, (code, (input, stored)))) in positions.into_iter().zip(doc.values).enumerate() {
        let is_last = match pos {
            Some(p) => last_by_item[p] == entry,
            None => last_unknown.get(code) == Some(&entry),
        };
        if !is_last {
            continue;
        }
        let item = pos.map(|p| (p, &form.items[p]));
        let kind = item.and_then(|(_, it)| it.value_kind().filter(|_| !it.header));
        let Some(kind) = kind else {
            let text = input.or_else(|| input_from_value(stored, ValueKind::Text)).unwrap_or_default();
            let (rule, vi, en) = if item.is_some() {
                (
                    "R25",
                    format!("Mục {code} là dòng tiêu đề hoặc dòng tính toán, không nhận giá trị; giá trị {} được giữ riêng.", Quoted(&text)),
                    format!("{code} is a heading or computed row and takes no value; {} was kept aside.", Quoted(&text)),
                )
            } else {
                (
                    "RET-unknown",
                    format!("Biểu mẫu không có mục {code}; giá trị {} được giữ riêng.", Quoted(&text)),
                    format!("The form has no field {code}; {} was kept aside.", Quoted(&text)),
                )
            };
            load_findings.push(load_finding(rule, Severity::Error, vec![code.to_string()], vi, en));
            unplaced.push(Unplaced { code: code.to_string(), column: Unplaced::VALUE, text });
            continue;
        };
        let idx = item.map_or(0, |(i, _)| i);
        let had_input = input.is_some();
        let Some(input) = input.or_else(|| input_from_value(stored, kind)) else {
            if !stored.is_null() {
                return Err(ReadError::Shape(format!("giá trị của {code} không đọc được")));
            }
            continue;
        };
        if had_input && !stored.is_null() {
            stored_values.push((idx, stored));
        }
        entries.push((form.items[idx].code.as_str(), input));
    }
    let mut s = Session::unevaluated(Arc::clone(form));
    s.set_all_owned(entries).map_err(|e| ReadError::Shape(e.to_string()))?;
    // A stored value that disagrees with its input: the input wins, and we say so.
    for (idx, stored) in stored_values {
        let now = value_json(s.value_at(idx));
        if *stored != now {
            let code = form.items[idx].code.clone();
            load_findings.push(load_finding(
                "RET-mismatch",
                Severity::Warning,
                vec![code.clone()],
                format!("Giá trị lưu của {code} ({stored}) khác với giá trị đọc từ ô nhập ({now}); đã dùng ô nhập."),
                format!("The stored value of {code} ({stored}) differs from its input ({now}); the input was used."),
            ));
        }
    }
    s.evidence = doc.evidence;
    s.notes = doc.notes;
    // A group the form does not have is not guessed at: the return is
    // scored as one without a group until one is chosen, and it says so.
    match doc.group {
        Some(g) if !form.groups.iter().any(|x| x.id == g) => {
            let known: Vec<&str> = form.groups.iter().map(|x| x.id.as_str()).collect();
            let known = known.join(", ");
            load_findings.push(load_finding(
                "RET-group",
                Severity::Warning,
                vec![],
                format!("Biểu mẫu không có nhóm cơ quan \"{g}\" (có: {known}); hãy chọn lại nhóm."),
                format!("The form has no agency group \"{g}\" (it has: {known}); choose the group again."),
            ));
        }
        g => s.group = g,
    }
    if let Some(p) = doc.previous {
        let date = |d: Option<String>| d.as_deref().and_then(Date::parse_iso);
        let mut previous = crate::engine::Previous::new(date(p.from), date(p.to), form.items.len());
        // Last period's values are for rules to compare with: every one this
        // form has a field for is kept (writing keeps only those its rules
        // read); one it has no field for, or that does not read, is left out.
        for (code, v) in p.values.and_then(Json::as_object).into_iter().flatten() {
            let Some(i) = form.index_of(code) else { continue };
            let item = &form.items[i];
            let Some(kind) = item.value_kind() else { continue };
            let value = input_from_value(v, kind).and_then(|t| crate::value::parse(&t, kind, item.hints).value);
            previous.set_value(i, value);
        }
        s.set_previous(Some(previous));
        for code in &p.unconfirmed {
            s.mark_carried(code);
        }
    }
    s.unplaced = unplaced;
    s.unplaced.extend(doc.unplaced);
    s.import_findings.extend(doc.import_findings);
    if let Some(v) = doc.form_version.as_deref().filter(|v| *v != form.version) {
        load_findings.push(load_finding(
            "RET-version",
            Severity::Info,
            vec![],
            format!("Bản báo cáo lập theo phiên bản biểu mẫu {v}; đã kiểm tra theo phiên bản {}.", form.version),
            format!("The return was made with form version {v}; it was checked against version {}.", form.version),
        ));
    }
    // The same id and version, another text: checked against this one, and
    // said where definitions are chosen (the CLI refuses it, the collector
    // shows it; the hosted page's full build, which migrates, too); a form
    // page reads the returns of its own definition, and its offline file has
    // no bytes to spare (README, "Measured").
    #[cfg(embeds_forms)]
    if let Some(h) =
        doc.form_hash.as_deref().filter(|h| *h != form.hash && doc.form_version.as_deref() == Some(&form.version))
    {
        load_findings.push(load_finding(
            "RET-definition",
            Severity::Warning,
            vec![],
            format!(
                "Bản báo cáo lập theo một định nghĩa khác của biểu mẫu {} phiên bản {} (mã {h}); đã kiểm tra theo định nghĩa này (mã {}).",
                form.id, form.version, form.hash
            ),
            format!(
                "The return was made with another definition of form {} version {} (hash {h}); it was checked against this one (hash {}).",
                form.id, form.version, form.hash
            ),
        ));
    }
    // Load findings are recorded once: reading the same file again does not repeat them.
    for f in load_findings {
        if !s.import_findings.contains(&f) {
            s.import_findings.push(f);
        }
    }
    Ok(Loaded { session: s, saved_at: doc.saved_at, source: doc.source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn form() -> Arc<Form> {
        Arc::new(Form::pdti_2023())
    }

    fn filled() -> Session {
        let mut s = Session::new(form());
        s.set_all([
            ("agency.name", "Sở Tư pháp"),
            ("period.from", "01/01/2023"),
            ("period.to", "30/6/2023"),
            ("3.1.1", "43"),
            ("3.2.a", "<i>có</i>"),
            ("5.11.1.c", "11.362.000"),
            ("6.2.d", "12"),
            ("6.2.đ", "14"),
            ("I.6.dien_thoai", "912345678"),
        ])
        .unwrap();
        s
    }

    #[test]
    fn the_return_has_the_contract_keys_and_exact_values() {
        // Read back with serde_json: an independent reader checks the writer.
        let v: serde_json::Value =
            serde_json::from_str(&to_json(&filled(), Some("2023-07-10T08:00:00Z"), None)).unwrap();
        assert_eq!(v["format"], "pdti-return");
        assert_eq!(v["formatVersion"], 1);
        assert_eq!(v["form"]["id"], "pdti-2023");
        assert_eq!(v["period"]["from"], "2023-01-01");
        assert_eq!(v["period"]["to"], "2023-06-30");
        assert_eq!(v["agency"]["name"], "Sở Tư pháp");
        assert_eq!(v["values"]["3.1.1"]["value"], 43);
        assert_eq!(v["values"]["3.2.a"]["value"], true);
        assert_eq!(v["values"]["5.11.1.c"]["value"], "11362000");
        assert_eq!(v["values"]["5.11.1.c"]["unit"], "đồng");
        assert_eq!(v["values"]["5.11.1.c"]["input"], "11.362.000");
        assert_eq!(v["values"]["I.6.dien_thoai"]["value"], serde_json::Value::Null);
        let r15b = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "R15b").unwrap();
        assert_eq!(r15b["severity"], "error");
        assert_eq!(r15b["fields"], serde_json::json!(["6.2.đ", "6.2.d"]));
        assert!(v["summary"]["errors"].as_u64().unwrap() >= 2);
        assert_eq!(v["generator"]["name"], "pdti-form");
        assert_eq!(v["savedAt"], "2023-07-10T08:00:00Z");
    }

    #[test]
    fn a_downloaded_return_is_named_by_agency_and_period() {
        assert_eq!(file_name(&filled()), "PDTI_Sở-Tư-pháp_2023-01-01_2023-06-30.json");
        assert_eq!(file_name(&Session::new(form())), "PDTI.json");
    }

    #[test]
    fn reading_and_writing_again_gives_the_same_document() {
        let first = to_json(&filled(), Some("2023-07-10T08:00:00Z"), None);
        let loaded = read(&first, &form()).unwrap();
        let second = to_json(&loaded.session, loaded.saved_at.as_deref(), loaded.source.as_ref());
        assert_eq!(first, second);
    }

    #[test]
    fn a_draft_reads_back_to_the_same_return() {
        let s = filled();
        let draft = to_draft_json(&s, "2023-07-10T08:00:00Z");
        let back = read(&draft, &form()).unwrap();
        assert_eq!(to_json(&back.session, None, None), to_json(&s, None, None));
        assert!(draft.len() < to_json(&s, None, None).len() / 4);
    }

    #[test]
    fn a_value_without_input_is_read_from_its_value() {
        let text = r#"{"format":"pdti-return","formatVersion":1,"form":{"id":"pdti-2023"},
            "values":{"3.1.1":{"value":43},"5.11.1.a":{"value":"1500000000"},"3.2.a":{"value":false}}}"#;
        let s = read(text, &form()).unwrap().session;
        assert_eq!(s.value("3.1.1"), Some(&Value::Count(43)));
        assert_eq!(s.value("5.11.1.a"), Some(&Value::Money(Decimal::from(1_500_000_000u64))));
        assert_eq!(s.value("3.2.a"), Some(&Value::Bool(false)));
    }

    #[test]
    fn a_code_written_twice_in_values_counts_once_with_its_last_entry() {
        // Were the first entries read too, the stale stored value 1 would be
        // reported as a mismatch and the unknown 9.9 kept aside twice.
        let text = r#"{"format":"pdti-return","formatVersion":1,"form":{"id":"pdti-2023"},
            "values":{"3.1.1":{"input":"1","value":1},"9.9":{"input":"a"},"3.2.a":{"input":"có"},
                      "3.1.1":{"input":"43","value":43},"9.9":{"input":"b"}}}"#;
        let s = read(text, &form()).unwrap().session;
        assert_eq!(s.value("3.1.1"), Some(&Value::Count(43)));
        assert_eq!(s.value("3.2.a"), Some(&Value::Bool(true)));
        let rules: Vec<&str> = s.import_findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["RET-unknown"]);
        assert_eq!(s.unplaced.len(), 1);
        assert_eq!(s.unplaced[0].text, "b");
    }

    #[test]
    fn values_on_computed_rows_and_unknown_codes_are_kept_aside_and_reported() {
        let text = r#"{"format":"pdti-return","formatVersion":1,"form":{"id":"pdti-2023"},
            "values":{"6.1.1":{"input":"875"},"9.9":{"input":"1"}}}"#;
        let s = read(text, &form()).unwrap().session;
        assert_eq!(s.unplaced.len(), 2);
        let rules: Vec<&str> = s.import_findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["R25", "RET-unknown"]);
    }

    #[test]
    fn files_that_are_not_returns_are_refused_with_a_reason() {
        let f = form();
        assert!(matches!(read("not json", &f), Err(ReadError::Json { line: 1, .. })));
        assert_eq!(read("[1,2]", &f).unwrap_err(), ReadError::NotAReturn);
        assert_eq!(read(r#"{"format":"x"}"#, &f).unwrap_err(), ReadError::NotAReturn);
        assert!(matches!(read(r#"{"format":"pdti-return","formatVersion":2}"#, &f), Err(ReadError::Version(_))));
        assert!(matches!(
            read(r#"{"format":"pdti-return","formatVersion":1,"form":{"id":"other"}}"#, &f),
            Err(ReadError::UnknownForm(_))
        ));
        assert!(matches!(
            read(r#"{"format":"pdti-return","formatVersion":1,"form":{"id":"pdti-2023"},"values":[]}"#, &f),
            Err(ReadError::Shape(_))
        ));
        let big = " ".repeat(MAX_BYTES + 1);
        assert!(matches!(read(&big, &f), Err(ReadError::TooLarge(_))));
        assert!(read("\u{FEFF}{\"format\":\"pdti-return\",\"formatVersion\":1,\"form\":{\"id\":\"pdti-2023\"}}", &f)
            .is_ok());
        assert!(ReadError::NotAReturn.to_string().starts_with("tệp JSON"));
    }

    #[test]
    fn the_schema_is_valid_json_and_requires_the_contract_keys() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
        let required: Vec<&str> =
            schema["required"].as_array().unwrap().iter().filter_map(serde_json::Value::as_str).collect();
        for k in ["format", "formatVersion", "form", "period", "agency", "values", "indicators", "findings", "summary"]
        {
            assert!(required.contains(&k), "{k}");
        }
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_the_values_not_how_they_were_typed() {
        let form = Arc::new(Form::pdti_2023());
        let mut a = Session::new(Arc::clone(&form));
        let mut b = Session::new(Arc::clone(&form));
        a.set("I.1", "1045").unwrap();
        b.set("I.1", "1.045").unwrap();
        a.set("5.11.2", "2,5").unwrap();
        b.set("5.11.2", "2 tỷ 500 triệu").unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        b.set("I.1", "1046").unwrap();
        assert_ne!(fingerprint(&a), fingerprint(&b));
        // Evidence and notes are not part of it: the figures are.
        a.set_evidence("I.3", "Quyết định 12/QĐ");
        b.set("I.1", "1045").unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn the_fingerprint_of_a_saved_return_is_pinned() {
        // The same everywhere and always: a change here breaks every signed
        // copy already matched, so it needs a new fingerprint version.
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/complete-return.json"))
            .unwrap();
        let loaded = read(&text, &Arc::new(Form::pdti_2023())).unwrap();
        let fp = fingerprint(&loaded.session);
        assert_eq!(fp.len(), 19);
        let again = read(&to_json(&loaded.session, None, None), &Arc::new(Form::pdti_2023())).unwrap();
        assert_eq!(fingerprint(&again.session), fp);
        assert_eq!(fp, "6CEB-E67B-9E3C-09E4");
    }
}
