#!/usr/bin/env bash
# TAP test of `nianbao --import-text IN --output OUT` (no display needed).
set -u
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inputs=$NB_SOURCE_DIR/tests/import/inputs
unset DISPLAY WAYLAND_DISPLAY

echo "1..18"

# The seed: every cell read (its label typos are only noted) → 0.
"$NIANBAO" --import-text "$inputs/dongsheng-2023.txt" --output "$tmp/seed.nianbao" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ]
ok $? "seed text: every cell read, exit 0"
grep -q '^deviation requests.result.other.no_correction.natural,' "$tmp/out"
ok $? "seed text: the 预期 typo is printed as a note"
"$NIANBAO" --check "$tmp/seed.nianbao" >"$tmp/check"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/check" ]
ok $? "imported seed checks clean, like the sample"
same_json() {
  /usr/bin/python3 -c 'import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
sys.exit(0 if (a["template"], a["cells"], a["meta"], a["sections"]) == (b["template"], b["cells"], b["meta"], b["sections"]) else 1)' "$1" "$2"
}
same_json "$tmp/seed.nianbao" "$NB_SOURCE_DIR/data/samples/dongsheng-tongjiju-2023.nianbao"
ok $? "imported seed equals the sample: cells, meta and prose"

# A page with an empty cell: written, the cell named → 1.
"$NIANBAO" --import-text "$inputs/qingshan-2023.html" --output "$tmp/qs.nianbao" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && [ -s "$tmp/qs.nianbao" ]
ok $? "HTML with an empty cell: written, exit 1"
grep -q '^not-read requests.carried.research: ' "$tmp/out"
ok $? "the empty cell is printed as a note"
"$NIANBAO" --check "$tmp/qs.nianbao" >"$tmp/check"; rc=$?
grep -q '^warning R6 requests.carried.research' "$tmp/check"
ok $? "--check then warns about the blank cell"

"$NIANBAO" --import-text "$inputs/hexi-2020.layout.txt" --output "$tmp/hexi.nianbao" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && grep -q '"template" : "gov-disclosure-2019"' "$tmp/hexi.nianbao"
ok $? "2019-form PDF text: every cell read, 2019 template, exit 0"

# Not reports: exit 2, a message, nothing written.
for f in not-a-report.txt not-a-report.bin empty.txt; do
  "$NIANBAO" --import-text "$inputs/$f" --output "$tmp/none.nianbao" >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $rc = 2 ] && [ ! -e "$tmp/none.nianbao" ] && grep -q "$f" "$tmp/err"
  ok $? "$f: exit 2, message naming it, nothing written"
done

# A failed import leaves an existing OUT as it was, and no temporary file.
echo "keep me" > "$tmp/keep.nianbao"
"$NIANBAO" --import-text "$inputs/not-a-report.bin" --output "$tmp/keep.nianbao" >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && [ "$(cat "$tmp/keep.nianbao")" = "keep me" ] && [ "$(ls "$tmp" | grep -c keep)" = 1 ]
ok $? "failure keeps the existing OUT untouched"

"$NIANBAO" --import-text "$inputs/dongsheng-2023.txt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q -- '--output' "$tmp/err"
ok $? "--output is required"

"$NIANBAO" --import-text "$inputs/dongsheng-2023.txt" --output "$tmp/no/such/dir/x.nianbao" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && [ -s "$tmp/err" ]
ok $? "unwritable OUT: exit 2 with a message"

# A pipe as IN would be waited on (or read) forever: refused at once.
mkfifo "$tmp/pipe"
timeout 5 "$NIANBAO" --import-text "$tmp/pipe" --output "$tmp/pipe.nianbao" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && [ ! -e "$tmp/pipe.nianbao" ] && grep -q 'or a pipe' "$tmp/err"
ok $? "a FIFO as IN: exit 2 at once, a message, nothing written"

# Pasted text on standard input.
"$NIANBAO" --import-text - --output "$tmp/stdin.nianbao" <"$inputs/qingshan-2023.txt" >/dev/null 2>&1; rc=$?
[ $rc = 1 ] && grep -q '"agency" : "青山区市场监督管理局"' "$tmp/stdin.nianbao"
ok $? "standard input (\"-\") is read"

# Round trip through Nianbao's own PDF: export, pdftotext -layout, import.
"$NIANBAO" --export-pdf "$tmp/qs.pdf" "$tmp/qs.nianbao" >/dev/null 2>&1
pdftotext -layout "$tmp/qs.pdf" "$tmp/qs.txt"
"$NIANBAO" --import-text "$tmp/qs.txt" --output "$tmp/back.nianbao" >"$tmp/out" 2>"$tmp/err"; rc=$?
same_content() {
  /usr/bin/python3 -c 'import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
keys = ("agency", "year", "phone", "address", "postcode")
sys.exit(0 if (a["template"], a["cells"], a["sections"], [a["meta"][k] for k in keys]) ==
               (b["template"], b["cells"], b["sections"], [b["meta"][k] for k in keys]) else 1)' "$1" "$2"
}
[ $rc = 1 ] && same_content "$tmp/back.nianbao" "$tmp/qs.nianbao"
ok $? "Nianbao's own PDF, as pdftotext -layout text, imports to the same report"

"$NIANBAO" --help >"$tmp/help"
grep -q -- '--import-text' "$tmp/help"
ok $? "--help lists --import-text"
