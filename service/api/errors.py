"""The only place that maps errors to HTTP statuses: every answer that is not a report is JSON
{"error": {"code", "message"}} — coded NianbaoErrors, Starlette's own errors (404, 405, multipart, body too large),
request validation, and unexpected exceptions (INTERNAL, logged with a trace id that is returned)."""
from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from service.base.errors import Busy, NianbaoError, cut, trace_of

log = logging.getLogger("nianbao.api")
# Starlette's statuses as stable codes with Chinese messages (its English detail is not shown to users).
HTTP_CODES = {
    400: ("BAD_REQUEST", "请求格式不正确。"),
    404: ("NOT_FOUND", "接口不存在：请查看 /docs 或 /openapi.json。"),
    405: ("METHOD_NOT_ALLOWED", "该接口不支持此请求方法。"),
    413: ("TOO_LARGE", "请求体过大，超过了服务允许的大小上限。"),
    415: ("UNSUPPORTED_MEDIA_TYPE", "不支持的请求内容类型。"),
}


# pydantic's error types in Chinese (its English text, and the client's input it quotes, are never shown)
_PROBLEMS = {
    "missing": "缺少必填项", "extra_forbidden": "不接受该字段", "json_invalid": "不是合法的 JSON",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字", "finite_number": "应为有限的数字（不接受 Infinity、NaN）",
    "bool_parsing": "应为 true/false 或 1/0", "bool_type": "应为 true/false",
    "string_type": "应为字符串", "string_too_long": "过长", "string_too_short": "过短",
    "too_long": "条目过多", "too_short": "条目过少", "string_pattern_mismatch": "格式不正确",
    "literal_error": "取值不在允许的范围内", "enum": "取值不在允许的范围内", "dict_type": "应为 JSON 对象",
    "list_type": "应为 JSON 列表", "model_attributes_type": "应为 JSON 对象",
}
_BOUNDS = {"greater_than_equal": ("ge", "不能小于"), "greater_than": ("gt", "应大于"),
           "less_than_equal": ("le", "不能大于"), "less_than": ("lt", "应小于")}


def problem_of(error: dict) -> str:
    """One pydantic error as a short Chinese phrase."""
    kind = error.get("type", "")
    if kind == "value_error":  # a validator of ours: its message is already Chinese
        return cut(str((error.get("ctx") or {}).get("error", "")), 80) or "取值无效"
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        return f"{words} {cut((error.get('ctx') or {}).get(name, ''), 20)}"
    return _PROBLEMS.get(kind, "取值无效")


def error_json(status: int, code: str, message: str, headers: dict | None = None, **extra) -> JSONResponse:
    """The one error shape."""
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message, **extra}},
                        headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method served at the request's path (Starlette's own Allow names only the first route found there)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    """JSON {"error": {"code", "message"}} for every answer that is not a report."""

    @app.exception_handler(NianbaoError)
    async def nianbao_error(request: Request, exc: NianbaoError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else None
        return JSONResponse(status_code=exc.status, content=exc.to_dict(), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = cut(".".join(str(p) for p in first.get("loc", [])), 60)
        return error_json(422, "INVALID_REQUEST", f"请求内容不符合接口要求（{where}：{problem_of(first)}）。")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code, message = HTTP_CODES.get(exc.status_code, ("HTTP_ERROR", "请求无法处理。"))
        if exc.status_code == 400 and exc.detail:  # multipart parse errors: say what was wrong, in Chinese
            message = "multipart 请求体无法解析，请检查格式与 boundary。"
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return error_json(exc.status_code, code, message, headers=headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        trace_id = uuid.uuid4().hex[:12]
        log.error("internal error %s on %s %s: %s", trace_id, request.method, request.url.path, trace_of(exc))
        return error_json(500, "INTERNAL", f"服务内部错误（追踪号 {trace_id}），请联系管理员。", trace_id=trace_id)
