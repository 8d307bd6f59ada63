"""Which language a request gets; the page texts themselves are in :mod:`catalog.i18n`
(``SERVE_WORDS``, re-exported here as ``WORDS``).

Chinese is the default (the users are township staff); ``?lang=en`` or a browser whose
Accept-Language prefers English gets English. Chinese texts use full-width punctuation.
"""

from __future__ import annotations

from catalog.i18n import SERVE_WORDS as WORDS

__all__ = ["LANGS", "WORDS", "choose_lang"]

LANGS = ("zh", "en")


def choose_lang(query: str | None, accept_language: str | None) -> str:
    """``?lang=`` if it names a language we have, else the browser's preference, else zh."""
    if query in LANGS:
        return query
    best: tuple[float, str] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality - position * 1e-6, primary)
    return best[1] if best else "zh"
