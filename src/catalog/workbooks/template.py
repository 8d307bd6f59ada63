"""Fill-in templates: the official layout pre-filled with a domain's national items.

Staff start from the right table instead of copying last year's file: 序号, 一级事项 and
二级事项 come from the national standard list for the issuer's level, the 13 channel boxes are
pre-written as □ (turn the ones used into ■), and every check-mark column has a √ dropdown
whose list lives on a hidden sheet (Excel silently drops inline lists over 255 characters).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from catalog.core.findings import UsageError
from catalog.formats import sheet_metadata, xlsx_writer
from catalog.formats.xlsx_layout import (
    A4,
    CELL_PADDING,
    RowHeights,
    print_setup_xlsxwriter,
    text_units,
)
from catalog.standard import domains
from catalog.standard.model import Catalogue, Issuer
from catalog.standard.terms import STANDARD_CHANNELS, Level
from catalog.standard.vocabulary import require_level

INSTRUCTIONS_SHEET = "填写说明"
EXTRA_ROWS = 200  # rows below the national items that keep dropdowns for additions
BORDERED_ROWS = 20  # of those, the ones drawn as a form: 200 empty bordered rows print 4 pages


def channel_boxes(selected: tuple[str, ...] = ()) -> str:
    """The 13 standard channels as a box list, two per line: ``■政府网站 □政府公报``.

    A pair wider than the channel column goes on two lines, so no entry is ever broken.
    """
    boxes = [("■" if name in selected else "□") + name for name in STANDARD_CHANNELS]
    room = xlsx_writer.CHANNELS_WIDTH - CELL_PADDING
    lines: list[str] = []
    for box in boxes:
        if (lines and lines[-1].count(" ") == 0
                and text_units(f"{lines[-1]} {box}") <= room):
            lines[-1] = f"{lines[-1]} {box}"
        else:
            lines.append(box)
    return "\n".join(lines)


# (column, what to write, example value)
_GUIDE: tuple[tuple[str, str, str], ...] = (
    ("序号", "事项的顺序号,已预填;新增事项接着编号", "1"),
    ("一级事项", "国家标准指引中的一级事项,已预填", "救助对象认定"),
    ("二级事项", "国家标准指引中的二级事项,已预填;本地新增事项写在末尾",
     "最低生活保障对象认定"),
    ("公开内容(要素)", "本事项公开哪些信息,逐项列出",
     "1.低保对象姓名、所在村(社区)、保障人数、保障金额"),
    ("公开依据", "法律、法规、规章或文件名称(用《》),有文号的写文号,文号年份用〔〕",
     "《社会救助暂行办法》;《最低生活保障审核确认办法》(民发〔2021〕57号)"),
    ("公开时限", "写明期限,如“信息形成或者变更之日起20个工作日内”",
     "信息形成或者变更之日起20个工作日内"),
    ("公开主体", "负责公开的单位全称", "某某镇人民政府"),
    ("公开渠道和载体", "已列出13个标准渠道;把使用的渠道前的 □ 改为 ■;其他渠道写在“其他”之后",
     "■政府网站 □政府公报\n■两微一端 □发布会/听证会"),
    ("公开对象 全社会/特定群体", "在适用的一栏选择 √(下拉选择),另一栏留空", "全社会 √"),
    ("公开方式 主动/依申请", "在适用的一栏选择 √(下拉选择),另一栏留空", "主动 √"),
    ("公开层级 县级/乡级", "在负责公开的层级选择 √;本级已预先勾选", "乡级 √"),
)


def template_catalogue(domain: domains.Domain, level: Level, issuer: str | None) -> Catalogue:
    """The catalogue header a template sheet carries (its items are the blank rows)."""
    title = f"{issuer or ''}{domain.name_zh}领域基层政务公开标准目录"
    return Catalogue(domain=domain.slug, issuer=Issuer(name=issuer, level=level), title=title)


def _write_domain_sheet(workbook: Any, styles: xlsx_writer.Styles, name: str,
                        domain: domains.Domain, level: Level, issuer: str | None) -> int:
    sheet = workbook.add_worksheet(name)
    columns = xlsx_writer.columns_for((level,))
    heights = xlsx_writer.write_header(
        sheet, styles, template_catalogue(domain, level, issuer).title or "", columns)
    # Items whose national level the sources do not give are offered too (most domains' lists
    # lack it): staff delete a row more easily than they find a missing item.
    national = [item for item in domain.items if item.expected_at(level) or not item.level]
    marks = xlsx_writer.mark_columns(columns)
    tick_column = {columns[index][2]: index for index in marks if columns[index][0] == "level"}
    boxes = channel_boxes()
    first = xlsx_writer.FIRST_ITEM_ROW - 1
    last = first + len(national) + EXTRA_ROWS - 1
    for row in range(first, first + len(national) + BORDERED_ROWS):
        for column in range(len(columns)):
            style = styles.center if column in marks else styles.text
            sheet.write_blank(row, column, None, style)
    channels = next(index for index, column in enumerate(columns) if column[0] == "channels")
    for offset, item in enumerate(national):
        row = first + offset
        sheet.write_string(row, 0, str(offset + 1), styles.center)
        sheet.write_string(row, 1, item.category, styles.text)
        sheet.write_string(row, 2, item.name, styles.text)
        sheet.write_string(row, channels, boxes, styles.text)
        for column, text in ((1, item.category), (2, item.name), (channels, boxes)):
            heights.cell(row, column, text)
        if level.value in tick_column:
            sheet.write_string(row, tick_column[level.value], xlsx_writer.TICK, styles.center)
    heights.apply_xlsxwriter(sheet)
    xlsx_writer.add_mark_dropdowns(sheet, first, last, columns)
    return len(national)


_GUIDE_WIDTHS = (22.0, 42.0, 36.0)  # fits A4 portrait at full size


def _write_instructions(workbook: Any, styles: xlsx_writer.Styles) -> None:
    sheet = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    heights = RowHeights(dict(enumerate(_GUIDE_WIDTHS)))
    for column, width in enumerate(_GUIDE_WIDTHS):
        sheet.set_column(column, column, width)
    title = "基层政务公开标准目录填写说明"
    sheet.merge_range(0, 0, 0, len(_GUIDE_WIDTHS) - 1, "", styles.title)
    sheet.write_string(0, 0, title, styles.title)
    heights.row(0, 30)
    for column, text in enumerate(("栏目", "填写要求", "示例")):
        sheet.write_string(2, column, text, styles.header)
    for row, texts in enumerate(_GUIDE, start=3):
        for column, text in enumerate(texts):
            sheet.write_string(row, column, text, styles.text)
            heights.cell(row, column, text)
    note = len(_GUIDE) + 4
    text = ("请勿修改表头、删除或重命名工作表;隐藏的工作表供检查工具使用。"
            "填好后可用 `catalog check 文件.xlsx` 检查。")
    sheet.write_string(note, 0, "注意", styles.header)
    sheet.merge_range(note, 1, note, 2, "", styles.text)
    sheet.write_string(note, 1, text, styles.text)
    heights.cell(note, 1, text, last_column=2)
    heights.apply_xlsxwriter(sheet)
    print_setup_xlsxwriter(sheet, A4, landscape=False, repeat_rows=3)


def write_template_stream(stream: IO[bytes], domain: str | None, level: Level | str,
                          issuer: str | None = None, all_domains: bool = False) -> None:
    """Write a template workbook to a binary stream (see :func:`write_template`)."""
    chosen_level = require_level(level)
    registry = domains.registry()
    if all_domains:
        chosen = list(registry)
    elif domain is not None:
        chosen = [registry.lookup(domain)]
    else:
        raise UsageError("choose a domain (--domain SLUG) or --all-domains")
    workbook = xlsx_writer.new_workbook(stream)
    styles = xlsx_writer.Styles(workbook)
    headers = [template_catalogue(d, chosen_level, issuer) for d in chosen]
    names = xlsx_writer.sheet_names(tuple(headers))
    for item_domain, name in zip(chosen, names, strict=True):
        _write_domain_sheet(workbook, styles, name, item_domain, chosen_level, issuer)
    _write_instructions(workbook, styles)
    xlsx_writer.write_lists_sheet(workbook)
    rows = (row for header, name in zip(headers, names, strict=True)
            for row in sheet_metadata.rows_for(name, header, []))
    xlsx_writer.write_metadata_sheet(workbook, rows)
    workbook.worksheets()[0].activate()
    workbook.close()


def write_template(path: str | Path, domain: str | None, level: Level | str,
                   issuer: str | None = None, all_domains: bool = False) -> None:
    """Write a fill-in template for one domain (or every domain) at ``level``, atomically."""
    xlsx_writer.save(path, lambda stream: write_template_stream(
        stream, domain, level, issuer, all_domains))
