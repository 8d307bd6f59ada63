"""Reading 公开时限 phrases into a kind and a number of days.

Real phrases vary endlessly (shared vocabulary §4): ``自信息形成或者变更之日起20个工作日内``,
``信息形成或变更之日起20工作日内``, ``批准后20日内``, ``实时公开``, ``每季度``. The reading is
deliberately conservative: when a text names several deadlines, the longest number of working
days is the one the 20-working-day rule must look at.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import NamedTuple

from catalog.core.caches import per_run


class TimeLimitKind(StrEnum):
    """How a 公开时限 was understood."""

    WORKING_DAYS = "工作日"
    NATURAL_DAYS = "自然日"
    REAL_TIME = "实时"
    PROMPTLY = "及时"
    PERIODIC = "定期"
    LONG_TERM = "长期"
    AS_PRESCRIBED = "从其规定"
    UNRECOGNISED = "未识别"


class TimeLimitReading(NamedTuple):
    """What a 公开时限 text says: its kind, and the days or period where it names them."""

    kind: TimeLimitKind
    days: int | None
    period: str | None

_CHINESE_NUMBERS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十五": 15,
    "二十": 20,
    "三十": 30,
}
# Linear time (issue 12): a number is tried from the start of its run only and taken whole.
_NUMBER = r"((?<!\d)\d++|(?<![一二两三四五六七八九十])[一二两三四五六七八九十]++)"
_WORKING_DAYS = re.compile(_NUMBER + r"\s*+(?:个\s*+)?工作\s*+日")
_NATURAL_DAYS = re.compile(_NUMBER + r"\s*+(?:个\s*+)?(?:(?:自然|日历)\s*+)?(?:日|天)(?!历)")
# A deadline in calendar days: the number, 日/天 (自然日, 日历日), then 内 or 以内. Durations
# such as 征求意见不少于30日 or 公示7天 name no 内 and are no deadline.
_CALENDAR_DEADLINE = re.compile(
    _NUMBER + r"\s*+(?:个\s*+)?(?:(?:自然|日历)\s*+)?(?:日|天)\s*+(?:以\s*+)?内")
_PERIODS = (
    "每年",
    "每半年",
    "每季度",
    "每月",
    "每周",
    "每日",
    "每天",
    "年度",
    "季度",
    "半年",
    "每学期",
    "学期",
    "年初",
    "年底",
    "年末",
)
_LONG_TERM = ("长期", "永久", "常态", "动态更新", "动态调整")
_AS_PRESCRIBED = ("从其规定", "另有规定", "按规定", "依法", "按照有关规定")


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if token in _CHINESE_NUMBERS:
        return _CHINESE_NUMBERS[token]
    if token.startswith("十") and len(token) == 2 and token[1] in _CHINESE_NUMBERS:
        return 10 + _CHINESE_NUMBERS[token[1]]
    if len(token) == 3 and token[1] == "十":
        return _CHINESE_NUMBERS.get(token[0], 0) * 10 + _CHINESE_NUMBERS.get(token[2], 0)
    return None


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


@per_run
def parse_time_limit(text: str) -> TimeLimitReading:
    """The reading of one 公开时限 text; identical texts share one (immutable) result."""
    compact = _compact(text)
    working = [n for n in (_number(m) for m in _WORKING_DAYS.findall(compact)) if n is not None]
    kind: TimeLimitKind
    days: int | None = None
    period: str | None = None
    if working:
        kind, days = TimeLimitKind.WORKING_DAYS, max(working)
    elif natural := [
        n for n in (_number(m) for m in _NATURAL_DAYS.findall(compact)) if n is not None
    ]:
        kind, days = TimeLimitKind.NATURAL_DAYS, max(natural)
    elif "实时" in compact:
        kind = TimeLimitKind.REAL_TIME
    elif any(word in compact for word in _PERIODS):
        kind = TimeLimitKind.PERIODIC
        period = next(word for word in _PERIODS if word in compact)
    elif any(word in compact for word in _LONG_TERM):
        kind = TimeLimitKind.LONG_TERM
    elif "及时" in compact or "随时" in compact or "即时" in compact:
        kind = TimeLimitKind.PROMPTLY
    elif any(word in compact for word in _AS_PRESCRIBED):
        kind = TimeLimitKind.AS_PRESCRIBED
    else:
        kind = TimeLimitKind.UNRECOGNISED
    return TimeLimitReading(kind, days, period)


@per_run
def calendar_deadline(text: str) -> int | None:
    """The longest deadline in calendar days a phrase states (``30日内``, ``三十天以内``)."""
    found = [n for n in (_number(m) for m in _CALENDAR_DEADLINE.findall(_compact(text)))
             if n is not None]
    return max(found, default=None)


def allows_longer_by_law(text: str) -> bool:
    """Whether the phrase itself defers to a law that sets another deadline (条例 art. 26)."""
    compact = _compact(text)
    return any(word in compact for word in ("从其规定", "另有规定"))
