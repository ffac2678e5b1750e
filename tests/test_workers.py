"""The worker pool answers every document with an outcome dict: a result or a coded error, never an exception."""
from __future__ import annotations

import pytest

from service.settings import Settings
from service.workers import WorkerPool

REPORT = "某某县统计局2023年政府信息公开工作年度报告\n一、总体情况\n本机关收到政府信息公开申请3件。\n"


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(1, Settings(use_models=False)) as p:
        yield p


@pytest.mark.parametrize(("data", "expected"), [
    (REPORT.encode(), "result"),
    (b"", "EMPTY_INPUT"),
    (b"\x00\x01\x02\xff" * 64, "UNDECODABLE"),
])
def test_outcomes(pool, data, expected):
    outcome = pool.run(data, "x.txt")
    got = "result" if "result" in outcome else outcome["error"]["code"]
    assert got == expected
    if expected == "result":
        assert outcome["result"]["report"]["year"] == 2023


def test_unreadable_path_is_an_error_row(pool, tmp_path):
    future = pool.submit_path(tmp_path / "missing.txt")
    assert future.result()["error"]["code"] == "READ_ERROR"
