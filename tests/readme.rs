//! The README's terminal example is real output: every line of it appears in
//! the golden file the import test pins.

mod common;

#[test]
fn the_readme_example_matches_the_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let golden = common::read("golden/laichau-stp-2023h1.import.txt")
        .replace("laichau-stp-2023h1.tsv", "tests/fixtures/laichau-stp-2023h1.tsv");
    let start = readme.find("```console").expect("README has a console example");
    let block = &readme[start..];
    let block = &block[..block[10..].find("```").map_or(block.len(), |e| e + 10)];
    let mut checked = 0;
    for line in block.lines().skip(2).filter(|l| !l.trim().is_empty() && l.trim() != "…") {
        assert!(golden.contains(line), "README line not in the real output:\n{line}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} lines checked");
}
