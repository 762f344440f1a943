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

echo "1..26"

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

# A published report's text is not a damaged report.
printf '东胜区统计局2023年政府信息公开工作年度报告\n' > "$tmp/published.txt"
"$NIANBAO" --check "$tmp/published.txt" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && grep -q 'not a Nianbao report' "$tmp/err" && grep -q -- '--import-text' "$tmp/err" && ! grep -q 'damaged' "$tmp/err" && echo 0 || echo 1) "--check of a published text says it is not a report, and how to import it"

# Outputs never replace what the command reads, nor a report: a shell
# pattern (--export-pdf *.nianbao) puts the first report in OUT's place.
mkdir "$tmp/glob"
cp "$sample" "$tmp/glob/a.nianbao"; cp "$sample" "$tmp/glob/b.nianbao"
before=$(md5sum < "$tmp/glob/a.nianbao")
(cd "$tmp/glob" && "$NIANBAO" --export-pdf *.nianbao) >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && [ "$(md5sum < "$tmp/glob/a.nianbao")" = "$before" ] && grep -q 'not overwritten' "$tmp/err" && echo 0 || echo 1) "--export-pdf *.nianbao leaves the first report alone"
(cd "$tmp/glob" && "$NIANBAO" --export-xlsx *.nianbao) >/dev/null 2>&1; rc=$?
ok $([ $rc = 2 ] && [ "$(md5sum < "$tmp/glob/a.nianbao")" = "$before" ] && echo 0 || echo 1) "--export-xlsx *.nianbao leaves the first report alone"
"$NIANBAO" --export-pdf "$tmp/glob/b.nianbao" "$tmp/glob/b.nianbao" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && cmp -s "$tmp/glob/b.nianbao" "$sample" && grep -q 'both the output and an input' "$tmp/err" && echo 0 || echo 1) "OUT equal to FILE is refused"
ln -s b.nianbao "$tmp/glob/link.pdf"
"$NIANBAO" --export-pdf "$tmp/glob/link.pdf" "$tmp/glob/b.nianbao" >/dev/null 2>&1; rc=$?
ok $([ $rc = 2 ] && cmp -s "$tmp/glob/b.nianbao" "$sample" && echo 0 || echo 1) "OUT linked to FILE is refused"
cp "$sample" "$tmp/glob/prev.nianbao"
"$NIANBAO" --export-xlsx "$tmp/glob/prev.nianbao" "$sample" --previous "$tmp/glob/prev.nianbao" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && cmp -s "$tmp/glob/prev.nianbao" "$sample" && grep -q 'both the output and an input' "$tmp/err" && echo 0 || echo 1) "--export-xlsx OUT equal to --previous is refused"
cp "$NB_SOURCE_DIR/tests/import/inputs/qingshan-2023.txt" "$tmp/q.txt"
"$NIANBAO" --import-text "$tmp/q.txt" --output "$tmp/q.txt" >/dev/null 2>&1; rc=$?
ok $([ $rc = 2 ] && cmp -s "$tmp/q.txt" "$NB_SOURCE_DIR/tests/import/inputs/qingshan-2023.txt" && echo 0 || echo 1) "--import-text onto its own input is refused"
"$NIANBAO" --export-pdf "file://$tmp/glob/uri.pdf" "$sample" >/dev/null 2>&1; rc=$?
ok $([ $rc = 0 ] && [ -s "$tmp/glob/uri.pdf" ] && echo 0 || echo 1) "a file: URI as OUT is written at its path"
"$NIANBAO" --export-pdf "" "$sample" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && grep -q 'No output file' "$tmp/err" && echo 0 || echo 1) "an empty OUT is refused"

# A pipe (or a device) as OUT stays what it is.
mkfifo "$tmp/fifo"
"$NIANBAO" --export-pdf "$tmp/fifo" "$sample" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && [ -p "$tmp/fifo" ] && grep -q 'device or a pipe' "$tmp/err" && echo 0 || echo 1) "--export-pdf onto a pipe is refused, the pipe kept"
"$NIANBAO" --export-xlsx "$tmp/fifo" "$sample" >/dev/null 2>&1; rc=$?
ok $([ $rc = 2 ] && [ -p "$tmp/fifo" ] && echo 0 || echo 1) "--export-xlsx onto a pipe is refused, the pipe kept"

# --aggregate with --export-xlsx: a failed save keeps the old workbook.
echo old > "$tmp/book.xlsx"
"$NIANBAO" --aggregate "$tmp/no-such-folder/sum.nianbao" "$sample" --export-xlsx "$tmp/book.xlsx" >/dev/null 2>&1; rc=$?
ok $([ $rc = 2 ] && [ "$(cat "$tmp/book.xlsx")" = old ] && [ -z "$(ls -A "$tmp" | grep '^\.book')" ] && echo 0 || echo 1) "--aggregate that cannot save keeps the old workbook, no temporary left"

# Mistyped options and commands given together are refused, not ignored.
"$NIANBAO" --check "$sample" --bogus >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && grep -q -- '--bogus' "$tmp/err" && echo 0 || echo 1) "an unknown option beside a command exits 2"
"$NIANBAO" --aggregate "$tmp/sum.nianbao" "$sample" --expected-agenices="$tmp/list" >/dev/null 2>&1; rc=$?
ok $([ $rc = 2 ] && [ ! -e "$tmp/sum.nianbao" ] && echo 0 || echo 1) "a misspelt --expected-agencies writes nothing"
"$NIANBAO" --export-pdf "$tmp/x.pdf" --export-xlsx "$tmp/x.xlsx" "$sample" >/dev/null 2>&1; rc=$?
ok $([ $rc = 2 ] && [ ! -e "$tmp/x.pdf" ] && [ ! -e "$tmp/x.xlsx" ] && echo 0 || echo 1) "two commands together are refused"
"$NIANBAO" --export-pdf "$tmp/x.pdf" --previous "$sample" "$sample" >/dev/null 2>"$tmp/err"; rc=$?
ok $([ $rc = 2 ] && [ ! -e "$tmp/x.pdf" ] && grep -q -- '--previous' "$tmp/err" && echo 0 || echo 1) "an option the command would ignore is refused"

"$NIANBAO" --help > "$tmp/help"
ok $(grep -q -- '--check' "$tmp/help" && grep -q -- '--previous' "$tmp/help" && echo 0 || echo 1) "--help documents --check"

exit $fail
