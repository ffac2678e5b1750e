"""Routes: POST /v1/extract (raw text or file bytes, JSON {"text"}, or multipart file), GET /healthz, GET /readyz.

Extraction never runs in the server process: the document goes to the worker pool (app.state.pool) and the event
loop only waits, so /healthz answers whatever the workers are doing.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from service.base.errors import BadRequest, Busy, EmptyInput, TooComplex, TooLarge, status_of
from service.base.schema import ErrorResponse, Report, TextRequest
from service.core.ingest.limits import check_json_depth
from service.gateway.keys import check_key, signed_in
from service.gateway.state import get_pool
from service.runtime.workers import LOST_TWICE, WorkerPool, outcome_of, worker_lost

router = APIRouter()
log = logging.getLogger("nianbao.api")
DISCONNECT_POLL_SECONDS = 0.25
_MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file
_MAX_FORM_FIELDS = 16  # text fields besides `file` are ignored; more than this many is a malformed upload
_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 413, 415, 422, 503)}


async def _read_body(request: Request, limit: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge()
    return bytes(body)


def _json_text(body: bytes, depth: int) -> tuple[str, str | None]:
    check_json_depth(body, depth)
    try:
        payload = TextRequest.model_validate(json.loads(body))
    except RecursionError as exc:
        raise TooComplex("JSON 嵌套过深，结构过于复杂，已拒绝处理。") from exc
    except (ValueError, TypeError) as exc:
        raise BadRequest('JSON 请求体应为 {"text": "报告全文"}。') from exc
    if not payload.text.strip():
        raise EmptyInput()
    return payload.text, payload.filename


async def _payload(request: Request) -> tuple[bytes | str, str | None]:
    """(data, filename) from a raw body, JSON {"text": …} or a multipart upload; sizes checked while reading."""
    settings = request.app.state.settings
    limit = settings.max_bytes
    ctype = request.headers.get("content-type", "").lower()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + _MULTIPART_OVERHEAD:
        raise TooLarge()
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=_MAX_FORM_FIELDS)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise BadRequest("multipart 请求中缺少名为 file 的文件字段。")
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise TooLarge()
        if not data.strip():
            raise EmptyInput()
        return data, upload.filename
    body = await _read_body(request, limit)
    if not body.strip():
        raise EmptyInput()
    if ctype.startswith("application/json"):
        return _json_text(body, settings.max_json_depth)
    return body, request.headers.get("x-filename")


async def _outcome(request: Request, pool: WorkerPool, data: bytes | str, filename: str | None) -> dict | None:
    """Run one document on the pool; None when the client went away (its document is cancelled)."""
    if pool.full:
        raise Busy(retry_after=pool.retry_after())
    for _attempt in (1, 2):  # a worker lost under the document: once more on a fresh one
        future = pool.submit_json(data, filename)
        waiter = asyncio.wrap_future(future)
        while True:
            done, _ = await asyncio.wait({waiter}, timeout=DISCONNECT_POLL_SECONDS)
            if done:
                break
            if await request.is_disconnected():
                future.cancel()  # a running document ends its worker, which the pool replaces
                return None
        outcome = outcome_of(future, pool.deadline)
        if not worker_lost(outcome):
            return outcome
    return dict(LOST_TWICE)


_BODY = {"requestBody": {"required": True, "content": {
    "text/plain": {"schema": {"type": "string", "minLength": 1, "pattern": r"\S"},
                   "example": "某某局2023年政府信息公开工作年度报告\n一、总体情况\n…"},
    "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
        "text": {"type": "string", "minLength": 1, "pattern": r"\S", "description": "报告全文"},
        "filename": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "原文件名（可选，仅用于记录）"}}}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "maxProperties": 1 + _MAX_FORM_FIELDS,
                                       "properties": {"file": {"type": "string", "format": "binary", "minLength": 1}}}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
}}}


@router.post("/v1/extract", response_model=Report, responses=_ERRORS, dependencies=[Depends(check_key)],
             openapi_extra=_BODY,
             summary="抽取并核对一份年度报告",
             description="请求体可以是：原始文本或文件字节（任意 Content-Type，按内容识别格式）；"
                         'JSON {"text": "…"}；或 multipart/form-data 的 file 字段。每份文档在独立的工作进程中处理，'
                         "有处理时限（TIMEOUT）与内存上限（TOO_COMPLEX）；排队已满时答复 503 并给出 Retry-After。")
async def extract(request: Request, pool: WorkerPool = Depends(get_pool)) -> Response:
    started = time.perf_counter()
    data, filename = await _payload(request)
    outcome = await _outcome(request, pool, data, filename)
    label = getattr(request.state, "client_label", None)
    ms = (time.perf_counter() - started) * 1000
    if outcome is None:
        log.info("extract cancelled: client disconnected after %.0f ms (client=%s, %d bytes)", ms, label, len(data))
        return Response(status_code=499)
    if "result_json" in outcome:
        log.info("extract ok in %.0f ms (client=%s, %d bytes)", ms, label, len(data))
        return Response(content=outcome["result_json"], media_type="application/json")
    error = outcome["error"]
    log.info("extract %s in %.0f ms (client=%s, %d bytes)", error["code"], ms, label, len(data))
    return JSONResponse(status_code=status_of(error["code"]), content={"error": error})


@router.get("/healthz", summary="存活检查", description="服务进程在运行即答复，不依赖工作进程，毫秒级。")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="就绪检查", responses={503: {"model": ErrorResponse}},
            description="模型已在至少一个工作进程中加载、工作进程存活且队列未满时答复 200，否则 503。"
                        "配置了 API 密钥时，工作进程与队列的计数只答复给持有密钥的请求。")
async def readyz(request: Request, pool: WorkerPool = Depends(get_pool)) -> JSONResponse:
    status = pool.status()
    shown = status if signed_in(request) else {}  # a stranger learns ready or not, never the pool's size
    if status["accepting"] and status["loaded"] > 0 and status["pending"] < status["capacity"]:
        return JSONResponse({"status": "ready", **shown})
    return JSONResponse(status_code=503, content={"error": {
        "code": "NOT_READY", "message": "服务尚未就绪：工作进程正在启动或加载模型，或队列已满。", **shown}})
