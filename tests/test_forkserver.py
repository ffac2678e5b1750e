"""Local workers fork from a forkserver that loaded the models once: they start with those models, under their own
settings, start fast, and a pool asking for other models loads its own."""
from __future__ import annotations

import time

import pytest

from service.base.settings import Settings
from service.runtime import forkserver
from service.runtime.workers import WorkerPool
from tests.fixtures.preloaded import models_origin

pytestmark = pytest.mark.skipif(not forkserver.available(), reason="no forkserver start method on this platform")

REPORT = "一、总体情况\n本机关收到政府信息公开申请3件。"


def test_workers_share_the_preloaded_models_under_their_own_settings():
    settings = Settings(max_seconds=17.0)
    with WorkerPool(1, settings) as pool:
        origin = pool._schedule(models_origin, ()).result(timeout=120)
        outcome = pool.run(REPORT)
    assert origin == {"forked": True, "shared": True, "max_seconds": 17.0}
    assert "result" in outcome


def test_a_second_pool_starts_from_the_running_forkserver_in_well_under_a_second():
    with WorkerPool(1) as pool:  # the forkserver is up and has loaded the models
        assert pool.wait_ready(120)
    started = time.perf_counter()
    with WorkerPool(2) as pool:
        assert pool.wait_ready(120)
        took = time.perf_counter() - started
    assert took < 0.8, f"two workers took {took:.2f} s to be ready"


def test_other_models_are_loaded_by_the_worker_itself(tmp_path):
    settings = Settings(models_dir=tmp_path / "no-models")  # absent: the rules alone, not the preloaded models
    with WorkerPool(1, settings) as pool:
        origin = pool._schedule(models_origin, ()).result(timeout=120)
        outcome = pool.run(REPORT)
    assert origin["forked"] and not origin["shared"]
    assert "result" in outcome
