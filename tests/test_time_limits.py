from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.standard.model import TimeLimitKind
from catalog.standard.model import time_limit_of as parse_time_limit
from catalog.standard.time_limits import allows_longer_by_law

# Verbatim phrases from published catalogues (shared reference vocabulary §4).
PHRASES = [
    ("自信息形成或者变更之日起20个工作日内予以公开", TimeLimitKind.WORKING_DAYS, 20),
    ("信息形成或变更之日起20工作日内", TimeLimitKind.WORKING_DAYS, 20),
    ("信息形成(变更)20个工作日内", TimeLimitKind.WORKING_DAYS, 20),
    ("自信息形\n成或者变\n更之日起\n20个工作\n日内予以\n公开", TimeLimitKind.WORKING_DAYS, 20),
    ("制 定 或 获 取 信 息之日起 10 个 工作日内", TimeLimitKind.WORKING_DAYS, 10),
    ("信息形成或变更之日起２０个工作日内", TimeLimitKind.WORKING_DAYS, 20),
    ("颁布或印发之日起5个工作日内", TimeLimitKind.WORKING_DAYS, 5),
    (
        "信息形成20个工作日内公开;其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示",
        TimeLimitKind.WORKING_DAYS,
        20,
    ),
    ("本级人民代表大会或其常务委员会批准后20日内", TimeLimitKind.NATURAL_DAYS, 20),
    ("向社会公开征求意见期限一般不少于30日", TimeLimitKind.NATURAL_DAYS, 30),
    ("十个工作日内", TimeLimitKind.WORKING_DAYS, 10),
    ("二十个工作日内", TimeLimitKind.WORKING_DAYS, 20),
    ("实时公开", TimeLimitKind.REAL_TIME, None),
    ("及时公开", TimeLimitKind.PROMPTLY, None),
    ("按进展情况及时公开", TimeLimitKind.PROMPTLY, None),
    ("长期公开", TimeLimitKind.LONG_TERM, None),
    ("永久公开", TimeLimitKind.LONG_TERM, None),
    ("每年年初", TimeLimitKind.PERIODIC, None),
    ("半年至少更新1次", TimeLimitKind.PERIODIC, None),
    ("依法定期限公开", TimeLimitKind.AS_PRESCRIBED, None),
    ("提前一周发通知邀请", TimeLimitKind.UNRECOGNISED, None),
    ("同上", TimeLimitKind.UNRECOGNISED, None),
]


@pytest.mark.parametrize(("text", "kind", "days"), PHRASES)
def test_real_phrases(text: str, kind: TimeLimitKind, days: int | None) -> None:
    limit = parse_time_limit(text)
    assert (limit.kind, limit.days) == (kind, days)
    assert limit.text == text


def test_period_is_named() -> None:
    assert parse_time_limit("每季度更新").period == "每季度"


def test_deferring_to_law() -> None:
    assert allows_longer_by_law(
        "信息形成之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的,从其规定。"
    )
    assert not allows_longer_by_law("信息形成之日起30个工作日内")


@given(st.text())
def test_never_fails(text: str) -> None:
    limit = parse_time_limit(text)
    assert limit.text == text
    assert (limit.days is None) == (
        limit.kind not in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.NATURAL_DAYS)
    )


@pytest.mark.parametrize(("text", "days"), [
    ("信息形成之日起30日内", 30),
    ("自信息形成或者变更之日起30天内予以公开", 30),
    ("三十日以内", 30),
    ("二十五个自然日内", 25),
    ("批准后20日内;调整后30日内", 30),
    ("信息形成之日起20个工作日内", None),
    ("向社会公开征求意见期限一般不少于30日", None),  # a duration, not a deadline
    ("公示7天", None),
    ("每年1月31日前", None),
])
def test_calendar_deadline(text: str, days: int | None) -> None:
    from catalog.standard.time_limits import calendar_deadline

    assert calendar_deadline(text) == days


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["日内", "天内", "日以内",
                                                                  "个自然日内"]))
def test_calendar_deadline_reads_any_number_but_never_working_days(days: int, unit: str) -> None:
    from catalog.standard.time_limits import calendar_deadline

    assert calendar_deadline(f"信息形成之日起{days}{unit}") == days
    assert calendar_deadline(f"信息形成之日起{days}个工作日内") is None
