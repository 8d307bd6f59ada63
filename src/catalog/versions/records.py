"""What a comparison of two catalogue editions finds, as typed, frozen data.

The records are pydantic models so that the JSON output and its published schema
(``schemas/diff.schema.json``) come from one definition; renderers turn them into text,
a workbook or a page. Values stay data (old/new texts, added/removed members); no sentence
is built here, so every output says the same thing in its own words.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from catalog.standard.model import Item
from catalog.standard.schema import SCHEMA_DIALECT

DIFF_FORMAT_VERSION: Literal["1.0"] = "1.0"


class ChangeKind(StrEnum):
    """The kinds of change a 修订说明 lists, in the order reports show them."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"

    @property
    def zh(self) -> str:
        return KIND_ZH[self]

    @property
    def suggestion(self) -> bool:
        """Split and merge are guesses from overlapping content: staff confirm them."""
        return self in (ChangeKind.SPLIT, ChangeKind.MERGED)


KIND_ZH = {
    ChangeKind.ADDED: "新增",
    ChangeKind.REMOVED: "删除",
    ChangeKind.CHANGED: "修改",
    ChangeKind.RENAMED: "更名",
    ChangeKind.MOVED: "移动",
    ChangeKind.SPLIT: "拆分",
    ChangeKind.MERGED: "合并",
}
KIND_EN = {
    ChangeKind.ADDED: "added",
    ChangeKind.REMOVED: "removed",
    ChangeKind.CHANGED: "changed",
    ChangeKind.RENAMED: "renamed",
    ChangeKind.MOVED: "moved",
    ChangeKind.SPLIT: "split",
    ChangeKind.MERGED: "merged",
}


class Segment(BaseModel):
    """One run of a character-level text diff."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="文本片段")

    op: Literal["equal", "insert", "delete"] = Field(description="Kept, added or removed text.")
    text: str


class FieldChange(BaseModel):
    """One field of one item that differs between the editions."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="字段变更")

    field: str = Field(description="Item field key (content, basis, time_limit, ...).")
    title: str = Field(description="The field's Chinese column title (公开内容, ...).")
    old: str = Field(description="The old value as text.")
    new: str = Field(description="The new value as text.")
    added: tuple[str, ...] = Field(
        default=(), description="Set fields: members added; 公开依据: documents now cited."
    )
    removed: tuple[str, ...] = Field(
        default=(), description="Set fields: members removed; 公开依据: documents no longer cited."
    )
    segments: tuple[Segment, ...] = Field(
        default=(), description="公开内容 and long texts: the character-level diff."
    )
    meaning: str | None = Field(
        default=None,
        description="What the change means, in Chinese (e.g. 20 → 10 个工作日,缩短).",
    )
    meaning_en: str | None = Field(default=None, description="The same in English.")
    cosmetic: bool = Field(
        default=False,
        description="Only width, spacing, box or mark variants differ (hidden unless --all).",
    )
    value: Any = Field(
        default=None,
        description="The new value as catalogue JSON writes it (text, list or object); "
        "null for an extra column that was removed.",
    )


class ItemRef(BaseModel):
    """An item of one edition: its names and where it is."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="事项")

    category: str = Field(description="一级事项")
    name: str = Field(description="二级事项")
    seq: str = Field(default="", description="序号 as written.")
    where: str = Field(default="", description="Sheet!A12 or a JSON pointer.")
    catalogue: int = Field(ge=0, description="Index of the catalogue in its edition.")
    index: int = Field(ge=0, description="Index of the item in its catalogue.")
    item: Item | None = Field(
        default=None,
        description="The whole item, for items the new edition introduces (added, split, merged).",
    )

    @property
    def label(self) -> str:
        return f"{self.category}/{self.name}" if self.category and self.name else (
            self.category or self.name)


class Change(BaseModel):
    """One entry of the 修订说明: an item added, removed, changed, renamed, moved, split or merged.

    ``old`` and ``new`` list the items involved on each side: none for an addition (old) or a
    removal (new), one each for a change, rename or move, several on one side for split/merge.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, title="变更")

    kind: ChangeKind
    domain: str | None = Field(description="Domain slug of the catalogue, if known.")
    domain_name: str = Field(description="Domain name for people (领域), or the catalogue title.")
    issuer: str | None = Field(default=None, description="Issuing body, if known.")
    old: tuple[ItemRef, ...] = ()
    new: tuple[ItemRef, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    suggestion: bool = Field(
        default=False, description="A guess from overlapping names and contents: to confirm."
    )
    similarity: float | None = Field(
        default=None, ge=0, le=1, description="Name-and-content similarity that paired the items."
    )

    @property
    def label(self) -> str:
        """The item's name for the 事项 column: the new name, else the old one."""
        side = self.new or self.old
        return "、".join(ref.label for ref in side)


class Note(BaseModel):
    """Something worth telling that is not itself a change: a superseded document still cited."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="提示")

    kind: Literal["superseded_citation"] = "superseded_citation"
    domain: str | None
    domain_name: str
    cited: str = Field(description="The superseded document as the table names it.")
    replaced_by: str = Field(description="The document that replaced it.")
    since: int = Field(description="Year of the replacement.")
    count: int = Field(ge=1, description="Items of the new edition that still cite it.")
    examples: tuple[ItemRef, ...] = Field(description="The first few of those items.")


class DomainCount(BaseModel):
    """Changes of one catalogue, counted by kind."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="领域统计")

    domain: str | None
    domain_name: str
    counts: dict[str, int] = Field(description="Count per change kind (added, removed, ...).")
    total: int


class EditionInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="版本")

    file: str
    catalogues: int
    items: int


class Diff(BaseModel):
    """Everything that differs between two editions, in the new edition's order."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="目录版本比较",
        json_schema_extra={"$id": "urn:catalog:schema:diff:1.0"},
    )

    format_version: Literal["1.0"] = DIFF_FORMAT_VERSION
    old: EditionInfo
    new: EditionInfo
    cosmetic_included: bool = Field(
        default=False, description="Whether cosmetic-only changes are listed (--all)."
    )
    summary: tuple[DomainCount, ...] = ()
    changes: tuple[Change, ...] = ()
    notes: tuple[Note, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def counts(self) -> Counter[ChangeKind]:
        return Counter(change.kind for change in self.changes)

def summarise(changes: tuple[Change, ...]) -> tuple[DomainCount, ...]:
    """Counts by change kind per domain, domains in order of first appearance."""
    per: dict[tuple[str | None, str], Counter[str]] = {}
    for change in changes:
        per.setdefault((change.domain, change.domain_name), Counter())[change.kind.value] += 1
    return tuple(
        DomainCount(domain=domain, domain_name=name,
                    counts={kind.value: counts[kind.value] for kind in ChangeKind
                            if counts[kind.value]},
                    total=sum(counts.values()))
        for (domain, name), counts in per.items()
    )


def diff_schema() -> dict[str, Any]:
    """The JSON Schema of ``catalog diff --format json`` (schemas/diff.schema.json)."""
    schema = Diff.model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": schema.pop("$id"), **schema}
