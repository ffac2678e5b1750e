"""Upload at /: one or many files (or a zip) become a job; one file then opens its report page, several the job page."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from service.gateway.keys import key_label
from service.gateway.uploads import read_files
from service.web.pages import page_guard, templates

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_guard)])


@router.get("/", response_class=HTMLResponse)
async def upload_page(request: Request) -> Response:
    return templates.TemplateResponse(request, "upload.html", {})


@router.post("/upload")
async def upload(request: Request) -> Response:
    """The same submission as POST /v1/jobs (multipart `file` fields or one zip), answered with the page to open."""
    jobs = request.app.state.jobs
    files = await read_files(request, jobs.settings)
    job_id = await run_in_threadpool(jobs.submit, files, key_label(request))
    url = f"/jobs/{job_id}" + ("?open=1" if len(files) == 1 else "")
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"job_id": job_id, "url": url, "files": len(files)}, status_code=201)
    return RedirectResponse(url, status_code=303)
