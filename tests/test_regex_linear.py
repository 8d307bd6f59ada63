"""Every regular expression that sees user text runs in linear time (issue 12).

Each case (tests/hostile_files.regex_cases) feeds 10,000 characters (or tags) built to make a
backtracking or rescanning pattern go quadratic; at that size a quadratic pattern takes
seconds and a linear one milliseconds. benchmarks/regex.py runs the same cases at 100,000.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests import hostile_files

CASES: dict[str, tuple[Any, Any]] = hostile_files.regex_cases()
BUDGET = 0.5  # seconds of CPU, generous for a loaded CI machine; the quadratic forms took 1–300 s


@pytest.mark.parametrize("label", sorted(CASES))
def test_regex_is_linear_on_adversarial_text(label: str) -> None:
    function, build = CASES[label]
    text = build(10_000)
    start = time.process_time()  # CPU time: a descheduled test on a busy machine is not slow
    function(text)
    assert time.process_time() - start < BUDGET


def test_rewritten_patterns_read_what_they_read_before() -> None:
    """The linear rewrites give what the old patterns gave on the forms they exist for
    (expected values recorded from the patterns before the rewrite)."""
    from catalog.rules.legal import _document_numbers
    from catalog.standard.names import strip_title
    from catalog.standard.time_limits import TimeLimitKind, parse_time_limit
    from catalog.standard.vocabulary import clean_name, read_channels

    written = "依据民办函〔 2019 〕 52 号"
    assert _document_numbers(written) == ((written, True),)
    assert _document_numbers("国办发(2019)54号文") == (("国办发(2019)54号", True),)
    assert _document_numbers("文〔20 19〕5 2号") == (("文〔20 19〕5 2号", True),)
    assert _document_numbers("〔2019〕号") == ()
    assert strip_title("(七)社会保险领域基层政务公开标准目录(试行)") == "社会保险"
    assert strip_title("社会救助（2020年版）") == "社会救助"
    assert parse_time_limit("信息形成之日起20个工作日内").days == 20
    assert parse_time_limit("十五 个 自然 日").days == 15
    assert parse_time_limit("30日历天").days == 30
    assert parse_time_limit("30日历").kind is TimeLimitKind.UNRECOGNISED
    assert clean_name("出生 登记") == "出生登记"
    assert clean_name("PM2.5 monitoring") == "PM2.5 monitoring"
    assert read_channels("社区/企事业单位/村公示栏(电 子屏 )") == read_channels(
        "社区/企事业单位/村公示栏(电子屏)")
