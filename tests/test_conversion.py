"""``convert`` and the published schema tell one truth (issue 11): JSON that fails
schemas/catalogue.schema.json is never written with exit 0."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from pathlib import Path

import jsonschema
import pytest

from catalog.api import load
from catalog.cli.main import main
from catalog.formats import conversion
from catalog.formats.conversion import write_converted
from tests.conftest import CLEAN, base_doc, write
from tests.workbook_builder import build, to_csv

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
FIXTURES = sorted((REPO / "tests" / "fixtures").glob("*.txt"))

# A draft as townships send them: a blank 公开主体, a blank 公开内容, no 公开对象 ticked.
MESSY = """
[sheet 社会救助]
[merge A1:N1 A2:A3 B2:C2 D2:D3 E2:E3 F2:F3 G2:G3 H2:H3 I2:J2 K2:L2 M2:N2]
江上乡人民政府社会救助领域基层政务公开标准目录
序号 | 公开事项 | | 公开内容(要素) | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 | \
| 公开方式 | | 公开层级 |
| 一级事项 | 二级事项 | | | | | | 全社会 | 特定群体 | 主动 | 依申请 | 县级 | 乡级
1 | 最低生活保障 | 办事指南 | 办理条件 | 《办法》 | 10个工作日内 | | 政府网站 | √ | | √ | | | √
2 | 最低生活保障 | 审批信息 | | 《办法》 | 10个工作日内 | 江上乡人民政府 | 政府网站 | | | √ | | | √
"""


def schema_errors(path: Path) -> list[str]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [error.message for error in
            jsonschema.Draft202012Validator(SCHEMA).iter_errors(document)]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_exit_zero_only_for_json_that_meets_the_schema(
        fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.xlsx"
    source.write_bytes(build(fixture.read_text(encoding="utf-8")))
    target = tmp_path / "out.json"
    code = main(["convert", str(source), str(target)])
    err = capsys.readouterr().err
    if code == 2:  # not a catalogue at all: nothing written
        assert not target.exists()
        return
    assert (code == 0) == (schema_errors(target) == []), err


@pytest.mark.parametrize("build_source", ["xlsx", "csv"])
def test_messy_workbook_is_written_but_reported(
        build_source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / f"messy.{build_source}"
    if build_source == "xlsx":
        source.write_bytes(build(MESSY))
    else:
        source.write_text(to_csv(MESSY), encoding="utf-8")
    target = tmp_path / "out.json"
    assert main(["convert", str(source), str(target)]) == 1
    err = capsys.readouterr().err
    assert schema_errors(target)  # the draft is kept, and it does fail the schema
    assert "CAT101" in err and "最低生活保障/办事指南" in err and "公开主体" in err
    assert "公开对象" in err  # 审批信息 ticks no audience
    assert "已写出" in err and str(target) in err
    assert "CAT101" in err.split("已写出")[0]


def test_clean_conversions_exit_zero_and_meet_the_schema(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in (".json", ".xlsx", ".csv"):
        target = tmp_path / f"clean{suffix}"
        assert main(["convert", str(CLEAN), str(target)]) == 0, capsys.readouterr().err
    again = tmp_path / "again.json"
    assert main(["convert", str(tmp_path / "clean.xlsx"), str(again)]) == 0
    assert schema_errors(again) == []


def test_library_returns_what_convert_reports(tmp_path: Path) -> None:
    doc = base_doc()
    doc["catalogues"][0]["items"][1]["subject"] = " "
    doc["catalogues"][0]["items"][2]["channels"] = []
    source = write(tmp_path / "draft.json", doc)
    findings = write_converted(load(source), tmp_path / "out.json")
    assert [(f.code, f.location.pointer, f.params.get("field")) for f in findings] == [
        ("CAT101", "/catalogues/0/items/1/subject", "subject"),
        ("CAT101", "/catalogues/0/items/2/channels", "channels"),
    ]
    assert len(schema_errors(tmp_path / "out.json")) == 2
    assert write_converted(load(source), tmp_path / "out.xlsx") == []  # a table may be a draft


def test_a_long_list_of_problems_is_cut_short(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = base_doc()
    item = doc["catalogues"][0]["items"][0]
    doc["catalogues"][0]["items"] = [{**item, "name": f"事项{n}", "subject": ""}
                                     for n in range(60)]
    source = write(tmp_path / "draft.json", doc)
    assert main(["convert", str(source), str(tmp_path / "out.json")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert sum("CAT101" in line for line in err) == 20
    assert any("另有 40 处" in line for line in err)


def test_a_workbook_converts_to_json_in_its_worker(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The worker that reads the workbook writes the JSON and sends back the findings only;
    the output is the same as writing the document read here."""
    source = tmp_path / "messy.xlsx"
    source.write_bytes(build(MESSY))
    here = tmp_path / "here.json"
    expected = write_converted(load(source), here)
    target = tmp_path / "out.json"
    assert main(["convert", str(source), str(target)]) == 1
    err = capsys.readouterr().err
    assert target.read_bytes() == here.read_bytes()
    listed = [found.group() for found in map(re.compile(r"CAT\d{3}").search, err.splitlines())
              if found]
    assert expected and listed == [finding.code for finding in expected]
    assert all(f"out.json {finding.location.pointer}" in err
               for finding in expected if finding.location.pointer)
    assert sorted(os.listdir(tmp_path)) == ["here.json", "messy.xlsx", "out.json"]


def test_a_refused_json_output_is_named_not_its_temporary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.xlsx"
    source.write_bytes(build(MESSY))
    target = tmp_path / "missing" / "out.json"
    assert main(["convert", str(source), str(target)]) == 2
    assert capsys.readouterr().err == f"catalog：无法写入 {target}：文件夹不存在。\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals, forked workers")
def test_a_worker_killed_while_writing_leaves_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Killed mid-write (out of memory, over its time, Ctrl-C): the temporary file it was
    writing is removed by the command, and no output appears."""
    def write_half_and_die(path: Path, data: bytes, *more: bytes) -> None:
        path.write_bytes(data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(conversion, "write_new", write_half_and_die)  # the worker is forked
    source = tmp_path / "in.xlsx"
    source.write_bytes(build(MESSY))
    assert main(["convert", str(source), str(tmp_path / "out.json")]) == 2
    assert "CAT623" in capsys.readouterr().err
    assert os.listdir(tmp_path) == ["in.xlsx"]
