//! Writes the static page: the HTML shell of `www/` with the form
//! pre-rendered from the definition in place of `<!-- pdti:app -->`, so the
//! page is a readable form before the WebAssembly starts.
//!
//! `pdti-page SHELL.html [--lang vi|en] > index.html`
#![forbid(unsafe_code)]

use pdti_form::form::{embedded_forms, Form};
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
    let form = embedded_forms().pop().unwrap_or_else(|| std::sync::Arc::new(Form::pdti_2023()));
    match render::page(&form, lang, &shell) {
        Some(page) => print!("{page}"),
        None => {
            eprintln!("pdti-page: {shell_path} has no {} placeholder", render::APP_PLACEHOLDER);
            std::process::exit(2);
        }
    }
}
