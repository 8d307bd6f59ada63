"""Rebuilds the two editions of 河西县's 社会救助 catalogue compared in this example.

``2020年版.xlsx`` is the county template as published in 2020: a merged title row, the
two-row merged header, 一级事项 merged down its rows, box-list channels with 口 as the empty
box, √ marks, full-width digits here and there. ``2024年版.json`` is this year's edition
in canonical JSON, edited the way counties edit (see README.md).

Run from the repository root: python examples/yearly-edition-change/make_editions.py
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from catalog.api import dumps
from catalog.standard.model import Basis, Catalogue, Document, Issuer, Item, Level, TimeLimit

HERE = Path(__file__).parent
OLD, NEW = HERE / "2020年版.xlsx", HERE / "2024年版.json"
ISSUER = "河西县人民政府"
REGULATION_2007 = "【行政法规】《中华人民共和国政府信息公开条例》(国务院令第492号)"
REGULATION_2019 = "【行政法规】《中华人民共和国政府信息公开条例》(国务院令第711号)"
RELIEF = "【行政法规】《社会救助暂行办法》(国务院令第649号)"
TEMPORARY = "【规范性文件】《国务院关于全面建立临时救助制度的通知》(国发〔2014〕47号)"
SUPPORT = "【规范性文件】《国务院关于进一步健全特困人员救助供养制度的意见》(国发〔2016〕14号)"
LIMIT = "信息形成或变更之日起20个工作日内"
COUNTY = "县民政局"
BOXES = ("{web}政府网站 口政府公报\n{social}两微一端 口发布会/听证会\n口广播电视 口纸质媒体\n"
         "口公开查阅点 ■政务服务中心\n■便民服务站 口入户/现场\n"
         "■社区/企事业单位/村公示栏(电子屏)\n口精准推送 口其他")
SOCIETY, GROUP = "全社会", "特定群体"

# 一级事项 (None: merged from above), 二级事项, 内容, 依据, 时限, 主体, 渠道 marks, 对象
ROWS_2020: list[tuple[str | None, str, str, str, str, str, tuple[str, str], str]] = [
    ("综合业务", "政策法规文件", "社会救助相关法律、法规、规章和规范性文件",
     REGULATION_2007 + "\n" + RELIEF, LIMIT, COUNTY, ("■", "口"), SOCIETY),
    (None, "监督检查", "社会救助监督检查结果;投诉举报电话", REGULATION_2007, LIMIT, COUNTY,
     ("■", "口"), SOCIETY),
    (None, "投诉举报渠道", "社会救助投诉举报电话、信箱、地址", RELIEF, LIMIT, COUNTY,
     ("■", "口"), SOCIETY),
    ("最低生活保障", "办事 指南",
     "办理事项、办理条件、最低生活保障标准、申请材料、办理流程、办理时间、地点、联系方式",
     RELIEF, "信息形成或变更之日起２０个工作日内", COUNTY, ("■", "口"), SOCIETY),
    (None, "审核审批信息",
     "初审对象名单及相关信息(户口所在地、家庭人口数);低保对象名单、保障金额、审批结果",
     RELIEF, LIMIT, "县民政局、各乡镇人民政府", ("口", "口"), GROUP),
    (None, "资金发放", "低保金发放情况、发放标准、发放人数", RELIEF, "每季度公开", COUNTY,
     ("■", "口"), SOCIETY),
    ("特困人员救助供养审批", "办事指南",
     "办理事项、办理条件、救助供养标准、申请材料、办理流程、办理时间、地点、联系方式",
     RELIEF + "\n" + SUPPORT, LIMIT, COUNTY, ("■", "口"), SOCIETY),
    (None, "审批结果", "特困人员名单、救助供养形式、救助供养标准", RELIEF + "\n" + SUPPORT,
     LIMIT, COUNTY, ("口", "口"), GROUP),
    ("临时救助", "办事指南", "办理事项、办理条件、救助标准、申请材料、办理流程、联系方式",
     RELIEF + "\n" + TEMPORARY, LIMIT, COUNTY, ("■", "口"), SOCIETY),
    ("受灾人员救助", "救助款物分配", "救助款物分配方案、发放对象、发放标准", RELIEF, LIMIT,
     COUNTY, ("■", "口"), SOCIETY),
]


def write_2020(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "社会救助"
    sheet.append(["河西县社会救助领域基层政务公开标准目录(2020年版)"])
    sheet.merge_cells("A1:N1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet.append(["序号", "公开事项", None, "公开内容(要素)", "公开依据", "公开时限", "公开主体",
                  "公开渠道和载体", "公开对象", None, "公开方式", None, "公开层级", None])
    sheet.append([None, "一级事项", "二级事项", None, None, None, None, None,
                  "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"])
    for merged in ("A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2",
                   "K2:L2", "M2:N2"):
        sheet.merge_cells(merged)
    first = 4
    groups: list[tuple[int, int]] = []
    for number, row in enumerate(ROWS_2020, start=1):
        category, name, content, basis, limit, subject, (web, social), audience = row
        society = "√" if audience == SOCIETY else ""
        sheet.append([str(number), category, name, content, basis, limit, subject,
                      BOXES.format(web=web, social=social), society, "" if society else "√",
                      "√", "", "√", ""])
        if category is not None:
            groups.append((first + number - 1, first + number - 1))
        else:
            groups[-1] = (groups[-1][0], first + number - 1)
    for top, bottom in groups:
        if bottom > top:
            sheet.merge_cells(f"B{top}:B{bottom}")
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in zip("ABCDEFGHIJKLMN", (5, 12, 12, 30, 36, 20, 18, 26, 6, 6, 6, 6, 6, 6),
                             strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(path)


def _item(category: str, name: str, content: str, basis: str, limit: str = LIMIT,
          subject: str = COUNTY, channels: tuple[str, ...] = (), audience: str = SOCIETY
          ) -> Item:
    standard = ("政府网站", "政务服务中心", "便民服务站", "社区/企事业单位/村公示栏(电子屏)")
    return Item(category=category, name=name, content=content, basis=Basis(text=basis),
                time_limit=TimeLimit(text=limit), subject=subject,
                channels=channels or standard, audience=(audience,), mode=("主动",),
                level=(Level.COUNTY,))


def edition_2024() -> Document:
    """2020 as edited in 2024 (README.md lists each edit)."""
    web_social = ("政府网站", "两微一端", "政务服务中心", "便民服务站",
                  "社区/企事业单位/村公示栏(电子屏)")
    no_web = ("政务服务中心", "便民服务站", "社区/企事业单位/村公示栏(电子屏)")
    items = (
        _item("综合业务", "政策法规文件", "社会救助相关法律、法规、规章和规范性文件",
              REGULATION_2019 + RELIEF),
        _item("综合业务", "监督检查", "社会救助监督检查结果;投诉举报电话", REGULATION_2007),
        _item("最低生活保障", "办事指南",
              "办理事项、办理条件、最低生活保障标准、申请材料、办理流程、办理时间、地点、联系方式",
              RELIEF, channels=web_social),
        _item("最低生活保障", "审核信息", "初审对象名单及相关信息(户口所在地、家庭人口数)", RELIEF,
              subject="县民政局、各乡镇人民政府", channels=no_web, audience=GROUP),
        _item("最低生活保障", "审批信息", "低保对象名单、保障金额、审批结果", RELIEF,
              channels=no_web, audience=GROUP),
        _item("最低生活保障", "资金发放", "低保金发放情况、发放标准、发放人数", RELIEF,
              limit="每月公开"),
        _item("特困人员救助供养", "办事指南",
              "办理事项、办理条件、救助供养标准、申请材料、办理流程、办理时间、地点、联系方式",
              RELIEF + SUPPORT),
        _item("特困人员救助供养", "审批结果", "特困人员名单、救助供养形式、救助供养标准",
              RELIEF + SUPPORT, channels=no_web, audience=GROUP),
        _item("临时救助", "办事指南", "办理事项、办理条件、救助标准、申请材料、办理流程、联系方式",
              RELIEF + TEMPORARY, limit="信息形成或变更之日起10个工作日内"),
        _item("医疗救助", "办事指南", "救助对象、救助范围、救助标准、申请材料、办理流程、联系方式",
              RELIEF),
        _item("监督管理", "投诉举报渠道", "社会救助投诉举报电话、信箱、地址", RELIEF,
              subject="县民政局、县纪委监委驻民政局纪检监察组"),
        _item("监督管理", "监督检查结果", "社会救助专项检查发现问题及整改情况", RELIEF),
    )
    items = tuple(item.model_copy(update={"seq": str(n)}) for n, item in enumerate(items, 1))
    catalogue = Catalogue(domain="social_assistance", issuer=Issuer(name=ISSUER,
                                                                    level=Level.COUNTY),
                          title="河西县社会救助领域基层政务公开标准目录(2024年版)", items=items)
    return Document(catalogues=(catalogue,))


def build(old: Path = OLD, new: Path = NEW) -> None:
    write_2020(old)
    new.write_text(dumps(edition_2024()), encoding="utf-8")


if __name__ == "__main__":
    build()
