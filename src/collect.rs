//! The collecting office's view of a cycle's returns (issue #14): one row
//! per return with its findings, points, level and rank; the province's
//! totals (`crate::aggregate`); and each agency's changes since last period.
//! The collector page, its workbook and `pdti … --format xlsx` all read
//! this one [`Review`], so the page and the CLI cannot disagree.

use crate::aggregate::{aggregate, same_agency, show_total, Aggregate, AggregateError, Part, PartSummary};
use crate::document;
use crate::finding::{Finding, Severity};
use crate::form::{header, Form};
use crate::ranking::{ranks, Ranking, Standing};
use crate::text::{label_key, percent, round_half_away, Text};
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Something the office should look at before using a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Another return in the table names the same agency.
    SameAgency,
    /// The return's period differs from the one most returns give.
    OtherPeriod,
    /// The return names no agency.
    NoAgency,
    /// The agency's return given as last period's is not of an earlier period.
    PreviousNotEarlier,
}

impl Flag {
    /// What the page and the workbook say.
    pub fn text(self) -> Text {
        match self {
            Flag::SameAgency => Text::new("Cơ quan này có nhiều bản", "Same agency twice"),
            Flag::OtherPeriod => Text::new("Khác kỳ", "Other period"),
            Flag::NoAgency => Text::new("Chưa có tên cơ quan", "No agency name"),
            Flag::PreviousNotEarlier => {
                Text::new("Bản kỳ trước không thuộc kỳ trước", "Last period's return is not of an earlier period")
            }
        }
    }
}

/// One return in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index of the return in the parts given to [`review`].
    pub part: usize,
    /// Its summary: name, agency, period, errors, warnings.
    pub summary: PartSummary,
    /// The definition version it was read with.
    pub version: String,
    /// Required fields left blank.
    pub missing: u32,
    /// Points, percentage and level.
    pub standing: Standing,
    /// Rank by total points (1 is first; equal points share a rank).
    pub rank: u32,
    /// The fingerprint the signed copy prints (`document::fingerprint`).
    pub fingerprint: String,
    /// What to look at first.
    pub flags: Vec<Flag>,
}

/// One field of one agency, this period against the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Index of the field in the form.
    pub field: usize,
    /// Last period's value (money in đồng).
    pub before: Decimal,
    /// This period's value, `None` when the field is left blank this period.
    pub after: Option<Decimal>,
    /// The change as a percentage of last period's value, two decimals;
    /// `None` when last period's value is 0.
    pub percent: Option<Decimal>,
    /// The definition's period check that flags it (`K1`), as a warning.
    pub finding: Option<Finding>,
}

/// One return against its agency's return of last period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Index of this period's return in the parts given to [`review`].
    pub part: usize,
    /// Index of last period's return in the previous parts, `None` when
    /// the agency sent none.
    pub previous: Option<usize>,
    /// Count and money fields whose value changed, or that a check flags.
    pub changes: Vec<Change>,
}

impl Comparison {
    /// Changes a period check flags.
    pub fn flagged(&self) -> usize {
        self.changes.iter().filter(|c| c.finding.is_some()).count()
    }
}

/// The office's view of a cycle.
#[derive(Debug, Clone)]
pub struct Review {
    /// The ranking: pillars, levels, period checks.
    pub ranking: Ranking,
    /// One row per return, by rank (then agency, then name).
    pub rows: Vec<Row>,
    /// The province's totals, as `pdti aggregate` gives them.
    pub aggregate: Aggregate,
    /// One per return, in the order of `rows`, when last period's returns
    /// were given; empty otherwise.
    pub comparisons: Vec<Comparison>,
}

impl Review {
    /// The form of the returns.
    pub fn form(&self) -> &Arc<Form> {
        self.aggregate.session.form()
    }
}

/// Reviews `current` (this period's returns of one form) against
/// `previous` (last period's, possibly none), ranking by `ranking`.
pub fn review(current: &[Part], previous: &[Part], ranking: Ranking) -> Result<Review, AggregateError> {
    let aggregate = aggregate(current)?;
    let standings: Vec<Standing> = current.iter().map(|p| ranking.standing(&p.session)).collect();
    let points: Vec<Decimal> = standings.iter().map(|s| s.points).collect();
    let rank = ranks(&points);
    let sums = &aggregate.parts;
    let twice: Vec<usize> = same_agency(sums).into_iter().flatten().collect();
    let usual = usual_period(sums);
    let mut rows: Vec<Row> = current
        .iter()
        .zip(standings)
        .enumerate()
        .map(|(n, (p, standing))| {
            let s = &p.session;
            let mut flags = Vec::new();
            if label_key(&sums[n].agency).is_empty() {
                flags.push(Flag::NoAgency);
            }
            if twice.contains(&n) {
                flags.push(Flag::SameAgency);
            }
            if usual.as_ref().is_some_and(|u| *u != sums[n].period) {
                flags.push(Flag::OtherPeriod);
            }
            Row {
                part: n,
                summary: sums[n].clone(),
                version: s.form().version.clone(),
                missing: s.summary().required_missing,
                standing,
                rank: rank[n],
                fingerprint: document::fingerprint(s),
                flags,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.rank, label_key(&a.summary.agency), &a.summary.label).cmp(&(
            b.rank,
            label_key(&b.summary.agency),
            &b.summary.label,
        ))
    });
    let comparisons: Vec<Comparison> = if previous.is_empty() {
        Vec::new()
    } else {
        rows.iter().map(|r| compare(r.part, current, previous, &ranking)).collect()
    };
    for (row, c) in rows.iter_mut().zip(&comparisons) {
        let before = c.previous.map(|p| document::header_date(&previous[p].session, header::TO));
        let starts = &row.summary.period.0;
        // ISO dates compare as text.
        if let (Some(Some(before)), Some(starts)) = (before, starts) {
            if before >= *starts {
                row.flags.push(Flag::PreviousNotEarlier);
            }
        }
    }
    Ok(Review { ranking, rows, aggregate, comparisons })
}

/// A return's period: its first and last day, ISO, when readable.
type Period = (Option<String>, Option<String>);

/// The period most returns give (the first such, on a tie); `None` when
/// there is at most one period among them.
fn usual_period(sums: &[PartSummary]) -> Option<Period> {
    let mut counts: Vec<(&Period, usize)> = Vec::new();
    for s in sums {
        match counts.iter_mut().find(|(p, _)| **p == s.period) {
            Some((_, n)) => *n += 1,
            None => counts.push((&s.period, 1)),
        }
    }
    if counts.len() < 2 {
        return None;
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(p, _)| p.clone())
}

fn agency_key(p: &Part) -> String {
    label_key(p.session.input(header::AGENCY).unwrap_or(""))
}

fn compare(part: usize, current: &[Part], previous: &[Part], ranking: &Ranking) -> Comparison {
    let now = &current[part];
    let key = agency_key(now);
    let Some(prev) = previous.iter().position(|p| !key.is_empty() && agency_key(p) == key) else {
        return Comparison { part, previous: None, changes: Vec::new() };
    };
    let form = now.session.form();
    let before_form = previous[prev].session.form();
    let mut changes = Vec::new();
    for idx in form.inputs().filter(|&i| !form.items[i].header) {
        let code = &form.items[idx].code;
        let after = now.session.value_at(idx).and_then(Value::as_number);
        let before =
            before_form.index_of(code).and_then(|i| previous[prev].session.value_at(i)).and_then(Value::as_number);
        let Some(before) = before else { continue };
        let Some(after) = after else {
            // Filled last period, blank now: a checked field is flagged.
            let checked = ranking.period_checks.iter().find(|c| c.fields.contains(&idx));
            let finding = checked.map(|c| {
                let item = &form.items[idx];
                let (code, b) = (item.human_code(), shown_value(form, idx, before));
                finding(
                    c,
                    item,
                    format!("Mục {code} để trống kỳ này; kỳ trước là {b}. Hãy kiểm tra lại."),
                    format!("Item {code} is blank this period; it was {b} last period. Check it."),
                )
            });
            changes.push(Change { field: idx, before, after: None, percent: None, finding });
            continue;
        };
        let change_percent = (!before.is_zero())
            .then(|| after.checked_sub(before).and_then(|d| d.checked_div(before)))
            .flatten()
            .map(percent);
        let finding = ranking
            .period_checks
            .iter()
            .filter(|c| c.fields.contains(&idx))
            .find_map(|c| check(c, form, idx, before, after, change_percent));
        if before != after || finding.is_some() {
            changes.push(Change { field: idx, before, after: Some(after), percent: change_percent, finding });
        }
    }
    Comparison { part, previous: Some(prev), changes }
}

/// A count or amount of field `idx` as the messages show it (`1.045`, `2,5 tỷ đồng`).
fn shown_value(form: &Form, idx: usize, d: Decimal) -> String {
    match form.items[idx].value_kind() {
        Some(crate::value::ValueKind::Money(_)) => show_total(&Value::Money(d), form, idx),
        _ => show_total(&Value::Count(u64::try_from(d.normalize().mantissa()).unwrap_or(0)), form, idx),
    }
}

fn check(
    c: &crate::ranking::PeriodCheck,
    form: &Form,
    idx: usize,
    before: Decimal,
    after: Decimal,
    change: Option<Decimal>,
) -> Option<Finding> {
    let item = &form.items[idx];
    let code = item.human_code();
    let (b, a) = (shown_value(form, idx, before), shown_value(form, idx, after));
    if c.never_falls && after < before {
        return Some(finding(
            c,
            item,
            format!("Mục {code} giảm so với kỳ trước ({b} → {a}), trong khi số này chỉ tăng dần. Hãy kiểm tra lại."),
            format!("Item {code} fell since last period ({b} → {a}), though it only grows. Check it."),
        ));
    }
    let max = c.max_change_percent?;
    let beyond = match change {
        Some(p) => p.abs() > max,
        None => !after.is_zero(),
    };
    if !beyond {
        return None;
    }
    let pct = |lang| change.map(|p| crate::text::format_decimal(round_half_away(p.abs(), 2), lang));
    let (by, by_en) = match (after > before, pct(crate::text::Lang::Vi), pct(crate::text::Lang::En)) {
        (true, Some(v), Some(e)) => (format!("tăng {v} %"), format!("rose {e} %")),
        (false, Some(v), Some(e)) => (format!("giảm {v} %"), format!("fell {e} %")),
        _ => ("tăng từ 0".to_string(), "rose from 0".to_string()),
    };
    let m = max.normalize();
    Some(finding(
        c,
        item,
        format!("Mục {code} {by} so với kỳ trước ({b} → {a}), vượt ngưỡng {m} %. Hãy kiểm tra lại."),
        format!("Item {code} {by_en} since last period ({b} → {a}), beyond {m} %. Check it."),
    ))
}

fn finding(c: &crate::ranking::PeriodCheck, item: &crate::form::Item, vi: String, en: String) -> Finding {
    Finding::new(&c.id, Severity::Warning, vec![item.code.clone()], Text::new(vi, en))
}

/// The short list to send back to one agency: what is wrong in its return,
/// in Vietnamese, errors first, then warnings, then notes, each with the
/// item it is about, and the fingerprint of the file checked.
pub fn send_back(p: &Part) -> String {
    let s = &p.session;
    let form = s.form();
    let agency = s.input(header::AGENCY).unwrap_or("").trim();
    let agency = if agency.is_empty() { "(chưa có tên cơ quan)" } else { agency };
    let date = |code: &str| document::header_date(s, code).map(|d| crate::aggregate::iso_to_vi(&d)).unwrap_or_default();
    let sum = s.summary();
    let mut o = format!(
        "KẾT QUẢ KIỂM TRA BÁO CÁO PDTI\nCơ quan: {agency}\nKỳ báo cáo: {} – {}\nTệp: {}\nMã tệp: {}\n\n\
         {} lỗi (trong đó {} mục bắt buộc còn trống), {} cảnh báo.\n",
        date(header::FROM),
        date(header::TO),
        p.label,
        document::fingerprint(s),
        sum.errors,
        sum.required_missing,
        sum.warnings,
    );
    let mut findings: Vec<Finding> = s.findings();
    findings.sort_by_key(|f| f.severity.rank());
    let mut last = None;
    for f in &findings {
        if last != Some(f.severity) {
            o.push_str(match f.severity {
                Severity::Error => "\nLỗi cần sửa:\n",
                Severity::Warning => "\nCảnh báo, cần xem lại:\n",
                Severity::Info => "\nLưu ý:\n",
            });
            last = Some(f.severity);
        }
        let item = f.fields.first().and_then(|c| form.item(c)).map(|i| format!("Mục {}: ", i.human_code()));
        o.push_str(&format!("- {}{}\n", item.unwrap_or_default(), f.message.vi));
    }
    if findings.is_empty() {
        o.push_str("\nKhông có lỗi hay cảnh báo nào.\n");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Session;

    fn part(label: &str, agency: &str, values: &[(&str, &str)]) -> Part {
        let mut s = Session::new(Arc::new(Form::pdti_2023()));
        s.set(header::AGENCY, agency).unwrap();
        s.set(header::FROM, "01/01/2024").unwrap();
        s.set(header::TO, "31/12/2024").unwrap();
        for (c, v) in values {
            s.set(c, v).unwrap();
        }
        Part { label: label.into(), session: s }
    }

    fn ranking() -> Ranking {
        Ranking::embedded(&Form::pdti_2023()).unwrap()
    }

    #[test]
    fn rows_are_ranked_by_points_and_equal_points_share_a_rank() {
        let good = [("3.1.1", "10"), ("3.1.2.a", "10"), ("3.2.b", "10")];
        let half = [("3.1.1", "10"), ("3.1.2.a", "5"), ("3.2.b", "5")];
        let parts = [part("a", "Sở A", &half), part("b", "Sở B", &good), part("c", "Sở C", &good)];
        let r = review(&parts, &[], ranking()).unwrap();
        let order: Vec<(&str, u32)> = r.rows.iter().map(|row| (row.summary.agency.as_str(), row.rank)).collect();
        assert_eq!(order, [("Sở B", 1), ("Sở C", 1), ("Sở A", 3)]);
        assert!(r.rows[0].standing.points > r.rows[2].standing.points);
        assert_eq!(r.rows[0].fingerprint, document::fingerprint(&parts[1].session));
        assert!(r.comparisons.is_empty());
    }

    #[test]
    fn the_same_agency_twice_and_another_period_are_flagged_on_their_rows() {
        let mut late = part("d", "Sở D", &[]);
        late.session.set(header::FROM, "01/01/2023").unwrap();
        let parts = [
            part("a", "Sở A", &[]),
            part("a2", " sở a ", &[]),
            part("c", "Sở C", &[]),
            late,
            part("e", "", &[]),
            part("f", " - ", &[]),
        ];
        let r = review(&parts, &[], ranking()).unwrap();
        let flags = |label: &str| r.rows.iter().find(|row| row.summary.label == label).unwrap().flags.clone();
        assert_eq!(flags("a"), [Flag::SameAgency]);
        assert_eq!(flags("a2"), [Flag::SameAgency]);
        assert_eq!(flags("c"), []);
        assert_eq!(flags("d"), [Flag::OtherPeriod]);
        // No name, or only a dash: no agency, and not the same agency as each other.
        assert_eq!(flags("e"), [Flag::NoAgency]);
        assert_eq!(flags("f"), [Flag::NoAgency]);
    }

    #[test]
    fn a_count_beyond_its_change_threshold_or_one_that_only_grows_falling_is_flagged() {
        let now = [part("a", "Sở A", &[("3.1.1", "100"), ("5.1", "3"), ("I.1", "10"), ("4.3", "1")])];
        let before =
            [part("old", "SỞ A", &[("3.1.1", "40"), ("5.1", "5"), ("I.1", "9"), ("4.3", "900"), ("3.1.1.a", "7")])];
        let r = review(&now, &before, ranking()).unwrap();
        let c = &r.comparisons[0];
        assert_eq!(c.previous, Some(0));
        let by_code = |code: &str| c.changes.iter().find(|ch| r.form().items[ch.field].code == code).unwrap();
        let k1 = by_code("3.1.1");
        assert_eq!(k1.percent, Some(Decimal::from(150)));
        let f = k1.finding.as_ref().unwrap();
        assert_eq!((f.rule.as_str(), f.severity), ("K1", Severity::Warning));
        assert!(f.message.vi.contains("tăng 150 %") && f.message.vi.contains("40 → 100"), "{}", f.message.vi);
        let k2 = by_code("5.1").finding.as_ref().unwrap();
        assert_eq!(k2.rule, "K2");
        // 3.1.1.a filled last period and blank now: flagged (it is in K1).
        let blank = by_code("3.1.1.a");
        assert_eq!(blank.after, None);
        assert!(blank.finding.as_ref().unwrap().message.vi.contains("để trống kỳ này; kỳ trước là 7"));
        // 9 → 10 is within 50 %; 4.3 is in no check: changed, not flagged.
        assert!(by_code("I.1").finding.is_none());
        assert!(by_code("4.3").finding.is_none());
        assert_eq!(c.flagged(), 3);
    }

    #[test]
    fn last_periods_return_that_is_not_earlier_is_flagged_on_the_row() {
        let r = review(&[part("a", "Sở A", &[])], &[part("old", "Sở A", &[])], ranking()).unwrap();
        assert_eq!(r.rows[0].flags, [Flag::PreviousNotEarlier]);
        let mut earlier = part("old", "Sở A", &[]);
        earlier.session.set(header::FROM, "01/01/2023").unwrap();
        earlier.session.set(header::TO, "31/12/2023").unwrap();
        let r = review(&[part("a", "Sở A", &[])], &[earlier], ranking()).unwrap();
        assert_eq!(r.rows[0].flags, []);
    }

    #[test]
    fn an_agency_without_last_period_has_no_changes() {
        let r = review(&[part("a", "Sở A", &[("3.1.1", "1")])], &[part("b", "Sở B", &[("3.1.1", "2")])], ranking())
            .unwrap();
        assert_eq!(r.comparisons[0].previous, None);
        assert!(r.comparisons[0].changes.is_empty());
    }

    #[test]
    fn the_list_to_send_back_names_the_agency_the_file_and_each_error() {
        let p = part("so-a.json", "Sở A", &[("6.2.d", "2"), ("6.2.đ", "5")]);
        let text = send_back(&p);
        assert!(text.contains("Cơ quan: Sở A") && text.contains("Tệp: so-a.json"), "{text}");
        assert!(text.contains(&document::fingerprint(&p.session)));
        assert!(text.contains("Lỗi cần sửa:") && text.contains("(5)"), "{text}");
        assert!(text.contains("Kỳ báo cáo: 01/01/2024 – 31/12/2024"), "{text}");
        assert!(text.contains("- Mục 6.2.đ: "), "{text}");
        // One heading per severity, errors before warnings before notes.
        let headings: Vec<&str> = text.lines().filter(|l| l.ends_with(':') && !l.starts_with('-')).collect();
        let unique: std::collections::BTreeSet<&str> = headings.iter().copied().collect();
        assert_eq!(headings.len(), unique.len(), "{text}");
    }
}
