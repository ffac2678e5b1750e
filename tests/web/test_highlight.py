"""Evidence highlighting: overlapping spans become non-overlapping segments that keep every covering check and value."""
from __future__ import annotations

import pytest

from service.web.highlight import Marker, markers_of, segments

TEXT = "收到申请8件其中公开4件"


@pytest.mark.parametrize(("markers", "expected"), [
    ([], [(TEXT, [], [], None)]),
    ([Marker(2, 5, "check", "a", "fail")],
     [("收到", [], [], None), ("申请8", ["a"], [], "fail"), ("件其中公开4件", [], [], None)]),
    # two checks overlap a value: the middle piece carries both checks, the worst status wins
    ([Marker(0, 6, "check", "a", "pass"), Marker(4, 12, "check", "b", "uncertain"), Marker(4, 5, "value", "v")],
     [("收到申请", ["a"], [], "pass"), ("8", ["a", "b"], ["v"], "uncertain"), ("件", ["a", "b"], [], "uncertain"),
      ("其中公开4件", ["b"], [], "uncertain")]),
    # the same check twice over one place is listed once; spans outside the text or empty are dropped
    ([Marker(0, 2, "check", "a", "fail"), Marker(0, 2, "check", "a", "fail"), Marker(5, 5, "value", "x"),
      Marker(3, 99, "check", "z", "fail")],
     [("收到", ["a"], [], "fail"), ("申请8件其中公开4件", [], [], None)]),
])
def test_segments(markers, expected):
    got = segments(TEXT, markers)
    assert [(s.text, s.checks, s.values, s.status) for s in got] == expected
    assert "".join(s.text for s in got) == TEXT
    assert all(s.start == TEXT.index(s.text) or s.text == "" for s in got[:1])


def test_markers_cover_checks_cells_counts_and_facts():
    result = {"checks": [{"id": "c1", "status": "fail", "spans": [[0, 2], [4, 5]]}],
              "tables": {"applications": {"spans": {"granted.total": [4, 5]}}, "review_litigation": None},
              "counts": [{"span": [2, 6]}], "report": {"agency": {"span": [0, 1]}, "year_span": [1, 2]}}
    got = {(m.kind, m.ident, m.start, m.end) for m in markers_of(result)}
    assert got == {("check", "c1", 0, 2), ("check", "c1", 4, 5), ("value", "applications.granted.total", 4, 5),
                   ("value", "count.0", 2, 6), ("value", "report.agency", 0, 1), ("value", "report.year", 1, 2)}
