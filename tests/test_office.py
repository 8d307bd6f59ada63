"""What catalog writes, opened and printed by a real spreadsheet program (LibreOffice headless).

One LibreOffice session opens a template, the official-layout exports of the bundled examples
and an annotated copy, prints each to PDF, and measures every row with the program's own
"optimal height". The tests check page counts and orientation, that the 检查结果 sheet fits the
page width, and that no row catalog lays out is shorter than LibreOffice says its text needs.
The first page of each PDF is kept as a PNG under test-artifacts/ for a reviewer to look at.

Skipped only where LibreOffice (``soffice``) is not installed; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from catalog import api
from catalog.formats import xlsx_writer
from catalog.workbooks.annotate import RESULTS_SHEET, annotate
from catalog.workbooks.template import INSTRUCTIONS_SHEET, write_template
from tests.layout_check import unfit_cells

ROOT = Path(__file__).parent.parent
ARTIFACTS = ROOT / "test-artifacts"
EXAMPLES = ROOT / "examples"
UNO_PYTHON = os.environ.get("CATALOG_UNO_PYTHON", "/usr/bin/python3")

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice (soffice) is not installed: apt-get install "
                              "libreoffice-calc-nogui fonts-noto-cjk poppler-utils python3-uno"),
]

A3_LANDSCAPE, A4_PORTRAIT = (1191, 842), (595, 842)  # PDF page sizes in points


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Write the workbooks, open them all in one LibreOffice session; results by name."""
    for tool in ("pdfinfo", "pdftoppm", "pdftotext"):
        assert shutil.which(tool), f"{tool} missing: apt-get install poppler-utils"
    work = tmp_path_factory.mktemp("office")
    files = {
        "template": work / "template.xlsx",
        "export-township": work / "export-township.xlsx",
        "export-typical-mistakes": work / "export-typical-mistakes.xlsx",
        "annotated": work / "annotated.xlsx",
    }
    write_template(files["template"], "social_assistance", "乡级", issuer="江上乡人民政府")
    for name, folder in (("export-township", "township-social-assistance"),
                         ("export-typical-mistakes", "typical-mistakes")):
        xlsx_writer.write(api.load(EXAMPLES / folder / "catalogue.json").document, files[name])
    source = EXAMPLES / "township-workbook" / "jiangshang-social-assistance.xlsx"
    findings = [f for result in api.check([source]) for f in result.findings]
    annotate(source, findings, files["annotated"])
    out = work / "pdf"
    out.mkdir()
    run = subprocess.run(
        [UNO_PYTHON, str(Path(__file__).parent / "office_uno.py"), str(work / "profile"),
         str(out), *map(str, files.values())],
        capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, (
        f"LibreOffice run failed (needs python3-uno for {UNO_PYTHON}):\n{run.stderr[-2000:]}")
    results = {}
    for line in run.stdout.splitlines():
        data = json.loads(line)
        name = next(key for key, path in files.items() if str(path) == data["file"])
        data["xlsx"] = files[name]
        data["pages"] = _pages(Path(data["pdf"]))
        results[name] = data
    ARTIFACTS.mkdir(exist_ok=True)
    for name, data in results.items():
        target = ARTIFACTS / name
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        data["pdf"], str(target)], check=True)
        shutil.copy(data["pdf"], ARTIFACTS / f"{name}.pdf")
        data["png"] = target.with_suffix(".png")
    return results


def _pages(pdf: Path) -> list[dict[str, Any]]:
    """Each page's size (points, rounded) and text."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    sizes = [tuple(round(float(v)) for v in line.split()[3:6:2])
             for line in info.splitlines() if line.startswith("Page") and "size:" in line]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [{"size": size, "text": page} for size, page in zip(sizes, text.split("\f"),
                                                                strict=False)]


def _sheet_pages(data: dict[str, Any], sheet: str) -> list[dict[str, Any]]:
    """Pages printed from one sheet: the footer names the sheet."""
    return [page for page in data["pages"] if sheet in page["text"].strip().splitlines()[-1]]


def test_export_of_the_example_prints_on_one_a3_landscape_page(
        office: dict[str, dict[str, Any]]) -> None:
    """10 items with long 公开依据: one A3 landscape page, title and headings on it."""
    pages = office["export-township"]["pages"]
    assert [page["size"] for page in pages] == [A3_LANDSCAPE]
    assert "江上乡社会救助领域基层政务公开标准目录" in pages[0]["text"]
    assert "公开渠道和载体" in pages[0]["text"]


def test_export_of_the_typical_mistakes_prints_landscape_within_bounds(
        office: dict[str, dict[str, Any]]) -> None:
    pages = office["export-typical-mistakes"]["pages"]
    assert 1 <= len(pages) <= 3
    assert {page["size"] for page in pages} == {A3_LANDSCAPE}


def test_template_prints_its_catalogue_landscape_and_its_notes_portrait(
        office: dict[str, dict[str, Any]]) -> None:
    data = office["template"]
    catalogue, notes = _sheet_pages(data, "社会救助"), _sheet_pages(data, INSTRUCTIONS_SHEET)
    # 12 national rows of 7 box lines each and 20 bordered rows for additions
    assert 1 <= len(catalogue) <= 3 and {p["size"] for p in catalogue} == {A3_LANDSCAPE}
    assert len(notes) == 1 and notes[0]["size"] == A4_PORTRAIT
    assert len(data["pages"]) == len(catalogue) + len(notes)
    for page in catalogue:  # title and headings repeated on every page
        assert "公开标准目录" in page["text"] and "公开内容" in page["text"]


def test_results_sheet_fits_the_page_width(office: dict[str, dict[str, Any]]) -> None:
    """Every page of 检查结果 shows the code and the whole message: no column on its own page."""
    data = office["annotated"]
    pages = _sheet_pages(data, RESULTS_SHEET)
    listed = openpyxl.load_workbook(data["xlsx"], read_only=True)[RESULTS_SHEET].max_row - 1
    assert listed >= 20  # the example has 20-odd findings: about a page and a half
    assert 1 <= len(pages) <= 3 and {p["size"] for p in pages} == {A4_PORTRAIT}
    assert sum(page["text"].count("[CAT") for page in pages) == listed  # none lost at a break
    for page in pages:
        text = page["text"]
        assert "说明" in text and "位置" in text  # heading row repeated
        assert text.count("[CAT") == sum(  # each listed code has its message on the same page
            1 for line in text.splitlines() if " CAT" in line and "[CAT" in line)


def test_no_row_is_shorter_than_libreoffice_says_its_text_needs(
        office: dict[str, dict[str, Any]]) -> None:
    """LibreOffice's own optimal height for every row of every sheet catalog laid out."""
    for name, data in office.items():
        short = data["short_rows"]
        if name == "annotated":  # the user's own sheets keep the user's layout
            short = [row for row in short if row["sheet"] == RESULTS_SHEET]
        assert short == [], (name, short[:5])
        sheets = (RESULTS_SHEET,) if name == "annotated" else None
        assert unfit_cells(data["xlsx"], sheets) == [], name


def test_first_pages_are_kept_as_png_artifacts(office: dict[str, dict[str, Any]]) -> None:
    for data in office.values():
        png = data["png"]
        assert png.stat().st_size > 5000, png  # a rendered page, not an empty image
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
