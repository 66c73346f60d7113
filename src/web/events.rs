//! DOM events in, portal events out. Every handler borrows the app only for
//! its own work; the events it queued for the portal are dispatched after
//! the borrow ends ([`run`]), so a portal listener may call any public
//! method (`getReturn()`, `setValue()` …) from inside them.

use super::app::{App, Then};
use super::{dom, files, importer};
use crate::document;
use crate::form::header;
use crate::legacy;
use crate::render::ids;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, HtmlInputElement, HtmlTextAreaElement};

/// The app behind one mounted form.
pub type Shared = Rc<RefCell<App>>;

/// An event listener kept alive while the form is mounted.
pub type Listener = (EventTarget, &'static str, Closure<dyn FnMut(Event)>);

/// Runs `f` on the app, then sends the events it queued, outside the borrow
/// (and what follows an event that was not cancelled, such as the file of
/// a download). Returns what `f` returned.
pub fn run<R>(app: &Shared, f: impl FnOnce(&mut App) -> R) -> R {
    let (result, focus) = {
        let mut a = app.borrow_mut();
        let result = f(&mut a);
        (result, a.focus_next.take())
    };
    flush(app);
    if let Some(el) = focus {
        dom::focus(&el);
    }
    result
}

/// Sends the queued events, each outside any borrow of the app.
pub fn flush(app: &Shared) {
    loop {
        let (host, next) = {
            let Ok(mut a) = app.try_borrow_mut() else { return };
            if a.outbox.is_empty() {
                return;
            }
            (a.host.clone(), a.outbox.remove(0))
        };
        let sent = !cfg!(feature = "portal") || dispatch(&host, &next);
        if let Some(then) = next.then {
            finish(app, then, sent);
        }
    }
}

/// Sends one event to the portal; false when a listener cancelled it.
fn dispatch(host: &web_sys::Element, next: &super::app::Outgoing) -> bool {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(next.cancelable);
    init.set_detail(&next.detail);
    match web_sys::CustomEvent::new_with_event_init_dict(next.name, &init) {
        Ok(ev) => host.dispatch_event(&ev).unwrap_or(true),
        Err(_) => true,
    }
}

fn finish(app: &Shared, then: Then, sent: bool) {
    if let Ok(mut a) = app.try_borrow_mut() {
        a.finish(then, sent);
    }
}

/// Adds a listener that runs `f` with the app.
pub fn listen(target: &EventTarget, kind: &'static str, app: &Shared, f: fn(&Shared, Event)) -> Listener {
    let app = Rc::clone(app);
    let c = Closure::<dyn FnMut(Event)>::new(move |e: Event| f(&app, e));
    let _ = target.add_event_listener_with_callback(kind, c.as_ref().unchecked_ref());
    (target.clone(), kind, c)
}

fn target_input(e: &Event) -> Option<HtmlInputElement> {
    e.target()?.dyn_into::<HtmlInputElement>().ok()
}

/// A keystroke (or a radio chosen).
pub fn on_input(app: &Shared, e: Event) {
    let Some(input) = target_input(&e) else { return };
    match input.type_().as_str() {
        "file" => {}
        // A choice is complete the moment it is made.
        "radio" => {
            let (name, value) = (input.name(), input.value());
            run(app, |a| if name == ids::GROUP { a.set_group(value) } else { a.on_left(&name, Some(&value)) })
        }
        _ => run(app, |a| a.on_typed(&input.name(), &input.value())),
    }
}

/// A file chosen, or a text field's value committed.
pub fn on_change(app: &Shared, e: Event) {
    let Some(input) = target_input(&e) else { return };
    match input.type_().as_str() {
        "file" => open_chosen_file(app, &input),
        "radio" => {}
        _ if input.name().starts_with("evidence:") => {}
        _ => run(app, |a| a.on_left(&input.name(), Some(&input.value()))),
    }
}

fn open_chosen_file(app: &Shared, input: &HtmlInputElement) {
    let action = input.get_attribute("data-action").unwrap_or_default();
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    let name = file.name();
    let saved_return = action == "open" || action == "start-previous";
    let limit = if saved_return { document::MAX_BYTES } else { legacy::MAX_BYTES };
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
    files::read_bytes(&file, move |bytes| match (saved_return, bytes) {
        (true, bytes) if action == "start-previous" => run(&app, |a| a.start_from_previous(&name, bytes)),
        #[cfg(feature = "full")]
        (true, bytes) => run(&app, |a| a.open_file(&name, bytes)),
        #[cfg(not(feature = "full"))]
        (true, bytes) => super::migration::open(&app, name, bytes),
        (false, Ok(bytes)) => importer::import(&app, name, bytes),
        (false, Err(reason)) => run(&app, |a| a.import_json(&name, Err(reason))),
    });
}

/// The section (heading item index) an element is in, from its fieldset.
fn section_of(a: &App, el: Option<Element>) -> Option<usize> {
    let fs = el?.closest("fieldset.section").ok().flatten()?;
    let code = fs.id().strip_prefix("sec-")?.to_string();
    if code == "header" {
        return Some(0);
    }
    a.form.index_of(&code)
}

/// Focus leaves a field: its held text is read, its message shown; leaving
/// its section shows that section's blank required fields.
pub fn on_focusout(app: &Shared, e: Event) {
    let Some(input) = target_input(&e) else { return };
    let next =
        e.dyn_ref::<web_sys::FocusEvent>().and_then(|f| f.related_target()).and_then(|t| t.dyn_into::<Element>().ok());
    run(app, |a| {
        let Some(idx) = a.form.index_of(&input.name()) else { return };
        a.on_left(&input.name(), None);
        let here = crate::display::section_of(&a.form, idx);
        // Focus moved elsewhere in the page (not to another window). A link
        // of the summary (or a field's own button) leads back to a field:
        // nothing is left yet, and the summary is not rebuilt under the
        // pointer (its click would be lost).
        let to_link = next.as_ref().is_some_and(|n| n.get_attribute("data-field").is_some());
        if next.is_some() && !to_link && section_of(a, next) != Some(here) {
            a.on_left_section(here);
        }
    });
}

/// Buttons and links of the form.
pub fn on_click(app: &Shared, e: Event) {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Some(el) = el.closest("[data-action], a[data-field]").ok().flatten() else { return };
    let action = el.get_attribute("data-action").unwrap_or_default();
    match action.as_str() {
        "" => {
            // A link of the error summary or the import report: focus the field.
            if let Some(code) = el.get_attribute("data-field") {
                e.prevent_default();
                run(app, |a| {
                    if let Some(input) = a.els.input(&code) {
                        a.focus_later(input);
                    }
                });
            }
        }
        "skip" | "to-summary" => {
            e.prevent_default();
            let a = app.borrow();
            let target =
                if action == "skip" { a.els.input(header::AGENCY).map(Into::into) } else { a.els.id(ids::SUMMARY) };
            if let Some(t) = target {
                dom::focus(&t);
            }
        }
        "download" => run(app, |a| a.download(false)),
        "download-anyway" => run(app, |a| a.download(true)),
        "check" => run(app, App::check_all),
        "print" => {
            let print = || {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            };
            // The lean build's first print waits for the full build's drawing.
            match run(app, |a| a.prepare_print()) {
                Some(drawn) => {
                    let then = Closure::once(move |_: JsValue| print());
                    let _ = drawn.then(&then);
                    then.forget();
                }
                None => print(),
            }
        }
        "reset" => run(app, App::ask_reset),
        "reset-confirm" => run(app, App::reset),
        "undo" => run(app, App::undo),
        #[cfg(not(feature = "full"))]
        "migrate" => run(app, App::accept_migration),
        "keep" => {
            if let Some(field) = el.get_attribute("data-field") {
                run(app, |a| a.keep(&field));
            }
        }
        "lang" => {
            let next = el.get_attribute("lang").map(|l| crate::text::Lang::parse(&l));
            run(app, |a| a.set_lang(next.unwrap_or(a.lang.other())));
        }
        "apply" => {
            let (Some(field), Some(value)) = (el.get_attribute("data-field"), el.get_attribute("data-value")) else {
                return;
            };
            run(app, |a| a.apply(&field, &value));
        }
        "import-legacy-paste" => {
            let pasted = {
                let a = app.borrow();
                let area = a.els.id(ids::PASTE).and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
                area.map(|area| (a.text("nội dung đã dán", "the pasted text").to_string(), area.value()))
            };
            if let Some((label, text)) = pasted {
                importer::import(app, label, text.into_bytes());
            }
        }
        _ => {}
    }
}

/// A mouse press on a suggestion keeps the focus where it is, so that the
/// field's message appearing on blur cannot move the button away from under
/// the pointer before the click lands.
pub fn on_mouse_down(_app: &Shared, e: Event) {
    let on_apply = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[data-action=apply]").ok().flatten())
        .is_some();
    if on_apply {
        e.prevent_default();
    }
}

/// Before printing: the signed document is written from the return.
pub fn on_before_print(app: &Shared, _e: Event) {
    // In the lean build, before the full build is loaded, this starts the
    // loading and the page prints the form itself (print stylesheet).
    run(app, |a| a.prepare_print());
}

/// Closing with changes not yet downloaded asks first.
pub fn on_before_unload(app: &Shared, e: Event) {
    if let Ok(a) = app.try_borrow() {
        if a.dirty && !a.read_only {
            e.prevent_default();
            if let Some(b) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                b.set_return_value("");
            }
        }
    }
}

/// The page is going away: the draft is saved now, held text included.
pub fn on_page_hide(app: &Shared, _e: Event) {
    if let Ok(mut a) = app.try_borrow_mut() {
        let a = &mut *a;
        a.display.commit_all(&mut a.session);
        a.autosave();
    }
}
