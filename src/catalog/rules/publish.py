"""CAT70x: publishing (``catalog publish``); emitted while the site is built, not by ``check``.

A link from the published catalogue to the 栏目 where the information itself is published is
data from a county's sidecar file or a spreadsheet column: autoescaping alone leaves a
``javascript:`` or ``data:`` link live on the portal, so only http(s) and relative URLs pass.
"""

from __future__ import annotations

from catalog.core.findings import Severity
from catalog.rules.engine import Rule

UNSAFE_LINK = Rule(
    code="CAT700", name="unsafe-link", severity=Severity.ERROR,
    message_zh="链接“{url}”不是 http 或 https 网址，也不是相对地址，未发布（事项：{item}）",
    message_en="link “{url}” is not an http(s) or relative URL; not published (item: {item})",
    rationale="A javascript:, data: or file: link on a government portal runs code or "
              "points at the reader's own disk; autoescaping does not stop it.",
    example="links.csv: 社会救助,最低生活保障,办事指南,javascript:alert(1)",
    hint_zh="请改为以 https:// 或 http:// 开头的网址，或站内相对地址",
    hint_en="use an address starting with https:// or http://, or a relative address",
)

LINK_MATCHES_NO_ITEM = Rule(
    code="CAT701", name="link-matches-no-item", severity=Severity.WARNING,
    message_zh="链接文件中的“{item}”在目录中找不到对应事项",
    message_en="“{item}” in the links file matches no item of the catalogues",
    rationale="A link keyed by a misspelt 一级/二级事项 would silently never appear.",
    example="links.csv: 社会救助,最低生活保障,办事指引,https://… (the item is 办事指南)",
    hint_zh="请核对领域、一级事项、二级事项与目录中的写法一致",
    hint_en="check that domain, 一级事项 and 二级事项 are written as in the catalogue",
)

LINKS_FILE_COLUMNS = Rule(
    code="CAT702", name="links-file-columns", severity=Severity.ERROR,
    message_zh="链接文件缺少列：{columns}",
    message_en="the links file lacks the columns: {columns}",
    rationale="Without 领域, 一级事项, 二级事项 and 链接 no row can be matched to an item.",
    example="links.csv with the header 事项,网址",
    hint_zh="第一行应依次为领域、一级事项、二级事项、链接四列（可加第五列：发布主体），以英文逗号分隔",
    hint_en="the first row must be: 领域,一级事项,二级事项,链接 (optional: 发布主体); "
            "or domain,category,name,url (optional: issuer)",
)

RULES: list[Rule] = [UNSAFE_LINK, LINK_MATCHES_NO_ITEM, LINKS_FILE_COLUMNS]
