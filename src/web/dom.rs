//! Turning a [`render::Node`] tree into DOM nodes, and small DOM helpers.
//! Every text is set as text (`createTextNode`/`textContent`), never parsed.

use crate::render::Node;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// Builds the DOM for `node`.
pub fn build(doc: &Document, node: &Node) -> web_sys::Node {
    match node {
        Node::Text(t) => doc.create_text_node(t).into(),
        Node::El { tag, attrs, children } => {
            let el = doc.create_element(tag).expect("static tag names are valid");
            for (k, v) in attrs {
                let _ = el.set_attribute(k, v);
            }
            for c in children {
                let _ = el.append_child(&build(doc, c));
            }
            el.into()
        }
    }
}

/// The element with this id under `root` (works inside a shadow root too).
pub fn by_id(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[id=\"{}\"]", css_string(id))).ok().flatten()
}

/// The input named `name` under `root`.
pub fn input_named(root: &Element, name: &str) -> Option<HtmlInputElement> {
    root.query_selector(&format!("input[name=\"{}\"]", css_string(name))).ok().flatten().and_then(|e| e.dyn_into().ok())
}

/// Escapes a value for a double-quoted CSS attribute selector.
fn css_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
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

/// Moves focus to `el` and scrolls it into view.
pub fn focus(el: &Element) {
    if let Some(h) = el.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
    el.scroll_into_view();
}
