#!/usr/bin/env bash
# TAP test of `nianbao --aggregate` (no display needed): sums, folders, exit codes.
set -u
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sample=$NB_SOURCE_DIR/data/samples/dongsheng-tongjiju-2023.nianbao
unset DISPLAY WAYLAND_DISPLAY

# mk OUT AGENCY [sed -e EXPR…]: the sample under another agency name.
mk() {
  local out=$1 agency=$2
  shift 2
  sed -e "s/\"agency\": \"东胜区统计局\"/\"agency\": \"$agency\"/" "$@" "$sample" > "$out"
}
# val FILE CELL: the stored value of CELL in a .nianbao file.
val() { grep -o "\"$2\" *: *[^,]*" "$1" | sed 's/^[^:]*: *//; s/ *$//'; }

in=$tmp/in
mkdir -p "$in"
mk "$in/a.nianbao" 东胜区统计局
mk "$in/b.nianbao" 东胜区财政局 -e 's/"proactive.penalty.decisions": 5/"proactive.penalty.decisions": 7/' \
  -e 's/"proactive.fee.amount": "0"/"proactive.fee.amount": "24252.311082"/'
mk "$in/c.nianbao" 东胜区教育局 -e 's/"proactive.fee.amount": "0"/"proactive.fee.amount": "0.5"/'
echo "not a report" > "$in/readme.txt"

echo "1..30"

"$NIANBAO" --aggregate "$tmp/out.nianbao" "$in/a.nianbao" "$in/b.nianbao" "$in/c.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/e" ]
ok $? "three clean reports: exit 0, nothing on stderr"
[ "$(val "$tmp/out.nianbao" proactive.penalty.decisions)" = 17 ] &&
     [ "$(val "$tmp/out.nianbao" proactive.fee.amount)" = '"24252.811082"' ]
ok $? "counts and six-decimal fees are summed exactly"
grep -q '"agency" : "东胜区汇总"' "$tmp/out.nianbao" &&
     grep -q '"year" : 2023' "$tmp/out.nianbao" &&
     grep -q '本报告汇总以下3个单位报送的2023年度政府信息公开工作年度报告：东胜区统计局、东胜区财政局、东胜区教育局。' "$tmp/out.nianbao" &&
     grep -q '^Consolidated 3 reports for 2023 into .*out.nianbao' "$tmp/o"
ok $? "agency, year and the list of sources"
"$NIANBAO" --check "$tmp/out.nianbao" >/dev/null; rc=$?
[ $rc = 0 ]
ok $? "the consolidated report checks clean"

# A folder: every .nianbao in it; the output written into it is not read back on the next run.
"$NIANBAO" --aggregate "$in/all.nianbao" "$in" >"$tmp/o" 2>"$tmp/e"; rc1=$?
"$NIANBAO" --aggregate "$in/all.nianbao" "$in" >"$tmp/o" 2>"$tmp/e"; rc2=$?
[ $rc1 = 0 ] && [ $rc2 = 0 ] && [ "$(val "$in/all.nianbao" proactive.penalty.decisions)" = 17 ] &&
     grep -q 'all.nianbao is the output of this consolidation' "$tmp/o"
ok $? "a folder argument, run twice into itself"
rm "$in/all.nianbao"

# The earlier consolidation saved in the folder under another name: left out, not counted twice.
"$NIANBAO" --aggregate "$tmp/earlier.nianbao" "$in" >/dev/null 2>&1
cp "$tmp/earlier.nianbao" "$in/汇总-旧.nianbao"
"$NIANBAO" --aggregate "$tmp/again.nianbao" "$in" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 0 ] && [ "$(val "$tmp/again.nianbao" proactive.penalty.decisions)" = 17 ] &&
     grep -q '^warning AGG-NESTED -: 东胜区汇总 (.*汇总-旧.nianbao) was left out' "$tmp/o"
ok $? "an earlier consolidation in the folder is left out"
rm "$in/汇总-旧.nianbao"

# An agency's corrected copy beside the first: both counted, so an error (exit 1).
mkdir "$tmp/dup"
cp "$in/a.nianbao" "$in/b.nianbao" "$tmp/dup/"
cp "$in/a.nianbao" "$tmp/dup/a-更正.nianbao"
"$NIANBAO" --aggregate "$tmp/dup.nianbao" "$tmp/dup" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 1 ] && grep -q '^error AGG-DUPLICATE -: 东胜区统计局 sent 2 reports (.*): all are counted; leave out all but one' "$tmp/o"
ok $? "one agency in two files: an error, exit 1"
rm -rf "$tmp/dup"

# An input with sum errors: still written, listed, exit 1.
mkdir "$tmp/err"
mk "$tmp/err/r3.nianbao" 东胜区民政局 -e 's/"requests.new.natural": 0/"requests.new.natural": 3/'
"$NIANBAO" --aggregate "$tmp/out2.nianbao" "$in/a.nianbao" "$tmp/err/r3.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 1 ] && [ -f "$tmp/out2.nianbao" ]
ok $? "an input with errors: exit 1, output written"
grep -q '^东胜区民政局 (.*r3.nianbao): 2 errors' "$tmp/o" && grep -q '^  error R3 requests.new.natural' "$tmp/o"
ok $? "the input with errors is listed with its errors"

# Another year or another form: refused, naming the file; the others are written.
mk "$tmp/err/d-2022.nianbao" 东胜区民政局 -e 's/"year": 2023/"year": 2022/'
cat > "$tmp/err/old-form.nianbao" <<'EOF'
{"format": "nianbao", "version": 1, "template": "gov-disclosure-2019",
 "meta": {"agency": "东胜区司法局", "year": 2023}, "cells": {}}
EOF
rm -f "$tmp/out3.nianbao"
"$NIANBAO" --aggregate "$tmp/out3.nianbao" "$in/a.nianbao" "$tmp/err/d-2022.nianbao" "$in/b.nianbao" "$tmp/err/old-form.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 1 ] && grep -q 'd-2022.nianbao was left out: it is the report for 2022, but the consolidation is for 2023' "$tmp/e"
ok $? "another year is refused naming the file"
grep -q 'old-form.nianbao was left out: it uses the form' "$tmp/e"
ok $? "another form is refused naming the file"
[ "$(val "$tmp/out3.nianbao" proactive.penalty.decisions)" = 12 ]
ok $? "the refused inputs are not counted"

# Nothing readable: exit 2, nothing written.
printf 'garbage' > "$tmp/err/garbage.nianbao"
"$NIANBAO" --aggregate "$tmp/none.nianbao" "$tmp/err/garbage.nianbao" "$tmp/err/missing.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && [ ! -e "$tmp/none.nianbao" ] && grep -q 'garbage.nianbao' "$tmp/e" &&
     grep -q 'missing.nianbao' "$tmp/e" && [ -z "$(ls -A "$tmp" | grep -v -e '\.nianbao$' -e '^[oe]$' -e '^in$' -e '^err$')" ]
ok $? "no readable input: exit 2, nothing written"

# The expected-agency list.
printf '东胜区统计局\n东胜区财政局\n东胜区教育局\n东胜区民政局\n' > "$tmp/list.txt"
"$NIANBAO" --aggregate "$tmp/out4.nianbao" --expected-agencies "$tmp/list.txt" "$in" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 1 ] && grep -q '^error AGG-MISSING -: 东胜区民政局 is on the list of expected agencies but sent no report' "$tmp/o" &&
     [ "$(grep -c AGG-MISSING "$tmp/o")" = 1 ]
ok $? "a missing agency is listed and exits 1"
# The workbook of that consolidation says so in 校验 too, not "校验通过".
"$NIANBAO" --aggregate "$tmp/out4b.nianbao" --expected-agencies "$tmp/list.txt" --export-xlsx "$tmp/out4b.xlsx" "$in" >"$tmp/o" 2>"$tmp/e"
/usr/bin/python3 - "$tmp/out4b.xlsx" > "$tmp/check" 2>&1 <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["校验"]
rows = [r for r in ws.iter_rows(values_only=True)]
assert any(r[0] == "AGG-MISSING" and "东胜区民政局" in (r[5] or "") for r in rows), rows
assert not any(r[0] == "校验通过：未发现问题。" for r in rows), rows
print("ok")
PY
grep -qx ok "$tmp/check"
ok $? "the consolidated workbook's 校验 sheet lists the missing agency" || cat "$tmp/check" >&2
printf '东胜区统计局\n东胜区财政局\n\n  东胜区教育局  \n' > "$tmp/list.txt"
"$NIANBAO" --aggregate "$tmp/out4.nianbao" --expected-agencies "$tmp/list.txt" "$in" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 0 ] && ! grep -q AGG- "$tmp/o"
ok $? "everybody on the list sent a report: exit 0"
"$NIANBAO" --aggregate "$tmp/out5.nianbao" --expected-agencies "$tmp/no-list.txt" "$in" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && [ ! -e "$tmp/out5.nianbao" ] && grep -q 'no-list.txt' "$tmp/e"
ok $? "an unreadable list: exit 2, nothing written"

"$NIANBAO" --aggregate "$tmp/out6.nianbao" --agency 东胜区人民政府办公室 "$in" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 0 ] && grep -q '"agency" : "东胜区人民政府办公室"' "$tmp/out6.nianbao"
ok $? "--agency names the consolidating office"

# Never overwrite an agency's own report (`--aggregate *.nianbao`), nor read the output as an input.
cp "$in/a.nianbao" "$tmp/keep.nianbao"
"$NIANBAO" --aggregate "$tmp/keep.nianbao" "$in/b.nianbao" "$in/c.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && cmp -s "$tmp/keep.nianbao" "$in/a.nianbao" && grep -q 'keep.nianbao already exists and is not a consolidated report' "$tmp/e"
ok $? "an existing ordinary report is not overwritten"
"$NIANBAO" --aggregate "$in/a.nianbao" "$in/a.nianbao" "$in/b.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && cmp -s "$tmp/keep.nianbao" "$in/a.nianbao"
ok $? "the output listed as an input: exit 2, untouched"

# A blank in one input is a note, not a silent 0; an overflow is an error and stays blank.
mkdir "$tmp/blank"
cp "$in/a.nianbao" "$in/b.nianbao" "$tmp/blank/"
mk "$tmp/blank/c.nianbao" 东胜区教育局 -e 's/"requests.carried.legal": 0/"requests.carried.legal": null/'
"$NIANBAO" --aggregate "$tmp/out7.nianbao" "$tmp/blank" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 0 ] && grep -q '^warning AGG-BLANK requests.carried.legal: 1 of 3 reports left this blank (东胜区教育局); the sum counts it as 0' "$tmp/o"
ok $? "a blank input cell is noted"
mkdir "$tmp/big"
for x in a b; do
  mk "$tmp/big/$x.nianbao" "东胜区$x局" -e 's/"proactive.license.decisions": 0/"proactive.license.decisions": 9223372036854775000/'
done
"$NIANBAO" --aggregate "$tmp/out8.nianbao" "$tmp/big" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 1 ] && grep -q '^error AGG-OVERFLOW proactive.license.decisions: ' "$tmp/o" &&
     [ "$(val "$tmp/out8.nianbao" proactive.license.decisions)" = null ]
ok $? "an overflowing sum: exit 1, the cell stays blank"

# The bureau's workbook of the consolidation: a 明细 sheet, one row per source agency.
"$NIANBAO" --aggregate "$tmp/out9.nianbao" --export-xlsx "$tmp/out9.xlsx" "$in/a.nianbao" "$in/b.nianbao" "$in/c.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
/usr/bin/python3 - "$tmp/out9.xlsx" > "$tmp/detail" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert "明细" in wb.sheetnames, wb.sheetnames
ws = wb["明细"]
rows = list(ws.iter_rows(values_only=True))
head = rows[0]
assert head[:4] == ("单位名称", "文件", "错误数", "警告数"), head[:4]
assert len(head) == 4 + 200, len(head)
col = {h: i for i, h in enumerate(head)}
by_agency = {r[0]: r for r in rows[1:]}
assert sorted(by_agency) == ["东胜区教育局", "东胜区统计局", "东胜区财政局"], sorted(by_agency)
assert by_agency["东胜区财政局"][col["proactive.penalty.decisions"]] == 7
assert abs(by_agency["东胜区财政局"][col["proactive.fee.amount"]] - 24252.311082) < 1e-9
assert by_agency["东胜区教育局"][col["proactive.fee.amount"]] == 0.5
assert by_agency["东胜区统计局"][col["requests.new.total"]] == 0
assert all(r[2] == 0 for r in rows[1:])
print("ok")
PY
[ $rc = 0 ] && grep -qx ok "$tmp/detail"
ok $? "--export-xlsx with --aggregate adds a 明细 sheet per source agency" || cat "$tmp/detail" >&2

# Exit 2 means nothing was written, whichever of the two outputs fails.
"$NIANBAO" --aggregate "$tmp/out10.nianbao" --export-xlsx "$tmp/no-such-dir/out10.xlsx" "$in/a.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && [ ! -e "$tmp/out10.nianbao" ] && grep -q 'out10.xlsx' "$tmp/e"
ok $? "the workbook cannot be written: exit 2, no report written either"
"$NIANBAO" --aggregate "$tmp/no-such-dir/out11.nianbao" --export-xlsx "$tmp/out11.xlsx" "$in/a.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && [ ! -e "$tmp/out11.xlsx" ] && grep -q 'out11.nianbao' "$tmp/e"
ok $? "the report cannot be written: exit 2, the workbook is taken back"

# The same file reached twice (a symbolic link, a second path to the folder) is one report.
mkdir "$tmp/links"
cp "$in/a.nianbao" "$in/b.nianbao" "$tmp/links/"
ln -s a.nianbao "$tmp/links/a-link.nianbao"
ln -s links "$tmp/links-again"
"$NIANBAO" --aggregate "$tmp/out12.nianbao" "$tmp/links" "$tmp/links-again/b.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$(val "$tmp/out12.nianbao" proactive.penalty.decisions)" = 12 ] && grep -q 'more than once' "$tmp/o"
ok $? "a file reached by a link or a second path is counted once"
# The output inside the folder, reached by another path next time: never read back in.
"$NIANBAO" --aggregate "$tmp/links/out.nianbao" "$tmp/links" >"$tmp/o" 2>"$tmp/e"
"$NIANBAO" --aggregate "$tmp/links/out.nianbao" "$tmp/links-again" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$(val "$tmp/links/out.nianbao" proactive.penalty.decisions)" = 12 ]
ok $? "the output reached by another path is not read back in"

# A folder named as the output: said so, nothing written.
mkdir "$tmp/outdir"
"$NIANBAO" --aggregate "$tmp/outdir" "$in/a.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && grep -q 'is a folder' "$tmp/e" && [ -z "$(ls -A "$tmp/outdir")" ]
ok $? "a folder as OUT is refused as a folder"
# A report given as the list of expected agencies.
"$NIANBAO" --aggregate "$tmp/out-list.nianbao" "$in/a.nianbao" --expected-agencies "$in/b.nianbao" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && [ ! -e "$tmp/out-list.nianbao" ] && grep -q 'one agency name per line' "$tmp/e"
ok $? "a report given as --expected-agencies is refused"

"$NIANBAO" --help > "$tmp/help"
grep -q -- '--aggregate=OUT' "$tmp/help" && grep -q -- '--expected-agencies' "$tmp/help" && grep -q -- '--agency' "$tmp/help"
ok $? "--help documents --aggregate, --agency and --expected-agencies"

exit $fail
