"""Names of files the page hands out: safe to save anywhere, readable in Chinese.

A name comes from the user's upload (``江上乡 社会救助.xlsx``) or from our data; either way it
goes into a header or a ``download`` attribute, never into a path on the server.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME_CHARS = 120
# Path separators, Windows-reserved characters, quotes and controls become "_".
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f;]')
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def display_name(client_name: str | None, fallback: str = "upload") -> str:
    """The last component of a client's file name, cleaned for showing and saving.

    Browsers send a bare name, but some send ``C:\\Users\\…\\目录.xlsx``; both separators are
    cut, controls and reserved characters replaced, and the length bounded (suffix kept).
    """
    name = unicodedata.normalize("NFC", client_name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        return fallback
    if len(name) > MAX_NAME_CHARS:
        suffix = _SUFFIX.search(name)
        tail = suffix.group(0) if suffix else ""
        name = name[: MAX_NAME_CHARS - len(tail)] + tail
    return name


def suffix_of(name: str) -> str:
    """The lower-case suffix (``.xlsx``) if it is short and plain, else ``""``: the only part
    of a client's file name that reaches the server's disk."""
    found = _SUFFIX.search(name)
    return found.group(0).lower() if found else ""


def derived_name(name: str, label: str, suffix: str) -> str:
    """``目录.xlsx`` + ``已标注`` + ``.xlsx`` → ``目录-已标注.xlsx``."""
    stem = _SUFFIX.sub("", name) or "catalog"
    return display_name(f"{stem}-{label}{suffix}")


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266 with RFC 5987).

    Old clients read ``filename`` (non-ASCII replaced by ``_``); current browsers prefer
    ``filename*``, percent-encoded so no header can be broken by the name.
    """
    safe = display_name(name, "download")
    ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\%' else "_" for c in safe)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"
