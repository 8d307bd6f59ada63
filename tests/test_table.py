"""Round trip: any catalogue written in the official layout reads back equal."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.formats import csv_reader, xlsx_reader
from catalog.formats import table as table_module
from catalog.formats.grid import ListGrid, SheetInfo
from catalog.formats.table import SheetReader, SheetResult
from catalog.standard.model import STANDARD_CHANNELS, Audience, Item, Level, Mode
from tests.conftest import examples

WORD = st.text(alphabet="的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年", min_size=1,
               max_size=12)
TICKS = [("audience", Audience.SOCIETY), ("audience", Audience.SPECIFIC_GROUP),
         ("mode", Mode.PROACTIVE), ("mode", Mode.ON_REQUEST), ("level", Level.COUNTY),
         ("level", Level.TOWNSHIP)]


@st.composite
def items(draw: st.DrawFn) -> list[dict[str, object]]:
    rows = []
    for index in range(draw(st.integers(1, 6))):
        def some(kind: type, choices: tuple[object, ...]) -> tuple[object, ...]:
            chosen = draw(st.sets(st.sampled_from(choices), min_size=1))
            return tuple(value for value in choices if value in chosen)

        rows.append({
            "seq": str(index + 1), "category": draw(WORD), "name": draw(WORD),
            "content": draw(WORD), "basis": {"text": "《" + draw(WORD) + "》"},
            "time_limit": {"text": draw(st.sampled_from(["20个工作日内", "实时公开", "每年年初"]))},
            "subject": draw(WORD),
            "channels": some(str, STANDARD_CHANNELS),
            "audience": some(Audience, tuple(Audience)),
            "mode": some(Mode, tuple(Mode)),
            "level": some(Level, (Level.COUNTY, Level.TOWNSHIP)),
        })
    return rows


def write_official(rows: list[dict[str, object]]) -> bytes:
    """A straightforward writer of the national template's layout."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "公开事项", "", "公开内容(要素)", "公开依据", "公开时限", "公开主体",
                  "公开渠道和载体", "公开对象", "", "公开方式", "", "公开层级", ""])
    sheet.append(["", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动",
                  "依申请", "县级", "乡级"])
    for ref in ("A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2", "I1:J1",
                "K1:L1", "M1:N1"):
        sheet.merge_cells(ref)
    for row in rows:
        ticks = ["√" if value in row[name] else "" for name, value in TICKS]  # type: ignore[operator]
        sheet.append([int(str(row["seq"])), row["category"], row["name"], row["content"],
                      row["basis"]["text"], row["time_limit"]["text"],  # type: ignore[index]
                      row["subject"], "、".join(row["channels"]), *ticks])  # type: ignore[arg-type]
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items())
def test_official_layout_round_trip(rows: list[dict[str, object]]) -> None:
    loaded = xlsx_reader.read(io.BytesIO(write_official(rows)), name="t.xlsx")
    expected = [Item.model_validate(row).model_dump() for row in rows]
    assert [item.model_dump() for item in loaded.document.catalogues[0].items] == expected
    assert loaded.sources[0].item_rows == list(range(3, 3 + len(rows)))


def test_grid_protocol_is_enough_for_the_table_reader() -> None:
    grid = ListGrid(SheetInfo("S"), [
        ["序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"],
        ["1", "低保", "名单", "《办法》", "实时公开", "民政局", "政府网站"],
    ], first_row=5)
    result = SheetReader(grid, "f").read()
    (table,) = result.tables
    assert table.header_row == 5 and table.builder.item_rows == [6]
    assert table.builder.items[0].channels == ("政府网站",)
    assert table.columns.missing == ["audience", "mode"]


def test_csv_reads_what_the_official_writer_wrote() -> None:
    rows = [{"seq": "1", "category": "低保", "name": "名单", "content": "内容甲",
             "basis": {"text": "《办法》"}, "time_limit": {"text": "实时公开"},
             "subject": "民政局", "channels": ("政府网站",), "audience": (Audience.SOCIETY,),
             "mode": (Mode.PROACTIVE,), "level": (Level.COUNTY,)}]
    sheet = openpyxl.load_workbook(io.BytesIO(write_official(rows))).active
    text = "\n".join(",".join("" if v is None else str(v) for v in row)
                     for row in sheet.iter_rows(values_only=True))
    loaded = csv_reader.read(io.BytesIO(text.encode()), name="t.csv")
    assert loaded.document.catalogues[0].items[0].model_dump() == Item.model_validate(
        rows[0]).model_dump()


# ----------------------------------------------------------------- runs of plain data rows
# The reader hands a run of plain data rows to the builder at once (``_plain_run``); every
# other row goes through ``_row``. Reading every row through ``_row`` must give the same.
_CELLS = ["", " ", "1", "2", "低保", "名单", "公开内容", "内容 ", "公开内容（要素）", "同上",
          "《办法》", "实时公开", "民政局", "政府网站", "注：说明", "XX乡标准目录", "√"]
_HEADER = ["序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"]


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    rows: list[list[str]] = [list(_HEADER)]
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["data", "data", "data", "header", "title", "blank"]))
        if kind == "header":
            rows.append(list(_HEADER))
        elif kind == "title":
            rows.append([draw(st.sampled_from(_CELLS))] + [""] * 6)
        elif kind == "blank":
            rows.append([""] * draw(st.integers(0, 7)))
        else:
            rows.append([draw(st.sampled_from(_CELLS))
                         for _ in range(draw(st.integers(3, 8)))])
    merges = []
    for _ in range(draw(st.integers(0, 3))):
        top = draw(st.integers(2, len(rows) + 1))
        column = draw(st.integers(1, 7))  # mostly one column down a few rows; some wider
        merges.append((top, column, top + draw(st.integers(0, 3)),
                       column + draw(st.sampled_from([0, 0, 0, 1, 2]))))
    return rows, merges


def _read(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> SheetResult:
    grid = ListGrid(SheetInfo("S", merges=merges), [list(row) for row in rows])
    return SheetReader(grid, "f.xlsx").read()


@given(sheets(), st.sampled_from([1, 2, 5, 512]))
@settings(max_examples=300, deadline=None)
def test_runs_of_plain_rows_read_as_row_by_row(sheet: Any, chunk: int) -> None:
    rows, merges = sheet
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table_module, "_CHUNK", chunk)
        fast = _read(rows, merges)
        patch.setattr(SheetReader, "_plain_run", lambda self, cells, start: start)
        patch.setattr(table_module, "_CHUNK", 1)  # merges filled row by row too
        slow = _read(rows, merges)
    assert fast.findings == slow.findings
    assert [(t.title, t.header_row, t.notes, t.builder.items, t.builder.item_rows,
             t.builder.findings) for t in fast.tables] == [
        (t.title, t.header_row, t.notes, t.builder.items, t.builder.item_rows,
         t.builder.findings) for t in slow.tables]
