//! Embeds every form definition under `src/forms/` so that adding a form
//! version is a data change only. Definitions are embedded without their
//! indentation: smaller, and faster to parse.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("src/forms");
    let out_dir = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("src/forms exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out =
        String::from("/// Every definition under src/forms/, sorted by file name.\npub const EMBEDDED: &[&str] = &[\n");
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = fs::read_to_string(f).expect("a form definition is UTF-8 text");
        let min = out_dir.join(format!("form-{i}.json"));
        fs::write(&min, minify(&text)).expect("OUT_DIR is writable");
        out.push_str(&format!("    include_str!({:?}),\n", min.display().to_string()));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("forms.rs"), out).expect("OUT_DIR is writable");
}

/// Drops the white space between JSON tokens (never inside strings).
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
