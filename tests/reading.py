"""Helpers for reader tests: read a workbook description through either backend."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from catalog.formats import Loaded, csv_reader, xlsx_reader
from catalog.formats.options import ReadOptions
from catalog.standard.model import Item
from tests.workbook_builder import build

FIXTURES = Path(__file__).parent / "fixtures"

# Sixteen columns of the national template with its two-row header, as merges.
HEADER = """\
序号 | 公开事项 | | 公开内容(要素) | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 \
| 公开对象 | | 公开方式 | | 公开层级 |
| 一级事项 | 二级事项 | | | | | | 全社会 | 特定群体 | 主动 | 依申请 | 县级 | 乡级"""
HEADER_MERGES = "A{r}:A{s} B{r}:C{r} D{r}:D{s} E{r}:E{s} F{r}:F{s} G{r}:G{s} H{r}:H{s} " \
    "I{r}:J{r} K{r}:L{r} M{r}:N{r}"


def merges(first_header_row: int) -> str:
    return HEADER_MERGES.format(r=first_header_row, s=first_header_row + 1)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read_xlsx(description: str, streaming: bool = False, **options: Any) -> Loaded:
    reading = ReadOptions(streaming=streaming, **options).resolved()
    return xlsx_reader.read(io.BytesIO(build(description)), name="t.xlsx", options=reading)


def read_csv(data: bytes, **options: Any) -> Loaded:
    return csv_reader.read(io.BytesIO(data), name="t.csv",
                           options=ReadOptions(**options).resolved())


def items(loaded: Loaded, index: int = 0) -> tuple[Item, ...]:
    return loaded.document.catalogues[index].items


def codes(loaded: Loaded) -> list[str]:
    return [finding.code for finding in loaded.findings]


def finding(loaded: Loaded, code: str) -> Any:
    found = [f for f in loaded.findings if f.code == code]
    assert len(found) == 1, (code, loaded.findings)
    return found[0]
