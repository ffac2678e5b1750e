"""One whole report written from chosen figures (for collections whose figures must carry across years).

Unlike training/generate.py, which draws every figure at random for training, the caller fixes table 2 and the
applicant columns of table 3 here, so that a collection can carry figures from one year's report to the next.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from service.core.tables.templates import PRINTED_SUBROWS
from training.tables_gen import layout, review_rows

COLUMNS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"]
_GROUP_ROWS = {"denied": 8, "unable": 3, "not_processed": 5}


@dataclass
class ReportSpec:
    """The figures and wording of one report."""

    title_name: str  # the agency as the title names it
    year: int
    template: str  # "2021" | "2019"
    carried_over: list[int]  # per applicant column (6)
    carried_forward: list[int]
    active: dict[str, int]  # table-2 cells: regulations.issued … or regulations.new_made …
    sentences: list[str] = field(default_factory=list)  # narrative of part 一 (year-on-year statements …)
    signature: str | None = None  # the name under the report, None for none
    rows: dict[str, list[int]] | None = None  # table-3 rows from application_columns (drawn when None)
    layout: str = "tab"  # a text layout of training/tables_gen.layout for the tables
    title_style: str = "inline"  # inline 〈name〉〈year〉年…报告 · year_first 〈year〉年度〈name〉… · two_lines


def application_columns(rng: random.Random, over: list[int], forward: list[int]) -> dict[str, list[int]]:
    """Per-column rows of table 3 that satisfy 一+二 = (七)+四 in every column."""
    rows: dict[str, list[int]] = {"granted": [], "partially_granted": [], "unable_no_info": [],
                                  "not_processed_repeat": [], "new_received": []}
    for i in range(6):
        busy = 0.7 if i == 0 else 0.2
        out = {k: (rng.choice([1, 1, 2, 3, 5, 8]) if rng.random() < busy else 0) for k in list(rows)[:4]}
        new = sum(out.values()) + forward[i] - over[i]
        if new < 0:
            out["granted"] -= new
            new = 0
        for k, v in out.items():
            rows[k].append(v)
        rows["new_received"].append(new)
    return rows


def _row(label: list[str], values: list[int]) -> list[str]:
    return label + [str(v) for v in values] + [str(sum(values))]


def table3(rows: dict[str, list[int]], over: list[int], forward: list[int], template: str) -> list[list[str]]:
    """Table 3 as printed rows (labels, six applicant columns, 总计)."""
    zero = [0] * 6
    head = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "", "", "", "", "", "总计"],
            ["", "自然人", "法人或其他组织", "", "", "", "", ""],
            ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]
    out = [*head, _row(["一、本年新收政府信息公开申请数量"], rows["new_received"]),
           _row(["二、上年结转政府信息公开申请数量"], over),
           _row(["三、本年度办理结果", "（一）予以公开"], rows["granted"]),
           _row(["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], rows["partially_granted"])]
    named = {("unable", 0): "unable_no_info", ("not_processed", 1): "not_processed_repeat"}
    heads = {"denied": "（三）不予公开", "unable": "（四）无法提供", "not_processed": "（五）不予处理"}
    for group, n in _GROUP_ROWS.items():
        for i in range(n):
            values = rows[named[(group, i)]] if (group, i) in named else zero
            out.append(_row(["", heads[group] if i == 0 else "", f"{i + 1}.{PRINTED_SUBROWS[group][i]}"], values))
    if template == "2019":
        out.append(_row(["", "（六）其他处理"], zero))
    else:
        out += [_row(["", "（六）其他处理" if i == 0 else "", f"{i + 1}.{label}"], zero)
                for i, label in enumerate(PRINTED_SUBROWS["other"])]
    processed = [sum(rows[k][i] for k in ("granted", "partially_granted", "unable_no_info", "not_processed_repeat"))
                 for i in range(6)]
    return [*out, _row(["", "（七）总计"], processed), _row(["四、结转下年度继续办理"], forward)]


def table2(active: dict[str, int], template: str) -> list[list[str]]:
    """Table 2 as printed rows."""
    cols = ("issued", "repealed", "in_force") if template == "2021" else ("new_made", "new_published", "total_published")
    heads = ("本年制发件数", "本年废止件数", "现行有效件数") if template == "2021" else (
        "本年新制作数量", "本年新公开数量", "对外公开总数量")
    body = [[label, *(str(active[f"{row}.{c}"]) for c in cols)]
            for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件"))]
    if template == "2021":
        tail = [["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "12"],
                ["第二十条第（六）项"], ["信息内容", "本年处理决定数量"], ["行政处罚", "3"], ["行政强制", "0"],
                ["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "0"]]
    else:
        tail = [["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                ["行政许可", "10", "0", "12"], ["其他对外管理服务事项", "2", "0", "1"],
                ["第二十条第（六）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                ["行政处罚", "6", "0", "3"], ["行政强制", "1", "0", "0"], ["第二十条第（八）项"],
                ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", "0", "0"]]
    return [["第二十条第（一）项"], ["信息内容", *heads], *body, *tail]


def _title(spec: ReportSpec) -> list[str]:
    if spec.title_style == "year_first":
        return [f"{spec.year}年度{spec.title_name}政府信息公开工作年度报告"]
    if spec.title_style == "two_lines":
        return [spec.title_name, f"{spec.year}年政府信息公开工作年度报告"]
    return [f"{spec.title_name}{spec.year}年政府信息公开工作年度报告"]


def render(spec: ReportSpec, rng: random.Random) -> tuple[str, dict[str, list[int]]]:
    """The report text and the per-column rows of its table 3."""
    rows = spec.rows or application_columns(rng, spec.carried_over, spec.carried_forward)
    cite = "〔2021〕30号" if spec.template == "2021" else "〔2019〕60号"
    lines = [*_title(spec), "",
             f"本报告依据《中华人民共和国政府信息公开条例》和国办公开办函{cite}的要求编制。", "一、总体情况",
             f"{spec.year}年，我单位认真贯彻落实政务公开各项要求，依法做好政府信息公开工作。",
             *spec.sentences, "二、主动公开政府信息情况", *layout(rng, table2(spec.active, spec.template), spec.layout),
             "三、收到和处理政府信息公开申请情况",
             *layout(rng, table3(rows, spec.carried_over, spec.carried_forward, spec.template), spec.layout),
             "四、政府信息公开行政复议、行政诉讼情况", *layout(rng, review_rows(rng)[0], spec.layout),
             "五、存在的主要问题及改进情况", "（一）存在的主要问题：信息公开的及时性有待提高。",
             "（二）改进情况：进一步规范信息发布审核流程。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    if spec.signature:
        lines += [spec.signature, f"{spec.year + 1}年1月20日"]
    return "\n".join(lines) + "\n", rows
