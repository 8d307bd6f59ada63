"""Whether a JSON document meets the published schema (schemas/catalogue.schema.json).

Readers accept incomplete catalogues (a blank 公开主体 is a finding, so a draft can still be
checked and converted), while the published schema describes a complete one. ``convert``
must not write JSON that fails the schema and call it a success, so it asks this module.
The schema is generated from the model (tests keep the two identical), so the model's own
validation of the written JSON answers the question, with the same verdict as ``jsonschema``
in a fraction of its time.

Validating 100,000 written items as a whole builds 100,000 models and runs their Python
validators per item (2-3 s). An item's errors, though, are those of each of its fields on
its own: no validator of :class:`Item` looks at two fields, the writer puts every field in
(the empty optional ones aside, which validate as their defaults) and no other key. So each
field's distinct values are written and validated once, as a column, and each error found
is reported at every item holding that value, in the order whole-document validation gives.
Anything this reasoning does not cover (an object that is not exactly the model, a model
with a validator that could join fields) is validated as a whole, as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import chain, filterfalse
from operator import itemgetter
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError

from catalog.core.findings import Finding, Location
from catalog.rules.structure import INVALID_VALUE, REQUIRED_FIELD
from catalog.standard.model import (
    ITEM_KEYS,
    VERDICT_NEUTRAL_VALIDATORS,
    Catalogue,
    Document,
    Item,
)

# pydantic error types that mean "blank or missing", which the rules report as CAT101.
_BLANK = frozenset({"missing", "string_too_short", "too_short", "string_pattern_mismatch"})
_Detail = dict[str, Any]


def schema_findings(document: Document, written: str | bytes, name: str) -> list[Finding]:
    """One finding per place where ``written`` (``document`` as :func:`dumps` wrote it)
    fails the schema: CAT101 for a blank required field, CAT102 for anything else."""
    errors = errors_by_field(document)
    if errors is None:
        errors = errors_of_text(written)
    return [_finding(document, detail, name) for detail in errors]


def errors_of_text(written: str | bytes) -> list[_Detail]:
    """The errors of validating the written document as a whole."""
    try:
        Document.model_validate_json(written)
    except ValidationError as error:
        return [dict(detail) for detail in error.errors(include_url=False)]
    return []


def errors_by_field(document: Document) -> list[_Detail] | None:
    """The errors :func:`errors_of_text` gives for ``document`` as written, found per
    distinct value of each field; None when the document is not one this can vouch for."""
    if not _splittable() or type(document) is not Document:
        return None
    try:
        errors = _own_errors(document, "catalogues", ())
        for index, catalogue in enumerate(document.catalogues):
            if type(catalogue) is not Catalogue:
                return None
            errors += _own_errors(catalogue, "items", ("catalogues", index))
            found = _item_errors(catalogue.items, ("catalogues", index, "items"))
            if found is None:
                return None
            errors += found
    except (PydanticSerializationError, AttributeError, TypeError):
        return None  # what the writer would not have written either: left to the whole
    return errors


def _own_errors(model: BaseModel, children: str, prefix: tuple[Any, ...]) -> list[_Detail]:
    """The errors of a document's or catalogue's own fields (its list of children left out,
    which then validates as its default, the empty tuple)."""
    written = model.model_dump_json(exclude={children}, warnings=False)
    try:
        type(model).model_validate_json(written)
    except ValidationError as error:
        return [{**detail, "loc": (*prefix, *detail["loc"])}
                for detail in error.errors(include_url=False)]
    return []


def _item_errors(items: Sequence[Item], prefix: tuple[Any, ...]) -> list[_Detail] | None:
    if type(items) is not tuple or any(type(item) is not Item for item in items):
        return None
    if not items:
        return []
    values = [item.__dict__ for item in items]  # no attribute lookups: 1.4 million of them
    found: list[tuple[int, int, list[_Detail]]] = []  # (item, field, its errors)
    for field, key in enumerate(ITEM_KEYS):
        try:
            column = list(map(itemgetter(key), values))
        except KeyError:  # a field never set: left to the whole document's validation
            return None
        failing = _failing(key, column)
        if failing:
            found.extend((index, field, failing[ident])
                         for index, ident in enumerate(map(id, column)) if ident in failing)
    found.sort(key=itemgetter(0, 1))  # item by item, each item's fields in model order
    return [{**detail, "loc": (*prefix, index, ITEM_KEYS[field], *detail["loc"][1:])}
            for index, field, details in found for detail in details]


def _failing(key: str, column: Sequence[Any]) -> dict[int, list[_Detail]]:
    """The errors of each distinct value (by identity) of one field that fails, by its id."""
    if _always_valid(key, column):  # valid whether written or left out: nothing to dedupe
        return {}
    values = list(dict(zip(map(id, column), column, strict=True)).values())
    excluded = Item.model_fields[key].exclude_if
    if excluded is not None:  # left out of the JSON: validated as the default, which passes
        values = list(filterfalse(excluded, values))
    if not values:
        return {}
    adapter = _column(key)
    try:
        adapter.validate_json(adapter.dump_json(values, warnings=False))
    except ValidationError as error:
        failing: dict[int, list[_Detail]] = {}
        for detail in error.errors(include_url=False):
            failing.setdefault(id(values[int(detail["loc"][0])]), []).append(dict(detail))
        return failing
    return {}


def _always_valid(key: str, values: Sequence[Any]) -> bool:
    """Whether the values are all of the plain types whose JSON the field accepts whatever
    they hold, so need not be written and validated: strings for an unconstrained ``str``,
    tuples of strings for ``tuple[str, ...]``, maps of strings for ``dict[str, str]`` (the
    free-text fields, with 100,000 distinct values at 100,000 items). Tested in C."""
    shape = _plain_shape(key)
    if shape is None or {*map(type, values)} != {shape}:
        return False
    if shape is str:
        return True
    parts = chain.from_iterable(values)  # a tuple's strings, or a map's keys
    if shape is dict:
        parts = chain(parts, chain.from_iterable(map(dict.values, values)))
    return {*map(type, parts)} <= {str}


@cache
def _plain_shape(key: str) -> type | None:
    """``str``, ``tuple`` or ``dict`` for a field typed ``str``, ``tuple[str, ...]`` or
    ``dict[str, str]`` with no constraint (nor one from Item's config); else None."""
    info = Item.model_fields[key]
    if info.metadata or any(name.startswith("str_") for name in Item.model_config):
        return None
    shapes: dict[Any, type] = {str: str, tuple[str, ...]: tuple, dict[str, str]: dict}
    return shapes.get(info.annotation)


@cache
def _column(key: str) -> TypeAdapter[list[Any]]:
    """Writes and validates a list of one item field's values as the model does the field."""
    info = Item.model_fields[key]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(list[annotation], config=Item.model_config)


@cache
def _splittable() -> bool:
    """Whether the models are as :func:`errors_by_field` assumes: no validator or serializer
    on a document, catalogue or item but those that only share results, no field left out
    of the JSON that validation would miss, no constraint on the lists of children."""
    for model in (Document, Catalogue, Item):
        decorators = model.__pydantic_decorators__
        if (decorators.model_validators or decorators.field_serializers or decorators.validators
                or decorators.model_serializers or decorators.root_validators
                or decorators.computed_fields
                or set(decorators.field_validators) - VERDICT_NEUTRAL_VALIDATORS):
            return False
    children = (Document.model_fields["catalogues"], Catalogue.model_fields["items"])
    return (children[0].annotation == tuple[Catalogue, ...]
            and children[1].annotation == tuple[Item, ...]
            and not any(info.metadata for info in children)
            and not any(info.is_required() and (info.exclude or info.exclude_if)
                        for info in Item.model_fields.values())
            and not any(info.exclude for info in Item.model_fields.values()))


def _finding(document: Document, detail: Any, name: str) -> Finding:
    loc = tuple(detail["loc"])
    pointer = "/" + "/".join(str(part) for part in loc)
    location = Location(name, pointer=pointer)
    item = _item(document, loc)
    if detail["type"] in _BLANK and item is not None and len(loc) >= 5:
        field = str(loc[4])
        return REQUIRED_FIELD.at(location, item=item, field=field)
    return INVALID_VALUE.at(location, pointer=pointer, detail=detail["msg"])


def _item(document: Document, loc: tuple[Any, ...]) -> str | None:
    """The label of the item a location points into, if it does."""
    if len(loc) < 4 or loc[0] != "catalogues" or loc[2] != "items":
        return None
    try:
        return document.catalogues[int(loc[1])].items[int(loc[3])].label
    except (IndexError, TypeError, ValueError):
        return None
