#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-po.sh SOURCE_ROOT — the po-complete test.
#
# Fails (exit 1, naming the culprits) when:
#   - po/POTFILES.in is not sorted (LC_ALL=C), has duplicates, or lists a file that does not exist;
#   - a file under app/ or resources/ with translatable strings (_("…"), N_, C_, NC_, ngettext,
#     translatable="yes") is missing from po/POTFILES.in (po/POTFILES.skip may exempt a file);
#   - a language in po/LINGUAS, merged with a fresh template, has untranslated or fuzzy messages,
#     or fails `msgfmt --check`.
# The template is made with the same keywords and flags as meson's i18n 'glib' preset.
# With NIANBAO_POT_OUT=FILE set, the fresh template is also copied to FILE, so a translator can
# `msgmerge --update po/zh_CN.po FILE` without a full build (or use `meson compile nianbao-update-po`).

set -euo pipefail
export LC_ALL=C.UTF-8
unset LANGUAGE

if [[ $# -ne 1 || ! -f "$1/po/POTFILES.in" ]]; then
  echo "usage: $0 SOURCE_ROOT (a folder holding po/POTFILES.in)" >&2
  exit 2
fi
srcdir=$(cd "$1" && pwd)
pot_out=${NIANBAO_POT_OUT:-}
if [[ -n "$pot_out" && "$pot_out" != /* ]]; then
  pot_out="$PWD/$pot_out"
fi
cd "$srcdir"

for tool in xgettext msgmerge msgfmt msgattrib grep sort; do
  if ! command -v "$tool" >/dev/null; then
    echo "error: $tool not found (install gettext)" >&2
    exit 1
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# The entries of a POTFILES-style file: no comments, no blank lines, no surrounding blanks.
entries () {
  [[ -f "$1" ]] || return 0
  sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

entries po/POTFILES.in > "$tmp/listed"
entries po/POTFILES.skip > "$tmp/skipped"

# 1. Sorted, unique, existing.
if ! LC_ALL=C sort -u "$tmp/listed" | cmp -s - "$tmp/listed"; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C) or has duplicates; it should read:"
  LC_ALL=C sort -u "$tmp/listed" | sed 's/^/  /'
  failed=1
fi
while IFS= read -r f; do
  if [[ ! -f "$f" ]]; then
    echo "po/POTFILES.in lists a file that does not exist: $f"
    failed=1
  fi
done < "$tmp/listed"

# 2. Every file with translatable strings is listed.
pattern='(^|[^A-Za-z0-9_])((N|C|NC)?_|g_dn?gettext|g_dpgettext2?|n?gettext) ?\(|translatable="yes"'
dirs=()
for d in app resources; do
  [[ -d "$d" ]] && dirs+=("$d")
done
if [[ ${#dirs[@]} -gt 0 ]]; then
  grep -rlIE --exclude-dir=.git -e "$pattern" "${dirs[@]}" | LC_ALL=C sort > "$tmp/found" || true
else
  : > "$tmp/found"
fi
LC_ALL=C sort -u "$tmp/listed" "$tmp/skipped" > "$tmp/known"
LC_ALL=C comm -23 "$tmp/found" "$tmp/known" > "$tmp/missing"
if [[ -s "$tmp/missing" ]]; then
  echo "files with translatable strings missing from po/POTFILES.in:"
  sed 's/^/  /' "$tmp/missing"
  failed=1
fi

if [[ $failed -ne 0 ]]; then
  exit 1
fi

# 3. A fresh template, then every language merged against it must be complete.
xgettext \
  --from-code=UTF-8 --add-comments --package-name=nianbao \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  --files-from="$tmp/listed" --output="$tmp/nianbao.pot"

if [[ ! -f "$tmp/nianbao.pot" ]]; then
  # xgettext writes nothing when no string was found.
  echo "no translatable strings found in the files of po/POTFILES.in"
  exit 1
fi
if [[ -n "$pot_out" ]]; then
  cp "$tmp/nianbao.pot" "$pot_out"
fi

# A format macro pasted into a literal (_("… %" G_GINT64_FORMAT " …")) cuts the msgid short, so
# the message is never translated at run time. Format the number into a "%s" argument instead.
msgcat --no-wrap --no-location "$tmp/nianbao.pot" | grep -E '^msgid "(.*[^%])?(%%)*%"$' \
  | sed 's/^msgid /warning: msgid cut short by a format macro: /' >&2 || true

while IFS= read -r lang; do
  po="po/$lang.po"
  if [[ ! -f "$po" ]]; then
    echo "$lang is in po/LINGUAS but $po does not exist"
    failed=1
    continue
  fi
  merged="$tmp/$lang.po"
  msgmerge --quiet --previous "$po" "$tmp/nianbao.pot" --output-file="$merged"
  if ! stats=$(msgfmt --check --statistics --output-file=/dev/null "$merged" 2>&1); then
    echo "$po: msgfmt --check failed:"
    printf '  %s\n' "$stats"
    failed=1
    continue
  fi
  echo "$po: $stats"
  if [[ "$stats" == *untranslated* || "$stats" == *fuzzy* ]]; then
    echo "$po needs work after merging with the current sources:"
    msgattrib --untranslated --no-obsolete --no-wrap "$merged" | grep -A1 '^msgid ' | grep -v '^msgid ""$' \
      | grep '^msgid ' | sed 's/^msgid /  untranslated: /' || true
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged" | grep '^msgid ' | grep -v '^msgid ""$' \
      | sed 's/^msgid /  fuzzy: /' || true
    failed=1
  fi
done < <(entries po/LINGUAS)

exit "$failed"
