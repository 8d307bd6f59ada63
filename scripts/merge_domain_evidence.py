"""Merge the domain evidence (one JSON per domain) into ``domains/*.json``; prints what changed.

Run by hand when new evidence arrives, then read the printed summary and ``git diff domains/``
before committing: the project never reads the evidence folder at run or test time.

    python scripts/merge_domain_evidence.py /path/to/domain_evidence [--write]

Policy (issue 19):
- an evidence item matching a bundled item (same 一级/二级 after name_key, or an alias) fills
  what the bundled item lacks (公开层级, 公开内容, 公开时限, 公开主体, 公开对象, 公开方式, 渠道,
  依据) and adds its sources; a 公开层级 the evidence gives from a county table with 县级 and 乡级
  columns replaces a different bundled one (reported);
- an evidence item not bundled is added when two or more county copies agree ("agreed") or one
  county table shows it ("single"); items seen only on township pages may be local additions and
  are recorded under local_variants, not added;
- a bundled item known only by its 一级 (name_known false) is replaced by the named evidence items
  of that 一级;
- bundled items the evidence did not see are kept: absence of evidence is not evidence;
- official counts gain their quote, caveat and whether they are inferred or a lower bound.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from catalog.standard.names import name_key

ROOT = Path(__file__).resolve().parent.parent
FILL = ("content", "time_limit", "subject", "basis")
LISTS = ("audience", "mode", "channels")


def strength(evidence: str) -> tuple[str, int]:
    """('agreed'|'single'|'township', number of copies) from the evidence's wording."""
    text = evidence.lower()
    found = re.match(r"(\d+) (?:county/mirror )?copies", text)
    if found and int(found.group(1)) >= 2:
        return "agreed", int(found.group(1))
    # "1 county + project": one copy agreeing with the earlier bundled list, which may rest on
    # the same page, so it counts as one copy
    if "township" in text and "county" not in text:
        return "township", 1
    if "inferred" in text:
        return "inferred", 0
    return "single", 1


def key(category: str, name: str) -> tuple[str, str]:
    return name_key(category), name_key(name)


def find(items: list[dict[str, Any]], ev: dict[str, Any]) -> dict[str, Any] | None:
    """The bundled item an evidence row stands for: same 一级 and 二级 (or alias); a one-level
    row by its 一级; a 二级 under a 一级 worded differently only when that 一级 is not bundled."""
    cat, name = key(ev["category"], ev["name"])
    if ev.get("name_known") is False:
        name = ""
    same = [i for i in items if name_key(i["category"]) == cat]
    for item in same:
        names = {name_key(item["name"]), *map(name_key, item.get("aliases", ()))}
        if name in names and (name or not item["name"]):
            return item
    if same:
        return None
    for item in items:
        names = {name_key(item["name"]), *map(name_key, item.get("aliases", ()))} - {""}
        if name and name in names:
            return item
    return None


def merge(domain: dict[str, Any], evidence: dict[str, Any], log: list[str]) -> None:
    items: list[dict[str, Any]] = domain["items"]
    for ev in evidence["items"]:
        grade, copies = strength(ev["evidence"])
        item = find(items, ev)
        if item is None and ev["name"] and ev.get("name_known", True):
            placeholder = next((i for i in items if not i.get("name_known", True)
                                and name_key(i["category"]) == name_key(ev["category"])), None)
            if placeholder is not None and grade not in ("township", "inferred"):
                items.remove(placeholder)
                carried = placeholder.get("sources", [])
                ev = {**ev, "sources": list(dict.fromkeys([*carried, *ev["sources"]]))}
                if placeholder.get("note"):
                    ev["note"] = "before this item was named: " + placeholder["note"]
                log.append(f"  replaced 一级-only {placeholder['category']} by its named item")
        if item is None:
            if grade == "inferred":  # a name never seen would be reported missing everywhere
                log.append(f"  inferred, not added: {ev['category']}/{ev['name']}")
                continue
            if grade == "township":
                variant = {
                    "where": ev["evidence"],
                    "note": f"{ev['category']}/{ev['name']}: seen only on township pages; may be "
                            f"a local addition ({', '.join(ev['sources'])})"}
                variants = domain.setdefault("local_variants", [])
                if variant not in variants:  # the script may run again on its own output
                    variants.append(variant)
                log.append(f"  township only, not added: {ev['category']}/{ev['name']}")
                continue
            item = {"category": ev["category"], "name": ev["name"], "audience": [], "mode": [],
                    "level": [], "sources": []}
            if ev.get("name_known") is False:
                item["name_known"] = False
                item["name"] = ""
            if ev.get("note"):
                item["note"] = ev["note"]
            items.append(item)
            log.append(f"  added ({grade}): {ev['category']}/{ev['name']}")
        for name in FILL:
            if ev.get(name) and not item.get(name):
                item[name] = ev[name]
        for name in LISTS:
            if ev.get(name) and not item.get(name):
                item[name] = list(ev[name])
        if ev.get("level"):
            wanted = sorted(ev["level"], key=("县级", "乡级").index)
            if item["level"] and sorted(item["level"]) != sorted(wanted):
                where = f"{item['category']}/{item['name']}"
                log.append(f"  level {where}: {item['level']} -> {wanted}")
            item["level"] = wanted
            if ev.get("level_evidence"):
                item["level_evidence"] = ev["level_evidence"]
        item["sources"] = list(dict.fromkeys([*item["sources"], *ev["sources"]]))
        item["evidence"] = {"grade": grade, "copies": copies, "note": ev["evidence"]}
    for item in items:
        item.setdefault("evidence", {"grade": "bundled", "copies": 0,
                                     "note": "in the bundled list; not seen in the 2026 evidence"})
    counts = evidence["official_counts"]
    target = domain["official_counts"]
    for name in ("categories", "items"):
        if counts.get(name) and target.get(name) in (None, counts[name]):
            target[name] = counts[name]
        elif counts.get(name) and target.get(name) != counts[name]:
            log.append(f"  count {name}: bundled {target.get(name)} vs evidence {counts[name]}")
    if counts.get("source") and not target.get("source"):
        target["source"] = counts["source"]
    for name in ("quote", "caveat"):
        if counts.get(name):
            target[name] = counts[name]
    if counts.get("derived_from"):
        target["inferred"] = True
        target["caveat"] = f"{counts['derived_from']}; {counts.get('caveat', '')}".strip("; ")
    if counts.get("lower_bound_items"):
        target["lower_bound_items"] = counts["lower_bound_items"]
        target["lower_bound_source"] = counts["lower_bound_source"]
    if (target.get("categories") or target.get("items")) and "inferred" not in target:
        target["inferred"] = False
    domain["evidence_status"] = evidence["status"]
    if evidence.get("not_reached"):
        domain["evidence_not_reached"] = evidence["not_reached"]
    known = {name_key(i["category"]) for i in items}
    for category in evidence.get("categories_established", ()):
        if name_key(category) not in known:
            log.append(f"  一级 established but no item: {category}")


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    write = "--write" in argv
    for path in sorted((ROOT / "domains").glob("*.json")):
        domain = json.loads(path.read_text(encoding="utf-8"))
        source = folder / path.name
        if not source.exists():
            print(f"{path.stem}: no evidence")
            continue
        evidence = json.loads(source.read_text(encoding="utf-8"))
        before = len(domain["items"])
        log: list[str] = []
        merge(domain, evidence, log)
        counts = domain["official_counts"]
        print(f"{path.stem}: {before} -> {len(domain['items'])} items; official "
              f"{counts.get('categories')}/{counts.get('items')}; {evidence['status']}")
        print("\n".join(log))
        if write:
            path.write_text(json.dumps(domain, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
