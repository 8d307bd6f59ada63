"""CAT618 ``cell-too-long``: ``Limits.max_cell_chars`` (32,767, Excel's own limit) holds in every
reader, and refuses the file (an InputError, exit 2) as SECURITY.md and the rule say.

Each file here holds one item whose 公开内容 has the given length. A 40,000-character cell is
built for every format that can hold one; .xls cannot (BIFF8, and xlwt, stop at 32,767), so
its reader is shown refusing a cell over a lowered limit, as every other reader is too.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from catalog.cli.main import main
from catalog.core.findings import InputError
from catalog.formats import Loaded, load_stream
from catalog.formats.options import ReadOptions
from tests import hostile_files as hf
from tests.workbook_builder import build_ods, build_xls

HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体",
          "公开渠道和载体", "公开对象", "公开方式")


def _row(content: str) -> tuple[str, ...]:
    return ("1", "最低生活保障", "审批结果", content, "《社会救助暂行办法》", "20个工作日",
            "江上乡人民政府", "政府网站", "全社会", "主动")


def _description(content: str) -> str:
    return " | ".join(HEADER) + "\n" + " | ".join(_row(content)) + "\n"


def _csv(content: str) -> bytes:
    return ("\n".join(",".join(row) for row in (HEADER, _row(content))) + "\n").encode()


def _xlsx(content: str) -> bytes:
    """Inline strings: openpyxl (the test builder) would cut the cell at 32,767 on writing."""
    letters = "ABCDEFGHIJ"
    return hf.xlsx(hf.worksheet(hf.inline_row(1, dict(zip(letters, HEADER, strict=True)))
                                + hf.inline_row(2, dict(zip(letters, _row(content),
                                                            strict=True)))))


def _json(content: str) -> bytes:
    item = {"seq": "1", "category": "最低生活保障", "name": "审批结果", "content": content,
            "basis": {"text": "《社会救助暂行办法》"}, "time_limit": {"text": "20个工作日"},
            "subject": "江上乡人民政府", "channels": ["政府网站"], "audience": ["全社会"],
            "mode": ["主动"]}
    document = {"format_version": "1.0", "catalogues": [{"items": [item]}]}
    return json.dumps(document, ensure_ascii=False).encode()


# kind → (suffix, reader format, builder, streaming)
FILES: dict[str, tuple[str, str, Callable[[str], bytes], bool | None]] = {
    "csv": ("csv", "csv", _csv, None),
    "xlsx": ("xlsx", "xlsx", _xlsx, None),
    "xlsx-streaming": ("xlsx", "xlsx", _xlsx, True),
    "ods": ("ods", "xlsx", lambda text: build_ods(_description(text)), None),
    "xls": ("xls", "xlsx", lambda text: build_xls(_description(text)), None),
    "json": ("json", "json", _json, None),
}
HOLDS_40K = sorted(kind for kind in FILES if kind != "xls")


def _read(kind: str, chars: int, **limits: int) -> Loaded:
    suffix, format, builder, streaming = FILES[kind]
    data = builder("长" * chars)
    options = ReadOptions(streaming=streaming, limits=limits or None)
    return load_stream(io.BytesIO(data), format=format, name=f"t.{suffix}", options=options)


def _content(loaded: Loaded) -> str:
    return loaded.document.catalogues[0].items[0].content


@pytest.mark.parametrize("kind", HOLDS_40K)
def test_a_40000_character_cell_is_refused(kind: str) -> None:
    with pytest.raises(InputError) as raised:
        _read(kind, 40_000)
    assert raised.value.code == "CAT618"
    assert (raised.value.params["chars"], raised.value.params["limit"]) == (40_000, 32_767)


@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_cell_at_the_limit_is_read_whole(kind: str) -> None:
    assert len(_content(_read(kind, 32_767))) == 32_767


@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_limit_is_the_configured_one(kind: str) -> None:
    # The row's cells together are over the limit, none alone: read (the readers test a
    # row's joined text first, then its cells).
    assert len(_content(_read(kind, 1_000, max_cell_chars=1_000))) == 1_000
    with pytest.raises(InputError) as raised:
        _read(kind, 1_001, max_cell_chars=1_000)
    assert raised.value.code == "CAT618"
    assert (raised.value.params["chars"], raised.value.params["limit"]) == (1_001, 1_000)


def test_spreadsheet_refusals_name_the_cell() -> None:
    for kind in ("xlsx", "xlsx-streaming", "ods", "xls"):
        with pytest.raises(InputError) as raised:
            _read(kind, 1_001, max_cell_chars=1_000)
        assert raised.value.params["cell"].endswith("!D2"), kind


def _project(tmp_path: Path, kind: str, chars: int, settings: str) -> Path:
    suffix, _, builder, _ = FILES[kind]
    path = tmp_path / f"目录.{suffix}"
    path.write_bytes(builder("长" * chars))
    (tmp_path / "catalog.toml").write_text(settings, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx", "ods", "json"])
def test_catalog_toml_raises_the_limit_when_trusted(tmp_path: Path, kind: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path, kind, 40_000, "[limits]\nmax_cell_chars = 50000\n")
    assert main(["check", str(path), "--quiet"]) == 2  # a settings file may only lower limits
    capsys.readouterr()
    assert main(["check", str(path), "--trust-settings", "--format", "json"]) != 2
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["unreadable"] == 0
    assert "CAT618" not in {entry["code"] for entry in report["summary"]["by_code"]}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_catalog_toml_lowers_the_limit(tmp_path: Path, kind: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path, kind, 1_001, "[limits]\nmax_cell_chars = 1000\n")
    assert main(["check", str(path), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [entry["code"] for entry in report["summary"]["by_code"]] == ["CAT618"]
