"""Synthetic catalogue workbooks for the benchmarks (issue 7).

Rows follow the national template's official layout as Excel saves it: a merged title row, a
two-row merged header, 一级事项 merged over its group of rows, shared strings (xlsxwriter
writes them like Excel), √ marks and box-list channel cells. 时限, 依据, 主体 and 渠道 are
drawn from small pools, so values repeat massively, as they do in real aggregated workbooks.
Generation is deterministic (seeded), so every run measures the same bytes.

Two kinds (issue 15): ``synthetic`` (the pools above: ~20 distinct 公开依据) and ``varied``, like a
province compiling many townships' catalogues (at 100k rows ~46k distinct 依据 of ~41
characters, ~4k distinct channel cells, ~86k distinct 公开内容). Each kind comes dirty (~2
findings per row, as before) or clean: levels include the issuer's, boxes are "□", names are
unique and not near a national item, so only local-item infos (CAT406) remain, which the
benchmark ignores as a province would.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

# Bump when the generated content changes, so cached files in benchmarks/data are rebuilt.
GENERATOR_VERSION = "4"
BLOCK = 50  # rows per township file; 一级事项 groups never straddle a block
COLUMNS = 14  # A..N

TITLE = "江上乡人民政府社会救助领域基层政务公开标准目录"
HEADER_TOP = (
    "序号", "公开事项", "", "公开内容(要素)", "公开依据", "公开时限", "公开主体",
    "公开渠道和载体(“■”表示必选项,“□”表示可选项)", "公开对象", "", "公开方式", "",
    "公开层级", "",
)
HEADER_SUB = (
    "", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请",
    "县级", "乡、村级",
)
HEADER_MERGES = ("A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2",
                 "K2:L2", "M2:N2")

CATEGORY_WORDS = (
    "最低生活保障", "特困人员救助供养", "临时救助", "医疗救助", "住房救助", "教育救助",
    "就业救助", "受灾人员救助", "养老服务", "残疾人两项补贴", "孤儿基本生活保障",
    "高龄津贴", "流浪乞讨人员救助", "优抚安置", "殡葬管理", "婚姻登记", "社会组织管理",
    "村务公开", "农村危房改造", "耕地地力保护补贴", "农机购置补贴", "生态护林员选聘",
    "义务教育入学", "学生资助", "计划生育奖励扶助", "公共法律服务", "人民调解",
    "城乡居民养老保险", "城乡居民医疗保险", "户籍管理", "安全生产", "食品药品监管",
)
CATEGORY_PLACES = ("", "(城市)", "(农村)", "(集中供养)", "(分散供养)", "(县级)", "(乡级)")
NAME_WORDS = (
    "申请审核", "办理流程", "资金发放", "对象认定", "标准公布", "政策文件", "审批结果",
    "动态管理", "监督检查", "投诉举报", "办事指南", "补贴名单", "年度计划", "统计信息",
    "服务机构", "评估结果", "信息更正", "退出管理", "档案管理", "公示公告",
)
CONTENT_PARTS = (
    "政策文件", "办事指南", "申请条件", "申请材料", "办理程序", "办理时限", "办理结果",
    "咨询电话", "监督电话", "救助标准", "补助对象名单", "资金发放情况", "审核结果",
    "工作机构", "服务地址", "收费标准", "法律依据", "受理机关",
)
BASES = (
    "《中华人民共和国政府信息公开条例》",
    "《社会救助暂行办法》(国务院令第649号)",
    "《中华人民共和国政府信息公开条例》《社会救助暂行办法》",
    "《国务院关于进一步加强和改进最低生活保障工作的意见》(国发〔2012〕45号)",
    "《特困人员认定办法》(民发〔2021〕43号)",
    "《民政部 财政部关于进一步做好临时救助工作的通知》(民发〔2018〕23号)",
    "【行政法规】《城市居民最低生活保障条例》",
    "【部门规章】《最低生活保障审核确认办法》(民发〔2021〕57号)",
    "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》(国办发〔2019〕54号)",
    "《中华人民共和国老年人权益保障法》",
    "《残疾人两项补贴制度》(国发〔2015〕52号)",
    "《中华人民共和国安全生产法》《生产安全事故报告和调查处理条例》",
    "《中华人民共和国食品安全法》",
    "《医疗保障基金使用监督管理条例》(国务院令第735号)",
    "《人民调解法》",
    "《中华人民共和国村民委员会组织法》",
    "《农村危房改造基本安全技术导则》(建办村函〔2018〕172号)",
    "《关于进一步完善城乡居民基本养老保险制度的意见》",
    "《婚姻登记条例》(国务院令第387号)",
    "《殡葬管理条例》",
)
TIME_LIMITS = (
    "自信息形成或者变更之日起20个工作日内予以公开",
    "自信息形成或者变更之日起20个工作日内",
    "信息形成或变更之日起10个工作日内",
    "实时公开",
    "及时公开",
    "长期公开",
    "每年一季度",
    "每季度公开",
    "审核结果公示7天",
    "法律法规另有规定的,从其规定",
)
SUBJECTS = (
    "县民政局", "乡镇人民政府", "江上乡人民政府", "县医疗保障局", "县人力资源和社会保障局",
    "县住房和城乡建设局", "县农业农村局", "县教育局", "县卫生健康局", "村(居)民委员会",
    "县司法局", "县公安局", "县应急管理局", "县市场监督管理局", "乡镇社会事务办",
)
CHANNEL_CELLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("■政府网站 □政府公报\n口两微一端 □发布会/听证会\n□广播电视 □纸质媒体\n"
     "■公开查阅点 ■政务服务中心\n□便民服务站 □入户/现场\n"
     "■社区/企事业单位/村公示栏(电子屏)\n□精准推送 □其他",
     ("政府网站", "公开查阅点", "政务服务中心", "社区/企事业单位/村公示栏(电子屏)")),
    ("■政府网站 □政府公报\n■两微一端 □发布会/听证会\n□广播电视 □纸质媒体\n"
     "□公开查阅点 ■政务服务中心\n■便民服务站 □入户/现场\n"
     "□社区/企事业单位/村公示栏(电子屏)\n□精准推送 □其他",
     ("政府网站", "两微一端", "政务服务中心", "便民服务站")),
    ("■政府网站 □政府公报\n□两微一端 □发布会/听证会\n□广播电视 □纸质媒体\n"
     "□公开查阅点 □政务服务中心\n□便民服务站 ■入户/现场\n"
     "■社区/企事业单位/村公示栏(电子屏)\n□精准推送 □其他",
     ("政府网站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)")),
    ("■政府网站 ■政府公报\n■两微一端 □发布会/听证会\n■广播电视 ■纸质媒体\n"
     "□公开查阅点 □政务服务中心\n□便民服务站 □入户/现场\n"
     "□社区/企事业单位/村公示栏(电子屏)\n■精准推送 □其他",
     ("政府网站", "政府公报", "两微一端", "广播电视", "纸质媒体", "精准推送")),
    ("■政府网站 □政府公报 口两微一端 □发布会/听证会 □广播电视 □纸质媒体 ■公开查阅点 "
     "□政务服务中心 □便民服务站 □入户/现场 □社区/企事业单位/村公示栏(电子屏) □精准推送 □其他",
     ("政府网站", "公开查阅点")),
    ("政府网站、政务服务中心", ("政府网站", "政务服务中心")),
    ("政府网站、入户/现场", ("政府网站", "入户/现场")),
    ("政府网站、社区/企事业单位/村公示栏(电子屏)",
     ("政府网站", "社区/企事业单位/村公示栏(电子屏)")),
)


# The varied kind: 公开依据 composed like real citations, channel cells ticked at random.
ISSUERS = ("国务院", "国务院办公厅", "民政部", "财政部", "人力资源社会保障部", "国家医保局",
           "省人民政府", "省人民政府办公厅", "省民政厅", "省财政厅", "市人民政府", "市民政局",
           "县人民政府", "县人民政府办公室", "县民政局", "县财政局")
ACTIONS = ("关于进一步加强", "关于做好", "关于印发", "关于完善", "关于推进", "关于调整",
           "关于规范", "关于深化")
SUFFIXES = ("工作的通知", "的实施意见", "管理办法的通知", "实施细则", "的指导意见",
            "工作方案", "若干规定")
ABBREVIATIONS = ("国发", "国办发", "民发", "财社", "人社部发", "医保发", "省政发", "省政办发",
                 "市政发", "县政办发", "民函")
LAW_KINDS = ("", "", "", "【法律】", "【行政法规】", "【部门规章】", "【规范性文件】")
BOXED_CHANNELS = ("政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体",
                  "公开查阅点", "政务服务中心", "便民服务站", "入户/现场",
                  "社区/企事业单位/村公示栏(电子屏)", "精准推送", "其他")
CHANNEL_POOL = 4000
# The clean kinds' 二级事项: two words, so names are unique within a 一级事项 and far from the
# national items' names.
CLEAN_FIRST = ("低保对象", "救助资金", "供养机构", "临时困难", "医疗费用", "住房保障",
               "入学资助", "就业帮扶", "受灾群众", "养老床位", "补贴对象", "孤儿养育",
               "高龄老人", "流浪人员", "优抚对象", "殡葬设施", "婚姻档案", "社会团体",
               "村务事项", "危房农户")
CLEAN_SECOND = ("名单公示", "申请受理", "入户调查", "民主评议", "资金拨付", "复核结果",
                "退出公告", "年度统计", "服务承诺", "咨询答复", "投诉处理", "现场核查",
                "台账登记", "绩效评价", "季度通报", "抽查情况", "整改落实", "联系方式",
                "办理进度", "告知事项")
CLEAN_THIRD = ("", "(年度)", "(季度)", "(月度)")


@dataclass(frozen=True)
class Kind:
    """What the generated rows look like: the pools' repetition or a province's variety."""

    varied: bool = False
    clean: bool = False

    @property
    def label(self) -> str:
        return ("varied" if self.varied else "synthetic") + (" clean" if self.clean else "")

    @property
    def slug(self) -> str:
        return self.label.replace(" ", "-")


SYNTHETIC = Kind()


def _citation(rng: random.Random) -> str:
    """One document as a 公开依据 cites it: ~41 characters, with or without a number."""
    title = (f"《{rng.choice(ISSUERS)}{rng.choice(ACTIONS)}{rng.choice(CATEGORY_WORDS)}"
             f"{rng.choice(SUFFIXES)}》")
    if rng.random() < 0.8:
        title += (f"({rng.choice(ABBREVIATIONS)}〔{rng.randint(2008, 2024)}〕"
                  f"{rng.randint(1, 199)}号)")
    return rng.choice(LAW_KINDS) + title


def _varied_basis(rng: random.Random) -> str:
    first = _citation(rng)
    return first if rng.random() < 0.85 else first + "、" + _citation(rng)


def _channel_pool(rng: random.Random, clean: bool) -> list[tuple[str, tuple[str, ...]]]:
    """CHANNEL_POOL distinct box-list cells: random ticks, lines of two boxes or one line."""
    pool: dict[str, tuple[str, ...]] = {}
    while len(pool) < CHANNEL_POOL:
        ticked = [rng.random() < 0.35 for _ in BOXED_CHANNELS]
        ticked[0] = True
        empty = "□" if clean or rng.random() < 0.7 else "口"
        boxes = [("■" if on else empty) + name for on, name in zip(ticked, BOXED_CHANNELS,
                                                                      strict=True)]
        if rng.random() < 0.5:
            cell = "\n".join(" ".join(boxes[i:i + 2]) for i in range(0, len(boxes), 2))
        else:
            cell = " ".join(boxes)
        pool[cell] = tuple(name for on, name in zip(ticked, BOXED_CHANNELS, strict=True) if on)
    return sorted(pool.items())


def _varied_content(rng: random.Random) -> str:
    parts = rng.sample(CONTENT_PARTS, rng.randint(2, 6))
    words = [f"{n}.{rng.choice(CATEGORY_WORDS) if rng.random() < 0.3 else ''}{p}"
             for n, p in enumerate(parts, 1)]
    return rng.choice((" ", ";", "\n")).join(words)


@dataclass(frozen=True)
class Row:
    """One data row: the cells as written, plus the channel names for the JSON document."""

    seq: int
    category: str  # written once per group (merged); "" on the following rows of the group
    group_category: str  # the group's 一级事项, for the JSON document
    name: str
    content: str
    basis: str  # may be 同上 inside a group
    time_limit: str  # may be 同上 inside a group
    subject: str
    channel_cell: str
    channels: tuple[str, ...]
    society: bool
    proactive: bool
    levels: tuple[bool, bool]  # 县级, 乡、村级


class _Source:
    """Draws the values of rows of one kind; the clean kinds hand out each name once."""

    def __init__(self, rng: random.Random, kind: Kind) -> None:
        self.rng = rng
        self.kind = kind
        self.channels = _channel_pool(rng, kind.clean) if kind.varied else list(CHANNEL_CELLS)
        if kind.clean:
            self.channels = [(cell.replace("口", "□"), names) for cell, names in self.channels]
        self.used: set[tuple[str, str]] = set()
        self.recent: list[str] = []

    def basis(self) -> str:
        if not self.kind.varied:
            return self.rng.choice(BASES)
        if self.recent and self.rng.random() < 0.2:  # townships copy each other's 依据
            return self.rng.choice(self.recent)
        text = _varied_basis(self.rng)
        self.recent = [*self.recent[-499:], text]
        return text

    def name(self, category: str) -> str:
        """A 二级事项: drawn from the pools, or, clean, never twice under one 一级事项."""
        rng = self.rng
        if not self.kind.clean:
            return f"{rng.choice(NAME_WORDS)}{'' if rng.random() < 0.7 else rng.randint(1, 9)}"
        while True:
            name = rng.choice(CLEAN_FIRST) + rng.choice(CLEAN_SECOND) + rng.choice(CLEAN_THIRD)
            if (category, name) not in self.used:
                self.used.add((category, name))
                return name

    def content(self) -> str:
        if self.kind.varied:
            return _varied_content(self.rng)
        parts = self.rng.sample(CONTENT_PARTS, self.rng.randint(2, 5))
        return " ".join(f"{n}.{p}" for n, p in enumerate(parts, 1))

    def levels(self) -> tuple[bool, bool]:
        if self.kind.clean:  # the issuer is a township: its level is always included
            return self.rng.choice(((True, True), (False, True)))
        return self.rng.choice(((True, True), (True, False), (False, True)))


def _block(source: _Source, first_seq: int, size: int) -> Iterator[Row]:
    """Rows of one block: groups of 1–8 items under one 一级事项, never crossing the block."""
    rng = source.rng
    seq = first_seq
    left = size
    while left:
        group = min(left, rng.choice((1, 2, 3, 3, 4, 5, 6, 8)))
        category = rng.choice(CATEGORY_WORDS) + rng.choice(CATEGORY_PLACES)
        basis = source.basis()
        time_limit = rng.choice(TIME_LIMITS)
        subject = rng.choice(SUBJECTS)
        channel_cell, channels = rng.choice(source.channels)
        for index in range(group):
            same_basis = index > 0 and rng.random() < 0.3
            same_time = index > 0 and rng.random() < 0.3
            if source.kind.varied and index > 0 and not same_basis and rng.random() < 0.6:
                basis = source.basis()
            name = source.name(category)
            yield Row(
                seq=seq,
                category=category if index == 0 else "",
                group_category=category,
                name=name,
                content=source.content(),
                basis="同上" if same_basis else basis,
                time_limit="同上" if same_time else time_limit,
                subject=subject if rng.random() < 0.8 else rng.choice(SUBJECTS),
                channel_cell=channel_cell,
                channels=channels,
                society=rng.random() < 0.85,
                proactive=rng.random() < 0.9,
                levels=source.levels(),
            )
            seq += 1
        left -= group


def make_rows(count: int, seed: int = 7, kind: Kind = SYNTHETIC) -> list[Row]:
    """``count`` rows in blocks of BLOCK, so any BLOCK-aligned slice is a valid file."""
    rng = random.Random(seed)
    source = _Source(rng, kind)
    rows: list[Row] = []
    while len(rows) < count:
        rows.extend(_block(source, len(rows) + 1, min(BLOCK, count - len(rows))))
    return rows


def _cells(row: Row, seq: int) -> list[object]:
    tick = "√"
    return [
        float(seq), row.category, row.name, row.content, row.basis, row.time_limit, row.subject,
        row.channel_cell, tick if row.society else "", "" if row.society else tick,
        tick if row.proactive else "", "" if row.proactive else tick,
        tick if row.levels[0] else "", tick if row.levels[1] else "",
    ]


def write_workbook(rows: Sequence[Row], path: Path) -> None:
    """The official layout as Excel saves it: shared strings, merged title/header/一级事项."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("社会救助")
    title = workbook.add_format({"bold": True, "align": "center", "font_size": 16})
    head = workbook.add_format({"bold": True, "align": "center", "valign": "vcenter",
                                "border": 1, "text_wrap": True})
    body = workbook.add_format({"valign": "vcenter", "border": 1, "text_wrap": True})
    sheet.merge_range(0, 0, 0, COLUMNS - 1, TITLE, title)
    for column, text in enumerate(HEADER_TOP):
        sheet.write_string(1, column, text, head)
    for column, text in enumerate(HEADER_SUB):
        sheet.write_string(2, column, text, head)
    for ref in HEADER_MERGES:
        sheet.merge_range(ref, HEADER_TOP["ABCDEFGHIJKLMN".index(ref[0])], head)
    first = 3
    for offset, row in enumerate(rows):
        index = first + offset
        for column, value in enumerate(_cells(row, offset + 1)):
            if isinstance(value, float):
                sheet.write_number(index, column, value, body)
            elif value:
                sheet.write_string(index, column, str(value), body)
            else:
                sheet.write_blank(index, column, None, body)
    _merge_categories(sheet, rows, first, body)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 7, 24)
    workbook.close()


def _merge_categories(sheet: object, rows: Sequence[Row], first: int, fmt: object) -> None:
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].category:
            if index - start > 1:
                sheet.merge_range(  # type: ignore[attr-defined]
                    first + start, 1, first + index - 1, 1, rows[start].category, fmt)
            start = index


def document_json(rows: Sequence[Row]) -> str:
    """The same rows as canonical JSON, written by catalog's own JSON writer."""
    from catalog.formats.json_format import dumps
    from catalog.standard.model import Document

    items = []
    basis = time_limit = ""
    for row in rows:
        if row.category:  # first row of a group: 同上 never starts a group
            basis, time_limit = row.basis, row.time_limit
        basis = basis if row.basis == "同上" else row.basis
        time_limit = time_limit if row.time_limit == "同上" else row.time_limit
        # 乡、村级 is read as both levels, as the workbook reader reads that column
        levels = ["县级"] * row.levels[0] + ["乡级", "村级"] * row.levels[1]
        items.append({
            "seq": str(row.seq), "category": row.group_category, "name": row.name,
            "content": row.content, "basis": {"text": basis},
            "time_limit": {"text": time_limit}, "subject": row.subject,
            "channels": list(row.channels),
            "audience": ["全社会" if row.society else "特定群体"],
            "mode": ["主动" if row.proactive else "依申请"], "level": levels,
        })
    document = Document.model_validate({"format_version": "1.0", "catalogues": [{
        "domain": "social_assistance", "title": TITLE,
        "issuer": {"name": "江上乡人民政府", "level": "乡级"}, "items": items}]})
    return dumps(document)
