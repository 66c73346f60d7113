//! The WebAssembly facade: one exported class, [`PdtiApp`], that mounts the
//! form into an element and drives it. All logic stays in the core; this
//! module only moves text between the DOM and a [`Session`].
//!
//! Data flow: an `input` event → [`Session::set`] → the fields, rules and
//! indicators that changed → only those DOM nodes are patched → the draft is
//! autosaved. Everything typed is set as text, never as markup.

mod dom;
mod files;
mod js_value;
mod storage;

use crate::document;
use crate::engine::{IndicatorText, Session};
use crate::finding::{Finding, Origin, Severity};
use crate::form::Form;
use crate::json::Json;
use crate::legacy;
use crate::render;
use crate::value::ValueKind;
use js_value::Options;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget, HtmlInputElement, HtmlTextAreaElement};

/// The wasm's allocator: talc instead of the default dlmalloc, 6.8 KB
/// smaller in the wasm and faster (README, "Measured"); the page is
/// single-threaded (no atomics).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

fn local_time(iso: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    format!(
        "{:02}:{:02} {:02}/{:02}/{}",
        d.get_hours(),
        d.get_minutes(),
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year()
    )
}

fn t<'a>(lang: &str, vi: &'a str, en: &'a str) -> &'a str {
    if lang == "en" {
        en
    } else {
        vi
    }
}

/// The state behind one mounted form.
struct App {
    doc: Document,
    /// The element the form is mounted in.
    host: Element,
    /// The `.pdti` element inside it.
    root: Element,
    /// Its elements by id and its inputs by name.
    els: dom::Index,
    form: Arc<Form>,
    session: Session,
    lang: String,
    autosave_key: Option<String>,
    read_only: bool,
    /// Changes not yet downloaded.
    dirty: bool,
    /// Show required-field findings everywhere (after "check" or a download).
    show_all: bool,
    /// Fields the user has left at least once.
    touched: Vec<bool>,
    /// Fields whose own value message waits until the user leaves them.
    pending: Vec<bool>,
    /// What each field's message currently shows, to skip unchanged writes.
    shown: Vec<String>,
    /// What each indicator row currently shows, to skip unchanged writes.
    indicators_shown: Vec<IndicatorText>,
    summary_shown: String,
    counts: (u32, u32),
    /// The draft before the last replace (open, import, start over).
    undo: Option<String>,
    /// [`App::after_event`] is queued.
    save_scheduled: bool,
    /// The summary must be rebuilt in [`App::after_event`].
    summary_due: bool,
    /// This app, for callbacks queued from inside it.
    me: std::rc::Weak<RefCell<App>>,
    /// Panic on the next typed value (set by `__panicForTests`).
    panic_on_next_value: bool,
}

type Shared = Rc<RefCell<App>>;

impl App {
    fn text<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        t(&self.lang, vi, en)
    }

    fn item_code(&self, idx: usize) -> &str {
        &self.form.items[idx].code
    }

    /// Re-renders the whole app (first mount without markup, a language switch).
    fn render(&mut self) {
        let mut builder = dom::Builder::new(&self.doc);
        render::app(&mut builder, &self.session, &self.lang);
        // The rows were just written from the session.
        self.indicators_shown = self.indicator_texts();
        let Some(root) = builder.finish() else { return };
        while let Some(c) = self.host.first_child() {
            let _ = self.host.remove_child(&c);
        }
        let _ = self.host.append_child(&root);
        self.root = root;
        self.els = dom::Index::build(&self.root);
        self.shown = vec![String::new(); self.form.items.len()];
        self.summary_shown.clear();
        self.fill_inputs();
        self.refresh_all();
    }

    /// Puts every stored input back into the DOM.
    fn fill_inputs(&self) {
        for i in self.form.inputs() {
            if let Some(el) = self.els.input(self.item_code(i)) {
                el.set_value(self.session.input_at(i));
                el.set_read_only(self.read_only);
            }
        }
        for item in self.form.items.iter().filter(|i| i.evidence.is_some()) {
            if let Some(el) = self.els.input(&format!("evidence:{}", item.code)) {
                el.set_value(self.session.evidence.get(&item.code).map_or("", String::as_str));
                el.set_read_only(self.read_only);
            }
        }
    }

    fn refresh_all(&mut self) {
        for i in self.form.inputs().collect::<Vec<_>>() {
            let _ = self.patch_field(i);
        }
        for i in 0..self.form.indicators.len() {
            self.patch_indicator(i);
        }
        self.patch_summary();
    }

    fn visible(&self, f: &Finding, idx: usize) -> bool {
        f.rule != "REQ" || self.show_all || self.touched[idx]
    }

    /// Updates one field's inline message, `aria-invalid` and classes; true
    /// when what it shows changed.
    fn patch_field(&mut self, idx: usize) -> bool {
        let code = self.form.items[idx].code.clone();
        let mut list: Vec<&Finding> = self
            .session
            .findings_for(&code)
            .into_iter()
            .filter(|f| f.origin == Origin::Validation && self.visible(f, idx))
            .collect();
        if self.pending[idx] {
            // Still typing: keep this field's own value message for later.
            list.retain(|f| f.fields.len() > 1 || !f.rule.starts_with('V'));
        }
        let list = crate::finding::most_severe_first(&list);
        let signature: String = list.iter().map(|f| format!("{}|{}\n", f.rule, f.message.get(&self.lang))).collect();
        if signature == self.shown[idx] {
            return false;
        }
        let Some(msg) = self.els.id(&render::message_id(&code)) else { return false };
        dom::set_text(&msg, "");
        let mut has_error = false;
        let mut has_warning = false;
        for f in &list {
            let (class, prefix) = match f.severity {
                Severity::Error => ("m sev-error", self.text("Lỗi: ", "Error: ")),
                Severity::Warning => ("m sev-warning", self.text("Cảnh báo: ", "Warning: ")),
                Severity::Info => ("m sev-info", self.text("Ghi chú: ", "Note: ")),
            };
            has_error |= f.severity == Severity::Error;
            has_warning |= f.severity == Severity::Warning;
            let line = dom::append(&self.doc, &msg, "span", class, "");
            dom::append(&self.doc, &line, "strong", "", prefix);
            let _ = line.append_child(&self.doc.create_text_node(f.message.get(&self.lang)));
            if let Some(s) = f.suggestion.as_ref().filter(|s| s.field == code && !self.read_only) {
                let b = dom::append(
                    &self.doc,
                    &line,
                    "button",
                    "apply",
                    &format!("{} {}", self.text("Dùng gợi ý:", "Use suggestion:"), s.value),
                );
                let _ = b.set_attribute("type", "button");
                let _ = b.set_attribute("data-action", "apply");
                let _ = b.set_attribute("data-field", &s.field);
                let _ = b.set_attribute("data-value", &s.value);
            }
        }
        if let Some(input) = self.els.input(&code) {
            if has_error {
                let _ = input.set_attribute("aria-invalid", "true");
            } else {
                let _ = input.remove_attribute("aria-invalid");
            }
        }
        if let Some(wrap) = self.els.id(&format!("f-{code}")) {
            dom::toggle_class(&wrap, "has-error", has_error);
            dom::toggle_class(&wrap, "has-warning", !has_error && has_warning);
        }
        self.shown[idx] = signature;
        true
    }

    /// What every indicator shows for the session now.
    fn indicator_texts(&self) -> Vec<IndicatorText> {
        (0..self.form.indicators.len()).map(|i| self.session.indicator_text(i, &self.lang)).collect()
    }

    /// Writes indicator `i`'s row (and its ratio line in the form) when what
    /// it shows changed.
    fn patch_indicator(&mut self, i: usize) {
        let now = self.session.indicator_text(i, &self.lang);
        if self.indicators_shown.get(i) == Some(&now) {
            return;
        }
        let code = &self.form.indicators[i].code;
        if let Some(el) = self.els.id(&format!("indv-{code}")) {
            dom::set_text(&el, &now.value);
            dom::toggle_class(&el, "invalid", now.exceeds);
        }
        if let Some(el) = self.els.id(&format!("indp-{code}")) {
            dom::set_text(&el, now.points.as_deref().unwrap_or(render::NO_POINTS));
        }
        if let Some(el) = self.els.id(&format!("out-{code}")) {
            dom::set_text(&el, &now.value);
        }
        self.indicators_shown[i] = now;
    }

    /// Rebuilds the error summary (GOV.UK pattern) and the completeness bar.
    fn patch_summary(&mut self) {
        let all = self.session.findings();
        self.patch_import_report();
        let list: Vec<&Finding> = all
            .iter()
            .filter(|f| f.severity != Severity::Info && f.origin == Origin::Validation)
            .filter(|f| {
                let idx = f.fields.first().and_then(|c| self.form.index_of(c));
                idx.is_none_or(|i| {
                    self.visible(f, i) && !(self.pending[i] && f.fields.len() == 1 && f.rule.starts_with('V'))
                })
            })
            .collect();
        let list = crate::finding::most_severe_first(&list);
        let errors = list.iter().filter(|f| f.severity == Severity::Error).count() as u32;
        let warnings = list.len() as u32 - errors;
        let signature: String = list.iter().map(|f| format!("{}|{}\n", f.rule, f.message.get(&self.lang))).collect();
        self.patch_progress();
        if signature == self.summary_shown {
            return;
        }
        self.summary_shown = signature;
        let Some(box_) = self.els.id("pdti-summary") else { return };
        dom::toggle_attr(&box_, "hidden", list.is_empty());
        if let Some(counts) = self.els.id("pdti-summary-counts") {
            let note = self.text("Cảnh báo không ngăn việc lưu.", "Warnings never block saving.");
            dom::set_text(&counts, &format!("{} {note}", self.counts_text(errors, warnings)));
        }
        if let Some(ul) = self.els.id("pdti-summary-list") {
            dom::set_text(&ul, "");
            for f in &list {
                let li = dom::append(
                    &self.doc,
                    &ul,
                    "li",
                    if f.severity == Severity::Error { "sev-error" } else { "sev-warning" },
                    "",
                );
                let target = f.fields.first().filter(|c| self.form.index_of(c).is_some());
                let msg = f.message.get(&self.lang);
                match target {
                    Some(code) => {
                        let a = dom::append(&self.doc, &li, "a", "", msg);
                        let _ = a.set_attribute("href", &format!("#{}", render::input_id(code)));
                        let _ = a.set_attribute("data-field", code);
                    }
                    None => {
                        let _ = li.append_child(&self.doc.create_text_node(msg));
                    }
                }
            }
        }
        if (errors, warnings) != self.counts {
            self.counts = (errors, warnings);
            if let Some(live) = self.els.id("pdti-live") {
                dom::set_text(&live, &self.counts_text(errors, warnings));
            }
        }
    }

    /// "2 lỗi, 3 cảnh báo." in the interface language.
    fn counts_text(&self, errors: u32, warnings: u32) -> String {
        if self.lang == "en" {
            format!("{errors} error(s), {warnings} warning(s).")
        } else {
            format!("{errors} lỗi, {warnings} cảnh báo.")
        }
    }

    /// The completeness bar: required fields filled.
    fn patch_progress(&self) {
        let sum = self.session.summary();
        if let Some(p) = self.els.id("pdti-progress") {
            let filled = sum.required - sum.required_missing;
            let _ = p.set_attribute("max", &sum.required.max(1).to_string());
            let _ = p.set_attribute("value", &filled.to_string());
            if let Some(txt) = self.els.id("pdti-progress-text") {
                dom::set_text(&txt, &format!("{filled}/{}", sum.required));
            }
        }
    }

    /// Lists what the legacy import recorded (moved values, stray rows …),
    /// apart from the live checks: these describe the file, not the form.
    fn patch_import_report(&self) {
        let Some(report) = self.els.id("pdti-import-report") else { return };
        let Some(ul) = self.els.id("pdti-import-list") else { return };
        dom::toggle_attr(&report, "hidden", self.session.import_findings.is_empty());
        if ul.child_element_count() as usize == self.session.import_findings.len() {
            return;
        }
        dom::set_text(&ul, "");
        for f in &self.session.import_findings {
            let li = dom::append(&self.doc, &ul, "li", "", "");
            let line = f.line.map(|l| format!(" [{} {l}]", self.text("dòng", "line"))).unwrap_or_default();
            let text = format!("{}{line}", f.message.get(&self.lang));
            match f.fields.first().filter(|c| self.els.input(c).is_some()) {
                Some(code) => {
                    let a = dom::append(&self.doc, &li, "a", "", &text);
                    let _ = a.set_attribute("href", &format!("#{}", render::input_id(code)));
                    let _ = a.set_attribute("data-field", code);
                }
                None => {
                    let _ = li.append_child(&self.doc.create_text_node(&text));
                }
            }
        }
    }

    fn notice(&self, text: &str, action: Option<(&str, &str)>) {
        let Some(n) = self.els.id("pdti-notice") else { return };
        dom::set_text(&n, text);
        if let Some((act, label)) = action {
            let _ = n.append_child(&self.doc.create_text_node(" "));
            let b = dom::append(&self.doc, &n, "button", "btn-link", label);
            let _ = b.set_attribute("type", "button");
            let _ = b.set_attribute("data-action", act);
        }
    }

    fn alert(&self, text: &str) {
        if let Some(a) = self.els.id("pdti-alert") {
            dom::set_text(&a, text);
        }
    }

    fn autosave(&self) {
        let Some(key) = &self.autosave_key else { return };
        if !storage::save(key, &document::to_draft_json(&self.session, &now_iso())) {
            self.alert(self.text(
                "Không lưu được bản nháp trên máy này (bộ nhớ trình duyệt bị tắt hoặc đầy). Hãy tải về bản báo cáo thường xuyên.",
                "The draft cannot be kept on this computer (browser storage is off or full). Download the return often.",
            ));
        }
    }

    fn emit(&self, name: &str, detail: &Json, cancelable: bool) -> bool {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_cancelable(cancelable);
        init.set_detail(&js_value::to_js(detail));
        match web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            Ok(ev) => self.host.dispatch_event(&ev).unwrap_or(true),
            Err(_) => true,
        }
    }

    /// A value was typed (`committed` when the user left the field).
    fn on_value(&mut self, name: &str, value: &str, committed: bool) {
        if self.panic_on_next_value {
            panic!("a failure requested by __panicForTests while handling {name}");
        }
        if self.read_only {
            return;
        }
        if let Some(code) = name.strip_prefix("evidence:") {
            if self.session.set_evidence(code, value) {
                self.changed();
            }
            return;
        }
        let Some(idx) = self.form.index_of(name) else { return };
        let Some(kind) = self.form.items[idx].value_kind() else { return };
        let instant = matches!(kind, ValueKind::Count | ValueKind::Money(_) | ValueKind::YesNo);
        self.pending[idx] = !committed && !instant && self.shown[idx].is_empty();
        if committed {
            self.touched[idx] = true;
        }
        let change = match self.session.set(name, value) {
            Ok(c) => c,
            Err(_) => return,
        };
        let mut fields = change.fields.clone();
        if !fields.contains(&idx) {
            fields.push(idx);
        }
        // The summary is rebuilt only when a message or a rule changed.
        let mut any = !change.rules.is_empty();
        for f in fields {
            any |= self.patch_field(f);
        }
        for i in change.indicators {
            self.patch_indicator(i);
        }
        // The summary, the progress bar and the draft follow right after
        // the keystroke, in one queued task.
        self.summary_due |= any;
        let findings = self.session.findings_for(name).into_iter().cloned().map(Finding::into_json).collect();
        let detail = Json::object([
            ("field", Json::from(name)),
            ("value", document::value_json(self.session.value_at(idx))),
            ("input", value.into()),
            ("findings", Json::Array(findings)),
        ]);
        self.emit("pdti-change", &detail, false);
        self.changed();
    }

    fn changed(&mut self) {
        if !self.dirty {
            self.dirty = true;
            storage::request_persistence();
        }
        self.schedule_autosave();
    }

    /// Runs what may follow a keystroke by a moment (the summary, the
    /// progress bar, the draft) in one task queued after the current event.
    fn after_event(&mut self) {
        self.save_scheduled = false;
        if std::mem::take(&mut self.summary_due) {
            self.patch_summary();
        } else {
            self.patch_progress();
        }
        self.autosave();
    }

    /// Queues [`App::after_event`]; several changes in one event run it once.
    fn schedule_autosave(&mut self) {
        if self.save_scheduled {
            return;
        }
        let me = self.me.clone();
        let save = Closure::once_into_js(move || {
            if let Some(app) = me.upgrade() {
                if let Ok(mut a) = app.try_borrow_mut() {
                    a.after_event();
                }
            }
        });
        match web_sys::window().map(|w| w.set_timeout_with_callback(save.unchecked_ref())) {
            Some(Ok(_)) => self.save_scheduled = true,
            _ => self.after_event(),
        }
    }

    fn check_all(&mut self) {
        self.show_all = true;
        self.pending.iter_mut().for_each(|p| *p = false);
        self.refresh_all();
        self.emit("pdti-validate", &Json::object([("summary", self.session.summary().to_json())]), false);
        if let Some(b) = self.els.id("pdti-summary") {
            if !b.has_attribute("hidden") {
                dom::focus(&b);
            }
        }
    }

    fn download(&mut self) {
        self.check_all();
        let saved_at = now_iso();
        let doc = document::to_json_value(&self.session, Some(&saved_at), None);
        let json = doc.to_pretty();
        let name = document::file_name(&self.session);
        if !self.emit("pdti-download", &Json::object([("return", doc), ("fileName", Json::from(&name))]), true) {
            self.dirty = false;
            return;
        }
        match files::download(&self.doc, &name, &json, "application/json") {
            Ok(()) => {
                self.dirty = false;
                let sum = self.session.summary();
                let msg = if self.lang == "en" {
                    format!(
                        "Downloaded {name} ({} error(s), {} warning(s) recorded in the file).",
                        sum.errors, sum.warnings
                    )
                } else {
                    format!("Đã tải về tệp {name} (ghi kèm {} lỗi, {} cảnh báo).", sum.errors, sum.warnings)
                };
                self.notice(&msg, None);
            }
            Err(_) => self.alert(self.text("Trình duyệt không cho tải tệp về.", "The browser refused the download.")),
        }
    }

    /// Replaces the whole return, keeping the old one for undo.
    fn replace(&mut self, session: Session, notice: &str) {
        self.undo = Some(document::to_draft_json(&self.session, &now_iso()));
        self.session = session;
        self.touched.iter_mut().for_each(|t| *t = false);
        self.pending.iter_mut().for_each(|p| *p = false);
        self.fill_inputs();
        self.refresh_all();
        self.alert("");
        self.notice(notice, Some(("undo", self.text("Hoàn tác", "Undo"))));
        self.changed();
    }

    fn open_file(&mut self, name: &str, bytes: Result<Vec<u8>, String>) {
        let text = bytes
            .and_then(|b| String::from_utf8(b).map_err(|_| "tệp không phải văn bản UTF-8 (not UTF-8)".to_string()));
        let result = text.and_then(|t| document::read(&t, &self.form).map_err(|e| e.to_string()));
        match result {
            Ok(loaded) => {
                let when = loaded.saved_at.as_deref().map(local_time).unwrap_or_default();
                let msg = if self.lang == "en" {
                    format!("Opened {name} (saved {when}).")
                } else {
                    format!("Đã mở {name} (lưu lúc {when}).")
                };
                self.replace(loaded.session, &msg);
            }
            Err(reason) => self.alert(&if self.lang == "en" {
                format!("Cannot open {name}: {reason}. What you entered is unchanged.")
            } else {
                format!("Không mở được tệp {name}: {reason}. Dữ liệu đang nhập vẫn giữ nguyên.")
            }),
        }
    }

    fn import_text(&mut self, name: &str, text: Result<String, String>) {
        let result = text.and_then(|t| legacy::import(&t, &self.form).map_err(|e| e.to_string()));
        match result {
            Ok(mut copies) => {
                let n = copies.len();
                let first = copies.swap_remove(0);
                let agency = first.session.input("agency.name").unwrap_or("").to_string();
                let sum = first.session.summary();
                let msg = if self.lang == "en" {
                    format!(
                        "Imported {name}: copy 1 of {n} ({agency}), {} error(s), {} warning(s) found.",
                        sum.errors, sum.warnings
                    )
                } else {
                    let more = if n > 1 {
                        format!(" Tệp có {n} bản; đã nhập bản 1 — dùng lệnh pdti import-legacy để nhập tất cả.")
                    } else {
                        String::new()
                    };
                    format!("Đã nhập {name} ({agency}): {} lỗi, {} cảnh báo.{more}", sum.errors, sum.warnings)
                };
                self.show_all = true;
                self.replace(first.session, &msg);
            }
            Err(reason) => self.alert(&if self.lang == "en" {
                format!("Cannot import {name}: {reason}. What you entered is unchanged.")
            } else {
                format!("Không nhập được {name}: {reason}. Dữ liệu đang nhập vẫn giữ nguyên.")
            }),
        }
    }

    fn reset(&mut self) {
        let blank = Session::new(Arc::clone(&self.form));
        self.show_all = false;
        let msg =
            self.text("Đã xoá toàn bộ dữ liệu; bắt đầu bản mới.", "Everything was cleared; a new return is started.");
        self.replace(blank, msg);
        self.dirty = false;
        if let Some(key) = &self.autosave_key {
            storage::remove(key);
        }
    }

    fn undo(&mut self) {
        let Some(draft) = self.undo.take() else { return };
        if let Ok(l) = document::read(&draft, &self.form) {
            let msg = self.text("Đã khôi phục dữ liệu trước đó.", "The previous data are back.");
            self.replace(l.session, msg);
            self.undo = None;
        }
    }

    fn set_lang(&mut self, lang: &str) {
        self.lang = if lang == "en" { "en".into() } else { "vi".into() };
        if let Some(html) = self.doc.document_element() {
            if html.contains(Some(&self.host)) && self.host.get_root_node().node_type() == web_sys::Node::DOCUMENT_NODE
            {
                let _ = html.set_attribute("lang", &self.lang);
            }
        }
        self.render();
        if let Some(b) = self.root.query_selector("[data-action=lang]").ok().flatten() {
            dom::focus(&b);
        }
    }
}

/// An event listener kept alive while the form is mounted.
type Listener = (EventTarget, &'static str, Closure<dyn FnMut(Event)>);

/// A mounted PDTI form. Create it with [`PdtiApp::mount`].
#[wasm_bindgen]
pub struct PdtiApp {
    app: Shared,
    listeners: Vec<Listener>,
}

fn listen(target: &EventTarget, kind: &'static str, app: &Shared, f: fn(&Shared, Event)) -> Listener {
    let app = Rc::clone(app);
    let c = Closure::<dyn FnMut(Event)>::new(move |e: Event| f(&app, e));
    let _ = target.add_event_listener_with_callback(kind, c.as_ref().unchecked_ref());
    (target.clone(), kind, c)
}

fn target_input(e: &Event) -> Option<HtmlInputElement> {
    e.target()?.dyn_into::<HtmlInputElement>().ok()
}

fn on_input(app: &Shared, e: Event) {
    let Some(input) = target_input(&e) else { return };
    if input.type_() == "file" {
        return;
    }
    app.borrow_mut().on_value(&input.name(), &input.value(), false);
}

fn on_change(app: &Shared, e: Event) {
    let Some(input) = target_input(&e) else { return };
    if input.type_() == "file" {
        let action = input.get_attribute("data-action").unwrap_or_default();
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let name = file.name();
        let limit = if action == "open" { document::MAX_BYTES } else { legacy::MAX_BYTES };
        if file.size() > limit as f64 {
            let a = app.borrow();
            a.alert(&format!(
                "{} {name}: {} ({} MB > {} MB).",
                a.text("Không mở được tệp", "Cannot open"),
                a.text("tệp quá lớn", "file too large"),
                (file.size() / 1_048_576.0).ceil() as u64,
                limit >> 20
            ));
            return;
        }
        let app = Rc::clone(app);
        files::read_bytes(&file, move |bytes| {
            let mut a = app.borrow_mut();
            if action == "open" {
                a.open_file(&name, bytes);
            } else {
                let text = bytes.and_then(|b| legacy::decode(&b).map_err(|e| e.to_string()));
                a.import_text(&name, text);
            }
        });
        return;
    }
    app.borrow_mut().on_value(&input.name(), &input.value(), true);
}

fn on_focusout(app: &Shared, e: Event) {
    let Some(input) = target_input(&e) else { return };
    let mut a = app.borrow_mut();
    if let Some(idx) = a.form.index_of(&input.name()) {
        let was_pending = a.pending[idx];
        if !a.touched[idx] || was_pending {
            a.touched[idx] = true;
            a.pending[idx] = false;
            a.patch_field(idx);
            a.patch_summary();
        }
    }
}

fn on_click(app: &Shared, e: Event) {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Some(el) = el.closest("[data-action], a[data-field]").ok().flatten() else { return };
    let action = el.get_attribute("data-action").unwrap_or_default();
    if action.is_empty() {
        // A link of the error summary: move focus to the field.
        if let Some(code) = el.get_attribute("data-field") {
            e.prevent_default();
            let a = app.borrow();
            if let Some(input) = a.els.input(&code) {
                dom::focus(&input);
            }
        }
        return;
    }
    match action.as_str() {
        "download" => app.borrow_mut().download(),
        "check" => app.borrow_mut().check_all(),
        "print" => {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        }
        "reset" => app.borrow_mut().reset(),
        "undo" => app.borrow_mut().undo(),
        "lang" => {
            let next = el.get_attribute("lang").unwrap_or_else(|| "en".into());
            app.borrow_mut().set_lang(&next);
        }
        "apply" => {
            let (Some(field), Some(value)) = (el.get_attribute("data-field"), el.get_attribute("data-value")) else {
                return;
            };
            let mut a = app.borrow_mut();
            if let Some(input) = a.els.input(&field) {
                input.set_value(&value);
                a.on_value(&field, &value, true);
                dom::focus(&input);
            }
        }
        "import-legacy-paste" => {
            let mut a = app.borrow_mut();
            let area = a.els.id("pdti-paste").and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
            if let Some(area) = area {
                let text = area.value();
                let label = a.text("nội dung đã dán", "the pasted text").to_string();
                a.import_text(&label, Ok(text));
            }
        }
        _ => {}
    }
}

fn on_before_unload(app: &Shared, e: Event) {
    if let Ok(a) = app.try_borrow() {
        if a.dirty && !a.read_only {
            e.prevent_default();
            if let Some(b) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                b.set_return_value("");
            }
        }
    }
}

fn on_page_hide(app: &Shared, _e: Event) {
    if let Ok(mut a) = app.try_borrow_mut() {
        if a.save_scheduled {
            a.after_event();
        }
    }
}

thread_local! {
    /// Every element a form is mounted in, so that a panic can be shown in
    /// each (document or shadow root alike).
    static HOSTS: RefCell<Vec<(Element, Option<String>)>> = const { RefCell::new(Vec::new()) };
}

fn install_panic_hook() {
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
    let mut typed = Vec::new();
    for i in 0..fields.length() {
        if let Some(el) = fields.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
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
fn apply_rescue(session: &mut Session, key: &str, draft_saved_at: Option<&str>) -> bool {
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

#[wasm_bindgen]
impl PdtiApp {
    /// Mounts the form into `host`. When `host` already holds the
    /// pre-rendered form of the same definition and language, it is reused
    /// (what was typed before the WebAssembly started is kept).
    pub fn mount(host: Element, options: JsValue) -> Result<PdtiApp, JsError> {
        install_panic_hook();
        let opts = Options::from_js(&options)
            .map_err(|e| JsError::new(&format!("pdti-form: tuỳ chọn sai (bad options): {e}")))?;
        let form = match &opts.definition {
            Some(text) => Arc::new(Form::from_json(text).map_err(|e| JsError::new(&e.to_string()))?),
            None => Arc::new(
                crate::form::embedded_definitions()
                    .last()
                    .and_then(|t| Form::from_json(t).ok())
                    .ok_or_else(|| JsError::new("pdti-form: no embedded form"))?,
            ),
        };
        let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsError::new("pdti-form: no document"))?;
        let lang = opts.lang.clone().unwrap_or_else(|| "vi".into());
        let autosave_key = match (&opts.autosave_key, opts.autosave) {
            (_, Some(false)) => None,
            (Some(k), _) if !k.is_empty() => Some(k.clone()),
            _ => Some(format!("pdti-form:{}", form.id)),
        };
        let n = form.items.len();
        let existing = host.query_selector(".pdti").ok().flatten().filter(|r| {
            r.get_attribute("data-form-id").as_deref() == Some(form.id.as_str())
                && r.get_attribute("data-form-version").as_deref() == Some(form.version.as_str())
                && r.get_attribute("lang").as_deref() == Some(lang.as_str())
        });
        let mut app = App {
            doc: doc.clone(),
            host: host.clone(),
            root: host.clone(),
            els: dom::Index::default(),
            session: Session::new(Arc::clone(&form)),
            form: Arc::clone(&form),
            lang,
            autosave_key,
            read_only: opts.read_only,
            dirty: false,
            show_all: false,
            touched: vec![false; n],
            pending: vec![false; n],
            shown: vec![String::new(); n],
            indicators_shown: Vec::new(),
            summary_shown: String::new(),
            counts: (0, 0),
            undo: None,
            save_scheduled: false,
            panic_on_next_value: false,
            summary_due: false,
            me: std::rc::Weak::new(),
        };
        // A pre-rendered page shows the indicators of an empty return.
        app.indicators_shown = app.indicator_texts();
        // The starting return: the portal's, else the autosaved draft, else
        // whatever was typed into the pre-rendered page before we started.
        let mut restored = None;
        if let Some(text) = &opts.initial_return {
            app.session = document::read(text, &form).map_err(|e| JsError::new(&e.to_string()))?.session;
        } else if let Some(draft) = app.autosave_key.as_deref().and_then(storage::load) {
            if let Ok(l) = document::read(&draft, &form) {
                restored = l.saved_at.clone();
                app.session = l.session;
                app.dirty = true;
            }
        }
        if let Some(key) = app.autosave_key.clone().filter(|_| opts.initial_return.is_none()) {
            if apply_rescue(&mut app.session, &key, restored.as_deref()) {
                restored = restored.or_else(|| Some(now_iso()));
                app.dirty = true;
                app.autosave();
            }
        }
        match existing {
            Some(root) => {
                app.els = dom::Index::build(&root);
                app.root = root;
                if opts.initial_return.is_none() && restored.is_none() {
                    let typed: Vec<(String, String)> = form
                        .inputs()
                        .filter_map(|i| {
                            let el = app.els.input(&form.items[i].code)?;
                            Some((form.items[i].code.clone(), el.value())).filter(|(_, v)| !v.is_empty())
                        })
                        .collect();
                    if !typed.is_empty() {
                        let _ = app.session.set_all(typed.iter().map(|(c, v)| (c.as_str(), v.as_str())));
                        app.dirty = true;
                    }
                    for item in form.items.iter().filter(|i| i.evidence.is_some()) {
                        let typed = app.els.input(&format!("evidence:{}", item.code)).map(|el| el.value());
                        if let Some(text) = typed.filter(|t| !t.is_empty()) {
                            app.dirty |= app.session.set_evidence(&item.code, &text);
                        }
                    }
                }
                // The inputs already show what was typed; they are rewritten
                // only when a return or a draft replaced it, or to lock them.
                if opts.initial_return.is_some() || restored.is_some() || opts.read_only {
                    app.fill_inputs();
                }
                app.refresh_all();
            }
            None => app.render(),
        }
        if let Some(when) = restored {
            let msg = if app.lang == "en" {
                format!("Your draft saved at {} was restored.", local_time(&when))
            } else {
                format!("Đã khôi phục bản nháp lưu lúc {}.", local_time(&when))
            };
            let label = app.text("Làm lại từ đầu", "Start over");
            app.notice(&msg, Some(("reset", label)));
        }
        HOSTS.with(|h| h.borrow_mut().push((host.clone(), app.autosave_key.clone())));
        let shared = Rc::new(RefCell::new(app));
        shared.borrow_mut().me = Rc::downgrade(&shared);
        let target: EventTarget = host.clone().into();
        let mut listeners = vec![
            listen(&target, "input", &shared, on_input),
            listen(&target, "change", &shared, on_change),
            listen(&target, "focusout", &shared, on_focusout),
            listen(&target, "click", &shared, on_click),
        ];
        if let Some(w) = web_sys::window() {
            let w: EventTarget = w.into();
            listeners.push(listen(&w, "beforeunload", &shared, on_before_unload));
            listeners.push(listen(&w, "pagehide", &shared, on_page_hide));
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
        let mut a = self.app.borrow_mut();
        let loaded = document::read(json, &a.form).map_err(|e| JsError::new(&e.to_string()))?;
        let msg = a.text("Đã nạp bản báo cáo.", "The return was loaded.");
        a.replace(loaded.session, msg);
        Ok(())
    }

    /// Checks everything, shows every message, and returns the summary as JSON.
    pub fn validate(&self) -> String {
        let mut a = self.app.borrow_mut();
        a.check_all();
        a.session.summary().to_json().to_compact()
    }

    /// Sets a field as if typed (and left); returns false for an unknown field.
    #[wasm_bindgen(js_name = setValue)]
    pub fn set_value(&self, code: &str, input: &str) -> bool {
        let mut a = self.app.borrow_mut();
        if a.form.index_of(code).is_none() && !code.starts_with("evidence:") {
            return false;
        }
        if let Some(el) = a.els.input(code) {
            el.set_value(input);
        }
        a.on_value(code, input, true);
        // Calls from a portal are not keystrokes: finish the update now.
        a.after_event();
        true
    }

    /// Switches the interface language (`vi` or `en`).
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, lang: &str) {
        self.app.borrow_mut().set_lang(lang);
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
        HOSTS.with(|h| h.borrow_mut().retain(|(e, _)| *e != host));
        for (target, kind, c) in &self.listeners {
            let _ = target.remove_event_listener_with_callback(kind, c.as_ref().unchecked_ref());
        }
    }
}

/// The embedded form definition (JSON text), for a portal that wants to
/// start its own version from it.
#[wasm_bindgen(js_name = formDefinition)]
pub fn form_definition() -> String {
    crate::form::embedded_definitions().last().map(|s| s.to_string()).unwrap_or_default()
}
