//! The `pdti` command: batch validation, legacy import and the JSON Schema.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = pdti_form::cli::run(&args, &mut std::io::stdin(), &mut out, &mut std::io::stderr());
    drop(out);
    std::process::exit(code);
}

/// The command line is native only; the wasm build of the crate has no `pdti`.
#[cfg(target_arch = "wasm32")]
fn main() {}
