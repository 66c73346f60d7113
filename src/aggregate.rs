//! Totals over many returns of one form: what the office that collects the
//! returns (the province's Sở TT&TT) works out from its departments' data
//! (PDTI.md §1.2). Counts and money are summed field by field, exactly;
//! yes/no answers are tallied; the sums then go through the same rules and
//! indicators as one return, which gives the provincial ratios.
//!
//! Nothing is summed silently: a value that cannot be read is left out of
//! its total and reported, and so are returns that still have errors, an
//! agency that sent two returns, and returns of different periods.

use crate::document;
use crate::engine::Session;
use crate::finding::{Finding, Severity};
use crate::form::header;
use crate::form::Form;
use crate::json::Json;
use crate::text::Lang;
use crate::text::{format_decimal, label_key, Text};
use crate::value::{MoneyUnit, Value, ValueKind};
use rust_decimal::Decimal;
use std::sync::Arc;

/// One return given to [`aggregate`], under the name it is reported by
/// (usually its file name).
pub struct Part {
    /// How the return is named in messages (a file name).
    pub label: String,
    /// The return, read and validated.
    pub session: Session,
}

/// The total of one count or money field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldTotal {
    /// Index of the field in the form.
    pub idx: usize,
    /// The sum (money in đồng), `None` when no return gave a readable value.
    pub total: Option<Value>,
    /// Returns whose value is in the sum.
    pub returns: usize,
    /// Returns whose value could not be read, left out of the sum.
    pub unreadable: Vec<usize>,
    /// The sum is too large for the field to hold (no total is given).
    pub too_large: bool,
}

/// The answers given to one yes/no field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Index of the field in the form.
    pub idx: usize,
    /// Returns answering "có".
    pub yes: usize,
    /// Returns answering "không".
    pub no: usize,
    /// Returns whose answer could not be read.
    pub unreadable: Vec<usize>,
}

/// What each return contributed, as listed in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartSummary {
    /// The return's name (file name).
    pub label: String,
    /// The agency that sent it, as typed.
    pub agency: String,
    /// Its reporting period, ISO dates when readable.
    pub period: (Option<String>, Option<String>),
    /// Its error-severity findings.
    pub errors: u32,
    /// Its warnings.
    pub warnings: u32,
}

/// The totals of many returns of one form.
#[derive(Debug, Clone)]
pub struct Aggregate {
    /// The totals as one return of the same form: its rules and indicators
    /// give the provincial ratios.
    pub session: Session,
    /// Every count and money field, in form order.
    pub totals: Vec<FieldTotal>,
    /// Every yes/no field, in form order.
    pub answers: Vec<Tally>,
    /// The returns, in the order given.
    pub parts: Vec<PartSummary>,
    /// The period shared by every return, if they all share one.
    pub period: Option<(String, String)>,
    /// What to check before using the totals (`AGG-…`), then the rules that
    /// the totals break.
    pub findings: Vec<Finding>,
}

/// Why returns cannot be added together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AggregateError {
    /// No return was given.
    Empty,
    /// A return of another form or form version: its codes may mean other things.
    MixedForms {
        /// The return of the other form.
        label: String,
        /// Its form id and version.
        found: (String, String),
        /// The form id and version of the first return.
        expected: (String, String),
    },
}

impl std::fmt::Display for AggregateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AggregateError::Empty => write!(f, "không có bản báo cáo nào để tổng hợp (no return to add up)"),
            AggregateError::MixedForms { label, found, expected } => write!(
                f,
                "{label} dùng biểu mẫu {} {}, khác các bản trước ({} {}); chỉ cộng được các bản cùng biểu mẫu \
                 (returns of different forms cannot be added up)",
                found.0, found.1, expected.0, expected.1
            ),
        }
    }
}

impl std::error::Error for AggregateError {}

/// Adds up `parts`, which must all be returns of the same form and version.
pub fn aggregate(parts: &[Part]) -> Result<Aggregate, AggregateError> {
    let form = Arc::clone(parts.first().ok_or(AggregateError::Empty)?.session.form());
    let id_of = |f: &Form| (f.id.clone(), f.version.clone());
    for p in parts {
        if id_of(p.session.form()) != id_of(&form) {
            return Err(AggregateError::MixedForms {
                label: p.label.clone(),
                found: id_of(p.session.form()),
                expected: id_of(&form),
            });
        }
    }
    let mut totals = Vec::new();
    let mut answers = Vec::new();
    for idx in form.inputs().filter(|&i| !form.items[i].header) {
        match form.items[idx].value_kind() {
            Some(ValueKind::Count | ValueKind::Money(_)) => totals.push(field_total(parts, idx)),
            Some(ValueKind::YesNo) => answers.push(tally(parts, idx)),
            _ => {}
        }
    }
    let summaries: Vec<PartSummary> = parts.iter().map(summarise).collect();
    let period = shared_period(&summaries);

    let mut session = Session::unevaluated(Arc::clone(&form));
    let mut inputs: Vec<(&str, String)> = totals
        .iter()
        .filter_map(|t| Some((form.items[t.idx].code.as_str(), input_text(t.total.as_ref()?, &form.items[t.idx])?)))
        .collect();
    if let Some((from, to)) = &period {
        inputs.push((header::FROM, iso_to_vi(from)));
        inputs.push((header::TO, iso_to_vi(to)));
    }
    session.set_all_owned(inputs).expect("every total is a count or money field of this form");

    let mut findings = checks(parts, &summaries, &totals, &answers, &form);
    findings.extend(rule_findings(&session));
    Ok(Aggregate { session, totals, answers, parts: summaries, period, findings })
}

fn field_total(parts: &[Part], idx: usize) -> FieldTotal {
    let item = &parts[0].session.form().items[idx];
    let mut sum = Some(Decimal::ZERO);
    let mut returns = 0;
    let mut unreadable = Vec::new();
    for (n, p) in parts.iter().enumerate() {
        match p.session.value_at(idx).and_then(Value::as_number) {
            Some(v) => {
                sum = sum.and_then(|s| s.checked_add(v));
                returns += 1;
            }
            None if !p.session.input_at(idx).trim().is_empty() => unreadable.push(n),
            None => {}
        }
    }
    let mut total = FieldTotal { idx, total: None, returns, unreadable, too_large: false };
    if returns == 0 {
        return total;
    }
    let value = sum.and_then(|s| match item.value_kind() {
        Some(ValueKind::Count) => u64::try_from(s.normalize().mantissa()).ok().map(Value::Count),
        _ => Some(Value::Money(s)),
    });
    // The sum must be a value the field can hold, read back from its text.
    match value.filter(|v| parse_total(v, item) == Some(v.clone())) {
        Some(v) => total.total = Some(v),
        None => total.too_large = true,
    }
    total
}

/// A total as typed, through the reader's own rule for values stored
/// without an input (money in đồng with the unit written out).
fn input_text(total: &Value, item: &crate::form::Item) -> Option<String> {
    document::input_for(total, item.value_kind()?)
}

fn parse_total(total: &Value, item: &crate::form::Item) -> Option<Value> {
    crate::value::parse(&input_text(total, item)?, item.value_kind()?, item.hints).value
}

fn tally(parts: &[Part], idx: usize) -> Tally {
    let mut t = Tally { idx, yes: 0, no: 0, unreadable: Vec::new() };
    for (n, p) in parts.iter().enumerate() {
        match p.session.value_at(idx) {
            Some(Value::Bool(true)) => t.yes += 1,
            Some(Value::Bool(false)) => t.no += 1,
            _ if !p.session.input_at(idx).trim().is_empty() => t.unreadable.push(n),
            _ => {}
        }
    }
    t
}

fn summarise(p: &Part) -> PartSummary {
    let s = &p.session;
    let sum = s.summary();
    PartSummary {
        label: p.label.clone(),
        agency: s.input(header::AGENCY).unwrap_or("").trim().to_string(),
        period: (document::header_date(s, header::FROM), document::header_date(s, header::TO)),
        errors: sum.errors,
        warnings: sum.warnings,
    }
}

fn shared_period(parts: &[PartSummary]) -> Option<(String, String)> {
    let (Some(from), Some(to)) = parts.first()?.period.clone() else { return None };
    parts.iter().all(|p| p.period == (Some(from.clone()), Some(to.clone()))).then_some((from, to))
}

/// `2023-06-30` as typed in the form: `30/06/2023` (other text as it is).
pub fn iso_to_vi(iso: &str) -> String {
    match crate::date::Date::parse_iso(iso) {
        Some(d) => d.to_vi(),
        None => iso.to_string(),
    }
}

/// Shows a total in the field's unit, Vietnamese style (`1.045`, `1,5 tỷ đồng`).
pub fn show_total(total: &Value, form: &Form, idx: usize) -> String {
    match (total, form.items[idx].value_kind()) {
        (Value::Money(d), Some(ValueKind::Money(unit))) => {
            format!("{} {}", format_decimal(*d / unit.dong(), Lang::Vi), unit.name())
        }
        (Value::Money(d), _) => format!("{} {}", format_decimal(*d, Lang::Vi), MoneyUnit::Dong.name()),
        (Value::Count(n), _) => format_decimal(Decimal::from(*n), Lang::Vi),
        _ => String::new(),
    }
}

/// A finding of the collection itself (`AGG-…`).
fn agg(rule: &str, severity: Severity, fields: Vec<String>, vi: String, en: String) -> Finding {
    Finding::new(rule, severity, fields, Text::new(vi, en))
}

/// The checks of the collection itself (`AGG-…`), before any rule.
fn checks(parts: &[Part], sums: &[PartSummary], totals: &[FieldTotal], answers: &[Tally], form: &Form) -> Vec<Finding> {
    let names = |idx: &[usize]| idx.iter().map(|&n| parts[n].label.as_str()).collect::<Vec<_>>().join(", ");
    let mut out = Vec::new();
    let with_errors: Vec<usize> = (0..sums.len()).filter(|&n| sums[n].errors > 0).collect();
    if !with_errors.is_empty() {
        let (n, list) = (with_errors.len(), names(&with_errors));
        out.push(agg(
            "AGG-errors",
            Severity::Error,
            Vec::new(),
            format!("{n} bản còn lỗi ({list}): tổng chỉ cộng các số liệu đọc được, hãy sửa các bản này trước."),
            format!(
                "{n} returns still have errors ({list}): the totals add up only what could be read; fix them first."
            ),
        ));
    }
    for list in same_agency(sums) {
        let (agency, n, files) = (&sums[list[0]].agency, list.len(), names(&list));
        out.push(agg(
            "AGG-duplicate",
            Severity::Warning,
            Vec::new(),
            format!("{agency} có {n} bản ({files}): số liệu được cộng {n} lần. Nếu là bản gửi lại, hãy bỏ bớt."),
            format!("{agency} sent {n} returns ({files}): its data are counted {n} times. If one is a resend, leave it out."),
        ));
    }
    let unnamed: Vec<usize> = (0..sums.len()).filter(|&n| label_key(&sums[n].agency).is_empty()).collect();
    if !unnamed.is_empty() {
        let files = names(&unnamed);
        out.push(agg(
            "AGG-agency",
            Severity::Warning,
            Vec::new(),
            format!("Chưa có tên cơ quan: {files}. Không kiểm tra được bản trùng."),
            format!("No agency name: {files}. Duplicates cannot be checked."),
        ));
    }
    out.extend(period_check(sums, names));
    for t in totals.iter().filter(|t| t.too_large) {
        out.push(agg(
            "AGG-too-large",
            Severity::Error,
            vec![form.items[t.idx].code.clone()],
            "Tổng quá lớn, không ghi được vào mục này; hãy kiểm tra các số liệu của mục.".into(),
            "The total is too large for this field; check the values given for it.".into(),
        ));
    }
    let unreadable =
        totals.iter().map(|t| (t.idx, &t.unreadable)).chain(answers.iter().map(|t| (t.idx, &t.unreadable)));
    for (idx, list) in unreadable.filter(|(_, l)| !l.is_empty()) {
        let (n, files) = (list.len(), names(list));
        out.push(agg(
            "AGG-unreadable",
            Severity::Warning,
            vec![form.items[idx].code.clone()],
            format!("{n} bản có số liệu không đọc được, không được cộng vào tổng: {files}."),
            format!("{n} returns hold a value that cannot be read and is left out of the total: {files}."),
        ));
    }
    out
}

/// The returns of each agency that sent more than one (names compared
/// without case, spacing or markup).
pub(crate) fn same_agency(sums: &[PartSummary]) -> Vec<Vec<usize>> {
    let mut seen: Vec<(String, Vec<usize>)> = Vec::new();
    for (n, s) in sums.iter().enumerate() {
        // A name of nothing but spacing or dashes names no agency.
        let key = label_key(&s.agency);
        if key.is_empty() {
            continue;
        }
        match seen.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(n),
            None => seen.push((key, vec![n])),
        }
    }
    seen.into_iter().map(|(_, list)| list).filter(|l| l.len() > 1).collect()
}

/// `AGG-period`: returns without a complete period, else returns of
/// different periods.
fn period_check(sums: &[PartSummary], names: impl Fn(&[usize]) -> String) -> Option<Finding> {
    let fields = || vec![header::FROM.to_string(), header::TO.to_string()];
    let undated: Vec<usize> =
        (0..sums.len()).filter(|&n| sums[n].period.0.is_none() || sums[n].period.1.is_none()).collect();
    if !undated.is_empty() {
        let files = names(&undated);
        return Some(agg(
            "AGG-period",
            Severity::Warning,
            fields(),
            format!("Chưa có đủ kỳ báo cáo: {files}. Tổng không thuộc một kỳ nào."),
            format!("No complete reporting period: {files}. The totals belong to no single period."),
        ));
    }
    if shared_period(sums).is_some() {
        return None;
    }
    let date = |x: &Option<String>| x.as_deref().map(iso_to_vi).unwrap_or_default();
    let list: Vec<String> =
        sums.iter().map(|s| format!("{}: {}–{}", s.label, date(&s.period.0), date(&s.period.1))).collect();
    let list = list.join("; ");
    Some(agg(
        "AGG-period",
        Severity::Warning,
        fields(),
        format!("Các bản không cùng kỳ báo cáo ({list}); tổng không thuộc một kỳ nào."),
        format!("The returns are not all of one reporting period ({list}); the totals belong to no single period."),
    ))
}

/// The form's rules and indicators that the totals break. Whether a
/// required field was left blank, or how a value was typed, is a question
/// for each return, not for the sum; so is the header (the period), which
/// is checked above.
fn rule_findings(s: &Session) -> Vec<Finding> {
    let form = s.form();
    s.findings()
        .into_iter()
        .filter(|f| f.kind == crate::finding::Kind::Indicator || form.rules.iter().any(|r| r.id == f.rule))
        .filter(|f| f.fields.iter().any(|c| form.item(c).is_some_and(|i| !i.header)))
        .collect()
}

impl Aggregate {
    /// Error-severity findings: the CLI exits with 1 when there is one.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// Warnings.
    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Warning).count()
    }

    /// The aggregate as JSON (`"format": "pdti-aggregate"`).
    pub fn to_json(&self) -> Json<'_> {
        let form = self.session.form();
        let period = match &self.period {
            Some((from, to)) => Json::object([("from", Json::from(from)), ("to", Json::from(to))]),
            None => Json::Null,
        };
        let parts = self.parts.iter().map(|p| {
            Json::object([
                ("file", Json::from(&p.label)),
                ("agency", Json::from(&p.agency)),
                ("period", Json::object([("from", p.period.0.as_ref().into()), ("to", p.period.1.as_ref().into())])),
                ("errors", p.errors.into()),
                ("warnings", p.warnings.into()),
            ])
        });
        let totals = self.totals.iter().map(|t| {
            let mut entry =
                vec![("value", document::value_json(t.total.as_ref())), ("returns", Json::from(t.returns as u64))];
            if matches!(form.items[t.idx].value_kind(), Some(ValueKind::Money(_))) {
                entry.push(("unit", "đồng".into()));
            }
            if !t.unreadable.is_empty() {
                entry.push(("unreadable", Json::from(t.unreadable.len() as u64)));
            }
            (form.items[t.idx].code.as_str(), Json::object(entry))
        });
        let answers = self.answers.iter().map(|t| {
            let mut entry = vec![("yes", Json::from(t.yes as u64)), ("no", Json::from(t.no as u64))];
            if !t.unreadable.is_empty() {
                entry.push(("unreadable", Json::from(t.unreadable.len() as u64)));
            }
            (form.items[t.idx].code.as_str(), Json::object(entry))
        });
        Json::object([
            ("format", Json::from("pdti-aggregate")),
            ("formatVersion", Json::from(1u32)),
            ("form", Json::object([("id", Json::from(&form.id)), ("version", Json::from(&form.version))])),
            ("period", period),
            ("returns", Json::Array(parts.collect())),
            ("totals", Json::object(totals)),
            ("answers", Json::object(answers)),
            (
                "indicators",
                Json::Array(
                    document::indicators(&self.session).into_iter().map(document::IndicatorOut::into_json).collect(),
                ),
            ),
            ("findings", Json::Array(self.findings.iter().cloned().map(Finding::into_json).collect())),
            (
                "summary",
                Json::object([
                    ("returns", Json::from(self.parts.len() as u64)),
                    ("errors", Json::from(self.errors() as u64)),
                    ("warnings", Json::from(self.warnings() as u64)),
                ]),
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Arc<Form> {
        Arc::new(Form::pdti_2023())
    }

    /// A return of `agency` for the first half of 2023 with `values` typed.
    fn part(label: &str, agency: &str, values: &[(&str, &str)]) -> Part {
        let mut s = Session::new(form());
        let header = [("agency.name", agency), ("period.from", "01/01/2023"), ("period.to", "30/06/2023")];
        s.set_all(header.iter().chain(values).copied()).unwrap();
        Part { label: label.into(), session: s }
    }

    fn total<'a>(a: &'a Aggregate, code: &str) -> &'a FieldTotal {
        let idx = a.session.form().index_of(code).unwrap();
        a.totals.iter().find(|t| t.idx == idx).unwrap()
    }

    fn rules(a: &Aggregate) -> Vec<&str> {
        a.findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn counts_and_money_are_summed_exactly_whatever_the_unit_typed() {
        let a = aggregate(&[
            part("a.json", "Sở Tư pháp", &[("3.1.1", "43"), ("5.11.1.a", "1,5"), ("5.11.1.c", "11.362.000")]),
            part("b.json", "Sở Y tế", &[("3.1.1", "1.045"), ("5.11.1.a", "150 triệu"), ("5.11.1.c", "0,5 tỷ")]),
            part("c.json", "Sở Tài chính", &[("3.1.1", "")]),
        ])
        .unwrap();
        assert_eq!(total(&a, "3.1.1").total, Some(Value::Count(1088)));
        assert_eq!(total(&a, "3.1.1").returns, 2);
        assert_eq!(total(&a, "5.11.1.a").total, Some(Value::Money(Decimal::from(1_650_000_000u64))));
        assert_eq!(total(&a, "5.11.1.c").total, Some(Value::Money(Decimal::from(511_362_000u64))));
        assert_eq!(total(&a, "4.4.a").total, None);
        // The totals are the aggregate return's values, read back exactly.
        for t in a.totals.iter().filter(|t| t.total.is_some()) {
            assert_eq!(a.session.value_at(t.idx), t.total.as_ref());
        }
        let shown =
            show_total(total(&a, "5.11.1.a").total.as_ref().unwrap(), a.session.form(), total(&a, "5.11.1.a").idx);
        assert_eq!(shown, "1,65 tỷ đồng");
    }

    #[test]
    fn yes_no_answers_are_tallied() {
        let a = aggregate(&[
            part("a", "A", &[("6.2.a", "có")]),
            part("b", "B", &[("6.2.a", "Không")]),
            part("c", "C", &[("6.2.a", "có")]),
            part("d", "D", &[]),
        ])
        .unwrap();
        let idx = a.session.form().index_of("6.2.a").unwrap();
        let t = a.answers.iter().find(|t| t.idx == idx).unwrap();
        assert_eq!((t.yes, t.no, t.unreadable.len()), (2, 1, 0));
    }

    #[test]
    fn an_unreadable_value_is_left_out_of_its_total_and_named() {
        let a =
            aggregate(&[part("a.json", "A", &[("3.1.1", "43 máy")]), part("b.json", "B", &[("3.1.1", "7")])]).unwrap();
        assert_eq!(total(&a, "3.1.1").total, Some(Value::Count(7)));
        assert_eq!(total(&a, "3.1.1").unreadable, vec![0]);
        let f = a.findings.iter().find(|f| f.rule == "AGG-unreadable").unwrap();
        assert_eq!(f.fields, ["3.1.1"]);
        assert!(f.message.vi.contains("a.json"), "{}", f.message.vi);
        // The return itself has an error, so the aggregate says so first.
        assert_eq!(rules(&a)[0], "AGG-errors");
        assert!(a.errors() > 0);
    }

    #[test]
    fn rules_and_indicators_run_on_the_totals() {
        // Each return is consistent on its own (its only errors are blank
        // required fields); added up, 6.2.đ exceeds 6.2.d.
        let parts = vec![part("a", "A", &[("6.2.d", "10"), ("6.2.đ", "8")]), part("b", "B", &[("6.2.đ", "5")])];
        for p in &parts {
            let findings = p.session.findings();
            assert!(findings.iter().all(|f| f.severity != Severity::Error || f.kind == crate::finding::Kind::Required));
        }
        let a = aggregate(&parts).unwrap();
        let f = a.findings.iter().find(|f| f.rule == "R15b").expect("the totals break R15b");
        assert!(f.message.vi.contains("(13)") && f.message.vi.contains("(10)"), "{}", f.message.vi);
        let ind = a.session.form().indicators.iter().position(|i| i.code == "6.2.đ/d").unwrap();
        assert!(a.session.indicator_text(ind, Lang::Vi).exceeds);
    }

    #[test]
    fn consistent_returns_add_up_to_consistent_totals_with_no_typing_notes() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/complete-return.json"))
            .unwrap();
        let one = || crate::document::read(&text, &form()).unwrap().session;
        let a = aggregate(&[Part { label: "a".into(), session: one() }, Part { label: "b".into(), session: one() }])
            .unwrap();
        assert_eq!(a.errors(), 0, "{:?}", rules(&a));
        // Only the collection's own checks and the form's rules: nothing about
        // how the totals were "typed", nothing about the header.
        for f in &a.findings {
            assert!(f.rule.starts_with("AGG-") || f.rule.starts_with('R'), "{}", f.rule);
            assert!(!f.rule.starts_with("R27"), "{}", f.rule);
        }
        assert!(rules(&a).contains(&"AGG-duplicate"), "the same agency twice: {:?}", rules(&a));
        assert_eq!(a.period, Some(("2023-01-01".to_string(), "2023-06-30".to_string())));
    }

    #[test]
    fn the_same_agency_twice_is_flagged_whatever_its_spelling() {
        let a = aggregate(&[part("a", "Sở Tư pháp", &[]), part("b", "  sở tư PHÁP ", &[]), part("c", "Sở Y tế", &[])])
            .unwrap();
        let f: Vec<_> = a.findings.iter().filter(|f| f.rule == "AGG-duplicate").collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].message.vi.contains("2 bản (a, b)"), "{}", f[0].message.vi);
    }

    #[test]
    fn returns_without_an_agency_name_are_named_in_a_warning() {
        let a = aggregate(&[part("a", "", &[]), part("b", "B", &[])]).unwrap();
        let f = a.findings.iter().find(|f| f.rule == "AGG-agency").unwrap();
        assert!(f.message.vi.contains(": a."), "{}", f.message.vi);
    }

    #[test]
    fn returns_of_different_periods_are_flagged_and_the_totals_have_no_period() {
        let mut late = part("b", "B", &[]);
        late.session.set("period.to", "31/12/2023").unwrap();
        let a = aggregate(&[part("a", "A", &[]), late]).unwrap();
        assert_eq!(a.period, None);
        let f = a.findings.iter().find(|f| f.rule == "AGG-period").unwrap();
        assert!(f.message.vi.contains("b: 01/01/2023–31/12/2023"), "{}", f.message.vi);
        // The blank period of the totals is not reported again as a header problem.
        assert!(a.findings.iter().all(|f| !f.rule.starts_with("HDR")));
    }

    #[test]
    fn a_return_without_a_period_is_named_and_the_totals_have_none() {
        let mut undated = part("b", "B", &[]);
        undated.session.set("period.from", "").unwrap();
        let a = aggregate(&[part("a", "A", &[]), undated]).unwrap();
        assert_eq!(a.period, None);
        let f: Vec<_> = a.findings.iter().filter(|f| f.rule == "AGG-period").collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].message.vi.starts_with("Chưa có đủ kỳ báo cáo: b."), "{}", f[0].message.vi);
    }

    #[test]
    fn a_sum_too_large_for_the_field_gives_no_total_and_an_error() {
        let max = u64::MAX.to_string();
        let a = aggregate(&[part("a", "A", &[("3.1.1", &max)]), part("b", "B", &[("3.1.1", "1")])]).unwrap();
        assert!(total(&a, "3.1.1").too_large);
        assert_eq!(total(&a, "3.1.1").total, None);
        assert!(rules(&a).contains(&"AGG-too-large"));
        // 28 digits, the most an amount may have: two of them need 29.
        let big = "9".repeat(28);
        let a = aggregate(&[part("a", "A", &[("5.11.1.c", &big)]), part("b", "B", &[("5.11.1.c", &big)])]).unwrap();
        assert!(total(&a, "5.11.1.c").too_large);
        // Eight of them overflow the decimal type itself: no panic either.
        let parts: Vec<Part> = (0..8).map(|n| part(&n.to_string(), "A", &[("5.11.1.c", &big)])).collect();
        let a = aggregate(&parts).unwrap();
        assert!(total(&a, "5.11.1.c").too_large);
        assert_eq!(total(&a, "5.11.1.c").returns, 8);
    }

    #[test]
    fn returns_of_another_form_version_are_refused() {
        let text = crate::form::embedded_definitions().last().unwrap().replacen("\"2023.3\"", "\"2024.1\"", 1);
        let other = Arc::new(Form::from_json(&text).unwrap());
        let b = Part { label: "b.json".into(), session: Session::new(other) };
        let e = aggregate(&[part("a.json", "A", &[]), b]).unwrap_err();
        assert!(matches!(e, AggregateError::MixedForms { .. }));
        assert!(e.to_string().contains("b.json dùng biểu mẫu pdti-2023 2024.1"), "{e}");
        assert_eq!(aggregate(&[]).unwrap_err(), AggregateError::Empty);
    }

    #[test]
    fn the_json_gives_money_in_dong_as_exact_strings_and_the_provincial_indicators() {
        let a = aggregate(&[part("a", "A", &[("5.11.1.a", "0,1"), ("3.1.1", "10"), ("3.1.2.a", "9")])]).unwrap();
        let text = a.to_json().to_pretty();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], "pdti-aggregate");
        assert_eq!(v["totals"]["5.11.1.a"]["value"], "100000000");
        assert_eq!(v["totals"]["5.11.1.a"]["unit"], "đồng");
        assert_eq!(v["totals"]["3.1.1"]["value"], 10);
        assert_eq!(v["summary"]["returns"], 1);
        let ind = v["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "3.1.2").unwrap();
        assert_eq!(ind["value"], "0.9");
    }
}
