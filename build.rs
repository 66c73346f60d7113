//! Embeds every form definition under `src/forms/` so that adding a form
//! version is a data change only. Definitions are embedded without their
//! indentation: smaller, and faster to parse.
//!
//! Each definition goes through serde_json (keys in order, numbers kept as
//! written): a definition that is not JSON stops the build with its file name.
//! The form pages' wasm builds rank nothing; their copy leaves out the
//! ranking's levels and the checks against last period (read by
//! `src/ranking.rs` natively and in the collector page's build).
//!
//! Order: by file name, except that the current form ([`CURRENT`]) is always
//! last: `embedded_definitions().last()` is the form the pages are built on
//! and new returns are made with; the others (older or alternative versions,
//! such as `pdti-2023.2.json`, the 2023 template in Decree 42 terms) are
//! there to read returns that name them and to migrate between versions.
//! The order does not depend on how the names happen to sort.
//!
//! Which definitions: the native build (CLI, tests) and the collector page's
//! wasm (feature `collect`) embed them all; a form page's wasm embeds only
//! the current one. A page shows and makes returns of the current form only,
//! and a second 54 KB definition would cost about 10 KB gzip of its budget.

use std::{env, fs, path::Path};

/// The file of the current form, embedded last. Changing the current form
/// is changing this name (and the pages' tests built on it).
const CURRENT: &str = "pdti-2023.json";

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("src/forms");
    let out_dir = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    println!("cargo:rerun-if-changed={}", dir.display());
    // Only the native build (CLI, tests) and the collector page's wasm rank
    // returns (`src/ranking.rs`); every form page's wasm leaves the keys out.
    let ranks = env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32")
        || env::var_os("CARGO_FEATURE_COLLECT").is_some();
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("src/forms exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let current = files
        .iter()
        .position(|p| p.file_name().is_some_and(|n| n == CURRENT))
        .unwrap_or_else(|| panic!("src/forms/{CURRENT}: the current form's definition is missing"));
    let current = files.remove(current);
    // A form page's wasm (no ranking, so no collector) carries the current form only.
    if ranks {
        files.push(current);
    } else {
        files = vec![current];
    }
    let mut out = String::from(
        "/// The definitions under src/forms/ (all of them, or in a form page's wasm the current one only), \
         by file name, the current form last.\npub const EMBEDDED: &[&str] = &[\n",
    );
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: cannot read the definition: {e}", f.display()));
        let min = out_dir.join(format!("form-{i}.json"));
        fs::write(&min, minify(f, &text, !ranks)).expect("OUT_DIR is writable");
        out.push_str(&format!("    include_str!({:?}),\n", min.display().to_string()));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("forms.rs"), out).expect("OUT_DIR is writable");
    migrations(&dir.join("migrations"), &out_dir);
}

/// The migrations between form versions (`src/forms/migrations/*.json`,
/// read and checked by `src/migrate.rs`, native only): embedded as written,
/// with their paths for messages, sorted by file name.
fn migrations(dir: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from(
        "/// Every migration under src/forms/migrations/: (path, text), sorted by file name.\n\
         pub const MIGRATIONS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().expect("a file has a name").to_string_lossy();
        let path = format!("src/forms/migrations/{name}");
        out.push_str(&format!("    ({path:?}, include_str!({:?})),\n", f.display().to_string()));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("migrations.rs"), out).expect("OUT_DIR is writable");
}

/// The definition without the white space between tokens; panics, naming
/// the file, when it is not JSON.
fn minify(path: &Path, json: &str, drop_ranking: bool) -> String {
    let mut value: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("{}: the form definition is not valid JSON: {e}", path.display()));
    if let (true, Some(o)) = (drop_ranking, value.as_object_mut()) {
        o.remove("levels");
        o.remove("periodChecks");
    }
    serde_json::to_string(&value).expect("a JSON value serialises")
}
