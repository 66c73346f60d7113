//! The `pdti` command: batch validation, legacy import and the JSON Schema.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Arguments as the system gives them: a file name need not be UTF-8.
    let args = std::env::args_os().skip(1);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = pdti_form::cli::run(args, &mut std::io::stdin(), &mut out, &mut std::io::stderr());
    // `run` flushed what it wrote and reported a failure; whatever is still
    // buffered after a failed write is dropped, not written a second time.
    let _unwritten = out.into_parts();
    std::process::exit(code);
}

/// The command line is native only; the wasm build of the crate has no `pdti`.
#[cfg(target_arch = "wasm32")]
fn main() {}
