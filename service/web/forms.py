"""The three statistical tables drawn as the official forms (国办公开办函〔2021〕30号 and 〔2019〕60号), spans included.

A form is rows of cells; a cell is either printed wording (a label or header) or the place of one contract cell key.
"""
from __future__ import annotations

from dataclasses import dataclass

from service.core.tables.templates import (
    APPLICANT_COLUMNS,
    COLUMN_NAMES,
    GROUP_NAMES,
    OUTCOME_ROWS_2021,
    PRINTED_SUBROWS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    TABLE_NAMES,
)


@dataclass
class FormCell:
    """Printed wording (`text`) or the place of a value (`key` = "table.row.column")."""

    text: str = ""
    key: str | None = None
    rowspan: int = 1
    colspan: int = 1
    head: bool = False


@dataclass
class Form:
    """One table as printed: its title, rows of cells, and which template's form it follows."""

    name: str
    title: str
    template: str
    rows: list[list[FormCell]]


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> FormCell:
    return FormCell(text=text, rowspan=rowspan, colspan=colspan, head=True)


def _v(key: str, colspan: int = 1) -> FormCell:
    return FormCell(key=key, colspan=colspan)


# Table 2 blocks: (article, column headers, [(row key, printed label)]); the 2019 form has a fourth value column.
ACTIVE_FORMS: dict[str, list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]]] = {
    "2021": [
        ("第二十条第（一）项", [("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")],
         [("regulations", "规章"), ("normative_documents", "行政规范性文件")]),
        ("第二十条第（五）项", [("decisions", "本年处理决定数量")], [("licensing", "行政许可")]),
        ("第二十条第（六）项", [("decisions", "本年处理决定数量")], [("punishment", "行政处罚"), ("coercion", "行政强制")]),
        ("第二十条第（八）项", [("amount", "本年收费金额（单位：万元）")], [("fees", "行政事业性收费")]),
    ],
    "2019": [
        ("第二十条第（一）项", [("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"),
                           ("total_published", "对外公开总数量")], [("regulations", "规章"), ("normative_documents", "规范性文件")]),
        ("第二十条第（五）项", [("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")],
         [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
        ("第二十条第（六）项", [("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")],
         [("punishment", "行政处罚"), ("coercion", "行政强制")]),
        ("第二十条第（八）项", [("prev_items", "上一年项目数量"), ("change", "本年增/减")], [("fees", "行政事业性收费")]),
        ("第二十条第（九）项", [("items", "采购项目数量"), ("amount", "采购总金额（单位：万元）")], [("procurement", "政府集中采购")]),
    ],
}
VALUE_COLUMNS = 3


def _spread(n: int) -> list[int]:
    """Colspans that spread n value columns over the form's three."""
    return [1] * (n - 1) + [VALUE_COLUMNS - n + 1]


def active_form(template: str) -> Form:
    """表二 主动公开政府信息情况 of either template."""
    rows: list[list[FormCell]] = []
    for article, columns, items in ACTIVE_FORMS[template]:
        spans = _spread(len(columns))
        rows.append([_h(article, colspan=VALUE_COLUMNS + 1)])
        rows.append([_h("信息内容")] + [_h(name, colspan=w) for (_, name), w in zip(columns, spans)])
        for row, label in items:
            rows.append([_h(label)] + [_v(f"active_disclosure.{row}.{col}", w) for (col, _), w in zip(columns, spans)])
    return Form("active_disclosure", "二、主动公开政府信息情况", template, rows)


def _values(row: str) -> list[FormCell]:
    return [_v(f"applications.{row}.{col}") for col in APPLICANT_COLUMNS]


def _numbered(words: list[str]) -> list[str]:
    return [f"{i}.{w}" for i, w in enumerate(words, 1)]


def _outcome_groups(template: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(row key, printed label)]) of 三、本年度办理结果; a group label "" is a row of its own."""
    keys = iter(OUTCOME_ROWS_2021)
    groups = [("", [(next(keys), "（一）予以公开")]),
              ("", [(next(keys), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")])]
    for label, words in (("（三）不予公开", "denied"), ("（四）无法提供", "unable"), ("（五）不予处理", "not_processed"),
                         ("（六）其他处理", "other")):
        rows = [(next(keys), w) for w in _numbered(PRINTED_SUBROWS[words])]
        if words == "other" and template == "2019":
            rows = [("other_handling", label)]
            label = ""
        groups.append((label, rows))
    return groups + [("", [("total_processed", "（七）总计")])]


def applications_form(template: str) -> Form:
    """表三 收到和处理政府信息公开申请情况: the 2021 form has three rows under （六）其他处理, the 2019 form one."""
    rows = [[_h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), _h("申请人情况", colspan=7)],
            [_h("自然人", rowspan=2), _h("法人或其他组织", colspan=5), _h("总计", rowspan=2)],
            [_h(COLUMN_NAMES[c]) for c in APPLICANT_COLUMNS[1:6]],
            [_h("一、本年新收政府信息公开申请数量", colspan=3), *_values("new_received")],
            [_h("二、上年结转政府信息公开申请数量", colspan=3), *_values("carried_over")]]
    groups = _outcome_groups(template)
    first = True
    for label, items in groups:
        for i, (row, text) in enumerate(items):
            cells = [_h("三、本年度办理结果", rowspan=sum(len(g[1]) for g in groups))] if first else []
            first = False
            if not label:
                cells.append(_h(text, colspan=2))
            else:
                cells += ([_h(label, rowspan=len(items))] if i == 0 else []) + [_h(text)]
            rows.append(cells + _values(row))
    rows.append([_h("四、结转下年度继续办理", colspan=3), *_values("carried_forward")])
    return Form("applications", "三、收到和处理政府信息公开申请情况", template, rows)


REVIEW_RESULT_NAMES = {"maintained": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                       "total": "总计"}


def review_form(template: str = "2021") -> Form:
    """表四 政府信息公开行政复议、行政诉讼情况 (the same in both templates)."""
    names = [REVIEW_RESULT_NAMES[c] for c in REVIEW_COLUMNS]
    rows = [[_h(GROUP_NAMES["review"], colspan=5), _h("行政诉讼", colspan=10)],
            [*(_h(n, rowspan=2) for n in names), _h(GROUP_NAMES["litigation_direct"], colspan=5),
             _h(GROUP_NAMES["litigation_after_review"], colspan=5)],
            [_h(n) for n in names * 2],
            [_v(f"review_litigation.{g}.{c}") for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]]
    return Form("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", template, rows)


BUILDERS = {"active_disclosure": active_form, "applications": applications_form, "review_litigation": review_form}


def form_template(name: str, table: dict | None, report_template: str) -> str:
    """Which template's form to draw: the table's own, else told by its cells (（六） as one row is 2019), else the report's."""
    cells = (table or {}).get("cells") or {}
    if name == "applications":
        if any(k.startswith("other_handling.") for k in cells):
            return "2019"
        if any(k.startswith("other_overdue") for k in cells):
            return "2021"
    own = (table or {}).get("template")
    return own if own in ("2021", "2019") else (report_template if report_template in ("2021", "2019") else "2021")


def forms_of(result: dict) -> list[tuple[Form, dict | None]]:
    """Each of the three forms with its table (None when the document lacks it)."""
    tables = result.get("tables") or {}
    template = (result.get("report") or {}).get("template", "unknown")
    out = []
    for name in TABLE_NAMES:
        t = tables.get(name)
        which = form_template(name, t, template)
        out.append((BUILDERS[name](which), t))
    return out
