"""Table 3 in the dresses of real reports: blank cells by position, 小计 columns, misprinted labels, OCR letters,
label blocks apart from value blocks, and the provenance each cell records."""
from __future__ import annotations

import pytest

from service.core import ingest
from service.core.checks.arithmetic import table_checks
from service.core.normalise import normalise
from service.core.sections import find_sections
from service.core.tables import parse_tables
from service.core.tables.templates import APPLICANT_COLUMNS
from tests.fixtures.tables_dressed import flat_rows, space_text, structured, tab_text
from tests.fixtures.tables_text import APPLICATION_ROWS, REVIEW, pipe_rows, report, space_rows, tab_rows
from tests.tables.test_tables import EXPECTED, KEYS, assert_cells

pytest.importorskip("reportlab")


def parse(text: str):
    text = normalise(text).text
    return parse_tables(text, find_sections(text))


def ingested(data: bytes):
    return parse(ingest.load(data).text)


def with_row(i: int, values: list) -> list:
    rows = list(APPLICATION_ROWS)
    rows[i] = (rows[i][0], values)
    return rows


# (row index, values with None for a blank): a blank total and blanks before a value are where right-aligning fails
BLANKS = [(2, [None, 1, None, None, None, None, None]), (0, [5, None, None, None, None, 1, 6]),
          (12, [None, None, None, None, None, None, 1]), (24, [1, None, None, None, 2, None, None])]


def _cells_blank_as_empty_lines(rows) -> str:
    """One cell per line as a document pasted as text gives it: a blank cell is an empty line, as is a row's end."""
    out = "\t申请人情况\n\t自然人\n\t商业企业\n\n"
    for label, v in rows:
        out += f"\t{label}\n" + "".join("\n" if x is None else f"\t{x}\n" for x in v) + "\n"
    return out


@pytest.mark.parametrize("row, values", [(0, [5, None, None, None, None, 1, 6]), (2, [3, None, 1, None, 0, None, 4])])
def test_cell_per_line_blank_cells_as_empty_lines(row, values):
    t = parse(report(_cells_blank_as_empty_lines(with_row(row, values))))["applications"]
    key = KEYS[row]
    assert [t.cells[f"{key}.{c}"] for c in APPLICANT_COLUMNS] == values
    assert t.cells["carried_over.total"] == 1 and t.cells["carried_forward.total"] == 1


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "tab"])
@pytest.mark.parametrize("row, values", BLANKS)
def test_blank_cells_stay_null_where_they_are(fmt, row, values):
    flat = flat_rows(with_row(row, values))
    tables = parse(report(tab_text(flat))) if fmt == "tab" else ingested(structured(flat, fmt))
    cells = tables["applications"].cells
    key = KEYS[row]
    assert_cells(cells, {f"{key}.{c}": v for c, v in zip(APPLICANT_COLUMNS, values)})
    assert tables["applications"].how(f"{key}.{APPLICANT_COLUMNS[values.index(next(v for v in values if v))]}") == "read"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("row, values", BLANKS[:2])
def test_empty_last_column_does_not_shift_cells(fmt, row, values):
    tables = ingested(structured(flat_rows(with_row(row, values)), fmt, empty_last_column=True))
    assert_cells(tables["applications"].cells, {f"{KEYS[row]}.{c}": v for c, v in zip(APPLICANT_COLUMNS, values)})


def _rectangular(flat: list[list[str]], header_shift: int, trailing: int) -> str:
    """A pasted grid: every row the same width, header cells shifted, empty columns after the values."""
    width = 3 + 7 + trailing
    rows = [[""] * header_shift + r + [""] * (width - header_shift - len(r)) for r in flat[:3]]
    rows += [r[:-7] + [""] * (3 - len(r[:-7])) + r[-7:] + [""] * trailing for r in flat[3:]]
    return tab_text(rows)


@pytest.mark.parametrize("header_shift, trailing", [(0, 2), (1, 2), (2, 1), (0, 0)])
@pytest.mark.parametrize("row, values", BLANKS[:2])
def test_grid_value_columns_found_from_where_numbers_are(header_shift, trailing, row, values):
    t = parse(report(_rectangular(flat_rows(with_row(row, values)), header_shift, trailing)))["applications"]
    assert_cells(t.cells, {f"{KEYS[row]}.{c}": v for c, v in zip(APPLICANT_COLUMNS, values)})
    assert_cells(t.cells, {k: v for k, v in EXPECTED.items() if not k.startswith(KEYS[row] + ".")})


@pytest.mark.parametrize("layout", ["tab", "space", "html", "pdf"])
def test_subtotal_column_is_checked_and_left_out(layout):
    flat = flat_rows(subtotal=True)
    tables = (parse(report((tab_text if layout == "tab" else space_text)(flat))) if layout in ("tab", "space")
              else ingested(structured(flat, layout)))
    t = tables["applications"]
    assert_cells(t.cells, EXPECTED)
    assert not any(k.endswith("subtotal") for k in t.cells)
    assert t.subtotals["new_received"][0] == 1
    checks = [c for c in table_checks(tables) if c.id.startswith("applications.subtotal.")]
    assert len(checks) == len(KEYS) and all(c.status == "pass" and c.kind == "table_arithmetic" for c in checks)


def test_wrong_subtotal_fails_its_row_only():
    flat = flat_rows(subtotal=True)
    flat[3][-2] = "4"  # 一、本年新收: the organisation columns sum to 1
    tables = parse(report(tab_text(flat)))
    assert_cells(tables["applications"].cells, EXPECTED)
    fails = [c for c in table_checks(tables) if c.status == "fail"]
    assert [c.id for c in fails] == ["applications.subtotal.new_received"]


MISPRINTS = [("2.重复申请", "2.重夏申请", 16), ("（七）总计", "（七）总汁", 23), ("7.属于行政执法案卷", "7.属于行政法案卷", 10),
             ("1.本机关不掌握相关政府信息", "1.本机关不掌相关政府信息", 12), ("（一）予以公开", "（一）予已公开", 2),
             ("二、上年结转政府信息公开申请数量", "二、上年结专政府信息公开申请数量", 1),
             ("一、本年新收政府信息公开申请数量", "一、本新收政府信息公开申请数量", 0)]


@pytest.mark.parametrize("layout", [tab_rows, space_rows, pipe_rows])
@pytest.mark.parametrize("label, misprinted, row", MISPRINTS)
def test_misprinted_label_finds_its_row(layout, label, misprinted, row):
    values = [2, 0, 1, 0, 0, 0, 3]  # distinctive, so a merge into the row above would show
    rows = with_row(row, values)
    rows[row] = (misprinted, values)
    t = parse(report(layout(rows)))["applications"]
    expected = dict(EXPECTED, **{f"{KEYS[row]}.{c}": v for c, v in zip(APPLICANT_COLUMNS, values)})
    assert_cells(t.cells, expected)
    assert not [i for i in t.issues if i.kind in ("long_row", "missing_row")]
    assert any(misprinted in w for w in t.warnings)


def test_unrelated_text_with_values_is_not_taken_for_a_row():
    raw = tab_rows().replace("（七）总计", "说明\t9\t9\t9\t9\t9\t9\t9\n（七）总计")
    t = parse(report(raw))["applications"]
    assert_cells(t.cells, {k: v for k, v in EXPECTED.items() if not k.startswith("other_other")})


GRANTED = "（一）予以公开\t3\t1\t0\t0\t0\t0\t4"
# (row as printed, expected granted cells, cells that must be OCR-corrected, a warning expected)
OCR_CASES = [
    ("（一）予以公开\t3\tl\tO\t0\t0\t0\t4", [3, 1, 0, 0, 0, 0, 4], {"commercial", "research"}, False),
    ("（一）予以公开\t3\tI\t0\t〇\t0\to\t4", [3, 1, 0, 0, 0, 0, 4], {"commercial", "social_org", "other_org"}, False),
    ("（一）予以公开\t3\t|\t0\t0\t0\t0\t4", [3, 1, 0, 0, 0, 0, 4], {"commercial"}, False),
    ("（一）予以公开\t3\tl\t0\t0\t0\t0\t5", [3, None, 0, 0, 0, 0, 5], set(), True),
    ("（一）予以公开\t3\tl\t\t0\t0\t0\t4", [3, None, None, 0, 0, 0, 4], set(), True),
    ("（一）予以公开 3 l O 0 0 0 4", [3, 1, 0, 0, 0, 0, 4], {"commercial", "research"}, False),
]


@pytest.mark.parametrize("row, expected, corrected, warned", OCR_CASES)
def test_ocr_letters_corrected_only_when_the_row_adds_up(row, expected, corrected, warned):
    t = parse(report(tab_rows().replace(GRANTED, row)))["applications"]
    assert_cells(t.cells, {f"granted.{c}": v for c, v in zip(APPLICANT_COLUMNS, expected)})
    assert {k.split(".")[1] for k, how in t.provenance.items() if how == "ocr"} == corrected
    assert {f"granted.{c}" for c in corrected} <= t.doubtful
    assert any("疑似文字识别错误" in w for w in t.warnings) == warned


@pytest.mark.parametrize("row, blank", [
    ("（一）予以公开\t3\tl\t0\t0\t0\t0\t5", set()),  # unreadable, not blank: no blank-cell finding
    ("（一）予以公开\t3\tl\t\t0\t0\t0\t4", {"granted"}),  # the empty cell beside it is blank
])
def test_unreadable_ocr_cell_is_not_called_blank(row, blank):
    t = parse(report(tab_rows().replace(GRANTED, row)))["applications"]
    assert t.cells["granted.commercial"] is None
    named = {r for i in t.issues if i.kind == "blank_cells" for r in i.rows}
    assert named & {"granted"} == blank


def test_ocr_letter_after_a_long_label_with_commas():
    label = APPLICATION_ROWS[3][0]
    wrapped = f"{label[:14]} 1 0 0 0 0 0 1\n{label[14:]}\n"
    assert wrapped in space_rows()
    t = parse(report(space_rows().replace(wrapped, f"{label} 1 0 0 0 〇 0 1\n")))["applications"]
    assert t.cells["partially_granted.natural_person"] == 1
    assert t.how("partially_granted.legal_service") == "ocr"


def test_ocr_two_digit_and_review_group():
    rows = with_row(0, [10, 4, 0, 0, 0, 0, 14])
    raw = tab_rows(rows).replace("\t10\t4\t0\t0\t0\t0\t14", "\t1O\t4\t0\t0\t0\t0\tl4")
    tables = parse(report(raw).replace(REVIEW, REVIEW.replace("1\t0\t0\t1\t2", "l\t0\t0\t1\t2")))
    assert tables["applications"].cells["new_received.natural_person"] == 10
    assert tables["applications"].cells["new_received.total"] == 14
    assert tables["review_litigation"].cells["review.maintained"] == 1
    assert tables["review_litigation"].how("review.maintained") == "ocr"


def test_ocr_letter_in_table_two_is_left_alone_with_a_warning():
    tables = parse(report(tab_rows()).replace("规章\t0\t0\t1", "规章\t0\t0\tl"))
    t = tables["active_disclosure"]
    assert t.cells["regulations.in_force"] is None
    assert any("“l”" in w for w in t.warnings)


def _blocks(sep: str) -> str:
    labels = "".join(f"| {label} |\n" for label, _ in APPLICATION_ROWS)
    if sep == "|":
        values = "".join("| " + " | ".join(map(str, v)) + " |\n" for _, v in APPLICATION_ROWS)
    else:
        values = "".join(" ".join(map(str, v)) + "\n" for _, v in APPLICATION_ROWS)
    return "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n" + labels + values


@pytest.mark.parametrize("sep", ["|", " "])
def test_label_block_then_value_block_paired_back(sep):
    t = parse(report(_blocks(sep)))["applications"]
    assert_cells(t.cells, EXPECTED)
    assert not t.issues


@pytest.mark.parametrize("change", [
    ("| （一）予以公开 |", "| （一）予以开 |"),  # a misprinted label in the label block: matched by similarity
    ("| 申请人情况 |", "| 本年度部分公开1件，不予公开2件，总计办理12件。 |\n| 申请人情况 |"),  # keyed prose above
])
def test_label_block_paired_back_despite_a_misprint_or_prose_above(change):
    raw = _blocks("|")
    assert change[0] in raw
    t = parse(report(raw.replace(change[0], change[1], 1)))["applications"]
    assert_cells(t.cells, EXPECTED)


def test_value_block_of_another_length_is_not_paired_by_guess():
    raw = _blocks("|").replace("| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n", "", 1)
    t = parse(report(raw))["applications"]
    assert t.cells["new_received.total"] is None or t.issues


def test_provenance_read_aligned_deduced():
    t = parse(report(tab_rows().replace(GRANTED, "（一）予以公开\t3\t1\t0\t0\t0\t4")))["applications"]
    assert t.how("new_received.total") == "read"
    assert "new_received.total" not in t.doubtful
    granted = {f"granted.{c}" for c in APPLICANT_COLUMNS}
    assert granted <= t.doubtful
    assert {t.how(k) for k in granted} <= {"aligned", "deduced"}


@pytest.mark.parametrize("label, misprinted, key, value", [
    ("行政许可", "行政许司", "licensing.decisions", 120), ("行政处罚", "行政处法", "punishment.decisions", 7),
    ("行政规范性文件", "行政规范性文仲", "normative_documents.in_force", 12)])
def test_misprinted_table_two_label_finds_its_row(label, misprinted, key, value):
    raw = report(tab_rows())
    assert f"\n{label}\t" in raw
    t = parse(raw.replace(f"\n{label}\t", f"\n{misprinted}\t"))["active_disclosure"]
    assert t.cells[key] == value
    assert not [i for i in t.issues if i.kind == "missing_row"]


def test_table_two_header_words_are_not_taken_for_rows():
    t = parse(report(tab_rows()))["active_disclosure"]
    assert not t.issues


def test_report_json_lists_the_cells_not_read_directly():
    from service.core.pipeline import Pipeline

    raw = report(tab_rows().replace(GRANTED, "（一）予以公开\t3\t1\t0\t0\t0\t4"))
    out = Pipeline().run(raw).tables.applications
    assert {k.split(".")[0] for k in out.provenance} == {"granted"}
    assert set(out.provenance.values()) <= {"aligned", "deduced"}
