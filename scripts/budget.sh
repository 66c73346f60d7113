#!/usr/bin/env bash
# The size budget of what the page ships, gzip -9 (as served): fails, with
# the figures, when a file is over its budget or missing.
#
#   scripts/budget.sh                      the built files (after `make dist`)
#   scripts/budget.sh WASM HTML            other files (the script's own test)
#
# Budgets in bytes (1 KB = 1,000 B), overridable: WASM_BUDGET (150,000), HTML_BUDGET (170,000,
# the offline single file dist/pdti.html).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

WASM_BUDGET=${WASM_BUDGET:-150000}
HTML_BUDGET=${HTML_BUDGET:-170000}
wasm=${1:-$root/dist/web/pkg/pdti_form_bg.wasm}
html=${2:-$root/dist/pdti.html}

status=0
check() { # FILE BUDGET
  local file=$1 budget=$2 raw gz
  if [[ ! -f $file ]]; then
    printf 'budget: %s is missing (run make dist)\n' "$file" >&2
    status=1
    return
  fi
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  if (( gz > budget )); then
    printf 'budget: %-36s %8d B raw %8d B gzip > %d B budget: OVER by %d B\n' \
      "$file" "$raw" "$gz" "$budget" $((gz - budget)) >&2
    status=1
  else
    printf 'budget: %-36s %8d B raw %8d B gzip <= %d B budget (%d B to spare)\n' \
      "$file" "$raw" "$gz" "$budget" $((budget - gz))
  fi
}
check "$wasm" "$WASM_BUDGET"
check "$html" "$HTML_BUDGET"
exit "$status"
