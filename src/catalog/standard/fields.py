"""The item fields of the standard's table, in table order: key, Chinese column title and an
English description. Plain data without pydantic, so messages and the command line can name a
field without loading the model."""

from __future__ import annotations

# Item field keys in table order, with their Chinese column titles and English descriptions.
ITEM_FIELDS: dict[str, tuple[str, str]] = {
    "seq": ("序号", "Row number as written in the table."),
    "category": ("一级事项", "First-level disclosure item."),
    "name": ("二级事项", "Second-level disclosure item (blank where the item has only one level)."),
    "content": ("公开内容", "What is disclosed (公开内容(要素))."),
    "basis": ("公开依据", "Legal basis for the disclosure."),
    "time_limit": ("公开时限", "Time limit for disclosure."),
    "subject": ("公开主体", "Body responsible for the disclosure."),
    "channels": ("公开渠道和载体", "Channels and carriers used."),
    "audience": ("公开对象", "Who the disclosure is for."),
    "mode": ("公开方式", "Proactive disclosure or on request."),
    "level": ("公开层级", "Government levels that disclose the item."),
}
