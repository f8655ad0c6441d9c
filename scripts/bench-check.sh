#!/usr/bin/env bash
# Benchmark: `bulletin check --all` on a synthetic series of N issues (500 by
# default), each a copy of the sample issue 12 (six items), numbered 1..N and
# dated one day apart. Prints the time of each run and the median.
#
#   scripts/bench-check.sh [ISSUES] [RUNS]
#
# Not a test: it only measures. It uses the release binary, building it if
# needed, and bundled fonts only, so the figure does not depend on the fonts
# of the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
issues=${1:-500}
runs=${2:-5}

cargo build --release --quiet
bin=$PWD/target/release/bulletin

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp bulletin.yaml "$dir/"
start=$(date -d 2021-01-01 +%s)
for n in $(seq 1 "$issues"); do
  issue_dir="$dir/bulletins/$n"
  mkdir -p "$issue_dir"
  issue_date=$(date -u -d "@$((start + n * 86400))" +%F)
  item_date=$(date -u -d "@$((start + (n - 1) * 86400))" +%F)
  printf 'number: %d\ndate: %s\n' "$n" "$issue_date" > "$issue_dir/issue.yaml"
  for item in bulletins/12/*.md; do
    sed "s/^date: .*/date: $item_date/" "$item" > "$issue_dir/$(basename "$item")"
  done
done
files=$(find "$dir/bulletins" -type f | wc -l)
bytes=$(du -sb "$dir/bulletins" | cut -f1)
echo "series: $issues issues, $files files, $bytes bytes in $dir"

# The sample's items open with the date of issue 12 in their text; the
# rewritten dates make W-DATE-BODY fire where they do, which is work the
# check has to do anyway. Exit code 0 or 1 is fine here.
times=()
for i in $(seq 1 "$runs"); do
  t0=$(date +%s.%N)
  (cd "$dir" && "$bin" check --all --ignore-system-fonts >/dev/null 2>"$dir/.stderr") || true
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l)
  times+=("$t")
  printf 'run %d: %.3f s\n' "$i" "$t"
done
tail -n 1 "$dir/.stderr"
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'median of %d runs: %.3f s (%d issues)\n' "$runs" "$median" "$issues"
