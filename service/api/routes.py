"""Routes: POST /v1/extract (raw text, JSON {"text"}, or multipart file) and GET /healthz."""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from ..errors import BadRequest, EmptyInput, TooLarge, Unauthorized
from ..pipeline import Pipeline
from ..schema import ErrorResponse, Report, TextRequest

router = APIRouter()
_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 413, 415, 422)}


def get_pipeline(request: Request) -> Pipeline:
    """The pipeline the lifespan loaded."""
    return request.app.state.pipeline


def check_key(request: Request) -> None:
    """When API keys are configured, require one in X-API-Key."""
    keys = request.app.state.settings.api_keys
    if keys and request.headers.get("x-api-key") not in keys:
        raise Unauthorized()


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge()
    return bytes(body)


async def _payload(request: Request, limit: int) -> tuple[bytes | str, str | None]:
    """(data, filename) from a raw body, JSON {"text": …} or a multipart upload."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise BadRequest("multipart 请求中缺少名为 file 的文件字段。")
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise TooLarge()
        return data, upload.filename
    body = await _read_body(request, limit)
    if not body.strip():
        raise EmptyInput()
    if ctype.startswith("application/json"):
        try:
            payload = TextRequest.model_validate(json.loads(body))
        except (ValueError, TypeError) as exc:
            raise BadRequest('JSON 请求体应为 {"text": "报告全文"}。') from exc
        return payload.text, payload.filename
    return body, request.headers.get("x-filename")


_BODY = {"requestBody": {"required": True, "content": {
    "text/plain": {"schema": {"type": "string"}, "example": "某某局2023年政府信息公开工作年度报告\n一、总体情况\n…"},
    "application/json": {"schema": TextRequest.model_json_schema()},
    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                                       "required": ["file"]}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}}}


@router.post("/v1/extract", response_model=Report, responses=_ERRORS, dependencies=[Depends(check_key)],
             openapi_extra=_BODY,
             summary="抽取并核对一份年度报告",
             description="请求体可以是：原始文本或文件字节（任意 Content-Type，按内容识别格式）；"
                         'JSON {"text": "…"}；或 multipart/form-data 的 file 字段。')
async def extract(request: Request, pipeline: Pipeline = Depends(get_pipeline)) -> Report:
    data, filename = await _payload(request, pipeline.settings.max_bytes)
    return await run_in_threadpool(pipeline.run, data, filename)


@router.get("/healthz", summary="健康检查")
async def healthz(request: Request) -> dict:
    ready = getattr(request.app.state, "pipeline", None) is not None
    return {"status": "ok" if ready else "loading", "models": bool(ready and request.app.state.pipeline.nlp)}
