//! `pdti migrate`: a 2023.1 return moved to the 2023 template in Decree 42
//! terms (2023.2), its report, and the refusals (exit 2).

mod common;
use pdti_form::document;
use pdti_form::form::{embedded_forms, Form};
use pdti_form::migrate::{self, MigrateError, Migration};
use std::sync::Arc;

const GOLDEN: &str = "golden/complete-return.2023.2.json";

fn complete() -> String {
    common::path("fixtures/complete-return.2023.1.json").to_string_lossy().into_owned()
}

fn tmp(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pdti-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

fn version(v: &str) -> Arc<Form> {
    embedded_forms().into_iter().find(|f| f.version == v).unwrap()
}

#[test]
fn the_complete_2023_1_return_migrated_to_2023_2_equals_the_golden_file() {
    let (code, out, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.2", &complete()]);
    assert_eq!(code, 0, "{err}");
    common::golden(GOLDEN, &out);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["form"]["version"], "2023.2");
    assert_eq!(v["values"]["6.3.b"]["value"], 4);
    assert_eq!(v["savedAt"], "2023-07-10T08:00:00+07:00");
    assert!(common::schema_errors(&out).is_empty());
}

#[test]
fn the_report_lists_every_field_mapped_with_the_notes_on_the_dvctt_rows() {
    let (_, _, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.2", &complete()]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{}: đã chuyển từ pdti-2023 2023.1 sang pdti-2023 2023.2 (migrated from pdti-2023 2023.1 to pdti-2023 2023.2)",
            complete()
        )
    );
    assert!(err.contains("Mục đã chuyển: 93, 86 có số liệu (fields mapped: 93, 86 with a value)"), "{err}");
    let from = version("2023.1");
    for i in from.inputs().filter(|&i| !from.items[i].header) {
        let code = &from.items[i].code;
        let prefix = format!("    {code:<14} → {code:<14} ");
        assert_eq!(lines.iter().filter(|l| l.starts_with(&prefix)).count(), 1, "{code} not listed once:\n{err}");
    }
    assert!(lines.contains(&"    6.3.a          → 6.3.a          1"), "{err}");
    let note_after = |code: &str| {
        let at = lines.iter().position(|l| l.starts_with(&format!("    {code:<14} → "))).unwrap();
        lines[at + 1].trim().to_string()
    };
    for code in ["6.3.a", "6.3.c", "6.4.b"] {
        assert!(note_after(code).starts_with("mức 3 → một phần"), "{code}: {}", note_after(code));
    }
    for code in ["6.3.b", "6.3.d", "6.4.c"] {
        assert!(note_after(code).starts_with("mức 4 → toàn trình"), "{code}: {}", note_after(code));
    }
    assert!(note_after("6.4.c").contains("not the later years' \"end-to-end online application rate\""));
    assert!(lines.contains(&"  Mục bỏ đi: 0 (fields dropped: 0)"), "{err}");
    assert!(lines.contains(&"    (không có — none)"), "{err}");
    assert_eq!(
        lines.last().unwrap(),
        &"  Kiểm tra theo pdti-2023 2023.2: 0 lỗi, 0 cảnh báo, 6 ghi chú \
          (checked against pdti-2023 2023.2: 0 errors, 0 warnings, 6 notes)"
    );
}

#[test]
fn the_migrated_return_read_back_with_2023_2_and_written_again_is_unchanged() {
    let golden = common::read(GOLDEN);
    let loaded = document::read_any(&golden, &embedded_forms()).unwrap();
    assert_eq!(loaded.session.form().version, "2023.2");
    let again = document::to_json(&loaded.session, loaded.saved_at.as_deref(), loaded.source.as_ref()) + "\n";
    assert_eq!(again, golden);
}

#[test]
fn validate_reads_the_migrated_return_with_2023_2_without_version_note_or_r29() {
    let (_, migrated, _) = common::cli(&["migrate", "--to", "pdti-2023@2023.2", &complete()]);
    let f = tmp("migrated.json", &migrated);
    let (code, out, err) = common::cli(&["validate", &f]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("biểu mẫu pdti-2023 2023.2"), "{out}");
    assert!(out.contains("Kết quả: 0 lỗi, 0 cảnh báo"), "{out}");
    assert!(!out.contains("RET-version") && !out.contains("R29"), "{out}");
    // The 2023.1 return itself is still read with 2023.1, with its notice.
    let (_, out, _) = common::cli(&["validate", &complete()]);
    assert!(out.contains("biểu mẫu pdti-2023 2023.1") && out.contains("R29") && !out.contains("RET-version"));
}

#[test]
fn the_migrated_labels_say_mot_phan_and_toan_trinh() {
    let to = version("2023.2");
    let label = |code: &str| to.item(code).unwrap().label.clone();
    assert!(label("6.3.a").vi.contains("DVCTT một phần") && label("6.3.a").en.starts_with("Partial"));
    assert!(label("6.4.c").vi.contains("DVCTT toàn trình") && label("6.4.c").en.contains("end-to-end"));
    for code in ["6.3.a", "6.3.b", "6.3.c", "6.3.d", "6.4.b", "6.4.c"] {
        assert!(!label(code).vi.contains("mức"), "{code}");
        assert!(!label(code).en.contains("evel"), "{code}");
    }
    assert!(to.rules.iter().all(|r| r.id != "R29"));
    assert!(to.assumptions.iter().all(|a| !a.vi.contains("được hiểu là")));
}

#[test]
fn a_migrated_return_with_an_error_exits_1() {
    let text = common::read("fixtures/complete-return.2023.1.json").replacen(
        "\"input\": \"12\",\n      \"value\": 12\n    },\n    \"6.2.e\"",
        "\"input\": \"14\",\n      \"value\": 14\n    },\n    \"6.2.e\"",
        1,
    );
    let f = tmp("error.json", &text);
    let (code, out, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.2", &f]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("\"R15b\""));
    assert!(err.contains("Kiểm tra theo pdti-2023 2023.2: 1 lỗi"), "{err}");
}

#[test]
fn dash_o_writes_the_migrated_return_to_the_file() {
    let target = tmp("out.json", "");
    let (code, out, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.2", "-o", &target, &complete()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), common::read(GOLDEN));
}

#[test]
fn an_unknown_target_exits_2_naming_it() {
    let (code, out, err) = common::cli(&["migrate", "--to", "pdti-2023@2099.1", &complete()]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "pdti: {}: không có định nghĩa biểu mẫu pdti-2023@2099.1 để chuyển sang (unknown target form version pdti-2023@2099.1)\n",
            complete()
        )
    );
    let (code, _, err) = common::cli(&["migrate", "--to", "pdti-2023", &complete()]);
    assert_eq!(code, 2);
    assert!(err.contains("cần dạng BIỂU_MẪU@PHIÊN_BẢN"), "{err}");
    let (code, _, err) = common::cli(&["migrate", &complete()]);
    assert_eq!(code, 2);
    assert!(err.contains("missing --to"), "{err}");
}

#[test]
fn no_migration_from_the_returns_version_exits_2() {
    let f = tmp("at-2023.2.json", &common::read(GOLDEN));
    let (code, out, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.1", &f]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "pdti: {f}: không có cách chuyển bản báo cáo từ pdti-2023@2023.2 sang pdti-2023@2023.1 \
             (no migration from pdti-2023@2023.2 to pdti-2023@2023.1)\n"
        )
    );
    // A version this build has no definition of: no migration from it either.
    let f = tmp("at-2022.9.json", &common::read(GOLDEN).replacen("\"2023.2\"", "\"2022.9\"", 1));
    let (code, _, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.2", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("no migration from pdti-2023@2022.9 to pdti-2023@2023.2"), "{err}");
}

#[test]
fn a_return_already_at_the_target_exits_2() {
    let (code, out, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.1", &complete()]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "pdti: {}: bản báo cáo đã theo pdti-2023@2023.1, không cần chuyển (the return is already at pdti-2023@2023.1)\n",
            complete()
        )
    );
}

#[test]
fn a_file_that_cannot_be_read_exits_2() {
    let (code, _, err) = common::cli(&["migrate", "--to", "pdti-2023@2023.2", "no-such-file.json"]);
    assert_eq!(code, 2);
    assert_eq!(err, "pdti: no-such-file.json: không tìm thấy tệp (file not found)\n");
}

#[test]
fn a_broken_migration_file_is_refused_with_its_path_and_nothing_is_migrated() {
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/forms/migrations/pdti-2023@2023.1-to-2023.2.json"),
    )
    .unwrap();
    let broken = shipped.replacen("\"6.4.c\": { \"to\": \"6.4.c\"", "\"6.4.c\": { \"to\": \"6.4.x\"", 1);
    let m = Migration::from_json("src/forms/migrations/broken.json", &broken).unwrap();
    let text = common::read("fixtures/complete-return.2023.1.json");
    match migrate::migrate(&text, &embedded_forms(), &[m], "pdti-2023", "2023.2") {
        Err(e @ MigrateError::Broken(_)) => assert_eq!(
            e.to_string(),
            "src/forms/migrations/broken.json: fields.6.4.c.to: pdti-2023 2023.2 không có mục nhập 6.4.x \
             (not a field of the target form)"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn validate_refuses_a_return_of_a_version_this_pdti_does_not_ship_and_names_the_versions_it_has() {
    let f = tmp("at-2022.9-validate.json", &common::read(GOLDEN).replacen("\"2023.2\"", "\"2022.9\"", 1));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = pdti_form::cli::run(["validate", f.as_str()], &mut std::io::empty(), &mut out, &mut err);
    let err = String::from_utf8(err).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2022.9") && err.contains("2023.1, 2023.2, 2023.3"), "{err}");
    // A shipped version is checked against itself.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let golden = common::path(GOLDEN).to_string_lossy().into_owned();
    let code = pdti_form::cli::run(["validate", golden.as_str()], &mut std::io::empty(), &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
}

// The hosted page's offer (`migrateReturn` of its full build): the return
// migrated to the definition the page was handed, and what it says first.

#[test]
fn the_page_migrates_a_2023_1_return_to_its_2023_2_definition_as_pdti_migrate_does() {
    let text = common::read("fixtures/complete-return.2023.1.json");
    let m = migrate::to_form(&text, &version("2023.2")).unwrap();
    assert_eq!(m.to_json() + "\n", common::read(GOLDEN));
    let answer: serde_json::Value = serde_json::from_str(&m.page_answer()).unwrap();
    let golden: serde_json::Value = serde_json::from_str(&common::read(GOLDEN)).unwrap();
    assert_eq!(answer["return"], golden);
    assert_eq!((answer["from"].as_str(), answer["to"].as_str()), (Some("2023.1"), Some("2023.2")));
    assert_eq!(
        answer["summary"]["vi"],
        "93 mục chuyển sang, 86 mục có số liệu; 6 mục đổi nghĩa: 6.3.a, 6.3.b, 6.3.c, 6.3.d, 6.4.b, 6.4.c \
         (Mẫu 2023 theo phân loại DVCTT của Nghị định 42/2022/NĐ-CP: mức 3 → một phần, mức 4 → toàn trình); \
         không mục nào bị bỏ."
    );
    assert_eq!(
        answer["summary"]["en"],
        "93 fields move over, 86 with a value; 6 change in meaning: 6.3.a, 6.3.b, 6.3.c, 6.3.d, 6.4.b, 6.4.c \
         (The 2023 template in the online-service classes of Decree 42/2022: level 3 → partial, level 4 → end-to-end); \
         none is dropped."
    );
}

#[test]
fn the_page_says_a_migration_that_keeps_every_field_changes_nothing_in_meaning() {
    let text = common::read("fixtures/complete-return.2023.1.json");
    let m = migrate::to_form(&text, &version("2023.3")).unwrap();
    assert_eq!(m.summary().vi, "93 mục chuyển sang, 86 mục có số liệu; không mục nào bị bỏ.");
    assert_eq!(m.session.form().version, "2023.3");
}

#[test]
fn the_page_has_no_migration_between_versions_no_file_joins_or_to_its_own_version() {
    let at_2023_2 = common::read(GOLDEN);
    match migrate::to_form(&at_2023_2, &version("2023.3")) {
        Err(MigrateError::NoMigration { from, to }) => {
            assert_eq!((from.as_str(), to.as_str()), ("pdti-2023@2023.2", "pdti-2023@2023.3"))
        }
        other => panic!("{other:?}"),
    }
    let current = common::read("fixtures/complete-return.json");
    assert!(matches!(migrate::to_form(&current, &version("2023.3")), Err(MigrateError::AlreadyThere(_))));
}

#[test]
fn the_page_refuses_a_migration_its_own_definition_no_longer_fits() {
    // A page whose 2023.2 definition has lost a field the migration moves to
    // (one no rule reads, so the definition itself still loads).
    let shipped =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/forms/pdti-2023.2.json"))
            .unwrap();
    let mut def: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    let items = def["items"].as_array_mut().unwrap();
    let at = items.iter().position(|i| i["code"] == "I.6.chuc_vu").unwrap();
    items.remove(at);
    let page = Arc::new(Form::from_json(&def.to_string()).unwrap());
    let text = common::read("fixtures/complete-return.2023.1.json");
    match migrate::to_form(&text, &page) {
        Err(e @ MigrateError::Broken(_)) => assert!(e.to_string().contains("I.6.chuc_vu"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_dropped_fields_value_is_kept_aside_and_the_summary_says_so() {
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/forms/migrations/pdti-2023@2023.1-to-2023.2.json"),
    )
    .unwrap();
    let dropping = shipped.replacen(
        "\"I.5\": { \"to\": \"I.5\" }",
        "\"I.5\": { \"drop\": { \"vi\": \"không còn hỏi\", \"en\": \"no longer asked\" } }",
        1,
    );
    assert_ne!(dropping, shipped);
    let m = Migration::from_json("dropping.json", &dropping).unwrap();
    let text = common::read("fixtures/complete-return.2023.1.json");
    let input: serde_json::Value = serde_json::from_str(&text).unwrap();
    let held = input["values"]["I.5"]["input"].as_str().unwrap().to_string();
    let moved = migrate::migrate(&text, &embedded_forms(), &[m], "pdti-2023", "2023.2").unwrap();
    assert_eq!(moved.session.input("I.5"), Some(""));
    assert!(moved.session.unplaced.iter().any(|u| u.code == "I.5" && u.text == held));
    let vi = moved.summary().vi;
    assert!(vi.starts_with("92 mục chuyển sang, 85 mục có số liệu; 6 mục đổi nghĩa"), "{vi}");
    assert!(vi.ends_with("; 1 mục bị bỏ: I.5 (1 nội dung được giữ riêng, không tính điểm)."), "{vi}");
    assert!(moved.summary().en.ends_with("; 1 dropped: I.5 (1 text kept aside, not scored)."));
    // The report for a terminal says the value is kept aside.
    let report = moved.report("r.json");
    assert!(report.contains(&format!("giữ riêng giá trị (value kept aside) {held}")), "{report}");
    // Its evidence is kept aside too, in its own column.
    let mut with_evidence = input.clone();
    with_evidence["evidence"] = serde_json::json!({ "I.5": "Quyết định 12/QĐ-STP" });
    let m = Migration::from_json("dropping.json", &dropping).unwrap();
    let moved = migrate::migrate(&with_evidence.to_string(), &embedded_forms(), &[m], "pdti-2023", "2023.2").unwrap();
    assert!(moved
        .session
        .unplaced
        .iter()
        .any(|u| u.code == "I.5" && u.column == 4 && u.text == "Quyết định 12/QĐ-STP"));
    assert!(moved.summary().vi.ends_with("(2 nội dung được giữ riêng, không tính điểm)."));
    // The return written keeps it aside too.
    let out: serde_json::Value = serde_json::from_str(&moved.to_json()).unwrap();
    assert!(out["unplaced"].as_array().unwrap().iter().any(|u| u["code"] == "I.5" && u["text"] == held.as_str()));
}
