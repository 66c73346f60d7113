//! The rule-expression parser and evaluator: any text either parses or gets a
//! positioned error; what parses evaluates without a panic whatever the
//! fields hold (blank, unreadable, zero, the largest readable amounts, dates).
#![no_main]
#![allow(dead_code)] // checks.rs holds every target's check
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| check_expr_parser(data));
