"""The controlled terms of the standard's table: 公开对象, 公开方式, 公开层级 and the 13 channels.

Plain enums without pydantic, so the check path (readers, rules) names them without loading the
model; :mod:`catalog.standard.model` re-exports them as the same objects.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

FORMAT_VERSION: Literal["1.0"] = "1.0"


class Audience(StrEnum):
    """公开对象."""

    SOCIETY = "全社会"
    SPECIFIC_GROUP = "特定群体"


class Mode(StrEnum):
    """公开方式."""

    PROACTIVE = "主动"
    ON_REQUEST = "依申请"


class Level(StrEnum):
    """公开层级 and issuer level; the template has 县级/乡级, real files add 市级 and 村级."""

    CITY = "市级"
    COUNTY = "县级"
    TOWNSHIP = "乡级"
    VILLAGE = "村级"


# The 13 channels of the national template, in template order.
STANDARD_CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)",
    "精准推送",
    "其他",
)
