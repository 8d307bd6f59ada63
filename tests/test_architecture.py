"""The package's layers (docs/architecture.md): every import points down, and nothing cycles.

Imports are read from the source (``ast``), counting those inside functions and under
``TYPE_CHECKING``: an import hidden in a function is still a dependency. The only function-local
imports allowed are the command line's lazy ones (start-up time), each with a comment.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "catalog"

# Top to bottom. A module may import its own layer and the layers below it, never above.
# Layers on one line are independent of each other (neither imports the other).
LAYERS: list[tuple[str, ...]] = [
    ("catalog.cli", "catalog.__main__"),
    ("catalog.model", "catalog.findings"),  # deprecated aliases of the 0.1 paths
    ("catalog.serve",),
    ("catalog.scorecard",),
    ("catalog.publish",),
    ("catalog.versions",),
    ("catalog.api",),
    ("catalog.workbooks",),
    ("catalog.reports",),
    ("catalog.pages",),
    ("catalog.checking",),
    ("catalog.formats",),
    ("catalog.rules",),
    ("catalog.i18n",),
    ("catalog.standard",),
    ("catalog.core",),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _targets(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")[: None if is_package else -1]
            base = base[: len(base) - node.level + 1]
            parent = ".".join([*base, *([node.module] if node.module else [])])
        else:
            parent = node.module or ""
        names = [f"{parent}.{alias.name}" if f"{parent}.{alias.name}" in MODULES else parent
                 for alias in node.names]
    for name in names:
        while name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in MODULES and name != module and name.startswith("catalog"):
            yield name


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def _imports(module: str) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every catalog import of ``module``."""
    path = MODULES[module]
    tree = _tree(module)
    local: set[int] = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            local.update(id(node) for node in ast.walk(function))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _targets(module, node, path.name == "__init__.py"):
                yield target, node.lineno, id(node) in local


@cache
def _graph() -> dict[str, list[str]]:
    """Module → the catalog modules it imports; built on first use (not at collection)."""
    return {module: sorted({target for target, _, _ in _imports(module)}) for module in MODULES}


def _layer(module: str) -> int | None:
    for number, layer in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in layer):
            return number
    return None


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if m != "catalog" and _layer(m) is None] == []


def test_imports_point_down() -> None:
    wrong = []
    for module, targets in _graph().items():
        here = _layer(module)
        if here is None:  # the package root: the public API, loaded lazily
            continue
        for target in targets:
            there = _layer(target)
            if there is None or there < here:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    """Counting function-local imports; a package's ``__init__`` counts as a module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in _graph()[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(_graph()):
        if module not in index:
            visit(module)
    assert cycles == []


# What a function may import when it runs, anywhere: the pydantic models and the JSON format
# built on them, which checking a workbook never needs (issue 15: no pydantic on that path).
LAZY_ANYWHERE = frozenset({"catalog.standard.model", "catalog.formats.json_format"})
# The report dispatcher loads the one renderer a run asks for (start-up of every check: the
# others, HTML with its page foundation among them, cost ~4 ms to import).
LAZY_RENDERERS = ("catalog.reports", frozenset({
    "catalog.reports.text", "catalog.reports.json_report", "catalog.reports.junit",
    "catalog.reports.sarif", "catalog.reports.html", "catalog.reports.github", "catalog.pages"}))


def test_local_imports_only_in_the_command_line_and_commented() -> None:
    """A function-local import is allowed for start-up time in ``catalog.cli`` (and the lazy
    public API of the package root), and of the models anywhere, with a comment on the line or
    the line before."""
    wrong = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, line, local in _imports(module):
            if not local:
                continue
            allowed = (module == "catalog" or module.startswith("catalog.cli")
                       or target in LAZY_ANYWHERE
                       or (module == LAZY_RENDERERS[0] and target in LAZY_RENDERERS[1]))
            commented = "lazy" in lines[line - 1] or _block_comment(_tree(module), lines, line)
            if not (allowed and commented):
                wrong.append(f"{module}:{line} -> {target}")
    assert wrong == []


def _block_comment(tree: ast.Module, lines: list[str], line: int) -> bool:
    """Whether a comment saying the import is lazy comes before ``line`` (1-based) in a
    function (or method) holding it: one comment per function covers its lazy imports."""
    starts = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
              and node.lineno <= line <= (node.end_lineno or node.lineno)]
    return any(text.strip().startswith("#") and "lazy" in text
               for start in starts for text in lines[start:line - 1])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_opens_with_a_docstring(module: str) -> None:
    assert ast.get_docstring(_tree(module)), f"{module} says nothing about its job"


# A rule code written as a string (``"CAT510"``, ``f"CAT601 {message}"``) or a prefix (``"CAT6"``):
# outside the rule definitions the rules are named as objects (``layout.FILLED_FROM_ABOVE``),
# so a typo fails at import instead of silently matching nothing. Docstrings may name codes.
_CODE_LITERAL = re.compile(r"CAT\d{1,3}|CAT\d{3}\W.*", re.DOTALL)


def _outside_rules() -> Iterator[tuple[str, ast.AST]]:
    for module in sorted(MODULES):
        if module.startswith("catalog.rules.") or module == "catalog.rules":
            continue
        yield module, _tree(module)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def code_literals(module: str, tree: ast.AST) -> list[str]:
    prose = _docstrings(tree)
    return [f"{module}:{node.lineno} {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in prose and _CODE_LITERAL.fullmatch(node.value)]


def test_rules_are_named_as_objects_not_codes() -> None:
    assert [hit for module, tree in _outside_rules() for hit in code_literals(module, tree)] == []


def test_findings_are_made_by_their_rule() -> None:
    """``RULE.at(location, ...)``: a hand-built ``Finding(code, severity, ...)`` can repeat a
    severity wrongly; only the rule engine builds findings from parts."""
    wrong = []
    for module, tree in _outside_rules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call)
                    and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                    == "Finding"
                    and (len(node.args) > 1 or any(k.arg == "severity" for k in node.keywords))):
                wrong.append(f"{module}:{node.lineno}")
    assert wrong == []


@pytest.mark.parametrize(("source", "found"), [
    ('x = "CAT510"', True),
    ('x = f"CAT601 {message}"', True),
    ('x = ("CAT1", "CAT2")', True),
    ('x = "CAT625: more"', True),
    ('def f():\n    """CAT501 for a sheet with no table."""', False),
    ('x = "catalog rules CAT101"', False),  # prose naming a code, not a use of one
    ('x = "CATALOGUE"', False),
    ('x = "CAT1234"', False),
])
def test_code_literal_check_finds_real_uses(source: str, found: bool) -> None:
    assert bool(code_literals("m", ast.parse(source))) is found
