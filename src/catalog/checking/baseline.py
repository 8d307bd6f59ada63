"""Baselines: record today's findings so CI fails only on new ones.

A finding's fingerprint leaves out its row number, so inserting a row above does not make
every later finding "new"; it keeps the file, the code, the field and the parameters (which
name the item). Identical fingerprints are counted, so a second copy of a known problem is new.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from catalog.checking.checker import FileResult
from catalog.core.findings import Finding, UsageError

BASELINE_VERSION = 1


def fingerprint(finding: Finding) -> str:
    location = finding.location
    # Pointers and "first seen at" cells hold positions, which move when rows are inserted.
    stable = {k: v for k, v in finding.params.items() if k not in ("pointer", "first")}
    params = json.dumps(stable, ensure_ascii=False, sort_keys=True, default=str)
    column = location.column if location.row is not None else None
    raw = "|".join(
        [
            Path(location.file).as_posix(),
            location.sheet or "",
            str(column or ""),
            finding.code,
            params,
        ]
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def baseline_data(results: Iterable[FileResult]) -> dict[str, Any]:
    counts = Counter(fingerprint(f) for result in results for f in result.findings)
    return {"baseline_version": BASELINE_VERSION, "fingerprints": dict(sorted(counts.items()))}


def load_baseline(path: str | Path) -> Counter[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Counter({str(k): int(v) for k, v in data["fingerprints"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError(f"cannot read baseline {path}: {error}") from None


def without_baseline(results: Sequence[FileResult], known: Counter[str]) -> list[FileResult]:
    """The results with findings already in the baseline removed (each known one once)."""
    remaining = Counter(known)
    filtered: list[FileResult] = []
    for result in results:
        kept = []
        for finding in result.findings:
            key = fingerprint(finding)
            if result.readable and remaining[key] > 0:  # never hide an unreadable file
                remaining[key] -= 1
            else:
                kept.append(finding)
        filtered.append(
            FileResult(result.file, kept, result.readable, result.catalogues, result.items)
        )
    return filtered
