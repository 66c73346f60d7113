//! The legacy tab-separated import on the real sample and on every quirk of
//! PDTI.md §2 that real exports show.

mod common;
use pdti_form::engine::Session;
use pdti_form::finding::Finding;
use pdti_form::legacy::{self, ImportError, ImportedReturn};
use pdti_form::value::Value;

fn sample() -> String {
    common::read("fixtures/laichau-stp-2023h1.tsv")
}

fn import(text: &str) -> Vec<ImportedReturn> {
    legacy::import(text, &common::form()).unwrap()
}

fn rules(s: &Session) -> Vec<String> {
    s.findings().into_iter().map(|f| f.rule).collect()
}

fn finding<'a>(s: &'a [Finding], rule: &str, field: &str) -> Option<&'a Finding> {
    s.iter().find(|f| f.rule == rule && f.fields.first().map(String::as_str) == Some(field))
}

fn count(s: &Session, code: &str) -> Option<u64> {
    match s.value(code) {
        Some(Value::Count(n)) => Some(*n),
        _ => None,
    }
}

#[test]
fn the_sample_import_output_is_pinned_by_golden_files() {
    let path = common::path("fixtures/laichau-stp-2023h1.tsv");
    let path = path.to_str().unwrap();
    let (code, out, err) = common::cli(&["import-legacy", path]);
    assert_eq!((code, err.as_str()), (1, ""));
    common::golden("golden/laichau-stp-2023h1.import.json", &out);
    let (code, out, _) = common::cli(&["import-legacy", "--format", "text", path]);
    assert_eq!(code, 1);
    common::golden("golden/laichau-stp-2023h1.import.txt", &out.replace(path, "laichau-stp-2023h1.tsv"));
}

#[test]
fn the_sample_reports_every_problem_of_pdti_section_5_that_a_rule_covers() {
    let r = import(&sample());
    assert_eq!(r.len(), 1);
    let s = &r[0].session;
    let f = s.findings();
    // 1, 4: contact values and 6.1.1.b/c in the evidence column (R26), moved.
    for code in ["I.6.ho_ten", "I.6.don_vi", "I.6.chuc_vu", "I.6.dien_thoai", "I.6.email", "6.1.1.b", "6.1.1.c"] {
        assert!(finding(&f, "R26", code).is_some(), "R26 {code}");
    }
    assert_eq!(s.input("I.6.email"), Some("annv.sotp@laichau.gov.vn"));
    assert_eq!(count(s, "6.1.1.c"), Some(830));
    // 2: the phone number missing its leading 0.
    let phone = finding(&f, "V-phone", "I.6.dien_thoai").unwrap();
    assert_eq!(phone.suggestion.as_ref().unwrap().value, "0912345678");
    // 3, 5: totals typed on ratio rows (R25), one also in column 4 (R26), with the total suggested.
    let r25 = finding(&f, "R25", "6.1.1").unwrap();
    assert_eq!(r25.suggestion.as_ref().map(|x| (x.field.as_str(), x.value.as_str())), Some(("6.1.1.a", "875")));
    assert_eq!(finding(&f, "R25", "6.1.2").unwrap().suggestion.as_ref().unwrap().value, "4272");
    assert!(finding(&f, "R26", "6.1.2").is_some());
    assert!(s.unplaced.iter().any(|u| u.code == "6.1.1" && u.text == "875"));
    // 6, 7: sub-counts above their totals.
    assert!(finding(&f, "R15b", "6.2.đ").is_some());
    assert!(finding(&f, "R17b", "6.3.d").is_some());
    // 8: obsolete DVCTT levels.
    assert!(f.iter().any(|x| x.rule == "R29"));
    // 9: 3.1.2.d missing, expected 5; b and c blank.
    assert_eq!(finding(&f, "R3c", "3.1.2.d").unwrap().suggestion.as_ref().unwrap().value, "5");
    assert!(finding(&f, "REQ", "3.1.2.b").is_some() && finding(&f, "REQ", "3.1.2.c").is_some());
    // 10: <i>có</i> read as yes, markup noted.
    assert_eq!(s.value("3.2.a"), Some(&Value::Bool(true)));
    assert!(finding(&f, "V-markup", "3.2.a").is_some());
    // 11: 11.362.000 in the đồng field is exact.
    assert_eq!(s.value("5.11.1.c"), Some(&Value::Money(11_362_000.into())));
    // 12: cybersecurity spending with no DX total.
    assert!(f.iter().any(|x| x.rule == "R23d"));
    // 13: section I blank although section 5 reports a system.
    assert!(finding(&f, "R12b", "I.3").is_some());
    // 15: 100% online while 6.3 lists services without online applications.
    assert!(f.iter().any(|x| x.rule == "R20e"));
    // 16: 4.1 and 4.2 are the province's to compute.
    let ind = pdti_form::document::indicators(s);
    assert_eq!(ind.iter().find(|i| i.code == "4.1").unwrap().status, "provinceComputes");
    // 17: the cover letter's number and day are blank.
    assert!(f.iter().any(|x| x.rule == "V-docnumber") && f.iter().any(|x| x.rule == "HDR-cover"));
    // Header and period.
    assert_eq!(s.input("agency.name"), Some("Sở Tư pháp"));
    assert_eq!(
        s.value("period.to").map(|v| format!("{v:?}")),
        Some("Date(Date { year: 2023, month: 6, day: 30 })".into())
    );
    // 19: STT numbers that repeat across sections keep their section.
    assert_eq!(s.input("I.6.chuc_vu"), Some("Phó phòng"));
    assert_eq!(count(s, "3.1.1"), Some(43));
}

#[test]
fn sub_items_continue_across_a_repeated_header_row() {
    let text = sample().replace(
        "d\tSố máy tính không cài đặt phần mềm diệt Virus\t\t",
        "d\tSố máy tính không cài đặt phần mềm diệt Virus\t5\t",
    );
    let s = &import(&text)[0].session;
    assert_eq!(count(s, "3.1.2.d"), Some(5));
    assert_eq!(count(s, "6.2.b"), Some(4));
    assert!(!rules(s).contains(&"R3c".to_string()));
}

#[test]
fn crlf_line_endings_and_a_bom_import_the_same() {
    let lf = import(&sample());
    let crlf = import(&format!("\u{FEFF}{}", sample().replace('\n', "\r\n")));
    assert_eq!(lf[0].session.findings(), crlf[0].session.findings());
    assert_eq!(count(&crlf[0].session, "6.4.a"), Some(1045));
    let bytes = format!("\u{FEFF}{}", sample()).into_bytes();
    assert_eq!(legacy::import_bytes(&bytes, &common::form()).unwrap().len(), 1);
}

#[test]
fn spreadsheet_quoted_cells_with_line_breaks_inside_are_read() {
    let text = sample()
        .replace(
            "a\t- Tổng số hồ sơ giải quyết DVC (gồm cả 4 mức độ) trong kỳ báo cáo\t1045",
            "a\t\"- Tổng số hồ sơ giải quyết DVC\n(gồm cả 4 mức độ) trong kỳ báo cáo\"\t\"1.045\"",
        )
        .replace(
            "c\tTổng số văn bản đến của cơ quan được gửi hoàn toàn dưới dạng điện tử, không kèm văn bản giấy\t4217",
            "c\t\"Tổng số văn bản đến, \"\"điện tử\"\"\"\t4217",
        );
    let r = import(&text);
    let s = &r[0].session;
    assert_eq!(count(s, "6.4.a"), Some(1045));
    assert_eq!(count(s, "6.1.2.c"), Some(4217));
    assert_eq!(count(s, "6.4.c"), Some(1045));
    // Line numbers after the multi-line cell still match the file.
    let r25 = finding(&s.findings(), "R25", "6.1.2").map(|f| f.line);
    assert_eq!(r25, Some(Some(101)));
}

#[test]
fn rows_broken_by_line_breaks_inside_a_cell_as_word_copies_them_are_joined_back() {
    // Word writes each paragraph of a cell on a line of its own, unquoted:
    // here the label of 3.1.1 becomes three lines (one of them empty).
    let text = sample().replace(
        "3.1.1\tTổng số lượng máy tính tại cơ quan (thống kê tại tất cả các phòng, ban, đơn vị trực thuộc)\t43",
        "3.1.1\tTổng số lượng máy tính tại cơ quan\n\n(thống kê tại tất cả các phòng, ban, đơn vị trực thuộc)\t43",
    );
    assert_eq!(text.lines().count(), sample().lines().count() + 2, "fixture shape changed");
    let s = &import(&text)[0].session;
    assert_eq!(count(s, "3.1.1"), Some(43));
    let f = s.findings();
    let joined = f.iter().find(|f| f.rule == "IMP-joined").expect("the join is reported");
    assert_eq!(joined.line, Some(23));
    assert!(joined.message.vi.starts_with("Dòng 23–25 là một hàng"), "{}", joined.message.vi);
    assert!(!f.iter().any(|f| f.rule == "IMP-unknown"), "no piece is left over as an unknown row");
    // Everything else reads as in the unbroken file, two lines further down.
    let plain = &import(&sample())[0].session;
    assert_eq!(
        rules(s).iter().filter(|r| *r != "IMP-joined").collect::<Vec<_>>(),
        rules(plain).iter().collect::<Vec<_>>()
    );
    let line = |s: &Session| finding(&s.findings(), "R25", "6.1.2").and_then(|f| f.line);
    assert_eq!(line(s), line(plain).map(|l| l + 2));
}

#[test]
fn a_short_row_followed_by_a_row_of_its_own_is_not_joined() {
    // A row cut short (its value cell missing), then the next row short of
    // its last cell: together they would make exactly five cells, but the
    // second starts with its own STT, so it stays a row of its own.
    let text = sample()
        .replace(
            "3.1.1\tTổng số lượng máy tính tại cơ quan (thống kê tại tất cả các phòng, ban, đơn vị trực thuộc)\t43\t\t",
            "3.1.1\tTổng số lượng máy tính tại cơ quan",
        )
        .replace(
            "a\tSố lượng cán bộ, công chức được trang bị máy tính\t23\t\t",
            "a\tSố lượng cán bộ, công chức được trang bị máy tính\t23\t",
        );
    assert!(text.contains("máy tính tại cơ quan\na\t") && text.contains("\t23\t\n"), "fixture shape changed");
    let s = &import(&text)[0].session;
    assert_eq!(count(s, "3.1.1"), None);
    assert_eq!(count(s, "3.1.1.a"), Some(23));
    assert!(!s.findings().iter().any(|f| f.rule == "IMP-joined"));
}

#[test]
fn a_copy_cut_off_in_the_middle_of_a_row_is_not_joined_with_the_next_copy() {
    // The export stops after the first two cells of a row; the next copy's
    // title and header follow, then its rows.
    let mut cut: String = sample().lines().take(22).map(|l| format!("{l}\n")).collect();
    cut.push_str("3.1.1\tTổng số lượng máy tính tại cơ quan (thống kê tại tất cả các phòng, ban, đơn vị trực thuộc)");
    assert!(sample().contains(&cut), "fixture shape changed");
    let r = import(&format!("{cut}\n{}", sample()));
    assert_eq!(r.len(), 2);
    assert!(r.iter().all(|c| !c.session.findings().iter().any(|f| f.rule == "IMP-joined")));
    let plain = &import(&sample())[0].session;
    assert_eq!(rules(&r[1].session), rules(plain));
}

#[test]
fn several_copies_in_one_file_give_one_return_each_in_order() {
    let second = sample().replace("Sở Tư pháp)", "Sở Tài chính)").replace(
        "3.1.1\tTổng số lượng máy tính tại cơ quan (thống kê tại tất cả các phòng, ban, đơn vị trực thuộc)\t43",
        "3.1.1\tTổng số lượng máy tính tại cơ quan\t60",
    );
    let r = import(&format!("{}\n{}", sample(), second));
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].session.input("agency.name"), Some("Sở Tư pháp"));
    assert_eq!(r[1].session.input("agency.name"), Some("Sở Tài chính"));
    assert_eq!(count(&r[1].session, "3.1.1"), Some(60));
    assert_eq!((r[0].source.copy, r[1].source.copy), (1, 2));
    let second_title = sample().matches('\n').count() as u32 + 2;
    assert_eq!(r[1].source.first_line, second_title);
    assert!(r[1].session.import_findings.iter().all(|f| f.line.unwrap() >= second_title));
}

#[test]
fn a_copy_cut_off_part_way_is_reported_and_keeps_what_it_has() {
    let cut: String = sample().lines().take(70).map(|l| format!("{l}\n")).collect();
    let r = import(&format!("{cut}{}", sample()));
    assert_eq!(r.len(), 2);
    let f = r[0].session.findings();
    let t = f.iter().find(|f| f.rule == "IMP-truncated").expect("truncation reported");
    assert!(t.message.vi.contains("5.4.a"), "{}", t.message.vi);
    assert_eq!(count(&r[0].session, "5.2.b"), Some(1));
    assert!(!r[1].session.findings().iter().any(|f| f.rule == "IMP-truncated"));
}

#[test]
fn labels_that_drift_between_exports_still_match_by_code() {
    let text = sample()
        .replace("Trang bị máy tính cho CBCS", "Trang bị máy tính cho CBCCC")
        .replace("Số lượng cán bộ, công chức được trang bị máy tính", "Số lượng CBCC được trang bị máy tính")
        .replace("<i>Tỷ lệ trao đổi văn bản đi</i>", "Tỷ lệ trao đổi văn bản đi (%)");
    let s = &import(&text)[0].session;
    assert_eq!(count(s, "3.1.1.a"), Some(23));
    assert!(!rules(s).contains(&"IMP-label".to_string()));
}

#[test]
fn a_row_whose_label_belongs_elsewhere_is_flagged() {
    let text = sample().replace(
        "a\tSố lượng cán bộ, công chức được trang bị máy tính\t23",
        "a\tTổng số hồ sơ giải quyết DVC trong kỳ\t23",
    );
    let s = &import(&text)[0].session;
    assert!(finding(&s.findings(), "IMP-label", "3.1.1.a").is_some());
    assert_eq!(count(s, "3.1.1.a"), Some(23));
}

#[test]
fn a_number_in_the_evidence_column_beside_a_value_is_kept_aside_not_guessed() {
    let text = sample().replace(
        "a\t- Số lượng công chức chuyên trách về chuyển đổi số\t0\t\t",
        "a\t- Số lượng công chức chuyên trách về chuyển đổi số\t0\t2\t",
    );
    let s = &import(&text)[0].session;
    assert_eq!(count(s, "4.1.a"), Some(0));
    assert!(s.unplaced.iter().any(|u| u.code == "4.1.a" && u.column == 4 && u.text == "2"));
    assert!(finding(&s.findings(), "R26", "4.1.a").is_some());
}

#[test]
fn evidence_references_typed_in_the_evidence_column_are_kept() {
    let text = sample().replace(
        "4.3\tSố lượng công chức, viên chức được bồi dưỡng, tập huấn về chuyển đổi số\t1\tVăn bản/Tài liệu chứng minh",
        "4.3\tSố lượng công chức, viên chức được bồi dưỡng, tập huấn về chuyển đổi số\t1\tQuyết định số 12/QĐ-STP",
    );
    let s = &import(&text)[0].session;
    assert_eq!(s.evidence.get("4.3").map(String::as_str), Some("Quyết định số 12/QĐ-STP"));
    assert!(finding(&s.findings(), "R26", "4.3").is_none());
    // The template's own evidence text is not a reference.
    assert!(!s.evidence.contains_key("5.1"));
}

#[test]
fn a_second_form_without_a_title_starts_a_new_copy() {
    let body: String = sample().lines().skip(6).map(|l| format!("{l}\n")).collect();
    let r = import(&format!("{}{}", sample(), body));
    assert_eq!(r.len(), 2);
    assert_eq!(count(&r[1].session, "6.4.c"), Some(1045));
}

#[test]
fn stray_lines_are_noted_and_unknown_rows_kept() {
    let text = sample().replace(
        "7\tHoạt động xã hội số\t\t\t\n",
        "7\tHoạt động xã hội số\t\t\t\nThực hiện DVCTT toàn trình một phần\n9.9\tMục lạ\t12\t\t\n",
    );
    let s = &import(&text)[0].session;
    let rules = rules(s);
    assert!(rules.contains(&"IMP-stray".to_string()));
    assert!(rules.contains(&"IMP-unknown".to_string()));
    assert!(s.unplaced.iter().any(|u| u.code == "9.9" && u.text == "12"));
}

#[test]
fn files_with_no_form_or_no_text_are_refused_with_a_reason() {
    let form = common::form();
    assert_eq!(legacy::import("xin chào\n\n", &form).unwrap_err(), ImportError::NoForm);
    assert_eq!(legacy::import_bytes(&[0xc3, 0x28, 0x41], &form).unwrap_err(), ImportError::NotText);
    assert!(ImportError::NoForm.to_string().starts_with("không tìm thấy"));
}

#[test]
fn a_cover_line_with_its_parts_in_any_order_is_read_without_a_panic() {
    let original = "(Kèm theo Công văn số /STP-PBGDPL ngày tháng 7 năm 2023 của Sở Tư pháp)";
    for line in [
        "(Kèm theo Công văn số 12/STP-PBGDPL ngày 5 tháng 7 năm 2023 của Sở Tư pháp)",
        "(Kèm theo của Sở Tư pháp Công văn số 12/STP-PBGDPL ngày 5 tháng 7 năm 2023)",
        "(KÈM THEO CÔNG VĂN SỐ 12/STP-PBGDPL NGÀY 5 THÁNG 7 NĂM 2023 CỦA SỞ TƯ PHÁP)",
        "(Kèm theo ngày của Công văn số)",
        "(İİİ Kèm theo Công văn số 12 ngày 5 tháng 7 năm 2023 của Sở)",
    ] {
        let copies = import(&sample().replace(original, line));
        let number = copies[0].session.input("coverLetter.number").unwrap_or("");
        assert!(number.is_empty() || number.starts_with("12"), "{line}: {number:?}");
    }
    let copies = import(
        &sample().replace(original, "(Kèm theo Công văn số 12/STP-PBGDPL ngày 5 tháng 7 năm 2023 của Sở Tư pháp)"),
    );
    let s = &copies[0].session;
    assert_eq!(s.input("coverLetter.number"), Some("12/STP-PBGDPL"));
    assert_eq!(s.input("coverLetter.date"), Some("05/07/2023"));
    // The agency follows the last " của ", even one that shares its space.
    let copies =
        import(&sample().replace(original, "(Kèm theo Công văn số 12 ngày 5 tháng 7 năm 2023 của của Sở Tư pháp)"));
    assert_eq!(copies[0].session.input("agency.name"), Some("Sở Tư pháp"));
}
