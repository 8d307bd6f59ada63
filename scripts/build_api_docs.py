"""Build the API reference of catalog's public modules from their docstrings, with pdoc.

    pip install -e ".[docs]"
    python scripts/build_api_docs.py -o build/api        # then open build/api/index.html

Every problem fails the build (exit code 1) and is listed, so ``.ci/run`` keeps the reference
honest: a warning from pdoc (a name in ``__all__`` that does not resolve, a type annotation it
cannot evaluate, a module that does not import), and a cross-reference in a documented docstring
that names nothing (``:func:`x```, ``:class:`x```, ``:meth:`x``` or a ``catalog.x.y()`` code span):
pdoc would silently render those as plain text, and modules are being moved.

Only the modules in ``PUBLIC_MODULES`` are documented: what other systems may import. Extra
module names on the command line replace that list (the tests use it on a broken module).
"""

from __future__ import annotations

import argparse
import builtins
import importlib
import re
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

# What other systems may import; every other module is internal (see each subpackage's docstring).
PUBLIC_MODULES = (
    "catalog",
    "catalog.api",
    "catalog.core.findings",
    "catalog.standard.model",
    "catalog.rules",
    "catalog.formats",
    "catalog.checking.checker",
    "catalog.versions",
    "catalog.publish",
)

INSTALL_HINT = 'pdoc is missing: install the docs extra with `pip install -e ".[docs]"`'
# reST roles that name a Python object, and code spans naming something in the package.
ROLE = re.compile(r":(?:py:)?(?:func|meth|class|exc|attr|data|obj|mod):`~?([^`]+)`")
PACKAGE_CALL = re.compile(r"``(catalog(?:\.[A-Za-z_]\w*)+)\(\)``")


def build(modules: Sequence[str], output: Path) -> list[str]:
    """Render ``modules`` into ``output``; return every problem found (empty: a clean build)."""
    import pdoc
    import pdoc.doc
    import pdoc.render

    pdoc.render.configure(docformat="restructuredtext", search=True, show_source=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        problems = [problem for name in modules for problem in resolve_lazy_names(name)]
        pdoc.pdoc(*modules, output_directory=output)
        documented = [pdoc.doc.Module.from_name(name) for name in modules]
    problems += [f"pdoc: {warning.message}" for warning in caught]
    problems += broken_references(documented)
    return problems


def resolve_lazy_names(module_name: str) -> list[str]:
    """Load the names a module exports lazily (``__all__`` and a module ``__getattr__``).

    pdoc looks names of ``__all__`` up in the module's ``__dict__`` only; a lazy package such
    as ``catalog`` keeps them out of it until first use, so they would be reported as missing.
    """
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # a module that does not import is the first problem to fix
        return [f"{module_name}: does not import: {error!r}"]
    problems = []
    for name in getattr(module, "__all__", ()):
        if name in vars(module):
            continue
        try:
            vars(module)[name] = getattr(module, name)
        except Exception as error:  # AttributeError, or an import error of the lazy target
            problems.append(f"{module_name}.__all__ lists {name!r}, which does not resolve: "
                            f"{error!r}")
    return problems


def broken_references(modules: Sequence[Any]) -> list[str]:
    """Cross-references in the documented docstrings that resolve to nothing."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for doc in _documented(modules):
        if doc.taken_from in seen:
            continue
        seen.add(doc.taken_from)
        module_name, qualname = doc.taken_from
        targets = [m.group(1) for m in ROLE.finditer(doc.docstring)]
        targets += [m.group(1) for m in PACKAGE_CALL.finditer(doc.docstring)]
        for target in dict.fromkeys(targets):
            if not _resolves(target.removesuffix("()"), module_name, qualname):
                problems.append(f"{module_name}.{qualname}: reference `{target}` names nothing")
    return problems


def _documented(docs: Sequence[Any]) -> Iterator[Any]:
    """Every documented object: the modules, their public members, and those of their classes."""
    for doc in docs:
        yield doc
        if hasattr(doc, "members") and doc.kind in ("module", "class"):
            yield from _documented([member for name, member in doc.members.items()
                                    if not name.startswith("_") or doc.kind == "module"])


def _resolves(target: str, module_name: str, qualname: str) -> bool:
    """Whether ``target`` names an object: absolute, or from where the docstring was written."""
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return False
    scopes: list[Any] = []
    owner: Any = module  # the docstring's class and its enclosing classes come first
    for part in qualname.split(".")[:-1]:
        owner = getattr(owner, part, None)
        scopes.insert(0, owner)
    documented = _member(module, qualname.split(".")) if qualname else None
    if isinstance(documented, type):
        scopes.insert(0, documented)
    scopes += [module, builtins]
    first, *rest = target.split(".")
    for scope in scopes:
        found = _member(scope, [first])
        if found is not None and (not rest or _member(found, rest) is not None):
            return True
    return _absolute(target)


def _absolute(target: str) -> bool:
    """``package.module.name.attr``: the longest importable module, then attributes."""
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        return cut == len(parts) or _member(module, parts[cut:]) is not None
    return False


_MISSING = object()


def _member(scope: Any, path: Sequence[str]) -> Any:
    """Follow attribute names; fields of dataclasses and pydantic models count (no class value)."""
    for name in path:
        if scope is None:
            return None
        value = getattr(scope, name, _MISSING)
        if value is _MISSING:
            fields = {**getattr(scope, "__dataclass_fields__", {}),
                      **getattr(scope, "model_fields", {})}
            if isinstance(scope, type) and (name in fields
                                             or name in getattr(scope, "__annotations__", {})):
                return name
            return None
        scope = value
    return scope


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("modules", nargs="*", help="modules to document (default: the public API)")
    parser.add_argument("-o", "--output", type=Path, default=Path("build/api"))
    args = parser.parse_args(argv)
    try:
        import pdoc  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    start = time.perf_counter()
    problems = build(args.modules or PUBLIC_MODULES, args.output)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"API reference: {len(problems)} problem(s); fix the docstrings above",
              file=sys.stderr)
        return 1
    print(f"API reference of {len(args.modules or PUBLIC_MODULES)} modules in {args.output} "
          f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
