//! `pdti definition check FILE`: every problem of a form definition that
//! can be found before anyone fills the form in, each with its JSON path and
//! the line and column of the offending value.
//!
//! The loader ([`Form::from_json`], [`Ranking::from_json`]) stops at the
//! first problem, and knows paths but not positions. This module, native
//! only (the WebAssembly never carries it), reads the same text again:
//! 1. JSON syntax (line:column from [`crate::json`]);
//! 2. shape: each top-level key, and each element of each list read on its
//!    own by the loader's own readers (`crate::form::read_element`), so that a
//!    bad item does not hide a bad rule;
//! 3. references: field codes in expressions, `fields`, `suggest`, `guards`,
//!    suppliers, pillars, period checks; duplicate codes and ids;
//! 4. the type of every expression ([`Ty`]): what the evaluator
//!    ([`crate::expr::eval`]) would only ever read as "missing";
//! 5. levels and period checks ([`crate::ranking`]);
//! 6. a dry run: every rule and indicator on an empty return and on
//!    [`DRY_RUNS`] random returns (seed [`SEED`]), through the engine.
//!
//! A span-recording pass ([`Spans`]) maps a path to its position.

use crate::expr::{self, CmpOp, Expr, ExprError, Slot, Val};
use crate::form::{Form, FormError, HEADER_CODES};
use crate::json::Json;
use crate::json_read::{Obj, Path, ShapeError};
use crate::ranking::Ranking;
use crate::value::{MoneyUnit, ValueKind};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// The JSON Schema of a definition (`pdti schema --definition`).
pub const SCHEMA: &str = include_str!("schema/pdti-definition.schema.json");

/// How many random returns the dry run fills.
pub const DRY_RUNS: usize = 300;
/// The seed of the dry run's random returns: the same file gives the same report.
pub const SEED: u64 = 0x5044_5449_2023;

/// One problem of a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The JSON path of the offending value (`items[3].kind`); empty for the whole document.
    pub path: String,
    /// 1-based line of the offending value.
    pub line: usize,
    /// 1-based column (in characters) of the offending value.
    pub column: usize,
    /// What is wrong: Vietnamese first, English in brackets.
    pub message: String,
}

/// What a good definition holds, for the summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Form id.
    pub id: String,
    /// Definition version.
    pub version: String,
    /// Rows of the form (header fields not counted).
    pub items: usize,
    /// Rows people fill in (header fields not counted).
    pub inputs: usize,
    /// Rules of the definition (the header rule not counted).
    pub rules: usize,
    /// Indicators.
    pub indicators: usize,
    /// Levels (the default four when the definition gives none).
    pub levels: usize,
    /// Whether the levels are the default four.
    pub default_levels: bool,
    /// Checks against last period.
    pub period_checks: usize,
    /// Fields carried over from last period (`carry`).
    pub carried: usize,
    /// Rules that read last period's values (`{prev:CODE}`).
    pub prev_rules: usize,
}

/// Checks a definition's text: its summary, or every problem found, in
/// the order of the text.
pub fn check(text: &str) -> Result<Summary, Vec<Problem>> {
    let v = match Json::parse(text) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![Problem {
                path: String::new(),
                line: e.line,
                column: e.column,
                message: format!("không phải JSON hợp lệ (not valid JSON: {})", e.message),
            }])
        }
    };
    let spans = Spans::of(text);
    let mut c = Checker { spans: &spans, problems: Vec::new() };
    let summary = c.definition(text, &v);
    let mut problems = c.problems;
    if problems.is_empty() {
        if let Some(s) = summary {
            return Ok(s);
        }
    }
    problems.sort_by_key(|p| (p.line, p.column));
    problems.dedup();
    Err(problems)
}

// ---------------------------------------------------------------------------
// Positions

/// Where each value of a JSON text starts, by path (`items[3].kind`): the
/// value itself, and for an object member its key.
pub struct Spans {
    values: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
    /// Per path of a string value: the 1-based (line, column) of each of
    /// its characters, as written (escapes take their written width), then
    /// of its closing quote.
    strings: HashMap<String, Vec<(usize, usize)>>,
}

impl Spans {
    /// Records the positions of every value of `text`, which must be JSON.
    pub fn of(text: &str) -> Spans {
        let mut s = Scan { chars: text.chars().collect(), i: 0, line: 1, col: 1 };
        let mut spans = Spans { values: HashMap::new(), keys: HashMap::new(), strings: HashMap::new() };
        s.ws();
        s.value(String::new(), &mut spans);
        spans
    }

    /// The position of the value at `path`, or of the nearest enclosing
    /// value that exists (a missing key is reported at its object).
    pub fn value(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(&pos) = self.values.get(p) {
                return pos;
            }
            match parent(p) {
                Some(up) => p = up,
                None => return (1, 1),
            }
        }
    }

    /// The position of the key of the member at `path` (an unknown key), or
    /// of its value when it has no key.
    pub fn key(&self, path: &str) -> (usize, usize) {
        self.keys.get(path).copied().unwrap_or_else(|| self.value(path))
    }

    /// The position of the character `at` (0-based) of the string at `path`.
    pub fn in_string(&self, path: &str, at: usize) -> (usize, usize) {
        match self.strings.get(path) {
            Some(cols) if !cols.is_empty() => cols[at.min(cols.len() - 1)],
            _ => self.value(path),
        }
    }
}

/// The path of the value that holds `path`'s value.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        return path.rfind('[').map(|i| &path[..i]);
    }
    // A key may itself contain dots (`values.{a.b}` is rare): cut at the last
    // dot or bracket, whichever is last.
    Some(path.rfind('.').map_or("", |i| &path[..i]))
}

struct Scan {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Scan {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }
    /// A string literal: its text and the position of each character.
    fn string(&mut self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut cols = Vec::new();
        self.bump(); // the opening quote
        while let Some(c) = self.peek() {
            let at = (self.line, self.col);
            match c {
                '"' => {
                    // The closing quote: where an expression that ends too early ends.
                    cols.push(at);
                    self.bump();
                    break;
                }
                '\\' => {
                    self.bump();
                    match self.bump() {
                        Some('u') => {
                            let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                            let mut code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                            if (0xD800..0xDC00).contains(&code) && self.peek() == Some('\\') {
                                self.bump();
                                self.bump();
                                let low: String = (0..4).filter_map(|_| self.bump()).collect();
                                let low = u32::from_str_radix(&low, 16).unwrap_or(0xDC00);
                                code = 0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                            }
                            text.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        Some(e) => text.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            other => other,
                        }),
                        None => break,
                    }
                    cols.push(at);
                }
                _ => {
                    self.bump();
                    text.push(c);
                    cols.push(at);
                }
            }
        }
        (text, cols)
    }
    fn value(&mut self, path: String, spans: &mut Spans) {
        spans.values.insert(path.clone(), (self.line, self.col));
        match self.peek() {
            Some('{') => {
                self.bump();
                self.ws();
                while self.peek() == Some('"') {
                    let key_at = (self.line, self.col);
                    let (key, _) = self.string();
                    let child = if path.is_empty() { key } else { format!("{path}.{key}") };
                    spans.keys.insert(child.clone(), key_at);
                    self.ws();
                    self.bump(); // ':'
                    self.ws();
                    self.value(child, spans);
                    self.ws();
                    if self.peek() == Some(',') {
                        self.bump();
                        self.ws();
                    }
                }
                self.bump(); // '}'
            }
            Some('[') => {
                self.bump();
                self.ws();
                let mut n = 0;
                while !matches!(self.peek(), Some(']') | None) {
                    self.value(format!("{path}[{n}]"), spans);
                    n += 1;
                    self.ws();
                    if self.peek() == Some(',') {
                        self.bump();
                        self.ws();
                    }
                }
                self.bump(); // ']'
            }
            Some('"') => {
                let (_, cols) = self.string();
                spans.strings.insert(path, cols);
            }
            _ => {
                while matches!(self.peek(), Some(c) if !matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\n' | '\r')) {
                    self.bump();
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Types of expressions

/// The type of an expression, as the evaluator reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A count field or a sum of counts.
    Count,
    /// A money field or a sum with money (đồng).
    Money,
    /// A number written in the expression.
    Number,
    /// A truth value: a yes/no field, a comparison, `filled()` …
    Bool,
    /// A date field or `date(…)`.
    Date,
    /// A text, phone, e-mail or letter-number field: the evaluator reads it
    /// as missing, always; only `filled()` and `blank()` may name it.
    Text,
    /// A field whose kind is itself wrong (reported there): accepted
    /// anywhere, so that one mistake is reported once.
    Any,
}

impl Ty {
    fn of(kind: ValueKind) -> Ty {
        match kind {
            ValueKind::Count => Ty::Count,
            ValueKind::Money(_) => Ty::Money,
            ValueKind::YesNo => Ty::Bool,
            ValueKind::Date => Ty::Date,
            ValueKind::Phone | ValueKind::Email | ValueKind::Text | ValueKind::DocNumber => Ty::Text,
        }
    }
    fn numeric(self) -> bool {
        matches!(self, Ty::Count | Ty::Money | Ty::Number | Ty::Any)
    }
    /// How messages name it in Vietnamese.
    fn name(self) -> &'static str {
        match self {
            Ty::Count => "số lượng",
            Ty::Money => "số tiền",
            Ty::Number => "số",
            Ty::Bool => "có/không",
            Ty::Date => "ngày",
            Ty::Text => "văn bản",
            Ty::Any => "chưa rõ",
        }
    }
    /// How messages name it in English.
    fn en(self) -> &'static str {
        match self {
            Ty::Count => "a count",
            Ty::Money => "money",
            Ty::Number => "a number",
            Ty::Bool => "true/false",
            Ty::Date => "a date",
            Ty::Text => "text",
            Ty::Any => "unknown",
        }
    }
}

/// Two numeric types joined by `+`, `-`, `max`, `min` or a comparison:
/// money and counts do not mix; a written number goes with either.
fn join(a: Ty, b: Ty) -> Option<Ty> {
    match (a, b) {
        (Ty::Number | Ty::Any, t) | (t, Ty::Number | Ty::Any) => Some(t),
        (x, y) if x == y => Some(x),
        _ => None,
    }
}

/// The type of `e`, or the first reason it has none (in words).
pub fn type_of(e: &Expr, kind: &dyn Fn(usize) -> Ty) -> Result<Ty, String> {
    let field = |i: usize| -> Result<Ty, String> { Ok(kind(i)) };
    let numbers = |es: &mut dyn Iterator<Item = &Expr>, (what, what_en): (&str, &str)| -> Result<Ty, String> {
        let mut acc = Ty::Number;
        for x in es {
            let t = type_of(x, kind)?;
            if !t.numeric() {
                return Err(format!(
                    "{what} chỉ nhận số, ở đây là {} ({what_en} takes numbers, not {})",
                    t.name(),
                    t.en()
                ));
            }
            acc = join(acc, t)
                .ok_or_else(|| format!("{what} trộn số tiền với số lượng ({what_en} mixes money with a count)"))?;
        }
        Ok(acc)
    };
    match e {
        Expr::Field(i) => {
            let t = field(*i)?;
            if t == Ty::Text {
                return Err(
                    "trường văn bản chỉ dùng trong filled() hoặc blank() (a text field is only read by filled() or blank())"
                        .into(),
                );
            }
            Ok(t)
        }
        Expr::Num(_) => Ok(Ty::Number),
        Expr::Bool(_) | Expr::Filled(_) | Expr::Blank(_) => Ok(Ty::Bool),
        Expr::Date(_) => Ok(Ty::Date),
        Expr::Sum(ts) => numbers(&mut ts.iter().map(|(_, e)| e), ("phép cộng/trừ", "+ and -")),
        Expr::Product(es) => numbers(&mut es.iter(), ("phép nhân", "*")),
        Expr::Max(es) => numbers(&mut es.iter(), ("max()", "max()")),
        Expr::Min(es) => numbers(&mut es.iter(), ("min()", "min()")),
        Expr::Cmp(a, op, b) => {
            let (ta, tb) = (type_of(a, kind)?, type_of(b, kind)?);
            let same = if ta.numeric() && tb.numeric() {
                join(ta, tb).is_some()
            } else {
                ta == tb || ta == Ty::Any || tb == Ty::Any
            };
            if !same {
                return Err(format!(
                    "so sánh {} với {} không bao giờ đúng hay sai (compares {} with {})",
                    ta.name(),
                    tb.name(),
                    ta.en(),
                    tb.en()
                ));
            }
            if (ta == Ty::Bool || tb == Ty::Bool) && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err("có/không chỉ so sánh bằng == hoặc != (yes/no compares with == or != only)".into());
            }
            Ok(Ty::Bool)
        }
        Expr::And(es) | Expr::Or(es) => {
            for x in es {
                let t = type_of(x, kind)?;
                if !matches!(t, Ty::Bool | Ty::Any) {
                    return Err(format!(
                        "and/or chỉ nối điều kiện, ở đây là {} (and/or join conditions, not {})",
                        t.name(),
                        t.en()
                    ));
                }
            }
            Ok(Ty::Bool)
        }
        Expr::Not(x) => match type_of(x, kind)? {
            Ty::Bool | Ty::Any => Ok(Ty::Bool),
            t => Err(format!(
                "not chỉ đặt trước điều kiện, ở đây là {} (not takes a condition, not {})",
                t.name(),
                t.en()
            )),
        },
    }
}

// ---------------------------------------------------------------------------
// The checks

/// What the checker knows about one item that read well.
struct ItemInfo {
    code: String,
    /// `None` for section, group and ratio rows.
    kind: Option<ValueKind>,
    /// Its kind is not one the reader knows (reported there): any use of
    /// it is accepted, so that the mistake is reported once.
    unknown: bool,
}

struct Checker<'s> {
    spans: &'s Spans,
    problems: Vec<Problem>,
}

fn shape_message(m: &str) -> String {
    let vi = match m {
        "missing" => "thiếu khoá bắt buộc",
        m if m.starts_with("unknown key (") => {
            return format!("khoá không có trong định dạng ({})", m.replacen(" (", "; ", 1).trim_end_matches(')'))
        }
        "expected an object" => "cần một đối tượng {…}",
        "expected a string" => "cần một chuỗi \"…\"",
        "expected a list" => "cần một danh sách […]",
        "expected true or false" => "cần true hoặc false",
        m if m.starts_with("unknown key") => "khoá không có trong định dạng",
        _ => "sai dạng",
    };
    format!("{vi} ({m})")
}

impl Checker<'_> {
    fn at(&mut self, path: &str, message: impl Into<String>) {
        let (line, column) = self.spans.value(path);
        self.problems.push(Problem { path: path.to_string(), line, column, message: message.into() });
    }
    fn at_key(&mut self, path: &str, message: impl Into<String>) {
        let (line, column) = self.spans.key(path);
        self.problems.push(Problem { path: path.to_string(), line, column, message: message.into() });
    }
    #[allow(clippy::boxed_local)] // json_read::ShapeError is a Box by design (small Results)
    fn shape(&mut self, e: ShapeError) {
        let msg = shape_message(&e.message);
        if e.message.starts_with("unknown key") {
            self.at_key(&e.at, msg);
        } else {
            self.at(&e.at, msg);
        }
    }
    fn expr_error(&mut self, path: &str, e: &ExprError, kinds: &HashMap<String, Option<ValueKind>>) {
        let (line, column) = self.spans.in_string(path, e.at);
        let message = match e.message.strip_prefix("unknown field {").and_then(|c| c.strip_suffix('}')) {
            Some(code) if code.starts_with("prev:") && kinds.get(code["prev:".len()..].trim()).is_some_and(Option::is_some) => format!(
                "{{{code}}}: giá trị kỳ trước chỉ dùng trong quy tắc, không dùng trong chỉ tiêu (last period's values are for rules only)"
            ),
            Some(code) if kinds.get(code).is_some_and(|k| k.is_none()) => format!(
                "mục {{{code}}} là tiêu đề, nhóm hoặc dòng tỷ lệ, không có giá trị (is a heading without a value)"
            ),
            Some(code) => format!("không có mục {{{code}}} trong items (unknown field {{{code}}})"),
            None => format!("biểu thức sai ở ký tự {} (expression: {})", e.at + 1, e.message),
        };
        self.problems.push(Problem { path: path.to_string(), line, column, message });
    }

    /// An indicator's `maxPoints`, `bonus`, `penalty` and `scoring`: its
    /// most points (when they read), for the step table's check.
    fn scoring(&mut self, path: &str, e: &Json) -> Option<Decimal> {
        let s = |e: &Json, k: &str| e.get(k).and_then(Json::as_str).map(str::to_string);
        let number = |me: &mut Self, at: String, v: &str, what: &str| {
            let d = crate::text::parse_decimal(v).filter(|d| !d.is_sign_negative());
            if d.is_none() {
                me.at(
                    &at,
                    format!(
                        "{what} '{v}' không phải số ≥ 0 ({} is not a number ≥ 0)",
                        at.rsplit('.').next().unwrap_or("")
                    ),
                );
            }
            d
        };
        let mut top = None;
        for (key, what) in [("maxPoints", "điểm tối đa"), ("bonus", "điểm cộng"), ("penalty", "điểm trừ")]
        {
            if let Some(m) = s(e, key) {
                if top.is_some() {
                    self.at(&format!("{path}.{key}"), format!("chỉ tiêu chỉ có một trong maxPoints, bonus, penalty: điểm cộng, điểm trừ không tính vào điểm tối đa ({key} with another of maxPoints, bonus, penalty: bonus and penalty items are not counted in the maximum)"));
                }
                top = number(self, format!("{path}.{key}"), &m, what).or(top);
            }
        }
        let sc = e.get("scoring").filter(|v| !v.is_null())?;
        let at = |k: &str| format!("{path}.scoring.{k}");
        let kind = s(sc, "kind").unwrap_or_default();
        match kind.as_str() {
            "ratio" => {
                if let Some(f) = s(sc, "fullFrom") {
                    let d = crate::text::parse_decimal(&f);
                    if d.is_none_or(|d| d <= Decimal::ZERO || d > Decimal::ONE_HUNDRED) {
                        self.at(&at("fullFrom"), format!("'{f}' không phải phần trăm trên 0 đến 100 (fullFrom is a percentage above 0, at most 100)"));
                    }
                }
            }
            "steps" => {
                let steps: &[Json] = match sc.get("steps") {
                    Some(Json::Array(a)) => a,
                    _ => &[],
                };
                if steps.is_empty() {
                    self.at(&at("steps"), "bảng bậc điểm để trống (the step table is empty)");
                }
                let mut last: Option<Decimal> = None;
                for (j, st) in steps.iter().enumerate() {
                    let p = format!("{path}.scoring.steps[{j}]");
                    let a = number(self, format!("{p}.atLeast"), &s(st, "atLeast").unwrap_or_default(), "ngưỡng");
                    let pts = number(self, format!("{p}.points"), &s(st, "points").unwrap_or_default(), "điểm");
                    if let (Some(a), Some(l)) = (a, last) {
                        if a >= l {
                            self.at(&p, "các bậc xếp từ ngưỡng cao xuống thấp (steps go from the highest atLeast down)");
                        }
                    }
                    if let (Some(pts), Some(t)) = (pts, top) {
                        if pts > t {
                            self.at(&format!("{p}.points"), format!("điểm của bậc ({pts}) lớn hơn điểm tối đa của chỉ tiêu ({t}) (step points above the item's maximum)"));
                        }
                    }
                    last = a.or(last);
                }
            }
            "perUnit" => {
                number(self, at("points"), &s(sc, "points").unwrap_or_default(), "điểm mỗi đơn vị");
            }
            "yesNo" => {}
            k => self.at(&at("kind"), format!("cách tính điểm '{k}' không có (unknown scoring kind; expected one of: ratio, steps, yesNo, perUnit)")),
        }
        top
    }

    /// Every check; the summary when the definition loads.
    fn definition(&mut self, text: &str, v: &Json) -> Option<Summary> {
        let o = match Obj::new(v, Path::Root) {
            Ok(o) => o,
            Err(e) => {
                self.shape(e);
                return None;
            }
        };
        if let Json::Object(entries) = v {
            for (k, _) in entries {
                if !crate::form::TOP_KEYS.contains(&k.as_ref()) {
                    self.at_key(
                        k,
                        format!(
                            "khoá không có trong định dạng (unknown key; expected one of: {})",
                            crate::form::TOP_KEYS.join(", ")
                        ),
                    );
                }
            }
        }
        let scalars: [Result<(), ShapeError>; 5] = [
            o.str("id").and_then(|id| {
                if id.trim().is_empty() {
                    Err(o.error("id", "the form id is empty"))
                } else {
                    Ok(())
                }
            }),
            o.str("version").map(drop),
            o.text("title").map(drop),
            o.opt_str("legacyTitle").map(drop),
            o.bool("pointsProvisional", false).map(drop),
        ];
        for r in scalars {
            if let Err(e) = r {
                if e.message == "the form id is empty" {
                    self.at(&e.at, "mã biểu mẫu để trống (the form id is empty)");
                } else {
                    self.shape(e);
                }
            }
        }
        // Each element on its own: the good ones are checked further.
        let mut good: HashMap<&str, Vec<(usize, &Json)>> = HashMap::new();
        // Elements that did not read well, still named by what they give
        // (an item's code and kind, a rule's id) so that one bad key does
        // not make every reference to them unknown too.
        let mut bad: HashMap<&str, Vec<&Json>> = HashMap::new();
        for list in
            ["assumptions", "suppliers", "pillars", "items", "rules", "indicators", "groups", "levels", "periodChecks"]
        {
            let Some(val) = o.value(list) else { continue };
            let Json::Array(elems) = val else {
                self.at(list, shape_message("expected a list"));
                continue;
            };
            let at = Path::Key(&Path::Root, list);
            for (i, e) in elems.iter().enumerate() {
                let read = match list {
                    "levels" => crate::form::read_level(e, Path::Index(&at, i)).map(drop),
                    "periodChecks" => crate::ranking::read_check(e, Path::Index(&at, i)).map(drop),
                    _ => crate::form::read_element(list, i, e),
                };
                match read {
                    Ok(()) => good.entry(list).or_default().push((i, e)),
                    Err(err) => {
                        self.shape(err);
                        bad.entry(list).or_default().push(e);
                    }
                }
            }
        }
        let list = |name: &str| good.get(name).cloned().unwrap_or_default();
        let s = |e: &Json, k: &str| e.get(k).and_then(Json::as_str).map(str::to_string);
        let strings = |e: &Json, k: &str| -> Vec<String> {
            e.get(k)
                .and_then(Json::as_array)
                .map_or(Vec::new(), |a| a.iter().filter_map(Json::as_str).map(str::to_string).collect())
        };

        // Suppliers and pillars.
        let mut suppliers: Vec<String> = Vec::new();
        for (i, e) in list("suppliers") {
            let id = s(e, "id").unwrap_or_default();
            if let Some(first) = suppliers.iter().position(|x| *x == id) {
                self.at(
                    &format!("suppliers[{i}].id"),
                    format!("mã đơn vị '{id}' trùng (duplicate supplier id; first at suppliers[{first}])"),
                );
            }
            suppliers.push(id);
        }
        let mut pillars: Vec<String> = Vec::new();
        for (i, e) in list("pillars") {
            let code = s(e, "code").unwrap_or_default();
            if pillars.contains(&code) {
                self.at(&format!("pillars[{i}].code"), format!("trụ cột '{code}' trùng (duplicate pillar code)"));
            }
            pillars.push(code);
            let max = s(e, "maxPoints").unwrap_or_default();
            if crate::text::parse_decimal(&max).is_none_or(|d| d.is_sign_negative()) {
                self.at(
                    &format!("pillars[{i}].maxPoints"),
                    format!("điểm tối đa '{max}' không phải số ≥ 0 viết như \"100\" hoặc \"22.5\" (maxPoints is not a number ≥ 0)"),
                );
            }
        }

        // Items.
        let header_kinds = [ValueKind::Text, ValueKind::Date, ValueKind::Date, ValueKind::DocNumber, ValueKind::Date];
        let mut items: Vec<ItemInfo> = HEADER_CODES
            .iter()
            .zip(header_kinds)
            .map(|(c, k)| ItemInfo { code: c.to_string(), kind: Some(k), unknown: false })
            .collect();
        let mut item_paths: HashMap<String, String> = HashMap::new();
        let mut counted_items = 0;
        for (i, e) in list("items") {
            counted_items += 1;
            let path = format!("items[{i}]");
            let code = s(e, "code").unwrap_or_default();
            let kind_name = s(e, "kind").unwrap_or_default();
            let unit = s(e, "unit");
            let money_unit = match unit.as_deref() {
                None | Some("ty") => Some(MoneyUnit::Ty),
                Some("dong") => Some(MoneyUnit::Dong),
                Some(u) => {
                    if kind_name == "money" {
                        self.at(
                            &format!("{path}.unit"),
                            format!("đơn vị '{u}' không có; dùng ty hoặc dong (unknown unit '{u}': ty, dong)"),
                        );
                    } else {
                        self.at(
                            &format!("{path}.unit"),
                            format!(
                                "đơn vị '{u}' không có; chỉ mục money có đơn vị: ty hoặc dong (unknown unit '{u}')"
                            ),
                        );
                    }
                    None
                }
            };
            if unit.is_some() && kind_name != "money" && money_unit.is_some() {
                self.at(
                    &format!("{path}.unit"),
                    format!("chỉ mục money có đơn vị; mục này là {kind_name} (unit is for money only)"),
                );
            }
            let kind = match kind_name.as_str() {
                "section" | "group" | "ratio" => Some(None),
                "count" => Some(Some(ValueKind::Count)),
                "money" => Some(Some(ValueKind::Money(money_unit.unwrap_or(MoneyUnit::Ty)))),
                "yesno" => Some(Some(ValueKind::YesNo)),
                "phone" => Some(Some(ValueKind::Phone)),
                "email" => Some(Some(ValueKind::Email)),
                "text" => Some(Some(ValueKind::Text)),
                "date" => Some(Some(ValueKind::Date)),
                k => {
                    self.at(
                        &format!("{path}.kind"),
                        format!("loại mục '{k}' không có (unknown kind; expected one of: section, group, ratio, count, money, yesno, phone, email, text, date)"),
                    );
                    None
                }
            };
            if code.trim().is_empty() || code.contains(['{', '}', ' ', ':']) {
                self.at(&format!("{path}.code"), "mã mục phải có chữ, không có dấu cách, dấu ngoặc nhọn hay dấu hai chấm (a code must be non-empty, without spaces, braces or colons: {prev:CODE} is last period's value)");
            } else if let Some(first) = item_paths.get(&code) {
                self.at(&format!("{path}.code"), format!("mã mục '{code}' trùng với {first} (duplicate code)"));
            } else if HEADER_CODES.contains(&code.as_str()) {
                self.at(
                    &format!("{path}.code"),
                    format!("mã '{code}' là của phần đầu báo cáo, mọi biểu mẫu đã có (a header field's code)"),
                );
            }
            if let Some(sup) = s(e, "supplier") {
                if !suppliers.contains(&sup) {
                    self.at(
                        &format!("{path}.supplier"),
                        format!("không có đơn vị '{sup}' trong suppliers (unknown supplier)"),
                    );
                }
            }
            if !item_paths.contains_key(&code) {
                let unknown = kind.is_none();
                items.push(ItemInfo { code: code.clone(), kind: kind.flatten(), unknown });
            }
            item_paths.entry(code).or_insert(path);
        }
        for e in bad.get("items").cloned().unwrap_or_default() {
            let (Some(code), Some(kind)) = (s(e, "code"), s(e, "kind")) else { continue };
            let kind = match kind.as_str() {
                "count" => Some(ValueKind::Count),
                "money" => Some(ValueKind::Money(MoneyUnit::Ty)),
                "yesno" => Some(ValueKind::YesNo),
                "date" => Some(ValueKind::Date),
                "phone" | "email" | "text" => Some(ValueKind::Text),
                _ => None,
            };
            if !item_paths.contains_key(&code) {
                let unknown = !matches!(s(e, "kind").as_deref(), Some("section" | "group" | "ratio"));
                items.push(ItemInfo { code, kind, unknown: unknown && kind.is_none() });
            }
        }
        if o.value("items").is_none() || (counted_items == 0 && matches!(o.value("items"), Some(Json::Array(_)))) {
            self.at("items", "biểu mẫu chưa có mục nào (the form has no items)");
        }
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, it) in items.iter().enumerate() {
            index.entry(it.code.clone()).or_insert(i);
        }
        let kinds: HashMap<String, Option<ValueKind>> = items.iter().map(|it| (it.code.clone(), it.kind)).collect();
        let resolve = |c: &str| index.get(c).copied().filter(|&i| items[i].kind.is_some() || items[i].unknown);
        // Rules also read last period's values, `{prev:CODE}`, resolved as
        // `Form` resolves them.
        let resolve_rule = |c: &str| crate::form::resolve_with_prev(&resolve, items.len(), c);
        let kind_of = |i: usize| match items.get(i % items.len().max(1)) {
            Some(it) if it.unknown => Ty::Any,
            Some(ItemInfo { kind: Some(k), .. }) => Ty::of(*k),
            _ => Ty::Any,
        };

        // Rules.
        let mut rule_ids: Vec<String> = vec!["HDR-period".to_string()];
        let bad_rule_ids: Vec<String> =
            bad.get("rules").map_or(Vec::new(), |l| l.iter().filter_map(|e| s(e, "id")).collect());
        let rule_list = list("rules");
        for (i, e) in &rule_list {
            let path = format!("rules[{i}]");
            let id = s(e, "id").unwrap_or_default();
            if rule_ids.contains(&id) {
                self.at(&format!("{path}.id"), format!("mã quy tắc '{id}' trùng (duplicate rule id)"));
            }
            rule_ids.push(id);
            let severity = s(e, "severity").unwrap_or_default();
            if crate::finding::Severity::parse(&severity).is_none() {
                self.at(
                    &format!("{path}.severity"),
                    format!("mức độ '{severity}' không có; dùng error, warning hoặc info (unknown severity)"),
                );
            }
            if let Some(m) = s(e, "missing") {
                if !["skipIfAnyMissing", "skipIfAllMissing", "never"].contains(&m.as_str()) {
                    self.at(&format!("{path}.missing"), format!("cách xử lý thiếu số liệu '{m}' không có (unknown missing strategy: skipIfAnyMissing, skipIfAllMissing, never)"));
                }
            }
            let mut reads = Vec::new();
            let mut unparsed = false;
            let mut parsed = |me: &mut Self, key: &str, want: Option<Ty>| -> Option<Ty> {
                let src = s(e, key)?;
                let p = format!("{path}.{key}");
                match expr::parse(&src, resolve_rule) {
                    Ok(x) => {
                        x.fields(&mut reads);
                        match type_of(&x, &kind_of) {
                            Ok(t) if want.is_some_and(|w| w != t) && !(want == Some(Ty::Number) && t.numeric()) => {
                                me.at(
                                    &p,
                                    format!(
                                    "biểu thức cho ra {} nhưng ở đây cần {} (the expression gives {}, {} is expected)",
                                    t.name(), want.map_or("", Ty::name), t.en(), want.map_or("", Ty::en)
                                ),
                                );
                                None
                            }
                            Ok(t) => Some(t),
                            Err(why) => {
                                me.at(&p, format!("biểu thức sai kiểu: {why}"));
                                None
                            }
                        }
                    }
                    Err(err) => {
                        me.expr_error(&p, &err, &kinds);
                        unparsed = true;
                        None
                    }
                }
            };
            parsed(self, "check", Some(Ty::Bool));
            parsed(self, "when", Some(Ty::Bool));
            let mut value_types: Vec<(String, Option<Ty>)> = Vec::new();
            if let Some(Json::Object(vals)) = e.get("values") {
                for (name, _) in vals {
                    let key = format!("values.{name}");
                    let src = vals.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.as_str()).unwrap_or("");
                    let p = format!("{path}.{key}");
                    let t = match expr::parse(src, resolve_rule) {
                        Ok(x) => {
                            x.fields(&mut reads);
                            match type_of(&x, &kind_of) {
                                Ok(t) => Some(t),
                                Err(why) => {
                                    self.at(&p, format!("biểu thức sai kiểu: {why}"));
                                    None
                                }
                            }
                        }
                        Err(err) => {
                            self.expr_error(&p, &err, &kinds);
                            unparsed = true;
                            None
                        }
                    };
                    value_types.push((name.to_string(), t));
                }
            }
            let fields = strings(e, "fields");
            for (j, c) in fields.iter().enumerate() {
                if resolve(c).is_none() {
                    let why = if kinds.contains_key(c) {
                        "là tiêu đề, không có giá trị (is a heading)"
                    } else {
                        "không có trong items (unknown field)"
                    };
                    self.at(&format!("{path}.fields[{j}]"), format!("mục '{c}' {why}"));
                }
            }
            let reads_now = reads.iter().any(|&i| i < items.len());
            if e.get("fields").is_none_or(Json::is_null) && !reads_now && !reads.is_empty() {
                self.at(&format!("{path}.check"), "quy tắc chỉ đọc số liệu kỳ trước, phải đọc ít nhất một mục của kỳ này (the rule reads only last period's values; it must read a field of this period)");
            } else if e.get("fields").is_none_or(Json::is_null) && reads.is_empty() && !unparsed {
                self.at(&format!("{path}.check"), "quy tắc không đọc mục nào (the rule reads no field)");
            } else if matches!(e.get("fields"), Some(Json::Array(a)) if a.is_empty()) {
                self.at(&format!("{path}.fields"), "danh sách mục liên quan để trống (the rule names no field)");
            }
            if let Some(sug) = e.get("suggest").filter(|v| !v.is_null()) {
                let field = s(sug, "field").unwrap_or_default();
                let value = s(sug, "value").unwrap_or_default();
                if resolve(&field).is_none() {
                    self.at(
                        &format!("{path}.suggest.field"),
                        format!("không có mục '{field}' để gợi ý (unknown field in suggest)"),
                    );
                }
                match value_types.iter().find(|(n, _)| *n == value) {
                    None => self.at(
                        &format!("{path}.suggest.value"),
                        format!("không có giá trị '{value}' trong values (suggest names an unknown value)"),
                    ),
                    Some((_, Some(t))) if !t.numeric() => self.at(
                        &format!("{path}.suggest.value"),
                        format!(
                            "giá trị '{value}' là {}, chỉ gợi ý được số (only a number can be suggested, not {})",
                            t.name(),
                            t.en()
                        ),
                    ),
                    _ => {}
                }
            }
        }

        // Indicators.
        let indicator_list = list("indicators");
        let mut ind_codes: Vec<String> = Vec::new();
        for (i, e) in &indicator_list {
            let path = format!("indicators[{i}]");
            let code = s(e, "code").unwrap_or_default();
            if ind_codes.contains(&code) {
                self.at(&format!("{path}.code"), format!("mã chỉ tiêu '{code}' trùng (duplicate indicator code)"));
            }
            ind_codes.push(code);
            let pillar = s(e, "pillar").unwrap_or_default();
            if !pillars.contains(&pillar) {
                self.at(
                    &format!("{path}.pillar"),
                    format!("không có trụ cột '{pillar}' trong pillars (unknown pillar)"),
                );
            }

            let mut reads = Vec::new();
            let mut types = Vec::new();
            let mut unparsed = false;
            self.scoring(&path, e);
            let kind = e.get("scoring").and_then(|sc| s(sc, "kind"));
            let ratio = kind.as_deref().is_none_or(|k| k == "ratio");
            if let Some(k) = kind.as_deref().filter(|_| !ratio) {
                let p = format!("{path}.scoring.of");
                for key in ["numerator", "denominator"].into_iter().filter(|k| s(e, k).is_some()) {
                    self.at(&format!("{path}.{key}"), format!("cách tính '{k}' chấm điểm scoring.of, không có tử số hay mẫu số (a {k} item scores scoring.of: no numerator or denominator)"));
                }
                match e.get("scoring").and_then(|sc| s(sc, "of")) {
                    None => self.at(
                        &format!("{path}.scoring"),
                        "thiếu scoring.of: số liệu được chấm điểm (scoring.of is missing: the value scored)",
                    ),
                    Some(src) => match expr::parse(&src, resolve) {
                        Ok(x) => {
                            x.fields(&mut reads);
                            let want = if k == "yesNo" { Ty::Bool } else { Ty::Count };
                            match type_of(&x, &kind_of) {
                                Ok(t) if t == want || t == Ty::Any || (want == Ty::Count && t == Ty::Number) => {}
                                Ok(t) => self.at(
                                    &p,
                                    format!(
                                        "cách tính '{k}' cần {}, ở đây là {} ({k} takes {}, not {})",
                                        if want == Ty::Bool { "một mục có/không" } else { "số lượng" },
                                        t.name(),
                                        want.en(),
                                        t.en()
                                    ),
                                ),
                                Err(why) => self.at(&p, format!("biểu thức sai kiểu: {why}")),
                            }
                        }
                        Err(err) => {
                            self.expr_error(&p, &err, &kinds);
                            unparsed = true;
                        }
                    },
                }
            } else if s(e, "numerator").is_none() {
                self.at(&format!("{path}.numerator"), shape_message("missing"));
                unparsed = true;
            }
            for key in ["numerator", "denominator"].into_iter().filter(|_| ratio) {
                let Some(src) = s(e, key) else { continue };
                let p = format!("{path}.{key}");
                match expr::parse(&src, resolve) {
                    Ok(x) => {
                        x.fields(&mut reads);
                        match type_of(&x, &kind_of) {
                            Ok(t) if t.numeric() => types.push(t),
                            Ok(t) => self.at(&p, format!("tử số và mẫu số phải là số, ở đây là {} (numerator and denominator are numbers, not {})", t.name(), t.en())),
                            Err(why) => self.at(&p, format!("biểu thức sai kiểu: {why}")),
                        }
                    }
                    Err(err) => {
                        self.expr_error(&p, &err, &kinds);
                        unparsed = true;
                    }
                }
            }
            if let [a, b] = types[..] {
                if join(a, b).is_none() {
                    self.at(
                        &format!("{path}.denominator"),
                        format!(
                            "tử số là {}, mẫu số là {}: tỷ lệ không có nghĩa (numerator is {}, denominator is {})",
                            a.name(),
                            b.name(),
                            a.en(),
                            b.en()
                        ),
                    );
                }
            }
            if reads.is_empty() && !unparsed {
                self.at(&format!("{path}.numerator"), "chỉ tiêu không đọc mục nào (the indicator reads no field)");
            }
            for (j, g) in strings(e, "guards").iter().enumerate() {
                if !rule_ids.contains(g) && !bad_rule_ids.contains(g) {
                    self.at(
                        &format!("{path}.guards[{j}]"),
                        format!("không có quy tắc '{g}' trong rules (unknown guard rule)"),
                    );
                }
            }
        }

        // Groups.
        let mut group_ids: Vec<String> = Vec::new();
        for (i, e) in list("groups") {
            let path = format!("groups[{i}]");
            let id = s(e, "id").unwrap_or_default();
            if group_ids.contains(&id) {
                self.at(&format!("{path}.id"), format!("mã nhóm '{id}' trùng (duplicate group id)"));
            }
            group_ids.push(id);
            if e.get("only").is_some_and(|v| !v.is_null()) && e.get("without").is_some_and(|v| !v.is_null()) {
                self.at(
                    &format!("{path}.without"),
                    "nhóm dùng only hoặc without, không dùng cả hai (a group has only or without, not both)",
                );
            }
            for key in ["only", "without"] {
                for (j, c) in strings(e, key).iter().enumerate() {
                    if !ind_codes.contains(c) {
                        self.at(
                            &format!("{path}.{key}[{j}]"),
                            format!("không có chỉ tiêu '{c}' trong indicators (unknown indicator)"),
                        );
                    }
                }
            }
            if let Some(m) = s(e, "maxPoints") {
                if crate::text::parse_decimal(&m).is_none_or(|d| d.is_sign_negative()) {
                    self.at(
                        &format!("{path}.maxPoints"),
                        format!("điểm tối đa '{m}' không phải số ≥ 0 (maxPoints is not a number ≥ 0)"),
                    );
                }
            }
        }

        // Levels and period checks.
        let mut level_count = None;
        if o.value("levels").is_some()
            && !good.contains_key("levels")
            && matches!(o.value("levels"), Some(Json::Array(a)) if a.is_empty())
        {
            self.at("levels", "danh sách mức để trống (the list of levels is empty)");
        }
        if let Some(Json::Array(all)) = o.value("levels") {
            let ok = list("levels");
            if ok.len() == all.len() && !all.is_empty() {
                let read: Vec<_> = ok
                    .iter()
                    .filter_map(|(i, e)| crate::form::read_level(e, Path::Index(&Path::Named("levels"), *i)).ok())
                    .collect();
                match crate::ranking::levels(read) {
                    Ok(l) => level_count = Some(l.list.len()),
                    Err(FormError::Invalid { at, message }) => {
                        let vi = level_vi(&message);
                        self.at(&at, format!("{vi} ({message})"));
                    }
                    Err(other) => self.at("levels", other.to_string()),
                }
            }
        }
        let mut check_ids: Vec<String> = Vec::new();
        for (i, e) in list("periodChecks") {
            let path = format!("periodChecks[{i}]");
            let id = s(e, "id").unwrap_or_default();
            if check_ids.contains(&id) || rule_ids.contains(&id) {
                self.at(
                    &format!("{path}.id"),
                    format!("mã '{id}' trùng với một kiểm tra hay quy tắc khác (duplicate id)"),
                );
            }
            check_ids.push(id);
            let fields = strings(e, "fields");
            if fields.is_empty() {
                self.at(&format!("{path}.fields"), "kiểm tra không có mục nào (a period check needs fields)");
            }
            for (j, c) in fields.iter().enumerate() {
                match kinds.get(c) {
                    None => self
                        .at(&format!("{path}.fields[{j}]"), format!("không có mục '{c}' trong items (unknown field)")),
                    Some(Some(ValueKind::Count | ValueKind::Money(_))) => {}
                    Some(_) => self.at(
                        &format!("{path}.fields[{j}]"),
                        format!("mục '{c}' không phải số lượng hay số tiền (not a count or money field)"),
                    ),
                }
            }
            let max = s(e, "maxChangePercent");
            if let Some(m) = &max {
                if crate::text::parse_decimal(m).is_none_or(|d| d.is_sign_negative()) {
                    self.at(
                        &format!("{path}.maxChangePercent"),
                        format!("'{m}' không phải số ≥ 0 (maxChangePercent is not a number ≥ 0)"),
                    );
                }
            }
            if max.is_none() && e.get("neverFalls") != Some(&Json::Bool(true)) {
                self.at(
                    &path,
                    "cần maxChangePercent hoặc neverFalls: true (a period check needs maxChangePercent or neverFalls)",
                );
            }
        }

        if !self.problems.is_empty() {
            return None;
        }
        // The loader has the last word; then the dry run.
        let form = match Form::from_json(text) {
            Ok(f) => Arc::new(f),
            Err(e) => {
                self.loader_error(e, &rule_list, &indicator_list);
                return None;
            }
        };
        let ranking = match Ranking::from_json(text, &form) {
            Ok(r) => r,
            Err(e) => {
                self.loader_error(e, &rule_list, &indicator_list);
                return None;
            }
        };
        for (i, g) in form.groups.iter().enumerate() {
            let sum: Decimal =
                form.indicators.iter().zip(&g.applies).filter_map(|(ind, a)| ind.max_points.filter(|_| *a)).sum();
            let sum = crate::text::round_half_away(sum, 2);
            if let Some(m) = g.max_points.filter(|m| crate::text::round_half_away(*m, 2) != sum) {
                self.at(
                    &format!("groups[{i}].maxPoints"),
                    format!("điểm tối đa của nhóm ({m}) khác tổng điểm tối đa các chỉ tiêu áp dụng ({sum}) (the group's maxPoints is not the sum of its indicators' maxPoints)"),
                );
            }
        }
        let rule_paths: Vec<String> = rule_list.iter().map(|(i, _)| format!("rules[{i}]")).collect();
        let ind_paths: Vec<String> = indicator_list.iter().map(|(i, _)| format!("indicators[{i}]")).collect();
        for (path, message) in dry_run(&form, &rule_paths, &ind_paths) {
            self.at(&path, message);
        }
        Some(Summary {
            id: form.id.clone(),
            version: form.version.clone(),
            items: form.items.iter().filter(|i| !i.header).count(),
            inputs: form.inputs().filter(|&i| !form.items[i].header).count(),
            rules: rule_list.len(),
            indicators: form.indicators.len(),
            levels: level_count.unwrap_or(ranking.levels.list.len()),
            default_levels: ranking.levels.default,
            period_checks: ranking.period_checks.len(),
            carried: form.items.iter().filter(|i| i.carry).count(),
            prev_rules: form.rules.iter().filter(|r| !r.prev_reads.is_empty()).count(),
        })
    }

    /// A problem only the loader found (a safety net: the checks above
    /// should find everything it refuses).
    fn loader_error(&mut self, e: FormError, rules: &[(usize, &Json)], indicators: &[(usize, &Json)]) {
        match e {
            FormError::Json { line, column, message } => {
                self.problems.push(Problem { path: String::new(), line, column, message })
            }
            FormError::Invalid { at, message } | FormError::Expression { at, source: message, .. } => {
                let named = |list: &[(usize, &Json)], key: &str, name: &str| {
                    list.iter()
                        .find(|(_, e)| e.get(key).and_then(Json::as_str) == Some(at.as_str()))
                        .map(|(i, _)| format!("{name}[{i}]"))
                };
                let path =
                    named(rules, "id", "rules").or_else(|| named(indicators, "code", "indicators")).unwrap_or(at);
                self.at(&path, format!("trình nạp biểu mẫu từ chối (the loader refuses: {message})"));
            }
        }
    }
}

fn level_vi(message: &str) -> &'static str {
    if message.contains("empty") {
        "danh sách mức để trống"
    } else if message.contains("needs a name") {
        "mức cần có tên"
    } else if message.contains("percentage") {
        "ngưỡng 'above' là phần trăm từ 0 đến dưới 100"
    } else if message.contains("highest threshold down") {
        "các mức xếp từ ngưỡng cao xuống thấp"
    } else if message.contains("only the last") {
        "chỉ mức cuối cùng không có 'above'"
    } else {
        "mức cuối cùng nhận mọi bản còn lại, không có 'above'"
    }
}

// ---------------------------------------------------------------------------
// The dry run

/// A small deterministic generator (xorshift64*): no dependency, same
/// returns on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What a person might type in a field of `kind`: usually small, sometimes
/// zero, sometimes very large.
fn random_input(kind: ValueKind, rng: &mut Rng) -> String {
    let number = |rng: &mut Rng| match rng.below(10) {
        0 => "0".to_string(),
        1 => rng.next().to_string(),
        2 => "99999999999999999999".to_string(),
        _ => rng.below(60).to_string(),
    };
    match kind {
        ValueKind::Count => number(rng),
        ValueKind::Money(MoneyUnit::Ty) => match rng.below(4) {
            0 => format!("{},{}", rng.below(20), rng.below(100)),
            _ => number(rng),
        },
        ValueKind::Money(MoneyUnit::Dong) => number(rng),
        ValueKind::YesNo => if rng.below(2) == 0 { "có" } else { "không" }.to_string(),
        ValueKind::Date => format!("{:02}/{:02}/{}", 1 + rng.below(28), 1 + rng.below(12), 2020 + rng.below(7)),
        ValueKind::Phone => "0912345678".to_string(),
        ValueKind::Email => "van.thu@sotp.gov.vn".to_string(),
        ValueKind::Text => "Sở Tư pháp".to_string(),
        ValueKind::DocNumber => "123/STP-VP".to_string(),
    }
}

/// One trial return: the typed text of each item (empty = blank).
type Trial = Vec<String>;

fn describe_trial(n: usize, trial: &Trial, form: &Form, reads: &[usize]) -> String {
    let shown: Vec<String> = reads
        .iter()
        .map(|&i| {
            let v = &trial[i];
            format!(
                "{{{}}} = {}",
                form.items[i].code,
                if v.is_empty() { "(trống)".to_string() } else { format!("\"{v}\"") }
            )
        })
        .collect();
    let which = if n == 0 {
        "bản trống (the empty return)".to_string()
    } else {
        format!("bản thử số {n} (trial return #{n}, seed {SEED:#x})")
    };
    if shown.is_empty() {
        which
    } else {
        format!("{which}: {}", shown.join(", "))
    }
}

/// Evaluates every rule and indicator on an empty return and on
/// [`DRY_RUNS`] random ones: (path, message) for each rule or indicator
/// that fails, once each, naming the first return that made it fail.
pub fn dry_run(form: &Arc<Form>, rule_paths: &[String], ind_paths: &[String]) -> Vec<(String, String)> {
    // A panic is caught and reported with the return that caused it; the
    // default hook would also print it to stderr.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = dry_run_quietly(form, rule_paths, ind_paths);
    std::panic::set_hook(hook);
    out
}

fn dry_run_quietly(form: &Arc<Form>, rule_paths: &[String], ind_paths: &[String]) -> Vec<(String, String)> {
    let mut rng = Rng(SEED);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut failed_rules = vec![false; form.rules.len()];
    let mut failed_inds = vec![false; form.indicators.len()];
    let offset = form.rules.len() - rule_paths.len();
    let mut engine_failed = false;
    for n in 0..=DRY_RUNS {
        let trial: Trial = form
            .items
            .iter()
            .map(|it| match it.value_kind() {
                Some(k) if n > 0 && rng.below(4) != 0 => random_input(k, &mut rng),
                _ => String::new(),
            })
            .collect();
        let parsed: Vec<crate::value::Parsed> = form
            .items
            .iter()
            .zip(&trial)
            .map(|(it, t)| match it.value_kind() {
                Some(k) => crate::value::parse(t, k, it.hints),
                None => crate::value::parse("", ValueKind::Text, it.hints),
            })
            .collect();
        // Last period's values (`{prev:CODE}`, past the end) read as this
        // trial's own: every value kind still meets every rule.
        let slot = |i: usize| {
            let p = &parsed[i % parsed.len()];
            match &p.value {
                Some(v) => Slot::Value(v),
                None if p.blank => Slot::Blank,
                None => Slot::Unreadable,
            }
        };
        for (r, rule) in form.rules.iter().enumerate().skip(offset) {
            if failed_rules[r] {
                continue;
            }
            for zero in [false, true] {
                let parts = rule.when.iter().chain([&rule.check]);
                for e in parts {
                    let v = eval_guarded(e, &slot, zero);
                    let bad = match v {
                        Err(panic) => Some(("bị dừng đột ngột".to_string(), format!("evaluation panicked: {panic}"))),
                        Ok(Val::Num(_) | Val::Date(_)) => Some((
                            "không cho ra đúng/sai".to_string(),
                            "does not evaluate to true or false".to_string(),
                        )),
                        Ok(_) => None,
                    };
                    if let Some((vi, en)) = bad {
                        failed_rules[r] = true;
                        let key = if std::ptr::eq(e, &rule.check) { "check" } else { "when" };
                        out.push((
                            format!("{}.{key}", rule_paths[r - offset]),
                            format!(
                                "quy tắc {id} lỗi khi chạy thử: {vi} (rule {id} fails in the dry run: {en}); {}",
                                describe_trial(n, &trial, form, &rule.reads),
                                id = rule.id
                            ),
                        ));
                        break;
                    }
                }
                if failed_rules[r] {
                    break;
                }
            }
        }
        for (k, ind) in form.indicators.iter().enumerate() {
            if failed_inds[k] {
                continue;
            }
            if let Some((key, vi, en)) = indicator_problem(ind, &slot) {
                failed_inds[k] = true;
                out.push((
                    format!("{}{key}", ind_paths[k]),
                    format!(
                        "chỉ tiêu {code} lỗi khi chạy thử: {vi} (indicator {code} fails in the dry run: {en}); {}",
                        describe_trial(n, &trial, form, &ind.reads),
                        code = ind.code
                    ),
                ));
            }
        }
        if !engine_failed {
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut s = crate::engine::Session::new(Arc::clone(form));
                let entries: Vec<(&str, &str)> = form
                    .items
                    .iter()
                    .zip(&trial)
                    .filter(|(it, t)| !t.is_empty() && it.value_kind().is_some())
                    .map(|(it, t)| (it.code.as_str(), t.as_str()))
                    .collect();
                let _ = s.set_all(entries);
                let _ = s.findings();
            }));
            if let Err(p) = run {
                engine_failed = true;
                out.push((
                    String::new(),
                    format!(
                        "bộ kiểm tra dừng đột ngột khi chạy thử (the engine panicked in the dry run: {}); {}",
                        panic_text(&p),
                        describe_trial(n, &trial, form, &[])
                    ),
                ));
            }
        }
    }
    out
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default()
}

fn eval_guarded<'a>(e: &Expr, slot: &dyn Fn(usize) -> Slot<'a>, zero: bool) -> Result<Val, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| expr::eval(e, slot, zero))).map_err(|p| panic_text(&p))
}

/// Why an indicator fails on a return, as the engine computes it
/// (src/engine.rs) but with checked arithmetic: the key it is about
/// (`.denominator`), and why in Vietnamese and in English.
fn indicator_problem<'a>(
    ind: &crate::form::Indicator,
    slot: &dyn Fn(usize) -> Slot<'a>,
) -> Option<(&'static str, String, String)> {
    let num = eval_guarded(&ind.numerator, slot, false);
    let den = ind.denominator.as_ref().map(|d| eval_guarded(d, slot, false));
    let (num, den) = match (num, den) {
        (Err(p), _) | (_, Some(Err(p))) => {
            return Some(("", "bị dừng đột ngột".into(), format!("evaluation panicked: {p}")))
        }
        (Ok(n), d) => (n, d.and_then(Result::ok)),
    };
    let (Val::Num(n), Some(Val::Num(d))) = (num, den) else { return None };
    if d.is_sign_negative() && !d.is_zero() {
        return Some((".denominator", format!("mẫu số âm ({d})"), format!("negative denominator ({d})")));
    }
    if n.is_sign_negative() && !n.is_zero() {
        return Some((".numerator", format!("tử số âm ({n})"), format!("negative numerator ({n})")));
    }
    if d.is_zero() {
        return None;
    }
    if n > d {
        return ind.guards.is_empty().then(|| {
            (
                ".guards",
                format!("tử số ({n}) lớn hơn mẫu số ({d}) mà guards không có quy tắc nào báo trước"),
                format!("numerator ({n}) exceeds denominator ({d}) and no rule in guards reports it"),
            )
        });
    }
    let ratio = n.checked_div(d)?;
    let max = ind.max_points?;
    if max.checked_mul(ratio.min(Decimal::ONE)).is_none() {
        return Some((".maxPoints", "điểm quá lớn để tính".into(), "the points overflow".into()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_know_where_every_value_and_key_starts() {
        let text = "{\n  \"items\": [\n    {\"code\": \"1\", \"kind\": 3}\n  ],\n  \"x\": \"a\\\"b{9}\"\n}";
        let s = Spans::of(text);
        assert_eq!(s.value("items[0].kind"), (3, 27));
        assert_eq!(s.key("items[0].kind"), (3, 19));
        assert_eq!(s.value("items[0].label"), (3, 5));
        assert_eq!(s.in_string("x", 3), (5, 13));
        assert_eq!(s.value(""), (1, 1));
    }

    #[test]
    fn the_shipped_definition_passes_every_check() {
        for text in crate::form::embedded_definitions() {
            let summary = check(text).unwrap_or_else(|p| panic!("{p:#?}"));
            assert_eq!(summary.inputs, 93);
        }
    }
}
