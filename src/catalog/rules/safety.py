"""CAT6xx: input safety and limits; emitted while opening files."""

from __future__ import annotations

from catalog.rules import Rule

RULES: list[Rule] = []
