//! Shared helpers for the integration tests.
#![allow(dead_code)]

use pdti_form::engine::Session;
use pdti_form::form::Form;
use std::path::PathBuf;
use std::sync::Arc;

/// A complete, consistent return of a Department of Justice (not Sở GDĐT).
pub const CONSISTENT: &[(&str, &str)] = &[
    ("agency.name", "Sở Tư pháp"),
    ("period.from", "01/01/2023"),
    ("period.to", "30/06/2023"),
    ("coverLetter.number", "125/STP-PBGDPL"),
    ("coverLetter.date", "10/07/2023"),
    ("I.1", "2"),
    ("I.2", "40"),
    ("I.3", "3"),
    ("I.4", "1,5"),
    ("I.5", "120"),
    ("I.6.ho_ten", "Nguyễn Văn An"),
    ("I.6.don_vi", "Phòng Phổ biến, giáo dục pháp luật"),
    ("I.6.chuc_vu", "Phó Trưởng phòng"),
    ("I.6.dien_thoai", "0912345678"),
    ("I.6.email", "annv.sotp@laichau.gov.vn"),
    ("3.1.1", "43"),
    ("3.1.1.a", "23"),
    ("3.1.1.b", "14"),
    ("3.1.1.c", "1"),
    ("3.1.2.a", "38"),
    ("3.1.2.b", "20"),
    ("3.1.2.c", "18"),
    ("3.1.2.d", "5"),
    ("3.2.a", "có"),
    ("3.2.b", "38"),
    ("4.1.a", "0"),
    ("4.1.b", "1"),
    ("4.1.c", "0"),
    ("4.1.d", "3"),
    ("4.2.a", "0"),
    ("4.2.b", "0"),
    ("4.2.c", "1"),
    ("4.2.d", "3"),
    ("4.3", "1"),
    ("4.6", "5"),
    ("5.1", "3"),
    ("5.2", "3"),
    ("5.2.a", "3"),
    ("5.2.b", "3"),
    ("5.3.a", "2"),
    ("5.3.b", "2"),
    ("5.4.a", "40"),
    ("5.4.b", "38"),
    ("5.5.a", "0"),
    ("5.5.b", "0"),
    ("5.6.a", "3"),
    ("5.6.b", "1"),
    ("5.7", "3"),
    ("5.8", "3"),
    ("5.9", "2"),
    ("5.10", "2"),
    ("5.11.1.a", "1,5"),
    ("5.11.1.b", "0,2"),
    ("5.11.1.c", "11.362.000"),
    ("5.11.2", "0,05"),
    ("5.11.3", "0,05"),
    ("5.11.4", "0,02"),
    ("5.11.5", "0,01"),
    ("5.11.6", "0,01"),
    ("6.1.1.a", "875"),
    ("6.1.1.b", "45"),
    ("6.1.1.c", "830"),
    ("6.1.2.a", "4.272"),
    ("6.1.2.b", "55"),
    ("6.1.2.c", "4.217"),
    ("6.1.3.a", "500"),
    ("6.1.3.b", "450"),
    ("6.2.a", "có"),
    ("6.2.b", "4"),
    ("6.2.c", "4"),
    ("6.2.d", "12"),
    ("6.2.đ", "12"),
    ("6.2.e", "7"),
    ("6.3.a", "1"),
    ("6.3.b", "4"),
    ("6.3.c", "1"),
    ("6.3.d", "4"),
    ("6.4.a", "1.045"),
    ("6.4.b", "10"),
    ("6.4.c", "1.035"),
    ("6.5.a", "100"),
    ("6.5.b", "90"),
    ("6.5.c", "10"),
    ("6.5.d", "9"),
    ("6.6.a", "0,8"),
    ("6.6.b", "0,3"),
    ("6.6.c", "0,5"),
    ("7.1", "0,1"),
    ("7.2", "0,2"),
    ("7.3.a", "5"),
    ("7.3.b", "4"),
];

/// The embedded 2023 form.
pub fn form() -> Arc<Form> {
    Arc::new(Form::pdti_2023())
}

/// A session holding [`CONSISTENT`].
pub fn consistent() -> Session {
    let mut s = Session::new(form());
    s.set_all(CONSISTENT.iter().copied()).unwrap();
    s
}

/// A path under tests/.
pub fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join(rel)
}

/// Reads a file under tests/.
pub fn read(rel: &str) -> String {
    std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Compares `actual` with the golden file `rel`; `UPDATE_GOLDEN=1` rewrites it.
pub fn golden(rel: &str, actual: &str) {
    let p = path(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() || !p.exists() && std::env::var_os("CI").is_none() {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e} (run with UPDATE_GOLDEN=1)"));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{rel} differs from the golden file at line {}:\n  expected: {}\n  actual:   {}\n(run with UPDATE_GOLDEN=1 to accept)",
            line + 1,
            expected.lines().nth(line).unwrap_or(""),
            actual.lines().nth(line).unwrap_or("")
        );
    }
}

/// Runs the CLI in-process: (exit status, stdout, stderr).
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = pdti_form::cli::run(args, &mut std::io::empty(), &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

/// What the JSON Schema that `pdti schema` prints says against `doc`
/// (checked by the jsonschema crate, independent of this program): empty
/// when the document conforms.
pub fn schema_errors(doc: &str) -> Vec<String> {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: serde_json::Value = serde_json::from_str(pdti_form::document::SCHEMA).expect("the schema is JSON");
        jsonschema::draft202012::new(&schema).expect("the schema is a valid 2020-12 schema")
    });
    let doc: serde_json::Value = serde_json::from_str(doc).expect("a return is JSON");
    validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}
