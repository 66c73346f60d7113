//! Scoring as data (issue #15 part 2): each scoring kind, bonus and
//! penalty items, agency groups, and the one total and level that the
//! return, the CLI and the collector all show (`Session::score`). The
//! definition is tests/definitions/scoring.json: indicator 1.2 a ratio
//! with full points from 80 %, S1 a step table, Y1 yes/no, U1 2 points a
//! unit up to 10, B1 a 5-point bonus, T1 a 10-point penalty; groups
//! "co-tthc" (all, 80 points) and "khong-tthc" (without 1.2, 40 points).

mod common;
use pdti_form::document;
use pdti_form::engine::{IndicatorStatus, Session};
use pdti_form::form::Form;
use rust_decimal::Decimal;
use std::sync::Arc;

fn form() -> Arc<Form> {
    Arc::new(Form::from_json(&common::read("definitions/scoring.json")).unwrap())
}

fn filled(entries: &[(&str, &str)]) -> Session {
    let mut s = Session::new(form());
    for (code, input) in entries {
        s.set(code, input).unwrap();
    }
    s
}

fn points(s: &Session, code: &str) -> Option<Decimal> {
    let i = s.form().indicators.iter().position(|x| x.code == code).unwrap();
    s.indicator(i).points
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_ratio_with_full_points_from_80_percent_gets_full_points_at_80_and_scales_below() {
    assert_eq!(points(&filled(&[("1.1", "100"), ("1.2", "80")]), "1.2"), Some(d("40")));
    assert_eq!(points(&filled(&[("1.1", "100"), ("1.2", "95")]), "1.2"), Some(d("40")));
    // 40 % is half of 80 %: half the points; 79 % is 79/80 of them.
    assert_eq!(points(&filled(&[("1.1", "100"), ("1.2", "40")]), "1.2"), Some(d("20")));
    assert_eq!(points(&filled(&[("1.1", "100"), ("1.2", "79")]), "1.2"), Some(d("39.5")));
    // Above 100 % it still gets nothing.
    assert_eq!(points(&filled(&[("1.1", "10"), ("1.2", "11")]), "1.2"), None);
}

#[test]
fn a_step_table_gives_the_points_of_the_highest_step_reached_and_zero_below_the_last() {
    for (meetings, want) in [("7", "20"), ("4", "20"), ("3", "15"), ("2", "10"), ("1", "5"), ("0", "0")] {
        assert_eq!(points(&filled(&[("1.1", meetings)]), "S1"), Some(d(want)), "{meetings}");
    }
    let s = filled(&[]);
    let i = s.form().indicators.iter().position(|x| x.code == "S1").unwrap();
    assert_eq!((s.indicator(i).status, s.indicator(i).points), (IndicatorStatus::MissingValue, None));
}

#[test]
fn a_yes_no_item_gives_its_maximum_for_yes_and_nothing_for_no() {
    assert_eq!(points(&filled(&[("1.4", "có")]), "Y1"), Some(d("10")));
    assert_eq!(points(&filled(&[("1.4", "không")]), "Y1"), Some(d("0")));
    assert_eq!(points(&filled(&[]), "Y1"), None);
    let s = filled(&[("1.4", "có")]);
    assert_eq!(s.indicator_text(2, pdti_form::text::Lang::Vi).value, "có");
}

#[test]
fn a_capped_count_gives_points_per_unit_up_to_its_maximum() {
    assert_eq!(points(&filled(&[("1.2", "3")]), "U1"), Some(d("6")));
    assert_eq!(points(&filled(&[("1.2", "5")]), "U1"), Some(d("10")));
    assert_eq!(points(&filled(&[("1.2", "400")]), "U1"), Some(d("10")));
    assert_eq!(points(&filled(&[("1.2", "0")]), "U1"), Some(d("0")));
}

#[test]
fn a_bonus_adds_to_the_total_and_never_to_the_maximum() {
    let without = filled(&[("1.4", "có")]).score();
    let with = filled(&[("1.4", "có"), ("1.5", "15/03/2024")]).score();
    assert_eq!((without.total.points, without.total.max, without.bonus), (d("10"), d("80"), d("0")));
    assert_eq!((with.total.points, with.total.max, with.bonus), (d("15"), d("80"), d("5")));
    // A plan of 2023 earns no bonus.
    assert_eq!(filled(&[("1.4", "có"), ("1.5", "15/03/2023")]).score().total.points, d("10"));
    // The bonus is not in its pillar.
    assert_eq!(with.pillars[0].1.points, d("10"));
}

#[test]
fn a_penalty_subtracts_from_the_total_which_never_falls_below_zero() {
    // 60 computers, 5 connected: 55 not connected ≥ 50, minus 10.
    let s = filled(&[("1.1", "60"), ("1.2", "5"), ("1.4", "có")]).score();
    // 1.2: 5/60 of 80 % → 4.17; S1 20; Y1 10; U1 10; T1 −10.
    assert_eq!((s.penalty, s.total.points, s.total.max), (d("-10"), d("34.17"), d("80")));
    let s = filled(&[("1.1", "60"), ("1.2", "11")]).score();
    assert_eq!(s.penalty, d("0"), "49 not connected: below the step");
    let s = filled(&[("1.1", "55"), ("1.2", "0"), ("1.4", "không")]).score();
    // 20 points of S1 less 10: 10; with no points at all the total stays 0.
    assert_eq!(s.total.points, d("10"));
    let penalty_only = r#"{"id":"x","version":"1","title":{"vi":"a","en":"a"},"pillars":[{"code":"P","maxPoints":"10"}],
        "items":[{"code":"1","kind":"count","label":{"vi":"a","en":"a"}}],
        "indicators":[{"code":"K","pillar":"P","maxPoints":"10","label":{"vi":"k","en":"k"},
                       "scoring":{"kind":"perUnit","of":"{1}","points":"1"}},
                      {"code":"T","pillar":"P","penalty":"20","label":{"vi":"t","en":"t"},
                       "scoring":{"kind":"steps","of":"{1}","steps":[{"atLeast":"3","points":"20"}]}}]}"#;
    let mut s = Session::new(Arc::new(Form::from_json(penalty_only).unwrap()));
    s.set("1", "3").unwrap();
    // 3 points less 20: 0, not −17.
    assert_eq!((s.score().penalty, s.score().total.points), (d("-20"), d("0")));
}

#[test]
fn an_agency_without_administrative_procedures_reaches_100_percent_with_its_applicable_indicators_full() {
    // 1.2 (the ratio) is empty: it does not apply to the group without TTHC.
    let mut s = filled(&[("1.1", "5"), ("1.2", "5"), ("1.4", "có")]);
    s.group = Some("khong-tthc".into());
    let sc = s.score();
    assert_eq!(sc.group, Some(1));
    // 1.2 is full too (5/5) but does not count: S1 20 + Y1 10 + U1 10 of 40.
    assert_eq!((sc.total.points, sc.total.max, sc.total.percent), (d("40"), d("40"), Some(d("100"))));
    assert_eq!(s.form().levels.list[sc.total.level.unwrap()].name.vi, "Dẫn dắt");
}

#[test]
fn the_same_return_in_the_group_with_procedures_is_scored_on_every_indicator() {
    let mut s = filled(&[("1.1", "5"), ("1.2", "0"), ("1.4", "có")]);
    s.group = Some("co-tthc".into());
    let sc = s.score();
    // 1.2 gets 0 of 40: 20 + 10 + 0 of 80.
    assert_eq!((sc.total.points, sc.total.max, sc.total.percent), (d("30"), d("80"), Some(d("37.5"))));
    assert_eq!(s.form().levels.list[sc.total.level.unwrap()].name.vi, "Hình thành");
    s.group = Some("khong-tthc".into());
    assert_eq!(s.score().total.percent, Some(d("75")), "without 1.2: 30 of 40");
}

#[test]
fn a_return_naming_no_group_or_an_unknown_one_is_scored_in_the_first_group() {
    let mut s = filled(&[("1.1", "4")]);
    assert_eq!((s.score().group, s.score().total.max), (Some(0), d("80")));
    s.group = Some("khong-co".into());
    assert_eq!((s.score().group, s.score().total.max), (Some(0), d("80")));
}

#[test]
fn without_groups_every_indicator_counts_as_before() {
    let s = Session::new(Arc::new(Form::pdti_2023()));
    let sc = s.score();
    assert_eq!(sc.group, None);
    assert_eq!(pdti_form::text::round_half_away(sc.total.max, 2), d("650"));
    assert_eq!(sc.pillars.len(), 5);
}

#[test]
fn the_return_records_the_group_and_the_score_and_reads_back_the_same() {
    let mut s = filled(&[("agency.name", "Sở Tư pháp"), ("1.1", "5"), ("1.2", "5"), ("1.4", "có")]);
    s.group = Some("khong-tthc".into());
    let text = document::to_json(&s, None, None);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["agency"]["group"], "khong-tthc");
    assert_eq!(v["score"]["points"], "40");
    assert_eq!(v["score"]["maxPoints"], "40");
    assert_eq!(v["score"]["percent"], "100");
    assert_eq!(v["score"]["level"]["vi"], "Dẫn dắt");
    let back = document::read(&text, s.form()).unwrap().session;
    assert_eq!(back.group.as_deref(), Some("khong-tthc"));
    assert_eq!(document::to_json(&back, None, None), text);
}

#[test]
fn a_return_written_before_scores_existed_reads_with_the_same_score() {
    let forms = pdti_form::form::embedded_forms();
    let old = document::read_any(&common::read("fixtures/complete-return.before-score.json"), &forms).unwrap();
    let new = document::read_any(&common::read("fixtures/complete-return.json"), &forms).unwrap();
    assert_eq!(old.session.score(), new.session.score());
    // The 2023 form's figures: 467.37 of 650 points, Nâng cao.
    let t = old.session.score().total;
    assert_eq!((t.points, t.percent), (d("467.37"), Some(d("71.9"))));
}

#[test]
fn pdti_validate_prints_the_total_and_level_and_its_json_carries_them() {
    let path = common::path("fixtures/complete-return.json");
    let (code, out, _) = common::cli(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("  Tổng điểm: 467,37 / 650 (71,9 %) · mức Nâng cao\n"), "{out}");
    let (_, out, _) = common::cli(&["validate", "--format", "json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["score"]["points"], "467.37");
    assert_eq!(v[0]["score"]["level"]["vi"], "Nâng cao");
}

#[test]
fn the_collector_ranks_by_the_same_score() {
    let form = Form::pdti_2023();
    let ranking = pdti_form::ranking::Ranking::embedded(&form).unwrap();
    let forms = pdti_form::form::embedded_forms();
    let s = document::read_any(&common::read("fixtures/complete-return.json"), &forms).unwrap().session;
    let st = ranking.standing(&s);
    let sc = s.score();
    assert_eq!(
        (st.points, st.max, st.percent, st.level),
        (sc.total.points, sc.total.max, sc.total.percent, sc.total.level)
    );
}

#[test]
fn a_return_naming_a_group_the_form_lacks_says_so_and_keeps_no_group() {
    let mut s = filled(&[("1.1", "4")]);
    s.group = Some("khong-co".into());
    let text = document::to_json(&s, None, None);
    let back = document::read(&text, s.form()).unwrap().session;
    assert_eq!(back.group, None);
    let f = back.findings().into_iter().find(|f| f.rule == "RET-group").expect("RET-group");
    assert_eq!(
        f.message.vi,
        "Biểu mẫu không có nhóm cơ quan \"khong-co\" (có: co-tthc, khong-tthc); hãy chọn lại nhóm."
    );
    assert_eq!(f.severity, pdti_form::finding::Severity::Warning);
}

#[test]
fn pdti_validate_with_a_provinces_definition_scores_its_returns_as_the_page_does() {
    let text = common::read("../docs/tutorial/my-index.json");
    let form = Arc::new(Form::from_json(&text).unwrap());
    let mut s = Session::new(Arc::clone(&form));
    for (code, v) in [("agency.name", "Sở Nội vụ"), ("1.1", "50"), ("1.2", "50"), ("2.1", "100"), ("2.1.a", "70")]
    {
        s.set(code, v).unwrap();
    }
    let path = std::env::temp_dir().join(format!("pdti-tutorial-{}.json", std::process::id()));
    std::fs::write(&path, document::to_json(&s, None, None)).unwrap();
    let file = path.to_str().unwrap();
    let (code, _, err) = common::cli(&["validate", file]);
    assert_eq!(code, 2, "the shipped definitions do not know it");
    assert!(err.contains("so-nganh-tinh-x"), "{err}");
    let def = common::path("../docs/tutorial/my-index.json");
    let (code, out, err) = common::cli(&["validate", "--format", "json", "--definition", def.to_str().unwrap(), file]);
    let _ = std::fs::remove_file(&path);
    assert!(code < 2, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let score = &v[0]["score"];
    let t = s.score().total;
    assert_eq!(score["points"], pdti_form::text::decimal_text(t.points).as_str(), "{out}");
    assert_eq!(score["maxPoints"], pdti_form::text::decimal_text(t.max).as_str());
}

#[test]
fn pdti_validate_refuses_a_broken_definition_with_its_problems() {
    let (code, out, err) =
        common::cli(&["validate", "--definition", "tests/definitions/broken/03-unknown-top-key.json", "x.json"]);
    assert_eq!(code, 2);
    assert!(out.contains("03-unknown-top-key.json:"), "{out}");
    assert!(err.contains("định nghĩa có"), "{err}");
}
