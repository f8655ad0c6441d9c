#!/usr/bin/env bash
# Benchmark: `bulletin import` of a 30-page report with 10 photos (a .docx
# made by scripts/make-report-docx.py with python-docx: 30 pages of
# paragraphs, headings, a table and ten 1600×1200 JPEG photos), and of a
# document of 20 MiB (the same, with photos of about 2 MiB each). Prints the
# time of each run, the median, and the peak memory (GNU time's maximum
# resident set size).
#
#   scripts/bench-import.sh [RUNS]
#
# Not a test: it only measures. Needs python-docx (pip install python-docx)
# and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}

cargo build --release --quiet
bin=$PWD/target/release/bulletin

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 scripts/make-report-docx.py "$dir/report.docx" 30 10 small
python3 scripts/make-report-docx.py "$dir/large.docx" 30 10 large

for doc in report large; do
  size=$(stat -c %s "$dir/$doc.docx")
  echo "$doc.docx: $size bytes"
  times=()
  for run in $(seq 1 "$runs"); do
    project="$dir/project-$doc-$run"
    mkdir -p "$project"
    cp -r examples/minimal/bulletin.yaml examples/minimal/bulletins "$project/"
    /usr/bin/time -o "$dir/time" -f '%e %M' "$bin" -C "$project" import "$dir/$doc.docx" 2>/dev/null
    out=$(tail -n 1 "$dir/time")
    seconds=${out% *}
    kib=${out#* }
    echo "  run $run: ${seconds} s, ${kib} KiB peak"
    times+=("$seconds")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "  median: ${median} s"
done
