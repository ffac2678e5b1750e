"""The reviewers' workbook (openpyxl write-only, streamed): 报告, 核对问题, 表格数据, 出错文件, 问题与改进 (part 五's
items, each with the item it pairs with), then any hook sheets.

Each sheet has Chinese headers, a frozen header row, an autofilter and set widths; a sheet that reaches Excel's
row limit goes on in "表格数据(2)" and so on.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from service.collections.export.rows import ExportHooks, cell_rows, facts, item_rows

MAX_ROWS = 1_048_575  # Excel's limit, less the header
MAX_CHARS = 32_000  # a cell holds at most 32,767 characters
HEADLINE = [  # (header, table, cell key)
    ("本年新收", "applications", "new_received.total"), ("上年结转", "applications", "carried_over.total"),
    ("办理总计", "applications", "total_processed.total"), ("结转下年度", "applications", "carried_forward.total"),
    ("行政复议总计", "review_litigation", "review.total"),
    ("直接起诉总计", "review_litigation", "litigation_direct.total"),
    ("复议后起诉总计", "review_litigation", "litigation_after_review.total"),
    ("收费金额（万元）", "active_disclosure", "fees.amount"),
]
REPORT_COLUMNS = [("文件", 40), ("报告编号", 34), ("机关", 30), ("年度", 8), ("模板", 8)] + \
                 [(h, 12) for h, _t, _k in HEADLINE] + [("未通过核对", 10), ("待确认核对", 10), ("警告", 8)]
CHECK_COLUMNS = [("文件", 40), ("报告编号", 34), ("机关", 30), ("年度", 8), ("类型", 14), ("状态", 8),
                 ("说明", 60), ("单元格", 30), ("证据", 60)]
CELL_COLUMNS = [("文件", 40), ("机关", 30), ("年度", 8), ("表", 20), ("行", 28), ("列", 16), ("数值", 12),
                ("读取方式", 10), ("可能取值", 16)]
ERROR_COLUMNS = [("文件", 50), ("错误代码", 18), ("原因", 70)]
ITEM_COLUMNS = [("文件", 40), ("报告编号", 34), ("机关", 30), ("年度", 8), ("类别", 8), ("序号", 8), ("内容", 80),
                ("对应条目", 14), ("原文位置", 14)]
LISTS = {"problems": ("问题", "改进"), "improvements": ("改进", "问题")}  # (this list, the list its pairs are in)
KINDS = {"table_arithmetic": "表内勾稽", "narrative_vs_table": "正文与表格", "narrative_arithmetic": "正文分项之和",
         "completeness": "完整性"}
STATUSES = {"fail": "不通过", "uncertain": "待确认"}
HOW = {"read": "直接读取", "aligned": "对齐推定", "deduced": "合计推算", "ocr": "OCR校正", "unread": "无法读取"}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


class _Sheet:
    """A write-only sheet with a styled, frozen, filtered header that continues on a new sheet when full."""

    def __init__(self, book: Workbook, title: str, columns: list[tuple[str, int]]) -> None:
        self.book, self.title, self.columns = book, title, columns
        self.part, self.rows = 0, 0
        self._open()

    def _open(self) -> None:
        self.part += 1
        self.ws = self.book.create_sheet(self.title if self.part == 1 else f"{self.title}({self.part})")
        self.ws.freeze_panes = "A2"
        for i, (_header, width) in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.append([self._cell(h, header=True) for h, _w in self.columns])
        self.rows = 0

    def _cell(self, value: Any, header: bool = False) -> Any:
        """A plain value where possible (fast); a cell object for the header and for text that looks like a formula."""
        if not isinstance(value, str):
            return value
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CHARS]
        if not header and not value.startswith("="):
            return value
        cell = WriteOnlyCell(self.ws, value)
        cell.data_type = "s"  # text, never a formula
        if header:
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            cell.alignment = Alignment(vertical="center")
        return cell

    def append(self, values: list) -> None:
        """One data row (continues on a new sheet past Excel's row limit)."""
        if self.rows >= MAX_ROWS:
            self._finish()
            self._open()
        self.ws.append([self._cell(v) for v in values])
        self.rows += 1

    def _finish(self) -> None:
        last = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"

    def close(self) -> None:
        """Set the autofilter over what was written."""
        self._finish()


def _evidence(text: str, spans: list) -> str:
    return " … ".join(text[s:e] for s, e in spans[:4] if 0 <= s < e <= len(text))[:2000]


def _report_row(row: dict, result: dict) -> list:
    file, agency, year = facts(row)
    tables = result.get("tables") or {}
    cells = [((tables.get(t) or {}).get("cells") or {}).get(k) for _h, t, k in HEADLINE]
    checks = result.get("checks") or []
    return [file, row.get("id"), agency, year, (result.get("report") or {}).get("template"), *cells,
            sum(c.get("status") == "fail" for c in checks), sum(c.get("status") == "uncertain" for c in checks),
            len(result.get("warnings") or [])]


def _check_rows(row: dict, result: dict, hooks: ExportHooks) -> Iterable[list]:
    file, agency, year = facts(row)
    text = (result.get("document") or {}).get("text") or ""
    for check in result.get("checks") or []:
        if check.get("status") not in STATUSES:
            continue
        yield [file, row.get("id"), agency, year, KINDS.get(check.get("kind"), check.get("kind")),
               STATUSES[check["status"]], check.get("message"), "、".join(check.get("cells") or []),
               _evidence(text, check.get("spans") or []), *(c.value(row.get("id"), check) for c in hooks.check_columns)]


def _item_rows(row: dict) -> Iterable[list]:
    """Part 五's items of one report, numbered from 1 as a reader counts them: 问题 3 … 对应条目 改进第 1 条."""
    for file, agency, year, name, i, text, pair, start, end in item_rows(row):
        this, other = LISTS[name]
        yield [file, row.get("id"), agency, year, this, i + 1, text,
               f"{other}第 {pair + 1} 条" if pair is not None else "",
               f"{start}–{end}" if start is not None else ""]


def write_xlsx(rows: Iterable[dict], out: Path, hooks: ExportHooks) -> int:
    """Stream batch rows into the workbook; returns the number of batch rows read."""
    book = Workbook(write_only=True)
    reports = _Sheet(book, "报告", REPORT_COLUMNS)
    checks = _Sheet(book, "核对问题", CHECK_COLUMNS + [(c.header, c.width) for c in hooks.check_columns])
    cells = _Sheet(book, "表格数据", CELL_COLUMNS)
    errors = _Sheet(book, "出错文件", ERROR_COLUMNS)
    items = _Sheet(book, "问题与改进", ITEM_COLUMNS)
    n = 0
    for row in rows:
        n += 1
        result = row.get("result")
        if not result:
            error = row.get("error") or {}
            errors.append([row.get("file"), error.get("code"), error.get("message")])
            continue
        reports.append(_report_row(row, result))
        for values in _check_rows(row, result, hooks):
            checks.append(values)
        for *values, how, readings, _start, _end in cell_rows(row):
            cells.append([*values, HOW.get(how, how), readings])
        for values in _item_rows(row):
            items.append(values)
    sheets = [reports, checks, cells, errors, items]
    for extra in hooks.sheets:
        sheet = _Sheet(book, extra.title, extra.columns)
        for values in extra.rows() if callable(extra.rows) else extra.rows:
            sheet.append(list(values))
        sheets.append(sheet)
    for sheet in sheets:
        sheet.close()
    book.save(str(out))
    return n
