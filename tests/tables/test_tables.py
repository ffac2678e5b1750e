"""Table parsing across layouts: every layout of the same table gives the same cells."""
from __future__ import annotations

import pytest

from service.core.normalise import normalise
from service.core.sections import find_sections
from service.core.tables import parse_tables
from service.core.tables.templates import APPLICANT_COLUMNS
from tests.fixtures.tables_text import APPLICATION_ROWS, cell_per_line, pipe_rows, report, space_rows, tab_rows
from tests.fixtures.tables_text import report as report_text

KEYS = ["new_received", "carried_over", "granted", "partially_granted", "denied_state_secret",
        "denied_law_forbidden", "denied_security_stability", "denied_third_party", "denied_internal_affairs",
        "denied_process_info", "denied_enforcement_file", "denied_admin_query", "unable_no_info",
        "unable_need_creation", "unable_unclear", "not_processed_complaint", "not_processed_repeat",
        "not_processed_publication", "not_processed_excessive", "not_processed_confirm",
        "other_overdue_correction", "other_overdue_fee", "other_other", "total_processed", "carried_forward"]
EXPECTED = {f"{k}.{c}": v for k, (_, vals) in zip(KEYS, APPLICATION_ROWS) for c, v in zip(APPLICANT_COLUMNS, vals)}


def parse(raw: str):
    text = normalise(raw).text
    return text, parse_tables(text, find_sections(text))


def assert_cells(cells: dict, expected: dict) -> None:
    wrong = {k: (cells.get(k, "missing"), v) for k, v in expected.items() if cells.get(k, "missing") != v}
    assert not wrong, wrong


@pytest.mark.parametrize("layout", [tab_rows, space_rows, cell_per_line, pipe_rows])
def test_applications_every_layout(layout):
    _, tables = parse(report(layout()))
    assert_cells(tables["applications"].cells, EXPECTED)


def test_cell_spans_point_at_their_digits():
    text, tables = parse(report(tab_rows()))
    t = tables["applications"]
    for key, (s, e) in t.spans.items():
        assert float(text[s:e]) == t.cells[key]


def test_active_2021_and_amount_in_yuan_scaled_to_wanyuan():
    _, tables = parse(report(tab_rows()))
    t = tables["active_disclosure"]
    assert t.template == "2021"
    assert_cells(t.cells, {"normative_documents.issued": 3, "normative_documents.repealed": 1,
                           "normative_documents.in_force": 12, "licensing.decisions": 120,
                           "punishment.decisions": 7, "fees.amount": 25.1})


def test_review_fifteen_cells_in_order():
    _, tables = parse(report(tab_rows()))
    cells = tables["review_litigation"].cells
    assert_cells(cells, {"review.maintained": 1, "review.pending": 1, "review.total": 2,
                         "litigation_direct.corrected": 1, "litigation_direct.total": 1,
                         "litigation_after_review.total": 0})


def test_blank_cells_are_null_not_zero():
    rows = [(label, vals) for label, vals in APPLICATION_ROWS]
    raw = tab_rows(rows).replace("2.重复申请\t0\t0\t0\t0\t0\t0\t0", "2.重复申请\t\t\t\t\t\t\t0")
    _, tables = parse(report(raw))
    t = tables["applications"]
    assert t.cells["not_processed_repeat.natural_person"] is None
    assert t.cells["not_processed_repeat.total"] == 0
    assert any(i.kind == "blank_cells" and "not_processed_repeat" in i.rows for i in t.issues)


def test_short_row_is_placed_by_arithmetic_and_flagged():
    raw = tab_rows().replace("（一）予以公开\t3\t1\t0\t0\t0\t0\t4", "（一）予以公开\t3\t1\t0\t0\t0\t4")
    _, tables = parse(report(raw))
    t = tables["applications"]
    assert_cells(t.cells, {f"granted.{c}": v for c, v in zip(APPLICANT_COLUMNS, [3, 1, 0, 0, 0, 0, 4])})
    assert any(i.kind == "short_row" and i.rows[0] == "granted" for i in t.issues)


def test_short_row_that_arithmetic_cannot_place_keeps_unknown_cells_null():
    raw = tab_rows().replace("（一）予以公开\t3\t1\t0\t0\t0\t0\t4", "（一）予以公开\t3\t1\t4")
    _, tables = parse(report(raw))
    cells = tables["applications"].cells
    assert cells["granted.total"] == 4
    assert cells["granted.natural_person"] == 3


def test_2019_applications_single_other_row():
    rows = [r for r in APPLICATION_ROWS if "逾期" not in r[0] and r[0] != "3.其他"]
    rows.insert(-2, ("（六）其他处理", [0] * 7))
    _, tables = parse(report(tab_rows(rows)))
    cells = tables["applications"].cells
    assert cells["other_handling.total"] == 0
    assert "other_overdue_fee.total" not in cells


def test_missing_table_is_none():
    raw = "一、总体情况\n本年度无统计数据。\n五、存在的主要问题及改进情况\n一是宣传不足。\n"
    _, tables = parse(raw)
    assert tables == {"active_disclosure": None, "applications": None, "review_litigation": None}


def test_sentence_before_the_table_does_not_steal_row_labels():
    note = "在已办结的申请中，予以公开4件，因本机关不掌握相关信息无法提供1件，其他处理0件。\n"
    _, tables = parse(report(note + tab_rows()))
    assert_cells(tables["applications"].cells, EXPECTED)


@pytest.mark.parametrize("note", [
    "全年逾期不补正而终止办理的申请有0件，已告知申请人。\n",     # names a 2021 sub-row of （六）
    "本年度部分公开三件，不予公开二件。\n",                      # names outcome rows, figures in words
    "其中本年新收申请6 件；\n",                                 # the first row's cue, a spaced measure word
])
def test_a_short_sentence_stating_a_count_is_no_row_label(note):
    """A short sentence of part 三 before its table names rows (and states their counts in prose): it takes no row,
    so the table below keeps every row, its template and its cells, and reports no missing or blank row — also when
    the first row's label is misprinted and only row order can place it."""
    misprinted = tab_rows().replace("一、本年新收政府信息", "一、本年新政府信息")
    _, tables = parse(report(note + misprinted))
    table = tables["applications"]
    assert_cells(table.cells, EXPECTED)
    assert not [i for i in table.issues if i.kind in ("missing_row", "blank_cells")]


def test_a_2019_table_after_a_sentence_naming_a_2021_sub_row():
    rows = [r for r in APPLICATION_ROWS if "逾期" not in r[0] and r[0] != "3.其他"]
    rows.insert(-2, ("（六）其他处理", [0] * 7))
    _, tables = parse(report("申请人无正当理由逾期不补正的申请1件，不再处理。\n" + tab_rows(rows)))
    cells = tables["applications"].cells
    assert cells["other_handling.total"] == 0 and "other_overdue_correction.total" not in cells


def test_label_wrapped_mid_word_before_its_values():
    raw = space_rows().replace("5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0",
                               "5.要求行政机关确认或重\n新出具已获取信息 0 0 0 0 0 0 0")
    assert raw != space_rows()
    _, tables = parse(report(raw))
    t = tables["applications"]
    assert_cells(t.cells, EXPECTED)
    assert not [i for i in t.issues if i.kind in ("long_row", "missing_row")]


def test_single_value_rows_are_totals_when_blanks_are_lost():
    """What PDF text extraction gives for a table that fills only its 总计 column: the blanks vanish."""
    rows = [(label, [None] * 6 + [vals[-1]]) if i in (0, 1, 23, 24) else (label, [None] * 7)
            for i, (label, vals) in enumerate(APPLICATION_ROWS)]
    raw = "申请人情况 总计\n" + "".join(f"{label} " + " ".join(str(v) for v in vals if v is not None) + "\n"
                                    for label, vals in rows)
    _, tables = parse(report(raw))
    cells = tables["applications"].cells
    assert cells["new_received.total"] == 6 and cells["carried_forward.total"] == 1
    assert cells["new_received.natural_person"] is None and cells["total_processed.commercial"] is None


def test_values_follow_the_nearest_of_two_labels_in_one_cell():
    raw = tab_rows().replace("1.申请人无正当理由逾期不补正", "（六）其他处理 1.申请人无正当理由逾期不补正")
    _, tables = parse(report(raw))
    assert_cells(tables["applications"].cells, EXPECTED)


@pytest.mark.parametrize("digits", [16, 400, 5000])
def test_a_cell_too_long_for_a_number_is_not_read(pipeline, digits):
    """A cell of 5,000 digits raised ValueError (int() refuses > 4,300 digits); one of 400 overflowed the arithmetic
    checks' float sums; one of 16 is past what a float holds exactly. Such a cell is read as no number: the row is
    short of a value, which the row and column totals put back (3), marked deduced, with a warning."""
    rows = [(label, [("9" * digits if label.startswith("（一）") and i == 0 else v) for i, v in enumerate(vals)])
            for label, vals in APPLICATION_ROWS]
    report = pipeline.run(report_text(tab_rows(rows)))
    table = report.tables.applications
    assert table.cells["granted.natural_person"] == 3
    assert table.provenance["granted.natural_person"] == "deduced"
    assert any("予以公开" in w for w in report.warnings)
    assert all(v is None or v < 10**15 for v in table.cells.values())


def test_stated_count_search_is_linear_and_unchanged():
    """A cell of 20,000 digits took 4 s in is_sentence (the count pattern retried at every digit of the run); a match
    now starts only where a run starts, which finds a match exactly when the pattern did."""
    import random
    import re
    import time

    from service.core.tables.labels import _STATED_COUNT, is_sentence

    plain = re.compile(r"(?:\d+|[一二三四五六七八九十两零〇]+)\s*[件条个项次]\s*[，,。；;]")
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("12三十两〇 件条项，。;x") for _ in range(rng.randint(0, 12)))
        assert bool(_STATED_COUNT.search(text)) == bool(plain.search(text)), text
    started = time.perf_counter()
    assert not is_sentence("9" * 20000 + "件")
    assert not is_sentence("十" * 20000 + "件")
    assert time.perf_counter() - started < 0.5
