"""One catalogue against its domain's national items (catalog.standard.matching).

``analyse`` matches each distinct 一级 and 二级 text once, not each row; these tests hold it to
a plain per-row reference: the matching rules written out as a loop over the rows, as they
were before the per-distinct computation, with no cache and no shortcut.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.core import caches
from catalog.standard import domains as domains_module
from catalog.standard.domains import (
    MIN_NEAR_LENGTH,
    NEAR_CUTOFF,
    Detection,
    Domain,
    ItemMatch,
    MatchKind,
    NationalItem,
    name_key,
    registry,
)
from catalog.standard.matching import analyse, analyse_with
from catalog.standard.model import Catalogue, Issuer, Item, Level
from catalog.standard.records import CatalogueRecord, CatalogueView, IssuerRecord, ItemRecord

# --------------------------------------------------------------------- the per-row reference


def _reference_best(domain: Domain, indexes: Sequence[int], category: str) -> int:
    in_category = [i for i in indexes if i in domain.items_in_category(category)]
    if in_category:
        return in_category[0]
    return max(indexes, key=lambda i: difflib.SequenceMatcher(
        None, category, name_key(domain.items[i].category)).ratio())


def _reference_match(domain: Domain, category_text: str, name_text: str) -> ItemMatch:
    """One row's match, every step taken for this row alone."""
    category, name = name_key(category_text), name_key(name_text)
    for key in (name, category) if name else (category,):
        hits = domain.items_named(key)
        in_category = set(domain.items_in_category(category))
        if hits and not in_category.intersection(hits) and any(
            not domain.items[i].name_known for i in in_category
        ):
            break
        if hits:
            index = _reference_best(domain, hits, category)
            item = domain.items[index]
            exact = name_key(item.name or item.category) == key
            return ItemMatch(MatchKind.EXACT if exact else MatchKind.ALIAS, index, 1.0)
    broad = [i for i in domain.items_in_category(category) if not domain.items[i].name_known]
    if broad:
        return ItemMatch(MatchKind.CATEGORY, broad[0], 1.0)
    key = name or category
    if len(key) >= MIN_NEAR_LENGTH:
        close = difflib.get_close_matches(key, list(domain.name_keys()), n=1, cutoff=NEAR_CUTOFF)
        if close:
            score = round(difflib.SequenceMatcher(None, key, close[0]).ratio(), 3)
            index = _reference_best(domain, domain.items_named(close[0]), category)
            return ItemMatch(MatchKind.NEAR, index, score)
    return ItemMatch(MatchKind.NONE)


def _reference_detection(catalogue: CatalogueView) -> Detection:
    names: dict[str, None] = {}
    for item in catalogue.items:
        names.update({item.category: None, item.name: None})
    return registry().detect(catalogue.title, [n for n in names if n])


# --------------------------------------------------------------------------- catalogues

# A domain outside the registry (a reference list a user brings), with an item known only by
# its 一级 that must win over the same 二级 name elsewhere.
_BASE = registry().get("social_assistance")
_CUSTOM = Domain(
    _BASE.slug, 1, _BASE.name_zh, _BASE.name_en, (), _BASE.departments, None, False,
    _BASE.official_counts, "", (),
    (NationalItem("最低生活保障", "审批信息", audience=(), mode=(), level=(Level.COUNTY,)),
     NationalItem("最低生活保障", "办事指南", aliases=("申请指南",)),
     NationalItem("特困人员救助供养", "", name_known=False),
     NationalItem("特困人员救助供养", "办事指南")),
)
_DOMAINS = [*registry(), _CUSTOM]
_LOCAL = ["低保边缘家庭认定", "村级公益岗位", "办事", "工作动态", "其他事项", ""]
_OTHER = ["纳税服务", "纳税人权利", "燃气经营许可证核发", "征地管理政策", "出生登记"]


def _spellings(text: str) -> list[str]:
    """What real catalogues make of a national wording: codes, spaces, widths, typos."""
    found = [text, f"1.{text}", f"（一）{text}", f" {text} ", text.replace("(", "（")]
    if len(text) >= MIN_NEAR_LENGTH:
        found += [text[:-1], text + "公示", text[:1] + text[2:], text + "表"]
    return found


def _pools(domain: Domain) -> tuple[list[str], list[str]]:
    categories: list[str] = []
    names: list[str] = []
    for item in domain.items:
        categories += _spellings(item.category)
        for text in (item.name, *item.aliases):
            names += _spellings(text) if text else [""]
    for _, aliases in domain.category_aliases:
        categories += [text for alias in aliases for text in _spellings(alias)]
    # 一级 cells that hold a national 二级 name, or a category's own wording as a 二级: rows
    # matched through their other field.
    return categories + names[::3] + _LOCAL + _OTHER, names + categories[::3] + _LOCAL + _OTHER


@st.composite
def _catalogues(draw: st.DrawFn) -> tuple[Domain, Catalogue]:
    domain = draw(st.sampled_from(_DOMAINS))
    categories, names = _pools(domain)
    # Few categories and names in many combinations, as in a compilation of townships.
    category_pool = draw(st.lists(st.sampled_from(categories), min_size=1, max_size=6))
    local = st.integers(0, 99).map("村级事项{}号".format) | st.text("救助办事指南审核", max_size=6)
    name_pool = draw(st.lists(st.sampled_from(names) | local, min_size=1, max_size=10))
    rows = draw(st.lists(st.tuples(st.sampled_from(category_pool), st.sampled_from(name_pool)),
                         max_size=40))
    slug = draw(st.sampled_from([domain.slug, None]))
    title = draw(st.sampled_from([None, f"{domain.name_zh}领域基层政务公开标准目录", "目录"]))
    items = tuple(Item.model_construct(category=c, name=n) for c, n in rows)
    return domain, Catalogue.model_construct(domain=slug, title=title, items=items,
                                             issuer=Issuer(name="某某县人民政府"), metadata={})


def _as_records(catalogue: Catalogue) -> CatalogueRecord:
    """The same catalogue as the check path reads it: plain records, not models."""
    items = [ItemRecord("", it.category, it.name, "", None, None, "", (), (), (), (),  # type: ignore[arg-type]
                        {}, {}, ()) for it in catalogue.items]
    return CatalogueRecord(catalogue.domain, IssuerRecord(), catalogue.title, None, {}, items)


@dataclasses.dataclass
class _Reference:
    domain: Domain

    def get(self, slug: str) -> Domain | None:
        return self.domain if slug == self.domain.slug else None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalogues(), st.booleans())
def test_each_row_matches_as_the_per_row_reference(
    case: tuple[Domain, Catalogue], records: bool
) -> None:
    domain, model = case
    catalogue: CatalogueView = _as_records(model) if records else model
    result = analyse(catalogue)
    if catalogue.domain is None:
        assert result.detection == _reference_detection(catalogue)
    if domain is _CUSTOM:
        result = analyse_with(catalogue, _Reference(domain))
        if result.domain is not domain:
            return  # detected as another domain: no reference list for it
    elif result.domain is not domain:
        return
    expected = [_reference_match(domain, it.category, it.name) for it in catalogue.items]
    assert list(result.matches) == expected
    for kind in MatchKind:
        assert result.of_kind(kind) == tuple(
            i for i, m in enumerate(expected) if m.kind is kind)
    covered = {m.index for m in expected if m.kind is not MatchKind.NONE}
    assert result.covered == covered
    for level in (None, *Level):
        assert result.missing(level) == tuple(
            i for i in result.expected(level) if i not in covered)


def test_rows_of_a_category_that_decides_take_its_match() -> None:
    rows = [(c, f"村级事项{n}号") for n in range(5) for c in ("灾后救助", "村务", "1.灾后救助")]
    rows += [("灾后救助", "")]
    items = tuple(Item.model_construct(category=c, name=n) for c, n in rows)
    catalogue = Catalogue.model_construct(domain="disaster_relief", title=None, items=items,
                                          issuer=Issuer(), metadata={})
    domain = registry().get("disaster_relief")
    expected = [_reference_match(domain, c, n) for c, n in rows]
    assert {m.kind for m in expected} == {MatchKind.CATEGORY, MatchKind.NONE}
    assert list(analyse(catalogue).matches) == expected


def test_detection_from_the_items_as_the_reference() -> None:
    rows = [("综合业务", "政策法规文件"), ("最低生活保障", "办事指南"), ("", "监督检查")] * 3
    items = tuple(Item.model_construct(category=c, name=n) for c, n in rows)
    catalogue = Catalogue.model_construct(domain=None, title=None, items=items,
                                          issuer=Issuer(), metadata={})
    result = analyse(catalogue)
    assert result.detection == _reference_detection(catalogue)
    assert result.domain is registry().get("social_assistance")


def test_rows_whose_names_do_not_matter_are_matched_per_category() -> None:
    """A compilation: every (一级, 二级) pair distinct, no 二级 a national name; the rows are
    matched once per distinct 一级 and 二级 text, never per pair."""
    categories = ["最低生活保障", "特困人员救助供养", "村务", "教育救助"]
    names = [f"村级事项{n}号" for n in range(50)]
    rows = [(c, n) for c in categories for n in names]
    items = tuple(Item.model_construct(category=c, name=n) for c, n in rows)
    catalogue = Catalogue.model_construct(domain="social_assistance", title=None, items=items,
                                          issuer=Issuer(), metadata={})
    caches.clear()
    result = analyse(catalogue)
    assert domains_module._match.cache_info().misses == 0
    assert domains_module._category_match.cache_info().misses == len(categories)
    domain = registry().get("social_assistance")
    assert list(result.matches) == [_reference_match(domain, c, n) for c, n in rows]
    assert result.of_kind(MatchKind.NONE) == tuple(range(len(rows)))
