"""Rebuilds jiangshang-social-assistance.xlsx: a township workbook laid out the way counties
publish them (title row, two-row merged header, 一级事项 merged down, box-list channels with
口 as an empty box, √ marks), with the mistakes staff typically make left in on purpose.

Run from the repository root: python examples/township-workbook/make_workbook.py
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
TITLE = "江上乡社会救助领域基层政务公开标准目录"
POLICY = "【行政法规】《社会救助暂行办法》\n【规范性文件】《民政部办公厅关于印发社会救助和养老服务领域基层政务公开标准指引的通知》(民办函〔2019〕52号)"
LIMIT = "制定或获取信息之日起10个工作日内"
SUBJECT = "县民政局、江上乡人民政府"
ALL_BOXES = ("{a}政府网站 {b}政府公报\n{c}两微一端 □发布会/听证会\n□广播电视 □纸质媒体\n"
             "□公开查阅点 {d}政务服务中心\n{e}便民服务站 □入户/现场\n"
             "{f}社区/企事业单位/村公示栏(电子屏)\n□精准推送 □其他")


def boxes(a: str = "■", b: str = "□", c: str = "口", d: str = "■", e: str = "■", f: str = "■") -> str:
    return ALL_BOXES.format(a=a, b=b, c=c, d=d, e=e, f=f)


# seq, 一级事项 (None = merged from above), 二级事项, 内容, 依据, 时限, 主体, 渠道,
# 全社会, 特定群众, 主动, 依申请, 县级, 乡、村级
ROWS = [
    ("1", "综合业务", "政策法规文件", "社会救助相关法律、法规、规章和规范性文件", POLICY, LIMIT, SUBJECT,
     boxes(), "√", "", "√", "", "√", "√"),
    ("2", None, "监督检查", "社会救助信访通讯地址;社会救助投诉举报电话", "同上", "同上", SUBJECT,
     boxes(), "√", "", "√", "", "√", "√"),
    ("3", "最低生活保障", "办事指南", "办理事项、办理条件、最低生活保障标准、申请材料、办理流程、办理时间、地点、联系方式",
     POLICY, LIMIT, "", boxes(), "√", "", "√", "", "√", "√"),
    ("4", None, "审核信息", "初审对象名单及相关信息(户口所在地、家庭人口数)", POLICY,
     "制定或获取信息之日起10个工作日内,公示7个工作日", SUBJECT,
     "■社区/企事业单位/村公示栏(电子屏)", "", "√", "√", "", "√", "√"),
    ("5", None, "审批信息", "低保对象名单及相关信息", POLICY, "信息形成之日起30个工作日内", SUBJECT,
     boxes(c="■"), "√", "", "√", "", "√", ""),
    ("6", "特困人员救助供养", "办事指南", "办理事项、办理条件、救助供养标准、申请材料、办理流程、办理时间、地点、联系方式",
     "《国务院关于进一步健全特困人员救助供养制度的意见》(国发[2016]14号)", LIMIT, SUBJECT,
     "政府网站、发布会、政务服务中", "√", "", "√", "", "√", "√"),
    ("7", "临时救助", "办事 指南", "办理事项、办理条件、救助标准、申请材料、办理流程、办理时间、地点、联系方式",
     "《国务院关于全面建立临时救助制度的通知(国发〔2014〕47号)", LIMIT, SUBJECT,
     boxes(), "✓", "", "✓", "", "✓", "✓"),
    ("8", None, "审核审批信息", "支出型临时救助对象名单、救助金额、救助事由", POLICY, "及时公开", SUBJECT,
     boxes(), "", "√", "√", "", "√", "√"),
]


def build(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "社会救助"
    sheet.append([TITLE])
    sheet.merge_cells("A1:N1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet.append(["序号", "公开事项", None, "公开内容(要素)", "公开依据", "公开时限", "公开主体",
                  "公开渠道和载体", "公开对象", None, "公开方式", None, "公开层级", None])
    sheet.append([None, "一级事项", "二级事项", None, None, None, None, None,
                  "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"])
    for merged in ("A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2",
                   "K2:L2", "M2:N2"):
        sheet.merge_cells(merged)
    start = 4
    for offset, row in enumerate(ROWS):
        sheet.append([row[0], row[1] or None, *row[2:]])
    # 一级事项 merged down its rows, as published tables do.
    groups: list[tuple[int, int]] = []
    for offset, row in enumerate(ROWS):
        if row[1] is not None:
            groups.append((start + offset, start + offset))
        else:
            groups[-1] = (groups[-1][0], start + offset)
    for first, last in groups:
        if last > first:
            sheet.merge_cells(f"B{first}:B{last}")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in zip("ABCDEFGHIJKLMN", (5, 12, 12, 30, 36, 20, 18, 26, 6, 6, 6, 6, 6, 6)):
        sheet.column_dimensions[column].width = width
    notes = workbook.create_sheet("填写说明")
    notes.append(["本表由江上乡党政办公室汇总,2025年3月更新。"])
    workbook.save(path)


if __name__ == "__main__":
    build(HERE / "jiangshang-social-assistance.xlsx")
