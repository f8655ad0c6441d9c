#!/usr/bin/env bash
# Benchmark of `bulletin archive` on a synthetic series (default 500 issues of
# 6 items): full build (time, peak memory), no-op rebuild, rebuild after
# touching one item, and `bulletin build N` once per issue in a shell loop;
# the size of the index page and of the filter's text (search.js).
#
#   scripts/bench-archive.sh [ISSUES]      (needs GNU time: apt-get install time)
set -euo pipefail
cd "$(dirname "$0")/.."
issues="${1:-500}"
cargo build --release --quiet
bin="$PWD/target/release/bulletin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/synth-series.py "$work" "$issues" >/dev/null
cd "$work"

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

t0=$(date +%s%N)
peak_kb=$(/usr/bin/time -f '%M' "$bin" archive --ignore-system-fonts 2>&1 >/dev/null | tail -n 1)
t1=$(date +%s%N)
index_bytes=$(stat -c %s site/index.html)
search_bytes=$(stat -c %s site/search.js)
"$bin" archive --ignore-system-fonts 2>/dev/null
t2=$(date +%s%N)
echo "本段为修改。" >> "bulletins/$(( issues / 2 ))/03-"*.md
"$bin" archive --ignore-system-fonts 2>/dev/null
t3=$(date +%s%N)
for n in $(seq "$issues"); do "$bin" build "$n" --ignore-system-fonts --out loop 2>/dev/null; done
t4=$(date +%s%N)

full=$(seconds "$t0" "$t1")
loop=$(seconds "$t3" "$t4")
printf 'bulletin archive, %d issues × 6 items, %d cores\n' "$issues" "$(nproc)"
printf '  full build          %s s, peak memory %.0f MB\n' "$full" "$(awk -v kb="$peak_kb" 'BEGIN { print kb / 1024 }')"
printf '  no-op rebuild       %s s\n' "$(seconds "$t1" "$t2")"
printf '  one item touched    %s s\n' "$(seconds "$t2" "$t3")"
printf '  build N in a loop   %s s (%.1f× the archive)\n' "$loop" "$(awk -v a="$loop" -v b="$full" 'BEGIN { print a / b }')"
printf '  index.html          %.0f KB; search.js %.0f KB, loaded when the filter is first used\n' \
  "$(awk -v b="$index_bytes" 'BEGIN { print b / 1024 }')" "$(awk -v b="$search_bytes" 'BEGIN { print b / 1024 }')"
