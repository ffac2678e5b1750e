"""A short seeded fuzz of Pipeline.run over text: a generated report cut at the fixed windows of service/core (right
after an anchor word too), with numerals, long digit runs, separators, headings and odd Unicode put in. Every run
gives a report or a coded error, within a second. It holds the crashes and slow inputs a longer run found
(万二亿, a cut after 由 at 2,500 characters, cells and counts of thousands of digits, runs of spaces and numerals)."""
from __future__ import annotations

import random
import time

import pytest

from service.base.errors import NianbaoError

WINDOWS = [40, 200, 300, 400, 800, 1200, 1500, 2500, 3000, 6500]
TAILS = ["委员会由", "人民政府在", "局", "2021年", "一、", "（一）", "十万", "其中", "合计\t", "|"]
TOKENS = ["万二亿", "十万二亿", "九〇" * 9, "9" * 5000, "9" * 400 + "件", "1" + " " * 300 + "x", "十" * 5000 + "是",
          "\n" + " " * 5000 + "存在的主要问题", "局" * 3000, "\t", "|", "一、", "第六部分", "（", "》", "０１２",
          "\u0301", "\u202e", "\u200b", "\ue000", "\ufeff", "😀", "\r"]


@pytest.fixture(scope="module")
def report_text() -> str:
    from training.generate import generate

    return generate(1, seed=3, prefix="fz")[0]["text"]


def _run(pipeline, text: str) -> None:
    started = time.perf_counter()
    try:
        pipeline.run(text)
    except NianbaoError:
        pass
    assert time.perf_counter() - started < 1.0, (len(text), text[:80])


def test_cut_at_every_window_after_every_tail(pipeline, report_text):
    for w in WINDOWS:
        for tail in TAILS:
            _run(pipeline, report_text[:max(0, w - len(tail))] + tail)


def test_tokens_put_in_at_random(pipeline, report_text):
    rng = random.Random(19)
    for _ in range(60):
        text = report_text
        for _ in range(rng.randint(1, 3)):
            p = rng.randrange(len(text) + 1)
            text = text[:p] + rng.choice(TOKENS) + text[p:]
        _run(pipeline, text)


@pytest.mark.parametrize("text", ["一", "9", "\t", "|", "万", "\u0301", "\ue000", " ", "\n"])
def test_one_character(pipeline, text):
    _run(pipeline, text)
