"""Time ``catalog publish`` on a county folder: 20 townships × 26 domains (~20,800 items).

Items are built from each domain's national item list (so coverage and the grid have real
matches) plus local items, with realistic text lengths; one JSON file per township. Prints
the build time, bytes per item and the largest page. Not part of the test suite.

    /work/venv/bin/python benchmarks/publish_county.py [--townships 20] [--items 40]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from catalog.api import dump
from catalog.standard.domains import registry
from catalog.standard.model import Basis, Catalogue, Document, Issuer, Item, TimeLimit

BASIS = ("【行政法规】《社会救助暂行办法》（国务院令第649号）【规范性文件】《国务院办公厅关于"
         "全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）")


def township(name: str, per_domain: int) -> Document:
    catalogues = []
    for domain in registry():
        items = []
        national = domain.items or ()
        for n in range(per_domain):
            if n < len(national):
                category, item_name = national[n].category, national[n].name
            else:
                category, item_name = f"{domain.name_zh}地方事项{n // 5 + 1}", f"事项{n}"
            items.append(Item(
                seq=str(n + 1), category=category, name=item_name,
                content="办理条件、申请材料、办理流程、办理时限、收费标准、咨询电话、监督投诉渠道"
                        f"（第{n + 1}项）",
                basis=Basis(text=BASIS),
                time_limit=TimeLimit(text="制定或获取信息之日起20个工作日内"),
                subject=f"{name}、县民政局", channels=("政府网站", "政务服务中心", "便民服务站"),
                audience=("全社会",), mode=("主动",), level=("乡级",)))
        catalogues.append(Catalogue(domain=domain.slug, issuer=Issuer(name=name, level="乡级"),
                                    updated="2025-03-01", items=tuple(items)))
    return Document(catalogues=tuple(catalogues))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--items", type=int, default=40, help="items per catalogue")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="publish-bench-"))
    county = work / "county"
    county.mkdir()
    for number in range(args.townships):
        document = township(f"第{number + 1}镇人民政府", args.items)
        dump(document, county / f"town{number + 1:02}.json")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "catalog", "publish", str(county), "-o",
                           str(work / "site")], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1735689600"})
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and its workers
    load = os.getloadavg()[0]
    print(done.stdout.splitlines()[0] if done.stdout else done.stderr)
    pages = sorted((work / "site" / "c").iterdir(), key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
    print(f"wall time (process start to exit): {elapsed:.1f} s; site {total / 1e6:.1f} MB; "
          f"largest page {pages[-1].stat().st_size / 1e3:.0f} kB; folder {work}")
    print(f"CPU time {usage.ru_utime + usage.ru_stime:.1f} s on {os.cpu_count()} cores "
          f"(load average {load:.1f} during the run: wall time grows with other work)")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
