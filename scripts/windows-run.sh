#!/usr/bin/env bash
# Runs the Windows build of bulletin under Wine on the sample series and
# checks that it works as the Linux build does: `build 12` gives a PDF
# byte-identical to the Linux one, `check --all` passes, the messages are in
# Chinese, and a project in a folder whose name has Chinese characters and a
# space builds too, given as the working folder and through -C and -o.
#
#   scripts/windows-run.sh [BULLETIN_EXE] [LINUX_BULLETIN]
#
# Defaults: target/x86_64-pc-windows-gnu/debug/bulletin.exe (as .ci/run
# builds it) and target/release/bulletin, under $CARGO_TARGET_DIR if set.
# Needs Wine's 64-bit loader (Debian: apt-get install wine64; or set WINE)
# and mingw-w64 (gcc-mingw-w64-x86-64) for the stub DLL below. Each Wine
# run is bounded with timeout; every step prints its time.
#
# Both builds use only the bundled fonts (--ignore-system-fonts): the
# official fonts each system has (Linux's fontconfig folders, the Wine
# prefix's C:\windows\Fonts) differ from machine to machine, and the PDFs
# are compared byte for byte. `fonts` runs once without the flag, so the
# Windows scan of the system fonts is still exercised.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
target="${CARGO_TARGET_DIR:-target}"
exe="$(realpath -m "${1:-$target/x86_64-pc-windows-gnu/debug/bulletin.exe}")"
linux="$(realpath -m "${2:-$target/release/bulletin}")"
for bin in "$exe" "$linux"; do
  [ -f "$bin" ] || { echo "windows-run: $bin not found; build it first" >&2; exit 2; }
done

# Debian's wine64 package puts the loader in /usr/lib/wine, not on PATH.
wine="${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}"
[ -x "$wine" ] || { echo "windows-run: Wine not found: apt-get install wine64, or set WINE" >&2; exit 2; }
wineserver="$(dirname "$wine")/wineserver64"
[ -x "$wineserver" ] || wineserver="$(dirname "$wine")/wineserver"
command -v x86_64-w64-mingw32-gcc >/dev/null || {
  echo "windows-run: x86_64-w64-mingw32-gcc not found: apt-get install gcc-mingw-w64-x86-64" >&2
  exit 2
}

work="$(mktemp -d)"
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all WINELOADER="$wine"
# Wine's server leaves its socket folder (wine-XXXXXX) in TMPDIR.
mkdir "$work/tmp"
export TMPDIR="$work/tmp"
# Wine turns the command line into UTF-16 in the locale's encoding; under
# LANG=C the Chinese folder names arrive garbled (seen: "/tmp/t1/g.").
export LC_ALL=C.UTF-8
# Skip the prompts to install Mono and Gecko while the prefix is made.
export WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() {
  "$wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
took() { awk -v s="$1" -v e="$(now)" -v what="$2" 'BEGIN { printf "windows-run: %s: %.1f s\n", what, e - s }'; }
fail() { echo "windows-run: FAILED: $*" >&2; exit 1; }

# wine_run LOG ARGS...: runs bulletin.exe, what it prints in LOG, and fails
# unless it exits with 0.
wine_run() {
  local log="$1" start rc=0
  shift
  start="$(now)"
  timeout 300 "$wine" "$exe" "$@" >"$log" 2>&1 || rc=$?
  took "$start" "bulletin.exe $*"
  if [ "$rc" != 0 ]; then
    cat "$log" >&2
    fail "bulletin.exe $* exited with $rc"
  fi
}

# expect LOG TEXT: LOG contains TEXT.
expect() {
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "expected \"$2\" in the messages"; }
}

# Wine 8.0 (Debian 12) has no bcryptprimitives.dll, whose ProcessPrng
# Rust's standard library imports; a stub over RtlGenRandom stands in.
start="$(now)"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
  scripts/wine/bcryptprimitives.c -ladvapi32
took "$start" "stub bcryptprimitives.dll"

start="$(now)"
# Wine's notes while it makes the prefix (no 32-bit rundll32 in a 64-bit
# only Wine) are shown only when it fails.
{ timeout 300 "$wine" wineboot --init && timeout 300 "$wineserver" -w; } >"$work/prefix.log" 2>&1 ||
  { cat "$work/prefix.log" >&2; fail "making the Wine prefix"; }
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
took "$start" "new Wine prefix"

start="$(now)"
"$linux" --ignore-system-fonts build 12 -o "$work/linux" 2>"$work/linux.log" ||
  { cat "$work/linux.log" >&2; fail "the Linux build of issue 12"; }
took "$start" "Linux bulletin build 12"

# The repository root is the sample project.
wine_run "$work/build.log" --ignore-system-fonts build 12 -o "$work/windows"
expect "$work/build.log" "已生成"
cmp "$work/linux/12.pdf" "$work/windows/12.pdf" ||
  fail "the Windows build's 12.pdf differs from the Linux build's"
wine_run "$work/check.log" check --all
expect "$work/check.log" "检查完毕"

# The sample again, as tests/suite/common/mod.rs copies it, with its
# templates, in a folder named in Chinese with a space.
project="$work/简报 样例"
mkdir -p "$project"
cp -r bulletin.yaml bulletins templates "$project/"
cd "$project"
wine_run "$work/build-zh.log" --ignore-system-fonts build 12
expect "$work/build-zh.log" "已生成 out\\12.pdf"
cmp "$work/linux/12.pdf" out/12.pdf ||
  fail "12.pdf built in \"$project\" differs from the Linux build's"
wine_run "$work/check-zh.log" check --all
expect "$work/check-zh.log" "检查完毕"
cd "$work"
wine_run "$work/build-c.log" -C "$project" --ignore-system-fonts build 12 -o "$project/输出 文件"
# Inside the project, the output is named from the project folder.
expect "$work/build-c.log" "已生成 输出 文件\\12.pdf"
cmp "$work/linux/12.pdf" "$project/输出 文件/12.pdf" ||
  fail "12.pdf built with -C \"$project\" differs from the Linux build's"
wine_run "$work/fonts.log" -C "$project" fonts
expect "$work/fonts.log" "正文（仿宋）："
# Outside a project, the folder is named as the user knows it, without
# Windows' verbatim prefix (\\?\Z:\...).
rc=0
start="$(now)"
timeout 300 "$wine" "$exe" check --all >"$work/outside.log" 2>&1 || rc=$?
took "$start" "bulletin.exe check --all, outside a project"
[ "$rc" = 2 ] || { cat "$work/outside.log" >&2; fail "check outside a project exited with $rc, not 2"; }
expect "$work/outside.log" "当前目录不在简报项目中：Z:\\"
cd "$repo"
echo "windows-run: bulletin.exe works under Wine; its 12.pdf is byte-identical to the Linux build's"
