//! Replays, natively and on every `cargo test`, what the fuzz targets check on
//! their seeds and on every input that once crashed one of them
//! (`fuzz/regressions/<target>/`, kept forever). The checks are the fuzz
//! targets' own (`fuzz/checks.rs`).

include!("../fuzz/checks.rs");

fn replay(target: &str, check: fn(&[u8])) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let r = std::panic::catch_unwind(|| check(&bytes));
            assert!(r.is_ok(), "{} fails its fuzz check", path.display());
            n += 1;
        }
    }
    assert!(n > 0, "no inputs for {target}");
}

#[test]
fn value_parser_seeds_and_past_crashes_pass_the_fuzz_check() {
    replay("value_parser", check_value_parser);
}

#[test]
fn expr_parser_seeds_and_past_crashes_pass_the_fuzz_check() {
    replay("expr_parser", check_expr_parser);
}

#[test]
fn return_import_seeds_and_past_crashes_pass_the_fuzz_check() {
    replay("return_import", check_return_import);
}

#[test]
fn legacy_import_seeds_and_past_crashes_pass_the_fuzz_check() {
    replay("legacy_import", check_legacy_import);
}

#[test]
fn definition_seeds_and_past_crashes_pass_the_fuzz_check() {
    replay("definition", check_definition);
}
