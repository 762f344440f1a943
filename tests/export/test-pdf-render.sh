#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Rendered-page comparison: every page of the sample's PDF, rasterised by
# poppler, against reviewed reference images (tests/export/golden/pdf/).
# A page may differ by anti-aliasing, not by a moved line, a lost table rule
# or a different font. NB_UPDATE_GOLDEN=1 rewrites the references (review
# them by eye before committing).
set -euo pipefail

echo "1..1"
sample="$NB_SOURCE_DIR/data/samples/dongsheng-tongjiju-2023.nianbao"
golden="$NB_SOURCE_DIR/tests/export/golden/pdf"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A fixed creation date: the signature's date comes from it.
SOURCE_DATE_EPOCH=1700000000 "$NIANBAO" --export-pdf "$work/sample.pdf" "$sample"
pdftoppm -r 40 -gray -png "$work/sample.pdf" "$work/page"

if [ "${NB_UPDATE_GOLDEN:-}" = 1 ]; then
  rm -f "$golden"/page-*.png
  for f in "$work"/page-*.png; do
    # Strip the timestamps so a re-run gives byte-identical files.
    convert "$f" -strip "$golden/$(basename "$f")"
  done
  echo "ok 1 - references rewritten in $golden # SKIP"
  exit 0
fi

n_ref=$(find "$golden" -name 'page-*.png' | wc -l)
if [ "$n_ref" -eq 0 ]; then
  echo "not ok 1 - no reference images in $golden (NB_UPDATE_GOLDEN=1 makes them)"
  exit 1
fi
n_out=$(ls "$work"/page-*.png | wc -l)
if [ "$n_ref" -ne "$n_out" ]; then
  echo "not ok 1 - $n_out pages, the references have $n_ref"
  exit 1
fi

status=0
for ref in "$golden"/page-*.png; do
  out="$work/$(basename "$ref")"
  size=$(identify -format '%w %h' "$ref")
  if [ "$size" != "$(identify -format '%w %h' "$out")" ]; then
    echo "# $(basename "$ref"): size $(identify -format '%w %h' "$out"), expected $size"
    status=1
    continue
  fi
  # Pixels whose grey differs by more than a tenth: a glyph or rule moved, a
  # watermark appeared; anti-aliasing noise stays below.
  diff=$(compare -metric AE -fuzz 10% "$ref" "$out" null: 2>&1 || true)
  total=$(( ${size% *} * ${size#* } ))
  limit=$(( total / 200 ))
  echo "# $(basename "$ref"): $diff of $total pixels differ (limit $limit)"
  if ! [[ "$diff" =~ ^[0-9]+$ ]] || [ "$diff" -gt "$limit" ]; then
    status=1
  fi
done

if [ $status -eq 0 ]; then
  echo "ok 1 - $n_out pages match the references"
else
  echo "not ok 1 - pages differ from the references"
fi
exit $status
