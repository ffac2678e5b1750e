"""Choosing the executor: the local process pool by default, a Dask cluster when a scheduler address is given."""
from __future__ import annotations

from service.base.settings import Settings, get_settings
from service.runtime.workers import WorkerPool


def open_pool(settings: Settings | None = None, workers: int | None = None, scheduler: str | None = None):
    """A DaskPool when a scheduler is given (or settings.dask_scheduler), else the local WorkerPool."""
    settings = settings or get_settings()
    scheduler = scheduler or settings.dask_scheduler
    if scheduler:
        from service.runtime.dask_pool import DaskPool  # distributed is imported only when a cluster is used

        return DaskPool(scheduler, settings)
    return WorkerPool(workers, settings)
