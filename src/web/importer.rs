//! What only the full build carries: the old template's import and the
//! printed document (and the migration of older returns, `migration.rs`). The full build does both itself; the hosted page's
//! lean build (no `full` feature: neither is in the wasm every visitor
//! loads) asks the page for the full build (see `www/pdti.js`):
//! `globalThis.pdtiImportLegacy(bytes) → Promise<string>` answers with what
//! `pdti import-legacy` prints, and `globalThis.pdtiPrintDocument(place,
//! returnJson, lang)` draws the document into `place` (at once when the full
//! build is loaded, else a promise that settles once it is drawn).

use super::events::{run, Shared};
use crate::engine::Session;
use crate::text::Lang;
use web_sys::Element;

/// The page's function `globalThis[name]` that asks the full build, if the
/// page has it (the hosted page's `www/pdti.js`).
#[cfg(not(feature = "full"))]
pub fn hook(name: &str) -> Option<js_sys::Function> {
    use wasm_bindgen::JsCast;
    js_sys::Reflect::get(&js_sys::global(), &wasm_bindgen::JsValue::from_str(name)).ok()?.dyn_into().ok()
}

/// Draws the signed document of `session` into `place`.
#[cfg(feature = "full")]
pub fn print(place: &Element, session: &Session, lang: Lang) -> Option<js_sys::Promise> {
    draw_document(place, session, lang);
    None
}

/// Draws the signed document of `session` into `place`.
#[cfg(feature = "full")]
pub fn draw_document(place: &Element, session: &Session, lang: Lang) {
    use crate::render::Markup;
    let Some(doc) = place.owner_document() else { return };
    let mut builder = super::dom::Builder::new(&doc);
    builder.open("div", &[("class", "doc"), ("lang", "vi")]);
    crate::render::print::document(&mut builder, session, lang);
    builder.close();
    if let Some(drawn) = builder.finish() {
        super::dom::set_text(place, "");
        let _ = place.append_child(&drawn);
    }
}

/// Asks the full build to draw the signed document of `session` into
/// `place`; the promise when it is still loading.
#[cfg(not(feature = "full"))]
pub fn print(place: &Element, session: &Session, lang: Lang) -> Option<js_sys::Promise> {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let hook = hook("pdtiPrintDocument")?;
    let json = JsValue::from_str(&crate::document::to_json(session, None, None));
    let answer = hook.call3(&JsValue::NULL, place, &json, &JsValue::from_str(lang.tag())).ok()?;
    answer.dyn_into::<js_sys::Promise>().ok()
}

/// Imports `bytes` (a file, or pasted text as UTF-8) named `name` into the form.
#[cfg(feature = "full")]
pub fn import(app: &Shared, name: String, bytes: Vec<u8>) {
    run(app, |a| {
        let json = crate::legacy::import_json(&bytes, &a.form).map_err(|e| e.to_string());
        a.import_json(&name, json);
    });
}

/// Imports `bytes` (a file, or pasted text as UTF-8) named `name` into the form.
#[cfg(not(feature = "full"))]
pub fn import(app: &Shared, name: String, bytes: Vec<u8>) {
    use super::app::App;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let promise = hook("pdtiImportLegacy")
        .and_then(|f| f.call1(&JsValue::NULL, &js_sys::Uint8Array::from(bytes.as_slice())).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let Some(promise) = promise else {
        let reason = "trang này không có bộ đọc mẫu cũ (the old-template reader is not available here)".to_string();
        run(app, |a| a.import_json(&name, Err(reason)));
        return;
    };
    let (ok_app, err_app, ok_name) = (Rc::clone(app), Rc::clone(app), name.clone());
    let ok = Closure::once(move |text: JsValue| {
        let json = text.as_string().ok_or_else(|| "kết quả đọc không phải văn bản (not text)".to_string());
        run(&ok_app, |a| a.import_json(&ok_name, json));
    });
    let failed = Closure::once(move |e: JsValue| {
        let reason = js_sys::Reflect::get(&e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "không tải được bộ đọc mẫu cũ (the old-template reader did not load)".into());
        run(&err_app, |a: &mut App| a.import_json(&name, Err(reason)));
    });
    let _ = promise.then2(&ok, &failed);
    // One of the two runs, once; the page keeps both until then.
    ok.forget();
    failed.forget();
}
