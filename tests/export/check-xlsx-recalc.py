#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""LibreOffice recalculation test (TAP).

usage: check-xlsx-recalc.py REPORT.nianbao

Exports REPORT with `$NIANBAO --export-xlsx`, overwrites the cached result
of every formula in a copy with -1, lets LibreOffice load that copy with
recalculation forced on (a throw-away profile whose registrymodifications.xcu
sets OOXMLRecalcMode to 0) and save it again, then finds every recalculated
total equal to the result our workbook cached. The -1s prove LibreOffice
really recalculated; equal results prove the formulas sum the right cells
and the cached values are right. One conversion, about five seconds.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

results = []


def tap(ok, name):
    results.append((ok, name))
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}", flush=True)


def tamper(src, dst):
    """Copy the workbook with every cached formula result replaced by -1."""
    n = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, k = re.subn(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1<v>-1</v>", data.decode("utf-8"))
                n += k
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return n


def main():
    report = sys.argv[1]
    nianbao = os.environ["NIANBAO"]
    soffice = shutil.which("soffice")
    print("1..6", flush=True)
    if soffice is None:
        print("Bail out! soffice (libreoffice-calc) is not installed")
        return 1

    with tempfile.TemporaryDirectory(prefix="nb-recalc-") as tmp:
        ours = os.path.join(tmp, "ours.xlsx")
        status = subprocess.run([nianbao, "--export-xlsx", ours, report]).returncode
        tap(status in (0, 1) and os.path.exists(ours), f"exported with status {status}")

        wb = openpyxl.load_workbook(ours)
        cached = openpyxl.load_workbook(ours, data_only=True)["报表"]
        ws = wb["报表"]
        formulas = {}
        values = {}
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    formulas[c.coordinate] = cached[c.coordinate].value
                elif isinstance(c.value, (int, float)):
                    values[c.coordinate] = c.value
        nonzero = sum(1 for v in formulas.values() if v)
        tap(len(formulas) > 0 and nonzero > 0 and all(v is not None for v in formulas.values()),
            f"{len(formulas)} formulas with cached results, {nonzero} of them non-zero")

        tampered = os.path.join(tmp, "tampered.xlsx")
        n = tamper(ours, tampered)
        tap(n == len(formulas), f"{n} cached results overwritten")

        profile = os.path.join(tmp, "profile")
        os.makedirs(os.path.join(profile, "user"))
        with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
            f.write(XCU)
        outdir = os.path.join(tmp, "out")
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, tampered]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240,
                              env=dict(os.environ, HOME=tmp))
        converted = os.path.join(outdir, "tampered.xlsx")
        tap(proc.returncode == 0 and os.path.exists(converted),
            f"LibreOffice converted the workbook ({proc.returncode}) {proc.stderr.strip()[:200]}")
        if not os.path.exists(converted):
            return 1

        lo = openpyxl.load_workbook(converted, data_only=True)["报表"]
        bad = [(k, v, lo[k].value) for k, v in formulas.items() if lo[k].value != v]
        for k, want, got in bad[:20]:
            print(f"# {k}: LibreOffice recalculated {got!r}, we cached {want!r}")
        tap(not bad, f"every recalculated total equals its cached result ({len(formulas)} totals)")

        changed = [(k, v, lo[k].value) for k, v in values.items() if lo[k].value != v]
        for k, want, got in changed[:20]:
            print(f"# {k}: {got!r} after LibreOffice, {want!r} written")
        tap(not changed, f"{len(values)} typed values unchanged (totals as published stay)")

    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
