//! A fully consistent return, the JSON round trip, and the fixture the CLI
//! tests and benchmarks use.

mod common;
use pdti_form::document;
use pdti_form::finding::Severity;

#[test]
fn a_fully_consistent_return_has_no_error_and_only_the_decree_42_notice() {
    let s = common::consistent();
    let findings = s.findings();
    let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let warnings: Vec<&str> =
        findings.iter().filter(|f| f.severity == Severity::Warning).map(|f| f.rule.as_str()).collect();
    assert_eq!(warnings, ["R29"]);
    let sum = s.summary();
    assert_eq!(sum.required_missing, 0);
    assert_eq!(sum.filled as usize, common::CONSISTENT.len() - 5);
}

#[test]
fn every_computable_indicator_of_a_consistent_return_has_a_value_and_points() {
    let s = common::consistent();
    let out = document::indicators(&s);
    for ind in &out {
        match ind.code {
            "4.1" | "4.2" => assert_eq!(ind.status, "provinceComputes"),
            "4.4" | "4.5" | "4.8" => assert_eq!(ind.status, "missingDenominator", "{} is for Sở GDĐT", ind.code),
            "5.5" => assert_eq!(ind.status, "zeroDenominator"),
            _ => assert_eq!(ind.status, "ok", "{}", ind.code),
        }
    }
    let get = |c: &str| out.iter().find(|i| i.code == c).unwrap();
    assert_eq!(get("6.1.1").value.as_deref(), Some("1"));
    assert_eq!(get("6.1.1.c/a").percent.as_deref(), Some("94.86"));
    assert_eq!(get("6.1.2.c/a").percent.as_deref(), Some("98.71"));
    assert_eq!(get("3.1.2").percent.as_deref(), Some("88.37"));
    assert_eq!(get("6.4").numerator.as_deref(), Some("1045"));
    // Money ratios are computed in đồng across mixed units: (0,2 tỷ + 11.362.000 đồng) / 1,5 tỷ.
    assert_eq!(get("5.11.1").numerator.as_deref(), Some("211362000"));
    assert_eq!(get("5.11.1").value.as_deref(), Some("0.140908"));
    assert_eq!(get("3.1.2").points.as_deref(), Some("44.19"));
    assert_eq!(get("6.1.1.c/a").points, None);
}

#[test]
fn the_consistent_return_exports_and_reimports_unchanged() {
    let s = common::consistent();
    let first = document::to_json(&s, Some("2023-07-10T08:00:00+07:00"), None);
    let again = document::read(&first, &common::form()).unwrap();
    let second = document::to_json(&again.session, again.saved_at.as_deref(), again.source.as_ref());
    assert_eq!(first, second);
    common::golden("fixtures/complete-return.json", &format!("{first}\n"));
}

#[test]
fn an_imported_return_survives_export_and_reimport_with_its_import_findings() {
    let text = common::read("fixtures/laichau-stp-2023h1.tsv");
    let copies = pdti_form::legacy::import(&text, &common::form()).unwrap();
    let c = &copies[0];
    let first = document::to_json(&c.session, None, Some(&c.source));
    let again = document::read(&first, &common::form()).unwrap();
    assert_eq!(again.session.import_findings.len(), c.session.import_findings.len());
    assert_eq!(again.session.unplaced, c.session.unplaced);
    let second = document::to_json(&again.session, again.saved_at.as_deref(), again.source.as_ref());
    assert_eq!(first, second);
}

#[test]
fn the_schema_names_every_top_level_key_the_writer_emits() {
    let schema: serde_json::Value = serde_json::from_str(document::SCHEMA).unwrap();
    let doc: serde_json::Value =
        serde_json::from_str(&document::to_json(&common::consistent(), Some("x"), None)).unwrap();
    for key in doc.as_object().unwrap().keys() {
        assert!(schema["properties"].get(key).is_some(), "schema lacks {key}");
    }
    for f in doc["findings"].as_array().unwrap() {
        for key in f.as_object().unwrap().keys() {
            assert!(schema["$defs"]["finding"]["properties"].get(key).is_some(), "finding schema lacks {key}");
        }
    }
    for i in doc["indicators"].as_array().unwrap() {
        for key in i.as_object().unwrap().keys() {
            assert!(schema["$defs"]["indicator"]["properties"].get(key).is_some(), "indicator schema lacks {key}");
        }
    }
}

#[test]
fn the_returns_written_conform_to_the_json_schema_that_pdti_schema_prints() {
    // Every golden JSON file (the import: an array of returns), the fixture, a consistent
    // return and one with every optional part: evidence, notes, unplaced
    // values, suggestions, an import source, an unreadable date, errors.
    let mut docs: Vec<(String, String)> = Vec::new();
    let mut golden: Vec<_> = std::fs::read_dir(common::path("golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    golden.sort();
    assert!(!golden.is_empty());
    for path in golden {
        // A return, or an array of returns (what `import-legacy` prints).
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let returns = match v {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        for (n, r) in returns.iter().enumerate() {
            docs.push((format!("{} #{}", path.display(), n + 1), r.to_string()));
        }
    }
    docs.push(("fixture".into(), common::read("fixtures/complete-return.json")));
    docs.push(("consistent".into(), document::to_json(&common::consistent(), Some("2023-07-10T08:00:00Z"), None)));
    let sample = common::read("fixtures/laichau-stp-2023h1.tsv");
    let mut imported = pdti_form::legacy::import(&sample, &common::form()).unwrap().remove(0);
    imported.session.set("period.from", "ngày 1 tháng 1").unwrap();
    imported.session.set("6.2.đ", "abc").unwrap();
    imported.session.set_evidence("6.4", "QĐ 12/QĐ-STP");
    imported.session.notes.insert("6.4".to_string(), "số liệu đến 30/6".to_string());
    assert!(!imported.session.unplaced.is_empty() && !imported.session.notes.is_empty());
    docs.push(("every part".into(), document::to_json(&imported.session, Some("now"), Some(&imported.source))));
    for (name, doc) in &docs {
        assert_eq!(common::schema_errors(doc), Vec::<String>::new(), "{name}");
    }
    // The schema has teeth: what the return does not write is refused.
    let good = common::read("fixtures/complete-return.json");
    for broken in [
        good.replacen("\"status\": \"ok\"", "\"status\": \"fine\"", 1),
        good.replacen("\"percent\": \"88.37\"", "\"percent\": 88.37", 1),
        good.replacen("\"percent\": \"88.37\"", "\"percent\": \"88,37\"", 1),
        good.replacen("\"agency\": {", "\"agency\": {\"code\": \"STP\",", 1),
        good.replacen("\"format\": \"pdti-return\",", "\"format\": \"pdti-return\", \"extra\": 1,", 1),
        good.replacen("\"severity\": \"warning\"", "\"severity\": \"notice\"", 1),
    ] {
        assert_ne!(broken, good, "the fixture changed shape");
        assert!(!common::schema_errors(&broken).is_empty(), "accepted: {}", &broken[..300]);
    }
}

#[test]
fn the_definition_hash_ignores_layout_and_changes_with_content() {
    let text = pdti_form::form::embedded_definitions().last().unwrap();
    let compact = pdti_form::form::Form::from_json(text).unwrap();
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    let indented = pdti_form::form::Form::from_json(&serde_json::to_string_pretty(&v).unwrap()).unwrap();
    assert_eq!(compact.hash, indented.hash);
    assert_eq!(compact.hash.len(), 16);
    let edited = pdti_form::form::Form::from_json(&text.replacen("máy tính", "máy vi tính", 1)).unwrap();
    assert_ne!(edited.hash, compact.hash);
}

#[test]
fn a_return_of_another_text_of_the_same_version_is_said_on_reading_and_refused_by_validate() {
    let form = common::form();
    let mut doc: serde_json::Value = serde_json::from_str(&common::read("fixtures/complete-return.json")).unwrap();
    assert_eq!(doc["form"]["hash"], form.hash.as_str(), "the return records the definition it was checked against");
    doc["form"]["hash"] = "0123456789abcdef".into();
    let text = doc.to_string();
    let s = document::read(&text, &form).unwrap().session;
    let f = s.findings().into_iter().find(|f| f.rule == "RET-definition").expect("RET-definition");
    assert!(
        f.message.vi.starts_with(
            "Bản báo cáo lập theo một định nghĩa khác của biểu mẫu pdti-2023 phiên bản 2023.3 (mã 0123456789abcdef)"
        ),
        "{}",
        f.message.vi
    );
    let path = std::env::temp_dir().join(format!("pdti-hash-{}.json", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let (code, _, err) = common::cli(&["validate", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 2);
    assert!(err.contains("định nghĩa khác") && err.contains("chưa kiểm tra"), "{err}");
}
