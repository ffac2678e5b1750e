"""Property tests per format: real fixtures mutated (bytes flipped, truncated, inflated) get a report or a coded
error from the worker pool, within the deadline — never an exception, a hang or INTERNAL."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.base.errors import status_of
from service.base.settings import Settings
from service.runtime.workers import HARD_GRACE_SECONDS, WorkerPool
from training.formats import render
from training.formats.report import report

DEADLINE = 5.0
FORMATS = ("text", "html", "docx", "pdf")


@pytest.fixture(scope="module")
def fuzz_pool():
    with WorkerPool(1, Settings(max_seconds=DEADLINE)) as pool:
        yield pool


@pytest.fixture(scope="module")
def originals() -> dict[str, bytes]:
    rep = report()
    return {"text": render.to_text(rep).encode("utf-8"), "html": render.to_html(rep),
            "docx": render.to_docx(rep), "pdf": render.to_pdf(rep)}


@st.composite
def mutations(draw, size: int):
    """(kind, position, amount, byte): where and how to damage a file of `size` bytes."""
    kind = draw(st.sampled_from(["flip", "truncate", "inflate"]))
    return kind, draw(st.integers(0, max(0, size - 1))), draw(st.integers(1, 64)), draw(st.integers(0, 255))


def mutate(data: bytes, kind: str, pos: int, amount: int, byte: int) -> bytes:
    if kind == "flip":
        out = bytearray(data)
        for i in range(pos, min(len(out), pos + amount)):
            out[i] ^= byte or 0xFF
        return bytes(out)
    if kind == "truncate":
        return data[:pos]
    return data[:pos] + data[pos:pos + amount] * 200 + data[pos:]  # a run repeated in place


@pytest.mark.parametrize("fmt", FORMATS)
def test_mutated_files_get_an_answer(fuzz_pool, originals, fmt):
    data = originals[fmt]

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutations(len(data)))
    def check(mutation):
        started = time.monotonic()
        outcome = fuzz_pool.run(mutate(data, *mutation), f"x.{fmt}")
        assert time.monotonic() - started < DEADLINE + HARD_GRACE_SECONDS + 30  # + spawning a replaced worker
        if "error" in outcome:
            code = outcome["error"]["code"]
            assert code != "INTERNAL" and outcome["error"]["message"], outcome
            assert 400 <= status_of(code) < 500, code
        else:
            assert outcome["result"]["schema_version"] == "1"

    check()
