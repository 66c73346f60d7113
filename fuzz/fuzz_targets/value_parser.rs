//! The value parser: any text, as any kind of field, never panics, always
//! either reads, is blank or says why not; a count it reads reads back the same.
#![no_main]
#![allow(dead_code)] // checks.rs holds every target's check
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| check_value_parser(data));
