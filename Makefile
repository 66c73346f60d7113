# pdti-form — the front door. Every target installs what it lacks first
# (scripts/setup.sh), so each works on a fresh machine of this kind.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
CARGO ?= cargo

.PHONY: help setup lint test test-native cli bench-engine clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## install what the build and tests need (only what is missing)
	scripts/setup.sh native

lint: setup ## rustfmt and clippy, warnings are errors
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

test-native: setup ## native unit, golden-file and CLI tests
	$(CARGO) test --all-targets
	$(CARGO) test --doc

test: lint test-native ## every test
	@echo "make test: all suites passed"

cli: setup ## build the pdti command line (target/cli/pdti)
	$(CARGO) build --profile cli --bin pdti
	@echo "built target/cli/pdti"

bench-engine: setup ## criterion benchmarks of the engine (medians printed)
	$(CARGO) bench --bench engine

clean: ## remove build output
	$(CARGO) clean
	rm -rf dist
