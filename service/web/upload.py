"""Upload at /: one or many files become a job; one file then opens its report page, several the job page."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..errors import BadRequest, EmptyInput, TooLarge
from .auth import key_label
from .pages import page_guard, templates

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_guard)])
MAX_FILES = 1000


@router.get("/", response_class=HTMLResponse)
async def upload_page(request: Request) -> Response:
    return templates.TemplateResponse(request, "upload.html", {})


async def _files(request: Request, limit: int) -> list[tuple[str, bytes]]:
    """(filename, bytes) of every uploaded file, each within the size limit."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise BadRequest("请以 multipart/form-data 上传文件（字段名 files）。")
    form = await request.form(max_files=MAX_FILES, max_fields=10)
    out = []
    for upload in form.getlist("files"):
        if isinstance(upload, str):
            continue
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"文件“{upload.filename}”超过了大小上限（{limit // (1024 * 1024)} MB）。")
        out.append((upload.filename or "未命名", data))
    if not out:
        raise EmptyInput("没有收到文件：请选择或拖入至少一个报告文件。")
    return out


@router.post("/upload")
async def upload(request: Request) -> Response:
    files = await _files(request, request.app.state.settings.max_bytes)
    jobs = request.app.state.jobs
    job_id = await run_in_threadpool(jobs.submit, files, key_label(request))
    url = f"/jobs/{job_id}" + ("?open=1" if len(files) == 1 else "")
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"job_id": job_id, "url": url, "files": len(files)}, status_code=201)
    return RedirectResponse(url, status_code=303)
