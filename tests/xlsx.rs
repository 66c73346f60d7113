//! The collecting office's workbook as the CLI writes it (`pdti … --format
//! xlsx -o FILE`), read back with calamine, an independent reader: its
//! sheets, numbers stored as numbers and equal to what the JSON outputs
//! say, text that no spreadsheet runs as a formula, last period's sheet
//! only when asked for, and files written whole or not at all.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use serde_json::Value;
use std::io::Cursor;
use std::path::PathBuf;

/// Runs the CLI: exit status, stdout, stderr.
fn pdti(args: &[&str]) -> (i32, Vec<u8>, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = pdti_form::cli::run(args.iter().copied(), &mut std::io::empty(), &mut out, &mut err);
    (code, out, String::from_utf8(err).unwrap())
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("pdti-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn tmp(name: &str, content: &str) -> String {
    let p = dir().join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

fn complete() -> String {
    common::path("fixtures/complete-return.json").to_string_lossy().into_owned()
}

fn legacy() -> String {
    common::path("fixtures/laichau-stp-2023h1.tsv").to_string_lossy().into_owned()
}

/// The complete return sent by another agency, with `edits` applied to its text.
fn variant(file: &str, agency: &str, edits: &[(&str, &str)]) -> String {
    let mut text = common::read("fixtures/complete-return.json");
    let name = "\"name\": \"Sở Tư pháp\"";
    assert!(text.contains(name), "fixture shape changed");
    text = text.replacen(name, &format!("\"name\": {}", Value::from(agency)), 1);
    for (from, to) in edits {
        assert!(text.contains(from), "fixture shape changed: {from}");
        text = text.replacen(from, to, 1);
    }
    tmp(file, &text)
}

/// Writes a workbook with `args` (the output file is added) and reads it back.
fn workbook(name: &str, args: &[&str]) -> (i32, Book) {
    let out = dir().join(name).to_string_lossy().into_owned();
    let mut all = args.to_vec();
    all.extend(["-o", &out]);
    let (code, stdout, err) = pdti(&all);
    assert!(stdout.is_empty(), "nothing on stdout with -o");
    assert!(code < 2, "{err}");
    (code, Book::open(&std::fs::read(&out).unwrap()))
}

struct Book {
    sheets: Vec<(String, Vec<Vec<Data>>)>,
}

impl Book {
    fn open(bytes: &[u8]) -> Book {
        let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a workbook calamine reads");
        let sheets = x.worksheets().into_iter().map(|(n, r)| (n, r.rows().map(<[Data]>::to_vec).collect())).collect();
        Book { sheets }
    }

    fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    fn sheet(&self, name: &str) -> &[Vec<Data>] {
        &self.sheets.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
    }

    fn header(&self, name: &str) -> Vec<String> {
        self.sheet(name)[0].iter().map(|c| c.to_string()).filter(|c| !c.is_empty()).collect()
    }

    /// The rows of the table under the header (up to the first blank row).
    fn table(&self, name: &str) -> Vec<&[Data]> {
        let rows = self.sheet(name);
        rows[1..].iter().take_while(|r| r.iter().any(|c| *c != Data::Empty)).map(Vec::as_slice).collect()
    }

    /// The cell of `row` under the header `column`.
    fn col(&self, name: &str, column: &str) -> usize {
        let h = self.header(name);
        h.iter().position(|c| c == column).unwrap_or_else(|| panic!("{name}: no column {column} in {h:?}"))
    }
}

fn number(c: &Data) -> f64 {
    match c {
        Data::Float(x) => *x,
        Data::Int(n) => *n as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(c: &Data) -> &str {
    match c {
        Data::String(s) => s,
        other => panic!("not text: {other:?}"),
    }
}

fn json(args: &[&str]) -> Value {
    let (_, out, err) = pdti(args);
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}: {err}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

#[test]
fn the_workbook_has_the_four_sheets_with_a_header_in_row_one() {
    let (_, book) = workbook("four.xlsx", &["aggregate", "--format", "xlsx", &complete(), &legacy()]);
    assert_eq!(book.names(), ["Tổng hợp", "Chỉ tiêu", "Tổng cộng", "Lỗi"]);
    let summary = book.header("Tổng hợp");
    assert_eq!(
        summary[..8],
        [
            "Cơ quan",
            "Tệp",
            "Từ ngày",
            "Đến ngày",
            "Phiên bản biểu mẫu",
            "Số lỗi",
            "Số cảnh báo",
            "Mục bắt buộc còn trống"
        ]
    );
    for pillar in ["3", "4", "5", "6", "7"] {
        assert!(summary.contains(&format!("Trụ cột {pillar} (tạm tính)")), "{summary:?}");
    }
    for col in ["Tổng điểm (tạm tính)", "% điểm tối đa", "Mức", "Xếp hạng", "Lưu ý", "Mã tệp"]
    {
        assert!(summary.contains(&col.to_string()), "{col}: {summary:?}");
    }
    assert_eq!(book.header("Chỉ tiêu")[..4], ["Cơ quan", "Tệp", "Mã chỉ tiêu", "Chỉ tiêu"]);
    assert_eq!(book.header("Tổng cộng")[..4], ["Mã", "Nội dung", "Đơn vị", "Tổng"]);
    assert_eq!(book.header("Lỗi"), ["Cơ quan", "Tệp", "Mục", "Quy tắc", "Mức độ", "Nội dung"]);
    // One row per return on the summary, one per indicator and return on "Chỉ tiêu".
    assert_eq!(book.table("Tổng hợp").len(), 2);
    let indicators = json(&["validate", "--format", "json", &complete()])[0]["indicators"].as_array().unwrap().len();
    assert_eq!(book.table("Chỉ tiêu").len(), 2 * indicators);
}

#[test]
fn totals_are_numbers_equal_to_the_aggregate_json_money_in_the_unit_of_the_field() {
    let files = [complete(), legacy()];
    let (_, book) = workbook("totals.xlsx", &["aggregate", "--format", "xlsx", &files[0], &files[1]]);
    let agg = json(&["aggregate", "--format", "json", &files[0], &files[1]]);
    let (code, unit, total, returns) = (0, book.col("Tổng cộng", "Đơn vị"), book.col("Tổng cộng", "Tổng"), 4);
    let rows = book.table("Tổng cộng");
    let mut checked = 0;
    for (field, t) in agg["totals"].as_object().unwrap() {
        let row = rows.iter().find(|r| text(&r[code]) == field).unwrap_or_else(|| panic!("no row {field}"));
        assert_eq!(number(&row[returns]), t["returns"].as_f64().unwrap(), "{field}");
        let expected = match &t["value"] {
            Value::Null => {
                assert_eq!(row[total], Data::Empty, "{field}");
                continue;
            }
            Value::Number(n) => n.as_f64().unwrap(),
            Value::String(dong) => {
                let dong: f64 = dong.parse().unwrap();
                match row[unit].to_string().as_str() {
                    "tỷ đồng" => dong / 1e9,
                    "đồng" => dong,
                    other => panic!("{field}: unit {other}"),
                }
            }
            other => panic!("{field}: {other}"),
        };
        assert!(close(number(&row[total]), expected), "{field}: {:?} ≠ {expected}", row[total]);
        checked += 1;
    }
    assert!(checked > 50, "{checked}");
    // 5.11.1.a is in tỷ đồng: 1,5 tỷ in each return.
    let a = rows.iter().find(|r| text(&r[code]) == "5.11.1.a").unwrap();
    assert_eq!(text(&a[unit]), "tỷ đồng");
    // Yes/no answers are tallied as counts.
    let yes = book.col("Tổng cộng", "Số bản trả lời có");
    for (field, t) in agg["answers"].as_object().unwrap() {
        let row = rows.iter().find(|r| text(&r[code]) == field).unwrap();
        assert_eq!(number(&row[yes]), t["yes"].as_f64().unwrap(), "{field}");
    }
    // The aggregate's own findings follow, below the tables.
    let all = book.sheet("Tổng cộng");
    for f in agg["findings"].as_array().unwrap() {
        let msg = f["message"]["vi"].as_str().unwrap();
        assert!(all.iter().any(|r| r.iter().any(|c| *c == Data::String(msg.to_string()))), "{msg}");
    }
}

#[test]
fn summary_counts_points_and_levels_equal_what_the_json_outputs_say() {
    let files = [complete(), legacy()];
    let (_, book) = workbook("summary.xlsx", &["aggregate", "--format", "xlsx", &files[0], &files[1]]);
    let agg = json(&["aggregate", "--format", "json", &files[0], &files[1]]);
    let s = "Tổng hợp";
    let (file, errors, warnings, points, share) = (
        book.col(s, "Tệp"),
        book.col(s, "Số lỗi"),
        book.col(s, "Số cảnh báo"),
        book.col(s, "Tổng điểm (tạm tính)"),
        book.col(s, "% điểm tối đa"),
    );
    let rows = book.table(s);
    for r in agg["returns"].as_array().unwrap() {
        let row = rows.iter().find(|row| text(&row[file]) == r["file"].as_str().unwrap()).unwrap();
        assert_eq!(number(&row[errors]), r["errors"].as_f64().unwrap());
        assert_eq!(number(&row[warnings]), r["warnings"].as_f64().unwrap());
    }
    // The complete return's points are the sum of its indicators' points in
    // `validate --format json`, and its share a fraction of the maximum.
    let v = json(&["validate", "--format", "json", &files[0]]);
    let sum = |key: &str| -> f64 {
        v[0]["indicators"].as_array().unwrap().iter().filter_map(|i| i[key].as_str()?.parse::<f64>().ok()).sum()
    };
    let row = rows.iter().find(|row| text(&row[file]) == files[0]).unwrap();
    assert!(close(number(&row[points]), sum("points")), "{:?} ≠ {}", row[points], sum("points"));
    // Two decimals of a percentage (the maxima summed here are rounded: 1e-4).
    let expected_share = sum("points") / sum("maxPoints");
    assert!((number(&row[share]) - expected_share).abs() < 1e-4, "{:?} ≠ {expected_share}", row[share]);
    // Ranked: the complete return first; levels by name.
    assert_eq!(number(&row[book.col(s, "Xếp hạng")]), 1.0);
    assert_eq!(text(&row[book.col(s, "Mức")]), "Nâng cao");
    // Periods are dates, not text.
    assert!(matches!(row[book.col(s, "Từ ngày")], Data::DateTime(_)), "{:?}", row[2]);
    // Below the table: the levels are the default four, the points provisional.
    let notes: Vec<String> = book.sheet(s)[rows.len() + 1..].iter().map(|r| r[0].to_string()).collect();
    assert!(
        notes.iter().any(|n| n.contains("bốn mức mặc định") && n.contains("Dẫn dắt (>\u{a0}75\u{a0}%)")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("tạm tính")), "{notes:?}");
}

#[test]
fn every_indicator_and_finding_of_every_return_is_listed_as_validate_json_gives_it() {
    let f = complete();
    let (_, book) = workbook("indicators.xlsx", &["validate", "--format", "xlsx", &f]);
    let v = json(&["validate", "--format", "json", &f]);
    let rows = book.table("Chỉ tiêu");
    let (code, ratio, pts) =
        (book.col("Chỉ tiêu", "Mã chỉ tiêu"), book.col("Chỉ tiêu", "Tỷ lệ"), book.col("Chỉ tiêu", "Điểm (tạm tính)"));
    for ind in v[0]["indicators"].as_array().unwrap() {
        let row = rows.iter().find(|r| text(&r[code]) == ind["code"].as_str().unwrap()).unwrap();
        match ind["value"].as_str() {
            Some(x) => assert!(close(number(&row[ratio]), x.parse().unwrap()), "{}", ind["code"]),
            None => assert_eq!(row[ratio], Data::Empty),
        }
        if let Some(p) = ind["points"].as_str() {
            assert!(close(number(&row[pts]), p.parse().unwrap()), "{}", ind["code"]);
        }
    }
    let findings = v[0]["findings"].as_array().unwrap();
    let listed = book.table("Lỗi");
    assert_eq!(listed.len(), findings.len());
    let (rule, severity) = (book.col("Lỗi", "Quy tắc"), book.col("Lỗi", "Mức độ"));
    for (row, f) in listed.iter().zip(findings) {
        assert_eq!(text(&row[rule]), f["rule"].as_str().unwrap());
        assert!(["Lỗi", "Cảnh báo", "Lưu ý"].contains(&text(&row[severity])));
    }
}

#[test]
fn agency_names_that_look_like_formulas_stay_text_and_are_neutralised() {
    let evil = variant("evil.json", "=HYPERLINK(\"http://x\",\"bấm\")", &[]);
    let plus = variant("plus.json", "+84 Sở", &[]);
    let (_, book) = workbook("evil.xlsx", &["aggregate", "--format", "xlsx", &evil, &plus]);
    let agencies: Vec<&str> = book.table("Tổng hợp").iter().map(|r| text(&r[0])).collect();
    assert!(agencies.contains(&"'=HYPERLINK(\"http://x\",\"bấm\")"), "{agencies:?}");
    assert!(agencies.contains(&"'+84 Sở"), "{agencies:?}");
    for sheet in ["Chỉ tiêu", "Lỗi"] {
        assert!(book.table(sheet).iter().all(|r| !text(&r[0]).starts_with(['=', '+'])), "{sheet}");
    }
}

#[test]
fn last_periods_sheet_appears_only_with_previous_returns_and_flags_big_changes() {
    let now = complete();
    let before = variant(
        "before.json",
        "Sở Tư pháp",
        &[
            ("\"input\": \"43\",\n      \"value\": 43", "\"input\": \"20\",\n      \"value\": 20"),
            ("2023-06-30", "2022-12-31"),
            ("2023-01-01", "2022-07-01"),
        ],
    );
    let (_, without) = workbook("no-previous.xlsx", &["aggregate", "--format", "xlsx", &now]);
    assert!(!without.names().contains(&"So với kỳ trước"));
    assert!(!without.header("Tổng hợp").contains(&"Số mục cần xem lại".to_string()));
    let (_, with) = workbook("previous.xlsx", &["aggregate", "--format", "xlsx", "--previous", &before, &now]);
    assert_eq!(with.names(), ["Tổng hợp", "Chỉ tiêu", "Tổng cộng", "Lỗi", "So với kỳ trước"]);
    let sheet = "So với kỳ trước";
    let rows = with.table(sheet);
    let row = rows.iter().find(|r| text(&r[with.col(sheet, "Mã")]) == "3.1.1").expect("3.1.1 changed");
    assert_eq!(number(&row[with.col(sheet, "Kỳ trước")]), 20.0);
    assert_eq!(number(&row[with.col(sheet, "Kỳ này")]), 43.0);
    assert!(close(number(&row[with.col(sheet, "Thay đổi")]), 1.15));
    assert_eq!(text(&row[with.col(sheet, "Quy tắc")]), "K1");
    let summary = &with.table("Tổng hợp")[0];
    assert_eq!(number(&summary[with.col("Tổng hợp", "Số mục cần xem lại")]), 1.0);
    assert_eq!(number(&summary[with.col("Tổng hợp", "Số mục thay đổi so với kỳ trước")]), rows.len() as f64);
}

#[test]
fn the_same_returns_give_the_same_bytes_from_validate_and_aggregate() {
    let (a, b) = (complete(), variant("other.json", "Sở Y tế", &[]));
    let out = |name: &str, cmd: &str| {
        let p = dir().join(name).to_string_lossy().into_owned();
        let (code, _, err) = pdti(&[cmd, "--format", "xlsx", "-o", &p, &a, &b]);
        assert!(code < 2, "{err}");
        std::fs::read(p).unwrap()
    };
    let first = out("same-1.xlsx", "aggregate");
    assert_eq!(first, out("same-2.xlsx", "aggregate"));
    assert_eq!(first, out("same-3.xlsx", "validate"));
}

#[test]
fn xlsx_needs_an_output_file_and_a_failed_write_leaves_nothing() {
    let f = complete();
    let (code, out, err) = pdti(&["aggregate", "--format", "xlsx", &f]);
    assert_eq!((code, out.len()), (2, 0));
    assert!(err.starts_with("pdti: --format xlsx cần -o") && err.lines().count() == 1, "{err}");
    // '-o -' asks for the bytes on stdout.
    let (code, out, _) = pdti(&["aggregate", "--format", "xlsx", "-o", "-", &f]);
    assert_eq!(code, 0);
    assert!(out.starts_with(b"PK"));
    // A directory that does not exist: exit 2, one line naming the file.
    let missing = dir().join("no-such-dir").join("x.xlsx").to_string_lossy().into_owned();
    let (code, _, err) = pdti(&["aggregate", "--format", "xlsx", "-o", &missing, &f]);
    assert_eq!(code, 2);
    assert!(err.contains(&missing) && err.contains("không ghi được tệp") && err.lines().count() == 1, "{err}");
    // An unreadable input: no workbook at all, not even a temporary file.
    let d = dir().join("unreadable");
    std::fs::create_dir_all(&d).unwrap();
    let target = d.join("t.xlsx").to_string_lossy().into_owned();
    let (code, _, err) = pdti(&["aggregate", "--format", "xlsx", "-o", &target, &f, "no-such-file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-file.json"), "{err}");
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0);
    // --previous goes with the workbook only.
    let (code, _, err) = pdti(&["aggregate", "--previous", &f, &f]);
    assert_eq!(code, 2);
    assert!(err.contains("--previous"), "{err}");
}

#[test]
fn an_existing_file_is_replaced_whole_and_other_formats_can_go_to_a_file_too() {
    let target = dir().join("replace.xlsx");
    std::fs::write(&target, "old").unwrap();
    let t = target.to_string_lossy().into_owned();
    let (code, _, _) = pdti(&["validate", "--format", "xlsx", "-o", &t, &complete()]);
    assert_eq!(code, 0);
    assert!(std::fs::read(&target).unwrap().starts_with(b"PK"));
    let csv = dir().join("out.csv").to_string_lossy().into_owned();
    let (code, out, _) = pdti(&["validate", "--format", "csv", "-o", &csv, &complete()]);
    assert_eq!((code, out.len()), (0, 0));
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("\u{FEFF}tệp,"));
}

#[test]
fn the_exit_status_is_the_commands_own_1_when_a_return_has_an_error() {
    let broken = variant(
        "broken.json",
        "Sở Y tế",
        &[(
            "\"input\": \"12\",\n      \"value\": 12\n    },\n    \"6.2.e\"",
            "\"input\": \"14\",\n      \"value\": 14\n    },\n    \"6.2.e\"",
        )],
    );
    let (code, book) = workbook("broken.xlsx", &["validate", "--format", "xlsx", &complete(), &broken]);
    assert_eq!(code, 1);
    assert!(book.table("Lỗi").iter().any(|r| text(&r[3]) == "R15b"));
    let (code, _) = workbook("clean.xlsx", &["validate", "--format", "xlsx", &complete()]);
    assert_eq!(code, 0);
    let (code, _) = workbook("legacy.xlsx", &["aggregate", "--format", "xlsx", &complete(), &legacy()]);
    assert_eq!(code, 1);
}

#[test]
fn the_workbook_refuses_the_files_the_collector_page_refuses_and_writes_nothing() {
    let out = dir().join("refused.xlsx").to_string_lossy().into_owned();
    // The same return twice: once as given, once saved again with other line ends.
    let resaved = tmp("resaved.json", &common::read("fixtures/complete-return.json").replace('\n', "\r\n"));
    let c = complete();
    let (code, stdout, err) = pdti(&["aggregate", "--format", "xlsx", "-o", &out, &c, &resaved]);
    assert_eq!(code, 2, "{err}");
    assert!(stdout.is_empty());
    assert!(err.contains("cùng một bản báo cáo với tệp"), "{err}");
    assert!(!std::path::Path::new(&out).exists(), "no workbook is written");
    // Each file alone is taken.
    let (code, _) = workbook("alone.xlsx", &["aggregate", "--format", "xlsx", &resaved]);
    assert_eq!(code, 0);
}
