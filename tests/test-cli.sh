#!/usr/bin/env bash
# TAP test of `nianbao --check` (no display needed).
set -u
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sample=$NB_SOURCE_DIR/data/samples/dongsheng-tongjiju-2023.nianbao
unset DISPLAY WAYLAND_DISPLAY

echo "1..10"

out=$("$NIANBAO" --check "$sample" 2>"$tmp/err"); rc=$?
ok $([ $rc = 0 ] && [ -z "$out" ] && echo 0 || echo 1) "sample checks clean (exit 0, no output)"

sed 's/"requests.new.natural": 0/"requests.new.natural": 3/' "$sample" > "$tmp/r3.nianbao"
out=$("$NIANBAO" --check "$tmp/r3.nianbao"); rc=$?
ok $([ $rc = 1 ] && echo 0 || echo 1) "sum error exits 1"
echo "$out" | grep -q '^error R3 requests.new.natural,requests.carried.natural,requests.result.total.natural,requests.carried_next.natural: ' ; ok $? "R3 line format: severity rule cells: message"
echo "$out" | grep -q '^error R1 requests.new.total,' ; ok $? "R1 reported"

sed 's/"requests.carried.legal": 0/"requests.carried.legal": null/' "$sample" > "$tmp/blank.nianbao"
out=$("$NIANBAO" --check "$tmp/blank.nianbao"); rc=$?
ok $([ $rc = 0 ] && echo "$out" | grep -q '^warning R6 requests.carried.legal: ' && echo 0 || echo 1) "warnings alone exit 0"

head -c 300 "$sample" > "$tmp/trunc.nianbao"
"$NIANBAO" --check "$tmp/trunc.nianbao" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && grep -q 'trunc.nianbao' "$tmp/err" && echo 0 || echo 1) "truncated file exits 2 naming the file"

"$NIANBAO" --check "$tmp/does-not-exist.nianbao" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && [ -s "$tmp/err" ] && echo 0 || echo 1) "missing file exits 2 with a message"

# Last year's 结转下年度 = 2 natural persons, but this year's 上年结转 says 0.
sed 's/"requests.carried_next.natural": 0/"requests.carried_next.natural": 2/; s/"requests.carried_next.total": 0/"requests.carried_next.total": 2/; s/"requests.new.natural": 0/"requests.new.natural": 2/; s/"requests.new.total": 0/"requests.new.total": 2/; s/"year": 2023/"year": 2022/' "$sample" > "$tmp/last.nianbao"
out=$("$NIANBAO" --check "$sample" --previous "$tmp/last.nianbao" 2>"$tmp/err"); rc=$?
ok $([ $rc = 0 ] && echo "$out" | grep -q '^warning X1 requests.carried.natural: .*2' && [ ! -s "$tmp/err" ] && echo 0 || echo 1) "--previous enables X1 with last year's value"
# Not last year's: said on stderr, the check still runs.
out=$("$NIANBAO" --check "$sample" --previous "$sample" 2>"$tmp/err"); rc=$?
ok $([ $rc = 0 ] && grep -q 'is for 2023, not for 2022' "$tmp/err" && echo 0 || echo 1) "--previous of another year is named on stderr"

"$NIANBAO" --help > "$tmp/help"
ok $(grep -q -- '--check' "$tmp/help" && grep -q -- '--previous' "$tmp/help" && echo 0 || echo 1) "--help documents --check"

exit $fail
