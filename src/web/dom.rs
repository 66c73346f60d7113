//! DOM nodes from the page's markup ([`render::Markup`]), and small DOM
//! helpers. Every text is set as text (`createTextNode`/`textContent`), never parsed.

use crate::form::StrIndex;
use crate::render::Markup;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// Builds DOM elements from [`crate::render::app`]'s calls; the first element
/// opened is the root, detached until the caller inserts it.
pub struct Builder<'d> {
    doc: &'d Document,
    open: Vec<Element>,
    root: Option<Element>,
}

impl<'d> Builder<'d> {
    /// A builder creating nodes in `doc`.
    pub fn new(doc: &'d Document) -> Self {
        Builder { doc, open: Vec::new(), root: None }
    }

    /// The root element, once everything is written.
    pub fn finish(self) -> Option<Element> {
        self.root
    }
}

impl Markup for Builder<'_> {
    fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        let el = self.doc.create_element(tag).expect("static tag names are valid");
        for (k, v) in attrs {
            let _ = el.set_attribute(k, v);
        }
        match self.open.last() {
            Some(parent) => {
                let _ = parent.append_child(&el);
            }
            None => self.root = Some(el.clone()),
        }
        self.open.push(el);
    }

    fn text(&mut self, text: &str) {
        if let (false, Some(parent)) = (text.is_empty(), self.open.last()) {
            let _ = parent.append_child(&self.doc.create_text_node(text));
        }
    }

    fn close(&mut self) {
        self.open.pop();
    }
}

/// Every element of a mounted form with an id, and every named input, found
/// once per render so that a keystroke never searches the DOM.
#[derive(Default)]
pub struct Index {
    /// Position in `elements` of each id, and of each input's name (`input:` + name).
    keys: StrIndex,
    elements: Vec<Element>,
}

impl Index {
    /// Walks `root` twice: every element with an id, then every named input
    /// (the selectors guarantee the element types, so no per-element type
    /// check crosses into JavaScript).
    pub fn build(root: &Element) -> Index {
        let mut index = Index::default();
        for (selector, prefix) in [("[id]", ""), ("input[name]", "input:")] {
            let Ok(list) = root.query_selector_all(selector) else { continue };
            for i in 0..list.length() {
                let Some(el) = list.item(i) else { continue };
                let el: Element = el.unchecked_into();
                let key = if prefix.is_empty() {
                    el.id()
                } else {
                    format!("{prefix}{}", el.unchecked_ref::<HtmlInputElement>().name())
                };
                // A yes/no field's two radios share its name: the first
                // (có) stands for the field; [`controls`] finds both.
                if !index.keys.contains_key(&key) {
                    index.keys.insert(key, index.elements.len());
                    index.elements.push(el);
                }
            }
        }
        index
    }

    /// The element with this id.
    pub fn id(&self, id: &str) -> Option<Element> {
        self.keys.get(id).map(|&i| self.elements[i].clone())
    }

    /// The input with this name.
    pub fn input(&self, name: &str) -> Option<HtmlInputElement> {
        let i = *self.keys.get(&format!("input:{name}"))?;
        // Only `input[name]` elements are indexed under `input:`.
        Some(self.elements[i].clone().unchecked_into())
    }
}

/// Every control of a field: the input, or both radios of a yes/no field.
pub fn controls(first: &HtmlInputElement) -> Vec<HtmlInputElement> {
    if first.type_() != "radio" {
        return vec![first.clone()];
    }
    let mut out = Vec::new();
    if let Some(Ok(list)) = first.closest(".radios").ok().flatten().map(|g| g.query_selector_all("input")) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i) {
                out.push(el.unchecked_into());
            }
        }
    }
    out
}

/// What a field holds: the input's text, or the checked radio's value.
pub fn value_of(first: &HtmlInputElement) -> String {
    if first.type_() != "radio" {
        return first.value();
    }
    controls(first).into_iter().find(|r| r.checked()).map(|r| r.value()).unwrap_or_default()
}

/// Shows `text` in a field: as typed, or by checking the radio it reads as
/// (`yes` tells whether it reads as có, không or neither).
pub fn set_value(first: &HtmlInputElement, text: &str, yes: Option<bool>) {
    if first.type_() != "radio" {
        first.set_value(text);
        return;
    }
    for r in controls(first) {
        r.set_checked(yes == Some(r.value() == "có"));
    }
}

/// Replaces the children of `el` with one text node.
pub fn set_text(el: &Element, text: &str) {
    el.set_text_content(Some(text));
}

/// Sets or removes a boolean attribute.
pub fn toggle_attr(el: &Element, name: &str, on: bool) {
    if on {
        let _ = el.set_attribute(name, "");
    } else {
        let _ = el.remove_attribute(name);
    }
}

/// Adds or removes a class.
pub fn toggle_class(el: &Element, class: &str, on: bool) {
    let _ = el.class_list().toggle_with_force(class, on);
}

/// Appends an element with a class and a text.
pub fn append(doc: &Document, parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let el = doc.create_element(tag).expect("static tag names are valid");
    if !class.is_empty() {
        let _ = el.set_attribute("class", class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    let _ = parent.append_child(&el);
    el
}

/// Moves focus to `el` and scrolls it into view with its label: the
/// field's block at the top of the window (as the GOV.UK error summary
/// does), not the input alone with its label cut off above it.
pub fn focus(el: &Element) {
    if let Some(h) = el.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
    el.closest(".field").ok().flatten().unwrap_or_else(|| el.clone()).scroll_into_view();
}
