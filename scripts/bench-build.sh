#!/usr/bin/env bash
# Benchmark of `bulletin build 12` on the sample series, side by side with
# `typst compile` of the same template, data and fonts: bulletin writes the
# files its Typst World serves (`--typst-files`), and typst-cli compiles them
# with the bundled fonts only. The two run in turn, pair by pair, and each
# pair's ratio is taken, so a drift in the machine's speed cancels out.
# Prints, for PDF, PNG pages and SVG pages: the median wall time of each and
# the median ratio bulletin/typst; then peak memory, PDF size and binary size.
#
#   scripts/bench-build.sh [PAIRS]     (default 30)
#
# Needs GNU time (apt-get install time) and typst-cli 0.15 on PATH, or in
# $TYPST: cargo install typst-cli --version 0.15.1 --locked
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-30}"
repo="$PWD"
typst="${TYPST:-typst}"
command -v "$typst" >/dev/null || {
  echo "typst-cli not found: cargo install typst-cli --version 0.15.1 --locked, or set TYPST" >&2
  exit 2
}
cargo build --release --quiet
bin="$repo/target/release/bulletin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r bulletin.yaml bulletins "$work/"
cd "$work"
export BULLETIN_IGNORE_SYSTEM_FONTS=true SOURCE_DATE_EPOCH=1615939200
"$bin" build 12 --typst-files typst-in 2>/dev/null   # also warms the page cache
root="$work/typst-in/12"
main="$root/templates/bulletin.typ"
typst_args=(--root "$root" --font-path "$repo/assets/fonts" --ignore-system-fonts)
if "$typst" compile --help | grep -q -- --ignore-embedded-fonts; then
  typst_args+=(--ignore-embedded-fonts)
fi
mkdir -p t
"$typst" compile "${typst_args[@]}" "$main" t/12.pdf
echo "pages: bulletin $(pdfinfo out/12.pdf | awk '/^Pages:/ {print $2}'), typst $(pdfinfo t/12.pdf | awk '/^Pages:/ {print $2}')"

now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# compare LABEL "BULLETIN ARGS" "TYPST OUTPUT ARGS"
compare() {
  local label="$1" ours="$2" theirs="$3" a b s
  : >"$work/a" ; : >"$work/b" ; : >"$work/r"
  for _ in $(seq "$pairs"); do
    s=$(now_us); "$bin" build 12 $ours 2>/dev/null; a=$(( $(now_us) - s ))
    s=$(now_us); "$typst" compile "${typst_args[@]}" "$main" $theirs; b=$(( $(now_us) - s ))
    echo "$a" >>"$work/a"; echo "$b" >>"$work/b"
    awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f\n", a / b }' >>"$work/r"
  done
  printf '  %-4s bulletin %7.1f ms   typst %7.1f ms   ratio %.2f (median of %d pairs)\n' "$label" \
    "$(median <"$work/a" | awk '{print $1 / 1000}')" "$(median <"$work/b" | awk '{print $1 / 1000}')" \
    "$(median <"$work/r")" "$pairs"
}

echo "bulletin build 12 against typst compile, $(nproc) cores"
compare PDF "" "t/12.pdf"
compare PNG "--format png --dpi 150" "t/12-{p}.png --ppi 150"
compare SVG "--format svg" "t/12-{p}.svg"

peak_kb=$(/usr/bin/time -f '%M' "$bin" build 12 2>&1 >/dev/null | tail -n 1)
typst_kb=$(/usr/bin/time -f '%M' "$typst" compile "${typst_args[@]}" "$main" t/12.pdf 2>&1 >/dev/null | tail -n 1)
printf '  peak memory  bulletin %.1f MB, typst %.1f MB\n' "$(echo "$peak_kb / 1024" | bc -l)" "$(echo "$typst_kb / 1024" | bc -l)"
printf '  PDF size     %d bytes\n' "$(stat -c %s out/12.pdf)"
printf '  binary       %d bytes\n' "$(stat -c %s "$bin")"
