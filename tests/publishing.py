"""Small county folders for the publishing tests, built in code (two issuers, hostile text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalog.api import dump
from catalog.standard.model import Catalogue, Document, Issuer, Item
from tests.conftest import make_item

HOSTILE = '<script>alert("x")</script> & "引号" \'单引号\''
FORMULA = "=HYPERLINK(\"http://evil.example\",\"点我\")"


def items(*specs: tuple[str, str], **fields: Any) -> tuple[Item, ...]:
    return tuple(make_item(seq=str(n), category=category, name=name, **fields)
                 for n, (category, name) in enumerate(specs, start=1))


SOCIAL = (("最低生活保障", "政策法规文件"), ("最低生活保障", "办事指南"),
          ("特困人员救助供养", "办事指南"), ("临时救助", "审核审批信息"))


def catalogue(issuer: str, domain: str = "social_assistance", level: str = "乡级",
              specs: tuple[tuple[str, str], ...] = SOCIAL, **fields: Any) -> Catalogue:
    return Catalogue(domain=domain, issuer=Issuer(name=issuer, level=level),
                     updated="2025-03-01", items=items(*specs, **fields))


def county(folder: Path) -> Path:
    """Two townships, each with two domains, one file per township."""
    folder.mkdir(parents=True, exist_ok=True)
    for town in ("江上乡人民政府", "河口镇人民政府"):
        document = Document(catalogues=(
            catalogue(town),
            catalogue(town, "employment", specs=(("就业信息服务", "政策法规"),)),
        ))
        dump(document, folder / f"{town}.json")
    return folder


def hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    document = Document(catalogues=(Catalogue(
        domain="social_assistance", issuer=Issuer(name="江上乡人民政府", level="乡级"),
        title=HOSTILE,
        items=(
            make_item(seq="1", category=HOSTILE, name="</td></tr><tr><td>注入",
                      content=FORMULA, subject="A & B <b>", extra={"链接": "javascript:alert(1)"}),
            make_item(seq="2", category="最低生活保障", name="办事指南",
                      extra={"链接": "https://www.example.gov.cn/zwgk/\"onmouseover=\"x"}),
        )),))
    path = folder / "hostile.json"
    dump(document, path)
    return path
