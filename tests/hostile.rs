//! Hostile input never panics and always gets a clear Vietnamese message;
//! what was already entered stays. A table of typed values, a table of
//! files, and random strings thrown at every parser.

mod common;
use pdti_form::document::{self, ReadError};
use pdti_form::engine::Session;
use pdti_form::finding::Severity;
use pdti_form::legacy;
use pdti_form::value::{self, FieldHints, Value, ValueKind};

/// (field, typed text, what must come out): `Ok(v)` for a value, `Err(words)`
/// for an error whose Vietnamese message contains `words`.
type Case = (&'static str, &'static str, Result<&'static str, &'static str>);

const TYPED: &[Case] = &[
    ("3.1.1", "-5", Err("không được âm")),
    ("3.1.1", "−5", Err("không được âm")),
    ("3.1.1", "1000000000000000000000000000000", Err("quá lớn")),
    ("3.1.1", "1e3", Err("số mũ")),
    ("3.1.1", "1E+30", Err("số mũ")),
    ("3.1.1", "４３", Ok("43")),
    ("3.1.1", "٤٣", Ok("43")),
    ("3.1.1", "۴۳", Ok("43")),
    ("3.1.1", "1\u{00A0}045", Ok("1045")),
    ("3.1.1", "1\u{202F}045", Ok("1045")),
    ("3.1.1", "\u{200B}43\u{200B}", Ok("43")),
    ("3.1.1", "\u{200F}43", Ok("43")),
    ("3.1.1", "\u{FEFF}43", Ok("43")),
    ("3.1.1", "1.234,5", Err("số nguyên")),
    ("3.1.1", "1,234.5", Err("số nguyên")),
    ("3.1.1", "1,5", Err("số nguyên")),
    ("3.1.1", "12 34", Err("Không đọc được")),
    ("3.1.1", "1..2", Err("Không đọc được")),
    ("3.1.1", "0043", Ok("43")),
    ("3.1.1", "<script>alert(1)</script>", Err("Không đọc được")),
    ("3.1.1", "43 máy", Err("Không đọc được")),
    ("3.1.1", "NaN", Err("Không đọc được")),
    ("3.1.1", "∞", Err("Không đọc được")),
    ("3.1.1", "0x2B", Err("Không đọc được")),
    ("3.1.1", "+43", Ok("43")),
    ("3.1.1", ".", Err("Không đọc được")),
    ("3.1.1", ",", Err("Không đọc được")),
    ("3.1.1", "-", Err("Không đọc được")),
    ("5.11.1.a", "1.234,5", Ok("1234500000000")),
    ("5.11.1.a", "1,234.5", Ok("1234500000000")),
    ("5.11.1.a", "0,5 tỷ", Ok("500000000")),
    ("5.11.1.a", "150 triệu", Ok("150000000")),
    ("5.11.1.a", "150 TRIỆU ĐỒNG", Ok("150000000")),
    ("5.11.1.a", "-0,5", Err("không được âm")),
    ("5.11.1.a", "99999999999999999999", Err("quá lớn")),
    ("5.11.1.a", "1e-3", Err("số mũ")),
    ("5.11.1.a", "một tỷ", Err("Không đọc được")),
    ("5.11.1.a", "1,2,3", Err("Không đọc được")),
    ("5.11.1.c", "11.362.000", Ok("11362000")),
    ("5.11.1.c", "11 362 000 đ", Ok("11362000")),
    ("5.11.1.c", "0,000000000000000000000000000001", Err("quá lớn")),
    ("3.2.a", "có", Ok("true")),
    ("3.2.a", "  KHÔNG  ", Ok("false")),
    ("3.2.a", "<b>Có</b>", Ok("true")),
    ("3.2.a", "yes", Err("có")),
    ("3.2.a", "có không", Err("có")),
    ("3.2.a", "1", Err("có")),
    ("I.6.dien_thoai", "912345678", Err("thiếu số 0")),
    ("I.6.dien_thoai", "+84 912 345 678", Ok("0912345678")),
    ("I.6.dien_thoai", "0912-345-678", Ok("0912345678")),
    ("I.6.dien_thoai", "09123456789012", Err("không hợp lệ")),
    ("I.6.dien_thoai", "<script>0912", Err("không hợp lệ")),
    ("I.6.dien_thoai", "091234567x", Err("không phải là số điện thoại")),
    ("I.6.email", "a@b", Err("không phải là địa chỉ email")),
    ("I.6.email", "a@@b.gov.vn", Err("không phải là địa chỉ email")),
    ("I.6.email", "<script>@x.gov.vn", Err("không phải là địa chỉ email")),
    ("I.6.email", "annv.sotp@laichau.gov.vn", Ok("annv.sotp@laichau.gov.vn")),
    ("I.6.ho_ten", "<script>alert('x')</script>Nguyễn", Ok("alert('x')Nguyễn")),
    ("I.6.ho_ten", "\u{202E}nạ nềyugN", Ok("nạ nềyugN")),
    ("period.from", "31/02/2023", Err("tháng 2 năm 2023 chỉ có 28 ngày")),
    ("period.from", "31/06/2023", Err("tháng 6 chỉ có 30 ngày")),
    ("period.from", "30062023", Ok("2023-06-30")),
    ("period.from", "30.06.2023", Ok("2023-06-30")),
    ("period.from", "2023-06-30", Ok("2023-06-30")),
    ("period.from", "30/6/23", Ok("2023-06-30")),
    ("period.from", "99/99/9999", Err("không hợp lệ")),
];

fn shown(v: &Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Money(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.to_string(),
    }
}

#[test]
fn hostile_typed_values_get_a_clear_vietnamese_message_and_keep_other_data() {
    assert!(TYPED.len() >= 60, "{} cases", TYPED.len());
    for (code, input, expect) in TYPED {
        let mut s = common::consistent();
        let before = s.input("6.4.a").map(str::to_string);
        s.set(code, input).unwrap();
        match expect {
            Ok(v) => assert_eq!(s.value(code).map(shown).as_deref(), Some(*v), "{code} = {input:?}"),
            Err(words) => {
                assert_eq!(s.value(code), None, "{code} = {input:?} should not read");
                let msgs: Vec<String> = s
                    .findings_for(code)
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| f.message.vi.clone())
                    .collect();
                assert!(msgs.iter().any(|m| m.contains(words)), "{code} = {input:?}: {msgs:?}");
            }
        }
        assert_eq!(s.input(code), Some(*input), "what was typed is kept as typed");
        assert_eq!(s.input("6.4.a").map(str::to_string), before, "other fields untouched");
    }
}

#[test]
fn markup_or_invisible_characters_alone_count_as_blank_and_say_so() {
    let mut s = common::consistent();
    for input in ["<script></script>", "\u{200B}\u{200B}", "<i> </i>"] {
        s.set("I.6.dien_thoai", input).unwrap();
        assert_eq!(s.value("I.6.dien_thoai"), None);
        assert!(s
            .findings_for("I.6.dien_thoai")
            .iter()
            .any(|f| f.rule == "V-markup" && f.message.vi.contains("để trống")));
    }
}

#[test]
fn a_one_megabyte_value_is_handled_without_a_panic() {
    let big = "9".repeat(1 << 20);
    let mut s = common::consistent();
    s.set("3.1.1", &big).unwrap();
    assert!(s.findings_for("3.1.1").iter().any(|f| f.message.vi.contains("quá lớn")));
    let name = "Nguyễn ".repeat(150_000);
    s.set("I.6.ho_ten", &name).unwrap();
    assert_eq!(s.input("I.6.ho_ten"), Some(name.as_str()), "kept as typed");
    assert_eq!(s.value("I.6.ho_ten"), Some(&Value::Text(name.trim_end().to_string())));
    // The other fields are untouched.
    let before = common::consistent();
    for (code, _) in common::CONSISTENT.iter().filter(|(c, _)| !["3.1.1", "I.6.ho_ten"].contains(c)) {
        assert_eq!(s.value(code), before.value(code), "{code}");
    }
}

fn read(text: &str) -> Result<Session, ReadError> {
    document::read(text, &common::form()).map(|l| l.session)
}

#[test]
fn hostile_return_files_are_refused_with_a_reason_in_vietnamese() {
    let good = common::read("fixtures/complete-return.json");
    let cases: Vec<(String, &str)> = vec![
        (good[..good.len() / 2].to_string(), "không phải JSON hợp lệ"),
        ("".into(), "không phải JSON hợp lệ"),
        ("null".into(), "không phải bản báo cáo PDTI"),
        ("\"pdti-return\"".into(), "không phải bản báo cáo PDTI"),
        ("<html><script>alert(1)</script></html>".into(), "không phải JSON hợp lệ"),
        ("STT\tChỉ số\n3.1.1\t43\n".into(), "không phải JSON hợp lệ"),
        (good.replace("\"formatVersion\": 1", "\"formatVersion\": 2"), "phiên bản định dạng 2"),
        (good.replace("\"formatVersion\": 1", "\"formatVersion\": \"1\""), "phiên bản định dạng"),
        (good.replace("\"id\": \"pdti-2023\"", "\"id\": \"dti-bo-2023\""), "dti-bo-2023"),
        (good.replace("\"values\": {", "\"values\": [{"), "không phải JSON hợp lệ"),
        (good.replace("\"name\": \"Sở Tư pháp\"", "\"name\": 5"), "cấu trúc"),
        (format!("{}{}", " ".repeat(document::MAX_BYTES), good), "quá lớn"),
        (good.repeat(50 * 1024 * 1024 / good.len() + 1), "quá lớn"),
        (good.replace("\"format\": \"pdti-return\"", "\"format\": \"dhis2-dataset\""), "không phải bản báo cáo PDTI"),
        (good.replace('{', "{\"x\":").replace("\"x\":}", "}"), "không phải JSON hợp lệ"),
        (good.replace("\"values\": {", "\"values\": {\"3.1.1\": {\"input\": [[[[[[1]]]]]]},"), "cấu trúc"),
        ("[".repeat(100_000), "không phải JSON hợp lệ"),
    ];
    for (text, words) in cases {
        let err = read(&text)
            .err()
            .unwrap_or_else(|| panic!("accepted (expected {words:?}): {}", &text[..text.len().min(80)]));
        assert!(err.to_string().contains(words), "{err} (expected {words:?})");
    }
    // A BOM or CRLF line ends change nothing.
    let plain = document::to_json(&read(&good).unwrap(), None, None);
    assert_eq!(document::to_json(&read(&format!("\u{FEFF}{good}")).unwrap(), None, None), plain);
    assert_eq!(document::to_json(&read(&good.replace('\n', "\r\n")).unwrap(), None, None), plain);
}

#[test]
fn hostile_legacy_files_are_refused_with_a_reason_in_vietnamese() {
    let form = common::form();
    let sample = common::read("fixtures/laichau-stp-2023h1.tsv");
    let refused: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "không tìm thấy dòng nào"),
        (b"   \r\n\t\r\n".to_vec(), "không tìm thấy dòng nào"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe".to_vec(), "không phải văn bản"),
        (vec![0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], "không phải văn bản"),
        (sample.repeat(50 * 1024 * 1024 / sample.len() + 1).into_bytes(), "quá lớn"),
        (common::read("fixtures/complete-return.json").into_bytes(), "không tìm thấy dòng nào"),
        (b"<html><script>alert(1)</script></html>".to_vec(), "không tìm thấy dòng nào"),
    ];
    for (bytes, words) in refused {
        let err = legacy::import_bytes(&bytes, &form).err().unwrap_or_else(|| {
            panic!("accepted (expected {words:?}): {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(60)]))
        });
        assert!(err.to_string().contains(words), "{err} (expected {words:?})");
    }
    // Truncated anywhere, even inside a letter, a file imports what it has.
    let whole = legacy::import(&sample, &form).unwrap().remove(0);
    for cut_at in [sample.len() / 3, sample.len() / 2 + 1, sample.len() - 7] {
        let bytes = &sample.as_bytes()[..cut_at];
        let copies = legacy::import_bytes(bytes, &form).expect("the rows before the cut");
        let (cut, full) = (&copies[0].session, &whole.session);
        // Section I is blank in the sample: nothing is invented there.
        assert_eq!(cut.input("I.1"), Some(""));
        // The rows before the cut read as in the whole file (the contact
        // rows, moved from the evidence column, among them) …
        assert_eq!(cut.input("I.6.ho_ten"), Some("Nguyễn Văn An"));
        assert_eq!(cut.input("agency.name"), Some("Sở Tư pháp"));
        // … and every value kept is the whole file's, but for the one row the
        // cut went through.
        let differ: Vec<&str> = form
            .inputs()
            .map(|i| form.items[i].code.as_str())
            .filter(|c| !cut.input(c).unwrap().is_empty() && cut.input(c) != full.input(c))
            .collect();
        assert!(differ.len() <= 1, "cut at {cut_at}: {differ:?}");
        let kept = form.inputs().filter(|&i| !cut.input_at(i).is_empty()).count();
        assert!(kept > 10 && kept <= form.inputs().filter(|&i| !full.input_at(i).is_empty()).count(), "{kept}");
    }
    // BOM, CRLF, old Mac CR, UTF-16 with a BOM: the same return.
    let plain = legacy::import(&sample, &form).unwrap()[0].session.summary();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(sample.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    for bytes in [
        format!("\u{FEFF}{sample}").into_bytes(),
        sample.replace('\n', "\r\n").into_bytes(),
        sample.replace('\n', "\r").into_bytes(),
        utf16,
    ] {
        assert_eq!(legacy::import_bytes(&bytes, &form).unwrap()[0].session.summary(), plain);
    }
}

#[test]
fn script_in_an_imported_return_stays_text() {
    let good = common::read("fixtures/complete-return.json");
    let evil = good.replace("\"Sở Tư pháp\"", "\"<img src=x onerror=alert(1)>\"");
    let s = read(&evil).unwrap();
    assert_eq!(s.input("agency.name"), Some("<img src=x onerror=alert(1)>"));
    let out = document::to_json(&s, None, None);
    assert!(out.contains("<img src=x onerror=alert(1)>"), "kept as data, never interpreted");
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn string(&mut self, alphabet: &[char], max: usize) -> String {
        let n = (self.next() % max as u64) as usize;
        (0..n).map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize]).collect()
    }
}

const ALPHABET: &[char] = &[
    '0', '1', '5', '9', '.', ',', ' ', '-', '+', 'e', 'E', 'đ', 'Đ', 'ó', 'k', 'h', 'n', 'g', 't', 'ỷ', '\t', '\n',
    '\r', '"', '<', '>', '/', '{', '}', '[', ']', ':', '\u{00A0}', '\u{200B}', '\u{202E}', '\u{FEFF}', '٣', '３', '\\',
    '@', '∞', '\u{0301}',
];

#[test]
fn random_strings_never_panic_any_parser() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let form = common::form();
    for _ in 0..20_000 {
        let s = rng.string(ALPHABET, 24);
        for k in ValueKind::ALL {
            let p = value::parse(&s, k, FieldHints::default());
            assert!(p.value.is_some() || p.blank || !p.notes.is_empty(), "{s:?} as {k:?}: no value and no message");
        }
        let _ = pdti_form::expr::parse(&s, |c| form.index_of(c));
        let _ = document::read(&s, &form);
        let _ = legacy::import(&s, &form);
    }
    // Structured garbage: fragments of real files shuffled.
    let sample = common::read("fixtures/laichau-stp-2023h1.tsv");
    let lines: Vec<&str> = sample.lines().collect();
    for _ in 0..300 {
        let n = 1 + (rng.next() % 80) as usize;
        let text: String =
            (0..n).map(|_| lines[(rng.next() % lines.len() as u64) as usize]).collect::<Vec<_>>().join("\n");
        if let Ok(copies) = legacy::import(&text, &form) {
            for c in copies {
                let json = document::to_json(&c.session, None, Some(&c.source));
                let again = document::read(&json, &form).expect("an imported return reads back");
                assert_eq!(document::to_json(&again.session, None, again.source.as_ref()), json);
            }
        }
    }
}
