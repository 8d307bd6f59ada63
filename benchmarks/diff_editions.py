"""Benchmark of issue 17: ``catalog diff`` of two 100,000-row editions against checking them.

    /work/venv/bin/python benchmarks/diff_editions.py                # 100k rows, 3 runs
    /work/venv/bin/python benchmarks/diff_editions.py --sizes 10k,100k --runs 1

The old edition is the issue-7 workbook (benchmarks/synth.py, official layout, 同上, merged
cells); the new one is that workbook as read, in canonical JSON, with about 4 % of items
edited the way yearly editions are: 一级事项 or 二级事项 renamed, 时限 and channels changed,
items removed and added. The goal is "a time of the same order as checking them":
diff / (check old + check new) ≤ 1. Every figure is a whole process, the median of
``--runs``; memory is peak RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import measure
import synth
from measure import catalog_cli
from run import HERE, Data, Row, parse_sizes, print_table, ratio_row, seconds, size_label

CHECK_OK = (0, 1)
EDIT_SHARE = 0.04  # of items, split over the kinds below


def edited_document(workbook: Path, seed: int = 17) -> str:
    """The next edition of the workbook, as read, in canonical JSON (deterministic)."""
    from catalog.api import load
    from catalog.formats.json_format import dumps
    from catalog.standard.model import Document

    rng = random.Random(seed)
    data = json.loads(dumps(load(workbook).document))
    items = data["catalogues"][0]["items"]
    edited = []
    for item in items:
        roll = rng.random()
        if roll < EDIT_SHARE / 8:
            continue  # removed
        if roll < EDIT_SHARE * 2 / 8:
            item["category"] += "服务"  # 一级事项 renamed
        elif roll < EDIT_SHARE * 3 / 8:
            item["name"] += "公示"  # 二级事项 renamed
        elif roll < EDIT_SHARE * 5 / 8:
            item["time_limit"] = {"text": rng.choice(synth.TIME_LIMITS)}
        elif roll < EDIT_SHARE * 7 / 8:
            item["channels"] = list(rng.choice(synth.CHANNEL_CELLS)[1])
        elif roll < EDIT_SHARE:
            edited.append({**item, "category": rng.choice(synth.CATEGORY_WORDS) + "(新增)",
                           "name": rng.choice(synth.NAME_WORDS) + "清单"})  # added
        edited.append(item)
    data["catalogues"][0]["items"] = edited
    return dumps(Document.model_validate(data))


def edition_json(data: Data, rows: int) -> Path:
    path = data.root / f"rows-{rows}-next-edition.json"
    if not path.exists():
        data._timed(path.name, lambda: path.write_text(
            edited_document(data.workbook(rows)), encoding="utf-8"))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="rows per edition, e.g. 10k,100k")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="cache of inputs")
    args = parser.parse_args(argv)
    data = Data(args.data)
    table: list[Row] = []
    for rows in parse_sizes(args.sizes):
        label = size_label(rows)
        old, new = str(data.workbook(rows)), str(edition_json(data, rows))
        sys.stderr.write(f"== {label} rows\n")
        check_old = measure.measure(f"check xlsx {label}", catalog_cli("check", old),
                                    args.runs, CHECK_OK)
        check_new = measure.measure(f"check json {label}", catalog_cli("check", new),
                                    args.runs, CHECK_OK)
        both = measure.Timing("check old + check new",
                              [a + b for a, b in zip(check_old.seconds, check_new.seconds,
                                                     strict=False)],
                              max(check_old.peak_kib, check_new.peak_kib))
        for output in ("text", "json"):
            timing = measure.measure(f"diff {label} --format {output}",
                                     catalog_cli("diff", old, new, "--format", output),
                                     args.runs, (1,))
            table.append(ratio_row(f"17 diff xlsx→json {label} ({output}) vs both checks",
                                   timing, both, 1, rows == 100_000))
        table.append(Row(f"  (check xlsx {label} / check json {label})", seconds(check_old),
                         seconds(check_new), "", "", "info"))
    print(f"\nruns per figure: {args.runs} (median); python {sys.version.split()[0]}\n")
    print_table(table)
    return 1 if any(row.verdict in ("FAIL", "ERROR") for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
