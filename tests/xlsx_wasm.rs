//! The workbook inside WebAssembly (wasm-bindgen-test in Node.js), as the
//! collector page writes it: `rust_xlsxwriter` reads the clock in
//! `Workbook::new()`, which panics on wasm32-unknown-unknown without its
//! `wasm` feature; and the same returns give the same bytes.
//!
//! `cargo test --target wasm32-unknown-unknown --no-default-features --features collect-xlsx --test xlsx_wasm`
#![cfg(all(target_arch = "wasm32", feature = "collect-xlsx"))]

use pdti_form::aggregate::Part;
use pdti_form::form::embedded_forms;
use pdti_form::{collect, document, ranking::Ranking, xlsx};
use wasm_bindgen_test::*;

fn parts() -> Vec<Part> {
    let text = include_str!("fixtures/complete-return.json");
    let forms = embedded_forms();
    ["a.json", "b.json"]
        .iter()
        .map(|label| Part { label: label.to_string(), session: document::read_any(text, &forms).unwrap().session })
        .collect()
}

#[wasm_bindgen_test]
fn the_workbook_is_written_in_wasm_and_the_same_returns_give_the_same_bytes() {
    let (current, previous) = (parts(), parts());
    let ranking = Ranking::embedded(current[0].session.form()).unwrap();
    let review = collect::review(&current, &previous, ranking).unwrap();
    let first = xlsx::workbook(&review, &current, &previous).unwrap();
    assert!(first.starts_with(b"PK"));
    assert_eq!(first, xlsx::workbook(&review, &current, &previous).unwrap());
}
