//! pdti-form: the PDTI return engine.
pub mod date;
pub mod document;
pub mod engine;
pub mod expr;
pub mod finding;
pub mod form;
pub mod text;
pub mod value;
