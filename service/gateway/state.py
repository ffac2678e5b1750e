"""What the app's lifespan opens and every route reads from app.state: the worker pool, the store, the JobRunner.

Both front doors (api/ and web/) get them through these FastAPI dependencies, so neither imports the other.
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import sessionmaker

from service.base.settings import Settings
from service.collections.jobs import JobRunner
from service.runtime.workers import WorkerPool
from service.store import make_engine, make_sessionmaker, upgrade

log = logging.getLogger("nianbao.api")


def log_key_mode(settings: Settings) -> None:
    """One start-up line: open to all, or how many keys (by label, never the key) guard the service."""
    labels = sorted(settings.key_labels().values())
    if labels:
        log.info("API 密钥：已配置 %d 个（%s）；每个接口和页面都需要密钥", len(labels), "、".join(labels))
    else:
        log.warning("未设置 NIANBAO_API_KEYS：服务对所有能访问此端口的人开放")


async def get_pool(request: Request) -> WorkerPool:
    """The worker pool the lifespan started (a coroutine, so FastAPI does not hop to its thread pool for it)."""
    return request.app.state.pool


def get_jobs(request: Request) -> JobRunner:
    """The JobRunner the lifespan started."""
    return request.app.state.jobs


def get_sessions(request: Request) -> sessionmaker:
    """The store's sessionmaker the lifespan opened."""
    return request.app.state.sessions


@asynccontextmanager
async def jobs_lifespan(app: FastAPI, settings: Settings):
    """Open the store (schema upgraded), then the JobRunner on the app's pool (or a Dask cluster); resume jobs."""
    from service.runtime.pools import open_pool

    engine = make_engine(settings.database_url)
    try:
        await run_in_threadpool(upgrade, engine)
    except Exception:  # another server process migrating the same database at the same moment: once more
        await asyncio.sleep(1)
        await run_in_threadpool(upgrade, engine)
    app.state.sessions = make_sessionmaker(engine)
    shared = getattr(app.state, "pool", None)
    pool = shared if shared is not None and not settings.dask_scheduler else open_pool(settings)
    app.state.jobs = JobRunner(settings, app.state.sessions, pool)
    await run_in_threadpool(app.state.jobs.resume)
    try:
        yield
    finally:
        app.state.jobs.close()
        if pool is not shared:
            pool.close()
        engine.dispose()
