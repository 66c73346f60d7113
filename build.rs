//! Embeds every form definition under `src/forms/` so that adding a form
//! version is a data change only. Definitions are embedded without their
//! indentation: smaller, and faster to parse.
//!
//! Each definition goes through serde_json (keys in order, numbers kept as
//! written): a definition that is not JSON stops the build with its file name.
//! Order: by file name, except that the current form ([`CURRENT`]) is always
//! last: `embedded_definitions().last()` is the form the pages are built on
//! and new returns are made with; the others (older or alternative versions,
//! such as `pdti-2023.2.json`, the 2023 template in Decree 42 terms) are
//! there to read returns that name them and to migrate between versions.
//! The order does not depend on how the names happen to sort.
//!
//! Which definitions: the native build (CLI, tests), the collector page's
//! wasm (feature `collect`) and the hosted page's on-demand full build
//! (feature `lazy-exports`, for migrating an older return) embed them all;
//! the wasm a form page runs embeds none.
//! The form is data of the page, not of its code: the page carries its
//! definition as `<script type="application/json" id="pdti-definition">`
//! (written by `pdti-page` and `pdti page`), the npm package as a module
//! beside the wasm, and `mount` is handed it. So one wasm serves every
//! definition (a province's own index needs no Rust build), and the 54 KB
//! definition (10 KB gzip) is no longer in the wasm's budget.

use std::{env, fs, path::Path};

/// The file of the current form, embedded last. Changing the current form
/// is changing this name (and the pages' tests built on it).
const CURRENT: &str = "pdti-2023.json";

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("src/forms");
    let out_dir = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    println!("cargo:rerun-if-changed={}", dir.display());
    // The native build (CLI, tests) and the collector page's wasm embed the
    // definitions; a form page is handed its definition. The full build the hosted page loads on demand (feature `lazy-exports`)
    // embeds them too, to migrate an older return (`migrateReturn`). Code
    // that reads several versions is compiled under `cfg(embeds_forms)`.
    let embeds = env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32")
        || env::var_os("CARGO_FEATURE_COLLECT").is_some()
        || env::var_os("CARGO_FEATURE_LAZY_EXPORTS").is_some();
    println!("cargo::rustc-check-cfg=cfg(embeds_forms)");
    if embeds {
        println!("cargo::rustc-cfg=embeds_forms");
    }
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
    files.push(current);
    if !embeds {
        files.clear();
    }
    let mut out = String::from(
        "/// The definitions under src/forms/ (none in a form page's wasm), \
         by file name, the current form last.\npub const EMBEDDED: &[&str] = &[\n",
    );
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: cannot read the definition: {e}", f.display()));
        let min = out_dir.join(format!("form-{i}.json"));
        fs::write(&min, minify(f, &text)).expect("OUT_DIR is writable");
        out.push_str(&format!("    include_str!({:?}),\n", min.display().to_string()));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("forms.rs"), out).expect("OUT_DIR is writable");
    migrations(&dir.join("migrations"), &out_dir);
    page_assets(&out_dir);
}

/// The hosted folder's files `pdti page --hosted` copies, beside index.html
/// (which it renders from `www/index.html`): the form page's own, not the
/// collector's (it knows only the shipped definitions).
const HOSTED: &[&str] = &["pdti.js", "pdti.css", "favicon.svg", "pkg/", "pkg-full/"];

/// `pdti page`'s files (src/page.rs), from the built pages in the folder
/// named by `PDTI_PAGE_ASSETS` (`make cli` sets it to `dist/`): the offline
/// file `pdti.html` as the template of `pdti page -o`, and the hosted files
/// of [`HOSTED`] under `web/`. Without it (a plain `cargo build`, the
/// tests), the CLI has none and `pdti page` says how to get them.
fn page_assets(out_dir: &Path) {
    println!("cargo:rerun-if-env-changed=PDTI_PAGE_ASSETS");
    let native = env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32");
    let mut out = String::from(
        "/// The offline single file the page build wrote (dist/pdti.html), if this build has it.\n\
         pub const OFFLINE: Option<&[u8]> = ",
    );
    let mut hosted = Vec::new();
    match env::var_os("PDTI_PAGE_ASSETS").filter(|_| native) {
        Some(dir) => {
            let dir = Path::new(&dir);
            let offline = dir.join("pdti.html");
            assert!(offline.is_file(), "PDTI_PAGE_ASSETS: {} is missing (run make dist first)", offline.display());
            println!("cargo:rerun-if-changed={}", offline.display());
            out.push_str(&format!("Some(include_bytes!({:?}));\n", offline.display().to_string()));
            for name in HOSTED {
                let path = dir.join("web").join(name);
                let files: Vec<_> = if name.ends_with('/') {
                    let mut f: Vec<_> = fs::read_dir(&path)
                        .unwrap_or_else(|e| panic!("PDTI_PAGE_ASSETS: {}: {e} (run make dist first)", path.display()))
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file())
                        .collect();
                    f.sort();
                    f
                } else {
                    vec![path]
                };
                for f in files {
                    assert!(f.is_file(), "PDTI_PAGE_ASSETS: {} is missing (run make dist first)", f.display());
                    println!("cargo:rerun-if-changed={}", f.display());
                    let rel = f.strip_prefix(dir.join("web")).expect("under web/").to_string_lossy().replace('\\', "/");
                    hosted.push(format!("    ({rel:?}, include_bytes!({:?})),\n", f.display().to_string()));
                }
            }
        }
        None => out.push_str("None;\n"),
    }
    out.push_str("/// The hosted form page's files but index.html: (path under the folder, bytes).\n");
    out.push_str("pub const HOSTED: &[(&str, &[u8])] = &[\n");
    out.extend(hosted);
    out.push_str("];\n");
    fs::write(out_dir.join("page_assets.rs"), out).expect("OUT_DIR is writable");
}

/// The migrations between form versions (`src/forms/migrations/*.json`,
/// read and checked by `src/migrate.rs`, in the CLI and the collector's
/// wasm; a form page's wasm has no use for them): embedded as written,
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
fn minify(path: &Path, json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("{}: the form definition is not valid JSON: {e}", path.display()));
    serde_json::to_string(&value).expect("a JSON value serialises")
}
