//! Property tests (proptest, with shrinking): random returns conform to the
//! JSON Schema and survive export → import → export unchanged, their totals are their exact sums,
//! and random text of any kind never panics a parser. Failing cases are shrunk and printed; proptest's seed
//! makes them reproducible.

mod common;
use pdti_form::aggregate::{aggregate, Part};
use pdti_form::document::{self, read, to_json};
use pdti_form::engine::Session;
use pdti_form::form::{Form, ItemKind};
use pdti_form::json::Json;
use pdti_form::legacy;
use pdti_form::value::{self, FieldHints, MoneyUnit, Value, ValueKind};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;
use std::sync::{Arc, OnceLock};

fn form() -> Arc<Form> {
    static FORM: OnceLock<Arc<Form>> = OnceLock::new();
    FORM.get_or_init(common::form).clone()
}

/// Text from an alphabet that has every character class the parsers care
/// about: digits of three scripts, separators, units, Vietnamese letters,
/// markup, quotes, invisible and right-to-left marks, line ends.
fn awkward_text(max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = "0123456789٣３.,;:+-−/ \u{a0}\u{202f}\u{200b}\u{200f}\u{202e}\u{feff}\t\r\n\"'\\<>{}[]@#eEđĐồờỷệóÓkhngtyrêuabc\u{301}😀"
        .chars()
        .collect();
    prop::collection::vec(select(chars), 0..max).prop_map(|v| v.into_iter().collect())
}

/// Either fully random Unicode or awkward text.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), awkward_text(40)]
}

/// A well-formed typed value for a field of this kind, in one of the ways
/// people really type it.
fn typed(kind: ValueKind) -> BoxedStrategy<String> {
    match kind {
        ValueKind::Count => prop_oneof![
            (0u64..10_000_000).prop_map(|n| n.to_string()),
            (1_000u64..10_000_000).prop_map(|n| grouped(n, '.')),
            (1_000u64..1_000_000).prop_map(|n| grouped(n, '\u{a0}')),
        ]
        .boxed(),
        ValueKind::Money(MoneyUnit::Ty) => prop_oneof![
            (0u64..100_000, 0u32..4).prop_map(|(m, s)| decimal_vi(m, s)),
            (1u64..1_000).prop_map(|n| format!("{n} triệu")),
        ]
        .boxed(),
        ValueKind::Money(MoneyUnit::Dong) => prop_oneof![
            (0u64..1_000_000_000_000).prop_map(|n| n.to_string()),
            (1_000u64..1_000_000_000_000).prop_map(|n| grouped(n, '.')),
        ]
        .boxed(),
        ValueKind::YesNo => select(vec!["có", "không", "Có", "KHÔNG", "<i>có</i>"]).prop_map(str::to_string).boxed(),
        ValueKind::Phone => prop_oneof![
            (select(vec!['3', '5', '7', '8', '9']), 0u64..100_000_000).prop_map(|(p, n)| format!("0{p}{n:08}")),
            (0u64..1_000_000_000).prop_map(|n| format!("02{n:09}")),
            (select(vec!['3', '5', '7', '8', '9']), 0u64..100_000_000).prop_map(|(p, n)| format!("+84 {p}{n:08}")),
        ]
        .boxed(),
        ValueKind::Email => ("[a-z]{1,8}", "[a-z]{2,8}").prop_map(|(u, d)| format!("{u}@{d}.gov.vn")).boxed(),
        ValueKind::Date => {
            (1u8..=28, 1u8..=12, 2020u16..2030).prop_map(|(d, m, y)| format!("{d:02}/{m:02}/{y}")).boxed()
        }
        ValueKind::DocNumber => (1u32..999).prop_map(|n| format!("{n}/STP-PBGDPL")).boxed(),
        ValueKind::Text => awkward_text(30).boxed(),
    }
}

fn grouped(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn decimal_vi(mantissa: u64, scale: u32) -> String {
    let d = rust_decimal::Decimal::new(mantissa as i64, scale);
    d.to_string().replace('.', ",")
}

/// A return: for each input field, blank (often) or a well-formed value;
/// plus evidence and notes on a few rows.
/// (code, typed text) pairs.
type Entries = Vec<(String, String)>;

fn random_return() -> impl Strategy<Value = (Entries, Entries)> {
    let f = form();
    let fields: Vec<BoxedStrategy<Option<(String, String)>>> = f
        .items
        .iter()
        .filter_map(|it| match it.kind {
            ItemKind::Input(k) => {
                let code = it.code.clone();
                Some(prop::option::weighted(0.6, typed(k).prop_map(move |t| (code.clone(), t))).boxed())
            }
            _ => None,
        })
        .collect();
    let codes: Vec<String> = f.items.iter().filter(|i| !i.header).map(|i| i.code.clone()).collect();
    let extras = prop::collection::vec((select(codes), awkward_text(20)), 0..6);
    (fields, extras).prop_map(|(fields, extras)| (fields.into_iter().flatten().collect(), extras))
}

fn session(values: &[(String, String)], extras: &[(String, String)]) -> Session {
    let mut s = Session::new(form());
    s.set_all(values.iter().map(|(c, v)| (c.as_str(), v.as_str()))).unwrap();
    for (i, (code, text)) in extras.iter().enumerate() {
        let map = if i % 2 == 0 { &mut s.evidence } else { &mut s.notes };
        if !text.trim().is_empty() {
            map.insert(code.clone(), text.clone());
        }
    }
    s
}

/// Any JSON tree with strings of awkward text; object keys are unique.
fn json_tree() -> impl Strategy<Value = Json<'static>> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<u64>().prop_map(Json::from),
        any_text().prop_map(Json::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map(any_text(), inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().map(|(k, v)| (k.into(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/proptest-regressions.txt"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_valid_returns_survive_export_import_export_unchanged((values, extras) in random_return()) {
        let s = session(&values, &extras);
        let once = to_json(&s, Some("2023-07-05T08:00:00Z"), None);
        let errors = common::schema_errors(&once);
        prop_assert!(errors.is_empty(), "against the JSON Schema: {:?}", errors);
        let back = read(&once, &form()).expect("our own return reads back");
        for (code, _) in &values {
            prop_assert_eq!(back.session.value(code), s.value(code), "{}", code);
            prop_assert_eq!(back.session.input(code), s.input(code), "{}", code);
        }
        prop_assert_eq!(&back.session.evidence, &s.evidence);
        prop_assert_eq!(&back.session.notes, &s.notes);
        let twice = to_json(&back.session, back.saved_at.as_deref(), back.source.as_ref());
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn the_totals_of_random_returns_are_their_exact_sums_and_tallies(
        returns in prop::collection::vec(random_return(), 1..5))
    {
        let sessions: Vec<Session> = returns.iter().map(|(v, e)| session(v, e)).collect();
        let parts: Vec<Part> = sessions.iter().enumerate()
            .map(|(n, s)| Part { label: format!("{n}.json"), session: s.clone() }).collect();
        let agg = aggregate(&parts).expect("returns of one form add up");
        for t in &agg.totals {
            let given: Vec<rust_decimal::Decimal> = sessions.iter()
                .filter_map(|s| s.value_at(t.idx).and_then(Value::as_number)).collect();
            prop_assert_eq!(t.returns, given.len());
            let expected = given.iter().copied().reduce(|a, b| a + b);
            prop_assert_eq!(t.total.as_ref().and_then(Value::as_number), expected);
            // The aggregate return holds exactly the total.
            prop_assert_eq!(agg.session.value_at(t.idx), t.total.as_ref());
        }
        for t in &agg.answers {
            let yes = sessions.iter().filter(|s| s.value_at(t.idx) == Some(&Value::Bool(true))).count();
            let no = sessions.iter().filter(|s| s.value_at(t.idx) == Some(&Value::Bool(false))).count();
            prop_assert_eq!((t.yes, t.no), (yes, no));
        }
        // Only the collection's checks and the form's rules are reported.
        for f in &agg.findings {
            prop_assert!(f.rule.starts_with("AGG-") || f.rule == "IND"
                || agg.session.form().rules.iter().any(|r| r.id == f.rule), "{}", f.rule);
        }
    }

    #[test]
    fn every_field_of_a_random_valid_return_reads(kind_and_text in select(form().items.clone())
        .prop_filter_map("an input", |it| it.value_kind())
        .prop_flat_map(|k| (Just(k), typed(k))))
    {
        let (kind, text) = kind_and_text;
        let p = value::parse(&text, kind, FieldHints::default());
        prop_assert!(p.value.is_some() || (kind == ValueKind::Text && p.blank), "{:?} as {:?}: {:?}", text, kind, p.notes);
        if let (ValueKind::Count, Some(Value::Count(n))) = (kind, &p.value) {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            prop_assert_eq!(digits.trim_start_matches('0'), if *n == 0 { String::new() } else { n.to_string() });
        }
    }

    #[test]
    fn any_typed_text_in_any_field_round_trips_through_the_return(values in prop::collection::vec(
        (select(form().items.iter().filter(|i| i.value_kind().is_some()).map(|i| i.code.clone()).collect::<Vec<_>>()), any_text()),
        0..12))
    {
        let s = session(&values, &[]);
        let once = to_json(&s, None, None);
        let errors = common::schema_errors(&once);
        prop_assert!(errors.is_empty(), "against the JSON Schema: {:?}", errors);
        let back = read(&once, &form()).expect("our own return reads back");
        prop_assert_eq!(to_json(&back.session, None, None), once);
    }

    #[test]
    fn any_json_tree_reads_back_from_its_text_and_serde_json_reads_the_same(v in json_tree()) {
        let pretty = v.to_pretty();
        prop_assert_eq!(&Json::parse(&pretty).expect("pretty text reads"), &v);
        let compact = v.to_compact();
        prop_assert_eq!(&Json::parse(&compact).expect("compact text reads"), &v);
        // An independent reader and writer agree, escapes included.
        let theirs: serde_json::Value = serde_json::from_str(&compact).expect("serde_json reads our text");
        prop_assert_eq!(serde_json::to_string(&theirs).unwrap(), compact);
        // Skipped, the same text is checked and passed over.
        let wrapped = format!("{{\"a\": {pretty}, \"b\": 1}}");
        let skipped = Json::parse_skipping(&wrapped, &["a"]).expect("skipped text reads");
        prop_assert_eq!(skipped.get("a"), Some(&Json::Null));
        prop_assert_eq!(skipped.get("b").and_then(Json::as_u64), Some(1));
    }

    #[test]
    fn random_strings_never_panic_the_value_parser(text in any_text(), k in 0usize..9, assumed in any::<bool>()) {
        let kind = ValueKind::ALL[k];
        let p = value::parse(&text, kind, FieldHints { unit_assumed: assumed });
        prop_assert!(p.value.is_some() || p.blank || !p.notes.is_empty());
    }

    #[test]
    fn random_strings_never_panic_the_other_parsers(text in any_text()) {
        let f = form();
        let _ = pdti_form::expr::parse(&text, |c| f.index_of(c));
        let _ = document::read(&text, &f);
        let _ = legacy::import(&text, &f);
        let _ = legacy::import_bytes(text.as_bytes(), &f);
        let _ = Form::from_json(&text);
        let _ = pdti_form::date::Date::parse_any(&text);
        let wrapped = format!("{{\"a\": {text}}}");
        prop_assert_eq!(Json::parse_skipping(&wrapped, &["a"]).err(), Json::parse(&wrapped).err(), "{:?}", text);
        if let Ok(v) = Json::parse(&text) {
            prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "only we accept {:?}", text);
            let again = v.to_compact();
            let back = Json::parse(&again);
            prop_assert_eq!(back.as_ref(), Ok(&v));
        }
    }
}
