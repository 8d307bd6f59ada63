"""CAT3xx: 公开时限 and 公开依据, read against the 2019 政府信息公开条例."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from itertools import compress, repeat
from operator import attrgetter
from typing import Any

from catalog.core.caches import BACKSTOP, per_run, per_run_dict
from catalog.core.findings import Severity
from catalog.rules.engine import FindingGroup, Rule, RuleContext
from catalog.standard.citations import (
    DOCUMENT_NUMBER,
    standard_document_number,
    unbalanced_title_marks,
)
from catalog.standard.records import BasisView, TimeLimitView
from catalog.standard.time_limits import TimeLimitKind, allows_longer_by_law, calendar_deadline
from catalog.standard.vocabulary import is_same_as_above

# 条例 art. 26: 自该政府信息形成或者变更之日起20个工作日内及时公开;法律、法规另有规定的,从其规定.
STATUTORY_WORKING_DAYS = 20
# 20 working days in calendar days, outside public holidays: five working days a week, so four
# weeks; counted from a weekday the 20th working day is the 28th calendar day, counted from a
# Saturday the 27th and from a Sunday the 26th. Holidays only lengthen the span.
CALENDAR_DAYS_ALWAYS_WITHIN = 26
CALENDAR_DAYS_FROM_A_WEEKDAY = 28


def _check_unrecognised(ctx: RuleContext) -> Iterator[FindingGroup]:
    for limit in ctx.distinct("time_limit"):
        text = limit.text.strip()
        # Blank is CAT101's business and 同上 is CAT105's: one finding per mistake.
        if limit.kind is TimeLimitKind.UNRECOGNISED and text and not is_same_as_above(text):
            yield ctx.findings(TIME_LIMIT_UNRECOGNISED, ctx.indexes("time_limit", limit),
                               "time_limit", text=limit.text)


TIME_LIMIT_UNRECOGNISED = Rule(
    code="CAT301",
    name="time-limit-unrecognised",
    severity=Severity.WARNING,
    message_zh="公开时限“{text}”无法识别；请写明期限，如“信息形成或者变更之日起20个工作日内”",
    message_en="Time limit “{text}” is not understood; state a deadline such as "
    "“within 20 working days of the information being formed or changed”",
    rationale="A deadline nobody can compute cannot be checked or kept.",
    example="提前一周发通知邀请",
    check=_check_unrecognised,
)


_WORKING = {"unit": "工作日", "unit_en": "working days"}
_CALENDAR = {"unit": "自然日", "unit_en": "calendar days"}


def _over(limit: TimeLimitView, low: int, high: int | None) -> tuple[int, dict[str, str]] | None:
    """The days (and their unit) by which a limit is over ``low`` days and at most ``high``:
    working days above 20, or a calendar-day deadline in the given band; None otherwise."""
    if allows_longer_by_law(limit.text):
        return None
    working = limit.days if limit.kind is TimeLimitKind.WORKING_DAYS else None
    if high is None and working is not None and working > STATUTORY_WORKING_DAYS:
        return working, _WORKING
    days = calendar_deadline(limit.text) if "内" in limit.text else None
    if days is not None and days > low and (high is None or days <= high):
        return days, _CALENDAR
    return None


def _check_over_twenty(ctx: RuleContext) -> Iterator[FindingGroup]:
    for limit in ctx.distinct("time_limit"):
        over = _over(limit, CALENDAR_DAYS_FROM_A_WEEKDAY, None)
        if over is not None:
            days, unit = over
            yield ctx.findings(TIME_LIMIT_TOO_LONG, ctx.indexes("time_limit", limit),
                               "time_limit", days=days, **unit)


def _check_from_weekend(ctx: RuleContext) -> Iterator[FindingGroup]:
    for limit in ctx.distinct("time_limit"):
        over = _over(limit, CALENDAR_DAYS_ALWAYS_WITHIN, CALENDAR_DAYS_FROM_A_WEEKDAY)
        if over is not None:
            yield ctx.findings(CALENDAR_DAYS_FROM_WEEKEND, ctx.indexes("time_limit", limit),
                               "time_limit", days=over[0])


_CALENDAR_DAYS = (
    "A limit in calendar days (30日内, 30天内, 三十日以内) is compared in calendar days. Outside "
    "public holidays a week has five working days, so the 20th working day after the "
    "information is formed is the 28th calendar day when it is formed on a weekday, the 27th "
    "from a Saturday and the 26th from a Sunday (holidays only lengthen the span; a rare 调休 "
    "working weekend can shorten it by a day or two). So up to 26 calendar days is always "
    "within the law; 27 or 28 exceed it when the information is formed on a weekend (CAT306, "
    "warning); more than 28 exceed it whatever the weekday (CAT302, error). A duration that is "
    "no deadline (公示7天, 征求意见不少于30日) says no 内 and is not checked.")


TIME_LIMIT_TOO_LONG = Rule(
    code="CAT302",
    name="time-limit-over-20-working-days",
    severity=Severity.ERROR,
    message_zh="公开时限为 {days} 个{unit}，超过《政府信息公开条例》第二十六条规定的 20 个工作日；"
    "如有法律、法规另行规定，请在公开时限中写明（如“……法律、法规另有规定的，从其规定”）",
    message_en="The time limit of {days} {unit_en} exceeds the 20 working days of art. 26 of "
    "the 2019 Regulations on Open Government Information; if a law or regulation sets another "
    "limit, say so in the time limit (…法律、法规另有规定的,从其规定)",
    rationale="条例 art. 26: proactive disclosure within 20 working days of formation or change, "
    "unless a law or regulation provides otherwise. Shorter limits are fine. Which law allows a "
    "longer limit cannot be read from a citation alone, so the time limit must say it. "
    + _CALENDAR_DAYS,
    example="信息形成之日起30个工作日内; 信息形成之日起30日内 (over 28 calendar days)",
    check=_check_over_twenty,
)

CALENDAR_DAYS_FROM_WEEKEND = Rule(
    code="CAT306",
    name="time-limit-calendar-days-from-weekend",
    severity=Severity.WARNING,
    message_zh="公开时限为 {days} 个自然日：信息在周末形成时，超过《政府信息公开条例》第二十六条"
    "规定的 20 个工作日；建议写作“20个工作日内”或不超过 26 日",
    message_en="The time limit of {days} calendar days exceeds the 20 working days of art. 26 "
    "when the information is formed on a weekend; write 20个工作日内 or at most 26 days",
    rationale="See CAT302. " + _CALENDAR_DAYS,
    example="信息形成之日起28天内",
    check=_check_from_weekend,
)


def _check_title_marks(ctx: RuleContext) -> Iterator[FindingGroup]:
    for basis in ctx.distinct("basis"):
        if unbalanced_title_marks(basis.text):
            yield ctx.findings(UNBALANCED_TITLE_MARKS, ctx.indexes("basis", basis), "basis")


UNBALANCED_TITLE_MARKS = Rule(
    code="CAT303",
    name="unbalanced-title-marks",
    severity=Severity.ERROR,
    message_zh="公开依据中的书名号《》不成对，引用的文件名称可能被截断",
    message_en="The 《》 title marks in the legal basis do not pair up; a cited title may be cut",
    rationale="A cited document must be identifiable; a broken title usually means a cut cell.",
    example="《中华人民共和国预算法",
    check=_check_title_marks,
)

# Anything that looks like an attempt at a document number: issuer, bracketed year, number, 号.
# Linear time on any text (issue 12): no two unbounded quantifiers match the same characters
# next to each other, and the possessive ones never give back what they took.
_LOOSE_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*+[〔\[［(（﹝【]\s*+([\d\s]{2,6}?)\s*+[〕\]］)）﹞】][\d\s]*+号"
)


# The pattern without its leading issuer: where a number could end its issuer.
_NUMBER_TAIL = re.compile(r"[〔\[［(（﹝【]\s*+[\d\s]{2,6}?\s*+[〕\]］)）﹞】][\d\s]*+号")
_MOST_CJK = 12  # the {1,12} of _LOOSE_NUMBER


# The run of CJK characters that ends where a number's bracket (or the spaces before it)
# starts, searched in the at most 12 characters before it (``endpos`` ends the text there).
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+\Z")


def loose_numbers(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_LOOSE_NUMBER.finditer(text)``, found from their brackets.

    Scanning tries the leading ``{1,12}`` repeat at every CJK character of every 依据; here the
    bracketed year is searched first (in C, from a character set) and the one start the
    pattern could match from is worked out backwards: the run of at most 12 CJK characters and
    the spaces before the bracket. tests/test_rules_legal.py compares both on generated text.
    """
    position = resume = 0  # finditer goes on after the end of its last match
    while (tail := _NUMBER_TAIL.search(text, position)) is not None:
        end = tail.start()
        while end > resume and text[end - 1].isspace():  # \s is str.isspace
            end -= 1
        run = _CJK_RUN.search(text, max(resume, end - _MOST_CJK), end) if end else None
        match = _LOOSE_NUMBER.match(text, run.start()) if run is not None else None
        if match is None:
            position = tail.start() + 1
            continue
        position = resume = match.end()
        yield match


_BLANKS = re.compile(r"\s+")


@per_run
def _latest_year() -> int:
    """The latest year a document number may bear (next year's, issued early); read once a
    run, not once per distinct 依据."""
    return date.today().year + 1


@per_run
def _document_numbers(text: str) -> tuple[tuple[str, bool], ...]:
    """Each number-like text in a basis, and whether it is well formed (apart from brackets).

    Cached for the run (CAT304 and CAT305 both ask, once per distinct 依据 text); each number
    is judged once (the same documents are cited in thousands of different 依据 texts).
    """
    found = []
    for match in loose_numbers(text):
        written = match.group(0)
        judged = _JUDGED.get(written)
        if judged is None:
            judged = _judge(written, match.group(1))
        found.append((written, judged[0]))
    return tuple(found)


# A written number → whether it is well formed, and as the standard writes it (if it is).
_JUDGED: dict[Any, Any] = per_run_dict()


def _judge(written: str, year_written: str) -> tuple[bool, str | None]:
    """Whether a number is well formed (``year_written``: its ``_LOOSE_NUMBER`` group 1, which
    the written text alone determines), and its standard form if it is."""
    compact = _BLANKS.sub("", written)
    year = int(_BLANKS.sub("", year_written) or 0)
    well_formed = bool(DOCUMENT_NUMBER.fullmatch(compact)) and 1949 <= year <= _latest_year()
    judged = (well_formed, standard_document_number(compact) if well_formed else None)
    if len(_JUDGED) < BACKSTOP:
        _JUDGED[written] = judged
    return judged


def _clean_numbers(latest: int) -> re.Pattern[str]:
    """Numbers that neither CAT304 nor CAT305 reports, wherever a loose match holds them:
    right after a CJK character, 〔 a year from 1949 to ``latest`` 〕, a serial number, 号, no
    blank (the match is its CJK run, at most 12, and this; well formed, written standard)."""
    years = "|".join(map(str, range(1949, latest + 1)))
    return re.compile(rf"(?<=[\u4e00-\u9fff])〔(?:{years})〕\d+号")


_CLEAN_NUMBERS: dict[int, re.Pattern[str]] = {}  # by the latest year (one a process, or two)
_MAY_BE_REPORTED = "basis with numbers to report"


def _may_be_reported(ctx: RuleContext) -> list[BasisView]:
    """The distinct 依据 that may hold a number CAT304 or CAT305 reports, in order: those
    with a number-like tail (``_NUMBER_TAIL``) left once their clean numbers are removed.

    Removing a clean number never hides a tail (a tail holds no 〔 but at its start) and a
    tail it makes only sends the text down the full path, so the screen drops only texts
    whose numbers are all clean. Two regex calls per text, mapped in C; the full reading
    (``_document_numbers``) for the few texts left.
    """
    latest = _latest_year()
    clean = _CLEAN_NUMBERS.get(latest) or _CLEAN_NUMBERS.setdefault(
        latest, _clean_numbers(latest))
    bases = ctx.distinct("basis")
    left = map(clean.sub, repeat(""), map(attrgetter("text"), bases))
    return list(compress(bases, map(_NUMBER_TAIL.search, left)))


def _check_brackets(ctx: RuleContext) -> Iterator[FindingGroup]:
    for basis in ctx.derived(_MAY_BE_REPORTED, _may_be_reported):
        for written, well_formed in _document_numbers(basis.text):  # several: in this order
            if well_formed:
                judged = _JUDGED.get(written)  # absent only past the cache's bound
                standard = judged[1] if judged else standard_document_number(written)
                if standard != written:
                    yield ctx.findings(DOCUMENT_NUMBER_BRACKETS, ctx.indexes("basis", basis),
                                       "basis", number=written, standard=standard)


def _check_malformed(ctx: RuleContext) -> Iterator[FindingGroup]:
    for basis in ctx.derived(_MAY_BE_REPORTED, _may_be_reported):
        malformed = [written for written, ok in _document_numbers(basis.text) if not ok]
        for written in malformed:
            yield ctx.findings(MALFORMED_DOCUMENT_NUMBER, ctx.indexes("basis", basis), "basis",
                               number=written)


DOCUMENT_NUMBER_BRACKETS = Rule(
    code="CAT304",
    name="document-number-brackets",
    severity=Severity.WARNING,
    message_zh="文号“{number}”应写作“{standard}”（年份用六角括号〔〕）",
    message_en="Document number “{number}” should be written “{standard}” (year in 〔〕 brackets)",
    rationale="GB/T 9704 writes the year of a document number in 〔〕; other brackets defeat "
    "search.",
    example="国办发[2019]54号 → 国办发〔2019〕54号",
    check=_check_brackets,
    fix_zh="年份括号改为〔〕并删除文号中的空格",
    fix_en="use 〔〕 around the year and remove spaces inside the number",
)

MALFORMED_DOCUMENT_NUMBER = Rule(
    code="CAT305",
    name="malformed-document-number",
    severity=Severity.WARNING,
    message_zh="文号“{number}”格式有误（应为 发文机关代字〔年份〕序号号，如 国办发〔2019〕54号）",
    message_en="Document number “{number}” is malformed (expected issuer code, 〔year〕, number "
    "and 号, e.g. 国办发〔2019〕54号)",
    rationale="A number with a two-digit year or no serial number cannot be looked up.",
    example="国办发〔19〕54号, 国办发〔2019〕号",
    check=_check_malformed,
)

RULES = [
    TIME_LIMIT_UNRECOGNISED,
    TIME_LIMIT_TOO_LONG,
    CALENDAR_DAYS_FROM_WEEKEND,
    UNBALANCED_TITLE_MARKS,
    DOCUMENT_NUMBER_BRACKETS,
    MALFORMED_DOCUMENT_NUMBER,
]
