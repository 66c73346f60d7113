#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ one after another and prints, for each,
# how many inputs it ran and whether it found a crash (which fails the script;
# the crashing input is kept under fuzz/artifacts/<target>/ to reproduce with
# `cargo fuzz run <target> <file>`).
#   scripts/fuzz.sh seconds 10        each target for 10 s (the short run in `make test`)
#   scripts/fuzz.sh runs 10000000     each target for 10 million inputs (`make fuzz`)
#   scripts/fuzz.sh runs 1000 expr_parser   one target only
# Grown corpora live in target/fuzz-corpus/ (not committed); the seeds in
# fuzz/seeds/ are. Logs: target/fuzz-logs/<target>-<mode>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-seconds}" amount="${2:-10}"
shift 2 || true
targets=("${@:-value_parser expr_parser return_import legacy_import definition}")
read -r -a targets <<< "${targets[*]}"

case "$mode" in
  seconds) limit=(-max_total_time="$amount") ;;
  runs) limit=(-runs="$amount") ;;
  *) echo "usage: scripts/fuzz.sh seconds|runs AMOUNT [target…]" >&2; exit 2 ;;
esac

# Per target: the longest input tried and a dictionary of its words.
declare -A extra=(
  [value_parser]="-max_len=256 -dict=dict/value.dict"
  [expr_parser]="-max_len=1024 -dict=dict/expr.dict"
  [return_import]="-max_len=8192"
  [legacy_import]="-max_len=2048"
  [definition]="-max_len=4096 -dict=dict/definition.dict"
)

mkdir -p target/fuzz-logs
(cd fuzz && cargo fuzz build --sanitizer none --release 2>&1 | grep -E '^(error|warning)' -A5 || true)
status=0
for t in "${targets[@]}"; do
  mkdir -p "target/fuzz-corpus/$t"
  log="target/fuzz-logs/$t-$mode.log"
  # shellcheck disable=SC2086
  if (cd fuzz && cargo fuzz run --sanitizer none --release "$t" "../target/fuzz-corpus/$t" "seeds/$t" -- \
      "${limit[@]}" ${extra[$t]} -print_final_stats=1 >"../$log" 2>&1); then
    runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
    secs=$(awk '/^Done [0-9]+ runs in/ {print $5}' "$log")
    printf 'fuzz %-14s %12s inputs in %5s s, no crash\n' "$t" "${runs:-?}" "${secs:-?}"
  elif grep -aq 'run interrupted' "$log"; then
    status=1
    runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
    printf 'fuzz %-14s %12s inputs, interrupted before the end, no crash\n' "$t" "${runs:-?}"
  else
    status=1
    printf 'fuzz %-14s CRASH — see %s and fuzz/artifacts/%s/\n' "$t" "$log" "$t"
    grep -E 'panicked|ERROR|SUMMARY' "$log" | head -5
  fi
done
exit "$status"
