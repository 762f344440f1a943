#!/usr/bin/env bash
# TAP: valgrind --leak-check=full on the command line (--check, and both
# exports when the binary has them) and on the fuzz corpus replays: no
# memory errors and no definite leaks. valgrind.supp holds only the
# libraries' own allocations, each explained there.
set -u

sample=$NB_SOURCE_DIR/data/samples/dongsheng-tongjiju-2023.nianbao
supp=$NB_SOURCE_DIR/tests/reliability/valgrind.supp
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY

case "${1:-}" in
  --sanitized=*)
    echo "1..0 # SKIP valgrind cannot run a build with -Db_sanitize=${1#--sanitized=} (build-aux/dev test runs it)"
    exit 0 ;;
esac
if ! command -v valgrind >/dev/null; then
  echo "1..0 # SKIP valgrind is not installed (build-aux/dev installs it)"
  exit 0
fi

# One allocator for GLib so that valgrind sees every block.
export G_SLICE=always-malloc

n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

# vg NAME EXPECTED-EXIT COMMAND…: 97 means valgrind found an error or a leak.
vg() {
  local name=$1 want=$2 rc
  shift 2
  valgrind --quiet --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --num-callers=50 --suppressions="$supp" \
    --log-file="$tmp/$name.log" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
  rc=$?
  if [ $rc != "$want" ]; then
    echo "# $name: exit $rc, expected $want" >&2
    sed 's/^/# /' "$tmp/$name.log" | head -80 >&2
    sed 's/^/# stderr: /' "$tmp/$name.err" | head -10 >&2
  fi
  ok $([ $rc = "$want" ] && echo 0 || echo 1) "valgrind: $name (exit $want, no errors, no definite leaks)"
}

help=$("$NIANBAO" --help-all 2>/dev/null || "$NIANBAO" --help)
has() { echo "$help" | grep -q -- "--$1"; }

replays=()
for t in storage template cell-input import; do
  [ -x "$NB_BUILD_DIR/tests/fuzz/replay-$t" ] && replays+=("$t")
done

total=3
has export-pdf && total=$((total + 1))
has export-xlsx && total=$((total + 1))
total=$((total + ${#replays[@]}))
echo "1..$total"

vg check-sample 0 "$NIANBAO" --check "$sample"
vg check-previous 0 "$NIANBAO" --check "$sample" --previous "$sample"
# An error path: the file is refused half-way through (a duplicate member).
sed '0,/"requests.new.natural": 0,/s//"requests.new.natural": 0, "requests.new.natural": 1,/' \
  "$sample" >"$tmp/duplicate.nianbao"
vg check-refused 2 "$NIANBAO" --check "$tmp/duplicate.nianbao"

if has export-pdf; then
  vg export-pdf 0 "$NIANBAO" --export-pdf "$tmp/report.pdf" "$sample"
fi
if has export-xlsx; then
  vg export-xlsx 0 "$NIANBAO" --export-xlsx "$tmp/report.xlsx" "$sample"
fi

# Every seed and every saved crash input, through the fuzz targets' checks.
for t in "${replays[@]}"; do
  seeds=("$NB_SOURCE_DIR/tests/fuzz/corpus/$t")
  case "$t" in
    storage) seeds+=("$NB_SOURCE_DIR/data/samples") ;;
    template) seeds+=("$NB_SOURCE_DIR/resources/templates") ;;
  esac
  vg "replay-$t" 0 "$NB_BUILD_DIR/tests/fuzz/replay-$t" "${seeds[@]}"
done

exit $fail
