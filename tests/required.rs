//! Required means required: a blank required field is an error, so an empty
//! return fails `pdti validate` (exit 1) and lists every required field.

use std::process::Command;

#[test]
fn an_empty_return_fails_validation_listing_its_required_fields() {
    let dir = std::env::temp_dir().join(format!("pdti-required-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("empty.json");
    std::fs::write(
        &file,
        r#"{ "format": "pdti-return", "formatVersion": 1, "form": { "id": "pdti-2023", "version": "2023.1" }, "values": {} }"#,
    )
    .unwrap();
    let o =
        Command::new(env!("CARGO_BIN_EXE_pdti")).args(["validate", "--format", "json"]).arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v[0]["findings"].as_array().unwrap();
    let required: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == "REQ").collect();
    assert!(required.len() >= 50, "{}", required.len());
    assert!(required.iter().all(|f| f["severity"] == "error"));
    assert!(required.iter().any(|f| f["fields"][0] == "agency.name"));
    assert_eq!(
        v[0]["summary"]["errors"].as_u64().unwrap() as usize,
        findings.iter().filter(|f| f["severity"] == "error").count()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
