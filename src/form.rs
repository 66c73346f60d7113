//! The form definition: sections, items, rules and indicators as data.
//!
//! Definitions live under `src/forms/` (one JSON file per form version) and are
//! embedded at build time; a portal can also load its own with
//! [`Form::from_json`]. Loading parses every rule expression once and builds
//! the field → rules/indicators index that makes one keystroke cheap.

use crate::expr::{self, Expr};
use crate::finding::{Finding, Severity};
use crate::json::Json as Value;
use crate::json_read::{self, Lax, Path, ShapeError};
use crate::text::Text;
use crate::text::{display_label, Lang};
use crate::value::{FieldHints, MoneyUnit, ValueKind};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::hash::Hasher;

/// FNV-1a 64: the definition's content hash ([`content_hash`]) and the
/// collector's file hashes (field lookups use [`StrIndex`], a sorted list).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}
use std::fmt;

/// A definition's content hash: FNV-1a (64 bits, as 16 hex digits) of its
/// JSON written compact, so the same definition gives the same hash however
/// it is indented or escaped (the page's copy, the CLI's). It tells
/// definitions apart; it is no signature.
pub fn content_hash(definition: &Value) -> String {
    let mut h = Fnv::default();
    h.write(definition.to_compact().as_bytes());
    let h = h.finish();
    // By hand: `{:x}` would bring the formatter's hex code into the wasm.
    (0..16).map(|i| char::from(b"0123456789abcdef"[(h >> (60 - 4 * i) & 0xF) as usize])).collect()
}

pub use crate::str_map::StrIndex;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/forms.rs"));
}

/// The texts of the definitions under `src/forms/`, by file name except that
/// the last one is always the current form (build.rs). The wasm a form page
/// runs embeds none; the native build, the collector's wasm and the hosted
/// page's on-demand full build (to migrate older returns) embed every
/// version (`pdti-2023.2.json` is the 2023 template in Decree 42 terms).
pub fn embedded_definitions() -> &'static [&'static str] {
    embedded::EMBEDDED
}

/// Every embedded definition, compiled; the last one is the current form.
pub fn embedded_forms() -> Vec<std::sync::Arc<Form>> {
    embedded::EMBEDDED.iter().filter_map(|t| Form::from_json(t).ok()).map(std::sync::Arc::new).collect()
}

/// Why a definition could not be loaded. Every variant names where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// The text is not valid JSON, or a key has the wrong shape.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON reader said.
        message: String,
    },
    /// A value is not allowed (unknown kind, duplicate code …).
    Invalid {
        /// Where: an item code, rule id or indicator code.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A rule or indicator expression does not parse.
    Expression {
        /// The rule id or indicator code.
        at: String,
        /// The expression text.
        source: String,
        /// The parser's error.
        error: expr::ExprError,
    },
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::Json { line, column, message } => {
                write!(f, "định nghĩa biểu mẫu không phải JSON hợp lệ (dòng {line}, cột {column}): {message}")
            }
            FormError::Invalid { at, message } => {
                write!(f, "định nghĩa biểu mẫu sai ở {at}: {message}")
            }
            FormError::Expression { at, source, error } => {
                write!(f, "biểu thức của {at} sai ({error}): {source}")
            }
        }
    }
}

impl std::error::Error for FormError {}

struct FormFile {
    id: String,
    version: String,
    title: Text,
    legacy_title: Option<String>,
    assumptions: Vec<Text>,
    suppliers: Vec<SupplierFile>,
    pillars: Vec<PillarFile>,
    items: Vec<ItemFile>,
    rules: Vec<RuleFile>,
    indicators: Vec<IndicatorFile>,
    points_provisional: bool,
    levels: Option<Vec<LevelFile>>,
    groups: Vec<GroupFile>,
}

/// A level as written in the definition (`levels[i]`).
pub(crate) struct LevelFile {
    pub(crate) name: Text,
    pub(crate) above: Option<String>,
}

/// Reads one element of `levels` (the definition check's and the ranking's reader).
#[cfg(any(not(target_arch = "wasm32"), feature = "collect"))]
pub(crate) fn read_level(v: &Value, at: Path) -> Result<LevelFile, ShapeError> {
    let first = RefCell::new(None);
    let level = level_file(Lax::new(v, at, &first));
    json_read::lax_result(level, first)
}

/// Reads one element of `levels` laxly (the definition's reader).
fn level_file(l: Lax) -> LevelFile {
    l.only(&["name", "above"]);
    LevelFile { name: l.text("name"), above: l.opt_str("above") }
}

struct GroupFile {
    id: String,
    name: Text,
    only: Option<Vec<String>>,
    without: Vec<String>,
    max_points: Option<String>,
}

struct ScoringFile {
    kind: String,
    of: Option<String>,
    full_from: Option<String>,
    steps: Vec<(String, String)>,
    points: Option<String>,
}

struct SupplierFile {
    id: String,
    name: Text,
    agency_keywords: Vec<String>,
}

struct PillarFile {
    code: String,
    max_points: String,
}

struct ItemFile {
    code: String,
    stt: String,
    kind: String,
    unit: Option<String>,
    unit_assumed: bool,
    required: bool,
    carry: bool,
    supplier: Option<String>,
    label: Text,
    evidence: Option<String>,
}

struct RuleFile {
    id: String,
    severity: String,
    when: Option<String>,
    check: String,
    missing: Option<String>,
    fields: Option<Vec<String>>,
    values: crate::str_map::StrMap,
    message: Text,
    suggest: Option<SuggestFile>,
}

struct SuggestFile {
    field: String,
    value: String,
}

struct IndicatorFile {
    code: String,
    pillar: String,
    label: Text,
    numerator: Option<String>,
    denominator: Option<String>,
    guards: Vec<String>,
    scored: bool,
    max_points: Option<String>,
    bonus: Option<String>,
    penalty: Option<String>,
    scoring: Option<ScoringFile>,
    no_denominator: Option<Text>,
}

fn read_form(v: &Value) -> Result<FormFile, ShapeError> {
    let first = RefCell::new(None);
    let o = Lax::new(v, Path::Root, &first);
    o.only(&TOP_KEYS);
    let file = FormFile {
        id: o.str("id"),
        version: o.str("version"),
        title: o.text("title"),
        legacy_title: o.opt_str("legacyTitle"),
        assumptions: o.list("assumptions", json_read::text),
        suppliers: o.objects("suppliers", |s| {
            s.only(&["id", "name", "agencyKeywords"]);
            SupplierFile {
                id: s.str("id"),
                name: s.text("name"),
                agency_keywords: s.opt_strings("agencyKeywords").unwrap_or_default(),
            }
        }),
        pillars: o.objects("pillars", |p| {
            p.only(&["code", "maxPoints"]);
            PillarFile { code: p.str("code"), max_points: p.str("maxPoints") }
        }),
        items: o.objects("items", |i| {
            i.only(&[
                "code",
                "stt",
                "kind",
                "unit",
                "unitAssumed",
                "required",
                "carry",
                "supplier",
                "label",
                "evidence",
            ]);
            ItemFile {
                code: i.str("code"),
                stt: i.opt_str("stt").unwrap_or_default(),
                kind: i.str("kind"),
                unit: i.opt_str("unit"),
                unit_assumed: i.bool("unitAssumed", false),
                required: i.bool("required", false),
                carry: i.bool("carry", false),
                supplier: i.opt_str("supplier"),
                label: i.text("label"),
                evidence: i.opt_str("evidence"),
            }
        }),
        rules: o.objects("rules", rule_file),
        indicators: o.objects("indicators", |i| {
            i.only(&[
                "code",
                "pillar",
                "label",
                "numerator",
                "denominator",
                "guards",
                "scored",
                "maxPoints",
                "bonus",
                "penalty",
                "scoring",
                "noDenominator",
            ]);
            IndicatorFile {
                code: i.str("code"),
                pillar: i.str("pillar"),
                label: i.text("label"),
                numerator: i.opt_str("numerator"),
                denominator: i.opt_str("denominator"),
                guards: i.opt_strings("guards").unwrap_or_default(),
                scored: i.bool("scored", true),
                max_points: i.opt_str("maxPoints"),
                bonus: i.opt_str("bonus"),
                penalty: i.opt_str("penalty"),
                scoring: i.opt_obj("scoring", |s| {
                    s.only(&["kind", "of", "fullFrom", "steps", "points"]);
                    ScoringFile {
                        kind: s.str("kind"),
                        of: s.opt_str("of"),
                        full_from: s.opt_str("fullFrom"),
                        steps: s.objects("steps", |t| {
                            t.only(&["atLeast", "points"]);
                            (t.str("atLeast"), t.str("points"))
                        }),
                        points: s.opt_str("points"),
                    }
                }),
                no_denominator: i.opt_text("noDenominator"),
            }
        }),
        points_provisional: o.bool("pointsProvisional", false),
        levels: o.value("levels").map(|_| o.objects("levels", level_file)),
        groups: o.objects("groups", |g| {
            g.only(&["id", "name", "only", "without", "maxPoints"]);
            GroupFile {
                id: g.str("id"),
                name: g.text("name"),
                only: g.opt_strings("only"),
                without: g.opt_strings("without").unwrap_or_default(),
                max_points: g.opt_str("maxPoints"),
            }
        }),
    };
    json_read::lax_result(file, first)
}

/// The keys a definition's top level may have. `periodChecks` is read by
/// `crate::ranking` in the builds that rank returns.
pub(crate) const TOP_KEYS: [&str; 14] = [
    "id",
    "version",
    "title",
    "legacyTitle",
    "assumptions",
    "suppliers",
    "pillars",
    "pointsProvisional",
    "levels",
    "groups",
    "periodChecks",
    "items",
    "rules",
    "indicators",
];

/// Reads element `index` of the list `list` (`items`, `rules` …) of a
/// definition exactly as the loader does, for `pdti definition check`,
/// which reads each element on its own to report every problem, not only
/// the first: the element is read inside a definition that holds nothing
/// else (so the loader's own code reads it and the wasm reader is left as
/// it is), and the path of an error is given back with its real index.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn read_element(list: &str, index: usize, element: &Value) -> Result<(), ShapeError> {
    use std::borrow::Cow;
    let text = Value::Object(vec![(Cow::Borrowed("vi"), Value::from("")), (Cow::Borrowed("en"), Value::from(""))]);
    let alone = Value::Object(vec![
        (Cow::Borrowed("id"), Value::from("x")),
        (Cow::Borrowed("version"), Value::from("x")),
        (Cow::Borrowed("title"), text),
        (Cow::Owned(list.to_string()), Value::Array(vec![element.clone()])),
    ]);
    read_form(&alone).map(drop).map_err(|e| {
        let first = format!("{list}[0]");
        match e.at.strip_prefix(&first) {
            Some(rest) => Box::new(json_read::Shape { at: format!("{list}[{index}]{rest}"), message: e.message }),
            None => e,
        }
    })
}

fn read_rule(v: &Value, at: Path) -> Result<RuleFile, ShapeError> {
    let first = RefCell::new(None);
    let rule = rule_file(Lax::new(v, at, &first));
    json_read::lax_result(rule, first)
}

/// A rule as written, read laxly ([`Lax`]).
fn rule_file(r: Lax) -> RuleFile {
    r.only(&["id", "severity", "when", "check", "missing", "fields", "values", "message", "suggest"]);
    let suggest = r.opt_obj("suggest", |s| {
        s.only(&["field", "value"]);
        SuggestFile { field: s.str("field"), value: s.str("value") }
    });
    RuleFile {
        id: r.str("id"),
        severity: r.str("severity"),
        when: r.opt_str("when"),
        check: r.str("check"),
        missing: r.opt_str("missing"),
        fields: r.opt_strings("fields"),
        values: r.str_map("values"),
        message: r.text("message"),
        suggest,
    }
}

/// A [`FormError`] inside the reader: boxed, so that every `Result` of the
/// compile step stays small (its many `?` are most of its code in the wasm).
type Fe = Box<FormError>;

#[allow(clippy::boxed_local)] // json_read::ShapeError is a Box by design (small Results)
fn shape(e: ShapeError) -> Fe {
    Box::new(FormError::Invalid { at: e.at, message: e.message })
}

/// What an item of the form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A section heading (I, II).
    Section,
    /// A heading with no value of its own (3, 3.1, 6.6 …).
    Group,
    /// A row whose value is computed from its sub-items (4.1, 6.1.1 …).
    Ratio,
    /// A field people fill in.
    Input(ValueKind),
}

/// One row of the form.
#[derive(Debug, Clone)]
pub struct Item {
    /// Field code (contract): `I.1`, `3.1.2.a`, `6.2.đ`, `I.6.email` …
    pub code: String,
    /// The STT printed in the template's first column (`a`, `3.1`, empty).
    pub stt: String,
    /// What the row is.
    pub kind: ItemKind,
    /// Label, Vietnamese verbatim (markup stripped) and an English gloss.
    pub label: Text,
    /// The evidence ("Tài liệu kiểm chứng") the template asks for.
    pub evidence: Option<String>,
    /// Required when the agency supplies it.
    pub required: bool,
    /// Its value usually stays from one period to the next (`carry`): a
    /// return started from last period's gets it pre-filled.
    pub carry: bool,
    /// Index into [`Form::suppliers`] when only one department supplies it.
    pub supplier: Option<usize>,
    /// Parsing hints (an assumed unit).
    pub hints: FieldHints,
    /// The nearest heading above it in the code hierarchy.
    pub parent: Option<usize>,
    /// The top-level group it belongs to (`I`, `3` … `7`, or a header item).
    pub section: usize,
    /// A header field (agency, period, cover letter) rather than a form row.
    pub header: bool,
    /// The finding reported while this field is required and blank, built
    /// the first time it is needed (most rows never need it, and building
    /// all of them cost a sixth of loading a definition).
    required_finding: std::sync::OnceLock<Finding>,
}

impl Item {
    /// The finding reported while this field is required and blank.
    pub fn required_finding(&self) -> &Finding {
        self.required_finding.get_or_init(|| required_finding(self))
    }

    /// How a message names this row: its code, or for a row with no STT of
    /// its own its group's code and its label (`I.6 (Email)`), never an
    /// internal code such as `I.6.email`.
    pub fn reference(&self, lang: Lang) -> String {
        if self.stt.is_empty() && !self.header {
            let label = if lang == Lang::En { self.label.en.clone() } else { display_label(&self.label.vi) };
            format!("{} ({label})", self.human_code())
        } else {
            self.code.clone()
        }
    }

    /// The code as the template shows it to people: the row's own code, or
    /// for a row with no STT of its own (`I.6.ho_ten`) its group's (`I.6`).
    pub fn human_code(&self) -> &str {
        if self.stt.is_empty() && !self.header {
            self.code.rsplit_once('.').map_or(self.code.as_str(), |(head, _)| head)
        } else {
            &self.code
        }
    }

    /// The value kind when the row takes input.
    pub fn value_kind(&self) -> Option<ValueKind> {
        match self.kind {
            ItemKind::Input(k) => Some(k),
            _ => None,
        }
    }

    /// The money unit when the row is a money field.
    pub fn money_unit(&self) -> Option<MoneyUnit> {
        match self.kind {
            ItemKind::Input(ValueKind::Money(u)) => Some(u),
            _ => None,
        }
    }
}

/// A department that alone supplies some rows (R28).
#[derive(Debug, Clone)]
pub struct Supplier {
    /// Its id in the definition.
    pub id: String,
    /// The note shown beside its rows.
    pub name: Text,
    /// Lower-case words that identify it in an agency name.
    pub agency_keywords: Vec<String>,
}

impl Supplier {
    /// Whether `agency` is this supplier.
    pub fn matches(&self, agency: &str) -> bool {
        let a = crate::text::lowercase(agency);
        self.agency_keywords.iter().any(|k| a.contains(k.as_str()))
    }
}

/// When a rule skips because of blank fields (the DHIS2 strategies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Skip if a side of the comparison is blank (the default); blank parts of
    /// a partly filled sum count as 0.
    SkipIfAnyMissing,
    /// Skip only when every field the rule reads is blank.
    SkipIfAllMissing,
    /// Never skip: blanks count as 0.
    Never,
}

/// A cross-field rule, parsed.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id (`R1`, `R2a` …).
    pub id: String,
    /// Severity of its finding.
    pub severity: Severity,
    /// Condition under which the rule applies.
    pub when: Option<Expr>,
    /// What must hold.
    pub check: Expr,
    /// Blank-field strategy.
    pub missing: Missing,
    /// Field codes reported in the finding.
    pub fields: Vec<String>,
    /// Every field index it reads.
    pub reads: Vec<usize>,
    /// The fields whose last-period value it reads (`{prev:CODE}`): it
    /// applies only when the return knows all of them.
    pub prev_reads: Vec<usize>,
    /// Named values for the message (`{expected}`).
    pub values: Vec<(String, Expr)>,
    /// Message with `{left}`, `{right}` and named placeholders.
    pub message: Text,
    /// A suggested fix: (field code, name of a value).
    pub suggest: Option<(String, String)>,
    /// Unit used to show each side: `None` for counts.
    pub left_unit: Option<MoneyUnit>,
    /// Unit used to show the right side.
    pub right_unit: Option<MoneyUnit>,
}

/// A ratio indicator with its provisional points.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Indicator code (`6.4`, `6.2.đ/d` …).
    pub code: String,
    /// Pillar code (`3` … `7`).
    pub pillar: String,
    /// Label.
    pub label: Text,
    /// Numerator expression.
    pub numerator: Expr,
    /// Denominator expression, `None` when the form does not collect it.
    pub denominator: Option<Expr>,
    /// Why there is no denominator.
    pub no_denominator: Option<Text>,
    /// Rule indices whose finding already reports numerator > denominator.
    pub guards: Vec<usize>,
    /// Field codes read, for findings.
    pub fields: Vec<String>,
    /// Field indices read (numerator, denominator and guards).
    pub reads: Vec<usize>,
    /// Maximum points when scored and counted in the maximum (`None` for
    /// an unscored indicator and for a bonus or penalty item).
    pub max_points: Option<Decimal>,
    /// A bonus item: the most it adds (> 0); a penalty item: the most it
    /// takes away (< 0). Never counted in the maximum.
    pub bonus: Option<Decimal>,
    /// How its points are computed.
    pub scoring: Scoring,
    /// Unit of the numerator and denominator when they are money.
    pub unit: Option<MoneyUnit>,
}

impl Indicator {
    /// The most points it gives: its maximum, or its bonus (> 0) or penalty (< 0).
    pub fn top(&self) -> Option<Decimal> {
        self.max_points.or(self.bonus)
    }
}

/// How an indicator earns its points (`scoring` in the definition). The
/// value scored is the ratio for [`Scoring::Ratio`], else the number of
/// `scoring.of` (the indicator's `numerator`): 1 for yes, 0 for no.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scoring {
    /// min(1, ratio ÷ full) × maximum: full is 1, or `fullFrom` ÷ 100.
    Ratio(Decimal),
    /// The points of the first step whose `atLeast` the value reaches
    /// (highest first), else 0.
    Steps(Vec<(Decimal, Decimal)>),
    /// Yes: the maximum; no: 0.
    YesNo,
    /// This many points a unit, up to the maximum.
    PerUnit(Decimal),
}

impl Scoring {
    /// The points of `value` on an item whose most is `top` (negative for
    /// a penalty), two decimals, half away from zero.
    pub fn points(&self, value: Decimal, top: Decimal) -> Decimal {
        let most = top.abs();
        let p = match self {
            Scoring::Ratio(full) => crate::text::checked_mul(most, (value / full).min(Decimal::ONE)).unwrap_or(most),
            Scoring::Steps(steps) => steps.iter().find(|(at, _)| value >= *at).map_or(Decimal::ZERO, |(_, p)| *p),
            Scoring::YesNo => crate::text::checked_mul(most, value.min(Decimal::ONE)).unwrap_or(most),
            Scoring::PerUnit(each) => crate::text::checked_mul(value, *each).unwrap_or(most),
        }
        .min(most)
        .max(Decimal::ZERO);
        crate::text::round_half_away(if top.is_sign_negative() { -p } else { p }, 2)
    }
}

/// A level of the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    /// Its name (`Dẫn dắt`).
    pub name: Text,
    /// A return is at this level when its points are above this percentage
    /// of the maximum; `None` for the last level, which takes the rest.
    pub above: Option<Decimal>,
}

/// The levels a form ranks returns by, highest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels {
    /// The levels, highest first; only the last one has no threshold.
    pub list: Vec<Level>,
    /// The definition gives none: these are the default four, and pages
    /// and workbooks say so.
    pub default: bool,
}

impl Levels {
    /// Dẫn dắt > 75 %, Nâng cao > 50 %, Hình thành > 25 %, Khởi động: what
    /// provinces publish most often, used when a definition gives no levels.
    pub fn default_four() -> Levels {
        let level =
            |vi: &str, en: &str, above: Option<u32>| Level { name: Text::new(vi, en), above: above.map(Decimal::from) };
        Levels {
            list: vec![
                level("Dẫn dắt", "Leading", Some(75)),
                level("Nâng cao", "Advanced", Some(50)),
                level("Hình thành", "Forming", Some(25)),
                level("Khởi động", "Starting", None),
            ],
            default: true,
        }
    }

    /// The index of the level of a return with `percent` of the maximum.
    pub fn of(&self, percent: Decimal) -> usize {
        let last = self.list.len().saturating_sub(1);
        self.list.iter().position(|l| l.above.is_none_or(|a| percent > a)).unwrap_or(last)
    }
}

/// A group of agencies with its own applicable indicators and maximum
/// (`groups` in the definition: e.g. agencies with and without
/// administrative procedures). A return names its group in `agency.group`.
#[derive(Debug, Clone)]
pub struct Group {
    /// Its id, as returns name it.
    pub id: String,
    /// Its name.
    pub name: Text,
    /// Per indicator (in [`Form::indicators`] order): whether it applies.
    pub applies: Vec<bool>,
    /// The maximum the definition states (the sum of its applicable
    /// indicators' maximum points; `pdti definition check` checks it).
    pub max_points: Option<Decimal>,
}

/// A loaded, compiled form definition.
#[derive(Debug, Clone)]
pub struct Form {
    /// Form id (`pdti-2023`).
    pub id: String,
    /// Definition version.
    pub version: String,
    /// The definition's content hash ([`content_hash`]): which text of
    /// `id` `version` a return was checked against.
    pub hash: String,
    /// Title.
    pub title: Text,
    /// The title line of a legacy export of this form.
    pub legacy_title: Option<String>,
    /// Product decisions this definition makes (PDTI.md §8).
    pub assumptions: Vec<Text>,
    /// Departments that alone supply some rows.
    pub suppliers: Vec<Supplier>,
    /// Header fields first, then the form's rows in template order.
    pub items: Vec<Item>,
    /// Rules, in definition order.
    pub rules: Vec<Rule>,
    /// Indicators, in definition order.
    pub indicators: Vec<Indicator>,
    /// The points are provisional (`pointsProvisional`).
    pub points_provisional: bool,
    /// The levels returns are ranked by (`levels`, or the default four).
    pub levels: Levels,
    /// Agency groups (`groups`); empty: one implicit group, every indicator applies.
    pub groups: Vec<Group>,
    index: StrIndex,
    field_rules: Vec<Vec<usize>>,
    field_indicators: Vec<Vec<usize>>,
    /// The template's own texts (evidence lines, supplier notes) as label
    /// keys, built by the legacy import the first time it needs them.
    pub(crate) legacy_texts: std::sync::OnceLock<StrIndex>,
}

/// The codes of the header fields every return has (agency, period, cover
/// letter): named once, here.
pub mod header {
    /// The reporting agency.
    pub const AGENCY: &str = "agency.name";
    /// The first day of the reporting period.
    pub const FROM: &str = "period.from";
    /// The last day of the reporting period.
    pub const TO: &str = "period.to";
    /// The cover letter's number.
    pub const LETTER_NUMBER: &str = "coverLetter.number";
    /// The cover letter's date.
    pub const LETTER_DATE: &str = "coverLetter.date";
}

/// Codes of the header fields every return has, in the form's order.
pub const HEADER_CODES: [&str; 5] =
    [header::AGENCY, header::FROM, header::TO, header::LETTER_NUMBER, header::LETTER_DATE];

fn header_items() -> Vec<Item> {
    let mk = |code: &str, kind: ValueKind, required: bool, vi: &str, en: &str| Item {
        code: code.to_string(),
        stt: String::new(),
        kind: ItemKind::Input(kind),
        label: Text::new(vi, en),
        evidence: None,
        required,
        // The agency stays and the period moves on: see `Session::start_from`.
        carry: false,
        supplier: None,
        hints: FieldHints::default(),
        parent: None,
        section: 0,
        header: true,
        required_finding: std::sync::OnceLock::from(
            Finding::new(
                "REQ",
                Severity::Error,
                vec![code.to_string()],
                Text::new(format!("Chưa nhập: {vi}."), format!("Missing: {en}.")),
            )
            .of_kind(crate::finding::Kind::Required),
        ),
    };
    vec![
        mk(header::AGENCY, ValueKind::Text, true, "Tên cơ quan báo cáo", "Reporting agency"),
        mk(header::FROM, ValueKind::Date, true, "Kỳ báo cáo từ ngày", "Reporting period from"),
        mk(header::TO, ValueKind::Date, true, "Đến ngày", "To"),
        mk(header::LETTER_NUMBER, ValueKind::DocNumber, false, "Số công văn gửi kèm", "Cover-letter number"),
        mk(header::LETTER_DATE, ValueKind::Date, false, "Ngày công văn", "Cover-letter date"),
    ]
}

/// Rules every form has, on the header fields.
const HEADER_RULES: &str = r#"[
  { "id": "HDR-period", "severity": "error", "check": "{period.from} <= {period.to}",
    "message": { "vi": "Kỳ báo cáo không hợp lệ: ngày bắt đầu sau ngày kết thúc.", "en": "The reporting period starts after it ends." } }
]"#;

fn invalid(at: &str, message: impl Into<String>) -> Fe {
    Box::new(FormError::Invalid { at: at.to_string(), message: message.into() })
}

fn value_kind(item: &ItemFile) -> Result<ItemKind, Fe> {
    let unit = || match item.unit.as_deref() {
        Some("ty") | None => Ok(MoneyUnit::Ty),
        Some("dong") => Ok(MoneyUnit::Dong),
        Some(u) => Err(invalid(&item.code, format!("unknown unit '{u}' (ty, dong)"))),
    };
    Ok(match item.kind.as_str() {
        "section" => ItemKind::Section,
        "group" => ItemKind::Group,
        "ratio" => ItemKind::Ratio,
        "count" => ItemKind::Input(ValueKind::Count),
        "money" => ItemKind::Input(ValueKind::Money(unit()?)),
        "yesno" => ItemKind::Input(ValueKind::YesNo),
        "phone" => ItemKind::Input(ValueKind::Phone),
        "email" => ItemKind::Input(ValueKind::Email),
        "text" => ItemKind::Input(ValueKind::Text),
        "date" => ItemKind::Input(ValueKind::Date),
        k => {
            return Err(invalid(
                &item.code,
                format!("unknown kind '{k}' (section, group, ratio, count, money, yesno, phone, email, text, date)"),
            ))
        }
    })
}

impl Form {
    /// The embedded PDTI 2023 definition, the current version
    /// (`src/forms/pdti-2023.json`, version 2023.3).
    pub fn pdti_2023() -> Form {
        embedded::EMBEDDED
            .iter()
            .rev()
            .filter_map(|t| Form::from_json(t).ok())
            .find(|f| f.id == "pdti-2023")
            .expect("the embedded definition is checked by the tests")
    }

    /// Loads and compiles a definition from its JSON text.
    pub fn from_json(text: &str) -> Result<Form, FormError> {
        let v = Value::parse(text).map_err(|e| FormError::Json {
            line: e.line,
            column: e.column,
            message: e.to_string(),
        })?;
        let mut form = Form::compile(read_form(&v).map_err(shape).map_err(|e| *e)?).map_err(|e| *e)?;
        form.hash = content_hash(&v);
        Ok(form)
    }

    fn compile(file: FormFile) -> Result<Form, Fe> {
        if file.id.trim().is_empty() {
            return Err(invalid("id", "the form id is empty"));
        }
        let suppliers: Vec<Supplier> = file
            .suppliers
            .into_iter()
            .map(|s| Supplier {
                id: s.id,
                name: s.name,
                agency_keywords: s.agency_keywords.iter().map(|k| crate::text::lowercase(k)).collect(),
            })
            .collect();
        let mut items = header_items();
        let mut index = StrIndex::default();
        for (i, it) in items.iter_mut().enumerate() {
            it.section = i;
            index.insert(it.code.clone(), i);
        }
        let mut section = 0;
        for f in &file.items {
            let kind = value_kind(f)?;
            if f.code.trim().is_empty() || f.code.contains(['{', '}', ' ', ':']) {
                return Err(invalid(&f.code, "a code must be non-empty, without spaces, braces or colons"));
            }
            if index.contains_key(&f.code) {
                return Err(invalid(&f.code, "duplicate code"));
            }
            let supplier = match &f.supplier {
                Some(s) => Some(
                    suppliers
                        .iter()
                        .position(|x| &x.id == s)
                        .ok_or_else(|| invalid(&f.code, format!("unknown supplier '{s}'")))?,
                ),
                None => None,
            };
            // The parent is the longest proper prefix of the code that is an item.
            let mut parent = None;
            let mut prefix = f.code.as_str();
            while let Some((head, _)) = prefix.rsplit_once('.') {
                if let Some(&p) = index.get(head) {
                    parent = Some(p);
                    break;
                }
                prefix = head;
            }
            let idx = items.len();
            let top_level = parent.is_none();
            if matches!(kind, ItemKind::Section) || (top_level && kind == ItemKind::Group) {
                section = idx;
            }
            // A row inherits its parent's supplier (the note sits on the parent).
            let supplier = supplier.or_else(|| parent.and_then(|p| items[p].supplier));
            items.push(Item {
                code: f.code.clone(),
                stt: f.stt.clone(),
                kind,
                label: f.label.clone(),
                evidence: f.evidence.clone(),
                required: f.required,
                carry: f.carry,
                supplier,
                hints: FieldHints { unit_assumed: f.unit_assumed },
                parent,
                section: if matches!(kind, ItemKind::Section) { idx } else { section },
                header: false,
                required_finding: std::sync::OnceLock::new(),
            });
            index.insert(f.code.clone(), idx);
        }
        if items.len() == HEADER_CODES.len() {
            return Err(invalid("items", "the form has no items"));
        }

        let resolve = |code: &str| index.get(code).copied().filter(|&i| matches!(items[i].kind, ItemKind::Input(_)));
        let header_rules: Vec<RuleFile> = Value::parse(HEADER_RULES)
            .ok()
            .and_then(|v| {
                v.as_array().map(|a| a.iter().filter_map(|r| read_rule(r, Path::Named("header")).ok()).collect())
            })
            .unwrap_or_default();
        let mut rules = Vec::new();
        for r in header_rules.into_iter().chain(file.rules) {
            if rules.iter().any(|x: &Rule| x.id == r.id) {
                return Err(invalid(&r.id, "duplicate rule id"));
            }
            rules.push(compile_rule(r, &resolve, &items)?);
        }

        let mut pillar_max: Vec<(String, Decimal)> = Vec::new();
        for p in &file.pillars {
            let max = crate::text::parse_decimal(&p.max_points)
                .ok_or_else(|| invalid(&p.code, "maxPoints is not a number"))?;
            pillar_max.push((p.code.clone(), max));
        }
        let scored_per_pillar = |pillar: &str| {
            file.indicators
                .iter()
                .filter(|i| {
                    i.scored && i.pillar == pillar && i.max_points.is_none() && i.bonus.is_none() && i.penalty.is_none()
                })
                .count()
        };
        let mut indicators = Vec::new();
        for ind in &file.indicators {
            if indicators.iter().any(|x: &Indicator| x.code == ind.code) {
                return Err(invalid(&ind.code, "duplicate indicator code"));
            }
            let parse = |src: &str| {
                expr::parse(src, resolve).map_err(|error| {
                    Fe::new(FormError::Expression { at: ind.code.clone(), source: src.to_string(), error })
                })
            };
            let number = |s: &str| {
                crate::text::parse_decimal(s).ok_or_else(|| invalid(&ind.code, format!("'{s}' is not a number")))
            };
            let sc = ind.scoring.as_ref();
            let scoring = match sc.map_or("ratio", |s| s.kind.as_str()) {
                "ratio" => Scoring::Ratio(match sc.and_then(|s| s.full_from.as_deref()) {
                    Some(f) => Some(number(f)? / Decimal::ONE_HUNDRED)
                        .filter(|f| *f > Decimal::ZERO)
                        .ok_or_else(|| invalid(&ind.code, "fullFrom is a percentage above 0"))?,
                    None => Decimal::ONE,
                }),
                "steps" => {
                    let mut steps = Vec::new();
                    for (at, p) in sc.map_or(&[][..], |s| &s.steps) {
                        steps.push((number(at)?, number(p)?));
                    }
                    Scoring::Steps(steps)
                }
                "yesNo" => Scoring::YesNo,
                "perUnit" => Scoring::PerUnit(number(sc.and_then(|s| s.points.as_deref()).unwrap_or(""))?),
                k => return Err(invalid(&ind.code, format!("unknown scoring kind '{k}'"))),
            };
            let ratio = matches!(scoring, Scoring::Ratio(_));
            let source = if ratio { ind.numerator.as_deref() } else { sc.and_then(|s| s.of.as_deref()) };
            let numerator = parse(source.ok_or_else(|| invalid(&ind.code, "numerator or scoring.of missing"))?)?;
            let denominator = ind.denominator.as_deref().filter(|_| ratio).map(parse).transpose()?;
            let mut guards = Vec::new();
            for g in &ind.guards {
                let rule = rules.iter().position(|r| &r.id == g);
                guards.push(rule.ok_or_else(|| invalid(&ind.code, format!("unknown guard rule '{g}'")))?);
            }
            let mut reads = Vec::new();
            numerator.fields(&mut reads);
            if let Some(d) = &denominator {
                d.fields(&mut reads);
            }
            let Some(&first) = reads.first() else {
                return Err(invalid(&ind.code, "the indicator reads no field"));
            };
            let fields = reads.iter().map(|&i| items[i].code.clone()).collect();
            let unit = items[first].money_unit();
            for g in &guards {
                for &f in &rules[*g].reads {
                    if !reads.contains(&f) {
                        reads.push(f);
                    }
                }
            }
            let bonus = match (&ind.bonus, &ind.penalty) {
                (Some(b), _) => Some(number(b)?),
                (_, Some(p)) => Some(-number(p)?),
                _ => None,
            }
            .filter(|_| ind.scored);
            let max_points = if !ind.scored || bonus.is_some() {
                None
            } else if let Some(m) = &ind.max_points {
                Some(crate::text::parse_decimal(m).ok_or_else(|| invalid(&ind.code, "maxPoints is not a number"))?)
            } else {
                let pillar = pillar_max
                    .iter()
                    .find(|(code, _)| *code == ind.pillar)
                    .map(|(_, max)| max)
                    .ok_or_else(|| invalid(&ind.code, format!("unknown pillar '{}'", ind.pillar)))?;
                Some(*pillar / Decimal::from(scored_per_pillar(&ind.pillar).max(1) as u64))
            };
            indicators.push(Indicator {
                code: ind.code.clone(),
                pillar: ind.pillar.clone(),
                label: ind.label.clone(),
                numerator,
                denominator,
                no_denominator: ind.no_denominator.clone(),
                guards,
                fields,
                reads,
                max_points,
                bonus,
                scoring,
                unit,
            });
        }
        let mut groups = Vec::new();
        for g in file.groups {
            let listed = g.only.as_ref().unwrap_or(&g.without);
            if let Some(c) = listed.iter().find(|c| !indicators.iter().any(|i| &i.code == *c)) {
                return Err(invalid(&g.id, format!("unknown indicator '{c}'")));
            }
            let applies = indicators.iter().map(|i| listed.contains(&i.code) == g.only.is_some()).collect();
            let max_points = match &g.max_points {
                Some(m) => {
                    Some(crate::text::parse_decimal(m).ok_or_else(|| invalid(&g.id, "maxPoints is not a number"))?)
                }
                None => None,
            };
            groups.push(Group { id: g.id, name: g.name, applies, max_points });
        }
        let levels = match file.levels {
            None => Levels::default_four(),
            Some(list) => {
                let mut out = Vec::new();
                for l in list {
                    let above = match &l.above {
                        Some(a) => Some(
                            crate::text::parse_decimal(a)
                                .ok_or_else(|| invalid("levels", "'above' is not a number"))?,
                        ),
                        None => None,
                    };
                    out.push(Level { name: l.name, above });
                }
                Levels { list: out, default: false }
            }
        };

        let mut field_rules = vec![Vec::new(); items.len()];
        for (ri, r) in rules.iter().enumerate() {
            for &f in &r.reads {
                field_rules[f].push(ri);
            }
        }
        let mut field_indicators = vec![Vec::new(); items.len()];
        for (ii, ind) in indicators.iter().enumerate() {
            for &f in &ind.reads {
                field_indicators[f].push(ii);
            }
        }
        Ok(Form {
            id: file.id,
            version: file.version,
            hash: String::new(),
            title: file.title,
            legacy_title: file.legacy_title,
            assumptions: file.assumptions,
            suppliers,
            items,
            rules,
            indicators,
            points_provisional: file.points_provisional,
            levels,
            groups,
            index,
            field_rules,
            field_indicators,
            legacy_texts: Default::default(),
        })
    }

    /// The fields any rule reads last period's value of (`{prev:CODE}`),
    /// in item order: what a return started from last period keeps of it.
    pub fn prev_fields(&self) -> Vec<usize> {
        // In item order by a scan, not by sorting: the sort's code is 3.5 KB of wasm.
        (0..self.items.len()).filter(|i| self.rules.iter().any(|r| r.prev_reads.contains(i))).collect()
    }

    /// The index of the item with this code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The item with this code.
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.index_of(code).map(|i| &self.items[i])
    }

    /// Rules that read the field at `idx`.
    pub fn rules_reading(&self, idx: usize) -> &[usize] {
        &self.field_rules[idx]
    }

    /// Indicators that read the field at `idx`.
    pub fn indicators_reading(&self, idx: usize) -> &[usize] {
        &self.field_indicators[idx]
    }

    /// Indices of the fields people fill in (header fields included).
    pub fn inputs(&self) -> impl Iterator<Item = usize> + '_ {
        self.items.iter().enumerate().filter(|(_, it)| matches!(it.kind, ItemKind::Input(_))).map(|(i, _)| i)
    }

    /// Whether the field is required for this agency (R28: rows a single
    /// department supplies are required only from that department).
    pub fn is_required(&self, idx: usize, agency: &str) -> bool {
        let matches: Vec<bool> = self.suppliers.iter().map(|s| s.matches(agency)).collect();
        self.is_required_for(idx, &matches)
    }

    /// Like [`Form::is_required`], with the suppliers already matched
    /// against the agency (one flag per supplier).
    pub fn is_required_for(&self, idx: usize, supplier_matches: &[bool]) -> bool {
        let it = &self.items[idx];
        it.required && it.supplier.is_none_or(|s| supplier_matches.get(s).copied().unwrap_or(false))
    }
}

/// "Chưa nhập mục 3.1.2.b (Số máy tính …)." A contact row without an STT
/// of its own (`I.6.ho_ten`) is named by its group, as the template prints it.
fn required_finding(item: &Item) -> Finding {
    let code = item.human_code();
    let label = &item.label;
    let label_vi = display_label(&label.vi);
    let short: String = label_vi.chars().take(80).collect();
    let ell = if label_vi.chars().count() > 80 { "…" } else { "" };
    Finding::new(
        "REQ",
        Severity::Error,
        vec![item.code.to_string()],
        Text::new(
            format!("Chưa nhập mục {code} ({short}{ell})."),
            format!("Item {code} ({}) is required but blank.", label.en),
        ),
    )
    .of_kind(crate::finding::Kind::Required)
}

fn side_unit(e: &Expr, items: &[Item]) -> Option<MoneyUnit> {
    let mut f = Vec::new();
    e.fields(&mut f);
    let unit = |i: usize| items[i % items.len()].money_unit();
    let first = unit(*f.first()?)?;
    f.iter().all(|&i| unit(i).is_some()).then_some(first)
}

/// Resolves a rule's `{CODE}` and `{prev:CODE}` (last period's value of
/// CODE: the item's index past the end of the items, see
/// [`crate::engine::Session`]).
pub(crate) fn resolve_with_prev(resolve: &impl Fn(&str) -> Option<usize>, n: usize, code: &str) -> Option<usize> {
    match code.strip_prefix("prev:") {
        Some(c) => resolve(c.trim()).map(|i| i + n),
        None => resolve(code),
    }
}

fn compile_rule(r: RuleFile, resolve: &impl Fn(&str) -> Option<usize>, items: &[Item]) -> Result<Rule, Fe> {
    let n = items.len();
    let parse = |src: &str| {
        expr::parse(src, |c| resolve_with_prev(resolve, n, c))
            .map_err(|error| Fe::new(FormError::Expression { at: r.id.clone(), source: src.to_string(), error }))
    };
    let severity =
        Severity::parse(&r.severity).ok_or_else(|| invalid(&r.id, format!("unknown severity '{}'", r.severity)))?;
    let missing = match r.missing.as_deref() {
        None | Some("skipIfAnyMissing") => Missing::SkipIfAnyMissing,
        Some("skipIfAllMissing") => Missing::SkipIfAllMissing,
        Some("never") => Missing::Never,
        Some(m) => {
            return Err(invalid(
                &r.id,
                format!("unknown missing strategy '{m}' (skipIfAnyMissing, skipIfAllMissing, never)"),
            ))
        }
    };
    let check = parse(&r.check)?;
    let when = r.when.as_deref().map(parse).transpose()?;
    let mut values = Vec::new();
    for (k, v) in r.values.iter() {
        values.push((k.clone(), parse(v)?));
    }
    let mut reads = Vec::new();
    check.fields(&mut reads);
    if let Some(w) = &when {
        w.fields(&mut reads);
    }
    for (_, v) in &values {
        v.fields(&mut reads);
    }
    let prev_reads: Vec<usize> = reads.iter().filter(|&&i| i >= n).map(|&i| i - n).collect();
    reads.retain(|&i| i < n);
    let fields = match r.fields {
        Some(list) => {
            for c in &list {
                if resolve(c).is_none() {
                    return Err(invalid(&r.id, format!("unknown field '{c}' in fields")));
                }
            }
            list
        }
        None => reads.iter().map(|&i| items[i].code.clone()).collect(),
    };
    if fields.is_empty() {
        return Err(invalid(&r.id, "the rule reads no field"));
    }
    let (left_unit, right_unit) = match &check {
        Expr::Cmp(a, _, b) => (side_unit(a, items), side_unit(b, items)),
        _ => (None, None),
    };
    let suggest = match r.suggest {
        Some(s) => {
            if resolve(&s.field).is_none() || !r.values.contains_key(&s.value) {
                return Err(invalid(&r.id, "suggest names an unknown field or value"));
            }
            Some((s.field, s.value))
        }
        None => None,
    };
    Ok(Rule {
        id: r.id,
        severity,
        when,
        check,
        missing,
        fields,
        reads,
        prev_reads,
        values,
        message: r.message,
        suggest,
        left_unit,
        right_unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_definition_loads_with_every_code_of_the_template() {
        let f = Form::pdti_2023();
        assert_eq!(f.id, "pdti-2023");
        for code in ["I.1", "I.6.dien_thoai", "3.1.2.d", "5.11.1.c", "6.2.đ", "6.2.d", "7.3.b", "period.to"] {
            assert!(f.item(code).is_some(), "{code}");
        }
        // Every one of the 125 rows of the 2023 template; 93 take a value.
        assert_eq!(f.items.iter().filter(|i| !i.header).count(), 125);
        assert_eq!(f.inputs().filter(|&i| !f.items[i].header).count(), 93);
        assert!(f.rules.len() > 50);
        assert_eq!(f.item("6.2.đ").unwrap().parent, f.index_of("6.2"));
        assert_eq!(f.items[f.item("6.2.đ").unwrap().section].code, "6");
        assert_eq!(f.items[f.item("I.6.email").unwrap().section].code, "I");
    }

    #[test]
    fn every_embedded_definition_compiles() {
        for text in embedded_definitions() {
            Form::from_json(text).unwrap();
        }
        assert_eq!(embedded_forms().last().unwrap().id, "pdti-2023");
    }

    #[test]
    fn the_current_form_is_2023_3_and_the_versions_before_it_are_embedded_to_read_old_returns() {
        let forms = embedded_forms();
        let versions: Vec<(&str, &str)> = forms.iter().map(|f| (f.id.as_str(), f.version.as_str())).collect();
        assert_eq!(versions, [("pdti-2023", "2023.1"), ("pdti-2023", "2023.2"), ("pdti-2023", "2023.3")]);
        assert_eq!(Form::pdti_2023().version, "2023.3");
    }

    #[test]
    fn the_field_index_lists_the_rules_that_read_a_field() {
        let f = Form::pdti_2023();
        let rules: Vec<&str> =
            f.rules_reading(f.index_of("6.2.đ").unwrap()).iter().map(|&r| f.rules[r].id.as_str()).collect();
        assert_eq!(rules, ["R15b", "R15c"]);
        let inds: Vec<&str> =
            f.indicators_reading(f.index_of("6.4.a").unwrap()).iter().map(|&i| f.indicators[i].code.as_str()).collect();
        assert_eq!(inds, ["6.4"]);
    }

    #[test]
    fn provisional_points_split_each_pillar_equally() {
        let f = Form::pdti_2023();
        let pts = |c: &str| f.indicators.iter().find(|i| i.code == c).unwrap().max_points;
        assert_eq!(pts("7.3"), Some(Decimal::from(150)));
        assert_eq!(pts("3.2"), Some(Decimal::from(50)));
        assert_eq!(pts("4.1"), None);
    }

    #[test]
    fn gddt_rows_are_required_only_from_the_education_department() {
        let f = Form::pdti_2023();
        let i = f.index_of("4.4.a").unwrap();
        assert!(!f.is_required(i, "Sở Tư pháp"));
        assert!(f.is_required(i, "Sở Giáo dục và Đào tạo tỉnh Lai Châu"));
        assert!(f.is_required(f.index_of("3.1.1").unwrap(), "Sở Tư pháp"));
    }

    #[test]
    fn a_malformed_definition_gets_a_clear_error() {
        let e = Form::from_json("{ \"id\": ").unwrap_err();
        assert!(matches!(e, FormError::Json { line: 1, .. }), "{e:?}");
        let base = r#"{"id":"x","version":"1","title":{"vi":"a","en":"a"},"items":[{"code":"1","kind":"count","label":{"vi":"a","en":"a"}}],"rules":[RULE]}"#;
        let e = Form::from_json(
            &base.replace("RULE", r#"{"id":"A","severity":"error","check":"{9} <= 1","message":{"vi":"","en":""}}"#),
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field {9}"), "{e}");
        let e = Form::from_json(
            &base.replace("RULE", r#"{"id":"A","severity":"fatal","check":"{1} <= 1","message":{"vi":"","en":""}}"#),
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown severity"), "{e}");
        let e = Form::from_json(&base.replace("\"count\"", "\"number\"").replace("RULE", "")).unwrap_err();
        assert!(e.to_string().contains("unknown kind 'number'"), "{e}");
        assert!(Form::from_json(&base.replace("RULE", "")).is_ok());
    }

    #[test]
    fn the_checker_knows_every_top_level_key_the_reader_accepts() {
        let all: String = TOP_KEYS.iter().map(|k| format!("\"{k}\":null,")).collect();
        let text = format!("{{{}\"id\":\"x\",\"version\":\"1\",\"title\":{{\"vi\":\"a\",\"en\":\"a\"}}}}", all);
        let v = Value::parse(&text).unwrap();
        assert!(read_form(&v).is_ok(), "{text}");
        let v = Value::parse(r#"{"id":"x","version":"1","title":{"vi":"a","en":"a"},"other":1}"#).unwrap();
        let e = read_form(&v).err().unwrap();
        let listed = e.message.trim_start_matches("unknown key (expected one of: ").trim_end_matches(')');
        assert_eq!(listed, TOP_KEYS.join(", "));
    }

    #[test]
    fn an_indicator_that_reads_no_field_is_refused_with_a_reason() {
        let def = r#"{"id":"x","version":"1","title":{"vi":"a","en":"a"},
            "pillars":[{"code":"P","maxPoints":"10"}],
            "items":[{"code":"1","kind":"count","label":{"vi":"a","en":"a"}}],
            "indicators":[{"code":"K","pillar":"P","label":{"vi":"k","en":"k"},"numerator":"NUM"}]}"#;
        let e = Form::from_json(&def.replace("NUM", "2")).unwrap_err();
        assert_eq!(e, *invalid("K", "the indicator reads no field"));
        let fields = Form::from_json(&def.replace("NUM", "{1}")).map(|f| f.indicators[0].fields.clone());
        assert_eq!(fields, Ok(vec!["1".to_string()]));
    }
}
