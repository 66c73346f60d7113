//! The hosted page's offer to migrate an older return (issue 15, part 3).
//!
//! The lean build every visitor loads knows one definition, the page's.
//! When a saved return of another version of the same form is opened, it
//! asks the full build (`globalThis.pdtiMigrate(text) → Promise<string>`,
//! `www/pdti.js`), which holds the shipped definitions and migrations
//! ([`crate::migrate::to_form`]) and answers with the migrated return and
//! what the migration does. The page says so and offers it ("Chuyển và
//! mở"); nothing entered changes until the offer is taken, and taking it
//! can be undone. Without a migration (the promise rejects), or when the
//! full build cannot be loaded, the return opens as it always did: read
//! against the page's version, with its `RET-version` note. The offline
//! file and the npm package run the `full` build, which has no room for
//! the definitions and migrations (README, "Measured"), and do the latter.

use super::app::{opened_notice, App, Notice};
use super::events::{run, Shared};
use super::view::counts_text;
use crate::document;
use crate::engine::Session;
use crate::json::Json;
use crate::text::{Lang, Text};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A migration offered and not yet taken: the return, already migrated
/// and read against the page's form.
pub struct Offer {
    name: String,
    saved_at: Option<String>,
    from: String,
    to: String,
    /// What the migration does ([`crate::migrate::Migrated::summary`]).
    summary: Text,
    session: Session,
}

/// Opens the saved return `name` (`data-action="open"`): one of another
/// version of the page's form goes to the full build first.
pub fn open(app: &Shared, name: String, bytes: Result<Vec<u8>, String>) {
    let text = match (&bytes, super::importer::hook("pdtiMigrate")) {
        (Ok(b), Some(hook)) => {
            std::str::from_utf8(b).ok().filter(|t| run(app, |a| a.is_other_version(t))).map(|t| (t, hook))
        }
        _ => None,
    };
    let promise = text.and_then(|(t, hook)| {
        let p = hook.call1(&JsValue::NULL, &JsValue::from_str(t)).ok()?;
        p.dyn_into::<js_sys::Promise>().ok().map(|p| (t.to_string(), p))
    });
    let Some((text, promise)) = promise else {
        run(app, |a| a.open_file(&name, bytes));
        return;
    };
    let ticket = run(app, |a| a.wait_for_migration(&name));
    let text = Rc::new(text);
    let (ok_app, ok_name, ok_text) = (Rc::clone(app), name.clone(), Rc::clone(&text));
    let ok = Closure::once(move |answer: JsValue| {
        run(&ok_app, |a| a.offer_migration(ticket, &ok_name, answer.as_string(), &ok_text));
    });
    let err_app = Rc::clone(app);
    let failed = Closure::once(move |why: JsValue| {
        // No migration is the common answer; a broken one is the author's
        // to see in the console.
        web_sys::console::info_1(&why);
        run(&err_app, |a: &mut App| a.offer_migration(ticket, &name, None, &text));
    });
    let _ = promise.then2(&ok, &failed);
    // One of the two runs, once; the page keeps both until then.
    ok.forget();
    failed.forget();
}

impl App {
    /// Whether `text` names another version of this page's form (read as
    /// the page's version, it gets the `RET-version` note).
    fn is_other_version(&self, text: &str) -> bool {
        let (id, version) = document::named_form(text);
        id == self.form.id && !version.is_empty() && version != self.form.version
    }

    /// An opening the person chose (a saved return, last period's, a fresh
    /// start) comes after any older return's still waiting for the full
    /// build: that one's answer is stale, and any offer is withdrawn.
    pub fn supersede_opening(&mut self) {
        self.opening = self.opening.wrapping_add(1);
        self.offer = None;
    }

    /// Says the return `name` is being read while the full build migrates
    /// it; the ticket that its answer must carry to be used.
    fn wait_for_migration(&mut self, name: &str) -> u32 {
        self.supersede_opening();
        self.set_notice(Notice {
            text: Text::new(format!("Đang mở {name}…"), format!("Opening {name}…")),
            action: None,
        });
        self.opening
    }

    /// The full build's answer for the return `name` (`text`): the
    /// migration, offered; without one (or when the full build did not
    /// load in time: `www/pdti.js`), the return opened as it is. The answer
    /// to an opening the person has since superseded is dropped.
    fn offer_migration(&mut self, ticket: u32, name: &str, answer: Option<String>, text: &str) {
        if ticket != self.opening {
            return;
        }
        let Some(offer) = answer.and_then(|a| self.read_answer(name, &a)) else {
            self.open_file(name, Ok(text.as_bytes().to_vec()));
            return;
        };
        let sum = offer.session.summary();
        let (from, to) = (&offer.from, &offer.to);
        let said = |lang| counts_text(lang, sum.errors, sum.warnings);
        let summary = &offer.summary;
        let text = Text::new(
            format!(
                "Tệp {name} lập theo phiên bản {from} của biểu mẫu; trang này dùng phiên bản {to}. \
                 Mở tệp sẽ chuyển bản báo cáo sang phiên bản {to}: {} Sau khi chuyển: {} \
                 Dữ liệu đang nhập chưa thay đổi.",
                summary.vi,
                said(Lang::Vi)
            ),
            format!(
                "{name} was made with version {from} of the form; this page uses version {to}. \
                 Opening it moves the return to version {to}: {} Then: {} What you entered is unchanged.",
                summary.en,
                said(Lang::En)
            ),
        );
        self.offer = Some(offer);
        self.set_notice(Notice { text, action: Some(("migrate", "migrate")) });
    }

    /// The full build's answer ([`crate::migrate::Migrated::page_answer`]), read.
    fn read_answer(&self, name: &str, answer: &str) -> Option<Offer> {
        let json = Json::parse(answer).ok()?;
        let ret = json.get("return")?.to_compact();
        let loaded = document::read(&ret, &self.form).ok()?;
        let part = |key: &str| json.get(key).and_then(Json::as_str).map(str::to_string);
        let summary = json.get("summary")?;
        let said = |lang: &str| summary.get(lang).and_then(Json::as_str).map(str::to_string);
        Some(Offer {
            summary: Text::new(said("vi")?, said("en")?),
            name: name.to_string(),
            saved_at: loaded.saved_at,
            from: part("from")?,
            to: part("to")?,
            session: loaded.session,
        })
    }

    /// "Chuyển và mở": the migrated return replaces the one being entered
    /// (undoably).
    pub fn accept_migration(&mut self) {
        let Some(o) = self.offer.take() else { return };
        let mut notice = opened_notice(&o.name, o.saved_at.as_deref(), &o.session);
        notice.text.vi += &format!(" Đã chuyển từ phiên bản {} sang {}.", o.from, o.to);
        notice.text.en += &format!(" It was moved from version {} to {}.", o.from, o.to);
        self.replace(o.session, notice, true);
    }
}
