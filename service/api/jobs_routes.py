"""Jobs routes: POST /v1/jobs, GET /v1/jobs/{id}, GET /v1/jobs/{id}/results, GET /v1/reports/{id}."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import ValidationError
from starlette.background import BackgroundTask

from service.base.errors import NotFound, TooLarge, cut
from service.base.jsonl import dumps
from service.base.schema import ErrorResponse, UrlJobRequest
from service.base.version import content_hash
from service.collections.export import MEDIA
from service.collections.jobs import JobRunner
from service.collections.reviews.export import review_hooks
from service.gateway.keys import check_key
from service.gateway.state import get_jobs
from service.gateway.uploads import read_files

router = APIRouter(dependencies=[Depends(check_key)])
_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 404, 413, 422)}
_UPLOAD = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"},
                                "description": "每份报告一个 file 字段；或只有一个 zip 压缩包"}}}},
    "application/json": {"schema": UrlJobRequest.model_json_schema()}}}}
MAX_JSON_BYTES = 256 * 1024  # 50 URLs of 2048 characters, with room to spare


async def _url_job(request: Request) -> UrlJobRequest:
    """The JSON body, bounded while it is read; 422 (Chinese, by the validation handler) when it is not a valid
    {"urls": [...], "year"?, "max_docs"?}."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_JSON_BYTES:
            raise TooLarge(f"JSON 请求体超过 {MAX_JSON_BYTES // 1024} KB。")
    try:
        return UrlJobRequest.model_validate(json.loads(body))
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, ValidationError):
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": "invalid JSON"}]) from None


@router.post("/v1/jobs", status_code=202, responses=_ERRORS, openapi_extra=_UPLOAD,
             summary="提交一批报告（多个 file 字段或一个 zip），或一组网址（JSON）",
             description="multipart/form-data：每份报告一个 file 字段，或只上传一个 zip 压缩包。"
                         'application/json：{"urls": [...], "year"?: 年度, "max_docs"?: 份数}，在后台采集这些网址'
                         "（列表页、详情页或报告文件）并抽取，结果行同 nianbao collect（另有 url、page、title、fetched_at）；"
                         "可访问哪些内网站点只由服务端设置 NIANBAO_FETCH_ALLOW 决定。"
                         "立即返回任务编号；处理在后台的工作进程中进行，服务重启后会继续。")
async def submit_job(request: Request, jobs: JobRunner = Depends(get_jobs)) -> JSONResponse:
    key = request.headers.get("x-api-key")
    who = f"key:{content_hash(key)[:12]}" if key else None  # which key submitted, never the key itself
    if request.headers.get("content-type", "").lower().startswith("application/json"):
        body = await _url_job(request)
        job_id = await run_in_threadpool(jobs.submit_urls, body.urls, body.year, body.max_docs, who)
        content = {"id": job_id, "status": "queued", "kind": "urls", "urls": len(body.urls), "total": 0}
    else:
        files = await read_files(request, jobs.settings)
        job_id = await run_in_threadpool(jobs.submit, files, who)
        content = {"id": job_id, "status": "queued", "total": len(files)}
    return JSONResponse(status_code=202, content=content, headers={"Location": f"/v1/jobs/{job_id}"})


async def _status(jobs: JobRunner, job_id: str) -> dict:
    status = await run_in_threadpool(jobs.status, job_id)
    if status is None:
        raise NotFound(f"找不到任务 {cut(job_id)}。")
    return status


@router.get("/v1/jobs/{job_id}", responses=_ERRORS, summary="任务进度")
async def job_status(job_id: str, jobs: JobRunner = Depends(get_jobs)) -> dict:
    return await _status(jobs, job_id)


def _lines(jobs: JobRunner, job_id: str) -> Iterator[bytes]:
    for row in jobs.results(job_id):
        yield dumps(row)


def _export_file(jobs: JobRunner, job_id: str, kind: str) -> Path:
    from service.collections.export import export

    fd, name = tempfile.mkstemp(prefix="nianbao-", suffix=f".{kind}")
    os.close(fd)
    export(jobs.results(job_id), Path(name), review_hooks(jobs.sessions))
    return Path(name)


_RESULTS = {**_ERRORS, 200: {"description": "JSON Lines，或导出文件", "content": {
    "application/x-ndjson": {"schema": {"type": "string"}},
    **{media.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA.values()}}}}


@router.get("/v1/jobs/{job_id}/results", responses=_RESULTS, response_class=StreamingResponse,
            summary="任务结果（JSON Lines，或导出为 xlsx/csv/parquet）",
            description="默认每行一个文件：{file, sha256, id, result} 或 {file, sha256, error}，按提交顺序；"
                        "只含已完成的文件。format=xlsx|csv|parquet 返回导出文件。")
async def job_results(job_id: str, format: Literal["jsonl", "xlsx", "csv", "parquet"] = Query("jsonl"),
                      jobs: JobRunner = Depends(get_jobs)):
    await _status(jobs, job_id)
    if format == "jsonl":
        return StreamingResponse(_lines(jobs, job_id), media_type="application/x-ndjson")
    path = await run_in_threadpool(_export_file, jobs, job_id, format)
    return FileResponse(path, media_type=MEDIA[format], filename=f"nianbao-{job_id}.{format}",
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.get("/v1/reports/{report_id}", responses=_ERRORS, summary="一份已存储的抽取结果（契约 JSON）")
async def stored_report(report_id: str, jobs: JobRunner = Depends(get_jobs)) -> JSONResponse:
    result = await run_in_threadpool(jobs.report, report_id)
    if result is None:
        raise NotFound(f"找不到报告 {cut(report_id)}。")
    return JSONResponse(result)
