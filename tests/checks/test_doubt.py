"""A failing check that rests on a cell that was not read directly becomes `uncertain`, saying which cell in words."""
from __future__ import annotations

from service.base.schema import Check
from service.core.checks.doubt import soften


def _fail(cells: list[str]) -> Check:
    return Check(id="c1", kind="table_arithmetic", status="fail", message="表三“社会公益组织”列：3 ≠ 0", left=3, right=0,
                 cells=cells)


def test_a_doubtful_cell_softens_the_fail_and_is_named_in_chinese():
    cells = ["applications.granted.social_org", "applications.partially_granted.social_org",
             "applications.total_processed.social_org"]
    out = soften(_fail(cells), {"applications.partially_granted.social_org": "ocr", "applications.granted.social_org": "ocr"})
    assert out.status == "uncertain"
    assert "“（一）予以公开”（社会公益组织）等2个单元格" in out.message and "由OCR识别校正" in out.message
    assert "social_org" not in out.message and "granted" not in out.message


def test_cells_read_directly_leave_the_fail_as_it_is():
    check = _fail(["applications.granted.social_org"])
    assert soften(check, {"applications.granted.natural_person": "deduced"}) is check
    assert soften(check, {}) is check
