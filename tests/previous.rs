//! Starting a return from last period's (issue #15, part 4): the period
//! moves on, the values the form marks `carry` are pre-filled and marked
//! until confirmed or changed, and rules compare with last period
//! (`{prev:CODE}`), on the page's engine, in the saved return and in the CLI.

mod common;
use pdti_form::document;
use pdti_form::engine::Session;
use pdti_form::form::header;

/// The complete return of the first half of 2023, as last period.
fn last_period() -> Session {
    document::read(&common::read("fixtures/complete-return.json"), &common::form()).unwrap().session
}

fn has(s: &Session, rule: &str) -> bool {
    s.findings().iter().any(|f| f.rule == rule)
}

#[test]
fn the_period_moves_on_and_the_agency_and_carried_values_stay_while_the_rest_start_empty() {
    let last = last_period();
    let s = Session::start_from(&last);
    assert_eq!(s.input(header::FROM), Some("01/07/2023"));
    assert_eq!(s.input(header::TO), Some("31/12/2023"));
    assert_eq!(s.input(header::AGENCY), last.input(header::AGENCY));
    assert_eq!(s.input(header::LETTER_NUMBER), Some(""));
    let form = s.form();
    let mut carried = 0;
    for i in form.inputs().filter(|&i| !form.items[i].header) {
        let item = &form.items[i];
        if item.carry {
            assert_eq!(s.input_at(i), last.input_at(i), "{} carries over", item.code);
            assert_eq!(s.is_carried(i), !last.input_at(i).is_empty(), "{} is marked", item.code);
            carried += usize::from(!last.input_at(i).is_empty());
        } else {
            assert_eq!(s.input_at(i), "", "{} starts empty", item.code);
            assert!(!s.is_carried(i));
        }
    }
    assert!(carried >= 40, "{carried}");
    assert_eq!(s.carried_count(), carried);
    // Money spent and cases handled in the period never carry over.
    assert_eq!(s.input("I.4"), Some(""));
    assert_eq!(s.input("6.4.a"), Some(""));
    let p = s.previous().expect("last period is kept");
    assert_eq!(
        (p.from.map(|d| d.to_vi()), p.to.map(|d| d.to_vi())),
        (Some("01/01/2023".into()), Some("30/06/2023".into()))
    );
}

#[test]
fn changing_a_carried_value_or_confirming_it_removes_its_mark() {
    let mut s = Session::start_from(&last_period());
    let i = s.form().index_of("3.1.1").unwrap();
    let j = s.form().index_of("I.2").unwrap();
    let before = s.carried_count();
    assert!(s.is_carried(i) && s.is_carried(j));
    s.set("3.1.1", "44").unwrap();
    assert!(!s.is_carried(i));
    // Leaving a field without changing it confirms nothing.
    let same = String::from(s.input_at(j));
    s.set("I.2", &same).unwrap();
    assert!(s.is_carried(j));
    assert!(s.confirm("I.2"));
    assert!(!s.is_carried(j) && !s.confirm("I.2"));
    assert_eq!(s.carried_count(), before - 2);
    assert!(s.carried_fields().all(|k| k != i && k != j));
}

#[test]
fn the_rule_against_last_period_fires_only_when_computers_fall_by_more_than_half() {
    let mut s = Session::start_from(&last_period()); // 43 computers last period
    assert!(!has(&s, "R30"));
    s.set("3.1.1", "22").unwrap();
    assert!(!has(&s, "R30"), "22 of 43 is more than half");
    s.set("3.1.1", "21").unwrap();
    let f = s.findings().into_iter().find(|f| f.rule == "R30").expect("R30 fires at 21 of 43");
    assert_eq!(f.message.vi, "Tổng số máy tính giảm hơn một nửa so với kỳ trước (43 → 21): hãy kiểm tra lại.");
    assert_eq!(f.fields, ["3.1.1"]);
    s.set("3.1.1", "").unwrap();
    assert!(!has(&s, "R30"), "a blank is the required-field finding's, not R30's");
    // A return not started from last period never compares with it.
    let mut fresh = Session::new(common::form());
    fresh.set("3.1.1", "1").unwrap();
    assert!(!has(&fresh, "R30"));
}

#[test]
fn a_saved_return_keeps_last_period_and_the_unconfirmed_marks_and_reads_back_the_same() {
    let mut s = Session::start_from(&last_period());
    s.set("3.1.1", "21").unwrap();
    s.confirm("I.1");
    let text = document::to_json(&s, None, None);
    assert_eq!(common::schema_errors(&text), Vec::<String>::new());
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["previous"]["period"], serde_json::json!({ "from": "2023-01-01", "to": "2023-06-30" }));
    assert_eq!(doc["previous"]["values"], serde_json::json!({ "3.1.1": 43 }), "only what rules read of it");
    let unconfirmed = doc["previous"]["unconfirmed"].as_array().unwrap();
    assert_eq!(unconfirmed.len(), s.carried_count());
    assert!(!unconfirmed.contains(&"I.1".into()) && !unconfirmed.contains(&"3.1.1".into()));
    assert!(unconfirmed.contains(&"I.2".into()));

    for text in [text.clone(), document::to_draft_json(&s, "2026-12-06T10:00:00Z")] {
        let back = document::read(&text, &common::form()).unwrap().session;
        assert!(has(&back, "R30"), "the rule still compares with last period");
        assert_eq!(back.carried_count(), s.carried_count());
        assert_eq!(
            back.previous(),
            s.previous()
                .map(|p| {
                    let mut only = pdti_form::engine::Previous::new(p.from, p.to, s.form().items.len());
                    let i = s.form().index_of("3.1.1").unwrap();
                    only.set_value(i, p.value(i).cloned());
                    only
                })
                .as_ref()
        );
    }
    // Written again, the same document.
    let again = document::to_json(&document::read(&text, &common::form()).unwrap().session, None, None);
    assert_eq!(again, text);
}

#[test]
fn the_cli_checks_a_started_return_against_the_last_period_it_records() {
    let mut s = Session::start_from(&last_period());
    s.set("3.1.1", "21").unwrap();
    let path = std::env::temp_dir().join(format!("pdti-previous-{}.json", std::process::id()));
    std::fs::write(&path, document::to_json(&s, None, None)).unwrap();
    let (_, out, err) = common::cli(&["validate", "--format", "json", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(err, "");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v[0]["findings"].as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(rules.contains(&"R30"), "{rules:?}");
}

#[test]
fn the_page_says_which_period_was_started_from_which_and_how_many_figures_to_check() {
    let s = Session::start_from(&last_period());
    let t = pdti_form::render::started_text(&s, "so-tu-phap-2023h1.json");
    let n = s.carried_count();
    assert_eq!(
        t.vi,
        format!(
            "Đã bắt đầu kỳ 01/07/2023–31/12/2023 từ so-tu-phap-2023h1.json (kỳ 01/01/2023–30/06/2023). {n} số liệu \
             thường giữ nguyên được điền sẵn, đánh dấu \"Từ kỳ trước\": sửa số nào đã khác, bấm \"Giữ nguyên\" nếu \
             vẫn đúng. Các mục khác để trống cho kỳ này."
        )
    );
    assert!(t.en.starts_with("Started the period 01/07/2023–31/12/2023 from so-tu-phap-2023h1.json"), "{}", t.en);
    // Last period without dates: the new one is left for the official to type.
    let mut undated = last_period();
    undated.set(header::FROM, "").unwrap();
    let s = Session::start_from(&undated);
    assert_eq!(s.input(header::FROM), Some(""));
    let t = pdti_form::render::started_text(&s, "a.json");
    assert!(
        t.vi.starts_with("Đã bắt đầu kỳ mới từ a.json; tệp không có kỳ báo cáo đọc được, hãy nhập kỳ này."),
        "{}",
        t.vi
    );
}

#[test]
fn the_mark_hides_while_other_text_is_being_typed_and_goes_once_it_is_given() {
    let mut s = Session::start_from(&last_period());
    let i = s.form().index_of("I.2").unwrap();
    let mut d = pdti_form::display::Display::new(s.form().items.len());
    assert!(d.carried(&s, i));
    // "4" on its way to "4.1" is held: the mark is hidden, the value unchanged.
    d.typed(&mut s, i, "4.").unwrap_or_default();
    assert!(!d.carried(&s, i));
    d.left(&mut s, i);
    assert!(!s.is_carried(i), "a changed figure is no longer last period's");
}

#[test]
fn a_migration_keeps_last_period_and_the_unconfirmed_marks_with_their_fields() {
    use pdti_form::form::embedded_forms;
    let mut s = Session::start_from(&last_period());
    s.set("3.1.1", "21").unwrap();
    // The same return written as 2023.1 would be: moved to 2023.3 by the
    // shipped migration, every field to itself.
    let forms = embedded_forms();
    let old = forms.iter().find(|f| f.version == "2023.1").unwrap();
    let text = document::to_json(&s, None, None).replacen("\"2023.3\"", "\"2023.1\"", 1).replacen(
        &s.form().hash,
        &old.hash,
        1,
    );
    let migrations = pdti_form::migrate::embedded().unwrap();
    let m = pdti_form::migrate::migrate(&text, &forms, migrations, "pdti-2023", "2023.3").unwrap();
    assert_eq!(m.session.carried_count(), s.carried_count());
    assert_eq!(m.session.previous().map(|p| p.to), s.previous().map(|p| p.to));
    assert!(has(&m.session, "R30"));
}

#[test]
fn last_period_without_dates_and_unknown_or_unreadable_values_read_back_without_error() {
    let mut undated = last_period();
    undated.set(header::FROM, "").unwrap();
    undated.set(header::TO, "").unwrap();
    let s = Session::start_from(&undated);
    let text = document::to_json(&s, None, None);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["previous"]["period"], serde_json::json!({ "from": null, "to": null }));
    let again = document::to_json(&document::read(&text, &common::form()).unwrap().session, None, None);
    assert_eq!(again, text, "the same document");
    // Last period's values: a code the form lacks and a value that does not
    // read are left out, and nothing else changes.
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["previous"]["values"] = serde_json::json!({ "9.9.9": 4, "3.1.1": "nhiều", "I.2": 40 });
    let back = document::read(&doc.to_string(), &common::form()).unwrap().session;
    let p = back.previous().unwrap();
    assert_eq!(p.value(back.form().index_of("3.1.1").unwrap()), None);
    assert!(p.value(back.form().index_of("I.2").unwrap()).is_some());
    assert_eq!(back.carried_count(), s.carried_count());
}
