//! pdti-form: the engine behind the PDTI return validator.
//!
//! The whole logic lives here, without any JavaScript type: the form
//! definition ([`form`]), reading what people type ([`value`]), rule
//! expressions ([`expr`]), the live return with its findings and indicators
//! ([`engine`]), the JSON return ([`document`]), the legacy tab-separated
//! import ([`legacy`]), the page markup ([`render`]) and the totals of many
//! returns ([`aggregate`]), the collecting office's review ([`collect`]) and
//! its workbook (`xlsx`, feature `xlsx`); those last three are native only
//! or in the collector page's build (feature `collect`). Moving a return to
//! another version of its form ([`migrate`]) is native only. The `pdti` command line ([`cli`])
//! and the WebAssembly facade (`web`, wasm32 only) are thin shells over it.
//!
//! ```
//! use pdti_form::{engine::Session, form::Form};
//! use std::sync::Arc;
//!
//! let mut s = Session::new(Arc::new(Form::pdti_2023()));
//! s.set("6.2.d", "12").unwrap();
//! s.set("6.2.đ", "14").unwrap();
//! let f = s.findings().into_iter().find(|f| f.rule == "R15b").unwrap();
//! assert_eq!(f.fields, ["6.2.đ", "6.2.d"]);
//! assert!(f.message.vi.contains("(14)"));
//! ```
#![warn(missing_docs)]
// No unsafe code; only the wasm facade's generated bindings need it.
#![deny(unsafe_code)]
#[cfg(any(not(target_arch = "wasm32"), feature = "collect"))]
pub mod aggregate;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(any(not(target_arch = "wasm32"), feature = "collect"))]
pub mod collect;
pub mod date;
#[cfg(not(target_arch = "wasm32"))]
pub mod defcheck;
pub mod display;
pub mod document;
pub mod engine;
pub mod expr;
pub mod finding;
pub mod form;
pub mod json;
pub mod json_read;
pub mod legacy;
#[cfg(embeds_forms)]
pub mod migrate;
#[cfg(any(not(target_arch = "wasm32"), feature = "collect"))]
pub mod office;
#[cfg(not(target_arch = "wasm32"))]
pub mod page;
#[cfg(any(not(target_arch = "wasm32"), feature = "collect"))]
pub mod ranking;
pub mod render;
pub mod str_map;
pub mod text;
pub mod value;
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
pub mod web;
#[cfg(all(feature = "xlsx", any(not(target_arch = "wasm32"), feature = "collect")))]
pub mod xlsx;
