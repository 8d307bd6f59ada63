"""Documents that were replaced, and finding editions that still cite them.

One table, as data: a county that republishes its 2020 catalogue unchanged still cites the
2007 条例 (国务院令第492号), which 国务院令第711号 revised in 2019. Entries are only facts
that hold nationwide; a local replacement belongs in a local list, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catalog.standard.vocabulary import fold


@dataclass(frozen=True)
class Supersession:
    """``title`` (issued as ``number``, if given) was replaced by ``replaced_by`` in ``since``.

    ``successor_number`` is what a text citing the current version names, so a text that
    cites both (``第492号公布,第711号修订``) is not reported.
    """

    title: str
    number: str | None
    replaced_by: str
    successor_number: str | None
    since: int

    @property
    def cited(self) -> str:
        return f"《{self.title}》" + (f"({self.number})" if self.number else "")


SUPERSESSIONS: tuple[Supersession, ...] = (
    Supersession("中华人民共和国政府信息公开条例", "国务院令第492号",
                 "《中华人民共和国政府信息公开条例》(国务院令第711号修订)",
                 "国务院令第711号", 2019),
    Supersession("城市房屋拆迁管理条例", "国务院令第305号",
                 "《国有土地上房屋征收与补偿条例》(国务院令第590号)", None, 2011),
    Supersession("中华人民共和国食品卫生法", None, "《中华人民共和国食品安全法》", None, 2009),
    Supersession("中华人民共和国合同法", None, "《中华人民共和国民法典》", None, 2021),
    Supersession("中华人民共和国物权法", None, "《中华人民共和国民法典》", None, 2021),
    Supersession("中华人民共和国婚姻法", None, "《中华人民共和国民法典》", None, 2021),
    Supersession("中华人民共和国继承法", None, "《中华人民共和国民法典》", None, 2021),
)

_PREFIX = fold("中华人民共和国")


def title_key(title: str) -> str:
    """A cited title's key: 《政府信息公开条例》 and 《中华人民共和国政府信息公开条例》 agree."""
    key = fold(title)
    return key.removeprefix(_PREFIX) or key


@lru_cache(maxsize=4096)
def superseded_in(text: str) -> tuple[Supersession, ...]:
    """The superseded documents a 公开依据 text still cites (each once)."""
    folded = fold(text)
    found = []
    for entry in SUPERSESSIONS:
        if title_key(entry.title) not in folded:
            continue
        if entry.number is not None and fold(entry.number) not in folded:
            continue
        if entry.successor_number is not None and fold(entry.successor_number) in folded:
            continue
        found.append(entry)
    return tuple(found)
