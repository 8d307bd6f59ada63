"""Open workbooks in LibreOffice (one headless session) and report what it makes of them.

Run by tests/test_office.py with the Python that has LibreOffice's UNO bridge (Debian's
``python3-uno``, i.e. /usr/bin/python3), not the project's virtualenv::

    python3 tests/office_uno.py PROFILE_DIR OUT_DIR a.xlsx b.xlsx ...

For each workbook it writes OUT_DIR/<stem>.pdf (every visible sheet, as a clerk prints it) and
prints one JSON line: the file, the PDF, and every row whose height LibreOffice's own "optimal
height" (what the program computes the row's text needs) exceeds the height the file states.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid

import uno  # type: ignore[import-not-found]

TOLERANCE = 35  # 1/100 mm: one point


def _property(name: str, value: object) -> object:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


def _connect(profile: str) -> tuple[subprocess.Popen[bytes], object]:
    pipe = f"catalog-{uuid.uuid4().hex}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
         "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.monotonic() > deadline or office.poll() is not None:
                office.kill()
                raise SystemExit("LibreOffice did not start") from None
            time.sleep(0.25)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                               context)
    return office, desktop


def _short_rows(document: object) -> list[dict[str, object]]:
    short = []
    sheets = document.Sheets  # type: ignore[attr-defined]
    for index in range(sheets.Count):
        sheet = sheets.getByIndex(index)
        if not sheet.IsVisible:
            continue
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        rows = sheet.Rows
        for row in range(cursor.RangeAddress.EndRow + 1):
            line = rows.getByIndex(row)
            stated = line.Height
            line.OptimalHeight = True
            needed = line.Height
            if needed > stated + TOLERANCE:
                short.append({"sheet": sheet.Name, "row": row + 1,
                              "stated_pt": round(stated / 35.28, 1),
                              "needed_pt": round(needed / 35.28, 1)})
    return short


def main(profile: str, out_dir: str, paths: list[str]) -> None:
    office, desktop = _connect(profile)
    try:
        for path in paths:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            document = desktop.loadComponentFromURL(url, "_blank", 0,
                                                    (_property("Hidden", True),))
            pdf = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0] + ".pdf")
            document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(pdf)),
                                (_property("FilterName", "calc_pdf_Export"),))
            short = _short_rows(document)  # after the PDF: measuring changes the heights
            document.close(True)
            print(json.dumps({"file": path, "pdf": pdf, "short_rows": short},
                             ensure_ascii=False), flush=True)
    finally:
        with contextlib.suppress(Exception):  # it may already be gone
            desktop.terminate()
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
