"""Normalisation tables for the values real catalogues write in many ways.

Every function here is pure and cached where inputs repeat across rows (channel lists, levels):
a 100,000-row workbook holds a few hundred distinct strings per column. Each returns the
standard value *and* whether the wording was already standard, so callers can keep the
original wording beside the value (nothing the user wrote is lost).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from itertools import chain, compress, repeat
from operator import is_, itemgetter
from typing import NamedTuple

from catalog.core.caches import per_run
from catalog.core.findings import UsageError
from catalog.core.patterns import lazy_compile
from catalog.standard.terms import STANDARD_CHANNELS, Audience, Level, Mode

# --------------------------------------------------------------------------- text cleanup

_CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uff00-\uffef"
)
# Linear time (issue 12): a run of spaces is tried once, from its start, and never given back.
_SPACE_NEAR_CJK = lazy_compile(rf"(?<=[{_CJK}])\s+|(?<!\s)\s++(?=[{_CJK}])")
_SPACE = re.compile(r"\s").search
_SPACES = lazy_compile(r"\s{2,}")
_INVISIBLE = lazy_compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean_text(text: str) -> str:
    """Trim a long text cell: unify line breaks and drop surrounding blanks, keep the rest."""
    if "\n" not in text and "\r" not in text and "\u3000" not in text:
        return text.strip()  # one line (most cells): the same result, three scans in C
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    return "\n".join(line.strip() for line in text.strip().split("\n"))


_BETWEEN_TEXTS = "\n\x00\n"  # a line of its own between texts cleaned together


def clean_texts(texts: list[str]) -> list[str]:
    """:func:`clean_text` of many texts, each step one pass in C over all of them.

    Joined with a line of their own between them, the texts' lines are all stripped in one
    pass; each text then loses the blank lines at its ends (its first and last lines are
    already stripped), which is what stripping it first did. A text holding the separator's
    NUL is cleaned on its own.
    """
    joined = _BETWEEN_TEXTS.join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return list(map(clean_text, texts))
    if "\r" in joined:
        joined = joined.replace("\r\n", "\n").replace("\r", "\n")
    lines = map(str.strip, joined.replace("\u3000", " ").split("\n"))
    return list(map(str.strip, "\n".join(lines).split(_BETWEEN_TEXTS), repeat("\n")))


def clean_name(text: str) -> str:
    """Standardise a short name: no line breaks or spaces next to Chinese characters.

    ``出生\\n登记`` and ``办事 指南`` are the same names as ``出生登记`` and ``办事指南``; spaces
    between Latin words (``PM2.5 monitoring``) are kept.
    """
    text = clean_text(text).replace("\n", " ")
    if _SPACE(text) is None:  # most names: nothing for the two passes below to change
        return text
    text = _SPACE_NEAR_CJK.sub("", text)
    return _SPACES.sub(" ", text)


def halfwidth_digits(text: str) -> str:
    """Full-width digits to ASCII: ``２０`` and ``20`` are the same number."""
    return text.translate(_FULLWIDTH_DIGITS)


def clean_seq(value: str) -> str:
    """序号 as text: ``1.0`` (a float from Excel) is ``1``; full-width digits become ASCII."""
    text = halfwidth_digits(clean_name(value))
    if re.fullmatch(r"\d+\.0+", text):
        return text.split(".", 1)[0]
    return text


# "Same as above", as printed tables write it: the reader resolves it, the rules report it
# where nothing above can be repeated (CAT105).
SAME_AS_ABOVE = frozenset({"同上", "同上。", "同上.", "同 上", "同上述"})
# What a person may read as "same as above" too: ditto marks and 同前/同左. The reader keeps
# these as written (a 〃 may be a real value); where a cell must read back exactly (the
# metadata a written workbook carries) or a published table fills 一级事项 down, they count.
DITTO_LIKE = SAME_AS_ABOVE | {"同前", "同左", "〃", "”", '"'}


def is_same_as_above(text: str) -> bool:
    return text.strip() in SAME_AS_ABOVE


def invisible_characters(text: str) -> list[str]:
    """Zero-width and bidi-control characters, which make two different names look equal."""
    return [f"U+{ord(ch):04X}" for ch in _INVISIBLE.findall(text)]


@per_run
def fold(text: str) -> str:
    """A key for comparing names: NFKC, no whitespace or punctuation, lower case."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum()).lower()


# --------------------------------------------------------------------------- check marks

TICK_MARKS = frozenset("√✓✔☑■▄◆●★▲✅") | {"是", "有", "Y", "y", "YES", "Yes", "yes", "V", "v"}
EMPTY_MARKS = frozenset("口□☐×✗✘") | {"", "否", "无", "N", "n", "NO", "No", "no", "-", "—", "/"}
SELECTED_BOXES = "■▄◆√☑●✔✓"
EMPTY_BOXES = "□口☐"


def read_mark(cell: str, label: str | None = None) -> bool | None:
    """Whether a check-mark cell is ticked; ``None`` when the cell says something else.

    A cell holding the column's own label (``县级`` in the 县级 column) counts as ticked: some
    counties write the level name instead of √.
    """
    text = cell.strip().replace(" ", "")
    if text in TICK_MARKS:
        return True
    if text in EMPTY_MARKS:
        return False
    if label is not None and text and fold(text) == fold(label):
        return True
    if text and set(text) <= set(SELECTED_BOXES):
        return True
    return None


# --------------------------------------------------------------------------- levels

_LEVEL_TOKEN_SPLIT = lazy_compile(r"[、,，;；/\s]+|及|和|与")


# A NamedTuple: made at import in ~0.1 ms, a frozen dataclass in ~0.5 ms (start-up).
class LevelReading(NamedTuple):
    levels: tuple[Level, ...]
    standard: bool  # the wording was exactly the canonical level names


def _levels_in_token(token: str) -> list[Level]:
    found: list[Level] = []
    if re.search(r"[市州盟]", token):
        found.append(Level.CITY)
    if "县" in token or ("区" in token and "社区" not in token and "市" not in token):
        found.append(Level.COUNTY)
    if re.search(r"[乡镇街苏]", token):
        found.append(Level.TOWNSHIP)
    if re.search(r"村|社区|嘎查|居委", token):
        found.append(Level.VILLAGE)
    return found


@per_run
def read_levels(text: str) -> LevelReading | None:
    """Levels named by a header or cell: ``乡、村级`` is 乡级 and 村级; ``区县级`` is 县级.

    Returns ``None`` when no level can be recognised.
    """
    cleaned = clean_name(text)
    if not cleaned:
        return None
    levels: list[Level] = []
    for token in _LEVEL_TOKEN_SPLIT.split(cleaned):
        for level in _levels_in_token(token):
            if level not in levels:
                levels.append(level)
    if not levels:
        return None
    ordered = tuple(level for level in Level if level in levels)
    canonical = "、".join(level.value for level in ordered)
    return LevelReading(ordered, standard=cleaned in {canonical, *(lv.value for lv in ordered)})


# A level heading written with a place name: 东阳市级, 某某镇级, 转塘街道级 (not 街镇级, 县市级).
_PLACE_LEVEL = lazy_compile(r"^([\u4e00-\u9fff]{1,20}?(?:街道|[省市州盟区县旗乡镇苏木]))级$")
_LEVEL_WORDS = frozenset("省市州盟区县旗乡镇街道村社居苏木")


def level_place(text: str) -> str | None:
    """The place a level heading names (``东阳市级`` → ``东阳市``), or ``None`` for a plain
    level word (县级, 区级, 街镇级, 乡镇级)."""
    text = clean_name(text)
    head = text[:-1]
    # The plain headings (县级, 乡、村级) are told without the pattern, whose CJK class costs
    # ~1.5 ms to compile: what it matches before 级 is all CJK and not only level words.
    if (not text.endswith("级") or set(head) <= _LEVEL_WORDS
            or not all("\u4e00" <= char <= "\u9fff" for char in head)):
        return None
    match = _PLACE_LEVEL.match(text)
    if match is None or set(match.group(1)) <= _LEVEL_WORDS:
        return None
    return match.group(1)


def parse_level(text: str) -> Level | None:
    """One level from a command-line option or issuer field (县级, 乡镇, 镇级, county ...)."""
    english = {
        "city": Level.CITY,
        "county": Level.COUNTY,
        "township": Level.TOWNSHIP,
        "town": Level.TOWNSHIP,
        "village": Level.VILLAGE,
    }
    if text.strip().lower() in english:
        return english[text.strip().lower()]
    reading = read_levels(text)
    if reading is None or len(reading.levels) != 1:
        return None
    return reading.levels[0]


def require_level(level: Level | str) -> Level:
    """One level, from an enum or any common spelling; a clear usage error otherwise.

    The one place where a level given by a person (command line, catalog.toml, API call)
    is checked, so every entry point accepts the same words and says the same thing.
    """
    if isinstance(level, Level):
        return level
    found = parse_level(level)
    if found is None:
        raise UsageError(f"unknown level: {level!r} (市级, 县级, 乡级, 村级)",
                         zh=f"无法识别的层级：{level!r}（应为市级、县级、乡级或村级）")
    return found


# Place words before 人民政府 that show a level: 县/区/旗 → 县级, 乡/镇/苏木/街道 → 乡级.
_BODY_SUFFIX = lazy_compile(r"(?:人民政府|管理委员会|管委会)$")
_LEVEL_OF_PLACE = ((lazy_compile(r"(?:[乡镇]|苏木)$|街道|办事处|街道办"), Level.TOWNSHIP),
                   (lazy_compile(r"[县区旗]$"), Level.COUNTY),
                   (lazy_compile(r"[市州盟]$"), Level.CITY))


def level_of_body(name: str) -> Level | None:
    """The level a government body's name shows: 某某镇人民政府 → 乡级, 某某区人民政府 → 县级.

    The one place this is decided, for issuers read from a title and given with --issuer;
    ``None`` for a name that shows no level (a department, a 管委会 of a park).
    """
    place = _BODY_SUFFIX.sub("", clean_name(name))
    for pattern, level in _LEVEL_OF_PLACE:
        if pattern.search(place):
            return level
    return None


# --------------------------------------------------------------------------- audience and mode

AUDIENCE_SYNONYMS: dict[str, Audience] = {
    "全社会": Audience.SOCIETY,
    "社会公众": Audience.SOCIETY,
    "全体": Audience.SOCIETY,
    "特定群体": Audience.SPECIFIC_GROUP,
    "特定群众": Audience.SPECIFIC_GROUP,
    "特定对象": Audience.SPECIFIC_GROUP,
    "特定人群": Audience.SPECIFIC_GROUP,
}

MODE_SYNONYMS: dict[str, Mode] = {
    "主动": Mode.PROACTIVE,
    "主动公开": Mode.PROACTIVE,
    "依申请": Mode.ON_REQUEST,
    "依申请公开": Mode.ON_REQUEST,
    "申请公开": Mode.ON_REQUEST,
}


def read_audience(text: str) -> Audience | None:
    key = fold(text)
    if key.startswith("特定群体"):  # 特定群体(请写明) in the 食品药品 template
        return Audience.SPECIFIC_GROUP
    return AUDIENCE_SYNONYMS.get(key)


def read_mode(text: str) -> Mode | None:
    return MODE_SYNONYMS.get(fold(text))


# --------------------------------------------------------------------------- channels

# Spellings of standard channels seen in published catalogues (shared/reference/vocabulary.md §3.2).
CHANNEL_SYNONYMS: dict[str, str] = {
    "发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
    "发布会听证会": "发布会/听证会",
    "发布会、听证会": "发布会/听证会",
    "新闻发布会": "发布会/听证会",
    "社区/企事业单位、村公示栏(电子屏)": "社区/企事业单位/村公示栏(电子屏)",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "社区/企事业单位公示栏(电子屏)": "社区/企事业单位/村公示栏(电子屏)",
    "村居/企事业单位公示栏(电子屏)": "社区/企事业单位/村公示栏(电子屏)",
    "社区、企事业单位、村公示栏(电子屏)": "社区/企事业单位/村公示栏(电子屏)",
    "公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "纸质载体": "纸质媒体",
    "政府服务中心": "政务服务中心",
    "行政服务中心": "政务服务中心",
    "入户/现场宣传": "入户/现场",
    "入户、现场": "入户/现场",
    "一微一端": "两微一端",
    "政务新媒体": "两微一端",
    "其它": "其他",
}

# Local names of standard channels (shared/reference/vocabulary.md §3.3): a county's own
# website or WeChat account *is* its 政府网站 or 两微一端. Read as the standard channel and
# reported (CAT202) with the original wording kept; not rewritten by ``catalog fix``, since the
# local name says more than the standard one.
LOCAL_CHANNEL_NAMES: dict[str, str] = {
    "政府门户网站": "政府网站",
    "人民政府门户网站": "政府网站",
    "微信公众号": "两微一端",
    "政务微信公众号": "两微一端",
    "政务微信": "两微一端",
    "政务微博": "两微一端",
    "村务公开栏": "社区/企事业单位/村公示栏(电子屏)",
    "村(居)务公开栏": "社区/企事业单位/村公示栏(电子屏)",
    "村务公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "居务公开栏": "社区/企事业单位/村公示栏(电子屏)",
}
# A government's own website named with its place: 区政府门户网站, 东阳市人民政府网站.
_LOCAL_WEBSITE = lazy_compile(
    r"^[\u4e00-\u9fff]{0,8}[省市区县旗乡镇](?:人民)?政府(?:门户)?网站$")

_CHANNEL_KEYS: dict[str, str] = {fold(name): name for name in STANDARD_CHANNELS} | {
    fold(variant): standard
    for variant, standard in (CHANNEL_SYNONYMS | LOCAL_CHANNEL_NAMES).items()
}

_SEPARATORS = r"\s,，、;；:：。"
# Marks that start an entry wherever they stand (■政府网站□政府公报 has no separator).
_MARKS = SELECTED_BOXES + EMPTY_BOXES.replace("口", "")
# 口 is a box at the start of an entry, or right before a standard channel's name; inside
# 人口/户口/口岸 it is a character.
_STANDARD_SPELLINGS = "|".join(
    re.escape(name) for name in sorted({*STANDARD_CHANNELS, *CHANNEL_SYNONYMS}, key=len,
                                       reverse=True))
_BOX_START = lazy_compile(  # one group, the mark: split gives text, mark, text, mark, ...
    rf"([{_MARKS}]|(?:^|(?<=[{_SEPARATORS}]))口|口(?=(?:{_STANDARD_SPELLINGS})))")
_ENTRY_BLANKS = " \n,，、;；。"  # around an entry of a box list
_SELECTED, _EMPTY = frozenset(SELECTED_BOXES), frozenset(EMPTY_BOXES)
# What one entry of a channel cell says (_channel_entry): the standard channels it names, or
# itself as a non-standard name, with a near miss or the synonym it is written as.
ChannelEntry = tuple[tuple[str, ...], str | None, tuple[str, str] | None, tuple[str, str] | None]
_first, _second, _third, _fourth = (itemgetter(index) for index in range(4))
_ENTRY_SPLIT = lazy_compile(r"[\n,，、;；。]+|\s{1,}")
_NUMBERING = lazy_compile(r"^(?:\d+[.．、)）]|[(（]\d+[)）])")
_OTHER_WITH_TEXT = lazy_compile(r"^其[他它][:：_\s]*(.+)$")
# Standard spellings that hold a list separator: read whole before a plain list is split.
_WHOLE_SPELLINGS = lazy_compile("|".join(
    re.escape(name) for name in sorted(
        (n for n in (*STANDARD_CHANNELS, *CHANNEL_SYNONYMS) if re.search(r"[、,，;；]", n)),
        key=len, reverse=True)))


class ChannelReading(NamedTuple):  # see LevelReading
    """The channels a cell names, in standard order, then non-standard ones as written."""

    channels: tuple[str, ...]
    standard: bool  # the cell needed no standardisation to give exactly these channels
    nonstandard: tuple[str, ...] = ()
    near_misses: tuple[tuple[str, str], ...] = ()  # (as written, standard name)
    synonyms: tuple[tuple[str, str], ...] = ()  # (as written, standard name)
    box_list: bool = False  # ticked and unticked boxes: only the ticked entries count
    # Entries of a box list with no box before them: ticked or not cannot be told, so they
    # are not read as channels (CAT525 reports the cell).
    unmarked: tuple[str, ...] = ()


def standard_channel(name: str) -> str | None:
    """The standard channel a spelling stands for, or ``None``."""
    key = fold(name)
    found = _CHANNEL_KEYS.get(key)
    if found is None and _LOCAL_WEBSITE.match(clean_name(name)):
        return "政府网站"
    return found


def near_standard_channel(name: str) -> str | None:
    """A standard channel this spelling probably means (a close misspelling), or ``None``."""
    key = fold(name)
    matches = difflib.get_close_matches(key, list(_CHANNEL_KEYS), n=1, cutoff=0.75)
    return _CHANNEL_KEYS[matches[0]] if matches else None


def _box_entries(parts: list[str]) -> list[tuple[str | None, str]]:
    """``■政府网站□政府公报 口两微一端`` → (mark, name) pairs; text before the first mark has
    mark ``None``. ``parts``: the text split at its marks (``_BOX_START.split``)."""
    lead = parts[0].strip(_ENTRY_BLANKS)
    entries: list[tuple[str | None, str]] = [(None, lead)] if lead else []
    names = list(map(str.strip, parts[2::2], repeat(_ENTRY_BLANKS)))
    entries += compress(zip(parts[1::2], names, strict=True), names)
    return entries


def _box_names(entries: list[tuple[str | None, str]]) -> tuple[list[str], bool, list[str]]:
    """The entries that count, whether the cell is a real box list, and unmarked entries.

    Ticked and unticked marks together make a box list: the ticked entries count. One mark
    on every entry (☐ or ● used as bullets) is a plain list: every entry counts.
    """
    marks, names = list(map(_first, entries)), list(map(_second, entries))
    if _SELECTED.isdisjoint(marks) or _EMPTY.isdisjoint(marks):  # not mixed
        return names, False, []
    chosen = list(compress(names, map(_SELECTED.__contains__, marks)))
    return chosen, True, list(compress(names, map(is_, marks, repeat(None))))


def _plain_entries(text: str) -> list[str]:
    """Entries split at any separator, except inside a standard spelling that holds one
    (社区/企事业单位、村公示栏(电子屏))."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    if "\x00" not in text:  # NUL marks the kept spellings (a cell holding one is left alone)
        text = _WHOLE_SPELLINGS.sub(keep, text)
    entries = []
    for raw in _ENTRY_SPLIT.split(text):
        entry = _NUMBERING.sub("", raw.strip())
        if kept:
            entry = _KEPT.sub(lambda m: kept[int(m.group(1))], entry)
        if entry:
            entries.append(entry)
    return entries


_KEPT = lazy_compile("\x00(\\d+)\x00")


def _normalise_brackets(text: str) -> str:
    return text.replace("（", "(").replace("）", ")").replace("／", "/")


_BRACKETED = lazy_compile(r"\(([^)]*)\)")


def _squeeze_brackets(text: str) -> str:
    """``(电 子屏 )`` → ``(电子屏)``. Only the text up to the last ``)`` is searched: each ``(``
    after it would otherwise scan to the end in vain (quadratic on ``((((…``)."""
    cut = text.rfind(")") + 1
    head = _BRACKETED.sub(lambda m: "(" + re.sub(r"\s+", "", m.group(1)) + ")", text[:cut])
    return head + text[cut:]


@per_run
def _channel_entry(name: str) -> ChannelEntry:
    """One entry of a channel cell (see ChannelEntry), read once per run."""
    found: tuple[str, ...] = ()
    other = _OTHER_WITH_TEXT.match(name)
    if other and fold(other.group(1)):
        found = ("其他",)
        name = other.group(1).strip()
    standard = standard_channel(name)
    if standard is not None:
        synonym = (name, standard) if fold(name) != fold(standard) else None
        return (*found, standard), None, None, synonym
    name = clean_name(name).strip("_")
    if not name:
        return found, None, None, None
    guess = near_standard_channel(name)
    return found, name, ((name, guess) if guess is not None else None), None


@per_run
def read_channels(text: str) -> ChannelReading:
    """Read a 公开渠道和载体 cell: a box list, or a plain list with any separator."""
    cleaned = _normalise_brackets(clean_text(text))
    # Spaces inside a bracket are breakage (``(电子屏 )``, ``(电 子屏)``), not separators.
    cleaned = _squeeze_brackets(cleaned)
    parts = _BOX_START.split(cleaned)
    marked = len(parts) > 1
    box_list, unmarked = False, list[str]()
    if marked:
        names, box_list, unmarked = _box_names(_box_entries(parts))
    else:
        names = _plain_entries(cleaned)
    readings = list(map(_channel_entry, names))
    found = set(chain.from_iterable(map(_first, readings)))
    nonstandard = list(filter(None, map(_second, readings)))
    near = list(filter(None, map(_third, readings)))
    synonyms = tuple(filter(None, map(_fourth, readings)))
    ordered = [name for name in STANDARD_CHANNELS if name in found]
    channels = tuple(ordered) + tuple(dict.fromkeys(n for n in nonstandard if n not in ordered))
    plain_standard = "、".join(channels)
    is_standard = not marked and cleaned in {plain_standard, *channels} and not near
    return ChannelReading(
        channels, is_standard, tuple(nonstandard), tuple(near), tuple(synonyms), box_list,
        tuple(unmarked),
    )


def issuer_level(issuer: str | None, level: Level | str | None) -> tuple[Level | None, bool]:
    """The level given, else the one the issuer's name shows (某某镇人民政府 → 乡级).

    Returns the level and whether it was implied by the name. CAT206 asks the user for
    ``--issuer``; this is what makes that enough.
    """
    if level is not None:
        return require_level(level), False
    implied = level_of_body(issuer) if issuer else None
    return implied, implied is not None
