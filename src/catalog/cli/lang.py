"""Usage errors in the clerk's language: argparse's own messages, in Chinese by default.

argparse builds its messages through ``gettext`` (the module-level ``_`` and ``ngettext``),
so while the command line is parsed those two are pointed at this table; English is
argparse's own text (``--lang en``). A message this table lacks stays in English rather
than breaking, and a test keeps the table in step with the argparse in use.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator, Sequence

ZH: dict[str, str] = {
    "usage: ": "用法：",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选项 %(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 有歧义，可能是 %(matches)s",
    "ignored explicit argument %r": "选项不接受值，忽略了 %r",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
}
ZH_PLURAL = {"expected %s argument": "需要 %s 个值"}


def language_of(argv: Sequence[str]) -> str:
    """``en`` when the command line asks for English (``--lang en``), else ``zh``."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "en" if argv[index + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.removeprefix("--lang=") == "en" else "zh"
    return "zh"


def _gettext(message: str) -> str:
    return ZH.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return ZH_PLURAL.get(singular, singular if count == 1 else plural)


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse speaks ``lang`` inside this block (only zh needs a change)."""
    if lang != "zh":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def parse_args(make_parser: Callable[[], argparse.ArgumentParser], argv: Sequence[str]
               ) -> argparse.Namespace:
    """The parsed command line, with usage errors and help in the user's language (the parser
    is made inside too: argparse translates some help texts when it is built)."""
    with argparse_language(language_of(argv)):
        return make_parser().parse_args(argv)
