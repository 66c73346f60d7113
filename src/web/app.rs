//! The state behind one mounted form and what the person can do with it:
//! type, leave a field or a section, check, download, open, import, undo.
//! What is shown when is decided by the core ([`Display`]); this module only
//! moves text between the DOM and the [`Session`]. Events for the portal are
//! queued here and sent by [`super::events`] once the state is released.

use super::{dom, files, js_value, storage};
use crate::display::Display;
use crate::document;
use crate::engine::{Change, IndicatorText, Session};
use crate::form::header;
use crate::form::Form;
use crate::json::Json;
use crate::render::{self, ids};
use crate::text::{Lang, Text};
use crate::value::Value;
use std::cell::RefCell;
use std::rc::Weak;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// How long typing must pause before a message for text that can never be
/// valid appears (text that could still become valid waits for the leave).
pub const PAUSE_MS: i32 = 1200;

/// The current time, ISO.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// `hh:mm dd/mm/yyyy` in local time.
pub fn local_time(iso: &str) -> String {
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

/// A notice in both languages, so that switching language keeps it.
#[derive(Clone)]
pub struct Notice {
    /// What it says.
    pub text: Text,
    /// A button after it: (`data-action`, interface text key).
    pub action: Option<(&'static str, &'static str)>,
}

/// What to do once an event has been sent and not cancelled.
pub enum Then {
    /// Save the file (the portal did not take the download over).
    Download { name: String, json: String, errors: u32, warnings: u32 },
}

/// An event waiting to be sent to the portal.
pub struct Outgoing {
    /// Event name (`pdti-change` …).
    pub name: &'static str,
    /// Its detail.
    pub detail: JsValue,
    /// Whether a listener may cancel it.
    pub cancelable: bool,
    /// What follows when it was not cancelled.
    pub then: Option<Then>,
}

/// The state behind one mounted form.
pub struct App {
    pub doc: Document,
    /// The element the form is mounted in.
    pub host: Element,
    /// The `.pdti` element inside it.
    pub root: Element,
    /// Its elements by id and its inputs by name.
    pub els: dom::Index,
    pub form: Arc<Form>,
    pub session: Session,
    /// The interface language.
    pub lang: Lang,
    pub autosave_key: Option<String>,
    pub read_only: bool,
    /// Changes not yet downloaded.
    pub dirty: bool,
    /// What may be shown now (the core's policy).
    pub display: Display,
    /// What each field's message currently shows, to skip unchanged writes.
    pub shown: Vec<String>,
    /// What each indicator row currently shows, to skip unchanged writes.
    pub indicators_shown: Vec<IndicatorText>,
    pub summary_shown: String,
    /// The counts last announced in the live region.
    pub announced: Option<(u32, u32)>,
    /// The draft before the last replace or applied suggestion, and
    /// whether everything was shown then (an empty return undone back to
    /// is not covered in its blank required fields).
    pub undo: Option<(String, bool)>,
    /// The notice shown now.
    pub notice: Option<Notice>,
    /// [`App::after_event`] is queued.
    pub save_scheduled: bool,
    /// The summary, contents and counts must be rebuilt (a field was left).
    pub summary_due: bool,
    /// Bumped at each keystroke: a pause timer that finds it changed is stale.
    pub pause_token: u32,
    /// Events for the portal, sent once the state is released.
    pub outbox: Vec<Outgoing>,
    /// Where focus goes once the state is released (moving focus runs the
    /// page's own `focusout` handler at once).
    pub focus_next: Option<Element>,
    /// This app, for callbacks queued from inside it.
    pub me: Weak<RefCell<App>>,
    /// Panic on the next typed value (set by `__panicForTests`).
    pub panic_on_next_value: bool,
    /// The migration of an older return offered now (the hosted page).
    #[cfg(not(feature = "full"))]
    pub offer: Option<super::migration::Offer>,
    /// Bumped at each opening the person chooses (and "Làm lại từ đầu"):
    /// the full build's answer to an earlier one is stale.
    #[cfg(not(feature = "full"))]
    pub opening: u32,
}

/// What the page says once a saved return `name` is open: "Đã mở NAME
/// (lưu lúc …): 2 lỗi, 1 cảnh báo."
pub fn opened_notice(name: &str, saved_at: Option<&str>, session: &Session) -> Notice {
    let when = saved_at.map(local_time).unwrap_or_default();
    let sum = session.summary();
    let counts = (
        super::view::counts_text(Lang::Vi, sum.errors, sum.warnings),
        super::view::counts_text(Lang::En, sum.errors, sum.warnings),
    );
    Notice {
        text: Text::new(
            format!("Đã mở {name} (lưu lúc {when}): {}", counts.0),
            format!("Opened {name} (saved {when}): {}", counts.1),
        ),
        action: None,
    }
}

impl App {
    /// A fresh app for `form` in `host`, with an empty return.
    pub fn new(doc: Document, host: Element, form: Arc<Form>, lang: Lang) -> App {
        let n = form.items.len();
        let session = Session::new(Arc::clone(&form));
        App {
            doc,
            root: host.clone(),
            host,
            els: dom::Index::default(),
            indicators_shown: Vec::new(),
            session,
            form,
            lang,
            autosave_key: None,
            read_only: false,
            dirty: false,
            display: Display::new(n),
            shown: vec![String::new(); n],
            summary_shown: String::new(),
            announced: None,
            undo: None,
            notice: None,
            save_scheduled: false,
            summary_due: false,
            pause_token: 0,
            outbox: Vec::new(),
            focus_next: None,
            me: Weak::new(),
            panic_on_next_value: false,
            #[cfg(not(feature = "full"))]
            offer: None,
            #[cfg(not(feature = "full"))]
            opening: 0,
        }
    }

    /// `vi` or `en` text.
    pub fn text<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    /// Moves focus to `el` once the state is released.
    pub fn focus_later(&mut self, el: impl Into<Element>) {
        self.focus_next = Some(el.into());
    }

    /// Queues an event for the portal (sent once the state is released;
    /// without the `portal` feature only what follows it runs).
    pub fn emit(&mut self, name: &'static str, detail: JsValue, cancelable: bool, then: Option<Then>) {
        self.outbox.push(Outgoing { name, detail, cancelable, then });
    }

    /// Puts a field's stored input back into the DOM.
    pub fn show_input(&self, idx: usize) {
        let item = &self.form.items[idx];
        let Some(el) = self.els.input(&item.code) else { return };
        let text = self.session.input_at(idx);
        let yes = match self.session.value_at(idx) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        };
        dom::set_value(&el, text, yes);
        for c in dom::controls(&el) {
            c.set_read_only(self.read_only);
            c.set_disabled(self.read_only && c.type_() == "radio");
        }
    }

    /// Puts every stored input back into the DOM.
    pub fn fill_inputs(&self) {
        for i in self.form.inputs() {
            self.show_input(i);
        }
        for item in self.form.items.iter().filter(|i| i.evidence.is_some()) {
            if let Some(el) = self.els.input(&format!("evidence:{}", item.code)) {
                el.set_value(self.session.evidence.get(&item.code).map_or("", String::as_str));
                el.set_read_only(self.read_only);
            }
        }
    }

    /// Re-renders the whole app (first mount without markup, a language switch).
    pub fn render(&mut self) {
        let mut builder = dom::Builder::new(&self.doc);
        render::app(&mut builder, &self.session, self.lang);
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
        self.show_notice();
    }

    /// Every indicator as the session has it.
    pub fn indicator_texts(&self) -> Vec<IndicatorText> {
        (0..self.form.indicators.len()).map(|i| self.session.indicator_text(i, self.lang)).collect()
    }

    /// Patches what `change` touched.
    fn apply_change(&mut self, idx: usize, change: Option<Change>) {
        let change = change.unwrap_or_default();
        let mut fields = change.fields;
        if !fields.contains(&idx) {
            fields.push(idx);
        }
        for f in fields {
            self.patch_field(f);
        }
        for i in change.indicators {
            self.patch_indicator(i);
        }
    }

    /// A keystroke: `value` is the field's whole text now.
    pub fn on_typed(&mut self, name: &str, value: &str) {
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
        let change = self.display.typed(&mut self.session, idx, value);
        self.apply_change(idx, change);
        self.schedule_pause(idx);
        self.emit_change(idx);
        self.changed();
    }

    /// The person left field `name`, or committed its text (`change`, a
    /// radio, a suggestion, the portal's `setValue`).
    pub fn on_left(&mut self, name: &str, value: Option<&str>) {
        let Some(idx) = self.form.index_of(name) else { return };
        if self.read_only {
            return;
        }
        let mut change = self.display.left(&mut self.session, idx);
        if let Some(v) = value.filter(|v| *v != self.session.input_at(idx)) {
            change = self.session.set(name, v).ok();
            self.emit_change(idx);
            self.changed();
        } else if change.is_some() {
            self.emit_change(idx);
            self.changed();
        }
        self.apply_change(idx, change);
        self.patch_waiting();
        self.summary_due = true;
        self.schedule_after_event();
    }

    /// Shows the rule messages that waited while a field was typed in, in
    /// the fields and (as the pause or leaving is not a keystroke) in the
    /// summary and its counts.
    fn patch_waiting(&mut self) {
        if self.display.take_waiting() {
            self.refresh_all();
        }
    }

    /// The person left the section whose heading is item `section`.
    pub fn on_left_section(&mut self, section: usize) {
        if self.display.left_section(section) {
            let form = Arc::clone(&self.form);
            for i in form.inputs().filter(|&i| crate::display::section_of(&form, i) == section) {
                self.patch_field(i);
            }
            self.summary_due = true;
            self.schedule_after_event();
        }
    }

    fn emit_change(&mut self, idx: usize) {
        if !cfg!(feature = "portal") {
            return;
        }
        let code = self.form.items[idx].code.clone();
        let findings =
            self.session.findings_for(&code).into_iter().cloned().map(crate::finding::Finding::into_json).collect();
        let detail = js_value::to_js(&Json::object([
            ("field", Json::from(code.as_str())),
            ("value", document::value_json(self.session.value_at(idx))),
            ("input", self.session.input_at(idx).into()),
            ("findings", Json::Array(findings)),
        ]));
        self.emit("pdti-change", detail, false, None);
    }

    /// Starts the pause timer of field `idx`.
    fn schedule_pause(&mut self, idx: usize) {
        self.pause_token = self.pause_token.wrapping_add(1);
        let (me, token) = (self.me.clone(), self.pause_token);
        let cb = Closure::once_into_js(move || {
            let Some(app) = me.upgrade() else { return };
            let Ok(mut a) = app.try_borrow_mut() else { return };
            if a.pause_token == token && a.display.paused(idx) {
                a.patch_field(idx);
                a.patch_waiting();
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), PAUSE_MS);
        }
    }

    /// Marks the return changed and queues the draft's save.
    pub fn changed(&mut self) {
        if !self.dirty {
            self.dirty = true;
            storage::request_persistence();
        }
        self.schedule_after_event();
    }

    /// Runs what may follow an event by a moment (the summary when a field
    /// was left, the progress, the draft) in one task.
    pub fn after_event(&mut self) {
        self.save_scheduled = false;
        if std::mem::take(&mut self.summary_due) {
            self.patch_summary();
        } else {
            self.patch_progress();
        }
        self.autosave();
    }

    /// Queues [`App::after_event`]; several changes in one event run it once.
    pub fn schedule_after_event(&mut self) {
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

    /// Saves the draft, with whatever is still held in a field.
    pub fn autosave(&mut self) {
        let Some(key) = self.autosave_key.clone() else { return };
        // Text still held in a field (`11.362.`) is saved when the field is
        // left or the page goes away (`pagehide`), not at each keystroke.
        if !storage::save(&key, &document::to_draft_json(&self.session, &now_iso()))
            || !storage::save(&shown_key(&key), if self.display.shows_all() { "all" } else { "" })
        {
            self.alert(self.text(
                "Không lưu được bản nháp trên máy này (bộ nhớ trình duyệt bị tắt hoặc đầy). Hãy tải về bản báo cáo thường xuyên.",
                "The draft cannot be kept on this computer (browser storage is off or full). Download the return often.",
            ));
        }
    }

    /// Gives the session every held text and shows everything.
    fn commit_everything(&mut self) {
        for i in self.display.commit_all(&mut self.session) {
            self.emit_change(i);
        }
        self.display.show_all();
    }

    /// "Kiểm tra toàn bộ": every message, the summary focused.
    pub fn check_all(&mut self) {
        self.commit_everything();
        self.refresh_all();
        if cfg!(feature = "portal") {
            let detail = js_value::to_js(&Json::object([("summary", self.session.summary().to_json())]));
            self.emit("pdti-validate", detail, false, None);
        }
        if let Some(b) = self.els.id(ids::SUMMARY) {
            if !b.has_attribute("hidden") {
                self.focus_later(b);
            }
        }
    }

    /// The download button: checks everything, then saves the file, or
    /// first asks when required fields are blank (known data beats missing
    /// data, so the answer can always be yes).
    pub fn download(&mut self, confirmed: bool) {
        self.commit_everything();
        self.refresh_all();
        let sum = self.session.summary();
        if cfg!(feature = "portal") {
            self.emit("pdti-validate", js_value::to_js(&Json::object([("summary", sum.to_json())])), false, None);
        }
        if (sum.required_missing > 0 || self.session.carried_count() > 0) && !confirmed {
            self.show_missing_confirmation();
            return;
        }
        let saved_at = now_iso();
        let doc = document::to_json_value(&self.session, Some(&saved_at), None);
        let json = doc.to_pretty();
        let name = document::file_name(&self.session);
        let detail = match cfg!(feature = "portal") {
            true => js_value::to_js(&Json::object([("return", doc), ("fileName", Json::from(name.as_str()))])),
            false => JsValue::NULL,
        };
        let then = Then::Download { name, json, errors: sum.errors, warnings: sum.warnings };
        self.emit("pdti-download", detail, true, Some(then));
    }

    /// Saves the file once the portal has not taken the download over.
    pub fn finish(&mut self, then: Then, sent: bool) {
        let Then::Download { name, json, errors, warnings } = then;
        if !sent {
            self.dirty = false;
            return;
        }
        match files::download(&self.doc, &name, &json, "application/json") {
            Ok(()) => {
                self.dirty = false;
                self.show_next_steps(&name, errors, warnings);
            }
            Err(_) => self.alert(self.text("Trình duyệt không cho tải tệp về.", "The browser refused the download.")),
        }
    }

    /// Replaces the whole return, keeping the old one for undo.
    pub fn replace(&mut self, session: Session, notice: Notice, show_all: bool) {
        #[cfg(not(feature = "full"))]
        {
            self.offer = None;
        }
        self.undo = Some((document::to_draft_json(&self.session, &now_iso()), self.display.shows_all()));
        self.session = session;
        self.display.reset(show_all);
        self.fill_inputs();
        self.refresh_all();
        self.alert("");
        self.set_notice(Notice { action: Some(("undo", "undo")), ..notice });
        self.changed();
    }

    /// Applies a suggested fix, as a person would type it, undoably.
    pub fn apply(&mut self, field: &str, value: &str) {
        let Some(idx) = self.form.index_of(field) else { return };
        let before = self.session.input_at(idx).to_string();
        self.undo = Some((document::to_draft_json(&self.session, &now_iso()), self.display.shows_all()));
        // A fix the import proposed is used now: its finding has done its work.
        self.session
            .import_findings
            .retain(|f| f.suggestion.as_ref().is_none_or(|s| !(s.field == field && s.value == value)));
        self.on_left(field, Some(value));
        self.show_input(idx);
        let label = self.form.items[idx].human_code().to_string();
        let was = if before.is_empty() { "(trống)".to_string() } else { format!("\"{before}\"") };
        let was_en = if before.is_empty() { "(blank)".to_string() } else { format!("\"{before}\"") };
        self.set_notice(Notice {
            text: Text::new(
                format!("Đã sửa mục {label}: {was} → \"{value}\"."),
                format!("Item {label} changed: {was_en} → \"{value}\"."),
            ),
            action: Some(("undo", "undo")),
        });
        if let Some(input) = self.els.input(field) {
            self.focus_later(input);
        }
    }

    /// A saved return chosen by the person (`open`, `start-previous`),
    /// read; when it cannot be, the alert says why in the words of `what`
    /// ("Không mở được tệp", "Cannot open") and nothing entered changes.
    fn read_chosen(&self, name: &str, bytes: Result<Vec<u8>, String>, what: (&str, &str)) -> Option<document::Loaded> {
        let text = bytes
            .and_then(|b| String::from_utf8(b).map_err(|_| "tệp không phải văn bản UTF-8 (not UTF-8)".to_string()));
        match text.and_then(|t| document::read(&t, &self.form).map_err(|e| e.to_string())) {
            Ok(loaded) => Some(loaded),
            Err(reason) => {
                self.alert(&if self.lang == Lang::En {
                    format!("{} {name}: {reason}. What you entered is unchanged.", what.1)
                } else {
                    format!("{} {name}: {reason}. Dữ liệu đang nhập vẫn giữ nguyên.", what.0)
                });
                None
            }
        }
    }

    /// An opening the person chose after an older return's (which waits
    /// for the full build: [`super::migration`]) comes first. Nothing to do
    /// in the full build, which migrates nothing.
    #[cfg(feature = "full")]
    fn supersede_opening(&mut self) {}

    /// Opens a saved return (JSON).
    pub fn open_file(&mut self, name: &str, bytes: Result<Vec<u8>, String>) {
        self.supersede_opening();
        let Some(loaded) = self.read_chosen(name, bytes, ("Không mở được tệp", "Cannot open")) else { return };
        let notice = opened_notice(name, loaded.saved_at.as_deref(), &loaded.session);
        self.replace(loaded.session, notice, true);
    }

    /// "Bắt đầu từ kỳ trước": a new return for the period after the saved
    /// return `name`'s, started from it ([`Session::start_from`]), undoably.
    pub fn start_from_previous(&mut self, name: &str, bytes: Result<Vec<u8>, String>) {
        self.supersede_opening();
        let what = ("Không bắt đầu được từ tệp", "Cannot start from");
        let Some(loaded) = self.read_chosen(name, bytes, what) else { return };
        let session = Session::start_from(&loaded.session);
        let notice = Notice { text: crate::render::started_text(&session, name), action: None };
        // Focus stays at the top, where the notice says which period this is
        // and what to do with the figures marked below.
        self.replace(session, notice, false);
    }

    /// "Giữ nguyên": the value carried from last period into `field` is
    /// confirmed; focus goes back to the field.
    pub fn keep(&mut self, field: &str) {
        let Some(idx) = self.form.index_of(field) else { return };
        if self.read_only || !self.session.confirm(field) {
            return;
        }
        self.patch_field(idx);
        self.summary_due = true; // the contents say how many are left
        self.changed();
        if let Some(input) = self.els.input(field) {
            self.focus_later(input);
        }
    }

    /// Opens what the old template's import gave (the JSON array that
    /// `pdti import-legacy` prints): its first copy replaces the return.
    pub fn import_json(&mut self, name: &str, json: Result<String, String>) {
        let first = json.and_then(|text| {
            let all = Json::parse(&text).map_err(|e| e.to_string())?;
            let copies =
                all.as_array().ok_or_else(|| "không phải danh sách bản báo cáo (not a list of returns)".to_string())?;
            let first = copies.first().ok_or_else(|| "tệp không có bản nào (no copy of the form)".to_string())?;
            let loaded = document::read(&first.to_compact(), &self.form).map_err(|e| e.to_string())?;
            Ok((loaded.session, copies.len()))
        });
        match first {
            Ok((session, n)) => {
                let agency = session.input(header::AGENCY).unwrap_or("").to_string();
                let sum = session.summary();
                let (vi, en) = (
                    super::view::counts_text(Lang::Vi, sum.errors, sum.warnings),
                    super::view::counts_text(Lang::En, sum.errors, sum.warnings),
                );
                let (more_vi, more_en) = if n > 1 {
                    (
                        format!(" Tệp có {n} bản; đã nhập bản 1 — dùng lệnh pdti import-legacy để nhập tất cả."),
                        format!(
                            " The file holds {n} copies; copy 1 was imported — pdti import-legacy imports them all."
                        ),
                    )
                } else {
                    (String::new(), String::new())
                };
                let notice = Notice {
                    text: Text::new(
                        format!("Đã nhập {name} ({agency}): {vi} Xem danh sách bên dưới.{more_vi}"),
                        format!("Imported {name} ({agency}): {en} See the list below.{more_en}"),
                    ),
                    action: None,
                };
                self.replace(session, notice, true);
            }
            Err(reason) => self.alert(&if self.lang == Lang::En {
                format!("Cannot import {name}: {reason}. What you entered is unchanged.")
            } else {
                format!("Không nhập được {name}: {reason}. Dữ liệu đang nhập vẫn giữ nguyên.")
            }),
        }
    }

    /// "Làm lại từ đầu": asks first, in the notice (nothing is erased on
    /// one click; the answer is the button "reset-confirm").
    pub fn ask_reset(&mut self) {
        self.set_notice(Notice {
            text: Text::new(
                "Xoá toàn bộ dữ liệu đang nhập và bắt đầu bản mới? (Có thể hoàn tác ngay sau đó.)",
                "Clear everything entered and start a new return? (It can be undone right after.)",
            ),
            action: Some(("reset-confirm", "reset-confirm")),
        });
    }

    /// Starts a new, empty return (undoable).
    pub fn reset(&mut self) {
        self.supersede_opening();
        let blank = Session::new(Arc::clone(&self.form));
        let notice = Notice {
            text: Text::new(
                "Đã xoá toàn bộ dữ liệu; bắt đầu bản mới.",
                "Everything was cleared; a new return is started.",
            ),
            action: None,
        };
        self.replace(blank, notice, false);
        self.dirty = false;
        if let Some(key) = &self.autosave_key {
            storage::remove(key);
            storage::remove(&shown_key(key));
        }
    }

    /// Puts back the return before the last replace or fix.
    pub fn undo(&mut self) {
        let Some((draft, all)) = self.undo.take() else { return };
        if let Ok(l) = document::read(&draft, &self.form) {
            let notice = Notice {
                text: Text::new("Đã khôi phục dữ liệu trước đó.", "The previous data are back."),
                action: None,
            };
            self.replace(l.session, notice.clone(), all);
            self.undo = None;
            self.set_notice(notice);
        }
    }

    /// Switches the interface language; notices and undo are kept.
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        if let Some(html) = self.doc.document_element() {
            let in_document = html.contains(Some(&self.host))
                && self.host.get_root_node().node_type() == web_sys::Node::DOCUMENT_NODE;
            if in_document {
                let _ = html.set_attribute("lang", self.lang.tag());
                self.doc.set_title(self.form.title.get(self.lang));
            }
        }
        self.render();
        if let Some(b) = self.root.query_selector("[data-action=lang]").ok().flatten() {
            self.focus_later(b);
        }
    }

    /// Writes the signed document from the return as it is now, into the
    /// page's print place (`importer::print`: here, or by the full build).
    /// Returns the promise of the full build's drawing when it is not
    /// drawn yet (the lean build's first print).
    pub fn prepare_print(&mut self) -> Option<js_sys::Promise> {
        for i in self.display.commit_all(&mut self.session) {
            self.emit_change(i);
        }
        let place = self.els.id(ids::PRINT)?;
        super::importer::print(&place, &self.session, self.lang)
    }
}

/// Where the draft's "everything is shown" state is kept, beside the draft.
pub fn shown_key(key: &str) -> String {
    format!("{key}:shown")
}
