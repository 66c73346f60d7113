#!/usr/bin/env bash
# Installs what the build and the tests need, only what is missing, so a
# second run takes a second. Safe to run again at any time.
#   scripts/setup.sh native   Rust toolchain pieces for the CLI and native tests
#   scripts/setup.sh web      + wasm target, wasm-bindgen-cli, npm tools (wasm-opt, esbuild)
#   scripts/setup.sh browser  + Debian's chromium and chromedriver (headless tests)
#   scripts/setup.sh fuzz     cargo-fuzz (libFuzzer) for the fuzz targets in fuzz/
set -euo pipefail
cd "$(dirname "$0")/.."
level="${1:-browser}"
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

need_rust() {
  command -v cargo >/dev/null || { echo "setup: cargo is missing; this machine kind ships Rust via rustup" >&2; exit 1; }
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || { say "adding clippy"; rustup component add clippy; }
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || { say "adding rustfmt"; rustup component add rustfmt; }
}

need_web() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
  # wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly.
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (about 3 minutes, once)"
    cargo install wasm-bindgen-cli --version "=$want" --locked 2>/dev/null \
      || cargo install wasm-bindgen-cli --version "=$want"
  fi
  if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.stamp ]; then
    say "installing npm tools (binaryen's wasm-opt, esbuild, playwright-core, axe-core)"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error) && touch tools/node_modules/.stamp
  fi
}

need_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

# cargo-fuzz, pinned; it runs on the stable toolchain with --sanitizer none.
CARGO_FUZZ_VERSION=0.13.1
need_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes, once)"
    cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked 2>/dev/null \
      || cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION"
  fi
}

need_rust
case "$level" in
  native) ;;
  web) need_web ;;
  browser) need_web; need_browser ;;
  fuzz) need_fuzz ;;
  *) echo "usage: scripts/setup.sh [native|web|browser|fuzz]" >&2; exit 2 ;;
esac
