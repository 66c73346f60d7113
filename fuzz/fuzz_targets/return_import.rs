//! Reading a JSON return: any bytes are either refused with a reason or read;
//! what is read writes out and reads back to the very same document.
#![no_main]
#![allow(dead_code)] // checks.rs holds every target's check
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| check_return_import(data));
