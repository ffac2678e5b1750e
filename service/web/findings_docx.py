"""The findings of one report as a Word document (python-docx), for a reviewer to file or send on."""
from __future__ import annotations

import io

from service.collections.reviews import ReviewState
from service.web.findings import findings_of
from service.web.report_view import TEMPLATE_NAMES, fmt

HEADERS = ["序号", "结论类型", "核对内容", "左边", "右边", "差额", "涉及单元格", "审核结论", "备注"]


def _rows(state: ReviewState) -> list[list[str]]:
    groups = findings_of(state.result, state.decisions, set(state.corrections))
    out = []
    for f in groups["fail"] + groups["uncertain"]:
        c, d = f.check, f.decision or {}
        cells = "；".join(f"{r.label}={fmt(r.value) if r.value is not None else '空'}" for r in f.shown_cells)
        message = c["message"] + (f"\n{f.doubt_note}" if f.doubt_note else "")
        out.append([str(f.number), f.label or "", message, fmt(c.get("left")), fmt(c.get("right")),
                    fmt(f.difference), cells, d.get("decision_name", "未审核"), d.get("note") or ""])
    return out


def findings_docx(state: ReviewState) -> bytes:
    """A .docx with the report's facts, its numbered findings and the reviewers' decisions."""
    from docx import Document
    from docx.shared import Pt

    facts = state.result.get("report") or {}
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    agency = (facts.get("agency") or {}).get("name") or "未识别机构"
    doc.add_heading(f"{agency}{facts.get('year') or ''}年度报告核对结果", level=1)
    doc.add_paragraph(f"文件：{state.stored.filename}　格式：{TEMPLATE_NAMES.get(facts.get('template', 'unknown'))}")
    rows = _rows(state)
    if not rows:
        doc.add_paragraph("未发现问题：全部核对通过。")
    else:
        table = doc.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADERS):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    for key, c in state.corrections.items():
        doc.add_paragraph(f"已更正单元格 {key}：{fmt(c['value']) or '空'}（{c.get('note') or ''}）")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
