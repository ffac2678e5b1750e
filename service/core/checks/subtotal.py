"""Table 3's printed 法人或其他组织小计 column against the five organisation columns it sums (not a contract cell)."""
from __future__ import annotations

from service.base.schema import Check
from service.core.checks import compare
from service.core.tables import TableResult
from service.core.tables.templates import APPLICANT_COLUMNS, ROW_NAMES

_ORG = APPLICANT_COLUMNS[1:6]


def subtotal_checks(t: TableResult, doubts: dict[str, str] | None = None) -> list[Check]:
    """One table_arithmetic check per row whose 小计 is printed: the organisation columns sum to it."""
    out = []
    for row, (value, span) in t.subtotals.items():
        parts = [f"{row}.{c}" for c in _ORG]
        check = compare(f"applications.subtotal.{row}", "table_arithmetic", {f"applications.{k}": t.cells.get(k) for k in parts},
                        {"subtotal": value}, f"表三“{ROW_NAMES.get(row, row)}”行：法人或其他组织各列之和({{l}}) {{op}} "
                        "小计({r})", [t.spans[k] for k in parts if k in t.spans] + [span],
                        [f"applications.{k}" for k in parts], doubts)
        if check is not None:
            out.append(check)
    return out
