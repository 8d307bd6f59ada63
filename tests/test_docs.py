"""Documentation generated from code stays in sync with it."""

from __future__ import annotations

from pathlib import Path

from catalog.rules import default_registry
from catalog.rules.docs import rules_markdown

REPO = Path(__file__).resolve().parent.parent
RULES_MD = REPO / "docs" / "rules.md"
REGENERATE = (
    "docs/rules.md is out of date; regenerate it with "
    "`catalog rules --format markdown > docs/rules.md`"
)


def test_rules_md_in_sync() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown(default_registry()), REGENERATE


def test_rules_md_documents_every_code() -> None:
    text = RULES_MD.read_text(encoding="utf-8")
    for rule in default_registry():
        assert f"### {rule.code} `{rule.name}` ({rule.severity.value})" in text
        assert rule.rationale in text and rule.example in text


def test_plugins_doc_names_the_entry_point_group() -> None:
    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert '[project.entry-points."catalog.rules"]' in text
    assert "```python" in text
