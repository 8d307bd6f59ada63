"""Usage errors in the clerk's language: Chinese by default, English with --lang en."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from catalog.cli.lang import ZH, ZH_PLURAL, argparse_language, language_of
from catalog.cli.main import main


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["check"], "缺少必需的参数：PATH", "the following arguments are required: PATH"),
    (["check", "a.json", "--format", "pdf"], "参数 --format：无效的选项 'pdf'",
     "argument --format: invalid choice: 'pdf'"),
    (["check", "a.json", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
    (["frobnicate"], "无效的选项 'frobnicate'", "invalid choice: 'frobnicate'"),
    (["check", "a.json", "-o"], "需要一个值", "expected one argument"),
])
def test_usage_errors_in_chinese_by_default_english_on_request(
        argv: list[str], zh: str, en: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert zh in err and en not in err
    assert err.startswith("用法：catalog") and "：错误：" in err
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert en in err and zh not in err and err.startswith("usage: catalog")


def test_help_is_localised_and_argparse_is_restored(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0
    assert "显示帮助并退出" in capsys.readouterr().out
    # the translation applies only while catalog parses its own command line
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_language_of_the_command_line() -> None:
    assert language_of(["check", "x", "--lang", "en"]) == "en"
    assert language_of(["check", "x", "--lang=en"]) == "en"
    assert language_of(["check", "x"]) == "zh"
    assert language_of(["check", "x", "--lang"]) == "zh"


def test_every_translated_message_is_one_argparse_uses() -> None:
    """The table's keys are argparse's own message ids: a renamed one would stop matching."""
    source = Path(argparse.__file__).read_text(encoding="utf-8")
    for message_id in [*ZH, *ZH_PLURAL]:
        assert repr(message_id)[1:-1] in source or message_id in source, message_id


def test_translation_keeps_the_placeholders() -> None:
    for message_id, zh in ZH.items():
        assert sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", message_id)) == sorted(
            re.findall(r"%\(\w+\)[sr]|%[sr]", zh)), message_id
    with argparse_language("zh"):
        assert argparse._("options") == "选项"  # type: ignore[attr-defined]
    assert argparse._("options") == "options"  # type: ignore[attr-defined]
