#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare two workbooks part by part, the way libxlsxwriter's own tests do:
unzip both, normalise every XML part (canonical XML: attribute order,
namespace prefixes and insignificant layout no longer matter) and compare.

usage: check-xlsx-golden.py GOT.xlsx REFERENCE.xlsx [--update]

--update copies GOT over REFERENCE after showing the differences: review
them, and the reference workbook (open it in a spreadsheet), before
committing.
"""

import difflib
import shutil
import sys
import zipfile
import xml.dom.minidom
import xml.etree.ElementTree as ET


def normalise(name, data):
    if not (name.endswith(".xml") or name.endswith(".rels")):
        return data
    canonical = ET.canonicalize(data.decode("utf-8"), strip_text=True)
    # One element per line, so a difference reads as a short diff.
    return xml.dom.minidom.parseString(canonical).toprettyxml(indent=" ")


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: normalise(n, z.read(n)) for n in z.namelist()}


def main():
    got_path, ref_path = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    got = parts(got_path)
    try:
        ref = parts(ref_path)
    except FileNotFoundError:
        ref = {}
    failed = False

    for name in sorted(set(got) | set(ref)):
        if name not in got:
            print(f"FAIL: {name} is missing")
            failed = True
        elif name not in ref:
            print(f"FAIL: {name} is not in the reference")
            failed = True
        elif got[name] != ref[name]:
            failed = True
            print(f"FAIL: {name} differs")
            if isinstance(got[name], str):
                diff = difflib.unified_diff(ref[name].splitlines(), got[name].splitlines(),
                                            "reference/" + name, "got/" + name, lineterm="", n=2)
                for i, line in enumerate(diff):
                    if i >= 80:
                        print("  ...")
                        break
                    print("  " + line)

    if failed and update:
        shutil.copyfile(got_path, ref_path)
        print(f"updated {ref_path}")
        return 0
    if failed:
        print(f"{got_path} differs from {ref_path} (rerun with --update after review)")
        return 1
    print(f"ok: {len(got)} parts equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
