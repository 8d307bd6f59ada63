"""``catalog scorecard PATH... [--previous PATH...] [--links links.csv] [--format ...] [-o FILE]``:
the parser and the runner (cli.py only registers them)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from catalog.cli.output import print_lines

FORMATS = ("text", "json", "html", "xlsx")


def add_parser(commands: Any) -> None:
    card = commands.add_parser("scorecard", help="评估记分卡 / assessment scorecard")
    card.add_argument("paths", nargs="+", metavar="PATH")
    card.add_argument("--previous", nargs="+", action="extend", metavar="PATH",
                      help="上一版目录，列出变化 / previous editions: changes since them")
    card.add_argument("--links", metavar="LINKS.csv",
                      help="事项链接（catalog publish 的格式）/ item links (catalog publish's)")
    card.add_argument("--reference", nargs="+", action="extend", metavar="REF",
                      help="参照目录 / reference catalogues ([reference] paths)")
    card.add_argument("--format", choices=FORMATS, help="default: from -o's ending, else text")
    card.add_argument("-o", "--output", help="写入文件 / write to this file")
    card.add_argument("--lang", choices=("zh", "en"))
    card.add_argument("--issuer")
    card.add_argument("--level")
    card.add_argument("--date", type=date.fromisoformat, help=argparse.SUPPRESS)  # tests


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    ending = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return {"json": "json", "html": "html", "htm": "html", "xlsx": "xlsx"}.get(ending, "text")


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.config import common_root
    from catalog.cli.options import resolver
    from catalog.core.findings import UsageError

    chosen = _format(args)
    if chosen == "xlsx" and not args.output:
        raise UsageError("--format xlsx: 请用 -o 指定文件 / give -o FILE for a workbook")
    inputs = [*args.paths, *(args.previous or ()), *([args.links] if args.links else ())]
    settings = resolver(args)
    run_settings = settings.for_path(common_root(args.paths))
    _refuse_overwriting(args.output, [*inputs, *run_settings.reference], settings)
    card = scorecard_of_paths(args.paths, settings, previous=args.previous, links=args.links,
                              today=args.date)
    _write(card, chosen, args.output, run_settings.lang)
    return 2 if card.unreadable else 0


def scorecard_of_paths(paths: Sequence[str | Path], settings: Any, *,
                       previous: Sequence[str] | None = None, links: str | None = None,
                       today: date | None = None) -> Any:
    """The scorecard of files and folders, each read with its own settings; the scheme and the
    reference lists come from the settings of the folder holding them all (``settings`` is a
    :class:`catalog.checking.config.Resolver`). Used by ``catalog scorecard`` and
    ``catalog publish``."""
    from dataclasses import replace

    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.config import common_root
    from catalog.scorecard.build import Context, read_units, scorecard
    from catalog.scorecard.config import scorecard_config

    run_settings = settings.for_path(common_root(paths))
    config = scorecard_config(run_settings.scorecard, run_settings.source)
    units, unreadable = read_units(paths, settings.for_path)
    reference = None
    if run_settings.reference:
        from catalog.checking.reference import load_reference

        reference = load_reference(run_settings.reference, settings.for_path,
                                   with_national=run_settings.reference_with_national,
                                   complete=run_settings.reference_complete)
        unreadable.extend(reference.unreadable)
    context = Context(
        today=today or date.today(),
        reference=reference,
        superseded_in=_superseded(),
        linked=_linked(links) if links else None,
        changes=_changes(previous, settings.for_path) if previous else None,
    )
    card = scorecard(units, config, context)
    return replace(card, unreadable=tuple(unreadable),
                   reference_files=reference.files if reference else ())


def _refuse_overwriting(output: str | None, paths: Sequence[str | Path], settings: Any) -> None:
    """The shared guard (catalog.core.outputs): never over a file read, settings files included."""
    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.checker import expand_paths
    from catalog.core.outputs import guard_outputs

    if output is None:
        return
    files = [entry for entry in expand_paths(paths) if isinstance(entry, Path)]
    sources = {settings.for_path(path).source for path in files}
    guard_outputs([("-o", output)], [*files, *(s for s in sources if s is not None)])


def _superseded() -> Any:
    """catalog diff's table of superseded documents: one table, shared."""
    # lazy: loaded when the command runs, not at start-up
    from catalog.versions.superseded import superseded_in

    return superseded_in


def _linked(path: str) -> Any:
    """Whether an item has a link, read with catalog publish's links reader."""
    # lazy: loaded when the command runs, not at start-up
    from catalog.publish.collect import Entry
    from catalog.publish.links import links_for
    from catalog.standard.matching import analyse

    links = links_for(path, None)

    def linked(unit: Any, index: int) -> bool:
        entry = Entry(unit.catalogue, analyse(unit.catalogue).domain, unit.source, unit.file)
        return links.url(entry, index) is not None

    return linked


def _changes(previous: Sequence[str], settings_for: Any) -> Any:
    """Changes since the previous editions of the same issuers, from ``catalog diff``."""
    # lazy: loaded when the command runs, not at start-up
    from catalog.core.findings import UsageError
    from catalog.scorecard.build import read_units
    from catalog.standard.model import Document
    from catalog.versions import diff

    old_units, unreadable = read_units(previous, settings_for)
    if unreadable:
        raise UsageError(f"--previous: 无法读取 / cannot read {unreadable[0].location.file}")

    def changes(units: Sequence[Any]) -> list[str]:
        issuers = {unit.catalogue.issuer.name for unit in units}
        old = [u.catalogue for u in old_units if u.catalogue.issuer.name in issuers]
        if not old:
            return ["--previous: 无同一发布主体的上一版 / no previous edition of this issuer"]
        found = diff(Document(catalogues=tuple(old)),
                     Document(catalogues=tuple(u.catalogue for u in units)))
        counts = found.counts()
        summary = "、".join(f"{kind.zh} {count}" for kind, count in counts.items())
        return [f"自上一版 / since --previous: {summary or '无变化 / no change'}",
                *(f"{change.kind.zh} {change.label}" for change in found.changes)]

    return changes


def _write(card: Any, chosen: str, output: str | None, lang: str) -> None:
    # lazy: loaded when the command runs, not at start-up
    from catalog.scorecard import render

    if chosen == "xlsx":
        from catalog.core.files import atomic_write

        assert output is not None
        atomic_write(output, lambda stream: render.write_xlsx(card, stream, lang))
        return
    text = {"text": render.render_text, "json": render.render_json,
            "html": render.render_html}[chosen](card, lang)
    if output is None:
        print_lines(text)
        return
    from catalog.core.files import atomic_write

    data = text.encode("utf-8")

    def write(stream: Any) -> None:
        stream.write(data)

    atomic_write(output, write)
