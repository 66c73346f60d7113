# pdti-form — the front door. Every target installs what it lacks first
# (scripts/setup.sh), so each works on a fresh machine of this kind.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
FUZZ_SECONDS ?= 10
FUZZ_RUNS ?= 10000000
CARGO ?= cargo

.PHONY: help setup lint test test-native test-wasm test-e2e test-budget test-fuzz fuzz cli bench bench-engine bench-page bench-peer bench-collect bench-collect-cli clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## install what the build and tests need (only what is missing)
	scripts/setup.sh native

lint: setup ## rustfmt and clippy (native and wasm), warnings are errors
	scripts/setup.sh web
	$(CARGO) fmt --check
	$(CARGO) fmt --check --manifest-path fuzz/Cargo.toml
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --test web -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --features lazy-exports -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --test xlsx_wasm --no-default-features --features collect-xlsx -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --no-default-features --features collect -- -D warnings
	tools/node_modules/.bin/tsc -p tools/types/tsconfig.json

test-native: setup ## native unit, golden-file and CLI tests
	$(CARGO) test --all-targets
	$(CARGO) test --doc

test-wasm: ## wasm-bindgen-test tests in headless Chromium
	scripts/setup.sh browser
	CHROMEDRIVER=/usr/bin/chromedriver $(CARGO) test --target wasm32-unknown-unknown --test web
	CHROMEDRIVER=/usr/bin/chromedriver $(CARGO) test --target wasm32-unknown-unknown --no-default-features --features collect-xlsx --test xlsx_wasm

test-e2e: dist ## end-to-end tests driving the real page in headless Chromium
	scripts/setup.sh browser
	cd tools && node --test --test-concurrency=1 e2e/

test-budget: dist ## the size budget: wasm <= 150 KB gzip, dist/pdti.html <= 170 KB gzip
	scripts/budget.sh

test-fuzz: ## a short run (FUZZ_SECONDS=10 each) of every fuzz target
	scripts/setup.sh fuzz
	scripts/fuzz.sh seconds $(FUZZ_SECONDS)

fuzz: ## every fuzz target for FUZZ_RUNS inputs (10 million; about 3 hours, most of it the legacy import)
	scripts/setup.sh fuzz
	scripts/fuzz.sh runs $(FUZZ_RUNS)

test: lint test-native test-fuzz test-wasm test-e2e test-budget ## every test, real browser included, and the size budget
	@echo "make test: all suites passed"

# The CLI carries the built pages (`pdti page`, src/page.rs): built after them.
cli: setup dist ## build the pdti command line (target/cli/pdti), with the built pages for `pdti page`
	PDTI_PAGE_ASSETS=$(CURDIR)/dist $(CARGO) build --profile cli --bin pdti
	@echo "built target/cli/pdti"

bench: bench-engine bench-page bench-peer bench-collect ## every benchmark (figures printed, nothing asserted)

bench-engine: setup ## criterion benchmarks of the engine (medians printed)
	$(CARGO) bench --bench engine

bench-page: dist ## browser benchmark: sizes, load time, keystroke latency
	scripts/setup.sh browser
	node tools/bench-page.mjs dist/web

bench-collect: dist ## the collector: 40 returns dropped → table (browser), then 4,000 returns → .xlsx by the CLI (time, peak memory)
	scripts/setup.sh browser
	node tools/bench-collect.mjs
	CARGO_TARGET_DIR=$(or $(CARGO_TARGET_DIR),target) tools/bench-collect-cli.sh

bench-collect-cli: setup ## 4,000 returns added up into an .xlsx by the release CLI (wall time, peak memory)
	CARGO_TARGET_DIR=$(or $(CARGO_TARGET_DIR),target) tools/bench-collect-cli.sh

bench-peer: dist ## side by side with the same form in SurveyJS (table with ratios)
	scripts/setup.sh browser
	node tools/bench-side-by-side.mjs $(if $(MARKDOWN),--markdown)

clean: ## remove build output
	$(CARGO) clean
	rm -rf dist

# ---- the page -------------------------------------------------------------
WASM_TARGET := $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown/release/pdti_form.wasm
PKG := target/web-pkg
PKG_FULL := target/web-pkg-full
PKG_SINGLE := target/web-pkg-single
PKG_NPM := target/web-pkg-npm
PKG_COLLECT := target/web-pkg-collect
PKG_COLLECT_XLSX := target/web-pkg-collect-xlsx
WASM_OPT := tools/node_modules/.bin/wasm-opt
ESBUILD := tools/node_modules/.bin/esbuild --minify --log-level=warning
# Panic locations in the wasm name library files from the registry, not from
# this machine's home directory: the same wasm whoever builds it.
WASM_RUSTFLAGS := --remap-path-prefix=$(or $(CARGO_HOME),$(HOME)/.cargo)/registry/src/=
WEB_SOURCES := $(shell find src -name '*.rs' -o -name '*.json') build.rs Cargo.toml Cargo.lock

.PHONY: web run dist screenshots

# Four builds of the form page's wasm: the hosted page's main one without
# the old template's import and the printed document (`--no-default-features`:
# lean, what every visitor loads); the full one (both included, with the
# exports the lean one calls) that the hosted page loads only when someone
# imports, prints or opens a return of an older form version (it embeds the
# shipped definitions and migrations for that); the same full build without
# those exports, which the offline file runs in-process; and that one with
# the portal's events (feature `portal`), the npm package's. The three that
# run the form embed no definition: the page hands it over (build.rs).
# wasm-opt: -Oz; --low-memory-unused (Rust's wasm uses the low 1 KB only as
# the deepest end of its stack). The two builds under a size budget (the
# hosted page's lean wasm, the offline file's) also go through binaryen's
# flatten + rereloop first: 1.6-1.8 KB gzip smaller, about 40 s more each
# (README, "Measured").
WASM_OPT_FLAGS := -Oz --converge --low-memory-unused
WASM_OPT_SMALLEST := --flatten --rereloop -Oz -Oz --converge --low-memory-unused
# The offline file's wasm: one -Oz after rereloop is 0.2 KB smaller there
# (and 0.1 KB larger on the lean wasm), measured on both.
WASM_OPT_OFFLINE := --flatten --rereloop -Oz --converge --low-memory-unused

define wasm_pkg
	scripts/setup.sh web
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$(WASM_RUSTFLAGS)" $(CARGO) build --lib --release --target wasm32-unknown-unknown $(1)
	rm -rf $(2) && mkdir -p $(2)
	wasm-bindgen --target web --no-typescript --out-dir $(2) $(WASM_TARGET)
	$(WASM_OPT) $(or $(3),$(WASM_OPT_FLAGS)) $(2)/pdti_form_bg.wasm -o $(2)/pdti_form_bg.wasm
	$(ESBUILD) $(2)/pdti_form.js --outfile=$(2)/pdti_form.js --allow-overwrite
	@scripts/sizes.sh $(2)/pdti_form_bg.wasm $(2)/pdti_form.js
endef

$(PKG)/pdti_form_bg.wasm: $(WEB_SOURCES)
	$(call wasm_pkg,--no-default-features,$(PKG),$(WASM_OPT_SMALLEST))

$(PKG_FULL)/pdti_form_bg.wasm: $(WEB_SOURCES) $(PKG)/pdti_form_bg.wasm
	$(call wasm_pkg,--features lazy-exports,$(PKG_FULL))

$(PKG_SINGLE)/pdti_form_bg.wasm: $(WEB_SOURCES) $(PKG_FULL)/pdti_form_bg.wasm
	$(call wasm_pkg,--no-default-features --features full,$(PKG_SINGLE),$(WASM_OPT_OFFLINE))

# The npm package's: the offline file's build with the portal's events.
$(PKG_NPM)/pdti_form_bg.wasm: $(WEB_SOURCES) $(PKG_SINGLE)/pdti_form_bg.wasm
	$(call wasm_pkg,,$(PKG_NPM))

# The collector page's own builds: ranking and totals (collect.html loads
# it), and the same with the Excel workbook (collect.html loads it on the
# first export; the offline pdti-collect.html runs it).
$(PKG_COLLECT)/pdti_form_bg.wasm: $(WEB_SOURCES) $(PKG_SINGLE)/pdti_form_bg.wasm
	$(call wasm_pkg,--no-default-features --features collect,$(PKG_COLLECT))

$(PKG_COLLECT_XLSX)/pdti_form_bg.wasm: $(WEB_SOURCES) $(PKG_COLLECT)/pdti_form_bg.wasm
	$(call wasm_pkg,--no-default-features --features collect-xlsx,$(PKG_COLLECT_XLSX))

web: $(PKG)/pdti_form_bg.wasm $(PKG_FULL)/pdti_form_bg.wasm $(PKG_COLLECT)/pdti_form_bg.wasm $(PKG_COLLECT_XLSX)/pdti_form_bg.wasm ## build the hosted pages into dist/web/ (the form, and the collector's collect.html)
	rm -rf dist/web && mkdir -p dist/web/pkg dist/web/pkg-full dist/web/pkg-collect dist/web/pkg-collect-xlsx
	$(CARGO) run --quiet --profile cli --bin pdti-page -- www/index.html > dist/web/index.html
	$(ESBUILD) www/pdti.css --outfile=dist/web/pdti.css
	$(ESBUILD) www/pdti.js --outfile=dist/web/pdti.js
	cp www/favicon.svg dist/web/
	cp $(PKG)/pdti_form.js $(PKG)/pdti_form_bg.wasm pkg-config/pdti_form.d.ts dist/web/pkg/
	cp $(PKG_FULL)/pdti_form.js $(PKG_FULL)/pdti_form_bg.wasm dist/web/pkg-full/
	cp www/collect.html dist/web/
	$(ESBUILD) www/collect.css --outfile=dist/web/collect.css
	$(ESBUILD) www/collect.js --outfile=dist/web/collect.js
	cp $(PKG_COLLECT)/pdti_form.js $(PKG_COLLECT)/pdti_form_bg.wasm dist/web/pkg-collect/
	cp $(PKG_COLLECT_XLSX)/pdti_form.js $(PKG_COLLECT_XLSX)/pdti_form_bg.wasm dist/web/pkg-collect-xlsx/

dist: web $(PKG_SINGLE)/pdti_form_bg.wasm $(PKG_NPM)/pdti_form_bg.wasm ## dist/web/ (hosted), dist/pdti.html and dist/pdti-collect.html (offline), dist/npm/ (package), dist/portal/ (example)
	node tools/build-single.mjs pkg-config/single-file.json
	node tools/build-single.mjs pkg-config/single-collect.json
	node tools/build-npm.mjs
	rm -rf dist/portal && cp -r www/portal dist/portal
	cd dist/npm && npm pack --silent --pack-destination .. > /dev/null
	@scripts/sizes.sh dist/web/index.html dist/web/pkg/pdti_form_bg.wasm dist/web/pkg/pdti_form.js dist/web/pkg-full/pdti_form_bg.wasm dist/web/pdti.css dist/pdti.html dist/web/pkg-collect/pdti_form_bg.wasm dist/web/pkg-collect-xlsx/pdti_form_bg.wasm dist/pdti-collect.html dist/npm/pdti-form.js dist/pdti-form-*.tgz

screenshots: dist ## README pictures of the real page: desktop, phone, print (docs/screenshots/)
	scripts/setup.sh browser
	command -v pdftoppm >/dev/null || (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null)
	node tools/screenshots.mjs docs/screenshots

run: web ## build and serve the page on 127.0.0.1 (PORT=8080)
	node tools/serve.mjs dist/web --port $(PORT)
