//! The old template's import. The full build reads the file itself; the
//! hosted page's lean build (no `page-import` feature, so the importer is
//! not in the wasm every visitor loads) asks the page for the full build
//! through `globalThis.pdtiImportLegacy(bytes) → Promise<string>` (see
//! `www/pdti.js`), which answers with what `pdti import-legacy` prints.

use super::events::{run, Shared};

/// Imports `bytes` (a file, or pasted text as UTF-8) named `name` into the form.
#[cfg(feature = "page-import")]
pub fn import(app: &Shared, name: String, bytes: Vec<u8>) {
    run(app, |a| {
        let json = crate::legacy::import_json(&bytes, &a.form).map_err(|e| e.to_string());
        a.import_json(&name, json);
    });
}

/// Imports `bytes` (a file, or pasted text as UTF-8) named `name` into the form.
#[cfg(not(feature = "page-import"))]
pub fn import(app: &Shared, name: String, bytes: Vec<u8>) {
    use super::app::App;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let hook = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("pdtiImportLegacy"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = hook
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
