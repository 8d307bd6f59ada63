"""CAT4xx: domains and coverage against the national standard items (issue 3).

A catalogue only means something against its domain's national guideline. Local catalogues may
legitimately drop or add items (国办发〔2019〕54号: 避免“一刀切”), so coverage findings are
warnings or information, never errors; only a domain slug that does not exist is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog.core.findings import Finding, Severity
from catalog.rules.engine import FindingGroup, Rule, RuleContext
from catalog.standard.domains import DetectionMethod, MatchKind
from catalog.standard.matching import analyse


def _unknown_domain(ctx: RuleContext) -> Iterator[Finding]:
    result = analyse(ctx.table)
    if result.domain is None and result.detection.method is DetectionMethod.SLUG:
        yield ctx.finding(UNKNOWN_DOMAIN, domain=ctx.table.domain)


def _undetermined(ctx: RuleContext) -> Iterator[Finding]:
    result = analyse(ctx.table)
    detection = result.detection
    if (
        result.domain is None
        and detection.method is not DetectionMethod.SLUG
        and not detection.ambiguous
    ):
        yield ctx.finding(DOMAIN_UNDETERMINED)


def _ambiguous(ctx: RuleContext) -> Iterator[Finding]:
    result = analyse(ctx.table)
    if result.domain is None and result.detection.ambiguous:
        slugs = [c.slug for c in result.detection.candidates]
        yield ctx.finding(DOMAIN_AMBIGUOUS, candidates=", ".join(slugs))


def _missing(ctx: RuleContext, complete: bool) -> Iterator[Finding]:
    result = analyse(ctx.table)
    domain = result.domain
    if domain is None or ctx.issuer_level is None or domain.items_complete is not complete:
        return  # no issuer level: the lead reports that once, level checks are skipped
    for index in result.missing(ctx.issuer_level):
        item = domain.items[index]
        yield ctx.finding(
            MISSING_COMPLETE if complete else MISSING_PARTIAL,
            national=item.label,
            domain=domain.name_zh,
            domain_en=domain.name_en,
            level=str(ctx.issuer_level),
        )


def _missing_complete(ctx: RuleContext) -> Iterator[Finding]:
    return _missing(ctx, complete=True)


def _missing_partial(ctx: RuleContext) -> Iterator[Finding]:
    return _missing(ctx, complete=False)


def _local_additions(ctx: RuleContext) -> Iterator[FindingGroup]:
    result = analyse(ctx.table)
    if result.domain is None:
        return
    yield ctx.findings(LOCAL_ADDITION, result.of_kind(MatchKind.NONE),
                       domain=result.domain.name_zh, domain_en=result.domain.name_en)


def _near_misses(ctx: RuleContext) -> Iterator[FindingGroup]:
    result = analyse(ctx.table)
    if result.domain is None:
        return
    # Rows with the same wording and the same national item share one group: a compilation
    # repeats them (6,000 near misses in a 100,000-row workbook, of which a report keeps
    # 1,000), and each finding is built only if reported. One finding per row either way.
    groups: dict[tuple[str, str, int], list[int]] = {}
    items = ctx.table.items
    for index in result.of_kind(MatchKind.NEAR):
        row = items[index]
        field_name, written = ("name", row.name) if row.name else ("category", row.category)
        groups.setdefault((field_name, written, result.matches[index].index or 0),
                          []).append(index)
    for (field_name, written, national_index), indexes in groups.items():
        national = result.domain.items[national_index]
        yield ctx.findings(NEAR_MISS, indexes, field_name, written=written,
                           national=national.name or national.category,
                           national_item=national.label)


UNKNOWN_DOMAIN = Rule(
    code="CAT401",
    name="unknown-domain",
    severity=Severity.ERROR,
    message_zh="试点领域代码“{domain}”不存在（可用 catalog domains 查看26个领域）",
    message_en="Unknown pilot domain “{domain}” (see catalog domains for the 26 domains)",
    rationale="The domain field names one of the 26 pilot domains by its slug; an unknown slug "
    "is a typo or a made-up domain, and no coverage check can run.",
    example='{"domain": "social_asistance", ...}  →  social_assistance',
    check=_unknown_domain,
    hint_zh="改为 catalog domains 列出的领域代码，或删除该字段让程序按标题识别。",
    hint_en="Use a slug listed by catalog domains, or drop the field to detect it from the title.",
)

DOMAIN_UNDETERMINED = Rule(
    code="CAT402",
    name="domain-undetermined",
    severity=Severity.WARNING,
    message_zh="无法确定本目录所属的试点领域，未检查国家标准事项的覆盖情况",
    message_en="The pilot domain of this catalogue could not be determined; coverage of the "
    "national standard items was not checked",
    rationale="Neither the title nor the item names point to one of the 26 domains. It is a "
    "warning, not information, because every coverage check is silently skipped.",
    example="A sheet titled 目录 whose items are all local wording.",
    check=_undetermined,
    hint_zh="在标题中写明领域，如“社会救助领域基层政务公开标准目录”，或在 JSON 中填写 domain。",
    hint_en="Name the domain in the title (…领域基层政务公开标准目录) or set domain in JSON.",
)

DOMAIN_AMBIGUOUS = Rule(
    code="CAT403",
    name="domain-ambiguous",
    severity=Severity.WARNING,
    message_zh="本目录可能属于多个试点领域（{candidates}），未作猜测，未检查覆盖情况",
    message_en="This catalogue could belong to several pilot domains ({candidates}); none was "
    "guessed and coverage was not checked",
    rationale="A title such as 自然资源领域 or 就业和社会保险领域 covers more than one pilot "
    "domain, and the items did not settle it. Guessing would report wrong gaps.",
    example="自然资源领域基层政务公开标准目录 → land_expropriation_compensation, "
    "urban_rural_planning",
    check=_ambiguous,
    hint_zh="每个领域单独成表，或在 JSON 中填写 domain。",
    hint_en="Publish one table per domain, or set domain in JSON.",
)

MISSING_COMPLETE = Rule(
    code="CAT404",
    name="national-item-missing",
    severity=Severity.WARNING,
    message_zh="缺少{domain}领域国家标准事项“{national}”（{level}应公开）",
    message_en="National standard item “{national}” of {domain_en} ({domain}) is missing "
    "(expected at {level})",
    rationale="The domain's national list is complete and this item is expected at the "
    "issuer's level. A county may drop an item that does not apply, so this is a "
    "warning, not an error.",
    example="A 县级 社会救助 catalogue without 最低生活保障/办事指南.",
    check=_missing_complete,
)

MISSING_PARTIAL = Rule(
    code="CAT405",
    name="national-item-missing-partial-list",
    severity=Severity.INFO,
    message_zh="未见{domain}领域国家标准事项“{national}”（{level}应公开；"
    "提示：本领域国家事项清单不完整，仅供参考）",
    message_en="National standard item “{national}” of {domain_en} ({domain}) not found "
    "(expected at {level}; information only: the national list for this domain "
    "is partial)",
    rationale="The built-in list for this domain is reconstructed from published catalogues "
    "and known to be partial, so a gap may be the reference's, not the catalogue's.",
    example="A 县级 户籍管理 catalogue without 注销登记/服现役注销.",
    check=_missing_partial,
)

LOCAL_ADDITION = Rule(
    code="CAT406",
    name="local-item",
    severity=Severity.INFO,
    message_zh="“{item}”不在{domain}领域国家标准事项中，视为本地增加事项（允许）",
    message_en="“{item}” is not a national standard item of {domain_en} ({domain}): a local "
    "addition, which is allowed",
    rationale="国办发〔2019〕54号 asks counties to refine the national items to local practice; "
    "additions are normal, listed so reviewers can see them.",
    example="社会救助 catalogue item 低保边缘家庭认定.",
    check=_local_additions,
)

NEAR_MISS = Rule(
    code="CAT407",
    name="near-national-name",
    severity=Severity.WARNING,
    message_zh="{field}“{written}”与国家标准事项“{national}”相近，建议使用国家标准名称"
    "（{national_item}）",
    message_en="{field} “{written}” is close to the national item “{national}”; use the "
    "national wording ({national_item})",
    rationale="Names that differ by a character or two from the national wording are usually "
    "typos; the national wording lets readers and tools compare catalogues.",
    example="审核信息公示 → 审核信息 (最低生活保障/审核信息)",
    check=_near_misses,
    hint_zh="改为国家标准指引中的名称。",
    hint_en="Use the wording of the national guideline.",
)

RULES: list[Rule] = [
    UNKNOWN_DOMAIN,
    DOMAIN_UNDETERMINED,
    DOMAIN_AMBIGUOUS,
    MISSING_COMPLETE,
    MISSING_PARTIAL,
    LOCAL_ADDITION,
    NEAR_MISS,
]
