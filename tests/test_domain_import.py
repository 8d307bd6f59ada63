"""catalog domains import: an annex workbook round-trips to the domain file it came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalog.cli.main import main
from catalog.standard.data import data_folder
from tests.workbook_builder import build

FIELDS = ("category", "name", "level", "audience", "mode", "subject", "time_limit", "content")


def bundled(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        data_folder("domains").joinpath(f"{slug}.json").read_text(encoding="utf-8"))
    return data


def annex(data: dict[str, Any]) -> str:
    """The annex layout (序号 · 一级/二级 · … · 公开层级) written from a domain file by hand."""
    lines = [f"[sheet {data['name_zh']}]", f"{data['name_zh']}领域基层政务公开标准目录",
             "序号 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | "
             "公开渠道和载体 | 公开对象 | 公开方式 | 公开层级"]
    for number, item in enumerate(data["items"], 1):
        cells = [f"#{number}", item["category"], item["name"], item.get("content", ""),
                 item.get("basis", ""), item.get("time_limit", ""), item.get("subject", ""),
                 "、".join(item.get("channels", [])), "、".join(item["audience"]),
                 "、".join(item["mode"]), "、".join(item["level"])]
        lines.append(" | ".join(c.replace("|", "｜") for c in cells))
    return "\n".join(lines) + "\n"


def test_round_trip_domain_file_annex_import(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    original = bundled("social_assistance")
    source = tmp_path / "annex.xlsx"
    source.write_bytes(build(annex(original)))
    output = tmp_path / "social_assistance.json"
    code = main(["domains", "import", str(source), "--domain", "社会救助", "-o", str(output)])
    assert code == 0 and "social_assistance 12" in capsys.readouterr().out
    imported = json.loads(output.read_text(encoding="utf-8"))
    assert [{k: i.get(k) for k in FIELDS} for i in imported["items"]] == [
        {k: i.get(k) for k in FIELDS} for i in original["items"]]
    # what the annex cannot say is kept from the bundled file
    assert [i["sources"] for i in imported["items"]] == [i["sources"] for i in original["items"]]
    assert imported["official_counts"] == original["official_counts"]
    assert all(i["evidence"]["grade"] == "annex" for i in imported["items"])
    assert imported["items_complete"] is False  # 12 rows < the 13 the numbering shows
    main(["domains", "import", str(source), "--domain", "social_assistance", "-o", str(output),
          "--complete"])
    assert json.loads(output.read_text(encoding="utf-8"))["items_complete"] is True


def test_import_refuses_to_write_over_the_annex(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "annex.xlsx"
    source.write_bytes(build(annex(bundled("health"))))
    before = source.read_bytes()
    assert main(["domains", "import", str(source), "--domain", "health", "-o", str(source)]) == 2
    assert "不会覆盖输入" in capsys.readouterr().err and source.read_bytes() == before
    assert main(["domains", "import", str(source), "-o", str(tmp_path / "x.json")]) == 2
