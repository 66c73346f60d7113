//! Writes the static page: the HTML shell of `www/` with the form
//! pre-rendered from the definition in place of `<!-- pdti:app -->`, so the
//! page is a readable form before the WebAssembly starts, and the
//! definition itself in place of `<!-- pdti:definition -->` (the wasm is
//! handed it). The definition is the current embedded form.
//!
//! `pdti-page SHELL.html [--lang vi|en] > index.html`
#![forbid(unsafe_code)]

use pdti_form::form::{embedded_definitions, Form};
use pdti_form::render;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(shell_path) = args.first() else {
        eprintln!("usage: pdti-page SHELL.html [--lang vi|en]");
        std::process::exit(2);
    };
    let lang = args
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| args.get(i + 1))
        .map_or(pdti_form::text::Lang::Vi, |l| pdti_form::text::Lang::parse(l));
    let shell = match std::fs::read_to_string(shell_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("pdti-page: {shell_path}: {e}");
            std::process::exit(2);
        }
    };
    let text = embedded_definitions().last().expect("the native build embeds the current form");
    let form = std::sync::Arc::new(Form::from_json(text).expect("the embedded definition is checked by the tests"));
    match render::page(&form, text, lang, &shell) {
        Some(page) => print!("{page}"),
        None => {
            eprintln!(
                "pdti-page: {shell_path} lacks {} or {}",
                render::APP_PLACEHOLDER,
                render::DEFINITION_PLACEHOLDER
            );
            std::process::exit(2);
        }
    }
}
