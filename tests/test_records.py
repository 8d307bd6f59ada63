"""Records (the check path's plain catalogues) and the models built from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from catalog.core.findings import Finding, InputError
from catalog.formats.loaded import Loaded
from catalog.formats.loading import load_file
from catalog.standard import records
from catalog.standard.model import Basis, Document, Item, TimeLimit, document_of
from tests.workbook_builder import build, to_csv

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
EXAMPLE = ROOT / "examples/township-workbook/jiangshang-social-assistance.xlsx"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every fixture as a workbook and as CSV, and the example workbook."""
    folder = tmp_path_factory.mktemp("records")
    paths = [EXAMPLE]
    for source in FIXTURES:
        description = source.read_text(encoding="utf-8")
        paths.append(folder / f"{source.stem}.xlsx")
        paths[-1].write_bytes(build(description))
        paths.append(folder / f"{source.stem}.csv")
        paths[-1].write_text(to_csv(description), encoding="utf-8")
    return paths


def test_the_models_built_from_records_are_what_validation_gives(workbooks: list[Path]) -> None:
    """What the readers' records become is what validation gives: the citations and
    time-limit readings derived from the texts, identical texts sharing one object."""
    read = 0
    for path in workbooks:
        try:
            loaded = load_file(path)
        except InputError:  # a fixture of layouts no reader recognises
            continue
        _check_models(loaded)
        read += 1
    assert read >= len(workbooks) - 2


def _check_models(loaded: Loaded) -> None:
    assert isinstance(loaded.records, records.DocumentRecord)
    document = loaded.document
    assert loaded.document is document  # built once
    items = [item for catalogue in document.catalogues for item in catalogue.items]
    for item in items:  # what validation derives from the texts (blank texts do not validate)
        if item.basis.text.strip():
            assert Basis(text=item.basis.text) == item.basis
        if item.time_limit.text.strip():
            assert TimeLimit(text=item.time_limit.text) == item.time_limit
    assert all(type(item) is Item and type(item.basis) is Basis
               and type(item.time_limit) is TimeLimit for item in items)
    by_text: dict[str, Basis] = {}
    for item in items:
        assert by_text.setdefault(item.basis.text, item.basis) is item.basis


def test_records_equal_or_the_same_become_one_model() -> None:
    """Rows may hold one record (a reader's cache) or equal ones (another reader): both
    share one 依据 and one 时限 model; a different text gets its own."""
    make = lambda seq, basis, limit: records.ItemRecord(  # noqa: E731
        seq, "类", "项", "内容", basis, limit, "主体", ("政府网站",), (), (), (), {}, {}, ())
    basis, limit = records.BasisRecord("《条例》"), records.time_limit_record("20个工作日")
    items = [make("1", basis, limit), make("2", basis, limit),
             make("3", records.BasisRecord("《条例》"), records.time_limit_record("20个工作日")),
             make("4", records.BasisRecord("《办法》"), records.time_limit_record("即时"))]
    catalogue = records.CatalogueRecord(None, records.IssuerRecord(), None, None, {}, items)
    built = document_of(records.DocumentRecord((catalogue,))).catalogues[0].items
    assert built[0].basis is built[1].basis is built[2].basis == Basis(text="《条例》")
    assert built[0].time_limit is built[1].time_limit is built[2].time_limit == TimeLimit(
        text="20个工作日")
    assert built[3].basis == Basis(text="《办法》") and built[3].time_limit == TimeLimit(
        text="即时")


def test_a_model_document_is_returned_as_it_is() -> None:
    document = Document()
    assert document_of(document) is document


def test_a_record_reads_like_its_model() -> None:
    basis = records.BasisRecord("《中华人民共和国政府信息公开条例》（国令第711号）")
    model = Basis(text=basis.text)
    assert [(c.kind, c.title, c.number) for c in basis.citations] == [
        (c.kind, c.title, c.number) for c in model.citations]
    limit = records.time_limit_record("20个工作日")
    assert (limit.kind, limit.days, limit.period) == (
        TimeLimit(text="20个工作日").kind, 20, None)


def test_replaced_keeps_the_kind_of_what_it_changes() -> None:
    issuer = records.IssuerRecord("江上乡人民政府")
    assert records.replaced(issuer, name="x") == records.IssuerRecord("x")
    from catalog.standard.model import Issuer

    model = Issuer(name="江上乡人民政府")
    changed = records.replaced(model, name="x")
    assert type(changed) is Issuer and changed.name == "x"


def test_checking_a_workbook_does_not_load_pydantic() -> None:
    """Issue 15: the models are built only when a caller asks for them."""
    code = ("import sys\n"
            "from catalog.checking.checker import check_file\n"
            "result = check_file(sys.argv[1])\n"
            "assert result.findings and result.items\n"
            "print(' '.join(m for m in ('pydantic', 'catalog.standard.model', 'jsonschema')"
            " if m in sys.modules) or '-')\n")
    workbook = ROOT / "examples/township-workbook/jiangshang-social-assistance.xlsx"
    done = subprocess.run([sys.executable, "-c", code, str(workbook)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "-"
    # and the models are there when asked for
    asked = code.replace("result = check_file(sys.argv[1])",
                         "from catalog.formats.loading import load_file\n"
                         "load_file(sys.argv[1]).document\n"
                         "result = check_file(sys.argv[1])")
    done = subprocess.run([sys.executable, "-c", asked, str(workbook)], capture_output=True,
                          text=True, check=True)
    assert "pydantic" in done.stdout.split()


def test_a_rule_reading_ctx_catalogue_gets_models_and_ctx_table_the_records() -> None:
    """Plugins written against ``ctx.catalogue`` keep getting ``catalog.Catalogue`` models;
    the built-in rules read ``ctx.table`` (records for a workbook) and never build them."""
    from catalog.checking.checker import CheckOptions, check_loaded
    from catalog.core.findings import Severity
    from catalog.rules.engine import Rule, RuleContext, RuleRegistry
    from catalog.rules.registry import default_registry
    from catalog.standard.model import Catalogue

    seen: list[RuleContext] = []

    def look(ctx: RuleContext) -> list[Finding]:
        seen.append(ctx)
        return [ctx.finding(PLUGIN, 0, "subject", kind=type(ctx.catalogue.items[0]).__name__)]

    PLUGIN = Rule(code="ZJ901", name="look", severity=Severity.INFO, message_zh="{kind}",
                  message_en="{kind}", rationale="test", example="-", check=look)
    registry = RuleRegistry([*default_registry(), PLUGIN])
    loaded = load_file(EXAMPLE)
    findings = check_loaded(loaded, CheckOptions(), registry)
    assert [f.params["kind"] for f in findings if f.code == "ZJ901"] == ["Item"]
    ctx = seen[0]
    assert isinstance(ctx.catalogue, Catalogue) and ctx.catalogue is ctx.catalogue
    assert isinstance(ctx.table, records.CatalogueRecord)
    assert [item.label for item in ctx.catalogue.items] == [item.label for item in ctx.table.items]
    assert isinstance(loaded.records, records.DocumentRecord)  # the file's document untouched


def test_loaded_results_compare_by_their_document() -> None:
    """``Loaded`` was a dataclass: two reads of one file are equal, records or models."""
    first, second = load_file(EXAMPLE), load_file(EXAMPLE)
    assert first == second
    assert second.document.catalogues  # models now on one side
    assert first == second and isinstance(second.records, Document)
    second.findings.pop()
    assert first != second
