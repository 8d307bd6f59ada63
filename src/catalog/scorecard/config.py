"""The scorecard's scheme: indicators, their weights, thresholds and deduction rules.

Every city's 考核 scheme differs, so each number here can be changed in ``catalog.toml``::

    [scorecard.elements]
    weight = 20          # points of this indicator in the total
    green = 0.98         # at or above (at or below for "lower is better"): green
    amber = 0.9          # at or above: amber; else red
    [scorecard.conformity]
    per_case = 0.5       # 每例扣 0.5 分
    cap = 15             # 上限 15 分

An indicator with ``per_case`` scores ``weight - min(cap, per_case × cases)``; one without
scores ``weight × value`` (a share). Defaults and their rationale: docs/scorecard.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from catalog.core.findings import UsageError


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name_zh: str
    name_en: str
    weight: float
    green: float
    amber: float
    higher_is_better: bool = True
    per_case: float | None = None  # points deducted per offending case
    cap: float | None = None  # at most this many points deducted


DEFAULTS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("domains", "领域覆盖", "Domain coverage", 10, 1.0, 0.8),
    IndicatorSpec("national_items", "国家事项覆盖", "National items covered", 20, 0.9, 0.7),
    IndicatorSpec("elements", "要素完整率", "Required elements complete", 20, 0.98, 0.9),
    IndicatorSpec("conformity", "规范性", "Conformity (errors per 100 items)", 15, 0.0, 5.0,
                  higher_is_better=False, per_case=0.5, cap=15),
    IndicatorSpec("time_limits", "时限合规", "Time limits within the law", 15, 1.0, 0.9),
    IndicatorSpec("basis_currency", "依据时效", "Legal bases in force", 10, 0.0, 0.05,
                  higher_is_better=False, per_case=2, cap=10),
    IndicatorSpec("freshness", "版本时效", "Days since last update", 5, 365, 730,
                  higher_is_better=False, per_case=5, cap=5),
    IndicatorSpec("links", "事项链接率", "Items with a link", 5, 0.95, 0.8),
)
_SETTABLE = ("weight", "green", "amber", "per_case", "cap")


@dataclass(frozen=True)
class ScorecardConfig:
    indicators: tuple[IndicatorSpec, ...] = DEFAULTS

    def spec(self, key: str) -> IndicatorSpec:
        return next(spec for spec in self.indicators if spec.key == key)


def scorecard_config(table: Mapping[str, Any], source: Path | None = None) -> ScorecardConfig:
    """The scheme from a ``[scorecard]`` table; a typo or a wrong value names the file."""
    where = f"{source}: " if source is not None else ""
    known = {spec.key: spec for spec in DEFAULTS}
    specs = dict(known)
    for key, values in table.items():
        if key not in known:
            raise UsageError(f"{where}[scorecard] 未知的指标 / unknown indicator {key!r}; "
                             f"known: {', '.join(known)}")
        if not isinstance(values, Mapping):
            raise UsageError(f"{where}[scorecard.{key}] must be a table "
                             f"({', '.join(_SETTABLE)})")
        changes: dict[str, float] = {}
        for name, value in values.items():
            if name not in _SETTABLE:
                raise UsageError(f"{where}[scorecard.{key}] 未知的设置 / unknown setting "
                                 f"{name!r}; known: {', '.join(_SETTABLE)}")
            if (isinstance(value, bool) or not isinstance(value, int | float)
                    or not math.isfinite(value) or value < 0):
                raise UsageError(f"{where}[scorecard.{key}] {name} 须为非负数 / "
                                 f"must be a number ≥ 0, not {value!r}")
            changes[name] = float(value)
        specs[key] = replace(known[key], **changes)  # type: ignore[arg-type]
    for spec in specs.values():
        better = spec.green >= spec.amber if spec.higher_is_better else spec.green <= spec.amber
        if not better:
            raise UsageError(f"{where}[scorecard.{spec.key}] green={spec.green} 与 amber="
                             f"{spec.amber} 顺序不对 / green must be the better threshold")
    return ScorecardConfig(tuple(specs[spec.key] for spec in DEFAULTS))
