//! A form definition, as a portal may pass one: any text is refused with a
//! reason or compiles, and a form that compiles can be filled, checked,
//! rendered and saved as a return that reads back the same.
#![no_main]
#![allow(dead_code)] // checks.rs holds every target's check
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| check_definition(data));
