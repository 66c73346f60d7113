//! The live state of one return: what was typed, what it means, and every
//! finding and indicator, kept up to date one field at a time.
//!
//! [`Session::set`] parses the new input, then re-evaluates only the rules and
//! indicators that read that field (the form's dependency index) and reports
//! what changed, so a page can patch just those messages.

use crate::expr::{eval, Expr, Slot, Val};
use crate::finding::Kind;
use crate::finding::{Finding, Severity, Summary};
use crate::form::header;
use crate::form::{Form, Indicator, ItemKind, Missing, Rule, Scoring};
use crate::json::Json;
use crate::json_read::{Lax, Path, ShapeError};
use crate::str_map::StrMap;
use crate::text::Lang;
use crate::text::{format_decimal, percent, round_half_away, Text};
use crate::value::{self, MoneyUnit, Parsed, Value};
use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// A field code that the form does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField(pub String);

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "biểu mẫu không có mục {} (unknown field)", self.0)
    }
}

impl std::error::Error for UnknownField {}

/// Where an indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorStatus {
    /// Computed.
    Ok,
    /// The form collects no denominator; the province computes it.
    ProvinceComputes,
    /// The denominator is blank.
    MissingDenominator,
    /// The denominator is zero.
    ZeroDenominator,
    /// The numerator is blank.
    MissingNumerator,
    /// A field it reads could not be read.
    Unreadable,
    /// The numerator exceeds the denominator: no value, no points.
    Exceeds,
    /// A sum it reads is too large to compute: no value, no points.
    TooLarge,
    /// The value a step table, yes/no or per-unit item scores is blank.
    MissingValue,
}

impl IndicatorStatus {
    /// The status as written in the JSON return.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorStatus::Ok => "ok",
            IndicatorStatus::ProvinceComputes => "provinceComputes",
            IndicatorStatus::MissingDenominator => "missingDenominator",
            IndicatorStatus::ZeroDenominator => "zeroDenominator",
            IndicatorStatus::MissingNumerator => "missingNumerator",
            IndicatorStatus::Unreadable => "unreadable",
            IndicatorStatus::Exceeds => "exceeds",
            IndicatorStatus::TooLarge => "tooLarge",
            IndicatorStatus::MissingValue => "missingValue",
        }
    }

    /// Why it has no value, in words ("chưa tính được …").
    pub fn explain(self) -> Text {
        match self {
            IndicatorStatus::Ok => Text::new("", ""),
            IndicatorStatus::ProvinceComputes => Text::new("do tỉnh tính", "computed by the province"),
            IndicatorStatus::MissingDenominator => {
                Text::new("chưa tính được: thiếu mẫu số", "not computable: denominator blank")
            }
            IndicatorStatus::ZeroDenominator => {
                Text::new("chưa tính được: mẫu số bằng 0", "not computable: denominator is zero")
            }
            IndicatorStatus::MissingNumerator => {
                Text::new("chưa tính được: thiếu tử số", "not computable: numerator blank")
            }
            IndicatorStatus::Unreadable => {
                Text::new("chưa tính được: có số liệu không đọc được", "not computable: a value cannot be read")
            }
            IndicatorStatus::Exceeds => {
                Text::new("không hợp lệ: tử số lớn hơn mẫu số", "invalid: numerator exceeds denominator")
            }
            IndicatorStatus::TooLarge => {
                Text::new("chưa tính được: tổng quá lớn để tính", "not computable: a sum is too large to compute")
            }
            IndicatorStatus::MissingValue => Text::new("chưa có số liệu", "no value yet"),
        }
    }
}

/// One indicator's current result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorResult {
    /// Where it stands.
    pub status: IndicatorStatus,
    /// The numerator, exact (money in đồng).
    pub numerator: Option<Decimal>,
    /// The denominator, exact.
    pub denominator: Option<Decimal>,
    /// numerator / denominator, when computable and ≤ 1.
    pub ratio: Option<Decimal>,
    /// Its points by its scoring ([`crate::form::Scoring`]), two decimals;
    /// negative for a penalty.
    pub points: Option<Decimal>,
}

/// Points, maximum, percentage of the maximum and level: of a pillar or of
/// the whole return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Points (for the whole return: bonus added, penalty taken, never below 0).
    pub points: Decimal,
    /// The maximum: the sum of the applicable indicators' maximum points.
    pub max: Decimal,
    /// Points as a percentage of the maximum, two decimals; `None` when the maximum is 0.
    pub percent: Option<Decimal>,
    /// Index of its level in the form's [`crate::form::Levels`]; `None` when the maximum is 0.
    pub level: Option<usize>,
}

/// A return's score ([`Session::score`]): the one place totals and levels
/// are computed, for the page, the JSON return, the CLI and the collector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// Index of the return's group in [`crate::form::Form::groups`]; `None`
    /// when the form has no groups.
    pub group: Option<usize>,
    /// Per pillar, in the order the indicators first name them: (code, tally).
    pub pillars: Vec<(String, Tally)>,
    /// The whole return.
    pub total: Tally,
    /// Points added by bonus items.
    pub bonus: Decimal,
    /// Points taken by penalty items (≤ 0).
    pub penalty: Decimal,
}

/// An indicator's result in words, as the page and the terminal show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorText {
    /// `94,86 % (830/875)`, or why it has no value: `chưa tính được: thiếu mẫu số (tử số 875)`.
    pub value: String,
    /// `22,22 / 22,22` when computed, `– / 22,22` when not; `None` for an unscored indicator.
    pub points: Option<String>,
    /// The ratio is above 100 %: shown as an error.
    pub exceeds: bool,
}

/// What one [`Session::set`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Field indices whose messages may have changed.
    pub fields: Vec<usize>,
    /// Rule indices whose finding appeared, went or changed.
    pub rules: Vec<usize>,
    /// Indicator indices whose result changed.
    pub indicators: Vec<usize>,
}

/// A value found on a row that takes none (R25), or otherwise not placed:
/// kept with the return so that nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// The row it was found on.
    pub code: String,
    /// The column it was in (3 = Số liệu báo cáo, 4 = Tài liệu kiểm chứng, 5 = Ghi chú).
    pub column: u8,
    /// The text as found.
    pub text: String,
}

impl Unplaced {
    /// [`Unplaced::column`] of a value (Số liệu báo cáo).
    pub const VALUE: u8 = 3;
    /// [`Unplaced::column`] of evidence (Tài liệu kiểm chứng).
    pub const EVIDENCE: u8 = 4;
    /// [`Unplaced::column`] of a note (Ghi chú).
    pub const NOTE: u8 = 5;

    /// `{ "code": …, "column": …, "text": … }`
    pub fn to_json(&self) -> Json<'_> {
        Json::object([
            ("code", Json::from(&self.code)),
            ("column", u32::from(self.column).into()),
            ("text", Json::from(&self.text)),
        ])
    }

    /// Reads what [`Unplaced::to_json`] wrote.
    pub fn from_json(v: &Json, at: Path) -> Result<Unplaced, ShapeError> {
        let first = std::cell::RefCell::new(None);
        let o = Lax::new(v, at, &first);
        let column = o.opt_u32("column").and_then(|c| u8::try_from(c).ok());
        let code = o.str("code");
        if column.is_none() {
            o.fail("column", "expected a column number");
        }
        let u = Unplaced { code, column: column.unwrap_or(0), text: o.str("text") };
        crate::json_read::lax_result(u, first)
    }
}

/// Last period's return, as far as a new period's needs it: its dates and
/// the values rules read with `{prev:CODE}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    /// Last period's first day, when it had one.
    pub from: Option<crate::date::Date>,
    /// Last period's last day, when it had one.
    pub to: Option<crate::date::Date>,
    /// Last period's value per item index (`None`: blank or unknown).
    values: Vec<Option<Value>>,
}

impl Previous {
    /// Last period with these dates and no values yet, for a form of `n` items.
    pub fn new(from: Option<crate::date::Date>, to: Option<crate::date::Date>, n: usize) -> Previous {
        // Filled without cloning a `None` n times (`vec![None; n]` brings
        // Option<Value>'s clone into the wasm).
        Previous { from, to, values: std::iter::repeat_with(|| None).take(n).collect() }
    }

    /// Last period's value of the item at `idx`.
    pub fn value(&self, idx: usize) -> Option<&Value> {
        self.values.get(idx).and_then(Option::as_ref)
    }

    /// Sets last period's value of the item at `idx`.
    pub fn set_value(&mut self, idx: usize, value: Option<Value>) {
        if let Some(v) = self.values.get_mut(idx) {
            *v = value;
        }
    }
}

/// The live state of one return.
#[derive(Debug, Clone)]
pub struct Session {
    form: Arc<Form>,
    inputs: Vec<String>,
    parsed: Vec<Parsed>,
    field_findings: Vec<Vec<Finding>>,
    required_missing: Vec<bool>,
    supplier_matches: Vec<bool>,
    rule_hits: Vec<Option<Finding>>,
    indicators: Vec<IndicatorResult>,
    indicator_findings: Vec<Option<Finding>>,
    /// Evidence references typed per item (document numbers, links).
    pub evidence: StrMap,
    /// Notes ("Ghi chú") per item.
    pub notes: StrMap,
    /// Findings recorded by the legacy import.
    pub import_findings: Vec<Finding>,
    /// Values found where no value belongs.
    pub unplaced: Vec<Unplaced>,
    /// The agency's group id (`agency.group`), when the form has groups.
    pub group: Option<String>,
    /// Last period, when this return was started from it.
    previous: Option<Box<Previous>>,
    /// Per item: the value came from last period and nobody has confirmed
    /// or changed it yet.
    carried: Vec<bool>,
}

fn blank_result() -> IndicatorResult {
    IndicatorResult {
        status: IndicatorStatus::MissingDenominator,
        numerator: None,
        denominator: None,
        ratio: None,
        points: None,
    }
}

/// The finding of a rule whose sum is too large to compute: an error under
/// the rule's own id, since a clamped sum would compare wrongly.
fn overflow_finding(rule: &Rule) -> Finding {
    Finding::new(
        &rule.id,
        Severity::Error,
        rule.fields.clone(),
        Text::new(
            format!("Tổng quá lớn để tính, không kiểm tra được quy tắc {}: hãy xem lại các số đã nhập.", rule.id),
            format!("The sum is too large to compute, so rule {} cannot be checked: check the figures typed.", rule.id),
        ),
    )
}

/// Formats a rule-side value for a message.
fn show(v: Val, unit: Option<MoneyUnit>, lang: Lang) -> String {
    match v {
        Val::Num(n) => match unit {
            Some(MoneyUnit::Ty) => {
                format!("{} tỷ đồng", format_decimal(n / MoneyUnit::Ty.dong(), lang))
            }
            Some(MoneyUnit::Dong) => format!("{} đồng", format_decimal(n, lang)),
            None => format_decimal(n, lang),
        },
        Val::Bool(b) => match (b, lang) {
            (true, Lang::En) => "yes".into(),
            (false, Lang::En) => "no".into(),
            (true, _) => "có".into(),
            (false, _) => "không".into(),
        },
        Val::Date(d) => d.to_vi(),
        Val::Missing => if lang == Lang::En { "blank" } else { "trống" }.into(),
        Val::Overflow => if lang == Lang::En { "too large to compute" } else { "quá lớn để tính" }.into(),
    }
}

fn render(template: &str, vals: &[(&str, String)]) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = template.to_string();
    for (name, v) in vals {
        out = out.replace(&format!("{{{name}}}"), v);
    }
    out
}

impl Session {
    /// A blank return of `form`, fully evaluated.
    pub fn new(form: Arc<Form>) -> Session {
        let mut s = Session::unevaluated(form);
        s.revalidate();
        s
    }

    /// A blank return whose rules have not run yet (callers fill it and then
    /// call [`Session::revalidate`]).
    pub(crate) fn unevaluated(form: Arc<Form>) -> Session {
        let n = form.items.len();
        Session {
            inputs: vec![String::new(); n],
            parsed: vec![Parsed { blank: true, ..Parsed::default() }; n],
            field_findings: vec![Vec::new(); n],
            required_missing: vec![false; n],
            supplier_matches: vec![false; form.suppliers.len()],
            rule_hits: vec![None; form.rules.len()],
            indicators: vec![blank_result(); form.indicators.len()],
            indicator_findings: vec![None; form.indicators.len()],
            evidence: StrMap::new(),
            notes: StrMap::new(),
            import_findings: Vec::new(),
            unplaced: Vec::new(),
            group: None,
            previous: None,
            carried: vec![false; n],
            form,
        }
    }

    /// The form this return is for.
    pub fn form(&self) -> &Arc<Form> {
        &self.form
    }

    /// Sets a field from what was typed and re-evaluates what reads it.
    pub fn set(&mut self, code: &str, input: &str) -> Result<Change, UnknownField> {
        let idx = self.input_index(code)?;
        if self.inputs[idx] == input {
            return Ok(Change::default());
        }
        self.carried[idx] = false;
        self.store(idx, input.to_string());
        let mut change = Change { fields: vec![idx], ..Change::default() };
        // What the import noted about this field described the file; once
        // the person changes the value, it no longer describes the return.
        let code = &self.form.items[idx].code;
        self.import_findings
            .retain(|f| f.fields.first() != Some(code) && f.suggestion.as_ref().is_none_or(|s| &s.field != code));
        if self.form.items[idx].code == header::AGENCY {
            // R28: which rows are required depends on who reports.
            self.match_suppliers();
            for i in self.form.inputs().collect::<Vec<_>>() {
                if self.update_required(i) {
                    change.fields.push(i);
                }
            }
        } else {
            self.update_required(idx);
        }
        let form = Arc::clone(&self.form);
        for &r in form.rules_reading(idx) {
            let hit = self.eval_rule(&form.rules[r]);
            if hit != self.rule_hits[r] {
                self.rule_hits[r] = hit;
                change.rules.push(r);
                for f in &form.rules[r].fields {
                    if let Some(i) = form.index_of(f) {
                        if !change.fields.contains(&i) {
                            change.fields.push(i);
                        }
                    }
                }
            }
        }
        for &i in form.indicators_reading(idx) {
            let (res, finding) = self.compute_indicator(&form.indicators[i]);
            if res != self.indicators[i] || finding != self.indicator_findings[i] {
                self.indicators[i] = res;
                self.indicator_findings[i] = finding;
                change.indicators.push(i);
            }
        }
        Ok(change)
    }

    /// Sets many fields, then evaluates everything once (for loading a file).
    pub fn set_all<'a>(&mut self, entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), UnknownField> {
        for (code, input) in entries {
            let idx = self.input_index(code)?;
            self.store(idx, input.to_string());
        }
        self.revalidate();
        Ok(())
    }

    /// Sets many fields from owned text, then evaluates everything once.
    pub fn set_all_owned<'a>(
        &mut self,
        entries: impl IntoIterator<Item = (&'a str, String)>,
    ) -> Result<(), UnknownField> {
        for (code, input) in entries {
            let idx = self.input_index(code)?;
            self.store(idx, input);
        }
        self.revalidate();
        Ok(())
    }

    fn input_index(&self, code: &str) -> Result<usize, UnknownField> {
        self.form
            .index_of(code)
            .filter(|&i| matches!(self.form.items[i].kind, ItemKind::Input(_)))
            .ok_or_else(|| UnknownField(code.to_string()))
    }

    fn store(&mut self, idx: usize, input: String) {
        let item = &self.form.items[idx];
        let Some(kind) = item.value_kind() else {
            return;
        };
        let parsed = value::parse(&input, kind, item.hints);
        self.field_findings[idx] = parsed
            .notes
            .iter()
            .map(|n| {
                let f = Finding::new(n.rule, n.severity, vec![item.code.clone()], n.message.clone())
                    .of_kind(crate::finding::Kind::Value);
                match &n.suggestion {
                    Some(s) => f.with_suggestion(&item.code, s.clone()),
                    None => f,
                }
            })
            .collect();
        self.inputs[idx] = input;
        self.parsed[idx] = parsed;
    }

    /// Re-evaluates every rule and indicator from the stored values.
    pub fn revalidate(&mut self) {
        let form = Arc::clone(&self.form);
        self.match_suppliers();
        for i in form.inputs() {
            self.update_required(i);
        }
        for (r, rule) in form.rules.iter().enumerate() {
            self.rule_hits[r] = self.eval_rule(rule);
        }
        for (i, ind) in form.indicators.iter().enumerate() {
            let (res, f) = self.compute_indicator(ind);
            self.indicators[i] = res;
            self.indicator_findings[i] = f;
        }
    }

    fn agency(&self) -> &str {
        self.form.index_of(header::AGENCY).map_or("", |i| self.inputs[i].as_str())
    }

    fn match_suppliers(&mut self) {
        let agency = self.agency().to_string();
        for (m, sup) in self.supplier_matches.iter_mut().zip(&self.form.suppliers) {
            *m = sup.matches(&agency);
        }
    }

    /// Updates whether `idx` is a required field left blank; true when it changed.
    fn update_required(&mut self, idx: usize) -> bool {
        let missing = self.parsed[idx].blank && self.form.is_required_for(idx, &self.supplier_matches);
        let changed = missing != self.required_missing[idx];
        self.required_missing[idx] = missing;
        changed
    }

    /// The value rules see at `i`: an item's own, or past the end of the
    /// items (`{prev:CODE}`) last period's.
    fn slot(&self, i: usize) -> Slot<'_> {
        let n = self.parsed.len();
        if i >= n {
            return self.previous.as_ref().and_then(|p| p.value(i - n)).map_or(Slot::Blank, Slot::Value);
        }
        let p = &self.parsed[i];
        match &p.value {
            Some(v) => Slot::Value(v),
            None if p.blank => Slot::Blank,
            None => Slot::Unreadable,
        }
    }

    fn eval_rule(&self, rule: &Rule) -> Option<Finding> {
        if rule.reads.iter().any(|&f| matches!(self.slot(f), Slot::Unreadable)) {
            return None; // the unreadable value has its own finding
        }
        let known_before = |&f: &usize| self.previous.as_ref().is_some_and(|p| p.value(f).is_some());
        if !rule.prev_reads.iter().all(known_before) {
            return None; // no last period to compare with
        }
        let slot = |i: usize| self.slot(i);
        let zero = match rule.missing {
            Missing::SkipIfAnyMissing => false,
            Missing::Never => true,
            Missing::SkipIfAllMissing => {
                if rule.reads.iter().all(|&f| matches!(self.slot(f), Slot::Blank)) {
                    return None;
                }
                true
            }
        };
        if let Some(w) = &rule.when {
            match eval(w, &slot, zero) {
                Val::Bool(true) => {}
                Val::Overflow => return Some(overflow_finding(rule)),
                _ => return None,
            }
        }
        match eval(&rule.check, &slot, zero) {
            Val::Bool(false) => Some(self.rule_finding(rule, zero)),
            Val::Overflow => Some(overflow_finding(rule)),
            _ => None,
        }
    }

    fn rule_finding(&self, rule: &Rule, zero: bool) -> Finding {
        let slot = |i: usize| self.slot(i);
        let mut named: Vec<(&str, Val, Option<MoneyUnit>)> = Vec::new();
        if let Expr::Cmp(a, _, b) = &rule.check {
            named.push(("left", eval(a, &slot, zero), rule.left_unit));
            named.push(("right", eval(b, &slot, zero), rule.right_unit));
        }
        for (name, e) in &rule.values {
            named.push((name, eval(e, &slot, zero), None));
        }
        let vals = |lang: Lang| named.iter().map(|(n, v, u)| (*n, show(*v, *u, lang))).collect::<Vec<_>>();
        let message = Text::new(render(&rule.message.vi, &vals(Lang::Vi)), render(&rule.message.en, &vals(Lang::En)));
        let f = Finding::new(&rule.id, rule.severity, rule.fields.clone(), message);
        match &rule.suggest {
            Some((field, value)) => match named.iter().find(|(n, _, _)| n == value) {
                Some((_, v @ Val::Num(_), u)) => f.with_suggestion(field, show(*v, *u, Lang::Vi)),
                _ => f,
            },
            None => f,
        }
    }

    fn compute_indicator(&self, ind: &Indicator) -> (IndicatorResult, Option<Finding>) {
        let slot = |i: usize| self.slot(i);
        let num_val = eval(&ind.numerator, &slot, false);
        let num = match num_val {
            Val::Num(n) => Some(n),
            _ => None,
        };
        let mut res = IndicatorResult {
            status: IndicatorStatus::Ok,
            numerator: num,
            denominator: None,
            ratio: None,
            points: None,
        };
        let mut own_fields = Vec::new();
        ind.numerator.fields(&mut own_fields);
        if !matches!(ind.scoring, Scoring::Ratio(_)) {
            res.numerator = match num_val {
                Val::Bool(b) => Some(Decimal::from(u8::from(b))),
                _ => num,
            };
            res.status = match (res.numerator, num_val) {
                (Some(v), _) => {
                    res.points = ind.top().map(|t| ind.scoring.points(v, t));
                    IndicatorStatus::Ok
                }
                (_, Val::Overflow) => IndicatorStatus::TooLarge,
                _ if own_fields.iter().any(|&f| matches!(self.slot(f), Slot::Unreadable)) => {
                    IndicatorStatus::Unreadable
                }
                _ => IndicatorStatus::MissingValue,
            };
            return (res, None);
        }
        let Some(den_expr) = &ind.denominator else {
            res.status = IndicatorStatus::ProvinceComputes;
            return (res, None);
        };
        den_expr.fields(&mut own_fields);
        if own_fields.iter().any(|&f| matches!(self.slot(f), Slot::Unreadable)) {
            res.status = IndicatorStatus::Unreadable;
            return (res, None);
        }
        let den_val = eval(den_expr, &slot, false);
        if num_val == Val::Overflow || den_val == Val::Overflow {
            res.status = IndicatorStatus::TooLarge;
            let finding = Finding::new(
                "IND",
                Severity::Error,
                ind.fields.clone(),
                Text::new(
                    format!("Chỉ tiêu {}: tổng quá lớn để tính; không tính điểm.", ind.code),
                    format!("Indicator {}: the sum is too large to compute; no points.", ind.code),
                ),
            )
            .of_kind(Kind::Indicator);
            return (res, Some(finding));
        }
        let den = match den_val {
            Val::Num(n) => Some(n),
            _ => None,
        };
        res.denominator = den;
        let (Some(n), Some(d)) = (num, den) else {
            res.status =
                if den.is_none() { IndicatorStatus::MissingDenominator } else { IndicatorStatus::MissingNumerator };
            return (res, None);
        };
        if d.is_zero() {
            res.status = IndicatorStatus::ZeroDenominator;
            return (res, None);
        }
        if n > d {
            res.status = IndicatorStatus::Exceeds;
            let guarded = ind.guards.iter().any(|&g| self.rule_hits[g].is_some());
            let finding = (!guarded).then(|| {
                let (nv, dv) = (show(Val::Num(n), ind.unit, Lang::Vi), show(Val::Num(d), ind.unit, Lang::Vi));
                let (ne, de) = (show(Val::Num(n), ind.unit, Lang::En), show(Val::Num(d), ind.unit, Lang::En));
                Finding::new(
                    "IND",
                    Severity::Error,
                    ind.fields.clone(),
                    Text::new(
                        format!(
                            "Chỉ tiêu {} không hợp lệ: tử số ({nv}) lớn hơn mẫu số ({dv}); không tính điểm.",
                            ind.code
                        ),
                        format!(
                            "Indicator {} is invalid: numerator ({ne}) exceeds denominator ({de}); no points.",
                            ind.code
                        ),
                    ),
                )
                .of_kind(Kind::Indicator)
            });
            return (res, finding);
        }
        let ratio = n / d;
        res.ratio = Some(ratio);
        res.points = ind.top().map(|t| ind.scoring.points(ratio, t));
        (res, None)
    }

    /// A new return for the period after `last`'s, started from it: the
    /// same agency and group; the period moved on ([`crate::date::next_period`]);
    /// the items the form marks `carry` pre-filled and marked as carried
    /// until confirmed or changed; everything else blank. Last period's
    /// dates and values stay for the rules that read them (`{prev:CODE}`).
    pub fn start_from(last: &Session) -> Session {
        let form = Arc::clone(&last.form);
        let mut s = Session::unevaluated(Arc::clone(&form));
        let (from, to) = (last.date(header::FROM), last.date(header::TO));
        let mut previous = Previous::new(from, to, form.items.len());
        for (i, item) in form.items.iter().enumerate() {
            previous.set_value(i, last.parsed[i].value.clone());
            let keep = item.code == header::AGENCY || item.carry;
            if keep && !last.inputs[i].trim().is_empty() {
                s.store(i, last.inputs[i].clone());
                s.carried[i] = item.carry;
            }
        }
        if let Some((next_from, next_to)) = from.zip(to).and_then(|(f, t)| crate::date::next_period(f, t)) {
            for (code, d) in [(header::FROM, next_from), (header::TO, next_to)] {
                if let Some(i) = form.index_of(code) {
                    s.store(i, d.to_vi());
                }
            }
        }
        s.group = last.group.clone();
        s.previous = Some(Box::new(previous));
        s.revalidate();
        s
    }

    /// Last period, when this return was started from it.
    pub fn previous(&self) -> Option<&Previous> {
        self.previous.as_deref()
    }

    /// Sets (or clears) last period and re-evaluates the rules.
    pub fn set_previous(&mut self, previous: Option<Previous>) {
        self.previous = previous.map(Box::new);
        self.revalidate();
    }

    /// True while the value at `idx` came from last period and has been
    /// neither confirmed nor changed.
    pub fn is_carried(&self, idx: usize) -> bool {
        self.carried.get(idx).copied().unwrap_or(false)
    }

    /// The fields whose value from last period waits to be confirmed, in
    /// item order.
    pub fn carried_fields(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.carried.len()).filter(|&i| self.carried[i])
    }

    /// How many values from last period wait to be confirmed.
    pub fn carried_count(&self) -> usize {
        self.carried_fields().count()
    }

    /// Marks the value of `code` as carried from last period (a saved return
    /// read back); false when the form has no such field or it is blank.
    pub fn mark_carried(&mut self, code: &str) -> bool {
        match self.input_index(code) {
            Ok(i) if !self.inputs[i].trim().is_empty() => {
                self.carried[i] = true;
                true
            }
            _ => false,
        }
    }

    /// Confirms the carried value of `code`: it stays, no longer marked.
    /// True when it was marked.
    pub fn confirm(&mut self, code: &str) -> bool {
        let Some(c) = self.form.index_of(code).and_then(|i| self.carried.get_mut(i)) else { return false };
        std::mem::replace(c, false)
    }

    /// What was typed into the field at `idx` (empty when nothing).
    pub fn input_at(&self, idx: usize) -> &str {
        &self.inputs[idx]
    }

    /// Sets the evidence reference of row `code`; blank text removes it.
    /// True when that changed anything.
    pub fn set_evidence(&mut self, code: &str, text: &str) -> bool {
        if text.trim().is_empty() {
            self.evidence.remove(code).is_some()
        } else if self.evidence.get(code).map(String::as_str) == Some(text) {
            false
        } else {
            self.evidence.insert(code.to_string(), text.to_string());
            true
        }
    }

    /// What was typed into `code`.
    pub fn input(&self, code: &str) -> Option<&str> {
        self.form.index_of(code).map(|i| self.inputs[i].as_str())
    }

    /// The value read from the field at `idx`, if any.
    pub fn value_at(&self, idx: usize) -> Option<&Value> {
        self.parsed[idx].value.as_ref()
    }

    /// The value read from `code`, if any.
    pub fn value(&self, code: &str) -> Option<&Value> {
        self.form.index_of(code).and_then(|i| self.value_at(i))
    }

    /// The date in a date field (`period.from` …), when it reads.
    pub fn date(&self, code: &str) -> Option<crate::date::Date> {
        match self.value(code) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// The current result of indicator `i`.
    pub fn indicator(&self, i: usize) -> &IndicatorResult {
        &self.indicators[i]
    }

    /// Indicator `i` in words, in `lang` (`vi` or `en`).
    pub fn indicator_text(&self, i: usize, lang: Lang) -> IndicatorText {
        let ind = &self.form.indicators[i];
        let r = &self.indicators[i];
        let amount = |d: Decimal| match ind.unit {
            Some(_) => format!("{} đồng", format_decimal(d, lang)),
            None => format_decimal(d, lang),
        };
        let nd = match (r.numerator, r.denominator) {
            (Some(n), Some(d)) => format!(" ({}/{})", amount(n), amount(d)),
            (Some(n), None) => format!(" ({} {})", if lang == Lang::En { "numerator" } else { "tử số" }, amount(n)),
            _ => String::new(),
        };
        let value = match (r.status, r.ratio, r.numerator) {
            (IndicatorStatus::Ok, Some(x), _) => {
                format!("{} %{nd}", format_decimal(percent(x), lang))
            }
            (IndicatorStatus::Ok, None, Some(v)) if ind.scoring == Scoring::YesNo => {
                show(Val::Bool(!v.is_zero()), None, lang)
            }
            (IndicatorStatus::Ok, None, Some(v)) => amount(v),
            (st, _, _) => format!("{}{nd}", st.explain().get(lang)),
        };
        let points = ind.top().map(|m| {
            let max = format_decimal(round_half_away(m, 2), lang);
            match r.points {
                Some(p) => format!("{} / {max}", format_decimal(p, lang)),
                None => format!("– / {max}"),
            }
        });
        IndicatorText { value, points, exceeds: r.status == IndicatorStatus::Exceeds }
    }

    /// Required fields filled and required fields, the header's included
    /// (the page's progress; [`Session::summary`] counts the form's rows).
    pub fn progress(&self) -> (u32, u32) {
        let mut required = 0;
        let mut missing = 0;
        for i in self.form.inputs() {
            if self.form.is_required_for(i, &self.supplier_matches) {
                required += 1;
                missing += u32::from(self.required_missing[i]);
            }
        }
        (required - missing, required)
    }

    /// Points so far and the maximum ([`Session::score`]'s total).
    pub fn points_total(&self) -> (Decimal, Decimal) {
        let t = self.score().total;
        (t.points, t.max)
    }

    /// Index of the group the return is scored in: the agency's, else the
    /// first; `None` when the form has no groups. "Else the first" covers a
    /// return with no group chosen yet: reading a return that names a group
    /// its form lacks drops it with a `RET-group` warning
    /// ([`crate::document::read_any`]), and the page and the CLI then say
    /// which group it is scored as until one is chosen.
    pub fn group_index(&self) -> Option<usize> {
        let groups = &self.form.groups;
        (!groups.is_empty()).then(|| groups.iter().position(|g| Some(&g.id) == self.group.as_ref()).unwrap_or(0))
    }

    /// Whether indicator `i` counts in the return's group (every one when
    /// the form has no groups).
    pub fn counts(&self, i: usize) -> bool {
        self.group_index().is_none_or(|g| self.form.groups[g].applies[i])
    }

    /// The return's score: points, maximum, percentage and level per
    /// pillar and in all, over the indicators of the agency's group (the
    /// first group when the return names none or one the form does not
    /// have). Bonus and penalty items count in the total, not in the
    /// maximum nor in their pillar; the total is never below 0.
    pub fn score(&self) -> Score {
        let form = &self.form;
        let group = self.group_index();
        // checked_add, as the rules add (no second copy of `+`).
        let add = |a: &mut Decimal, b: Decimal| *a = a.checked_add(b).unwrap_or(*a);
        let mut pillars: Vec<(String, Decimal, Decimal)> = Vec::new();
        let (mut got, mut max, mut bonus, mut penalty) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for (i, (ind, r)) in form.indicators.iter().zip(&self.indicators).enumerate() {
            if group.is_some_and(|g| !form.groups[g].applies[i]) {
                continue;
            }
            let p = r.points.unwrap_or(Decimal::ZERO);
            match (ind.max_points, ind.bonus) {
                (Some(m), _) => {
                    let at = match pillars.iter().position(|(c, _, _)| *c == ind.pillar) {
                        Some(at) => at,
                        None => {
                            pillars.push((ind.pillar.clone(), Decimal::ZERO, Decimal::ZERO));
                            pillars.len() - 1
                        }
                    };
                    add(&mut pillars[at].1, p);
                    add(&mut pillars[at].2, m);
                    add(&mut got, p);
                    add(&mut max, m);
                }
                (_, Some(b)) => add(if b.is_sign_negative() { &mut penalty } else { &mut bonus }, p),
                _ => {}
            }
        }
        add(&mut got, bonus);
        add(&mut got, penalty);
        let tally = |points: Decimal, max: Decimal| {
            let percent = (!max.is_zero()).then(|| percent(points / max));
            Tally { points, max, percent, level: percent.map(|p| form.levels.of(p)) }
        };
        Score {
            group,
            pillars: pillars.into_iter().map(|(c, p, m)| (c, tally(p, m))).collect(),
            total: tally(got.max(Decimal::ZERO), max),
            bonus,
            penalty,
        }
    }

    /// The finding of rule `r`, if it currently fires.
    pub fn rule_finding_at(&self, r: usize) -> Option<&Finding> {
        self.rule_hits[r].as_ref()
    }

    /// Every current finding: values and required fields in form order, then
    /// rules, indicators and the import's findings.
    pub fn findings(&self) -> Vec<Finding> {
        self.findings_iter().cloned().collect()
    }

    /// Whether field `idx` is required and blank.
    pub fn required_blank(&self, idx: usize) -> bool {
        self.required_missing[idx]
    }

    /// Every current finding, borrowed, in the order of [`Session::findings`].
    pub fn findings_iter(&self) -> impl Iterator<Item = &Finding> {
        let items = &self.form.items;
        let per_field = self
            .field_findings
            .iter()
            .zip(&self.required_missing)
            .zip(items)
            .flat_map(|((f, missing), item)| f.iter().chain(missing.then(|| item.required_finding())));
        per_field
            .chain(self.rule_hits.iter().flatten())
            .chain(self.indicator_findings.iter().flatten())
            .chain(self.import_findings.iter())
    }

    /// Findings that name the field `code` (for an inline message).
    pub fn findings_for(&self, code: &str) -> Vec<&Finding> {
        self.findings_iter().filter(|f| f.fields.iter().any(|c| c == code)).collect()
    }

    /// Counts of findings, filled and required fields (form rows, not the header).
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in self.findings_iter() {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        for i in self.form.inputs().filter(|&i| !self.form.items[i].header) {
            let filled = !self.parsed[i].blank;
            s.filled += filled as u32;
            if self.form.is_required_for(i, &self.supplier_matches) {
                s.required += 1;
                s.required_missing += !filled as u32;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session::new(Arc::new(Form::pdti_2023()))
    }
    fn rules_firing(s: &Session) -> Vec<String> {
        s.findings().into_iter().filter(|f| f.rule != "REQ").map(|f| f.rule).collect()
    }

    #[test]
    fn evidence_is_set_replaced_and_removed_by_blank_text_and_says_when_it_changed() {
        let mut s = session();
        assert!(s.set_evidence("4.3", "QĐ 12/QĐ-STP"));
        assert!(!s.set_evidence("4.3", "QĐ 12/QĐ-STP"));
        assert!(s.set_evidence("4.3", "QĐ 13/QĐ-STP"));
        assert_eq!(s.evidence.get("4.3").map(String::as_str), Some("QĐ 13/QĐ-STP"));
        assert!(s.set_evidence("4.3", "  "));
        assert!(s.evidence.is_empty());
        assert!(!s.set_evidence("4.3", ""));
    }

    #[test]
    fn a_sub_count_above_its_total_is_an_error_and_fixing_it_clears_it() {
        let mut s = session();
        s.set("6.2.d", "12").unwrap();
        let change = s.set("6.2.đ", "14").unwrap();
        let r15b = s.form().rules.iter().position(|r| r.id == "R15b").unwrap();
        assert!(change.rules.contains(&r15b));
        let f = s.rule_finding_at(r15b).unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.fields, ["6.2.đ", "6.2.d"]);
        assert!(f.message.vi.contains("(14)") && f.message.vi.contains("(12)"), "{}", f.message.vi);
        let change = s.set("6.2.đ", "12").unwrap();
        assert!(change.rules.contains(&r15b));
        assert!(s.rule_finding_at(r15b).is_none());
    }

    #[test]
    fn an_update_re_evaluates_only_what_reads_the_field() {
        let mut s = session();
        let change = s.set("7.3.a", "5").unwrap();
        assert!(change.rules.is_empty());
        let ind: Vec<&str> = change.indicators.iter().map(|&i| s.form().indicators[i].code.as_str()).collect();
        assert_eq!(ind, ["7.3"]);
        assert_eq!(s.set("7.3.a", "5").unwrap(), Change::default());
    }

    #[test]
    fn ratios_are_exact_and_blank_parts_of_a_sum_count_as_zero() {
        let mut s = session();
        s.set("6.4.a", "1045").unwrap();
        s.set("6.4.c", "1045").unwrap();
        let i = s.form().indicators.iter().position(|x| x.code == "6.4").unwrap();
        let r = s.indicator(i);
        assert_eq!(r.status, IndicatorStatus::Ok);
        assert_eq!(r.ratio, Some(Decimal::ONE));
        assert_eq!(r.points, s.form().indicators[i].max_points.map(|m| m.round_dp(2)));
    }

    #[test]
    fn a_blank_or_zero_denominator_is_not_computable_never_zero_percent() {
        let mut s = session();
        let i = s.form().indicators.iter().position(|x| x.code == "6.1.1").unwrap();
        s.set("6.1.1.b", "45").unwrap();
        assert_eq!(s.indicator(i).status, IndicatorStatus::MissingDenominator);
        s.set("6.1.1.a", "0").unwrap();
        assert_eq!(s.indicator(i).status, IndicatorStatus::ZeroDenominator);
        assert_eq!(s.indicator(i).ratio, None);
    }

    #[test]
    fn an_indicator_above_one_gets_no_value_no_points_and_one_error() {
        let mut s = session();
        s.set("6.3.a", "1").unwrap();
        s.set("6.3.b", "4").unwrap();
        s.set("6.3.d", "111").unwrap();
        let i = s.form().indicators.iter().position(|x| x.code == "6.3").unwrap();
        let r = s.indicator(i).clone();
        assert_eq!((r.status, r.ratio, r.points), (IndicatorStatus::Exceeds, None, None));
        assert!(s.indicator_text(i, Lang::Vi).exceeds);
        // R17b already reports it: no second error for the same fact.
        assert_eq!(rules_firing(&s).iter().filter(|r| *r == "R17b" || *r == "IND").count(), 1);
    }

    #[test]
    fn an_unguarded_indicator_above_one_reports_its_own_error() {
        let text = Form::pdti_2023();
        let mut form = text.clone();
        let i = form.indicators.iter().position(|x| x.code == "7.3").unwrap();
        form.indicators[i].guards.clear();
        let mut s = Session::new(Arc::new(form));
        s.set("7.3.a", "2").unwrap();
        s.set("7.3.b", "3").unwrap();
        assert!(rules_firing(&s).contains(&"IND".to_string()));
    }

    #[test]
    fn money_rules_compare_in_dong_across_units() {
        let mut s = session();
        s.set("5.11.1.a", "0,01").unwrap(); // 10.000.000 đồng
        s.set("5.11.1.c", "11.362.000").unwrap(); // đồng
        let f = s.findings().into_iter().find(|f| f.rule == "R23a").expect("R23a fires");
        assert!(f.message.vi.contains("0,011362 tỷ đồng"), "{}", f.message.vi);
        s.set("5.11.1.a", "0,02").unwrap();
        assert!(!rules_firing(&s).contains(&"R23a".to_string()));
    }

    #[test]
    fn the_expected_value_of_a_missing_part_is_suggested() {
        let mut s = session();
        s.set("3.1.1", "43").unwrap();
        s.set("3.1.2.a", "38").unwrap();
        let f = s.findings().into_iter().find(|f| f.rule == "R3c").unwrap();
        assert_eq!(f.suggestion.unwrap().value, "5");
        assert!(f.message.vi.contains("là 5"));
    }

    #[test]
    fn unreadable_values_skip_the_rules_that_read_them() {
        let mut s = session();
        s.set("6.2.d", "12").unwrap();
        s.set("6.2.đ", "mười bốn").unwrap();
        let fired = rules_firing(&s);
        assert_eq!(fired, ["R27"]);
    }

    #[test]
    fn the_education_department_must_fill_its_rows() {
        let mut s = session();
        let before = s.summary().required;
        let change = s.set("agency.name", "Sở Giáo dục và Đào tạo").unwrap();
        assert!(change.fields.contains(&s.form().index_of("4.4.a").unwrap()));
        assert_eq!(s.summary().required, before + 7);
    }

    #[test]
    fn the_dvctt_level_notice_applies_after_decree_42() {
        let mut s = session();
        s.set("6.3.a", "1").unwrap();
        assert!(!rules_firing(&s).contains(&"R29".to_string()));
        s.set("period.to", "30/06/2023").unwrap();
        assert!(rules_firing(&s).contains(&"R29".to_string()));
        s.set("period.to", "30/06/2022").unwrap();
        assert!(!rules_firing(&s).contains(&"R29".to_string()));
    }

    #[test]
    fn what_the_import_noted_about_a_field_goes_once_the_person_changes_it() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/laichau-stp-2023h1.tsv"))
                .unwrap();
        let mut s = crate::legacy::import(&text, &Arc::new(Form::pdti_2023())).unwrap().swap_remove(0).session;
        let about = |s: &Session, code: &str| {
            s.import_findings
                .iter()
                .filter(|f| f.fields[0] == code || f.suggestion.as_ref().is_some_and(|x| x.field == code))
                .count()
        };
        assert!(about(&s, "I.6.ho_ten") > 0);
        assert!(about(&s, "6.1.1.a") > 0, "the R25 fix 6.1.1.a = 875");
        let others = s.import_findings.len() - about(&s, "I.6.ho_ten") - about(&s, "6.1.1.a");
        s.set("I.6.ho_ten", "Nguyễn Văn An").unwrap();
        assert_eq!(about(&s, "I.6.ho_ten"), 1, "the same text is no change");
        s.set("I.6.ho_ten", "Nguyễn Văn Bình").unwrap();
        s.set("6.1.1.a", "875").unwrap();
        assert_eq!(about(&s, "I.6.ho_ten") + about(&s, "6.1.1.a"), 0);
        assert_eq!(s.import_findings.len(), others, "the rest stay");
    }

    #[test]
    fn unknown_fields_and_computed_rows_cannot_be_set() {
        let mut s = session();
        assert_eq!(s.set("9.9", "1"), Err(UnknownField("9.9".into())));
        assert!(s.set("6.1.1", "875").is_err());
    }
}
