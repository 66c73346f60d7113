//! pdti-form: the PDTI return engine.
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod date;
pub mod document;
pub mod engine;
pub mod expr;
pub mod finding;
pub mod form;
pub mod json_read;
pub mod legacy;
pub mod render;
pub mod text;
pub mod value;
#[cfg(target_arch = "wasm32")]
pub mod web;
