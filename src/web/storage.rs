//! Autosave in `localStorage`: a compact draft written on every change, so a
//! closed or killed tab loses nothing. Storage can be missing or full; the
//! caller is told, the form keeps working.

use web_sys::Storage;

/// The browser's local storage, when the page may use it.
pub fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Writes `value` under `key`; false when the browser refused.
pub fn save(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Reads the value under `key`.
pub fn load(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Removes `key`.
pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

/// Asks the browser to keep this site's storage under pressure.
pub fn request_persistence() {
    if let Some(w) = web_sys::window() {
        if let Ok(p) = w.navigator().storage().persist() {
            // The answer does not change what we do; drop the promise.
            drop(p);
        }
    }
}
