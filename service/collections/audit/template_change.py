"""A change of table format between the two years (〔2019〕60号 → 〔2021〕30号): what is checked, what cannot be."""
from __future__ import annotations

from service.collections.audit.findings import Pair, finding

_NAMES = {"2019": "〔2019〕60号", "2021": "〔2021〕30号"}
_IN_FORCE = {"2021": "现行有效件数", "2019": "对外公开总数量"}
_COLUMN = {"2021": "in_force", "2019": "total_published"}


def template_change(pair: Pair) -> list[dict]:
    """An uncertain finding naming the rows mapped (carry-over) and the continuity checks not made."""
    t0, t1 = pair.prev.template(), pair.cur.template()
    if t0 == t1 or t0 not in _NAMES or t1 not in _NAMES:
        return []
    y0, y1 = pair.years
    cells = [f"active_disclosure.{row}.{_COLUMN[t1]}" for row in ("regulations", "normative_documents")]
    table_span = pair.cur.table("active_disclosure").get("span")
    message = (f"{y0}年报告为{_NAMES[t0]}格式，{y1}年报告为{_NAMES[t1]}格式：表三“二、上年结转”与"
               f"“四、结转下年度继续办理”两种格式相同，已逐列核对；表二规章、行政规范性文件的“{_IN_FORCE[t1]}”与上年"
               f"“{_IN_FORCE[t0]}”口径不同，未作衔接核对，请人工核实")
    return [finding(pair, "yoy.template_change", "uncertain", cells, None, None, message,
                    [table_span] if table_span else [])]
