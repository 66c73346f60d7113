//! Every cross-field rule of the definition, with a failing and a passing case.

mod common;
use pdti_form::engine::{IndicatorStatus, Session};
use pdti_form::finding::Severity;
use pdti_form::text::Lang;

type Case = (&'static str, &'static [(&'static str, &'static str)], &'static [(&'static str, &'static str)]);

/// (rule, inputs that break it, the same inputs corrected).
const CASES: &[Case] = &[
    (
        "HDR-period",
        &[("period.from", "01/07/2023"), ("period.to", "30/06/2023")],
        &[("period.from", "01/01/2023"), ("period.to", "30/06/2023")],
    ),
    ("R1", &[("3.1.1", "10"), ("3.1.2.a", "11")], &[("3.1.1", "10"), ("3.1.2.a", "10")]),
    (
        "R2a",
        &[("3.1.2.a", "10"), ("3.1.2.b", "6"), ("3.1.2.c", "5")],
        &[("3.1.2.a", "10"), ("3.1.2.b", "5"), ("3.1.2.c", "5")],
    ),
    (
        "R2b",
        &[("3.1.2.a", "10"), ("3.1.2.b", "3"), ("3.1.2.c", "3")],
        &[("3.1.2.a", "10"), ("3.1.2.b", "5"), ("3.1.2.c", "5")],
    ),
    (
        "R3a",
        &[("3.1.1", "10"), ("3.1.2.a", "8"), ("3.1.2.d", "3")],
        &[("3.1.1", "10"), ("3.1.2.a", "8"), ("3.1.2.d", "2")],
    ),
    (
        "R3b",
        &[("3.1.1", "10"), ("3.1.2.a", "8"), ("3.1.2.d", "1")],
        &[("3.1.1", "10"), ("3.1.2.a", "8"), ("3.1.2.d", "2")],
    ),
    ("R3c", &[("3.1.1", "10"), ("3.1.2.a", "8")], &[("3.1.1", "10"), ("3.1.2.a", "8"), ("3.1.2.d", "2")]),
    ("R4", &[("3.1.1", "10"), ("3.2.b", "11")], &[("3.1.1", "10"), ("3.2.b", "10")]),
    (
        "R5",
        &[("3.1.1", "10"), ("3.1.1.a", "5"), ("3.1.1.b", "5"), ("3.1.1.c", "1")],
        &[("3.1.1", "10"), ("3.1.1.a", "5"), ("3.1.1.b", "5"), ("3.1.1.c", "0")],
    ),
    ("R6a", &[("4.4.a", "2"), ("4.4.b", "3")], &[("4.4.a", "2"), ("4.4.b", "2")]),
    ("R6b", &[("4.5.a", "2"), ("4.5.b", "3")], &[("4.5.a", "2"), ("4.5.b", "2")]),
    ("R6c", &[("4.8.a", "2"), ("4.8.b", "3")], &[("4.8.a", "2"), ("4.8.b", "2")]),
    ("R7a", &[("3.1.1.a", "1"), ("4.1.a", "1"), ("4.1.b", "1")], &[("3.1.1.a", "1"), ("4.1.a", "1"), ("4.1.b", "0")]),
    ("R7b", &[("3.1.1.b", "1"), ("4.1.c", "1"), ("4.1.d", "1")], &[("3.1.1.b", "1"), ("4.1.c", "1"), ("4.1.d", "0")]),
    ("R7c", &[("3.1.1.a", "1"), ("4.2.a", "1"), ("4.2.c", "1")], &[("3.1.1.a", "1"), ("4.2.a", "1"), ("4.2.c", "0")]),
    (
        "R7d",
        &[("3.1.1.b", "1"), ("3.1.1.c", "0"), ("4.2.b", "1"), ("4.2.d", "1")],
        &[("3.1.1.b", "1"), ("3.1.1.c", "1"), ("4.2.b", "1"), ("4.2.d", "1")],
    ),
    ("R8a", &[("5.2.a", "1"), ("5.2.b", "2")], &[("5.2.a", "1"), ("5.2.b", "1")]),
    ("R8b", &[("5.2.a", "1"), ("5.1", "2")], &[("5.2.a", "1"), ("5.1", "1")]),
    ("R8c", &[("5.2", "1"), ("5.2.b", "2")], &[("5.2", "2"), ("5.2.b", "2")]),
    ("R9a", &[("5.3.a", "1"), ("5.3.b", "2")], &[("5.3.a", "1"), ("5.3.b", "1")]),
    ("R9b", &[("5.4.a", "1"), ("5.4.b", "2")], &[("5.4.a", "1"), ("5.4.b", "1")]),
    ("R9c", &[("5.5.a", "1"), ("5.5.b", "2")], &[("5.5.a", "1"), ("5.5.b", "1")]),
    ("R9d", &[("5.6.a", "1"), ("5.6.b", "2")], &[("5.6.a", "1"), ("5.6.b", "1")]),
    ("R10", &[("5.9", "1"), ("5.10", "2")], &[("5.9", "1"), ("5.10", "1")]),
    ("R11a", &[("5.3.a", "3"), ("I.1", "2")], &[("5.3.a", "3"), ("I.1", "3")]),
    ("R11b", &[("5.4.a", "3"), ("I.2", "2")], &[("5.4.a", "3"), ("I.2", "3")]),
    ("R11c", &[("5.6.a", "3"), ("I.3", "2")], &[("5.6.a", "3"), ("I.3", "3")]),
    ("R11d", &[("5.11.1.a", "1"), ("I.4", "2")], &[("5.11.1.a", "1"), ("I.4", "1 tỷ")]),
    ("R12a", &[("I.3", "1"), ("5.7", "2")], &[("I.3", "1"), ("5.7", "1")]),
    ("R12b", &[("5.1", "1")], &[("5.1", "1"), ("I.3", "1")]),
    ("R12c", &[("5.6.a", "1"), ("5.8", "2")], &[("5.6.a", "1"), ("5.8", "1")]),
    ("R13", &[("3.1.2.a", "1"), ("5.4.b", "2")], &[("3.1.2.a", "2"), ("5.4.b", "2")]),
    (
        "R14a",
        &[("6.1.1.a", "10"), ("6.1.1.b", "6"), ("6.1.1.c", "5")],
        &[("6.1.1.a", "10"), ("6.1.1.b", "6"), ("6.1.1.c", "4")],
    ),
    (
        "R14b",
        &[("6.1.2.a", "10"), ("6.1.2.b", "6"), ("6.1.2.c", "5")],
        &[("6.1.2.a", "10"), ("6.1.2.b", "6"), ("6.1.2.c", "4")],
    ),
    ("R14c", &[("6.1.3.a", "1"), ("6.1.3.b", "2")], &[("6.1.3.a", "2"), ("6.1.3.b", "2")]),
    ("R15a", &[("6.2.b", "1"), ("6.2.c", "2")], &[("6.2.b", "2"), ("6.2.c", "2")]),
    ("R15b", &[("6.2.d", "12"), ("6.2.đ", "14")], &[("6.2.d", "12"), ("6.2.đ", "12")]),
    ("R15c", &[("6.2.a", "không"), ("6.2.e", "1")], &[("6.2.a", "có"), ("6.2.e", "1")]),
    ("R16", &[("6.6.a", "1"), ("6.6.b", "1"), ("6.6.c", "1")], &[("6.6.a", "1"), ("6.6.b", "1"), ("6.6.c", "0")]),
    ("R17a", &[("6.3.a", "1"), ("6.3.c", "2")], &[("6.3.a", "2"), ("6.3.c", "2")]),
    ("R17b", &[("6.3.b", "4"), ("6.3.d", "111")], &[("6.3.b", "4"), ("6.3.d", "4")]),
    ("R18", &[("I.5", "3"), ("6.3.a", "2"), ("6.3.b", "2")], &[("I.5", "4"), ("6.3.a", "2"), ("6.3.b", "2")]),
    ("R19", &[("6.4.a", "1"), ("6.4.b", "1"), ("6.4.c", "1")], &[("6.4.a", "2"), ("6.4.b", "1"), ("6.4.c", "1")]),
    ("R20a", &[("6.4.c", "5")], &[("6.4.c", "5"), ("6.3.d", "1")]),
    ("R20b", &[("6.4.b", "5")], &[("6.4.b", "5"), ("6.3.c", "1")]),
    ("R20c", &[("6.3.d", "5"), ("6.4.c", "4")], &[("6.3.d", "5"), ("6.4.c", "5")]),
    ("R20d", &[("6.3.c", "5"), ("6.4.b", "4")], &[("6.3.c", "5"), ("6.4.b", "5")]),
    ("R20e", &[("6.3.a", "1"), ("6.4.a", "10"), ("6.4.c", "10")], &[("6.3.a", "1"), ("6.4.a", "10"), ("6.4.c", "9")]),
    ("R21a", &[("6.5.a", "1"), ("6.5.b", "2")], &[("6.5.a", "2"), ("6.5.b", "2")]),
    ("R21b", &[("6.5.c", "1"), ("6.5.d", "2")], &[("6.5.c", "2"), ("6.5.d", "2")]),
    ("R22", &[("7.3.a", "1"), ("7.3.b", "2")], &[("7.3.a", "2"), ("7.3.b", "2")]),
    (
        "R23a",
        &[("5.11.1.a", "1"), ("5.11.1.b", "1"), ("5.11.1.c", "1.000.000.000")],
        &[("5.11.1.a", "1"), ("5.11.1.b", "1"), ("5.11.1.c", "0")],
    ),
    ("R23b", &[("I.4", "1"), ("6.6.b", "1"), ("6.6.c", "1")], &[("I.4", "2"), ("6.6.b", "1"), ("6.6.c", "1")]),
    ("R23c", &[("I.4", "1"), ("7.1", "1"), ("7.2", "1")], &[("I.4", "1"), ("7.1", "1"), ("7.2", "0")]),
    ("R23d", &[("5.11.1.c", "11.362.000")], &[("5.11.1.c", "11.362.000"), ("5.11.1.a", "1")]),
    (
        "R24",
        &[("5.11.1.b", "1"), ("5.11.2", "1"), ("5.11.3", "1")],
        &[("5.11.1.b", "1"), ("5.11.2", "1"), ("5.11.3", "0")],
    ),
    ("R29", &[("period.to", "30/06/2023"), ("6.3.a", "1")], &[("period.to", "30/06/2022"), ("6.3.a", "1")]),
    // Against last period (`prev:CODE` is last period's value): the return
    // is started from last period's, then the rest is typed.
    ("R30", &[("prev:3.1.1", "40"), ("3.1.1", "19")], &[("prev:3.1.1", "40"), ("3.1.1", "20")]),
];

fn fires(inputs: &[(&str, &str)], rule: &str) -> Option<pdti_form::finding::Finding> {
    let last: Vec<(&str, &str)> = inputs.iter().filter_map(|(c, v)| Some((c.strip_prefix("prev:")?, *v))).collect();
    let mut s = Session::new(common::form());
    if !last.is_empty() {
        s.set_all(last).unwrap();
        s = Session::start_from(&s);
    }
    s.set_all(inputs.iter().copied().filter(|(c, _)| !c.starts_with("prev:"))).unwrap();
    s.findings().into_iter().find(|f| f.rule == rule)
}

#[test]
fn each_rule_fires_on_its_failing_case_and_not_on_its_passing_case() {
    for (rule, bad, good) in CASES {
        let f = fires(bad, rule).unwrap_or_else(|| panic!("{rule} should fire on {bad:?}"));
        assert!(!f.message.vi.is_empty() && !f.message.en.is_empty(), "{rule} has a message");
        assert!(
            !f.message.vi.contains('{') && !f.message.en.contains('{'),
            "{rule}: unfilled placeholder in {:?}",
            f.message
        );
        for (code, _) in bad.iter().filter(|(c, _)| !c.starts_with("period") && !c.starts_with("prev:")) {
            assert!(f.fields.iter().any(|x| x == code), "{rule} names {code}: {:?}", f.fields);
        }
        assert!(fires(good, rule).is_none(), "{rule} should not fire on {good:?}");
    }
}

#[test]
fn every_rule_of_the_definition_has_a_case() {
    let form = common::form();
    for r in &form.rules {
        assert!(CASES.iter().any(|(id, _, _)| *id == r.id), "rule {} has no test case", r.id);
    }
}

/// The severity of every rule, from PDTI.md §4 (E: the labels' set
/// definitions; W: plausibility or inference).
const SEVERITIES: &[(&str, Severity)] = {
    use Severity::{Error as E, Warning as W};
    &[
        ("HDR-period", E), // the period ends before it starts
        ("R1", E),
        ("R2a", E),
        ("R2b", W),
        ("R3a", E),
        ("R3b", W),
        ("R3c", W),
        ("R4", E),
        ("R5", W),
        ("R6a", E),
        ("R6b", E),
        ("R6c", E),
        ("R7a", W),
        ("R7b", W),
        ("R7c", W),
        ("R7d", W),
        ("R8a", E),
        ("R8b", W),
        ("R8c", W),
        ("R9a", E),
        ("R9b", E),
        ("R9c", E),
        ("R9d", E),
        ("R10", W),
        ("R11a", W),
        ("R11b", W),
        ("R11c", W),
        ("R11d", W),
        ("R12a", E),
        ("R12b", W),
        ("R12c", E),
        ("R13", W),
        ("R14a", E),
        ("R14b", E),
        ("R14c", E),
        ("R15a", E),
        ("R15b", E),
        ("R15c", W),
        ("R16", E),
        ("R17a", E),
        ("R17b", E),
        ("R18", W),
        ("R19", E),
        ("R20a", W),
        ("R20b", W),
        ("R20c", W),
        ("R20d", W),
        ("R20e", W),
        ("R21a", E),
        ("R21b", E),
        ("R22", E),
        ("R23a", W),
        ("R23b", W),
        ("R23c", W),
        ("R23d", W),
        ("R24", W),
        ("R29", W),
        // Not in PDTI.md: this project's check against last period (2023.3).
        ("R30", W),
    ]
};

#[test]
fn every_rule_of_the_definition_has_the_severity_of_pdti_section_4() {
    let form = common::form();
    for r in &form.rules {
        let want = SEVERITIES.iter().find(|(id, _)| *id == r.id).map(|(_, s)| *s);
        assert_eq!(want, Some(r.severity), "rule {}: severity {:?}, PDTI.md §4 says {want:?}", r.id, r.severity);
    }
    for (id, _) in SEVERITIES {
        assert!(form.rules.iter().any(|r| r.id == *id), "{id} is listed but not in the definition");
    }
    // A rule that fires says so with the severity it has.
    for (rule, bad, _) in CASES.iter().filter(|(id, _, _)| id.starts_with('R')) {
        let want = SEVERITIES.iter().find(|(id, _)| id == rule).unwrap().1;
        assert_eq!(fires(bad, rule).unwrap().severity, want, "{rule}");
    }
}

#[test]
fn a_rule_with_all_its_fields_blank_stays_silent() {
    let s = Session::new(common::form());
    let fired: Vec<String> = s.findings().into_iter().filter(|f| f.rule != "REQ").map(|f| f.rule).collect();
    assert!(fired.is_empty(), "{fired:?}");
}

/// Close to the largest amount a money field holds (Decimal's maximum,
/// 79.228.162.514.264.337.593.543.950.335 đồng).
const NEAR_MAX: &str = "79.228.162.514.264.337.593 tỷ đồng";

#[test]
fn a_sum_too_large_to_compute_is_an_error_of_its_rule_never_a_clamped_comparison() {
    let two = "20.000.000.000.000.000.000 tỷ đồng";
    let four = "40.000.000.000.000.000.000 tỷ đồng";
    let mut s = Session::new(common::form());
    s.set_all([
        ("5.11.1.a", NEAR_MAX),
        ("5.11.1.b", four),
        ("5.11.1.c", four),
        ("5.11.2", two),
        ("5.11.3", two),
        ("5.11.4", two),
        ("5.11.5", two),
        ("5.11.6", two),
    ])
    .unwrap();
    for code in ["5.11.1.a", "5.11.1.b", "5.11.1.c", "5.11.2", "5.11.6"] {
        assert!(s.value(code).is_some(), "{code} reads");
    }
    // R24: 10 × 10²⁸ on the left, 8 × 10²⁸ on the right, both beyond the
    // maximum. Clamped to the maximum, both sides were equal and the rule
    // passed in silence; it must report that it cannot be checked.
    for rule in ["R24", "R23a"] {
        let f = s.findings().into_iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("{rule} reports it"));
        assert_eq!(f.severity, Severity::Error, "{rule}");
        assert!(f.message.vi.starts_with("Tổng quá lớn để tính"), "{}", f.message.vi);
        assert!(f.message.en.starts_with("The sum is too large to compute"), "{}", f.message.en);
        assert!(f.fields.iter().any(|c| c == "5.11.1.b"), "{:?}", f.fields);
    }
    // The indicator that reads b + c has no value and says why.
    let i = s.form().indicators.iter().position(|x| x.code == "5.11.1").unwrap();
    assert_eq!(s.indicator(i).status, IndicatorStatus::TooLarge);
    assert_eq!(s.indicator(i).ratio, None);
    assert_eq!(s.indicator_text(i, Lang::Vi).value, "chưa tính được: tổng quá lớn để tính");
    assert!(s.findings().iter().any(|f| f.rule == "IND" && f.message.vi.contains("5.11.1: tổng quá lớn")));
    // Just inside the limit the sum is exact: b + c == a, and R23a holds.
    s.set("5.11.1.c", "39.228.162.514.264.337.593 tỷ đồng").unwrap();
    assert!(s.findings().iter().all(|f| f.rule != "R23a"), "{:?}", s.findings());
    assert_eq!(s.indicator(i).status, IndicatorStatus::Ok);
    assert_eq!(s.indicator(i).ratio, Some(rust_decimal::Decimal::ONE));
}

#[test]
fn counts_near_the_largest_a_count_holds_are_added_exactly() {
    let max = u64::MAX.to_string();
    let below = (u64::MAX - 1).to_string();
    // 3 × (2⁶⁴ − 1) + 1 fits a decimal: R5 compares the exact sum.
    let bad = [("3.1.1", max.as_str()), ("3.1.1.a", &max), ("3.1.1.b", &max), ("3.1.1.c", "1")];
    assert_eq!(fires(&bad, "R5").map(|f| f.severity), Some(Severity::Warning));
    let good = [("3.1.1", max.as_str()), ("3.1.1.a", &below), ("3.1.1.b", "1"), ("3.1.1.c", "0")];
    assert!(fires(&good, "R5").is_none());
    let over = [("3.1.1", max.as_str()), ("3.1.1.a", &max), ("3.1.1.b", "1"), ("3.1.1.c", "0")];
    assert!(fires(&over, "R5").is_some(), "one more than the total");
}
