"""The scorecard as text, JSON, a self-contained accessible HTML page, or an xlsx workbook.

One row per issuer (per township in a county folder), one column per indicator; every cell
says its value and its rating in words (never colour alone), and the details list the
offending items and the one-line method of each indicator.
"""

from __future__ import annotations

import json
from typing import IO, Any

from catalog.api import render_message
from catalog.checking.coverage import render_table
from catalog.i18n import SCORECARD_HTML_WORDS as _HTML_WORDS
from catalog.i18n import SCORECARD_WORDS as _WORDS
from catalog.pages import environment
from catalog.scorecard.build import RATING_WORDS, Indicator, Rating, Row, Scorecard

_MARK = {Rating.GREEN: "●", Rating.AMBER: "▲", Rating.RED: "■", Rating.NONE: "–"}
DETAIL_LIMIT = 50  # offending items listed per indicator in text and HTML (all in JSON, xlsx)


def _w(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return en if lang == "en" else zh


def _name(indicator: Indicator, lang: str) -> str:
    return indicator.spec.name_en if lang == "en" else indicator.spec.name_zh


def _rating(rating: Rating, lang: str) -> str:
    zh, en = RATING_WORDS[rating]
    return en if lang == "en" else zh


def _issuer(row: Row, lang: str) -> str:
    return row.issuer or _w("unknown", lang)


def _rows(card: Scorecard) -> list[tuple[Row, bool]]:
    return [(row, False) for row in card.rows] + ([(card.total, True)] if card.total else [])


def _scheme(indicator: Indicator, lang: str) -> str:
    spec = indicator.spec
    if spec.per_case is not None:
        cap = spec.cap if spec.cap is not None else spec.weight
        return _w("deduct", lang).format(n=f"{spec.per_case:g}", m=f"{cap:g}")
    return _w("ratio", lang)


# --------------------------------------------------------------------------- JSON


def to_dict(card: Scorecard, lang: str = "zh") -> dict[str, Any]:
    def indicator(i: Indicator) -> dict[str, Any]:
        m = i.measure
        return {
            "key": i.key, "name": _name(i, lang), "value": m.value, "display": m.shown(lang),
            "rating": i.rating.value, "words": _rating(i.rating, lang),
            "reference_only": m.reference_only, "score": i.score, "weight": i.spec.weight,
            "scheme": _scheme(i, lang), "cases": list(m.listed(lang)), "notes": list(m.notes),
            "method": m.method_en if lang == "en" else m.method_zh, **m.details,
        }

    def row(r: Row, total: bool) -> dict[str, Any]:
        return {"issuer": r.issuer, "level": r.level.value if r.level else None, "total": total,
                "files": list(r.files), "catalogues": r.catalogues, "items": r.items,
                "score": r.score, "out_of": r.out_of,
                "indicators": [indicator(i) for i in r.indicators]}

    return {
        "date": card.today.isoformat(),
        "reference_files": list(card.reference_files),
        "unreadable": [{"file": f.location.file, "code": f.code,
                        "message": render_message(f, lang)} for f in card.unreadable],
        "rows": [row(r, False) for r in card.rows],
        "total": row(card.total, True) if card.total else None,
    }


def render_json(card: Scorecard, lang: str = "zh") -> str:
    return json.dumps(to_dict(card, lang), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- text


def _cell(indicator: Indicator, lang: str) -> str:
    return f"{_MARK[indicator.rating]} {indicator.measure.shown(lang)}"


def render_text(card: Scorecard, lang: str = "zh") -> str:
    parts = [f"{_w('title', lang)} ({card.today.isoformat()})", ""]
    if card.unreadable:
        parts.append(f"{_w('unreadable', lang)}:")
        parts.extend(f"  {f.location.file}: {f.code} {render_message(f, lang)}"
                     for f in card.unreadable)
        parts.append("")
    if card.reference_files:
        parts += [f"{_w('reference', lang)}: {', '.join(card.reference_files)}", ""]
    first = card.rows[0] if card.rows else None
    if first is None:
        return "\n".join(parts).rstrip() + "\n"
    headers = [_w("issuer", lang), _w("level", lang), _w("items", lang),
               *(_name(i, lang) for i in first.indicators), _w("score", lang)]
    body = [[_w("total", lang) if total else _issuer(r, lang), r.level.value if r.level else "-",
             r.items, *(_cell(i, lang) for i in r.indicators), f"{r.score:g}/{r.out_of:g}"]
            for r, total in _rows(card)]
    parts.append(render_table(headers, body))
    parts.append("  ".join(f"{_MARK[r]} {_rating(r, lang)}" for r in Rating))
    for r, total in _rows(card):
        parts += ["", f"== {_w('total', lang) if total else _issuer(r, lang)}"]
        for i in r.indicators:
            m = i.measure
            score = "-" if i.score is None else f"{i.score:g}/{i.spec.weight:g}"
            parts.append(f"{_name(i, lang)}: {m.shown(lang)} — {_rating(i.rating, lang)}; "
                         f"{_w('score', lang)} {score} ({_scheme(i, lang)})")
            parts.append(f"  {_w('method', lang)}: {m.method_en if lang == 'en' else m.method_zh}")
            if "top_rules" in m.details:
                rules = m.details["top_rules"]
                assert isinstance(rules, list)
                parts.append("  " + ", ".join(f"{code} ×{count}" for code, count in rules))
            for label, lines in (("cases", m.listed(lang)), ("notes", m.notes)):
                if lines:
                    parts.append(f"  {_w(label, lang)} ({len(lines)}):")
                    parts.extend(f"    {line}" for line in lines[:DETAIL_LIMIT])
                    if len(lines) > DETAIL_LIMIT:
                        parts.append("    " + _w("more", lang).format(n=len(lines) - DETAIL_LIMIT))
    return "\n".join(parts).rstrip() + "\n"


# --------------------------------------------------------------------------- HTML


def render_html(card: Scorecard, lang: str = "zh", standalone: bool = True) -> str:
    """The scorecard page on the shared pages foundation (catalog.pages): self-contained, no
    script, ratings in words and marks as well as colour; ``standalone=False`` gives the body
    only, for a page that embeds it."""
    data = to_dict(card, lang)
    words = {key: _w(key, lang) for key in _WORDS} | {
        key: (en if lang == "en" else zh) for key, (zh, en) in _HTML_WORDS.items()}
    rows = []
    for number, (r, total) in enumerate(_rows(card)):
        shown = data["total"] if total else data["rows"][number]
        rows.append({
            "anchor": f"row-{number + 1}", "name": _w("total", lang) if total else _issuer(r, lang),
            "level": shown["level"], "items": r.items, "score": f"{r.score:g}/{r.out_of:g}",
            "indicators": [{**i, "mark": _MARK[Rating(i["rating"])]}
                           for i in shown["indicators"]],
        })
    legend = [(_MARK[r], _rating(r, lang)) for r in Rating]
    template = environment("catalog.scorecard").get_template("scorecard/scorecard.html")
    return template.render(title=_w("title", lang), lang="en" if lang == "en" else "zh-CN",
                           skip_text=words["skip"], standalone=standalone, card=data, rows=rows,
                           t=words,
                           legend=legend, limit=DETAIL_LIMIT)


# --------------------------------------------------------------------------- xlsx


def write_xlsx(card: Scorecard, stream: IO[bytes], lang: str = "zh") -> None:
    """评分 (one row per issuer), 明细 (every offending item), 方法 (methods and scheme)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    fills = {rating: book.add_format({"bg_color": colour, "text_wrap": True, "valign": "top"})
             for rating, colour in ((Rating.GREEN, "#D9F2D9"), (Rating.AMBER, "#FFF0C2"),
                                    (Rating.RED, "#F9D6D5"), (Rating.NONE, "#EEEEEE"))}
    sheet = book.add_worksheet("评分" if lang != "en" else "Scores")
    first = card.rows[0] if card.rows else None
    headers = [_w("issuer", lang), _w("level", lang), _w("items", lang),
               *((_name(i, lang) for i in first.indicators) if first else ()), _w("score", lang)]
    for column, text in enumerate(headers):
        sheet.write_string(0, column, text, bold)
    for line, (r, total) in enumerate(_rows(card), 1):
        sheet.write_string(line, 0, _w("total", lang) if total else _issuer(r, lang))
        sheet.write_string(line, 1, r.level.value if r.level else "-")
        sheet.write_number(line, 2, r.items)
        for column, i in enumerate(r.indicators, 3):
            sheet.write_string(line, column, f"{i.measure.shown(lang)}\n{_rating(i.rating, lang)}",
                               fills[i.rating])
        sheet.write_string(line, 3 + len(r.indicators), f"{r.score:g}/{r.out_of:g}")
    sheet.set_column(0, 0, 24)
    sheet.set_column(3, len(headers), 18)
    sheet.freeze_panes(1, 1)
    details = book.add_worksheet("明细" if lang != "en" else "Details")
    for column, text in enumerate((_w("issuer", lang), "指标 / indicator", _w("cases", lang))):
        details.write_string(0, column, text, bold)
    line = 1
    for r, total in _rows(card):
        for i in r.indicators:
            for case in (*i.measure.listed(lang), *i.measure.notes):
                details.write_string(line, 0, _w("total", lang) if total else _issuer(r, lang))
                details.write_string(line, 1, _name(i, lang))
                details.write_string(line, 2, case)
                line += 1
    details.set_column(0, 1, 20)
    details.set_column(2, 2, 80)
    method = book.add_worksheet("方法" if lang != "en" else "Method")
    for column, text in enumerate(("指标 / indicator", _w("method", lang), _w("scheme", lang))):
        method.write_string(0, column, text, bold)
    for line, i in enumerate(first.indicators if first else (), 1):
        method.write_string(line, 0, _name(i, lang))
        method.write_string(line, 1, i.measure.method_en if lang == "en" else i.measure.method_zh)
        method.write_string(line, 2, f"{i.spec.weight:g}; {_scheme(i, lang)}; green "
                            f"{i.spec.green:g}, amber {i.spec.amber:g}")
    method.set_column(0, 0, 20)
    method.set_column(1, 2, 70)
    book.close()
