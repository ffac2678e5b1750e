"""The audit as worksheets: 跨年核对 (findings) and 报送情况 (coverage) — (title, [(header, width)], rows) each,
the shape of service.collections.export's extra sheets, so the audit can be added to the reviewers' workbook as it is."""
from __future__ import annotations

STATUS = {"fail": "不一致", "uncertain": "待核实", "pass": "一致"}
FINDING_COLUMNS = [("状态", 8), ("机构", 30), ("上年", 7), ("本年", 7), ("上年报告", 28), ("本年报告", 28),
                   ("核对项", 26), ("本年单元格", 40), ("本年数值", 10), ("对照数值", 10), ("说明", 70),
                   ("本年报告原文", 50)]
COVERAGE_COLUMNS = [("类别", 12), ("单位", 32), ("年度", 7), ("文件", 40), ("说明", 60)]


def finding_rows(audit: dict) -> list[list]:
    """One row per finding of the audit."""
    return [[STATUS.get(f["status"], f["status"]), f["agency"], f["years"][0], f["years"][1], f["files"][0],
             f["files"][1], f["id"], "、".join(f["cells"]), f["left"], f["right"], f["message"],
             " … ".join(f.get("evidence") or [])] for f in audit["findings"]]


def coverage_rows(audit: dict) -> list[list]:
    """One row per missing unit, duplicate, unknown or ambiguous agency and skipped row."""
    rows = []
    for m in audit["missing_units"]:
        note = "可能对应的报告：" + "、".join(m["possible_files"]) if m.get("possible_files") else "未找到该年度报告"
        rows.append(["未报送", m["unit"], m["year"], "", note])
    for d in audit["duplicates"]:
        note = "内容相同的重复文件" if d.get("same_content") else "同一年度有多份内容不同的报告"
        rows.append(["重复报送", d["unit"], d["year"], "、".join(d["files"]), note])
    for u in audit["unknown_agencies"]:
        note = ("最接近的单位：" + "、".join(u["candidates"])) if u["candidates"] else "名单中没有相近的单位"
        rows.append(["名单外机构", u["agency"] or "（未识别出机构名称）", None, u["file"], note])
    for a in audit.get("ambiguous", []):
        rows.append(["无法归并", a["agency"], None, a["file"], a["message"] + "；候选：" + "、".join(a["candidates"])])
    for s in audit.get("skipped", []):
        rows.append(["未能核对", "", None, s["file"], s["reason"]])
    return rows


def audit_sheets(audit: dict) -> list[tuple[str, list[tuple[str, int]], list[list]]]:
    """The two audit sheets."""
    return [("跨年核对", FINDING_COLUMNS, finding_rows(audit)), ("报送情况", COVERAGE_COLUMNS, coverage_rows(audit))]


def audit_hooks(audit: dict):
    """The audit sheets as service.collections.export hooks, appended to the reviewers' workbook of `nianbao export`."""
    from service.collections.export import ExportHooks, Sheet

    return ExportHooks(sheets=[Sheet(title, columns, rows) for title, columns, rows in audit_sheets(audit)])
