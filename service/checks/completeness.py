"""Completeness: missing sections or tables, blank cells, rows with too few or too many values."""
from __future__ import annotations

from ..schema import Check, Section
from ..tables import TableResult
from ..tables.templates import TABLE_NAMES

REQUIRED_SECTIONS = {
    "overview": "一、总体情况", "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况", "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况", "other_matters": "六、其他需要报告的事项",
}


def section_checks(sections: list[Section]) -> list[Check]:
    """A fail for each of the six required parts that the report lacks."""
    present = {s.key for s in sections}
    return [Check(id=f"completeness.section.{key}", kind="completeness", status="fail", cells=[f"sections.{key}"],
                  spans=[], message=f"报告缺少第{title[0]}部分“{title[2:]}”")
            for key, title in REQUIRED_SECTIONS.items() if key not in present]


def table_checks(tables: dict[str, TableResult | None]) -> list[Check]:
    """A fail for each missing table and for each layout problem a table parser met."""
    out = []
    for name, result in tables.items():
        label = TABLE_NAMES[name]
        if result is None:
            out.append(Check(id=f"completeness.table.{name}", kind="completeness", status="fail", cells=[name],
                             spans=[], message=f"未找到{label}"))
            continue
        for n, issue in enumerate(result.issues):
            cells = [name if row == name else f"{name}.{row}" for row in issue.rows]
            spans = issue.spans or ([result.span] if result.span else [])
            out.append(Check(id=f"completeness.{name}.{issue.kind}.{n}", kind="completeness", status="fail",
                             cells=cells, spans=spans, message=f"{label}：{issue.message}"))
    return out
