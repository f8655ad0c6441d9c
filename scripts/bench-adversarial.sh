#!/usr/bin/env bash
# Worst case of `bulletin build` on adversarial items: each body fills an
# item of about 1 MiB (the file size limit) in one hostile way, and is either
# built or refused with a located error; the last cases are the largest
# items the limits let through, which must build. Prints each case's outcome, wall
# time and peak memory (GNU time), then the worst; the bound to hold is
# 5 s and 500 MB per item (issue 14). On a busy machine the CPU time (user +
# system) is the steadier figure; wall time is what a writer waits.
#
#   scripts/bench-adversarial.sh [CASE...]   (default: every case; needs GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/bulletin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r examples/minimal/bulletin.yaml examples/minimal/bulletins "$work/"

# Each case prints a body of about 1 MiB - 100 bytes on standard output.
python_case() {
  python3 - "$1" <<'EOF'
import sys
size = (1 << 20) - 100
case = sys.argv[1]
def fill(unit):
    return (unit * (size // len(unit.encode()) + 1)).encode()[:size].decode(errors="ignore")
def paragraphs(unit, chars):
    par = (unit * (chars // len(unit) + 1))[:chars] + "\n\n"
    return fill(par)
bodies = {
    "words-one-paragraph": lambda: fill("a "),
    "words-paragraphs": lambda: paragraphs("a ", 19_000),
    "han-one-paragraph": lambda: fill("一"),
    "han-paragraphs": lambda: paragraphs("一", 19_000),
    "han-short-paragraphs": lambda: fill("一二三四五六七八九十。\n\n"),
    "comma-runs": lambda: fill("a" + "，" * 999 + " "),
    "letters-runs": lambda: fill("x" * 999 + " "),
    "one-char-paragraphs": lambda: fill("a\n\n"),
    "strong-emph": lambda: fill("**一*二*三**"),
    "headings": lambda: fill("# 标题\n"),
    "nested-lists": lambda: fill("".join("  " * d + "- 项\n" for d in range(24))),
    "nested-quotes": lambda: fill(">" * 24 + " 引\n\n"),
    "hard-breaks": lambda: fill("一\\\n"),
    "mixed-scripts": lambda: fill("中文English混排123，؟עברית한국어"),
    "entities": lambda: fill("&#20013;&amp;&#x4E2D;"),
    "punctuation": lambda: fill("“《（【——……》”）】"),
    # The largest items that pass the limits (E-LIMIT-*), which must build.
    "words-at-limits": lambda: (("a " * 2450) + "\n\n") * 12,
    "han-at-limits": lambda: (("一" * 4900) + "\n\n") * 12,
    "blocks-at-limits": lambda: "一二三\n\n" * 2900,
    "quotes-at-limits": lambda: (">" * 24 + " 引\n\n") * 120,
}
if case == "list":
    print(" ".join(bodies))
else:
    sys.stdout.write(bodies[case]())
EOF
}

cases=("$@")
if ((${#cases[@]} == 0)); then
  read -r -a cases <<<"$(python_case list)"
fi

cd "$work"
printf '%-22s %-28s %9s %9s %10s\n' case outcome "wall (s)" "cpu (s)" "peak (MB)"
worst_time=0 worst_time_case="" worst_mem=0 worst_mem_case=""
for case in "${cases[@]}"; do
  { printf -- '---\ntitle: 会议\ndate: 2024-05-20\n---\n'; python_case "$case"; } >bulletins/1/02-case.md
  rm -rf out
  set +e
  /usr/bin/time -f '%e %U %S %M' -o time.txt "$bin" build 1 --ignore-system-fonts >/dev/null 2>err.txt
  code=$?
  set -e
  read -r secs user sys kb < <(tail -n 1 time.txt)
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  case "$code" in
    0) outcome="built, $(pdfinfo out/1.pdf 2>/dev/null | awk '/^Pages:/ {print $2}') pages" ;;
    1) outcome="refused $(grep -o 'error\[[A-Z-]*\]' err.txt | head -n 1)" ;;
    *) outcome="exit $code"; head -n 5 err.txt >&2 ;;
  esac
  mb=$((kb / 1024))
  printf '%-22s %-28s %9s %9s %10s\n' "$case" "$outcome" "$secs" "$cpu" "$mb"
  if awk -v a="$secs" -v b="$worst_time" 'BEGIN { exit !(a > b) }'; then
    worst_time=$secs worst_time_case=$case
  fi
  if ((mb > worst_mem)); then
    worst_mem=$mb worst_mem_case=$case
  fi
done
printf 'worst wall time   %s s (%s)\n' "$worst_time" "$worst_time_case"
printf 'worst peak memory %s MB (%s)\n' "$worst_mem" "$worst_mem_case"
