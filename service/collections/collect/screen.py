"""Is an extracted result an annual report? A notice or an announcement that names the reports must never become a
result row: a report prints at least three of its parts and a table with figures (or five parts), and its first line
is not a notice's title."""
from __future__ import annotations

import json

from service.collections.collect.pages import is_notice

PARTS = {"overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"}


def not_a_report(result: dict) -> str | None:
    """Why `result` (contract JSON) is not an annual report, or None when it is one."""
    parts = {s.get("key") for s in result.get("sections") or []} & PARTS
    tables = result.get("tables") or {}
    figures = any(v is not None for t in tables.values() if t for v in (t.get("cells") or {}).values())
    text = (result.get("document") or {}).get("text") or ""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if is_notice(first[:80]):
        return f"正文开头是通知或公告：{first[:40]}"
    if len(parts) >= 5 or (len(parts) >= 3 and figures):
        return None
    return f"未找到年度报告的结构（找到 {len(parts)} 个部分，{'有' if figures else '没有'}表格数据）"


def screened(outcome: dict) -> dict:
    """The outcome, or a NOT_A_REPORT error when its result is not a report (decoded once, only to look)."""
    raw = outcome.get("result_json")
    result = outcome.get("result")
    if result is None and raw is None:
        return outcome
    why = not_a_report(result if result is not None else json.loads(raw))
    if why is None:
        return outcome
    return {"error": {"code": "NOT_A_REPORT", "message": f"不是政府信息公开工作年度报告：{why}。"}}
