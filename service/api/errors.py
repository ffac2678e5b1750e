"""The only place that maps errors to HTTP statuses: coded NianbaoErrors and request validation errors."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ..errors import NianbaoError


def install_error_handlers(app: FastAPI) -> None:
    """JSON {"error": {"code", "message"}} for every client mistake."""

    @app.exception_handler(NianbaoError)
    async def nianbao_error(request: Request, exc: NianbaoError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content=exc.to_dict())

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", []))
        return JSONResponse(status_code=422, content={"error": {
            "code": "INVALID_REQUEST", "message": f"请求内容不符合接口要求（{where}：{first.get('msg', '')}）。"}})
