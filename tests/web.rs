//! The WebAssembly facade in a real browser (wasm-bindgen-test in headless
//! Chromium): mounting, typing, messages, the return, refusing bad files.
#![cfg(target_arch = "wasm32")]

use pdti_form::web::PdtiApp;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh host element appended to the page (the runner's output stays).
fn host() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// The current form's definition, handed to `mount` as the page hands it
/// (a form page's wasm embeds none).
const DEFINITION: &str = include_str!("../src/forms/pdti-2023.json");

fn options(lang: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"autosave".into(), &JsValue::FALSE).unwrap();
    js_sys::Reflect::set(&o, &"lang".into(), &lang.into()).unwrap();
    js_sys::Reflect::set(&o, &"definition".into(), &DEFINITION.into()).unwrap();
    o.into()
}

fn input(h: &Element, code: &str) -> HtmlInputElement {
    use wasm_bindgen::JsCast;
    h.query_selector(&format!("input[name=\"{code}\"]")).unwrap().unwrap().dyn_into().unwrap()
}

fn text_of(h: &Element, id: &str) -> String {
    h.query_selector(&format!("[id=\"{id}\"]")).unwrap().unwrap().text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn mounting_renders_every_field_from_the_definition() {
    let h = host();
    let _app = PdtiApp::mount(h.clone(), options("vi")).unwrap();
    for code in ["agency.name", "I.1", "I.6.email", "3.1.2.d", "5.11.1.c", "6.2.đ", "7.3.b"] {
        assert_eq!(input(&h, code).name(), code);
    }
    assert!(h.query_selector("[data-action=download]").unwrap().is_some());
}

#[wasm_bindgen_test]
fn a_sub_count_above_its_total_is_marked_and_fixing_it_clears_the_mark() {
    let h = host();
    let app = PdtiApp::mount(h.clone(), options("vi")).unwrap();
    assert!(app.set_value("6.2.d", "12"));
    assert!(app.set_value("6.2.đ", "14"));
    let el = input(&h, "6.2.đ");
    assert_eq!(el.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text_of(&h, "msg-6.2.đ").contains("(14)"));
    assert!(text_of(&h, "pdti-summary-list").contains("(14)"));
    app.set_value("6.2.đ", "12");
    assert_eq!(el.get_attribute("aria-invalid"), None);
    assert_eq!(text_of(&h, "msg-6.2.đ"), "");
}

#[wasm_bindgen_test]
fn money_is_exact_in_the_return_and_the_indicator_panel_updates() {
    let h = host();
    let app = PdtiApp::mount(h.clone(), options("vi")).unwrap();
    app.set_value("5.11.1.c", "11.362.000");
    app.set_value("6.4.a", "1.045");
    app.set_value("6.4.c", "1045");
    let doc: serde_json::Value = serde_json::from_str(&app.get_return()).unwrap();
    assert_eq!(doc["values"]["5.11.1.c"]["value"], "11362000");
    assert_eq!(doc["values"]["6.4.a"]["value"], 1045);
    assert!(text_of(&h, "indv-6.4").starts_with("100 %"));
}

#[wasm_bindgen_test]
fn a_bad_return_is_refused_and_the_data_stay() {
    let h = host();
    let app = PdtiApp::mount(h.clone(), options("vi")).unwrap();
    app.set_value("3.1.1", "43");
    assert!(app.set_return("{ not json").is_err());
    assert!(app.set_return(r#"{"format":"pdti-return","formatVersion":7}"#).is_err());
    assert_eq!(input(&h, "3.1.1").value(), "43");
    let doc: serde_json::Value = serde_json::from_str(&app.get_return()).unwrap();
    assert_eq!(doc["values"]["3.1.1"]["value"], 43);
}

#[wasm_bindgen_test]
fn a_return_set_by_a_portal_fills_the_form() {
    let h = host();
    let app = PdtiApp::mount(h.clone(), options("vi")).unwrap();
    app.set_return(include_str!("fixtures/complete-return.json")).unwrap();
    assert_eq!(input(&h, "6.2.đ").value(), "12");
    let summary: serde_json::Value = serde_json::from_str(&app.validate()).unwrap();
    assert_eq!(summary["errors"], 0);
}

#[wasm_bindgen_test]
fn the_english_form_shows_english_messages_whatever_the_tag() {
    let h = host();
    // A portal passes its own language tag: en-US is English.
    let app = PdtiApp::mount(h.clone(), options("en-US")).unwrap();
    app.set_value("I.6.dien_thoai", "912345678");
    assert!(text_of(&h, "msg-I.6.dien_thoai").contains("missing its leading 0"));
    app.set_language("vi-VN");
    assert!(text_of(&h, "msg-I.6.dien_thoai").contains("thiếu số 0"));
    assert_eq!(input(&h, "I.6.dien_thoai").value(), "912345678");
}

#[wasm_bindgen_test]
fn a_portal_can_mount_its_own_definition_read_only() {
    let h = host();
    let def = r#"{"id":"mini","version":"1","title":{"vi":"Mẫu nhỏ","en":"Mini"},
      "items":[{"code":"1","stt":"1","kind":"group","label":{"vi":"Nhóm","en":"Group"}},
               {"code":"1.a","stt":"a","kind":"count","label":{"vi":"Tổng","en":"Total"}},
               {"code":"1.b","stt":"b","kind":"count","label":{"vi":"Phần","en":"Part"}}],
      "rules":[{"id":"M1","severity":"error","check":"{1.b} <= {1.a}","message":{"vi":"Phần ({left}) lớn hơn tổng ({right}).","en":"Part exceeds total."}}]}"#;
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"autosave".into(), &JsValue::FALSE).unwrap();
    js_sys::Reflect::set(&o, &"definition".into(), &def.into()).unwrap();
    let app = PdtiApp::mount(h.clone(), o.into()).unwrap();
    assert!(h.query_selector("input[name=\"3.1.1\"]").unwrap().is_none());
    app.set_value("1.a", "2");
    app.set_value("1.b", "3");
    assert!(text_of(&h, "msg-1.b").contains("Phần (3) lớn hơn tổng (2)"));
    let doc: serde_json::Value = serde_json::from_str(&app.get_return()).unwrap();
    assert_eq!(doc["form"]["id"], "mini");

    let h2 = host();
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"autosave".into(), &JsValue::FALSE).unwrap();
    js_sys::Reflect::set(&o, &"readOnly".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::set(&o, &"definition".into(), &DEFINITION.into()).unwrap();
    js_sys::Reflect::set(&o, &"initialReturn".into(), &include_str!("fixtures/complete-return.json").into()).unwrap();
    let _ro = PdtiApp::mount(h2.clone(), o.into()).unwrap();
    let el = input(&h2, "3.1.1");
    assert_eq!(el.value(), "43");
    assert!(el.read_only());
}

#[wasm_bindgen_test]
fn a_malformed_definition_is_refused_with_its_reason() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"definition".into(), &r#"{"id":"x","version":"1","title":{"vi":"a","en":"a"},"items":[{"code":"1","kind":"number","label":{"vi":"a","en":"a"}}]}"#.into()).unwrap();
    let err = PdtiApp::mount(host(), o.into()).err().expect("refused");
    let msg = js_sys::Error::from(JsValue::from(err)).message();
    assert!(String::from(msg).contains("unknown kind 'number'"));
}

#[wasm_bindgen_test]
fn a_form_page_without_a_definition_is_refused_with_a_clear_reason() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"autosave".into(), &JsValue::FALSE).unwrap();
    let err = PdtiApp::mount(host(), o.into()).err().expect("refused");
    let msg = String::from(js_sys::Error::from(JsValue::from(err)).message());
    assert!(msg.contains("chưa có định nghĩa biểu mẫu"), "{msg}");
}

#[wasm_bindgen_test]
fn an_option_of_the_wrong_type_is_refused_naming_the_key() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"readOnly".into(), &"yes".into()).unwrap();
    let err = PdtiApp::mount(host(), o.into()).err().expect("refused");
    let msg = String::from(js_sys::Error::from(JsValue::from(err)).message());
    assert!(msg.contains("tuỳ chọn sai") && msg.contains("\"readOnly\""), "{msg}");
}

#[wasm_bindgen_test]
fn change_events_carry_the_value_and_findings_as_plain_objects() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let h = host();
    let got = std::rc::Rc::new(std::cell::RefCell::new(Vec::<JsValue>::new()));
    let sink = got.clone();
    let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        sink.borrow_mut().push(e.detail());
    });
    h.add_event_listener_with_callback("pdti-change", listener.as_ref().unchecked_ref()).unwrap();
    let app = PdtiApp::mount(h.clone(), options("vi")).unwrap();
    assert!(app.set_value("6.2.d", "12"));
    assert!(app.set_value("6.2.đ", "14"));
    let details = got.borrow();
    let detail = details.last().expect("a pdti-change event");
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    assert_eq!(get(detail, "field").as_string().as_deref(), Some("6.2.đ"));
    assert_eq!(get(detail, "value").as_f64(), Some(14.0));
    // The sub-count above its total: the finding, as an object with its fields.
    let findings = js_sys::Array::from(&get(detail, "findings"));
    let r15b = findings.iter().find(|f| get(f, "rule").as_string().as_deref() == Some("R15b")).expect("R15b");
    assert_eq!(get(&r15b, "severity").as_string().as_deref(), Some("error"));
    assert_eq!(js_sys::Array::from(&get(&r15b, "fields")).get(0).as_string().as_deref(), Some("6.2.đ"));
    assert!(get(&get(&r15b, "message"), "vi").as_string().unwrap_or_default().contains("(14)"));
}
