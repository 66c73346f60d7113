//! The WebAssembly facade: one exported class, [`PdtiApp`], that mounts the
//! form into an element and drives it. All logic stays in the core; the
//! modules here only move text between the DOM and a session:
//!
//! - `app`: the state of one form and what a person can do with it;
//! - `view`: patching the page from the session;
//! - `events`: DOM events in, portal events out (after the state is released);
//! - `rescue`: a failure shown, and the fields kept for the next start;
//! - `dom`, `files`, `storage`, `js_value`: small DOM, file, storage and JS helpers.

mod app;
#[cfg(feature = "collect")]
mod collect;
mod dom;
mod events;
mod files;
mod importer;
mod js_value;
#[cfg(not(feature = "full"))]
mod migration;
mod rescue;
mod storage;
mod view;

use crate::document;
use crate::form::Form;
use crate::text::Lang;
use app::{local_time, now_iso, shown_key, App, Notice};
use events::{listen, run, Listener, Shared};
use js_value::Options;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, EventTarget};

/// The wasm's allocator: talc instead of the default dlmalloc, 6.8 KB
/// smaller in the wasm and faster (README, "Measured"); the page is
/// single-threaded (no atomics).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A mounted PDTI form. Create it with [`PdtiApp::mount`].
#[wasm_bindgen]
pub struct PdtiApp {
    app: Shared,
    listeners: Vec<Listener>,
}

/// The starting return: the portal's, else the autosaved draft (and what a
/// failure rescued), else what was typed into the pre-rendered page before
/// the checker started. Returns when a draft was restored, if one was.
fn starting_return(a: &mut App, opts: &Options, existing: Option<&Element>) -> Result<Option<String>, JsError> {
    let mut restored = None;
    if let Some(text) = &opts.initial_return {
        a.session = document::read(text, &a.form).map_err(|e| JsError::new(&e.to_string()))?.session;
    } else if let Some(draft) = a.autosave_key.as_deref().and_then(storage::load) {
        if let Ok(l) = document::read(&draft, &a.form) {
            restored = l.saved_at.clone();
            a.session = l.session;
            a.dirty = true;
            let shown = a.autosave_key.as_deref().map(shown_key).and_then(|k| storage::load(&k));
            a.display.reset(shown.as_deref() == Some("all"));
        }
    }
    if let Some(key) = a.autosave_key.clone().filter(|_| opts.initial_return.is_none()) {
        if rescue::apply_rescue(&mut a.session, &key, restored.as_deref()) {
            restored = restored.or_else(|| Some(now_iso()));
            a.dirty = true;
            a.autosave();
        }
    }
    if let (Some(_), None, true) = (existing, &restored, opts.initial_return.is_none()) {
        let form = Arc::clone(&a.form);
        let typed: Vec<(String, String)> = form
            .inputs()
            .filter_map(|i| {
                let el = a.els.input(&form.items[i].code)?;
                Some((form.items[i].code.clone(), dom::value_of(&el))).filter(|(_, v)| !v.is_empty())
            })
            .collect();
        if !typed.is_empty() {
            let _ = a.session.set_all(typed.iter().map(|(c, v)| (c.as_str(), v.as_str())));
            a.dirty = true;
        }
        for item in form.items.iter().filter(|i| i.evidence.is_some()) {
            let typed = a.els.input(&format!("evidence:{}", item.code)).map(|el| el.value());
            if let Some(text) = typed.filter(|t| !t.is_empty()) {
                a.dirty |= a.session.set_evidence(&item.code, &text);
            }
        }
    }
    Ok(restored)
}

#[wasm_bindgen]
impl PdtiApp {
    /// Mounts the form into `host`. When `host` already holds the
    /// pre-rendered form of the same definition and language, it is reused
    /// (what was typed before the WebAssembly started is kept).
    pub fn mount(host: Element, options: JsValue) -> Result<PdtiApp, JsError> {
        rescue::install_panic_hook();
        let opts = Options::from_js(&options)
            .map_err(|e| JsError::new(&format!("pdti-form: tuỳ chọn sai (bad options): {e}")))?;
        let form = given_or_embedded(opts.definition.as_deref())?;
        let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsError::new("pdti-form: no document"))?;
        let lang = opts.lang.as_deref().map(Lang::parse).unwrap_or_default();
        let mut a = App::new(doc, host.clone(), Arc::clone(&form), lang);
        a.read_only = opts.read_only;
        // A return opened to be read (the collector page) shows every finding,
        // as after "Kiểm tra toàn bộ".
        a.display.reset(a.read_only);
        a.autosave_key = match (&opts.autosave_key, opts.autosave) {
            (_, Some(false)) => None,
            (Some(k), _) if !k.is_empty() => Some(k.clone()),
            _ => Some(format!("pdti-form:{}", form.id)),
        };
        let existing = host.query_selector(".pdti").ok().flatten().filter(|r| {
            r.get_attribute("data-form-id").as_deref() == Some(form.id.as_str())
                && r.get_attribute("data-form-version").as_deref() == Some(form.version.as_str())
                && r.get_attribute("lang").as_deref() == Some(lang.tag())
        });
        if let Some(root) = &existing {
            a.els = dom::Index::build(root);
            a.root = root.clone();
        }
        // A pre-rendered page shows the indicators of an empty return.
        a.indicators_shown = a.indicator_texts();
        let restored = starting_return(&mut a, &opts, existing.as_ref())?;
        match existing {
            Some(_) => {
                // The inputs already show what was typed; they are rewritten
                // only when a return or a draft replaced it, or to lock them.
                if opts.initial_return.is_some() || restored.is_some() || opts.read_only {
                    a.fill_inputs();
                }
                if a.dirty || opts.initial_return.is_some() || opts.read_only {
                    a.refresh_all();
                } else {
                    // A pristine page already shows what an empty return
                    // shows (messages, indicators, contents): only the
                    // progress is filled in, and nothing is announced.
                    a.announced = Some((0, 0));
                    a.patch_progress();
                }
            }
            None => a.render(),
        }
        if a.read_only {
            // The stylesheet hides what would change the return (pdti.css).
            let _ = a.root.set_attribute("data-read-only", "");
        }
        if let Some(when) = restored {
            let when = local_time(&when);
            a.set_notice(Notice {
                text: crate::text::Text::new(
                    format!("Đã khôi phục bản nháp lưu lúc {when}."),
                    format!("Your draft saved at {when} was restored."),
                ),
                action: Some(("reset", "reset")),
            });
        }
        rescue::HOSTS.with(|h| h.borrow_mut().push((host.clone(), a.autosave_key.clone())));
        let shared = Rc::new(RefCell::new(a));
        shared.borrow_mut().me = Rc::downgrade(&shared);
        let target: EventTarget = host.clone().into();
        let mut listeners = vec![
            listen(&target, "input", &shared, events::on_input),
            listen(&target, "change", &shared, events::on_change),
            listen(&target, "focusout", &shared, events::on_focusout),
            listen(&target, "click", &shared, events::on_click),
            listen(&target, "mousedown", &shared, events::on_mouse_down),
        ];
        if let Some(w) = web_sys::window() {
            let w: EventTarget = w.into();
            listeners.push(listen(&w, "beforeunload", &shared, events::on_before_unload));
            listeners.push(listen(&w, "pagehide", &shared, events::on_page_hide));
            listeners.push(listen(&w, "beforeprint", &shared, events::on_before_print));
        }
        Ok(PdtiApp { app: shared, listeners })
    }

    /// The current return as JSON text (findings, indicators and summary included).
    #[wasm_bindgen(js_name = getReturn)]
    pub fn get_return(&self) -> String {
        document::to_json(&self.app.borrow().session, Some(&now_iso()), None)
    }

    /// Replaces the return with `json`; on error nothing changes.
    #[wasm_bindgen(js_name = setReturn)]
    pub fn set_return(&self, json: &str) -> Result<(), JsError> {
        run(&self.app, |a| {
            let loaded = document::read(json, &a.form).map_err(|e| JsError::new(&e.to_string()))?;
            let notice = Notice {
                text: crate::text::Text::new("Đã nạp bản báo cáo.", "The return was loaded."),
                action: None,
            };
            a.replace(loaded.session, notice, false);
            Ok(())
        })
    }

    /// Checks everything, shows every message, and returns the summary as JSON.
    pub fn validate(&self) -> String {
        run(&self.app, |a| {
            a.check_all();
            a.session.summary().to_json().to_compact()
        })
    }

    /// Sets a field as if typed (and left); returns false for an unknown field.
    #[wasm_bindgen(js_name = setValue)]
    pub fn set_value(&self, code: &str, input: &str) -> bool {
        run(&self.app, |a| {
            if let Some(code) = code.strip_prefix("evidence:") {
                if let Some(el) = a.els.input(&format!("evidence:{code}")) {
                    el.set_value(input);
                }
                a.on_typed(&format!("evidence:{code}"), input);
                a.after_event();
                return true;
            }
            let Some(idx) = a.form.index_of(code) else { return false };
            if a.form.items[idx].value_kind().is_none() {
                return false;
            }
            a.on_left(code, Some(input));
            a.show_input(idx);
            // Calls from a portal are not keystrokes: finish the update now.
            a.after_event();
            true
        })
    }

    /// Switches the interface language (`vi` or `en`; tags such as `en-US` too).
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, lang: &str) {
        run(&self.app, |a| a.set_lang(Lang::parse(lang)));
    }

    /// Makes the next typed value fail with a Rust panic, as a bug would, so
    /// that tests (and integrators) can see how a failure is shown and that
    /// what was autosaved survives it. Never called by the page itself.
    #[wasm_bindgen(js_name = "__panicForTests")]
    pub fn panic_for_tests(&self) {
        self.app.borrow_mut().panic_on_next_value = true;
    }

    /// Removes the listeners; the markup stays.
    pub fn destroy(self) {
        let host = self.app.borrow().host.clone();
        rescue::HOSTS.with(|h| h.borrow_mut().retain(|(e, _)| *e != host));
        for (target, kind, c) in &self.listeners {
            let _ = target.remove_event_listener_with_callback(kind, c.as_ref().unchecked_ref());
        }
    }
}

/// Reads a legacy tab-separated export (UTF-8 or Excel's UTF-16) against
/// `definition` (JSON text) and returns what `pdti import-legacy` prints: a
/// JSON array, one return per copy of the form. The hosted page's lean build
/// calls this in the full build.
#[cfg(feature = "lazy-exports")]
#[wasm_bindgen(js_name = importLegacy)]
pub fn import_legacy(bytes: &[u8], definition: &str) -> Result<String, JsError> {
    crate::legacy::import_json(bytes, &given_or_embedded(Some(definition))?).map_err(|e| JsError::new(&e.to_string()))
}

/// Draws the signed document of a return (JSON text) of `definition` into
/// `place`, in `lang`. The hosted page's lean build calls this in the full build.
#[cfg(feature = "lazy-exports")]
#[wasm_bindgen(js_name = printDocument)]
pub fn print_document(place: Element, json: &str, lang: &str, definition: &str) -> Result<(), JsError> {
    let loaded =
        document::read(json, &given_or_embedded(Some(definition))?).map_err(|e| JsError::new(&e.to_string()))?;
    importer::draw_document(&place, &loaded.session, Lang::parse(lang));
    Ok(())
}

/// Migrates a saved return (JSON text) of an older version of the form to
/// `definition` (JSON text), with the shipped definitions and migrations,
/// and answers with [`crate::migrate::Migrated::page_answer`]; the reason
/// when there is no migration to it. The hosted page's lean build asks
/// this when an older return is opened, to offer the migration.
#[cfg(feature = "lazy-exports")]
#[wasm_bindgen(js_name = migrateReturn)]
pub fn migrate_return(text: &str, definition: &str) -> Result<String, JsError> {
    let page = given_or_embedded(Some(definition))?;
    crate::migrate::to_form(text, &page).map(|m| m.page_answer()).map_err(|e| JsError::new(&e.to_string()))
}

/// The form to mount: the definition the page or portal hands over (JSON
/// text), else the current embedded one. Only the collector's builds and
/// the hosted page's on-demand full build embed definitions (build.rs); a
/// form page's wasm is always handed its form.
fn given_or_embedded(definition: Option<&str>) -> Result<Arc<Form>, JsError> {
    match definition {
        Some(text) => Form::from_json(text).map(Arc::new).map_err(|e| JsError::new(&e.to_string())),
        None => crate::form::embedded_definitions()
            .last()
            .and_then(|t| Form::from_json(t).ok())
            .map(Arc::new)
            .ok_or_else(|| JsError::new("pdti-form: chưa có định nghĩa biểu mẫu (no form definition given)")),
    }
}
