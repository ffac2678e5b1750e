"""FastAPI application factory; the lifespan loads the pipeline (models) once per process."""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from ..pipeline import Pipeline
from ..settings import Settings, get_settings
from ..web import install_web
from .audit_routes import router as audit_router
from .errors import install_error_handlers
from .jobs_routes import jobs_lifespan
from .jobs_routes import router as jobs_router
from .review_routes import router as review_router
from .routes import router


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """The nianbao HTTP app; pass a pipeline to share one already loaded."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings
        app.state.pipeline = pipeline or Pipeline.load(settings)
        async with jobs_lifespan(app, settings):  # store, JobRunner (after app.state.pool when there is one)
            yield

    app = FastAPI(
        title="nianbao",
        version="0.1.0",
        description="政府信息公开工作年度报告的离线抽取与核对服务：章节、统计表、正文数字、平台与机构，以及表内勾稽、"
                    "正文与表格、其中分项之和、完整性核对。每个数值和每项核对都附有指向 document.text 的证据位置。",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(jobs_router)
    app.include_router(audit_router)
    app.include_router(review_router)
    install_web(app)
    return app
