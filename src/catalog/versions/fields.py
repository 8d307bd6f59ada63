"""Field-level meaning of a change: what a 公开时限, a set of channels or a 公开依据 became.

Each comparison returns a :class:`FieldChange` or ``None`` when the field is unchanged. A
change that only :func:`~catalog.versions.normalise.cosmetic_key` can see is returned marked
``cosmetic``; the caller decides whether to keep it. 序号 is not compared: renumbering
follows from every addition and would bury the real changes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from catalog.standard.citations import parse_citations, standard_document_number
from catalog.standard.fields import ITEM_FIELDS
from catalog.standard.model import Item, TimeLimit, TimeLimitKind
from catalog.standard.vocabulary import fold
from catalog.versions.normalise import cosmetic_key
from catalog.versions.records import FieldChange, Segment
from catalog.versions.superseded import title_key

# Text fields compared as text; set fields as members added and removed.
SET_FIELDS = ("channels", "audience", "mode", "level")
LIST_SEPARATOR = "、"


def _title(key: str) -> str:
    if key == "parents":
        return "上级事项"
    return ITEM_FIELDS[key][0] if key in ITEM_FIELDS else key


def parents_change(old: tuple[str, ...], new: tuple[str, ...]) -> FieldChange | None:
    """The item levels above 一级事项 (Item.parents), shown as a path 决策/最低生活保障."""
    if old == new:
        return None
    change = text_change("parents", "/".join(old), "/".join(new))
    if change is None:  # ("a/b",) against ("a", "b"): the same path as text
        change = FieldChange(field="parents", title=_title("parents"), old="/".join(old),
                             new="/".join(new))
    return change.model_copy(update={"value": list(new)})


# --------------------------------------------------------------------------- text


def char_segments(old: str, new: str) -> tuple[Segment, ...]:
    """A character-level diff of two texts as kept / deleted / inserted runs."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(op="equal", text=old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment(op="delete", text=old[i1:i2]))
        if j2 > j1:
            segments.append(Segment(op="insert", text=new[j1:j2]))
    return tuple(segments)


def text_change(key: str, old: str, new: str, segments: bool = False) -> FieldChange | None:
    """A plain text field (公开主体, 一级/二级事项, 公开内容 with a character diff)."""
    if old == new:
        return None
    cosmetic = cosmetic_key(old) == cosmetic_key(new)
    return FieldChange(field=key, title=_title(key), old=old, new=new, cosmetic=cosmetic,
                       segments=char_segments(old, new) if segments and not cosmetic else (),
                       value=new)


# --------------------------------------------------------------------------- sets


def set_change(key: str, old: Sequence[str], new: Sequence[str], old_text: str | None,
               new_text: str | None) -> FieldChange | None:
    """Members added and removed; the same members written differently are cosmetic at most."""
    old_values, new_values = [str(v) for v in old], [str(v) for v in new]
    removed = tuple(v for v in old_values if v not in new_values)
    added = tuple(v for v in new_values if v not in old_values)
    old_shown, new_shown = LIST_SEPARATOR.join(old_values), LIST_SEPARATOR.join(new_values)
    if added or removed:
        parts_zh = [f"增加{LIST_SEPARATOR.join(added)}" if added else "",
                    f"删除{LIST_SEPARATOR.join(removed)}" if removed else ""]
        parts_en = [f"added {', '.join(added)}" if added else "",
                    f"removed {', '.join(removed)}" if removed else ""]
        return FieldChange(field=key, title=_title(key), old=old_shown, new=new_shown,
                           added=added, removed=removed, value=new_values,
                           meaning=";".join(p for p in parts_zh if p),
                           meaning_en="; ".join(p for p in parts_en if p))
    # Same members. Only when both editions wrote the cell themselves (a box list in a workbook)
    # can the writing differ cosmetically (口 → □); a box list against a plain list is layout.
    if old_text and new_text and old_text != new_text and (
            cosmetic_key(old_text) == cosmetic_key(new_text)):
        return FieldChange(field=key, title=_title(key), old=old_text, new=new_text,
                           cosmetic=True, value=new_values)
    return None


# --------------------------------------------------------------------------- time limits


def _reading(limit: TimeLimit) -> str:
    if limit.kind in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.NATURAL_DAYS):
        return f"{limit.days} 个{limit.kind.value}"
    if limit.kind is TimeLimitKind.PERIODIC:
        return f"定期({limit.period})"
    return limit.kind.value


def _reading_en(limit: TimeLimit) -> str:
    if limit.kind is TimeLimitKind.WORKING_DAYS:
        return f"{limit.days} working days"
    if limit.kind is TimeLimitKind.NATURAL_DAYS:
        return f"{limit.days} days"
    if limit.kind is TimeLimitKind.PERIODIC:
        return f"periodic ({limit.period})"
    return {TimeLimitKind.REAL_TIME: "real time", TimeLimitKind.PROMPTLY: "promptly",
            TimeLimitKind.LONG_TERM: "long-term", TimeLimitKind.AS_PRESCRIBED: "as prescribed",
            }.get(limit.kind, "unrecognised")


def time_limit_change(old: TimeLimit, new: TimeLimit) -> FieldChange | None:
    """公开时限 by its reading: days shortened or extended, a 定期 period changed, a new kind."""
    if old.text == new.text:
        return None
    change = FieldChange(field="time_limit", title=_title("time_limit"), old=old.text,
                         new=new.text, value={"text": new.text})
    if cosmetic_key(old.text) == cosmetic_key(new.text):
        return change.model_copy(update={"cosmetic": True})
    same_kind = old.kind == new.kind
    if same_kind and old.days is not None and new.days is not None and old.days != new.days:
        unit = f"个{old.kind.value}"
        shorter = new.days < old.days
        meaning = f"{old.days} → {new.days} {unit},{'缩短' if shorter else '延长'}"
        unit_en = "working days" if old.kind is TimeLimitKind.WORKING_DAYS else "days"
        meaning_en = f"{old.days} → {new.days} {unit_en}, {'shorter' if shorter else 'longer'}"
    elif same_kind and old.kind is TimeLimitKind.PERIODIC and old.period != new.period:
        meaning = f"定期公开周期:{old.period} → {new.period}"
        meaning_en = f"period of periodic disclosure: {old.period} → {new.period}"
    elif not same_kind:
        meaning = f"{_reading(old)} → {_reading(new)}"
        meaning_en = f"{_reading_en(old)} → {_reading_en(new)}"
    else:
        meaning, meaning_en = "时限不变,表述调整", "same time limit, reworded"
    return change.model_copy(update={"meaning": meaning, "meaning_en": meaning_en})


# --------------------------------------------------------------------------- legal basis

# 国务院令第711号, 民政部令第58号, 中华人民共和国主席令第六十二号: numbers without 〔year〕.
_ORDER_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})令\s*第\s*([0-9一二三四五六七八九十百零〇]+)\s*号")
_TITLE = re.compile(r"《([^《》]{1,200})》")


def _order_numbers(text: str) -> list[tuple[int, str]]:
    found = []
    for match in _ORDER_NUMBER.finditer(text):
        organ = re.split(r"[年的和及]", match.group(1))[-1]  # 2019年国务院令 → 国务院
        found.append((match.start(), f"{organ}令第{match.group(2)}号"))
    return found


@lru_cache(maxsize=8192)
def cited_documents(text: str) -> tuple[tuple[str, str], ...]:
    """(title, number) of every document a 公开依据 text cites, in order; either may be "".

    Titles and 〔year〕 numbers come from the citation parser; 令 numbers (国务院令第711号),
    which it does not read, are attached to the title they follow.
    """
    documents = [[c.title or "", standard_document_number(c.number) if c.number else ""]
                 for c in parse_citations(text)]
    titled = [index for index, (title, _) in enumerate(documents) if title]
    positions = [match.start() for match in _TITLE.finditer(text)]
    for start, number in _order_numbers(text):
        before = [index for index, position in zip(titled, positions, strict=False)
                  if position < start]
        if before and not documents[before[-1]][1]:
            documents[before[-1]][1] = number
        else:
            documents.append(["", number])
    return tuple((title, number) for title, number in documents)


def show_document(title: str, number: str) -> str:
    if title and number:
        return f"《{title}》({number})"
    return f"《{title}》" if title else number


@dataclass
class _Cited:
    """The documents of one text: titled ones by title key, untitled ones by number."""

    titles: dict[str, tuple[str, str]]
    numbers: dict[str, str]

    @classmethod
    def of(cls, text: str) -> _Cited:
        titles: dict[str, tuple[str, str]] = {}
        numbers: dict[str, str] = {}
        for title, number in cited_documents(text):
            if title:
                titles.setdefault(title_key(title), (title, number))
            else:
                numbers.setdefault(fold(number), number)
        return cls(titles, numbers)

    def all_numbers(self) -> set[str]:
        return set(self.numbers) | {fold(n) for _, n in self.titles.values() if n}


def basis_change(old: str, new: str) -> FieldChange | None:
    """公开依据 by the documents cited: added, removed, or a new 文号 for the same title."""
    if old == new:
        return None
    change = FieldChange(field="basis", title=_title("basis"), old=old, new=new,
                         value={"text": new})
    if cosmetic_key(old) == cosmetic_key(new):
        return change.model_copy(update={"cosmetic": True})
    before, after = _Cited.of(old), _Cited.of(new)
    added = [show_document(*after.titles[k]) for k in after.titles if k not in before.titles]
    removed = [show_document(*before.titles[k]) for k in before.titles if k not in after.titles]
    added += [n for k, n in after.numbers.items() if k not in before.all_numbers()]
    removed += [n for k, n in before.numbers.items() if k not in after.all_numbers()]
    renumbered = [(before.titles[k][0], before.titles[k][1], after.titles[k][1])
                  for k in before.titles if k in after.titles
                  and fold(before.titles[k][1]) != fold(after.titles[k][1])]
    zh = [f"新增引用{LIST_SEPARATOR.join(added)}" if added else "",
          f"不再引用{LIST_SEPARATOR.join(removed)}" if removed else ""]
    en = [f"now cites {', '.join(added)}" if added else "",
          f"no longer cites {', '.join(removed)}" if removed else ""]
    for title, was, now in renumbered:
        zh.append(f"《{title}》文号{was or '(未写)'} → {now or '(未写)'}")
        en.append(f"《{title}》 number {was or '(none)'} → {now or '(none)'}")
    if not any(zh):
        zh, en = ["引用文件不变,表述调整"], ["same documents cited, reworded"]
    return change.model_copy(update={
        "added": tuple(added), "removed": tuple(removed),
        "meaning": ";".join(p for p in zh if p), "meaning_en": "; ".join(p for p in en if p)})


# --------------------------------------------------------------------------- whole items


EXTRA_PREFIX = "extra/"


def _extra(old: Item, new: Item) -> list[FieldChange]:
    """Columns beyond the template (咨询电话, ...), by header; field ``extra/<header>``."""
    found = []
    for header in dict.fromkeys([*old.extra, *new.extra]):
        before, after = old.extra.get(header), new.extra.get(header)
        change = text_change(header, before or "", after or "")
        if change is None and before != after:  # an empty column added or removed
            change = FieldChange(field=header, title=header, old=before or "", new=after or "")
        if change is not None:
            found.append(change.model_copy(update={"field": EXTRA_PREFIX + header,
                                                   "value": after}))
    return found


COMPARISONS: tuple[tuple[str, Callable[[Item, Item], FieldChange | None]], ...] = (
    ("parents", lambda o, n: parents_change(o.parents, n.parents)),
    ("category", lambda o, n: text_change("category", o.category, n.category)),
    ("name", lambda o, n: text_change("name", o.name, n.name)),
    ("content", lambda o, n: text_change("content", o.content, n.content, segments=True)),
    ("basis", lambda o, n: basis_change(o.basis.text, n.basis.text)),
    ("time_limit", lambda o, n: time_limit_change(o.time_limit, n.time_limit)),
    ("subject", lambda o, n: text_change("subject", o.subject, n.subject)),
    *((key, lambda o, n, key=key: set_change(
        key, getattr(o, key), getattr(n, key), o.original.get(key), n.original.get(key)))
      for key in SET_FIELDS),
)


def _same(old: Item, new: Item) -> bool:
    """Nothing to report: every compared value equal (most pairs of two editions)."""
    return (old.content == new.content and old.basis.text == new.basis.text
            and old.time_limit.text == new.time_limit.text and old.subject == new.subject
            and old.category == new.category and old.name == new.name
            and old.parents == new.parents
            and old.channels == new.channels and old.audience == new.audience
            and old.mode == new.mode and old.level == new.level and old.extra == new.extra
            and not any(_both_written(old, new, key) for key in SET_FIELDS))


def _both_written(old: Item, new: Item, key: str) -> bool:
    """Both editions kept their own, different wording of a set field (a box list)."""
    before, after = old.original.get(key), new.original.get(key)
    return bool(before and after and before != after)


def field_changes(old: Item, new: Item) -> list[FieldChange]:
    """Every field that differs, in table order (cosmetic ones marked, not dropped)."""
    if _same(old, new):
        return []
    found = [change for _, compare in COMPARISONS if (change := compare(old, new)) is not None]
    found.extend(_extra(old, new))
    return found
