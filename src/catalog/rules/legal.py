"""CAT3xx: 公开时限 and 公开依据, read against the 2019 政府信息公开条例."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from catalog.citations import DOCUMENT_NUMBER, standard_document_number, unbalanced_title_marks
from catalog.findings import Finding, Severity
from catalog.model import TimeLimitKind
from catalog.rules import Rule, RuleContext
from catalog.time_limits import allows_longer_by_law
from catalog.vocabulary import is_same_as_above

# 条例 art. 26: 自该政府信息形成或者变更之日起20个工作日内及时公开;法律、法规另有规定的,从其规定.
STATUTORY_WORKING_DAYS = 20


def _check_unrecognised(ctx: RuleContext) -> Iterator[Finding]:
    for limit in ctx.distinct("time_limit"):
        text = limit.text.strip()
        # Blank is CAT101's business and 同上 is CAT105's: one finding per mistake.
        if limit.kind is TimeLimitKind.UNRECOGNISED and text and not is_same_as_above(text):
            for index in ctx.indexes("time_limit", limit):
                yield ctx.finding(TIME_LIMIT_UNRECOGNISED, index, "time_limit", text=limit.text)


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


def _check_over_twenty(ctx: RuleContext) -> Iterator[Finding]:
    for limit in ctx.distinct("time_limit"):
        if limit.kind is not TimeLimitKind.WORKING_DAYS or limit.days is None:
            continue
        if limit.days <= STATUTORY_WORKING_DAYS:
            continue
        if allows_longer_by_law(limit.text):
            continue
        for index in ctx.indexes("time_limit", limit):
            yield ctx.finding(TIME_LIMIT_TOO_LONG, index, "time_limit", days=limit.days)


TIME_LIMIT_TOO_LONG = Rule(
    code="CAT302",
    name="time-limit-over-20-working-days",
    severity=Severity.ERROR,
    message_zh="公开时限为 {days} 个工作日，超过《政府信息公开条例》第二十六条规定的 20 个工作日；"
    "如有法律、法规另行规定，请在公开时限中写明（如“……法律、法规另有规定的，从其规定”）",
    message_en="The time limit of {days} working days exceeds the 20 working days of art. 26 of "
    "the 2019 Regulations on Open Government Information; if a law or regulation sets another "
    "limit, say so in the time limit (…法律、法规另有规定的,从其规定)",
    rationale="条例 art. 26: proactive disclosure within 20 working days of formation or change, "
    "unless a law or regulation provides otherwise. Shorter limits are fine. Which law allows a "
    "longer limit cannot be read from a citation alone, so the time limit must say it.",
    example="信息形成之日起30个工作日内",
    check=_check_over_twenty,
)


def _check_title_marks(ctx: RuleContext) -> Iterator[Finding]:
    for basis in ctx.distinct("basis"):
        if unbalanced_title_marks(basis.text):
            for index in ctx.indexes("basis", basis):
                yield ctx.finding(UNBALANCED_TITLE_MARKS, index, "basis")


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


@lru_cache(maxsize=8192)
def _document_numbers(text: str) -> tuple[tuple[str, bool], ...]:
    """Each number-like text in a basis, and whether it is well formed (apart from brackets).

    Cached: a 公开依据 text repeats on many rows.
    """
    latest = date.today().year + 1
    found = []
    for match in _LOOSE_NUMBER.finditer(text):
        written = match.group(0)
        compact = re.sub(r"\s+", "", written)
        year = int(re.sub(r"\s+", "", match.group(1)) or 0)
        well_formed = bool(DOCUMENT_NUMBER.fullmatch(compact)) and 1949 <= year <= latest
        found.append((written, well_formed))
    return tuple(found)


def _check_brackets(ctx: RuleContext) -> Iterator[Finding]:
    for basis in ctx.distinct("basis"):
        found = [(written, standard_document_number(written))
                 for written, well_formed in _document_numbers(basis.text) if well_formed]
        wrong = [(written, standard) for written, standard in found if standard != written]
        for index in ctx.indexes("basis", basis) if wrong else ():
            for written, standard in wrong:
                yield ctx.finding(
                    DOCUMENT_NUMBER_BRACKETS, index, "basis", number=written, standard=standard
                )


def _check_malformed(ctx: RuleContext) -> Iterator[Finding]:
    for basis in ctx.distinct("basis"):
        malformed = [written for written, ok in _document_numbers(basis.text) if not ok]
        for index in ctx.indexes("basis", basis) if malformed else ():
            for written in malformed:
                yield ctx.finding(MALFORMED_DOCUMENT_NUMBER, index, "basis", number=written)


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
    UNBALANCED_TITLE_MARKS,
    DOCUMENT_NUMBER_BRACKETS,
    MALFORMED_DOCUMENT_NUMBER,
]
