//! Ranking returns as the collecting office does (PDTI.md §9): each
//! return's points per pillar and in all, its percentage of the maximum, its
//! level, and its rank among the others; and the checks of a return against
//! the same agency's return of last period.
//!
//! Levels and period checks are data in the form definition (`levels`,
//! `periodChecks`). A definition without `levels` ranks by the default four
//! (Dẫn dắt > 75 %, Nâng cao > 50 %, Hình thành > 25 %, Khởi động), and says
//! so. The form pages rank nothing: this module is in the builds that do
//! (the CLI and the collector page's wasm); the form pages' wasm leaves
//! these keys out of its copy of the definition (build.rs).

use crate::engine::Session;
use crate::form::{read_level, Form, FormError, LevelFile};
use crate::json::Json as Value;
use crate::json_read::{Obj, Path, ShapeError};
use crate::text::{parse_decimal, Text};
use crate::value::ValueKind;
use rust_decimal::Decimal;

pub use crate::form::{Level, Levels};

impl Levels {
    /// "Dẫn dắt (> 75 %)" (no-break spaces): a level's name with its threshold, as the
    /// collector page's legend and the workbook show it.
    pub fn describe(&self, i: usize) -> Text {
        let l = &self.list[i];
        match l.above {
            Some(a) => Text::new(
                format!("{} (>\u{a0}{}\u{a0}%)", l.name.vi, a.normalize()),
                format!("{} (>\u{a0}{}\u{a0}%)", l.name.en, a.normalize()),
            ),
            None => {
                let low = self.list.get(i.wrapping_sub(1)).and_then(|p| p.above).unwrap_or(Decimal::ZERO).normalize();
                Text::new(
                    format!("{} (≤\u{a0}{low}\u{a0}%)", l.name.vi),
                    format!("{} (≤\u{a0}{low}\u{a0}%)", l.name.en),
                )
            }
        }
    }
}

/// A check of a value against the same agency's value of last period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCheck {
    /// Stable id (`K1`): the rule id of its findings.
    pub id: String,
    /// The count and money fields it checks.
    pub fields: Vec<usize>,
    /// Flag a change of more than this percentage of last period's value.
    pub max_change_percent: Option<Decimal>,
    /// Flag any fall: a count that only grows (systems approved so far).
    pub never_falls: bool,
}

/// What a definition says about ranking and comparing returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    /// The pillars with their maximum points (the sum of their scored
    /// indicators'), in the order the indicators first name them.
    pub pillars: Vec<(String, Decimal)>,
    /// The levels.
    pub levels: Levels,
    /// The checks against last period.
    pub period_checks: Vec<PeriodCheck>,
    /// The points are provisional (`"pointsProvisional": true`: the
    /// official scheme is not in the definition); pages and workbooks say so.
    pub points_provisional: bool,
}

impl Ranking {
    /// The ranking of `form`, read from its definition's JSON text.
    pub fn from_json(text: &str, form: &Form) -> Result<Ranking, FormError> {
        let v = Value::parse(text).map_err(|e| FormError::Json {
            line: e.line,
            column: e.column,
            message: e.to_string(),
        })?;
        let o = Obj::new(&v, Path::Root).map_err(shape)?;
        let levels = match o.value("levels") {
            None => Levels::default_four(),
            Some(_) => levels(o.list("levels", read_level).map_err(shape)?)?,
        };
        let mut period_checks = Vec::new();
        for c in o.list("periodChecks", read_check).map_err(shape)? {
            period_checks.push(c.compile(form)?);
        }
        let mut pillars: Vec<(String, Decimal)> = Vec::new();
        for ind in &form.indicators {
            let max = ind.max_points.unwrap_or(Decimal::ZERO);
            match pillars.iter_mut().find(|(code, _)| *code == ind.pillar) {
                Some((_, sum)) => *sum = sum.checked_add(max).unwrap_or(*sum),
                None => pillars.push((ind.pillar.clone(), max)),
            }
        }
        let points_provisional = o.bool("pointsProvisional", false).map_err(shape)?;
        Ok(Ranking { pillars, levels, period_checks, points_provisional })
    }

    /// The ranking of a form shipped with pdti-form (matched by id and
    /// version), `None` for another form.
    pub fn embedded(form: &Form) -> Option<Ranking> {
        crate::form::embedded_definitions().iter().find_map(|text| {
            let f = Form::from_json(text).ok()?;
            (f.id == form.id && f.version == form.version).then(|| Ranking::from_json(text, form).ok()).flatten()
        })
    }

    /// A return's points and level: its [`Session::score`], with the
    /// pillars in [`Ranking::pillars`] order.
    pub fn standing(&self, s: &Session) -> Standing {
        let score = s.score();
        let pillars = self
            .pillars
            .iter()
            .map(|(code, _)| score.pillars.iter().find(|(c, _)| c == code).map_or(Decimal::ZERO, |(_, t)| t.points))
            .collect();
        let t = score.total;
        Standing { pillars, points: t.points, max: t.max, percent: t.percent, level: t.level }
    }
}

/// One return's points, percentage of the maximum and level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// Points per pillar, in [`Ranking::pillars`] order.
    pub pillars: Vec<Decimal>,
    /// Total points.
    pub points: Decimal,
    /// The maximum points.
    pub max: Decimal,
    /// Points as a percentage of the maximum, two decimals (one rounding
    /// rule: half away from zero); `None` when nothing is scored.
    pub percent: Option<Decimal>,
    /// Index of its level in [`Levels::list`].
    pub level: Option<usize>,
}

/// Ranks of `points` (highest first), equal points sharing a rank and the
/// next rank skipping as many ("1, 2, 2, 4"), in the order given.
pub fn ranks(points: &[Decimal]) -> Vec<u32> {
    points.iter().map(|p| 1 + points.iter().filter(|q| *q > p).count() as u32).collect()
}

pub(crate) struct CheckFile {
    id: String,
    fields: Vec<String>,
    max_change_percent: Option<String>,
    never_falls: bool,
}

pub(crate) fn read_check(v: &Value, at: Path) -> Result<CheckFile, ShapeError> {
    let c = Obj::new(v, at)?;
    c.only(&["id", "fields", "maxChangePercent", "neverFalls"])?;
    Ok(CheckFile {
        id: c.str("id")?,
        fields: c.opt_strings("fields")?.unwrap_or_default(),
        max_change_percent: c.opt_str("maxChangePercent")?,
        never_falls: c.bool("neverFalls", false)?,
    })
}

#[allow(clippy::boxed_local)] // json_read::ShapeError is a Box by design (small Results)
fn shape(e: ShapeError) -> FormError {
    FormError::Invalid { at: e.at, message: e.message }
}

fn invalid(at: &str, message: impl Into<String>) -> FormError {
    FormError::Invalid { at: at.to_string(), message: message.into() }
}

pub(crate) fn levels(list: Vec<LevelFile>) -> Result<Levels, FormError> {
    let last = list.len().checked_sub(1).ok_or_else(|| invalid("levels", "the list of levels is empty"))?;
    let mut out: Vec<Level> = Vec::new();
    for (n, l) in list.into_iter().enumerate() {
        let at = format!("levels[{n}]");
        if l.name.vi.trim().is_empty() {
            return Err(invalid(&at, "a level needs a name"));
        }
        let above = match (&l.above, n == last) {
            (None, true) => None,
            (Some(a), false) => {
                let a = parse_decimal(a)
                    .filter(|d| !d.is_sign_negative() && *d < Decimal::ONE_HUNDRED)
                    .ok_or_else(|| invalid(&at, "'above' is a percentage from 0 to below 100"))?;
                if out.last().and_then(|p| p.above).is_some_and(|p| a >= p) {
                    return Err(invalid(&at, "levels go from the highest threshold down"));
                }
                Some(a)
            }
            (None, false) => return Err(invalid(&at, "only the last level has no 'above'")),
            (Some(_), true) => return Err(invalid(&at, "the last level takes every other return: no 'above'")),
        };
        out.push(Level { name: l.name, above });
    }
    Ok(Levels { list: out, default: false })
}

impl CheckFile {
    fn compile(self, form: &Form) -> Result<PeriodCheck, FormError> {
        let mut fields = Vec::new();
        for code in &self.fields {
            let idx = form
                .index_of(code)
                .filter(|&i| matches!(form.items[i].value_kind(), Some(ValueKind::Count | ValueKind::Money(_))))
                .ok_or_else(|| invalid(&self.id, format!("'{code}' is not a count or money field")))?;
            fields.push(idx);
        }
        let max_change_percent = match &self.max_change_percent {
            Some(m) => Some(
                parse_decimal(m)
                    .filter(|d| !d.is_sign_negative())
                    .ok_or_else(|| invalid(&self.id, "maxChangePercent is not a number ≥ 0"))?,
            ),
            None => None,
        };
        if fields.is_empty() || (max_change_percent.is_none() && !self.never_falls) {
            return Err(invalid(&self.id, "a period check needs fields, and maxChangePercent or neverFalls"));
        }
        Ok(PeriodCheck { id: self.id, fields, max_change_percent, never_falls: self.never_falls })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn form_with(extra: &str) -> (String, Form) {
        let text = format!(
            r#"{{"id":"x","version":"1","title":{{"vi":"a","en":"a"}},"pillars":[{{"code":"P","maxPoints":"10"}}],
            "items":[{{"code":"1","kind":"count","label":{{"vi":"a","en":"a"}}}},{{"code":"2","kind":"count","label":{{"vi":"b","en":"b"}}}},
                     {{"code":"3","kind":"text","label":{{"vi":"c","en":"c"}}}}],
            "indicators":[{{"code":"K","pillar":"P","label":{{"vi":"k","en":"k"}},"numerator":"{{1}}","denominator":"{{2}}"}}]{extra}}}"#
        );
        let form = Form::from_json(&text).unwrap();
        (text, form)
    }

    fn level_at(extra: &str, numerator: &str) -> String {
        let (text, form) = form_with(extra);
        let ranking = Ranking::from_json(&text, &form).unwrap();
        let mut s = Session::new(Arc::new(form));
        s.set("1", numerator).unwrap();
        s.set("2", "100").unwrap();
        let st = ranking.standing(&s);
        ranking.levels.list[st.level.unwrap()].name.vi.clone()
    }

    #[test]
    fn without_levels_a_definition_ranks_by_the_default_four_and_says_so() {
        let (text, form) = form_with("");
        let r = Ranking::from_json(&text, &form).unwrap();
        assert!(r.levels.default);
        assert_eq!(level_at("", "76"), "Dẫn dắt");
        assert_eq!(level_at("", "75"), "Nâng cao");
        assert_eq!(level_at("", "50"), "Hình thành");
        assert_eq!(level_at("", "26"), "Hình thành");
        assert_eq!(level_at("", "25"), "Khởi động");
        assert_eq!(level_at("", "0"), "Khởi động");
        assert_eq!(r.levels.describe(0).vi, "Dẫn dắt (>\u{a0}75\u{a0}%)");
        assert_eq!(r.levels.describe(3).vi, "Khởi động (≤\u{a0}25\u{a0}%)");
    }

    #[test]
    fn a_definition_with_other_thresholds_gives_other_levels_without_code() {
        let own = r#","levels":[{"name":{"vi":"Xuất sắc","en":"Excellent"},"above":"90"},
                               {"name":{"vi":"Tốt","en":"Good"},"above":"60.5"},
                               {"name":{"vi":"Chưa đạt","en":"Not yet"}}]"#;
        let (text, form) = form_with(own);
        assert!(!Ranking::from_json(&text, &form).unwrap().levels.default);
        assert_eq!(level_at(own, "91"), "Xuất sắc");
        assert_eq!(level_at(own, "90"), "Tốt");
        assert_eq!(level_at(own, "61"), "Tốt");
        assert_eq!(level_at(own, "60"), "Chưa đạt");
        // The same return under the default four is "Dẫn dắt".
        assert_eq!(level_at("", "90"), "Dẫn dắt");
    }

    #[test]
    fn levels_out_of_order_or_without_a_last_catch_all_are_refused_with_where() {
        let cases = [
            (r#","levels":[]"#, "levels", "empty"),
            (
                r#","levels":[{"name":{"vi":"A","en":"A"},"above":"50"},{"name":{"vi":"B","en":"B"},"above":"60"},{"name":{"vi":"C","en":"C"}}]"#,
                "levels[1]",
                "highest threshold down",
            ),
            (r#","levels":[{"name":{"vi":"A","en":"A"},"above":"50"}]"#, "levels[0]", "no 'above'"),
            (r#","levels":[{"name":{"vi":"A","en":"A"}},{"name":{"vi":"B","en":"B"}}]"#, "levels[0]", "only the last"),
            (
                r#","levels":[{"name":{"vi":"A","en":"A"},"above":"100"},{"name":{"vi":"B","en":"B"}}]"#,
                "levels[0]",
                "percentage",
            ),
            (
                r#","levels":[{"name":{"vi":" ","en":"A"},"above":"10"},{"name":{"vi":"B","en":"B"}}]"#,
                "levels[0]",
                "needs a name",
            ),
            (r#","periodChecks":[{"id":"Q","fields":["3"],"neverFalls":true}]"#, "Q", "not a count"),
            (r#","periodChecks":[{"id":"Q","fields":["1"]}]"#, "Q", "maxChangePercent or neverFalls"),
            (r#","periodChecks":[{"id":"Q","fields":["1"],"maxChangePercent":"-5"}]"#, "Q", "≥ 0"),
        ];
        for (extra, at, says) in cases {
            let (text, form) = form_with(extra);
            match Ranking::from_json(&text, &form) {
                Err(FormError::Invalid { at: a, message }) => {
                    assert_eq!(a, at, "{extra}");
                    assert!(message.contains(says), "{extra}: {message}");
                }
                other => panic!("{extra}: {other:?}"),
            }
        }
    }

    #[test]
    fn equal_points_share_a_rank_and_the_next_rank_skips() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(ranks(&[d(50), d(80), d(50), d(10), d(80)]), [3, 1, 3, 5, 1]);
        assert_eq!(ranks(&[]), Vec::<u32>::new());
    }

    #[test]
    fn the_shipped_form_ranks_by_pillars_that_add_up_to_its_maximum() {
        let form = Form::pdti_2023();
        let r = Ranking::embedded(&form).unwrap();
        let codes: Vec<&str> = r.pillars.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["3", "4", "5", "6", "7"]);
        let s = Session::new(Arc::new(form.clone()));
        let st = r.standing(&s);
        let sum = r.pillars.iter().map(|(_, m)| *m).sum::<Decimal>();
        assert_eq!(crate::text::round_half_away(sum, 2), crate::text::round_half_away(st.max, 2));
        assert_eq!(crate::text::round_half_away(st.max, 2), Decimal::from(650));
        assert_eq!(st.points, Decimal::ZERO);
        assert_eq!(r.levels.list[st.level.unwrap()].name.vi, "Khởi động");
        assert!(r.period_checks.iter().any(|c| c.never_falls));
    }
}
