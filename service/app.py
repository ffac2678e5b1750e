"""FastAPI application factory; the lifespan starts the worker pool (each worker loads the models once)."""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from service.api.audit_routes import router as audit_router
from service.api.errors import install_error_handlers
from service.api.jobs_routes import router as jobs_router
from service.api.review_routes import router as review_router
from service.api.routes import router
from service.base.settings import Settings, get_settings
from service.gateway.access import AccessLog
from service.gateway.headers import SecurityHeaders
from service.gateway.state import jobs_lifespan, log_key_mode
from service.runtime.workers import WorkerPool
from service.web.mount import install_web

_ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}
_COMMON_ERRORS = {"404": "接口不存在（NOT_FOUND）", "405": "不支持的请求方法（METHOD_NOT_ALLOWED）",
                  "500": "服务内部错误（INTERNAL，附追踪号）"}


def create_app(settings: Settings | None = None, pool: WorkerPool | None = None) -> FastAPI:
    """The nianbao HTTP app; pass a started pool to share one (it is then not closed with the app)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings
        log_key_mode(settings)
        app.state.pool = pool or WorkerPool(settings=settings)
        try:
            async with jobs_lifespan(app, settings):  # store, JobRunner on app.state.pool
                yield
        finally:
            if pool is None:
                app.state.pool.close()

    app = FastAPI(
        title="nianbao",
        version="0.1.0",
        description="政府信息公开工作年度报告的离线抽取与核对服务：章节、统计表、正文数字、平台与机构，以及表内勾稽、"
                    "正文与表格、其中分项之和、完整性核对。每个数值和每项核对都附有指向 document.text 的证据位置。"
                    '除报告外的每个答复都是 JSON {"error": {"code", "message"}}。',
        lifespan=lifespan,
        docs_url="/docs" if settings.docs else None,
        redoc_url="/redoc" if settings.docs else None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(jobs_router)
    app.include_router(audit_router)
    app.include_router(review_router)
    install_web(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    app.openapi = lambda: _openapi(app, settings)
    return app


def _openapi(app: FastAPI, settings: Settings) -> dict:
    """The generated spec plus what FastAPI leaves out: the error shape on every route, and the key scheme."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorResponse", {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    for path, methods in spec["paths"].items():
        for op in methods.values():
            responses = op.setdefault("responses", {})
            for status, text in _COMMON_ERRORS.items():
                responses.setdefault(status, {"description": text})
            if "requestBody" in op:
                responses.setdefault("400", {"description": "请求格式不正确（BAD_REQUEST / EMPTY_INPUT）"})
            if "requestBody" in op or op.get("parameters"):
                responses["422"] = {"description": "请求内容不符合接口要求"}
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = {"application/json": {"schema": _ERROR_REF}}
            if settings.api_keys and path.startswith("/v1/"):
                op["security"] = [{"ApiKey": []}]
                responses.setdefault("401", {"description": "缺少或错误的 API 密钥（UNAUTHORIZED）",
                                             "content": {"application/json": {"schema": _ERROR_REF}}})
    if settings.api_keys:
        spec["components"]["securitySchemes"] = {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}
    app.openapi_schema = spec
    return spec
