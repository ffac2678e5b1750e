"""Findings of a report for a reviewer: numbered, grouped (fails, uncertain, passes), labelled, with named cells."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.core.checks import REASONS
from service.core.checks.completeness import REQUIRED_SECTIONS
from service.core.tables.templates import COLUMN_NAMES, GROUP_NAMES, ROW_NAMES
from service.web.forms import ACTIVE_FORMS, REVIEW_RESULT_NAMES

INCONSISTENT = "报告数据不一致"
NEEDS_REVIEW = "需人工核实"
TABLE_SHORT = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}
SHORT_LIST = 6


def _active_wording() -> dict[tuple[str, str], tuple[str, str]]:
    """(row, column) of table 2 → (row wording, column wording), the 2021 form's where both forms print one."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for blocks in ACTIVE_FORMS.values():
        for _, columns, items in blocks:
            for row, label in items:
                for col, name in columns:
                    out.setdefault((row, col), (label, name))
    return out


_ACTIVE_WORDS = _active_wording()


def cell_label(key: str) -> str:
    """A cell key in words: applications.granted.total → 表三 （一）予以公开 · 总计."""
    table, _, rest = key.partition(".")
    if table == "sections":
        title = REQUIRED_SECTIONS.get(rest)
        return f"第{title[0]}部分“{title[2:]}”" if title else rest
    row, _, col = rest.partition(".")
    short = TABLE_SHORT.get(table, table)
    if table == "applications":
        words = [ROW_NAMES.get(row, row), COLUMN_NAMES.get(col, col)]
    elif table == "active_disclosure":
        words = list(_ACTIVE_WORDS.get((row, col), (row, col)))
    elif table == "review_litigation":
        words = [GROUP_NAMES.get(row, row), REVIEW_RESULT_NAMES.get(col, col)]
    else:
        return key
    return " ".join([short, " · ".join(w for w in words if w)]).strip()


def doubtful_cells(result: dict) -> set[str]:
    """Cells ("table.row.column") whose value was not cleanly read: deduced, aligned or OCR-doubtful.

    Uses the tables' `provenance` when the result carries it; otherwise every cell of a table that a warning names
    (a row placed by alignment) and, in an OCR-read document, every cell.
    """
    out: set[str] = set()
    ocr = bool((result.get("document") or {}).get("ocr"))
    warnings = result.get("warnings") or []
    for name, table in (result.get("tables") or {}).items():
        if not table:
            continue
        provenance = table.get("provenance")
        if provenance is not None:
            out |= {f"{name}.{k}" for k, how in provenance.items() if how != "read"}
            out |= {f"{name}.{k}" for k in table.get("readings") or {}}  # several values possible
        elif ocr or any(TABLE_SHORT[name] in w for w in warnings):
            out |= {f"{name}.{k}" for k in table.get("cells") or {}}
    return out


def weighed(result: dict) -> bool:
    """Were the checks weighed over every reading of their doubtful cells? Results that record how each table's
    cells were read (`provenance`) were: a fail in them holds for every value the doubtful cells may hold. Older
    results without it were not, and their doubtful cells are only guessed (an OCR document, an alignment warning)."""
    return any(isinstance(t, dict) and "provenance" in t for t in (result.get("tables") or {}).values())


def finding_label(check: dict, doubtful: set[str], weighed: bool = True) -> str | None:
    """The one rule: a fail is the report's own inconsistency — it holds under every reading of its doubtful cells
    (service/core/checks `compare`) — and only `uncertain` needs a person; a fail of an older result on cells it
    did not weigh needs a person too."""
    if check["status"] == "pass":
        return None
    if check["status"] == "fail" and (weighed or not (set(check.get("cells") or []) & doubtful)):
        return INCONSISTENT
    return NEEDS_REVIEW


@dataclass
class CellRef:
    """A cell a finding uses, with its value (after corrections) and whether a reviewer corrected it."""

    key: str
    label: str
    value: float | int | None
    present: bool
    corrected: bool = False
    readings: list = field(default_factory=list)  # the values a doubtful cell may hold (an OCR l: 1 or 7)
    unread: bool = False  # null, but no printed blank: the parser could not read it
    doubtful: bool = False  # not read directly (deduced, aligned, OCR-corrected, unread, several readings)
    reason: str = ""  # how it was read, in words (由行列合计推算), when not directly

    @property
    def doubt_text(self) -> str:
        """表三 （一）予以公开 · 总计（由OCR识别校正，可能为1或7）: the cell and why it is doubtful."""
        why = "，".join(w for w in (self.reason, self.readings_text) if w) or "并非直接读取"
        return f"{self.label}（{why}）"

    @property
    def readings_text(self) -> str:
        """可能为1或7: the readings in words, or nothing."""
        return "可能为" + "或".join(_plain(v) for v in self.readings) if self.readings else ""


def _plain(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def cell_doubt(result: dict, key: str, corrected: set[str] = frozenset()) -> tuple[list, bool]:
    """(readings, unread?) of a full cell key as the result records them; a corrected cell has neither."""
    if key in corrected:
        return [], False
    table, _, rest = key.partition(".")
    t = (result.get("tables") or {}).get(table) or {}
    return list((t.get("readings") or {}).get(rest) or []), (t.get("provenance") or {}).get(rest) == "unread"


def cell_reason(result: dict, key: str) -> str:
    """How a full cell key was read, in words, when not directly (由行列合计推算, 无法读取), else ""."""
    table, _, rest = key.partition(".")
    how = (((result.get("tables") or {}).get(table) or {}).get("provenance") or {}).get(rest)
    return REASONS.get(how, "") if how and how != "read" else ""


_HOLDS = re.compile(r"但([^（）]+?)，无论其取何值都不相等")


@dataclass
class Finding:
    """A check as the reviewer sees it."""

    number: int | None
    check: dict
    label: str | None
    cells: list[CellRef] = field(default_factory=list)
    difference: float | int | None = None
    decision: dict | None = None

    @property
    def shown_cells(self) -> list[CellRef]:
        """The cells worth listing: all of a short list, else the non-zero, blank or missing ones and the last."""
        if len(self.cells) <= SHORT_LIST:
            return self.cells
        return [r for i, r in enumerate(self.cells) if r.value != 0 or i == len(self.cells) - 1]

    @property
    def hidden_cells(self) -> int:
        """How many zero cells the list leaves out."""
        return len(self.cells) - len(self.shown_cells)

    @property
    def doubt_note(self) -> str:
        """Which of the finding's cells were doubtful, and what that means for its verdict: a fail holds under every
        reading (with the check's own reason where its message gives one); an uncertain one turns on them."""
        doubtful = [r for r in self.cells if r.doubtful]
        if not doubtful or self.check["status"] == "pass":
            return ""
        cells = "、".join(r.doubt_text for r in doubtful[:SHORT_LIST]) + (
            f"等{len(doubtful)}个单元格" if len(doubtful) > SHORT_LIST else "")
        if self.label == INCONSISTENT:
            held = _HOLDS.search(self.check.get("message") or "")
            why = held.group(1) if held else "无论这些单元格取哪种可能的值，两边都不相等"
            return f"存疑单元格：{cells}。{why}，所以仍判定为报告数据不一致。"
        if self.check["status"] == "fail":
            return f"存疑单元格：{cells}。此结果未逐一权衡这些单元格的可能取值，请核对原件。"
        return f"存疑单元格：{cells}。这些单元格取不同的值时结论不同，请核对原件。"


def cell_value(result: dict, key: str) -> tuple[bool, float | int | None]:
    """(present, value) of a full cell key in a result."""
    table, _, rest = key.partition(".")
    cells = ((result.get("tables") or {}).get(table) or {}).get("cells") or {}
    return rest in cells, cells.get(rest)


def _difference(check: dict) -> float | int | None:
    left, right = check.get("left"), check.get("right")
    if left is None or right is None:
        return None
    diff = left - right
    return int(diff) if float(diff).is_integer() else round(diff, 6)


def findings_of(result: dict, decisions: dict[str, dict] | None = None,
                corrected: set[str] = frozenset()) -> dict[str, list[Finding]]:
    """Findings grouped as {"fail", "uncertain", "pass"}; fails and uncertain numbered 1… in that order."""
    decisions = decisions or {}
    doubtful = doubtful_cells(result) - corrected
    weighed_ = weighed(result)
    groups: dict[str, list[Finding]] = {"fail": [], "uncertain": [], "pass": []}
    for check in result.get("checks") or []:
        refs = []
        for key in check.get("cells") or []:
            present, value = cell_value(result, key)
            readings, unread = cell_doubt(result, key, corrected)
            refs.append(CellRef(key, cell_label(key), value, present, key in corrected, readings, unread,
                                key in doubtful, "" if key in corrected else cell_reason(result, key)))
        groups[check["status"]].append(Finding(None, check, finding_label(check, doubtful, weighed_), refs,
                                               _difference(check), decisions.get(check["id"])))
    for n, finding in enumerate(groups["fail"] + groups["uncertain"], 1):
        finding.number = n
    return groups
