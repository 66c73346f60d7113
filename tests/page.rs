//! The pre-rendered page (what a person sees before the WebAssembly starts,
//! and what the wasm builds in a portal) is pinned by golden files, one
//! element per line so that a change to the markup reads as a diff to review
//! (`UPDATE_GOLDEN=1 cargo test --test page` accepts it).

mod common;
use pdti_form::engine::Session;
use pdti_form::form::Form;
use pdti_form::render::app_html;
use pdti_form::text::Lang;
use std::sync::Arc;

#[test]
fn the_rendered_form_matches_its_golden_file_in_both_languages() {
    let session = Session::new(Arc::new(Form::pdti_2023()));
    for lang in [Lang::Vi, Lang::En] {
        let html = app_html(&session, lang).replace('>', ">\n");
        common::golden(&format!("golden/page-{}.html", lang.tag()), &html);
    }
}
