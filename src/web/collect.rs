//! The collector page's facade (`collect.html`, `pdti-collect.html`): one
//! class, [`Collector`], over the core's [`Office`]. Files come in as bytes,
//! what the page shows goes out as JSON text the page lays out; every
//! decision (what is refused, the order, the texts) is in `crate::office`.
//! Built only with the `collect` feature: no form page carries it.

use crate::form::embedded_forms;
use crate::office::{Office, SortKey, TableView};
use crate::text::Lang;
use wasm_bindgen::prelude::*;

/// The returns the collecting office added, this period's and last period's.
#[wasm_bindgen]
pub struct Collector {
    office: Office,
}

#[wasm_bindgen]
impl Collector {
    /// An empty collection of returns of the embedded forms.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Collector {
        super::rescue::install_panic_hook();
        Collector { office: Office::new(embedded_forms()) }
    }

    /// The largest file read, in bytes: larger files are refused before
    /// they are read.
    #[wasm_bindgen(js_name = maxBytes)]
    pub fn max_bytes() -> u32 {
        crate::office::MAX_BYTES as u32
    }

    /// Adds a file under `id`: `{"added": n}` (its `n` returns), or
    /// `{"refused": "…", "refusedEn": "…"}` naming the file, and nothing changed.
    pub fn add(&mut self, id: &str, name: &str, bytes: &[u8], previous: bool) -> String {
        use crate::json::Json;
        let out = match self.office.add(id, name, bytes, previous) {
            Ok(n) => Json::object([("added", Json::from(n as u64))]),
            Err(t) => Json::object([("refused", Json::from(t.vi)), ("refusedEn", t.en.into())]),
        };
        out.to_compact()
    }

    /// Removes the file `id`; whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        self.office.remove(id)
    }

    /// What the page shows, as JSON (`Office::view_json`).
    pub fn view(&self, sort: &str, descending: bool, only_errors: bool, lang: &str) -> String {
        let view = TableView { sort: SortKey::parse(sort), descending, only_errors };
        self.office.view_json(view, Lang::parse(lang))
    }

    /// One return's findings as JSON, errors first.
    pub fn findings(&self, key: &str, lang: &str) -> Option<String> {
        self.office.findings_json(key, Lang::parse(lang))
    }

    /// The list to send back to the return's agency: `[file name, text]`
    /// (plain text, Vietnamese).
    #[wasm_bindgen(js_name = sendBack)]
    pub fn send_back(&self, key: &str) -> Option<Vec<String>> {
        self.office.send_back(key).map(|(name, text)| vec![name, text])
    }

    /// The return as the form downloads it: `[file name, JSON text]`.
    #[wasm_bindgen(js_name = returnJson)]
    pub fn return_json(&self, key: &str) -> Option<Vec<String>> {
        self.office.return_json(key).map(|(name, text)| vec![name, text])
    }

    /// The workbook of the cycle (.xlsx bytes); `undefined` when no return
    /// was added, an error when it cannot be written. Only in the build
    /// with the workbook (`collect-xlsx`).
    #[cfg(feature = "xlsx")]
    pub fn workbook(&self) -> Result<Option<Vec<u8>>, JsError> {
        self.office.workbook().transpose().map_err(|e| JsError::new(&format!("không tạo được tệp Excel: {e}")))
    }
}

impl Default for Collector {
    fn default() -> Self {
        Collector::new()
    }
}
