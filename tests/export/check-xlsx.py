#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read a Nianbao workbook back with openpyxl and compare it with the
expectation test-xlsx writes from the model (template, report, rules).

usage: check-xlsx.py WORKBOOK EXPECTATION.json

Exits 0 when everything matches; otherwise prints every failure and exits 1.
"""

import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal

import openpyxl
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries

SHEETS = ["报表", "文字", "数据", "校验"]
DATA_HEADINGS = ["单元格编号", "表", "行", "列", "数值"]
DIAG_HEADINGS = ["规则", "级别", "单元格", "应为", "实为", "说明"]
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
MISMATCH_FILL = "FFFFC7CE"
NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "op": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}

failures = []
EXP = {}


def fail(msg):
    failures.append(msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def rc(coord):
    """'$B$5' → (row, col), 1-based."""
    col, row = coordinate_from_string(coord.replace("$", ""))
    return row, column_index_from_string(col)


def expand(ref):
    """'$B$5:$C$6' → {(5,2),(5,3),(6,2),(6,3)}"""
    ref = ref.replace("$", "")
    if ":" in ref:
        c1, r1, c2, r2 = range_boundaries(ref)
    else:
        r1, c1 = rc(ref)
        r2, c2 = r1, c1
    return {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}


REF_RE = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?")


def formula_cells(formula):
    cells = set()
    for ref in REF_RE.findall(formula):
        cells |= expand(ref)
    return cells


def num(text):
    return float(Decimal(text))


def main():
    path, expect_path = sys.argv[1], sys.argv[2]
    exp = json.load(open(expect_path, encoding="utf-8"))
    EXP.update(exp)
    wb = openpyxl.load_workbook(path)
    wbv = openpyxl.load_workbook(path, data_only=True)

    if not check(wb.sheetnames == SHEETS, f"sheets {wb.sheetnames} != {SHEETS}"):
        return

    meta = {m["key"]: m["value"] for m in exp["meta"]}
    agency = meta["agency"]
    year = exp["year"]
    title = f"{agency}{year}年{exp['report_title']}" if year else f"{agency}{exp['report_title']}"

    check_properties(path, exp, meta, title)
    names = check_form(wb, wbv, exp, title, agency)
    check_prose(wb, exp, title, meta)
    check_data(wb, exp, meta)
    check_diagnostics(wb, exp)

    if failures:
        for f in failures[:60]:
            print("FAIL:", f)
        if len(failures) > 60:
            print(f"... and {len(failures) - 60} more")
        sys.exit(1)
    print(f"ok: {path}: {len(exp['cells'])} cells, {len(names)} names, "
          f"{len(exp['diagnostics'])} diagnostics")


def check_properties(path, exp, meta, title):
    with zipfile.ZipFile(path) as z:
        core = ET.fromstring(z.read("docProps/core.xml"))
        app = ET.fromstring(z.read("docProps/app.xml"))
        custom = ET.fromstring(z.read("docProps/custom.xml"))
    check(core.findtext("dc:title", namespaces=NS) == title,
          f"title {core.findtext('dc:title', namespaces=NS)!r} != {title!r}")
    author = meta["signer"] or meta["agency"]
    check(core.findtext("dc:creator", namespaces=NS) == author, "author")
    check(core.findtext("dc:subject", namespaces=NS) == exp["template_name"], "subject")
    check(core.findtext("dcterms:created", namespaces=NS) == exp["created"],
          f"created {core.findtext('dcterms:created', namespaces=NS)} != {exp['created']}")
    check(app.findtext("ep:Company", namespaces=NS) == meta["agency"], "company")
    props = {}
    for p in custom.findall("op:property", NS):
        value = list(p)[0]
        props[p.get("name")] = value.text
    check(props.get("template") == exp["template"], f"custom template {props.get('template')}")
    if exp["year"]:
        check(props.get("year") == str(exp["year"]), f"custom year {props.get('year')}")


def anchors_of(ws):
    """Top-left cell of every merged range → (rows, cols) spanned."""
    spans = {}
    for m in ws.merged_cells.ranges:
        spans[(m.min_row, m.min_col)] = (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
    return spans


def check_form(wb, wbv, exp, title, agency):
    ws, wsv = wb["报表"], wbv["报表"]
    merges = list(ws.merged_cells.ranges)
    spans = anchors_of(ws)

    # No two merged ranges overlap (Excel would "repair" the file).
    covered = {}
    for m in merges:
        for cell in expand(m.coord):
            if cell in covered:
                fail(f"merged ranges {covered[cell]} and {m.coord} overlap")
            covered[cell] = m.coord
        if m.min_row == m.max_row and m.min_col == m.max_col:
            fail(f"single-cell merge {m.coord}")

    # Every data cell has a defined name: its id.
    names = {}
    for dn in wb.defined_names.definedName:
        dest = list(dn.destinations)
        if len(dest) == 1 and dest[0][0] == "报表":
            names[dn.name] = rc(dest[0][1])
    cells = {c["id"]: c for c in exp["cells"]}
    for cid in cells:
        check(cid in names, f"no defined name for {cid}")
    if failures:
        return names
    at = {names[cid]: cid for cid in cells}

    # The title.
    check(ws["A1"].value == title, f"title cell {ws['A1'].value!r}")
    check(ws["A1"].font.b, "title not bold")

    # Each table: its heading, then its grid row for row. Every grid cell of
    # a row lands in the same sheet row, in column order, labels verbatim,
    # merged over exactly its rows, and a grid column boundary always maps to
    # the same sheet column.
    heading_rows = {}
    for r in range(1, ws.max_row + 1):
        v = ws.cell(r, 1).value
        if isinstance(v, str):
            heading_rows.setdefault(v, r)
    table_tops = {}
    for table in exp["tables"]:
        if not check(table["title"] in heading_rows, f"no heading {table['title']}"):
            continue
        top = heading_rows[table["title"]] + 1
        table_tops[table["id"]] = top
        boundary = {}
        by_row = {}
        for g in table["grid"]:
            by_row.setdefault(g["row"], []).append(g)
        for grow, gcells in sorted(by_row.items()):
            srow = top + grow
            gcells.sort(key=lambda g: g["col"])
            sheet = []
            for col in range(1, ws.max_column + 1):
                pos = (srow, col)
                if pos in spans or pos in at or (ws.cell(*pos).value is not None and pos not in covered):
                    sheet.append(col)
            if not check(len(sheet) == len(gcells),
                         f"{table['id']} row {grow}: {len(gcells)} grid cells, sheet has {len(sheet)} at row {srow}"):
                continue
            for g, col in zip(gcells, sheet):
                rows, cols = spans.get((srow, col), (1, 1))
                if g["role"] == "data":
                    check(at.get((srow, col)) == g["cell"],
                          f"{g['cell']} expected at row {srow} col {col}, name says {names.get(g['cell'])}")
                    if cells[g["cell"]]["kind"] == "amount":
                        pass
                else:
                    value = ws.cell(srow, col).value
                    check((value or "") == (g["text"] or ""),
                          f"label {value!r} != {g['text']!r} at row {srow} col {col}")
                    check(ws.cell(srow, col).font.name == "宋体",
                          f"label font {ws.cell(srow, col).font.name} at {srow},{col}")
                    check(ws.cell(srow, col).protection.locked, f"label {g['text']} unlocked")
                    check(ws.cell(srow, col).border.left.style == "thin", f"label {g['text']} has no border")
                check(rows == g["row_span"], f"{g['text'] or g['cell']}: merged over {rows} rows, not {g['row_span']}")
                for gb, sb in ((g["col"], col), (g["col"] + g["col_span"], col + cols)):
                    if boundary.setdefault(gb, sb) != sb:
                        fail(f"{table['id']}: grid column {gb} maps to sheet columns {boundary[gb]} and {sb}")

    # Values, formulas with cached results, mismatches, blanks.
    n_formulas = 0
    for cid, c in cells.items():
        r, col = names[cid]
        cell, cached = ws.cell(r, col), wsv.cell(r, col).value
        formula = c["parts"] is not None and c["agrees"] and c["value"] is not None
        # A total kept by its SUM formula is locked like the window's computed
        # totals; every other cell (data, a blank or a disagreeing total) is open.
        check(cell.protection.locked is formula,
              f"{cid} is {'locked' if cell.protection.locked else 'unlocked'}")
        check(cell.border.left.style == "thin", f"{cid} has no border")
        if c["value"] is None:
            check(cell.value is None and cached is None, f"{cid} blank but holds {cell.value!r}")
            continue
        want = num(c["value"])
        if c["parts"] is not None and c["agrees"]:
            n_formulas += 1
            if check(isinstance(cell.value, str) and cell.value.startswith("=SUM("),
                     f"{cid}: total that agrees is {cell.value!r}, not a SUM formula"):
                refs = formula_cells(cell.value)
                part_pos = {names[p] for p in c["parts"]}
                check(refs & set(at) == part_pos,
                      f"{cid}: formula {cell.value} sums {sorted(at[p] for p in refs & set(at))}")
                check(all(ws.cell(*p).value is None for p in refs - set(at)),
                      f"{cid}: formula {cell.value} covers non-data cells")
            check(cached == want, f"{cid}: cached {cached!r} != {want}")
            check(cell.fill.fgColor.rgb != MISMATCH_FILL, f"{cid} agrees but is highlighted")
        else:
            check(not (isinstance(cell.value, str)), f"{cid}: {cell.value!r} is not a number")
            check(cell.value == want, f"{cid}: {cell.value!r} != {want}")
            if c["parts"] is not None:
                check(cell.fill.fgColor.rgb == MISMATCH_FILL, f"{cid}: disagrees but is not highlighted")
        if c["kind"] == "amount":
            scale = len(c["value"].split(".")[1]) if "." in c["value"] else 0
            fmt = "0." + "0" * scale if scale else "0"
            check(cell.number_format == fmt, f"{cid}: format {cell.number_format!r} != {fmt!r}")
        else:
            check(cell.number_format in ("0", "General"), f"{cid}: format {cell.number_format!r}")

    # Conditional formats: each total is watched against its parts.
    watched = {}
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            if rule.type == "expression":
                for pos in expand(str(rng.sqref)):
                    watched.setdefault(pos, []).extend(rule.formula)
    for cid, c in cells.items():
        if c["parts"] is None:
            continue
        pos = names[cid]
        formulas = watched.get(pos, [])
        want = {pos} | {names[p] for p in c["parts"]} | {names[p] for p in c.get("other_parts", [])}
        check(any(formula_cells(f) & set(at) == want for f in formulas),
              f"{cid}: no conditional format comparing it with its parts ({formulas})")
    check(len(ws.conditional_formatting) == sum(1 for c in cells.values() if c["parts"] is not None),
          "one conditional format per total")

    # Validation: whole numbers >= 0 for counts, decimals >= 0 for amounts.
    validated = {}
    for dv in ws.data_validations.dataValidation:
        for pos in expand_multi(dv.sqref):
            validated[pos] = dv
    for cid, c in cells.items():
        dv = validated.get(names[cid])
        if not check(dv is not None, f"{cid}: no data validation"):
            continue
        if c["kind"] == "count":
            check(dv.type == "whole" and dv.operator == "greaterThanOrEqual" and dv.formula1 == "0",
                  f"{cid}: validation {dv.type} {dv.operator} {dv.formula1}")
        elif c["kind"] == "amount":
            check(dv.type == "decimal" and dv.operator == "greaterThanOrEqual" and dv.formula1 == "0",
                  f"{cid}: validation {dv.type} {dv.operator} {dv.formula1}")
            # The unit the message names is the column's own, or none.
            unit = re.search(r"单位：[^）]*", c["col_label"])
            check((unit.group(0) in (dv.error or "")) if unit else "单位" not in (dv.error or ""),
                  f"{cid}: validation message {dv.error!r} for column {c['col_label']!r}")
        else:
            check(dv.type == "whole", f"{cid}: validation {dv.type}")
        check(dv.showErrorMessage and dv.errorStyle in (None, "stop"), f"{cid}: validation does not stop")

    # Protected without a password.
    check(ws.protection.sheet, "报表 not protected")
    check(not ws.protection.password, "报表 has a password")

    # A4, fit to one page wide, repeated header rows, header and footer.
    check_print(ws, agency, portrait=True)
    rows = ws.print_title_rows
    if check(rows, "no repeated header rows"):
        first, last = [int(x) for x in rows.replace("$", "").split(":")]
        ok = False
        for table in exp["tables"]:
            top = table_tops.get(table["id"])
            if top == first and last == top + table["n_leading_header_rows"] - 1:
                ok = True
        check(ok, f"repeated rows {rows} are not the header rows of a table")
    for col in range(1, ws.max_column + 1):
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width
        check(width is not None and width >= 5, f"column {col} width {width}")
    for r, dim in ws.row_dimensions.items():
        check(dim.height is None or dim.height <= 409, f"row {r} height {dim.height}")
    check(ws.sheet_view.showGridLines is False, "报表 shows gridlines")
    print(f"报表: {len(merges)} merges, {n_formulas} formulas")
    return names


def expand_multi(sqref):
    cells = set()
    for part in str(sqref).split():
        cells |= expand(part)
    return cells


def check_print(ws, agency, portrait):
    right_title = f"{EXP['year']}年{EXP['report_title']}" if EXP["year"] else EXP["report_title"]
    ps = ws.page_setup
    check(str(ps.paperSize) == "9", f"{ws.title}: paper {ps.paperSize}, not A4")
    check(ps.orientation == ("portrait" if portrait else "landscape"), f"{ws.title}: {ps.orientation}")
    check(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage,
          f"{ws.title}: not fit to page")
    check(ps.fitToWidth in (None, 1) and ps.fitToHeight == 0,
          f"{ws.title}: fit {ps.fitToWidth}×{ps.fitToHeight}, not one page wide")
    header = ws.oddHeader
    left = header.left.text or ""
    check(len("&L" + left + "&R" + (header.right.text or "")) <= 255, f"{ws.title}: header too long")
    shown = left.replace("&&", "&")
    check(shown.rstrip("…") and agency.startswith(shown.rstrip("…")), f"{ws.title}: header {left!r}")
    check((header.right.text or "").replace("&&", "&") == right_title, f"{ws.title}: header right {header.right.text!r}")
    check("&P" in (ws.oddFooter.center.text or ""), f"{ws.title}: footer has no page number")


def official_date(text):
    """2024-01-05, 2024/1/5, 2024.01.05, 2024年01月05日 → 2024年1月5日; else as typed."""
    parts = re.split(r"[-/.年月日]", text)
    if len(parts) == 4 and parts[3] == "":
        parts = parts[:3]
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        import datetime
        try:
            datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
        except ValueError:
            pass
    return text


def check_prose(wb, exp, title, meta):
    labels = {m["key"]: m["label"] for m in exp["meta"]}
    ws = wb["文字"]
    texts = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    texts = [t for t in texts if t is not None]
    expected = [title]
    for section in exp["prose"]:
        if section["title"]:
            expected.append(section["title"])
        expected.extend(section["blocks"])
    # Closed as the PDF closes: the contact details (address, postcode,
    # phone, with the form's labels), the signer or else the agency, and the
    # date as 2024年1月5日.
    contact = "；".join(f"{labels[k]}：{meta[k].strip()}" for k in ("address", "postcode", "phone")
                       if meta[k].strip())
    if contact:
        expected.append(contact + "。")
    name = meta["signer"].strip() or meta["agency"].strip()
    if name:
        expected.append(name)
    if meta["date"].strip():
        expected.append(official_date(meta["date"].strip()))
    # A paragraph too tall for one row continues in the next rows.
    i = 0
    for want in expected:
        got = ""
        while i < len(texts) and len(got) < len(want) and want.startswith(got + texts[i]):
            got += texts[i]
            i += 1
        if got != want:
            fail(f"文字: expected {want[:40]!r}…, found {texts[i][:40] if i < len(texts) else None!r}")
            return
    check(i == len(texts), f"文字: {len(texts) - i} unexpected rows")
    for r, dim in ws.row_dimensions.items():
        check(dim.height is None or dim.height <= 409, f"文字 row {r} height {dim.height}")
    check(ws.cell(3, 1).alignment.wrap_text or ws.cell(2, 1).alignment.wrap_text, "文字 does not wrap")
    check_print(ws, meta["agency"], portrait=True)


def check_data(wb, exp, meta):
    ws = wb["数据"]
    head = [ws.cell(1, c).value for c in range(1, 6)]
    check(head == DATA_HEADINGS, f"数据 headings {head}")
    n = len(exp["cells"])
    check(ws.cell(n + 2, 1).value is None, "数据 has rows after the cells")
    if exp["template"] == "gov-disclosure-2021":
        check(n == 200, f"{n} cells in the 2021 template, not 200")
    for i, c in enumerate(exp["cells"]):
        r = i + 2
        cid, table, row, col, value = (ws.cell(r, k).value for k in range(1, 6))
        check(cid == c["id"], f"数据 row {r}: {cid} != {c['id']}")
        path = " / ".join([table] + ([row] if row else []) + [col])
        check(path == c["label_path"], f"数据 {cid}: {path!r} != {c['label_path']!r}")
        if c["value"] is None:
            check(value is None, f"数据 {cid}: blank written as {value!r}")
        else:
            check(value == num(c["value"]), f"数据 {cid}: {value!r} != {c['value']}")
    # The meta block beside the cells.
    head = [ws.cell(1, c).value for c in range(7, 10)]
    check(head == ["字段", "项目", "内容"], f"数据 meta headings {head}")
    found = {}
    for r in range(2, 20):
        key = ws.cell(r, 7).value
        if key is not None:
            found[key] = ws.cell(r, 9).value
    for key, value in meta.items():
        got = found.get(key)
        if key == "year" and value:
            check(got == int(value), f"数据 meta year {got!r}")
        else:
            check((got or "") == value, f"数据 meta {key}: {got!r} != {value!r}")
    check(found.get("template") == exp["template"], "数据 meta template")
    check(ws.freeze_panes == "A2", "数据 header row not frozen")
    check_print(ws, meta["agency"], portrait=False)


def check_diagnostics(wb, exp):
    ws = wb["校验"]
    head = [ws.cell(1, c).value for c in range(1, 7)]
    check(head == DIAG_HEADINGS, f"校验 headings {head}")
    diags = exp["diagnostics"]
    if not diags:
        check("校验通过" in (ws.cell(2, 1).value or ""), f"clean line {ws.cell(2, 1).value!r}")
        check(ws.max_row == 2, "校验 has more than the clean line")
        return
    for i, d in enumerate(diags):
        r = i + 2
        check(ws.cell(r, 1).value == d["rule"], f"校验 row {r}: rule {ws.cell(r, 1).value}")
        check(ws.cell(r, 2).value == SEVERITY[d["severity"]], f"校验 row {r}: severity")
        check((ws.cell(r, 3).value or "") == ", ".join(d["cells"]), f"校验 row {r}: cells")
        check(ws.cell(r, 6).value == d["message"], f"校验 row {r}: message {ws.cell(r, 6).value!r}")
    check(ws.cell(len(diags) + 2, 1).value is None, "校验 has extra rows")


if __name__ == "__main__":
    main()
