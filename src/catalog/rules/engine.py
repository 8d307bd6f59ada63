"""The rule engine: rules are data (code, severity, messages, docs) plus a check function.

Rules yield findings lazily, one catalogue at a time. :mod:`catalog.rules.registry` builds the
set of rules once; nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from catalog.core.findings import CatalogueSource, Finding, Location, Severity, UsageError
from catalog.i18n import render
from catalog.rules.titles import TITLES
from catalog.standard.records import CatalogueView, ItemView
from catalog.standard.terms import Level

if TYPE_CHECKING:
    from catalog.standard.model import Catalogue


@dataclass(frozen=True)
class RuleContext:
    """What a rule sees: one catalogue, where it came from, and the run's settings.

    ``table`` is the catalogue as the reader built it: plain records for a spreadsheet (see
    :mod:`catalog.standard.records`), the validated models for JSON; both have the models'
    attributes, and the built-in rules read it. ``catalogue`` is the same catalogue as
    :class:`catalog.standard.model.Catalogue` models, built on first use (a plugin that
    wants models pays for them; a check without such plugins never loads pydantic).
    """

    table: CatalogueView
    source: CatalogueSource
    issuer_level: Level | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    # One label string per item, shared by all its findings (a dirty 100k-row file has 200k+).
    _labels: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    _distinct: dict[str, _Distinct] = field(default_factory=dict, repr=False, compare=False)
    _numbers: list[int] = field(default_factory=list, repr=False, compare=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def catalogue(self) -> Catalogue:
        """The catalogue as models, built from :attr:`table` on first use."""
        # lazy: the models are loaded only for a plugin that asks for them
        from catalog.standard.model import catalogue_of

        return catalogue_of(self.table)

    def distinct(self, name: str, get: Callable[[ItemView], Any] | None = None) -> list[Any]:
        """Each distinct value of one item field, in order of first appearance.

        公开依据, 公开时限, 主体 and 渠道 repeat on thousands of rows, so a rule about a value
        judges each value once and asks :meth:`indexes` for the items only when one is wrong.
        Texts and tuples (the records of 依据 and 时限 too) are compared by equality, other
        values (the models of JSON input, shared between identical rows) by identity. ``get``
        reads something other than an attribute (``name`` then only names the grouping); it
        must return hashable values or objects the item holds, never new unhashable objects
        on each call.
        """
        found = self._distinct.get(name)
        if found is None:
            found = self._distinct[name] = _Distinct(self.table.items,
                                                     get or attrgetter(name))
        return found.values

    def derived(self, name: str, compute: Callable[[RuleContext], Any]) -> Any:
        """``compute(self)``, once per catalogue: what several rules derive from one column
        (the 依据 texts that may hold a wrong document number, for CAT304 and CAT305)."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def indexes(self, name: str, value: Any) -> list[int]:
        """The items (in file order) whose field holds ``value``, one of :meth:`distinct`."""
        return self._grouped(name).indexes(self._numbers, value)

    def groups(self, name: str) -> list[list[int]]:
        """The items of each of :meth:`distinct` (``name``'s values, in its order): what
        :meth:`indexes` gives for each value, in one pass, for a rule that asks of every
        value (duplicates). The lists are shared with :meth:`indexes`: do not change them."""
        return self._grouped(name).groups(self._numbers)

    def _grouped(self, name: str) -> _Distinct:
        """``name``'s distinct values, with the item numbers their groups are made of."""
        if name not in self._distinct:
            raise KeyError(f"call distinct({name!r}) first")
        items = self.table.items
        if len(self._numbers) != len(items):
            self._numbers[:] = range(len(items))  # one int per index, shared by all fields
        return self._distinct[name]

    def finding(
        self, rule: Rule, item: int | None = None, field_name: str | None = None, **params: Any
    ) -> Finding:
        """A finding of ``rule`` on item ``item`` (its index), in ``field_name``'s cell."""
        if item is not None and "item" not in params:
            params["item"] = self.label(item)
        if field_name is not None:
            params.setdefault("field", field_name)
        # What rule.at does, without a second call and a copy of params.
        return Finding(rule.code, rule.severity, self.source.locate(item, field_name), params)

    def findings(self, rule: Rule, items: Iterable[int], field_name: str | None = None,
                 **params: Any) -> FindingGroup:
        """One finding of ``rule`` on each of ``items`` (indexes, e.g. from :meth:`indexes`),
        all in ``field_name`` with the same ``params``: ``ctx.finding(rule, i, field_name,
        **params) for i in items``, built only when reported.

        A dirty 100k-row workbook has 200k+ findings of which a report shows 1,000 per rule
        (``max_findings_per_rule``): the checker counts a group with ``len`` and builds the
        findings it keeps. The list is kept as given: do not change it afterwards.
        """
        kept = items if isinstance(items, list | tuple | range) else list(items)
        return FindingGroup(rule, self, kept, field_name, params)

    def label(self, item: int) -> str:
        """The item's label (一级事项/二级事项), one string per item for all its findings."""
        label = self._labels.get(item)
        if label is None:
            label = self._labels[item] = self.table.items[item].label
        return label


class FindingGroup:
    """Findings of one rule with the same parameters on many items (:meth:`RuleContext.findings`).

    Iterating gives the findings in the order of ``items``; :meth:`at` builds one of them.
    """

    __slots__ = ("code", "context", "field_name", "items", "params", "rule")

    def __init__(self, rule: Rule, context: RuleContext, items: Sequence[int],
                 field_name: str | None, params: dict[str, Any]) -> None:
        self.rule, self.context, self.items = rule, context, items
        self.field_name, self.params = field_name, params
        self.code: str = rule.code  # an attribute, as a finding's: read once per entry

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Finding]:
        return map(self.at, range(len(self.items)))

    def at(self, position: int) -> Finding:
        """The finding on ``items[position]``, equal to what :meth:`RuleContext.finding` gives."""
        return self.context.finding(self.rule, self.items[position], self.field_name,
                                    **self.params)

    def __repr__(self) -> str:
        return f"FindingGroup({self.rule.code}, {len(self.items)} items, {self.field_name!r})"


Check = Callable[[RuleContext], Iterable[Finding | FindingGroup]]


class ByColumn:
    """A ``get`` for :meth:`RuleContext.distinct` that reads the whole column at once.

    ``column(items)`` gives each item's value, in order, as a list: a rule builds it from
    C-level passes (``map``, ``attrgetter``, ``zip``) instead of one Python call per item.
    Called with one item, it gives that item's value, like any ``get``.
    """

    __slots__ = ("column",)

    def __init__(self, column: Callable[[Sequence[ItemView]], list[Any]]) -> None:
        self.column = column

    def __call__(self, item: ItemView) -> Any:
        return self.column([item])[0]


class _Distinct:
    """The distinct values of one field of a catalogue's items; indexes built on demand."""

    def __init__(self, items: Sequence[ItemView], get: Callable[[ItemView], Any]) -> None:
        self.items, self.get = items, get
        got = (None if isinstance(get, attrgetter)
               else get.column(items) if isinstance(get, ByColumn) else list(map(get, items)))
        # a function of the item is called once per item: its values are kept until the
        # groups are built, if ever (an attribute is read again, in C)
        self.got = got
        first = (got[0] if got is not None else get(items[0])) if items else None
        self.by_identity = bool(items) and not isinstance(
            first, str | tuple | int | float | frozenset | None)
        if not self.by_identity:
            try:  # one pass in C
                self.values: list[Any] = list(dict.fromkeys(self._each()))
            except TypeError:  # a tuple holding something unhashable
                self.by_identity = True
        if self.by_identity:
            self.values = list({id(value): value for value in self._each()}.values())
        self._groups: dict[Any, list[int]] | None = None

    def _each(self) -> Iterable[Any]:
        return self.got if self.got is not None else map(self.get, self.items)

    def indexes(self, numbers: list[int], value: Any) -> list[int]:
        groups = self._grouped(numbers)
        return groups.get(id(value) if self.by_identity else value, [])

    def groups(self, numbers: list[int]) -> list[list[int]]:
        # a key's first item is its value's first appearance: the order of self.values
        return list(self._grouped(numbers).values())

    def _grouped(self, numbers: list[int]) -> dict[Any, list[int]]:
        if self._groups is None:
            groups: dict[Any, list[int]] = {}
            values = iter(self._each())
            self.got = None
            if self.by_identity:
                values = map(id, values)
            for index, key in zip(numbers, values, strict=True):
                group = groups.get(key)
                if group is None:
                    groups[key] = [index]
                else:
                    group.append(index)
            self._groups = groups
        return self._groups


@dataclass(frozen=True)
class Rule:
    """One rule. The code is the contract: once published it never changes meaning.

    ``fix_*`` describe the safe automatic fix that ``catalog fix`` applies, if any;
    ``hint_*`` tell the user how to mend the problem by hand.

    ``check`` is ``None`` for findings that readers emit while reading (layout, encoding,
    safety): those rules exist here so that every code has messages and documentation.
    """

    code: str
    name: str
    severity: Severity
    message_zh: str
    message_en: str
    rationale: str
    example: str
    check: Check | None = None
    fix_zh: str | None = None  # what `catalog fix` changes automatically (safe fixes only)
    fix_en: str | None = None
    hint_zh: str | None = None  # how the user can fix it by hand
    hint_en: str | None = None
    # The hint as read inside a workbook (an annotated copy), when the terminal hint names
    # command-line flags a clerk cannot use there: say what to change in the file instead.
    workbook_hint_zh: str | None = None
    workbook_hint_en: str | None = None
    # Short titles for report summaries; built-in rules have theirs in catalog.rules.titles.
    title_zh: str | None = None
    title_en: str | None = None

    def hint(self, lang: str = "zh", medium: str = "terminal") -> str | None:
        """How to mend the problem by hand; ``medium="workbook"`` for text inside a workbook."""
        if medium == "workbook":
            text = self.workbook_hint_zh if lang == "zh" else self.workbook_hint_en
            if text is not None:
                return text
        return self.hint_zh if lang == "zh" else self.hint_en

    def at(self, location: Location, /, **params: Any) -> Finding:
        """A finding of this rule at ``location``, with the rule's own code and severity.

        The only way code outside the rule engine builds a finding, so a code is never
        mistyped and a severity never repeated by hand.
        """
        return Finding(self.code, self.severity, location, params)

    def run(self, context: RuleContext) -> Iterator[Finding]:
        """This rule's findings on one catalogue, groups expanded."""
        return _expanded(self.run_grouped(context))

    def run_grouped(self, context: RuleContext) -> Iterator[Finding | FindingGroup]:
        """This rule's findings as the check yields them: groups are left for the checker to
        count and to build only the findings it reports."""
        if self.check is not None:
            yield from self.check(context)

    def message(self, params: dict[str, Any], lang: str = "zh", debug: bool = False) -> str:
        """The message for ``params`` in ``lang`` (zh or en): :func:`catalog.i18n.render`."""
        return render(self.message_zh if lang == "zh" else self.message_en, params, lang, debug)

    def title(self, lang: str = "zh") -> str:
        """A title a clerk can read (``公开主体等必填项为空``); the slug when it has none."""
        zh, en = ((self.title_zh, self.title_en) if self.title_zh
                  else TITLES.get(self.code, (None, None)))
        return (zh if lang == "zh" else en) or self.name


class RuleRegistry:
    """An immutable, ordered set of rules, looked up by code."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        by_code: dict[str, Rule] = {}
        for rule in rules:
            if rule.code in by_code:
                raise ValueError(f"rule code {rule.code} defined twice")
            by_code[rule.code] = rule
        self._rules = dict(sorted(by_code.items()))

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def get(self, code: str) -> Rule:
        try:
            return self._rules[code]
        except KeyError:
            raise UsageError(f"unknown rule code {code}", zh=f"没有规则代码 {code}") from None

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleRegistry:
        """Rules whose code starts with one of ``select`` (all if empty) and none of ``ignore``.

        Prefixes work as in ruff: ``CAT3`` selects every 公开时限/依据 rule.
        """
        chosen, dropped = tuple(select), tuple(ignore)
        for prefix in (*chosen, *dropped):
            if not any(code.startswith(prefix) for code in self._rules):
                raise UsageError(f"no rule code starts with {prefix}",
                                 zh=f"没有以 {prefix} 开头的规则代码（可用 catalog rules 查看）")
        return RuleRegistry(
            rule
            for code, rule in self._rules.items()
            if (not chosen or code.startswith(chosen)) and not code.startswith(dropped or ("\0",))
        )

    def run(self, context: RuleContext) -> Iterator[Finding]:
        """Every rule's findings on one catalogue, in code order, groups expanded."""
        return _expanded(self.run_grouped(context))

    def run_grouped(self, context: RuleContext) -> Iterator[Finding | FindingGroup]:
        """:meth:`run` with :class:`FindingGroup` s left whole (what the checker runs)."""
        for rule in self:
            yield from rule.run_grouped(context)


def _expanded(found: Iterable[Finding | FindingGroup]) -> Iterator[Finding]:
    for entry in found:
        if isinstance(entry, FindingGroup):
            yield from entry
        else:
            yield entry


def message_for(finding: Finding, registry: RuleRegistry, lang: str = "zh",
                debug: bool = False) -> str:
    """A finding's message; a code no rule defines still yields a readable line."""
    if finding.code in registry:
        return registry.get(finding.code).message(finding.params, lang, debug)
    return f"{finding.code} {finding.params}"
