#!/usr/bin/env bash
# Benchmark of the Word file: `bulletin build 12 --format pdf,docx` against
# `--format pdf` alone, on the sample series. The two run in turn, pair by
# pair, and each pair's ratio is taken, so a drift in the machine's speed
# cancels out. Prints the median wall time of each, the median ratio (the
# target is at most 1.30), the peak memory of each (GNU time) and the size
# of the Word file.
#
#   scripts/bench-docx.sh [PAIRS]     (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-20}"
repo="$PWD"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
bin="$repo/target/release/bulletin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r bulletin.yaml bulletins "$work/"
cd "$work"
export BULLETIN_IGNORE_SYSTEM_FONTS=true SOURCE_DATE_EPOCH=1615939200
"$bin" build 12 --format pdf,docx 2>/dev/null   # also warms the page cache

now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >a; : >b; : >r
for _ in $(seq "$pairs"); do
  s=$(now_us); "$bin" build 12 --format pdf 2>/dev/null; x=$(( $(now_us) - s ))
  s=$(now_us); "$bin" build 12 --format pdf,docx 2>/dev/null; y=$(( $(now_us) - s ))
  echo "$x" >>a; echo "$y" >>b
  awk -v x="$x" -v y="$y" 'BEGIN { printf "%.4f\n", y / x }' >>r
done
echo "bulletin build 12, $(nproc) cores, median of $pairs pairs"
printf '  --format pdf        %7.1f ms\n' "$(median <a | awk '{print $1 / 1000}')"
printf '  --format pdf,docx   %7.1f ms\n' "$(median <b | awk '{print $1 / 1000}')"
printf '  ratio               %7.3f (target at most 1.30)\n' "$(median <r)"

peak() { /usr/bin/time -f '%M' "$bin" build 12 --format "$1" 2>&1 >/dev/null | tail -1; }
echo "peak memory (max RSS, median of 5):"
for f in pdf pdf,docx; do
  for _ in 1 2 3 4 5; do peak "$f"; done | median | awk -v f="$f" '{ printf "  --format %-10s %7.1f MiB\n", f, $1 / 1024 }'
done
printf 'Word file: %d bytes; PDF: %d bytes\n' "$(stat -c %s out/12.docx)" "$(stat -c %s out/12.pdf)"
