"""The forms as drawn are the official ones: rectangular grids whose value places are exactly the contract's cells,
and a form filled in and written as TAB rows is read back by the project's own table parser."""
from __future__ import annotations

import pytest

from service.core.ingest.grid import place, tab_lines
from service.core.normalise import normalise
from service.core.sections import find_sections
from service.core.tables import parse_tables
from service.core.tables.templates import ACTIVE_COLUMNS, APPLICANT_COLUMNS, OUTCOME_ROWS_2021, REVIEW_KEYS
from service.web.forms import Form, active_form, applications_form, form_template, review_form
from tests.fixtures import tables_text

FIXED = ["new_received", "carried_over", "total_processed", "carried_forward"]
ROWS_2019 = [r for r in OUTCOME_ROWS_2021 if not r.startswith("other_")] + ["other_handling"]
EXPECTED_KEYS = {
    ("active", "2021"): {f"active_disclosure.{r}.{c}" for r, cols in ACTIVE_COLUMNS["2021"].items() for c in cols},
    ("active", "2019"): {f"active_disclosure.{r}.{c}" for r, cols in ACTIVE_COLUMNS["2019"].items() for c in cols},
    ("applications", "2021"): {f"applications.{r}.{c}" for r in OUTCOME_ROWS_2021 + FIXED for c in APPLICANT_COLUMNS},
    ("applications", "2019"): {f"applications.{r}.{c}" for r in ROWS_2019 + FIXED for c in APPLICANT_COLUMNS},
    ("review", "2021"): {f"review_litigation.{k}" for k in REVIEW_KEYS},
}
BUILD = {"active": active_form, "applications": applications_form, "review": review_form}


def model(form: Form, values: dict[str, object]) -> list[list[tuple[str, int, int]]]:
    """The form as the HTML table model, value places filled from `values`."""
    return [[(c.text if c.head else str(values.get(c.key, "")), c.rowspan, c.colspan) for c in row] for row in form.rows]


@pytest.mark.parametrize(("table", "template"), list(EXPECTED_KEYS))
def test_form_is_a_full_grid_of_the_contract_cells(table, template):
    form = BUILD[table](template)
    cells = place(model(form, {}))
    width = max(c.col + c.colspan for c in cells)
    height = max(c.row + c.rowspan for c in cells)
    covered = [(c.row + i, c.col + j) for c in cells for i in range(c.rowspan) for j in range(c.colspan)]
    assert len(covered) == len(set(covered)) == width * height  # no holes, no overlaps
    keys = [c.key for row in form.rows for c in row if c.key]
    assert len(keys) == len(set(keys))
    assert set(keys) == EXPECTED_KEYS[(table, template)]


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_filled_application_form_reads_back(template):
    form = applications_form(template)
    keys = [c.key for row in form.rows for c in row if c.key]
    values = {k: (n * 7) % 5 for n, k in enumerate(keys)}
    text = "\n".join(tab_lines(place(model(form, values)))) + "\n"
    norm = normalise(tables_text.report(text)).text
    cells = parse_tables(norm, find_sections(norm))["applications"].cells
    wrong = {k: (cells.get(k.split(".", 1)[1]), v) for k, v in values.items() if cells.get(k.split(".", 1)[1]) != v}
    assert not wrong


@pytest.mark.parametrize(("cells", "own", "report", "expected"), [
    ({"other_handling.total": 1}, None, "2021", "2019"),
    ({"other_overdue_fee.total": 1}, None, "2019", "2021"),
    ({}, "2019", "2021", "2019"),
    ({}, None, "unknown", "2021"),
    ({}, None, "2019", "2019"),
])
def test_which_form_is_drawn(cells, own, report, expected):
    assert form_template("applications", {"cells": cells, "template": own}, report) == expected
