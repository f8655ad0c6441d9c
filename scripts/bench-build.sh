#!/usr/bin/env bash
# Benchmark of `bulletin build 12` on the sample series: whole-process wall
# time (median of N runs), peak memory, PDF size and binary size.
#
#   scripts/bench-build.sh [RUNS]        (default 20; needs GNU time: apt-get install time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
cargo build --release --quiet
bin="$PWD/target/release/bulletin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r bulletin.yaml bulletins "$work/"
cd "$work"
"$bin" build 12 --ignore-system-fonts 2>/dev/null   # warm the page cache

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" build 12 --ignore-system-fonts 2>/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
peak_kb=$(/usr/bin/time -f '%M' "$bin" build 12 --ignore-system-fonts 2>&1 >/dev/null | tail -n 1)

printf 'bulletin build 12, %d runs\n' "$runs"
awk -v med="$median" -v min="${sorted[0]}" -v max="${sorted[-1]}" -v kb="$peak_kb" 'BEGIN {
  printf "  wall time   median %.1f ms, min %.1f ms, max %.1f ms\n", med / 1000, min / 1000, max / 1000
  printf "  peak memory %.1f MB\n", kb / 1024
}'
printf '  PDF size    %d bytes (%d pages)\n' "$(stat -c %s out/12.pdf)" "$(pdfinfo out/12.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')"
printf '  binary      %d bytes\n' "$(stat -c %s "$bin")"
