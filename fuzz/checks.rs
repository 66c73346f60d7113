// What each fuzz target checks, one function per target, shared by the
// cargo-fuzz targets in `fuzz_targets/` and by the native test
// `tests/fuzz_regressions.rs`, which replays the seeds and every input that
// once crashed (`fuzz/regressions/<target>/`). Pulled in with `include!`.

use pdti_form::date::Date;
use pdti_form::document::{read, to_json};
use pdti_form::expr::{eval, Slot};
use pdti_form::text::Lang;
use pdti_form::form::Form;
use pdti_form::value::{FieldHints, Value, ValueKind};
use rust_decimal::Decimal;
use std::sync::{Arc, OnceLock};

/// The built-in form, compiled once per process.
fn fuzz_form() -> &'static Arc<Form> {
    static FORM: OnceLock<Arc<Form>> = OnceLock::new();
    FORM.get_or_init(|| Arc::new(Form::pdti_2023()))
}

/// The value parser: any text, as any kind of field (the first byte picks the
/// kind and whether the unit was assumed), never panics and either reads, is
/// blank or says why not; a count it reads reads back the same.
pub fn check_value_parser(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let kind = ValueKind::ALL[first as usize % ValueKind::ALL.len()];
    let hints = FieldHints { unit_assumed: first & 0x80 != 0 };
    let text = String::from_utf8_lossy(rest);
    let p = pdti_form::value::parse(&text, kind, hints);
    assert!(p.value.is_some() || p.blank || !p.notes.is_empty(), "{text:?} as {kind:?}: no value and no message");
    if let (ValueKind::Count, Some(Value::Count(n))) = (kind, &p.value) {
        assert_eq!(pdti_form::value::parse(&n.to_string(), kind, hints).value, Some(Value::Count(*n)));
    }
}

/// The rule-expression parser and evaluator: any text either parses or gets an
/// error positioned inside it; what parses evaluates without a panic whatever
/// the fields hold (blank, unreadable, zero, the largest amounts, dates); the
/// first byte decides which field holds what.
pub fn check_expr_parser(data: &[u8]) {
    let Some((&seed, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let len = text.chars().count();
    match pdti_form::expr::parse(&text, |c| fuzz_form().index_of(c)) {
        Err(e) => assert!(e.at <= len, "error position {} past the end ({len})", e.at),
        Ok(expr) => {
            let vals = [
                Value::Count(0),
                Value::Count(u64::MAX),
                Value::Money(Decimal::MAX),
                Value::Money(Decimal::new(1, 28)),
                Value::Bool(true),
                Value::Bool(false),
                Value::Text("x".into()),
                Value::Date(Date::new(2023, 6, 30).expect("a valid date")),
            ];
            let slot = |i: usize| match (i + seed as usize) % (vals.len() + 2) {
                0 => Slot::Blank,
                1 => Slot::Unreadable,
                k => Slot::Value(&vals[k - 2]),
            };
            let mut fields = Vec::new();
            expr.fields(&mut fields);
            assert!(fields.iter().all(|&i| i < fuzz_form().items.len()));
            let _ = eval(&expr, &slot, seed & 1 == 0);
        }
    }
}

/// Reading a JSON return: any text is either refused with a reason or read;
/// what is read writes out and reads back to the very same document.
pub fn check_return_import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    check_json(text);
    match read(text, fuzz_form()) {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(loaded) => {
            let once = to_json(&loaded.session, loaded.saved_at.as_deref(), loaded.source.as_ref());
            let again = read(&once, fuzz_form()).expect("what we wrote reads back");
            let twice = to_json(&again.session, again.saved_at.as_deref(), again.source.as_ref());
            assert_eq!(once, twice, "write → read → write changed the document");
        }
    }
}

/// The JSON reader under the return: what it reads, it writes (compact and
/// pretty) to text that reads back the same; a value it skips is checked
/// exactly like one it keeps (same error, same place).
fn check_json(text: &str) {
    use pdti_form::json::Json;
    let parsed = Json::parse(text);
    let skipped = Json::parse_skipping(text, &["indicators", "findings", "values"]);
    assert_eq!(parsed.as_ref().err(), skipped.as_ref().err(), "skipping changed the verdict");
    if let Ok(v) = parsed {
        for written in [v.to_compact(), v.to_pretty()] {
            assert_eq!(Json::parse(&written).as_ref(), Ok(&v), "write → read changed the value");
        }
    }
}

/// The legacy import: any bytes (UTF-8, UTF-16, garbage) are either refused
/// with a reason or imported; imported copies become JSON returns that read
/// back to the same document (checked on the first two copies, which keeps
/// the fuzzer fast; the import itself checks every copy).
pub fn check_legacy_import(data: &[u8]) {
    match pdti_form::legacy::import_bytes(data, fuzz_form()) {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(copies) => {
            for c in copies.into_iter().take(2) {
                let once = to_json(&c.session, None, Some(&c.source));
                let again = read(&once, fuzz_form()).expect("an imported return reads back");
                assert_eq!(to_json(&again.session, None, again.source.as_ref()), once);
            }
        }
    }
}

/// A form definition, as a portal may pass one: any text is refused with a
/// reason or compiles; a form that compiles works end to end: every input
/// typed (the first byte picks what, by kind), the rules and indicators
/// evaluated, the page rendered, and its return written and read back to
/// the same document.
pub fn check_definition(data: &[u8]) {
    let Some((&seed, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let form = match Form::from_json(text) {
        Ok(form) => Arc::new(form),
        Err(e) => {
            assert!(!e.to_string().is_empty(), "a refused definition says why");
            return;
        }
    };
    let typed = ["", "0", "12", "1.045", "3,5 tỷ", "11.362.000 đồng", "có", "không", "30/06/2023", "x"];
    let mut session = pdti_form::engine::Session::new(form.clone());
    for (n, i) in form.inputs().enumerate() {
        let input = typed[(n + seed as usize) % typed.len()];
        session.set(&form.items[i].code, input).expect("every input of the form can be set");
    }
    for i in 0..form.indicators.len() {
        let _ = session.indicator_text(i, Lang::Vi);
    }
    let _ = session.summary();
    for lang in [Lang::Vi, Lang::En] {
        assert!(pdti_form::render::app_html(&session, lang).contains("pdti-form"));
    }
    let once = to_json(&session, None, None);
    let again = read(&once, &form).expect("a return of this form reads back");
    assert_eq!(to_json(&again.session, None, None), once, "write → read changed the document");
}
