#!/usr/bin/env bash
# The collecting office's workbook at scale: 4,000 returns (the complete
# fixture under 4,000 agency names, with 3.1.1 varied so that the totals and
# ranks differ and six in seven returns get a warning), added up by the
# release CLI into an .xlsx, beside the JSON and text outputs of the same
# run; prints wall time and peak memory (GNU time). A benchmark: figures
# printed, nothing asserted.
#   tools/bench-collect-cli.sh [N]      N returns (default 4000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-4000}"
target="${CARGO_TARGET_DIR:-target}"
if [ ! -x /usr/bin/time ]; then
  echo "bench-collect-cli: installing Debian's time (GNU time, for peak memory)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq time >/dev/null
fi
cargo build --quiet --profile cli --bin pdti
pdti="$target/cli/pdti"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One file per return, deterministic: agency "Sở thử nghiệm K", 3.1.1 = 43 + K mod 7.
awk -v n="$n" -v dir="$work" '
  { lines[NR] = $0 }
  END {
    for (k = 1; k <= n; k++) {
      out = sprintf("%s/r%05d.json", dir, k); v = 43 + k % 7; in311 = 0
      for (i = 1; i <= NR; i++) {
        l = lines[i]
        if (l ~ /"name": "Sở Tư pháp"/) sub(/Sở Tư pháp/, "Sở thử nghiệm " k, l)
        if (l ~ /"3\.1\.1": \{/) in311 = 2
        else if (in311 > 0 && l ~ /"input": "43"/) { sub(/"43"/, "\"" v "\"", l); in311-- }
        else if (in311 > 0 && l ~ /"value": 43/) { sub(/43/, v, l); in311-- }
        print l > out
      }
      close(out)
    }
  }' tests/fixtures/complete-return.json
echo "bench-collect-cli: $n returns, $(du -sh "$work" | cut -f1) of JSON"

run() { # label, then the pdti arguments
  local label="$1"; shift
  local status=0
  /usr/bin/time -f "%e s %M KB" -o "$work/time" "$pdti" "$@" "$work"/r*.json >/dev/null || status=$?
  printf '  %-32s %s (exit %s)\n' "$label" "$(cat "$work/time")" "$status"
}
run "aggregate --format json" aggregate --format json
run "aggregate --format text" aggregate
run "aggregate --format xlsx" aggregate --format xlsx -o "$work/tong-hop.xlsx"
echo "  workbook: $(stat -c %s "$work/tong-hop.xlsx") bytes"
