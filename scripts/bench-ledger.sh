#!/usr/bin/env bash
# Benchmark: `bulletin ledger` on a synthetic series (scripts/synth-series.py,
# 500 weekly issues of 6 items by default: 2500 inspections and 500
# meetings), each output format, RUNS runs each; prints each format's median
# and, beside it, `check --all` on the same series, since the ledger reads
# exactly what check reads.
#
#   scripts/bench-ledger.sh [ISSUES] [RUNS]   (needs GNU time: apt-get install time)
#
# Not a test: it only measures. Bundled fonts only, so the figure does not
# depend on the fonts of the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
issues=${1:-500}
runs=${2:-5}

cargo build --release --quiet
bin=$PWD/target/release/bulletin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/synth-series.py "$work" "$issues" >/dev/null
cd "$work"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Wall time, and the CPU time (user + system) beside it: on a machine that
# other jobs share, the wall time waits for the CPU, the CPU time does not.
measure() { # label, then the command
  local label=$1; shift
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S' -o "$work/.time" "$@" >/dev/null 2>"$work/.stderr" || true
    read -r wall user sys < "$work/.time"
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  printf '  %-22s median %.2f s wall, %.2f s CPU  (wall: %s; CPU: %s)\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "${walls[*]}" "${cpus[*]}"
}

printf 'bulletin ledger, %d issues × 6 items, %d cores, load average %s\n' "$issues" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
measure "ledger (table)" "$bin" ledger --ignore-system-fonts
measure "ledger --format csv" "$bin" ledger --ignore-system-fonts --format csv
measure "ledger --format json" "$bin" ledger --ignore-system-fonts --format json
measure "ledger --format html" "$bin" ledger --ignore-system-fonts --format html
measure "ledger -o ledger.xlsx" "$bin" ledger --ignore-system-fonts -o ledger.xlsx
measure "check --all" "$bin" check --all --ignore-system-fonts
"$bin" ledger --ignore-system-fonts | sed -n 2,3p
