"""One worker pool for the API tests (starting workers costs seconds; every test module shares it)."""
from __future__ import annotations

import pytest

from service.settings import Settings
from service.workers import WorkerPool

API_SETTINGS = Settings(max_bytes=200_000, workers=1, max_seconds=30)


def wait_ready(pool: WorkerPool, seconds: float = 120) -> None:
    """Block until a worker has loaded its models."""
    if not pool.wait_ready(seconds):
        raise TimeoutError("worker pool did not load its models")


@pytest.fixture(scope="session")
def api_pool():
    with WorkerPool(1, API_SETTINGS) as pool:
        wait_ready(pool)
        yield pool
