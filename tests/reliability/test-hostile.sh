#!/usr/bin/env bash
# TAP: hostile files given to `nianbao --check` never crash or hang it. Each
# one exits 2 with a message naming the problem (or 0/1 where the file is in
# fact a valid report), within NB_HOSTILE_SECONDS (default 2) seconds.
set -u

limit=${NB_HOSTILE_SECONDS:-2}
sample=$NB_SOURCE_DIR/data/samples/dongsheng-tongjiju-2023.nianbao
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY

# The hostile files, written by Debian's Python (never a python3 from PATH).
/usr/bin/python3 - "$sample" "$tmp" <<'PY'
import json, os, sys
sample, out = sys.argv[1], sys.argv[2]
raw = open(sample, 'rb').read()
text = raw.decode('utf-8')
doc = json.loads(text)

def w(name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)

def with_cells(name, **cells):
    d = json.loads(text)
    d['cells'].update(cells)
    w(name, json.dumps(d, ensure_ascii=False, indent=2))

def replace_once(name, old, new):
    assert text.count(old) >= 1, old
    w(name, text.replace(old, new, 1))

w('empty.nianbao', b'')
w('spaces.nianbao', b' \n\t\n')
w('nul.nianbao', raw[:200] + b'\0' + raw[200:])
w('all-nul.nianbao', b'\0' * 4096)
w('bad-utf8.nianbao', raw.replace('东胜区统计局'.encode(), b'\xb6\xab\xca\xa4', 1))  # GBK bytes
w('utf16.nianbao', text.encode('utf-16'))  # Notepad's "Unicode"
w('bom.nianbao', b'\xef\xbb\xbf' + raw)
w('nest-arrays.nianbao', '[' * 200000)
w('nest-objects.nianbao', '{"a":' * 200000)
w('nest-closed.nianbao', '[' * 200000 + ']' * 200000)
d = json.loads(text)
d['sections']['overview'].append({'text': '本年新收政府信息公开申请0件。' * 200000})  # 3 MB
w('long-paragraph.nianbao', json.dumps(d, ensure_ascii=False, indent=2))
d = json.loads(text)
d['sections']['problems'] = [{'text': '第%d段。' % i} for i in range(30000)]
w('many-paragraphs.nianbao', json.dumps(d, ensure_ascii=False))
w('many-values.nianbao', '{"format": "nianbao", "version": 1, "x": [' + '0,' * 5000000 + '0]}')
w('long-key.nianbao', '{"format": "nianbao", "version": 1, "template": "gov-disclosure-2021", "' + 'k' * 3000000 + '": 1}')
with_cells('float-count.nianbao', **{'requests.new.natural': 1.5})
with_cells('object-count.nianbao', **{'requests.new.natural': {'value': 1}})
with_cells('array-count.nianbao', **{'requests.new.natural': [1]})
with_cells('string-count.nianbao', **{'requests.new.natural': '1'})
with_cells('bool-count.nianbao', **{'requests.new.natural': True})
replace_once('huge-float.nianbao', '"requests.new.natural": 0', '"requests.new.natural": 1e400')
replace_once('big-int.nianbao', '"requests.new.natural": 0', '"requests.new.natural": 99999999999999999999999')
with_cells('max-counts.nianbao', **{'requests.new.natural': 9223372036854775807,
                                    'requests.new.commercial': 9223372036854775807})
with_cells('float-amount.nianbao', **{'proactive.fee.amount': 0.1})
replace_once('duplicate.nianbao', '"requests.new.natural": 0,', '"requests.new.natural": 0,\n    "requests.new.natural": 5,')
replace_once('duplicate-escaped.nianbao', '"requests.new.natural": 0,', '"requests.new.natural": 0,\n    "\\u0072equests.new.natural": 5,')
w('array.nianbao', json.dumps([doc]))
w('string.nianbao', '"nianbao"')
w('number.nianbao', '2023')
w('null.nianbao', 'null')
d = json.loads(text); d['template'] = 'gov-disclosure-2099'
w('unknown-template.nianbao', json.dumps(d, ensure_ascii=False))
d = json.loads(text); d['template'] = {'id': 'gov-disclosure-2021'}
w('template-object.nianbao', json.dumps(d, ensure_ascii=False))
d = json.loads(text); d['version'] = 2
w('newer.nianbao', json.dumps(d, ensure_ascii=False))
cut = raw.index('东胜区统计局'.encode()) + 4  # in the middle of 胜
w('truncated-in-character.nianbao', raw[:cut])
replace_once('lone-surrogate.nianbao', '"agency": "东胜区统计局"', '"agency": "\\ud800东胜区统计局"')
w('two-documents.nianbao', raw + raw)
w('scalar-then-object.nianbao', b'0' + raw)
PY
mkfifo "$tmp/fifo.nianbao"
mkdir "$tmp/folder.nianbao"
truncate -s 70M "$tmp/too-large.nianbao"

n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

# check NAME EXPECTED-EXIT WORDS-THE-MESSAGE-MUST-HOLD…
check() {
  local name=$1 want=$2 start end ms rc good=0 word
  shift 2
  start=$(date +%s%N)
  timeout 30 "$NIANBAO" --check "$tmp/$name" >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  if [ "$rc" != "$want" ]; then
    echo "# $name: exit $rc, expected $want" >&2; good=1
  fi
  if [ "$ms" -gt $((limit * 1000)) ]; then
    echo "# $name: took $ms ms (limit ${limit}s)" >&2; good=1
  fi
  if [ "$want" = 2 ]; then
    # The message names the file and is valid UTF-8 (it may be shown in a dialog).
    grep -q "$name" "$tmp/err" || { echo "# $name: message does not name the file" >&2; good=1; }
    iconv -f UTF-8 -t UTF-8 "$tmp/err" >/dev/null 2>&1 || { echo "# $name: message is not UTF-8" >&2; good=1; }
    [ "$(wc -c <"$tmp/err")" -lt 2000 ] || { echo "# $name: message longer than 2000 bytes" >&2; good=1; }
  fi
  for word in "$@"; do
    grep -qi -- "$word" "$tmp/err" || { echo "# $name: message lacks “$word”" >&2; good=1; }
  done
  [ $good = 0 ] || sed 's/^/# stderr: /' "$tmp/err" | head -c 600 >&2
  ok $good "$name: exit $want in ${ms} ms${*:+, message says: $*}"
}

echo "1..43"
check empty.nianbao 2 "empty"
check spaces.nianbao 2 "not a Nianbao report"
check nul.nianbao 2 "UTF-8"
check all-nul.nianbao 2 "UTF-8"
check bad-utf8.nianbao 2 "UTF-8"
check utf16.nianbao 2 "UTF-8"
check bom.nianbao 0
check nest-arrays.nianbao 2 "nested too deeply"
check nest-objects.nianbao 2 "nested too deeply"
check nest-closed.nianbao 2 "nested too deeply"
check long-paragraph.nianbao 0
check many-paragraphs.nianbao 0
check many-values.nianbao 2 "too many values"
check long-key.nianbao 2 "unknown member" "…"
check float-count.nianbao 2 "cells.requests.new.natural" "whole number"
check object-count.nianbao 2 "cells.requests.new.natural" "whole number"
check array-count.nianbao 2 "cells.requests.new.natural" "whole number"
check string-count.nianbao 2 "cells.requests.new.natural" "whole number"
check bool-count.nianbao 2 "cells.requests.new.natural" "whole number"
check huge-float.nianbao 2 "cells.requests.new.natural" "whole number"
check big-int.nianbao 2 "requests.new.natural"
check max-counts.nianbao 1
# The totals overflow: reported as an error, never a crash or a wrap-around.
grep -q '^error R1 requests.new.total,' "$tmp/out"
ok $? "max-counts.nianbao: the overflowing total is reported (R1)"
check float-amount.nianbao 2 "cells.proactive.fee.amount" "string"
check duplicate.nianbao 2 "requests.new.natural" "twice"
check duplicate-escaped.nianbao 2 "requests.new.natural" "twice"
check array.nianbao 2 "not a Nianbao report"
check string.nianbao 2 "not a Nianbao report"
check number.nianbao 2 "not a Nianbao report"
check null.nianbao 2 "not a Nianbao report"
check unknown-template.nianbao 2 "unknown form" "gov-disclosure-2099"
check template-object.nianbao 2 "template"
check newer.nianbao 2 "newer version"
check truncated-in-character.nianbao 2 "damaged"
check lone-surrogate.nianbao 2 "half of a character"
check two-documents.nianbao 2 "more data after the end"
check scalar-then-object.nianbao 2 "more data after the end"
check fifo.nianbao 2 "pipe"
check folder.nianbao 2 "folder"
check too-large.nianbao 2 "too large"
check does-not-exist.nianbao 2 "No such file"

# Read permission: root reads everything, so drop to nobody where we can.
cp "$sample" "$tmp/unreadable.nianbao"
chmod 000 "$tmp/unreadable.nianbao"
if [ "$(id -u)" != 0 ]; then
  check unreadable.nianbao 2 "Permission denied"
elif command -v setpriv >/dev/null && chmod 755 "$tmp" &&
     setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NIANBAO" --check "$tmp/unreadable.nianbao" 2>&1 </dev/null)
  rc=$?
  ok $([ $rc = 2 ] && echo "$out" | grep -q "Permission denied" && echo 0 || echo 1) \
    "unreadable.nianbao (as nobody): exit 2, message says: Permission denied"
else
  echo "ok $((n = n + 1)) # SKIP cannot drop root privileges here (no setpriv)"
fi

# And after all of that the sample still checks clean: nothing was cached wrongly.
"$NIANBAO" --check "$sample" >/dev/null 2>&1
ok $? "the sample still checks clean"

exit $fail
