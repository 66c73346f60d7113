//! pdti-form: the PDTI return engine.
pub mod cli;
pub mod date;
pub mod document;
pub mod engine;
pub mod expr;
pub mod finding;
pub mod form;
pub mod legacy;
pub mod text;
pub mod value;
