//! `pdti definition check` and `pdti schema --definition` (DESIGN.md §3,
//! issue #15): every broken definition under tests/definitions/broken/ with
//! the exact lines it gives (path, line:column, message), the shipped
//! definition and the tutorial's passing, and the definition's JSON Schema
//! against the shipped definition and some wrong ones.

mod common;
use pdti_form::engine::Session;
use pdti_form::form::Form;
use pdti_form::ranking::Ranking;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Runs `pdti definition check` on a broken file: exit 2, exactly these
/// lines on stdout (each `FILE:LINE:COLUMN: path: message`), and their count on stderr.
fn broken(file: &str, expected: &[&str]) {
    let path = format!("tests/definitions/broken/{file}");
    let (code, out, err) = common::cli(&["definition", "check", &path]);
    assert_eq!(code, 2, "{out}{err}");
    let lines: Vec<String> =
        out.lines().map(|l| l.strip_prefix(&format!("{path}:")).unwrap_or(l).to_string()).collect();
    let expected: Vec<String> =
        expected.iter().map(|l| l.strip_prefix(&format!("{path}:")).unwrap_or(l).to_string()).collect();
    assert_eq!(lines, expected);
    assert_eq!(
        err,
        format!("pdti: {path}: định nghĩa có {n} lỗi (the definition has {n} problem(s))\n", n = expected.len())
    );
}

#[test]
fn a_json_syntax_error_is_reported_with_its_line_and_column() {
    broken(
        "01-json-syntax.json",
        &[
        "tests/definitions/broken/01-json-syntax.json:3:18: $: không phải JSON hợp lệ (not valid JSON: key must be a string)",
        ],
    );
}

#[test]
fn a_definition_that_is_not_an_object_is_refused() {
    broken(
        "02-not-an-object.json",
        &["tests/definitions/broken/02-not-an-object.json:1:1: $: cần một đối tượng {…} (expected an object)"],
    );
}

#[test]
fn an_unknown_top_level_key_is_reported_at_the_key() {
    broken(
        "03-unknown-top-key.json",
        &[
        "tests/definitions/broken/03-unknown-top-key.json:119:3: colour: khoá không có trong định dạng (unknown key; expected one of: id, version, title, legacyTitle, assumptions, suppliers, pillars, pointsProvisional, levels, groups, periodChecks, items, rules, indicators)",
        ],
    );
}

#[test]
fn a_misspelt_item_key_is_reported_with_the_keys_allowed() {
    broken(
        "04-misspelt-item-key.json",
        &[
        "tests/definitions/broken/04-misspelt-item-key.json:50:7: items[2].lable: khoá không có trong định dạng (unknown key; expected one of: code, stt, kind, unit, unitAssumed, required, carry, supplier, label, evidence)",
        ],
    );
}

#[test]
fn a_value_of_the_wrong_type_is_reported_at_the_value() {
    broken(
        "05-wrong-type.json",
        &[
        "tests/definitions/broken/05-wrong-type.json:40:19: items[1].required: cần true hoặc false (expected true or false)",
        ],
    );
}

#[test]
fn an_unknown_item_kind_is_reported_once_without_cascading() {
    broken(
        "06-unknown-kind.json",
        &[
        "tests/definitions/broken/06-unknown-kind.json:39:15: items[1].kind: loại mục 'number' không có (unknown kind; expected one of: section, group, ratio, count, money, yesno, phone, email, text, date)",
        ],
    );
}

#[test]
fn an_unknown_money_unit_is_reported() {
    broken(
        "07-unknown-unit.json",
        &[
        "tests/definitions/broken/07-unknown-unit.json:59:15: items[3].unit: đơn vị 'trieu' không có; dùng ty hoặc dong (unknown unit 'trieu': ty, dong)",
        ],
    );
}

#[test]
fn a_duplicate_item_code_names_the_first_one() {
    broken(
        "08-duplicate-code.json",
        &[
        "tests/definitions/broken/08-duplicate-code.json:93:15: items[7].code: mã mục '1.2' trùng với items[2] (duplicate code)",
        ],
    );
}

#[test]
fn an_unknown_supplier_is_reported() {
    broken(
        "09-unknown-supplier.json",
        &[
        "tests/definitions/broken/09-unknown-supplier.json:54:19: items[2].supplier: không có đơn vị 'gdđt' trong suppliers (unknown supplier)",
        ],
    );
}

#[test]
fn an_unknown_field_in_an_expression_is_reported_at_its_brace() {
    broken(
        "10-unknown-field.json",
        &[
        "tests/definitions/broken/10-unknown-field.json:97:26: rules[0].check: không có mục {1.9} trong items (unknown field {1.9})",
        ],
    );
}

#[test]
fn a_heading_read_as_a_value_is_reported() {
    broken(
        "11-heading-in-expression.json",
        &[
        "tests/definitions/broken/11-heading-in-expression.json:97:26: rules[0].check: mục {1} là tiêu đề, nhóm hoặc dòng tỷ lệ, không có giá trị (is a heading without a value)",
        ],
    );
}

#[test]
fn an_expression_that_ends_too_early_is_reported_at_its_end() {
    broken(
        "12-expression-syntax.json",
        &[
        "tests/definitions/broken/12-expression-syntax.json:97:26: rules[0].check: biểu thức sai ở ký tự 10 (expression: expression ends too early)",
        ],
    );
}

#[test]
fn comparing_a_date_with_a_count_is_a_type_error() {
    broken(
        "13-date-compared-with-count.json",
        &[
        "tests/definitions/broken/13-date-compared-with-count.json:106:16: rules[1].check: biểu thức sai kiểu: so sánh ngày với số lượng không bao giờ đúng hay sai (compares a date with a count)",
        ],
    );
}

#[test]
fn adding_money_to_a_yes_no_is_a_type_error() {
    broken(
        "14-money-plus-yesno.json",
        &[
        "tests/definitions/broken/14-money-plus-yesno.json:106:16: rules[1].check: biểu thức sai kiểu: phép cộng/trừ chỉ nhận số, ở đây là có/không (+ and - takes numbers, not true/false)",
        ],
    );
}

#[test]
fn a_when_that_is_not_a_condition_is_a_type_error() {
    broken(
        "15-when-not-a-condition.json",
        &[
        "tests/definitions/broken/15-when-not-a-condition.json:106:15: rules[1].when: biểu thức cho ra số lượng nhưng ở đây cần có/không (the expression gives a count, true/false is expected)",
        ],
    );
}

#[test]
fn a_text_field_read_as_a_value_is_a_type_error() {
    broken(
        "16-text-field-read-as-a-value.json",
        &[
        "tests/definitions/broken/16-text-field-read-as-a-value.json:106:16: rules[1].check: biểu thức sai kiểu: trường văn bản chỉ dùng trong filled() hoặc blank() (a text field is only read by filled() or blank())",
        ],
    );
}

#[test]
fn an_unknown_severity_is_reported() {
    broken(
        "17-unknown-severity.json",
        &[
        "tests/definitions/broken/17-unknown-severity.json:96:19: rules[0].severity: mức độ 'fatal' không có; dùng error, warning hoặc info (unknown severity)",
        ],
    );
}

#[test]
fn an_unknown_missing_strategy_is_reported() {
    broken(
        "18-unknown-missing-strategy.json",
        &[
        "tests/definitions/broken/18-unknown-missing-strategy.json:102:18: rules[0].missing: cách xử lý thiếu số liệu 'skip' không có (unknown missing strategy: skipIfAnyMissing, skipIfAllMissing, never)",
        ],
    );
}

#[test]
fn a_duplicate_rule_id_is_reported() {
    broken(
        "19-duplicate-rule-id.json",
        &[
        "tests/definitions/broken/19-duplicate-rule-id.json:104:13: rules[1].id: mã quy tắc 'R1' trùng (duplicate rule id)",
        ],
    );
}

#[test]
fn an_unknown_field_in_fields_is_reported() {
    broken(
        "20-unknown-field-in-fields.json",
        &[
        "tests/definitions/broken/20-unknown-field-in-fields.json:104:9: rules[0].fields[1]: mục '1.7' không có trong items (unknown field)",
        ],
    );
}

#[test]
fn a_suggestion_naming_an_unknown_value_is_reported() {
    broken(
        "21-suggest-unknown-value.json",
        &[
        "tests/definitions/broken/21-suggest-unknown-value.json:107:18: rules[0].suggest.value: không có giá trị 'expect' trong values (suggest names an unknown value)",
        ],
    );
}

#[test]
fn an_unknown_guard_rule_is_reported() {
    broken(
        "22-unknown-guard.json",
        &[
        "tests/definitions/broken/22-unknown-guard.json:115:9: indicators[0].guards[0]: không có quy tắc 'R9' trong rules (unknown guard rule)",
        ],
    );
}

#[test]
fn an_unknown_pillar_is_reported() {
    broken(
        "23-unknown-pillar.json",
        &[
        "tests/definitions/broken/23-unknown-pillar.json:107:17: indicators[0].pillar: không có trụ cột 'Q' trong pillars (unknown pillar)",
        ],
    );
}

#[test]
fn a_ratio_of_money_to_a_count_is_reported() {
    broken(
        "24-ratio-of-money-to-count.json",
        &[
        "tests/definitions/broken/24-ratio-of-money-to-count.json:113:22: indicators[0].denominator: tử số là số tiền, mẫu số là số lượng: tỷ lệ không có nghĩa (numerator is money, denominator is a count)",
        ],
    );
}

#[test]
fn levels_out_of_order_are_reported() {
    broken(
        "25-levels-out-of-order.json",
        &[
        "tests/definitions/broken/25-levels-out-of-order.json:127:5: levels[1]: các mức xếp từ ngưỡng cao xuống thấp (levels go from the highest threshold down)",
        ],
    );
}

#[test]
fn a_period_check_on_a_text_field_is_reported() {
    broken(
        "26-period-check-on-a-text-field.json",
        &[
        "tests/definitions/broken/26-period-check-on-a-text-field.json:124:9: periodChecks[0].fields[1]: mục '1.6' không phải số lượng hay số tiền (not a count or money field)",
        ],
    );
}

#[test]
fn a_period_check_without_a_limit_is_reported() {
    broken(
        "27-period-check-without-a-limit.json",
        &[
        "tests/definitions/broken/27-period-check-without-a-limit.json:120:5: periodChecks[0]: cần maxChangePercent hoặc neverFalls: true (a period check needs maxChangePercent or neverFalls)",
        ],
    );
}

#[test]
fn the_dry_run_finds_a_ratio_above_one_that_no_rule_guards() {
    broken(
        "28-dry-run-unguarded-ratio.json",
        &[
        "tests/definitions/broken/28-dry-run-unguarded-ratio.json:105:5: indicators[0].guards: chỉ tiêu 1.2 lỗi khi chạy thử: tử số (29) lớn hơn mẫu số (3) mà guards không có quy tắc nào báo trước (indicator 1.2 fails in the dry run: numerator (29) exceeds denominator (3) and no rule in guards reports it); bản thử số 6 (trial return #6, seed 0x504454492023): {1.2} = \"29\", {1.1} = \"3\"",
        ],
    );
}

#[test]
fn the_dry_run_finds_a_negative_denominator_and_names_the_return() {
    broken(
        "29-dry-run-negative-denominator.json",
        &[
        "tests/definitions/broken/29-dry-run-negative-denominator.json:113:22: indicators[0].denominator: chỉ tiêu 1.2 lỗi khi chạy thử: mẫu số âm (-7) (indicator 1.2 fails in the dry run: negative denominator (-7)); bản thử số 6 (trial return #6, seed 0x504454492023): {1.2} = \"29\", {1.1} = \"3\"",
        ],
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    broken(
        "30-every-problem-is-reported.json",
        &[
        "tests/definitions/broken/30-every-problem-is-reported.json:39:15: items[1].kind: loại mục 'number' không có (unknown kind; expected one of: section, group, ratio, count, money, yesno, phone, email, text, date)",
        "tests/definitions/broken/30-every-problem-is-reported.json:96:19: rules[0].severity: mức độ 'fatal' không có; dùng error, warning hoặc info (unknown severity)",
        "tests/definitions/broken/30-every-problem-is-reported.json:97:26: rules[0].check: không có mục {1.9} trong items (unknown field {1.9})",
        "tests/definitions/broken/30-every-problem-is-reported.json:107:17: indicators[0].pillar: không có trụ cột 'Q' trong pillars (unknown pillar)",
        ],
    );
}

#[test]
fn an_unknown_scoring_kind_is_reported() {
    broken(
        "31-unknown-scoring-kind.json",
        &[
        "tests/definitions/broken/31-unknown-scoring-kind.json:153:17: indicators[1].scoring.kind: cách tính điểm 'stairs' không có (unknown scoring kind; expected one of: ratio, steps, yesNo, perUnit)",
        ],
    );
}

#[test]
fn steps_out_of_order_are_reported() {
    broken(
        "32-steps-out-of-order.json",
        &[
        "tests/definitions/broken/32-steps-out-of-order.json:160:11: indicators[1].scoring.steps[1]: các bậc xếp từ ngưỡng cao xuống thấp (steps go from the highest atLeast down)",
        ],
    );
}

#[test]
fn a_step_table_on_a_money_field_is_reported() {
    broken(
        "33-steps-on-money.json",
        &[
        "tests/definitions/broken/33-steps-on-money.json:154:15: indicators[1].scoring.of: cách tính 'steps' cần số lượng, ở đây là số tiền (steps takes a count, not money)",
        ],
    );
}

#[test]
fn a_yes_no_item_on_a_count_is_reported() {
    broken(
        "34-yes-no-on-a-count.json",
        &[
        "tests/definitions/broken/34-yes-no-on-a-count.json:185:15: indicators[2].scoring.of: cách tính 'yesNo' cần một mục có/không, ở đây là số lượng (yesNo takes true/false, not a count)",
        ],
    );
}

#[test]
fn a_group_naming_an_unknown_indicator_is_reported() {
    broken(
        "35-group-names-an-unknown-indicator.json",
        &[
        "tests/definitions/broken/35-group-names-an-unknown-indicator.json:43:9: groups[1].without[1]: không có chỉ tiêu '9.9' trong indicators (unknown indicator)",
        ],
    );
}

#[test]
fn a_group_maximum_that_is_not_a_number_is_reported() {
    broken(
        "36-group-max-not-a-number.json",
        &[
        "tests/definitions/broken/36-group-max-not-a-number.json:33:20: groups[0].maxPoints: điểm tối đa 'tám mươi' không phải số ≥ 0 (maxPoints is not a number ≥ 0)",
        ],
    );
}

#[test]
fn a_bonus_item_with_max_points_is_reported() {
    broken(
        "37-bonus-with-max-points.json",
        &[
        "tests/definitions/broken/37-bonus-with-max-points.json:205:16: indicators[4].bonus: chỉ tiêu chỉ có một trong maxPoints, bonus, penalty: điểm cộng, điểm trừ không tính vào điểm tối đa (bonus with another of maxPoints, bonus, penalty: bonus and penalty items are not counted in the maximum)",
        ],
    );
}

#[test]
fn a_group_maximum_that_is_not_the_sum_of_its_indicators_is_reported() {
    broken(
        "38-group-max-not-the-sum.json",
        &[
        "tests/definitions/broken/38-group-max-not-the-sum.json:44:20: groups[1].maxPoints: điểm tối đa của nhóm (50) khác tổng điểm tối đa các chỉ tiêu áp dụng (40) (the group's maxPoints is not the sum of its indicators' maxPoints)",
        ],
    );
}

#[test]
fn step_points_above_the_items_maximum_are_reported() {
    broken(
        "39-step-points-above-the-maximum.json",
        &[
        "tests/definitions/broken/39-step-points-above-the-maximum.json:158:23: indicators[1].scoring.steps[0].points: điểm của bậc (25) lớn hơn điểm tối đa của chỉ tiêu (20) (step points above the item's maximum)",
        ],
    );
}

#[test]
fn full_points_from_above_100_percent_is_reported() {
    broken(
        "40-full-from-above-100.json",
        &[
        "tests/definitions/broken/40-full-from-above-100.json:141:21: indicators[0].scoring.fullFrom: '120' không phải phần trăm trên 0 đến 100 (fullFrom is a percentage above 0, at most 100)",
        ],
    );
}

#[test]
fn last_periods_values_are_for_rules_only() {
    broken(
        "41-last-period-in-an-indicator.json",
        &[
        "tests/definitions/broken/41-last-period-in-an-indicator.json:133:21: indicators[0].numerator: {prev:1.2}: giá trị kỳ trước chỉ dùng trong quy tắc, không dùng trong chỉ tiêu (last period's values are for rules only)",
        ],
    );
}

#[test]
fn a_rule_reading_last_period_names_a_real_field_multiplies_like_with_like_and_reads_this_period_too() {
    broken(
        "42-last-period-rule-mistakes.json",
        &[
        "tests/definitions/broken/42-last-period-rule-mistakes.json:114:15: items[7].code: mã mục phải có chữ, không có dấu cách, dấu ngoặc nhọn hay dấu hai chấm (a code must be non-empty, without spaces, braces or colons: {prev:CODE} is last period's value)",
        "tests/definitions/broken/42-last-period-rule-mistakes.json:136:30: rules[1].check: không có mục {prev:1.9} trong items (unknown field {prev:1.9})",
        "tests/definitions/broken/42-last-period-rule-mistakes.json:145:16: rules[2].check: biểu thức sai kiểu: so sánh số lượng với số tiền không bao giờ đúng hay sai (compares a count with money)",
        "tests/definitions/broken/42-last-period-rule-mistakes.json:154:16: rules[3].check: quy tắc chỉ đọc số liệu kỳ trước, phải đọc ít nhất một mục của kỳ này (the rule reads only last period's values; it must read a field of this period)",
        ],
    );
}

#[test]
fn the_shipped_definition_passes_with_a_vietnamese_summary() {
    let (code, out, err) = common::cli(&["definition", "check", "src/forms/pdti-2023.json"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        "src/forms/pdti-2023.json: định nghĩa hợp lệ — biểu mẫu pdti-2023 phiên bản 2023.3: 125 mục \
         (93 mục nhập số liệu), 57 quy tắc, 26 chỉ tiêu, 4 mức xếp loại (mặc định); so với kỳ trước: \
         48 mục giữ từ kỳ trước, 1 quy tắc, 2 kiểm tra khi tổng hợp; chạy thử 301 bản không lỗi.\n"
    );
}

#[test]
fn a_file_that_cannot_be_read_or_a_missing_file_name_exits_2() {
    let (code, out, err) = common::cli(&["definition", "check", "tests/definitions/no-such-file.json"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("pdti: tests/definitions/no-such-file.json: "), "{err}");
    let (code, _, err) = common::cli(&["definition", "check"]);
    assert_eq!(code, 2);
    assert!(err.contains("cần đúng một tệp"), "{err}");
    let (code, _, err) = common::cli(&["definition", "lint", "x.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("pdti definition check"), "{err}");
}

fn definition_schema() -> jsonschema::Validator {
    let (code, out, _) = common::cli(&["schema", "--definition"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

#[test]
fn schema_definition_prints_the_definitions_schema_and_schema_alone_the_returns() {
    let (_, definition, _) = common::cli(&["schema", "--definition"]);
    let (_, ret, _) = common::cli(&["schema"]);
    assert!(definition.contains("\"title\": \"PDTI form definition"), "{definition}");
    assert!(ret.contains("\"title\": \"PDTI return"), "{ret}");
}

#[test]
fn the_shipped_definition_validates_against_the_definition_schema() {
    let schema = definition_schema();
    for text in pdti_form::form::embedded_definitions() {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> = schema.iter_errors(&v).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn the_definition_schema_refuses_what_the_reader_refuses() {
    let schema = definition_schema();
    for (file, at) in [
        ("03-unknown-top-key.json", ""),
        ("04-misspelt-item-key.json", "/items/2"),
        ("05-wrong-type.json", "/items/1/required"),
        ("06-unknown-kind.json", "/items/1/kind"),
        ("07-unknown-unit.json", "/items/3/unit"),
        ("17-unknown-severity.json", "/rules/0/severity"),
        ("18-unknown-missing-strategy.json", "/rules/0/missing"),
    ] {
        let v: serde_json::Value = serde_json::from_str(&common::read(&format!("definitions/broken/{file}"))).unwrap();
        let paths: Vec<String> = schema.iter_errors(&v).map(|e| e.instance_path().to_string()).collect();
        assert!(paths.iter().any(|p| p == at), "{file}: {paths:?}");
    }
    // The schema lists every key the reader accepts: the base of the broken
    // files, which the checker passes, validates.
    let base = common::read("definitions/broken/28-dry-run-unguarded-ratio.json");
    let v: serde_json::Value = serde_json::from_str(&base).unwrap();
    assert!(schema.is_valid(&v));
    for good in ["definitions/scoring.json", "../docs/tutorial/my-index.json"] {
        let v: serde_json::Value = serde_json::from_str(&common::read(good)).unwrap();
        let errors: Vec<String> = schema.iter_errors(&v).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{good}: {errors:#?}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&common::read("definitions/broken/31-unknown-scoring-kind.json")).unwrap();
    assert!(schema.iter_errors(&v).any(|e| e.instance_path().to_string() == "/indicators/1/scoring/kind"));
}

#[test]
fn the_tutorials_index_passes_loads_and_fills_a_return_that_fires_a_rule_and_scores() {
    let (code, out, err) = common::cli(&["definition", "check", "docs/tutorial/my-index.json"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        "docs/tutorial/my-index.json: định nghĩa hợp lệ — biểu mẫu so-nganh-tinh-x phiên bản 2026.1: 11 mục \
         (8 mục nhập số liệu), 3 quy tắc, 4 chỉ tiêu, 4 mức xếp loại; so với kỳ trước: 2 mục giữ từ kỳ trước, \
         1 quy tắc, 1 kiểm tra khi tổng hợp; chạy thử 301 bản không lỗi.\n"
    );
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/tutorial/my-index.json")).unwrap();
    let form = Arc::new(Form::from_json(&text).unwrap());
    let ranking = Ranking::from_json(&text, &form).unwrap();
    assert_eq!(
        ranking.levels.list.iter().map(|l| l.name.vi.as_str()).collect::<Vec<_>>(),
        ["Xuất sắc", "Tốt", "Đạt", "Chưa đạt"]
    );
    assert_eq!(ranking.period_checks[0].id, "K1");

    let mut s = Session::new(Arc::clone(&form));
    for (code, input) in
        [("1.1", "50"), ("1.2", "45"), ("2.1", "200"), ("2.1.a", "150"), ("2.1.b", "80"), ("3.1", "3"), ("3.2", "có")]
    {
        s.set(code, input).unwrap();
    }
    // The sum rule fires: 150 + 80 online cases out of 200.
    let r2 = s.findings().into_iter().find(|f| f.rule == "R2").expect("R2 fires");
    assert_eq!(r2.message.vi, "Hồ sơ trực tuyến (230) nhiều hơn tổng số hồ sơ (200).");
    assert!(s.findings().iter().all(|f| f.rule != "R1"));
    // 45/50 of 40 points, 150/200 of 60 points, 3 meetings 15 of 20, a plan 10 of 10.
    let points: Vec<Option<Decimal>> = (0..4).map(|i| s.indicator(i).points).collect();
    let d = Decimal::from;
    assert_eq!(points, [Some(d(36)), Some(d(45)), Some(d(15)), Some(d(10))]);
    // In the first group (no group named): 106 of 130 points, 81.54 %, the index's own top level.
    let score = s.score();
    assert_eq!((score.total.points, score.total.max), (d(106), d(130)));
    assert_eq!(score.total.percent, Some("81.54".parse().unwrap()));
    assert_eq!(form.levels.list[score.total.level.unwrap()].name.vi, "Xuất sắc");
    let standing = ranking.standing(&s);
    assert_eq!((standing.points, standing.level), (d(106), score.total.level));
    // Two meetings and no plan: 36 + 45 + 10 + 0 = 91 of 130, 70 %: "Tốt".
    s.set("3.1", "2").unwrap();
    s.set("3.2", "không").unwrap();
    let t = s.score().total;
    assert_eq!((t.points, t.percent), (d(91), Some(d(70))));
    assert_eq!(form.levels.list[t.level.unwrap()].name.vi, "Tốt");
    // The same return from an agency without administrative procedures:
    // DV-1 does not apply, 46 of 70 points, 65.71 %.
    s.group = Some("khong-tthc".into());
    let t = s.score().total;
    assert_eq!((t.points, t.max, t.percent), (d(46), d(70), Some("65.71".parse().unwrap())));
    assert_eq!(form.levels.list[t.level.unwrap()].name.vi, "Tốt");
}

#[test]
fn pdti_page_needs_a_definition_and_exactly_one_output() {
    let (code, _, err) = common::cli(&["page", "-o", "x.html"]);
    assert_eq!(code, 2);
    assert!(err.contains("page cần --definition"), "{err}");
    let (code, _, err) = common::cli(&["page", "--definition", "docs/tutorial/my-index.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("đúng một trong -o TỆP.html hoặc --hosted THƯ_MỤC"), "{err}");
    let (code, _, err) =
        common::cli(&["page", "--definition", "docs/tutorial/my-index.json", "-o", "a.html", "--hosted", "d"]);
    assert_eq!(code, 2);
    assert!(err.contains("đúng một trong"), "{err}");
}

#[test]
fn pdti_page_checks_the_definition_first_and_refuses_a_broken_one_with_every_problem() {
    let broken = "tests/definitions/broken/03-unknown-top-key.json";
    let (code, out, err) = common::cli(&["page", "--definition", broken, "-o", "/nonexistent/x.html"]);
    assert_eq!(code, 2);
    assert!(out.starts_with(broken), "{out}");
    assert!(err.contains("định nghĩa có"), "{err}");
}

#[test]
fn pdti_built_without_the_pages_says_how_to_get_them() {
    // `cargo test` builds without PDTI_PAGE_ASSETS: `make cli` builds with them.
    let dir = std::env::temp_dir().join(format!("pdti-page-{}", std::process::id()));
    let out = dir.join("x.html");
    let (code, _, err) =
        common::cli(&["page", "--definition", "docs/tutorial/my-index.json", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("make cli"), "{err}");
    assert!(!out.exists());
}
