"""The published JSON Schemas, generated from the models so they cannot drift.

``schemas/catalogue.schema.json`` describes catalogue documents; ``schemas/report.schema.json``
describes the JSON report of ``catalog check``. Tests fail when the checked-in files differ
from what this module generates.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from catalog.standard.model import Document

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _titled_references(schema: dict[str, Any]) -> None:
    """Give a ``$ref`` property its target's title: pydantic drops a title equal to it."""
    definitions = schema.get("$defs", {})
    for holder in [schema, *definitions.values()]:
        for prop in holder.get("properties", {}).values():
            ref = prop.get("$ref", "")
            if ref.startswith("#/$defs/") and "title" not in prop:
                prop["title"] = definitions[ref.removeprefix("#/$defs/")]["title"]


def catalogue_schema() -> dict[str, Any]:
    schema = Document.model_json_schema(mode="validation")
    _titled_references(schema)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema.pop("$id"),
        **{k: v for k, v in schema.items() if k != "$schema"},
    }


class _ReportLocation(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Location")
    file: str
    sheet: str | None
    cell: str | None = Field(description="Sheet!C12 for spreadsheets")
    row: int | None
    column: str | None = Field(description="Column letters")
    pointer: str | None = Field(description="JSON pointer for JSON files")
    line: int | None


class _ReportFinding(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Finding")
    code: str = Field(pattern=r"^[A-Z]+[0-9]{3}$", description="Stable rule code, e.g. CAT101")
    severity: str = Field(pattern="^(error|warning|info)$")
    message: str = Field(description="Message in the report's language")
    hint: str | None = Field(description="How to fix it by hand, in the report's language")
    location: _ReportLocation
    params: dict[str, Any] = Field(description="Message parameters, as data")


class _ReportFile(BaseModel):
    model_config = ConfigDict(extra="forbid", title="FileResult")
    file: str
    readable: bool
    catalogues: int
    items: int
    findings: list[_ReportFinding]


class _CodeCount(BaseModel):
    model_config = ConfigDict(extra="forbid", title="CodeCount")
    code: str
    severity: str
    count: int


class _Summary(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Summary")
    files: int
    unreadable: int
    errors: int
    warnings: int
    infos: int
    by_code: list[_CodeCount]


class _Tool(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Tool")
    name: str
    version: str


class _Report(BaseModel):
    model_config = ConfigDict(extra="forbid", title="catalog check report")
    report_version: str = Field(pattern=r"^1\.\d+$")
    tool: _Tool
    language: str = Field(pattern="^(zh|en)$")
    summary: _Summary
    files: list[_ReportFile]


def report_schema() -> dict[str, Any]:
    schema = _Report.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": "urn:catalog:schema:report:1.0", **schema}


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
