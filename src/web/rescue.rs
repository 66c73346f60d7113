//! When the checker itself fails (a Rust panic, a bug): the page says so in
//! every mounted form, and what the fields show is kept for the next start.

use super::app::now_iso;
use super::storage;
use crate::engine::Session;
use crate::json::Json;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

thread_local! {
    /// Every element a form is mounted in, so that a panic can be shown in
    /// each (document or shadow root alike).
    pub static HOSTS: RefCell<Vec<(Element, Option<String>)>> = const { RefCell::new(Vec::new()) };
}

/// Shows a panic in every form and keeps what their fields show.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = format!(
            "Lỗi nội bộ của pdti-form. Dữ liệu đã nhập được lưu tự động trên máy này; hãy tải lại trang. \
             (Internal error; your entries are autosaved — reload the page.) Chi tiết (details): {info}"
        );
        web_sys::console::error_1(&JsValue::from_str(&msg));
        let _ = HOSTS.try_with(|hosts| {
            if let Ok(hosts) = hosts.try_borrow() {
                for (h, key) in hosts.iter() {
                    // The first failure is the one worth reading; later ones
                    // (every keystroke after it) follow from it.
                    if !h.has_attribute("data-pdti-error") {
                        let _ = h.set_attribute("data-pdti-error", "panic");
                        if let Ok(Some(alert)) = h.query_selector("[id=pdti-alert]") {
                            alert.set_text_content(Some(&msg));
                        }
                    }
                    // Each failure keeps the fields as they are now, so typing
                    // on after the first loses nothing either.
                    if let Some(key) = key {
                        rescue(h, key);
                    }
                }
            }
        });
    }));
}

/// After a panic the app's state cannot be trusted, but the fields on screen
/// can: keep what they hold under `<key>:rescue`, for the next mount to apply
/// over the draft (the keystroke that failed is not lost either).
fn rescue(host: &Element, key: &str) {
    let Ok(fields) = host.query_selector_all("input[name]:not([type=file])") else { return };
    let mut typed: Vec<(std::borrow::Cow<'static, str>, Json<'static>)> = Vec::new();
    for i in 0..fields.length() {
        if let Some(el) = fields.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
            // Of a yes/no field's radios, the chosen one.
            if el.type_() == "radio" && !el.checked() {
                continue;
            }
            typed.push((el.name().into(), Json::from(el.value())));
        }
    }
    let rescued = Json::object([("savedAt", Json::from(now_iso())), ("fields", Json::Object(typed))]);
    storage::save(&rescue_key(key), &rescued.to_compact());
}

fn rescue_key(key: &str) -> String {
    format!("{key}:rescue")
}

/// Applies (and removes) what [`rescue`] kept, unless the draft is newer
/// (saved later, in another tab); true when it changed anything.
pub fn apply_rescue(session: &mut Session, key: &str, draft_saved_at: Option<&str>) -> bool {
    let Some(text) = storage::load(&rescue_key(key)) else { return false };
    storage::remove(&rescue_key(key));
    let Ok(rescued) = Json::parse(&text) else { return false };
    let saved_at = rescued.get("savedAt").and_then(Json::as_str).unwrap_or("");
    if draft_saved_at.is_some_and(|d| d > saved_at) {
        return false;
    }
    let Some(typed) = rescued.get("fields").and_then(Json::as_object) else { return false };
    let mut changed = false;
    for (name, v) in typed {
        let Some(v) = v.as_str() else { continue };
        if let Some(code) = name.strip_prefix("evidence:") {
            changed |= session.set_evidence(code, v);
        } else if session.form().index_of(name).is_some() && session.input(name).unwrap_or("") != v {
            changed |= session.set(name, v).is_ok();
        }
    }
    changed
}
