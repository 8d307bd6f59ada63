"""``catalog publish``: its arguments and its run; wiring only (the work is in ``site``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

SHOWN_UNLINKED = 50  # the build summary lists this many items without a link, then a count


def add_parser(commands: Any) -> None:
    publish = commands.add_parser(
        "publish", help="发布到政务网站 / publish as a static site for the portal")
    publish.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    publish.add_argument("-o", "--output", required=True,
                         help="site folder (or the .html file with --single-file/--fragment)")
    form = publish.add_mutually_exclusive_group()
    form.add_argument("--single-file", action="store_true",
                      help="one self-contained HTML file (email, CMS attachment)")
    form.add_argument("--fragment", action="store_true",
                      help="only the tables, CSS scoped under .catalog, no script (CMS paste)")
    publish.add_argument("--links", metavar="LINKS.csv",
                         help="per-item links: 领域,一级事项,二级事项,链接[,发布主体]")
    publish.add_argument("--link-column", metavar="NAME",
                         help="the extra column holding each item's link (default: 链接, 网址…)")
    publish.add_argument("--title", help="front page title")
    publish.add_argument("--edition", help="edition shown on the front page, e.g. 2024年版")
    changes = publish.add_mutually_exclusive_group()
    changes.add_argument("--changes", metavar="CHANGES.html",
                         help="change log page to link from the front page (catalog diff)")
    changes.add_argument("--previous", metavar="PATH",
                         help="the previous edition (file or folder): its 修订说明 against this "
                         "one becomes changes.html")
    publish.add_argument("--scorecard", action="store_true",
                         help="附评估记分卡页面 / add the assessment scorecard page "
                         "(catalog scorecard)")
    publish.add_argument("--max-page-bytes", type=int, default=3_000_000,
                         help="split a catalogue page larger than this (default 3000000)")
    publish.add_argument("--jobs", type=int,
                         help="worker processes for the workbooks (default: number of cores)")
    publish.add_argument("--issuer", help="issuing body for files that do not say")
    publish.add_argument("--level", help="issuer level: 市级, 县级, 乡级, 村级")
    publish.add_argument("--lang", choices=("zh", "en"))


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.cli.options import resolver
    from catalog.core.findings import Severity, UsageError
    from catalog.pages import require_jinja2
    from catalog.publish.site import PublishOptions, publish
    from catalog.rules.engine import message_for
    from catalog.rules.registry import default_registry

    require_jinja2()
    if args.max_page_bytes < 10_000:
        raise UsageError("--max-page-bytes: 至少 10000 / at least 10000")
    resolved = resolver(args)
    settings = resolved.for_run(args.paths)  # catalog.toml: issuer, level, [limits]
    if (args.single_file or args.fragment) and settings.source is not None:
        from catalog.core.outputs import guard_outputs

        guard_outputs([("-o", args.output)], [settings.source])  # never over catalog.toml
    scorecard = None
    if args.scorecard:  # from the same inputs and links, on the same pages foundation
        from catalog.cli.scorecard import scorecard_of_paths
        from catalog.scorecard.render import render_html

        scorecard = render_html(scorecard_of_paths(args.paths, resolved, links=args.links),
                                settings.lang)
    options = PublishOptions(
        links=Path(args.links) if args.links else None, link_column=args.link_column,
        title=args.title, edition=args.edition,
        changes=Path(args.changes) if args.changes else None, scorecard=scorecard,
        previous=Path(args.previous) if args.previous else None,
        max_page_bytes=args.max_page_bytes, jobs=args.jobs,
        issuer=settings.issuer, level=settings.level,
        reader_options=settings.reader_options())
    result = publish(args.paths, args.output, options, single_file=args.single_file,
                     fragment=args.fragment)
    lang = settings.lang
    zh = lang == "zh"
    out = sys.stdout
    out.write(
        (f"已发布：{result.output}（{result.catalogues} 个目录，{result.items} 项，"
         f"{result.pages} 个页面，{result.page_bytes} 字节，每项 {result.bytes_per_item:.0f} 字节，"
         f"{result.seconds:.1f} 秒）\n") if zh else
        (f"published: {result.output} ({result.catalogues} catalogues, {result.items} items, "
         f"{result.pages} pages, {result.page_bytes} bytes, {result.bytes_per_item:.0f} bytes "
         f"per item, {result.seconds:.1f} s)\n"))
    registry = default_registry()
    for finding in result.findings:
        out.write(f"{finding.location.describe()}: {finding.code} "
                  f"{message_for(finding, registry, lang)}\n")
    for note in result.notes:
        out.write(note + "\n")
    if result.links_given and result.unlinked:
        out.write(f"没有链接的事项（{len(result.unlinked)}）：\n" if zh else
                   f"items without a link ({len(result.unlinked)}):\n")
        for label in result.unlinked[:SHOWN_UNLINKED]:
            out.write(f"  {label}\n")
        rest = len(result.unlinked) - SHOWN_UNLINKED
        if rest > 0:
            out.write(f"  ……另有 {rest} 项\n" if zh else f"  … and {rest} more\n")
    return 1 if any(f.severity is Severity.ERROR for f in result.findings) else 0
