"""Synthetic tables 2–4 of both templates: consistent cell values and six text layouts (dresses: tables_dress)."""
from __future__ import annotations

import random
import re

from service.core.tables.templates import PRINTED_SUBROWS

COLS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"]
DENIED, UNABLE, NOT_PROCESSED, OTHER = (PRINTED_SUBROWS[k] for k in ("denied", "unable", "not_processed", "other"))
# A value cell as printed: a number (maybe with 万元), or digits that OCR read as letters (l4, O).
_VALUE = re.compile(r"^(?:\d+(?:\.\d+)?(?:万元)?|[0-9lI|Oo〇D]{1,6})$")
GROUPS = {"denied": 8, "unable": 3, "not_processed": 5, "other": 3}


def _small(rng: random.Random, busy: float) -> int:
    return 0 if rng.random() > busy else rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 7, 12, 25])


def application_values(rng: random.Random) -> dict[str, int]:
    """Group totals for table 3 that satisfy 一+二 = (七)+四."""
    busy = rng.choice([0.0, 0.2, 0.5, 0.9])
    v = {k: _small(rng, busy) for k in ("granted", "partially_granted", "denied", "unable", "not_processed",
                                        "other", "carried_over", "carried_forward")}
    v["total_processed"] = sum(v[k] for k in ("granted", "partially_granted", "denied", "unable",
                                              "not_processed", "other"))
    v["new_received"] = max(0, v["total_processed"] + v["carried_forward"] - v["carried_over"])
    if v["new_received"] == 0:
        v["carried_forward"] = max(0, v["carried_over"] - v["total_processed"])
        v["new_received"] = v["total_processed"] + v["carried_forward"] - v["carried_over"]
    return v


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    out = [0] * parts
    for _ in range(total):
        out[min(parts - 1, int(rng.random() ** 2 * parts))] += 1
    return out


def application_rows(rng: random.Random, v: dict[str, int], template: str, subtotal: bool = False) -> list[list[str]]:
    """Rows of table 3 (labels then six applicant columns and 总计; a 法人或其他组织小计 before 总计 if asked),
    consistent in every column as in a real table: 一+二 = (七)+四 and the outcomes sum to (七) per column. `v`
    is updated where a column needed more carried-forward applications to stay non-negative."""
    groups = [("granted", ["（一）予以公开"]), ("partially_granted", ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"])]
    heads = {"denied": ("（三）不予公开", DENIED), "unable": ("（四）无法提供", UNABLE),
             "not_processed": ("（五）不予处理", NOT_PROCESSED), "other": ("（六）其他处理", OTHER)}
    _split(rng, v["new_received"], 6)  # drawn as before, so the rest of the corpus is unchanged
    carried = _split(rng, v["carried_over"], 6)
    outcome_rows: list[tuple[list[str], list[int]]] = []
    for key, labels in groups:
        outcome_rows.append((["", *labels] if key != "granted" else ["三、本年度办理结果", *labels],
                             _split(rng, v[key], 6)))
    for group, (head, labels) in heads.items():
        if group == "other" and template == "2019":
            outcome_rows.append((["", head], _split(rng, v[group], 6)))
            continue
        for i, (label, n) in enumerate(zip(labels, _split(rng, v[group], len(labels)))):
            outcome_rows.append((["", head if i == 0 else "", f"{i + 1}.{label}"], _split(rng, n, 6)))
    processed = [sum(r[1][c] for r in outcome_rows) for c in range(6)]
    forward = _split(rng, v["carried_forward"], 6)
    forward = [max(f, carried[c] - processed[c]) for c, f in enumerate(forward)]
    new = [processed[c] + forward[c] - carried[c] for c in range(6)]
    v.update(carried_forward=sum(forward), new_received=sum(new))

    def row(labels: list[str], cols: list[int]) -> list[str]:
        return labels + [str(x) for x in cols] + ([str(sum(cols[1:]))] if subtotal else []) + [str(sum(cols))]

    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    extra = [""] if subtotal else []
    rows = [[note, "申请人情况", "", "", "", "", "", *extra, "总计"],
            ["", "自然人", "法人或其他组织", "", "", "", "", *extra, ""],
            ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", *(["小计"] if subtotal else []), ""],
            row(["一、本年新收政府信息公开申请数量"], new), row(["二、上年结转政府信息公开申请数量"], carried)]
    rows += [row(labels, cols) for labels, cols in outcome_rows]
    rows.append(row(["", "（七）总计"], processed))
    rows.append(row(["四、结转下年度继续办理"], forward))
    return rows


def review_rows(rng: random.Random) -> tuple[list[list[str]], dict[str, int]]:
    """Rows of table 4 and the review / litigation totals."""
    groups = []
    for _ in range(3):
        parts = [_small(rng, 0.25) for _ in range(4)]
        groups.append([*parts, sum(parts)])
    res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [["行政复议", "", "", "", "", "行政诉讼"], [*res, "未经复议直接起诉", "", "", "", "", "复议后起诉"],
            [""] * 5 + res + res, [str(x) for g in groups for x in g]]
    return rows, {"review": groups[0][4], "litigation": groups[1][4] + groups[2][4]}


def active_rows(rng: random.Random, template: str) -> tuple[list[list[str]], dict[str, float]]:
    """Rows of table 2 and the cell values the narrative may cite."""
    def n(hi=5):
        return rng.choice([0, 0, 0, *list(range(1, hi))])
    v = {"regulations.issued": n(2), "normative_documents.issued": n(6), "normative_documents.repealed": n(4)}
    v["normative_documents.in_force"] = v["normative_documents.issued"] + n(30)
    v["fees.amount"] = rng.choice([0, 0, 0, 1.5, 12.36, 250, 0.8])
    if template == "2021":
        rows = [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", str(v["regulations.issued"]), "0", str(v["regulations.issued"] + n(3))],
                ["行政规范性文件", str(v["normative_documents.issued"]), str(v["normative_documents.repealed"]),
                 str(v["normative_documents.in_force"])],
                ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", str(n(300))],
                ["第二十条第（六）项"], ["信息内容", "本年处理决定数量"], ["行政处罚", str(n(90))],
                ["行政强制", str(n(3))], ["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"],
                ["行政事业性收费", str(v["fees.amount"])]]
        return rows, v
    rows = [["第二十条第（一）项"], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", str(v["regulations.issued"]), str(v["regulations.issued"]), str(n(9))],
            ["规范性文件", str(v["normative_documents.issued"]), str(v["normative_documents.issued"]),
             str(v["normative_documents.in_force"])],
            ["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", str(n(40)), str(n(3)), str(n(300))], ["其他对外管理服务事项", str(n(9)), "0", str(n(9))],
            ["第二十条第（六）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政处罚", str(n(60)), "0", str(n(50))], ["行政强制", str(n(5)), "0", "0"],
            ["第二十条第（八）项"], ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", str(n(4)), "0"],
            ["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"],
            ["政府集中采购", str(n(9)), rng.choice(["0", "21.5万元", "136.2"])]]
    return rows, v


def layout(rng: random.Random, rows: list[list[str]], style: str) -> list[str]:
    """Render table rows as text lines in one of the layouts reports arrive in ('' = a blank line)."""
    if style == "cells":  # one cell per line, blank line between rows (a DOCX pasted as text)
        return [ln for r in rows for ln in [f"\t{c}" for c in r] + [""]]
    if style == "pipe":
        out = ["| " + " | ".join(c or " " for c in r) + " |" for r in rows]
        return [*out[:1], "|" + "---|" * len(rows[0]), *out[1:]]
    if style == "space":
        out = []
        for r in rows:
            label = " ".join(c for c in r if c and not _VALUE.match(c))
            nums = [c for c in r if _VALUE.match(c)]
            if len(label) > 16 and nums and rng.random() < 0.5:  # a wrapped label: first half alone
                out.append(label[:12])
                label = label[12:]
            out.append(" ".join([label, *nums]).strip())
        return out
    if style == "blocks":  # label blocks apart from value blocks (table 3 from PDF-to-markdown)
        from training.tables_dress import blocks

        return blocks(rows, 8 if "小计" in rows[2] else 7)
    lead = "\t" if style == "shifted" else ""
    return [lead + "\t".join(r) for r in rows]
