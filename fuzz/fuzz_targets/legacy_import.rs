//! The legacy import: any bytes (UTF-8, UTF-16, garbage) are either refused
//! with a reason or imported; every imported copy becomes a JSON return that
//! reads back to the same document (see `fuzz/checks.rs`).
#![no_main]
#![allow(dead_code)] // checks.rs holds every target's check
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| check_legacy_import(data));
