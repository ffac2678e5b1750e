"""One worker pool for the API tests (starting workers costs seconds; every test module shares it)."""
from __future__ import annotations

import pytest

from service.base.settings import Settings
from service.runtime.workers import WorkerPool
from tests.conftest import wait_ready

API_SETTINGS = Settings(max_bytes=200_000, workers=1, max_seconds=30)


@pytest.fixture(scope="session")
def api_pool():
    with WorkerPool(1, API_SETTINGS) as pool:
        wait_ready(pool)
        yield pool
