"""Dashboards: /reports (every stored report, filtered and sorted) and /jobs/{id} (one job, live progress)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import sessionmaker
from starlette.background import BackgroundTask

from service.base.errors import cut
from service.collections.export import MEDIA
from service.collections.reviews import load_state
from service.collections.reviews.export import review_hooks
from service.gateway.state import get_sessions
from service.web.listing import Filters, count_errors, job_rows, job_sources, report_rows
from service.web.pages import page_guard, templates

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_guard)])


def query(f: Filters, **changes) -> str:
    """The query string of the filters with some changed (for sort links and the error toggle)."""
    values = {"q": f.q, "year": f.year or "", "fails": int(f.fails), "open": int(f.open), "errors": int(f.errors),
              "sort": f.sort, "desc": int(f.desc)} | changes
    return urlencode({k: (int(v) if isinstance(v, bool) else v) for k, v in values.items() if v not in ("", 0, None)
                      or k == "desc"})


templates.env.globals["query"] = query


@router.get("/reports", response_class=HTMLResponse)
async def reports_page(request: Request, f: Annotated[Filters, Query()],
                       sessions: sessionmaker = Depends(get_sessions)) -> Response:

    def build() -> dict:
        with sessions() as session:
            return {"rows": report_rows(session, f), "n_errors": count_errors(session), "filters": f}
    context = await run_in_threadpool(build)
    return templates.TemplateResponse(request, "reports.html", context)


def _job_json(job, rows, sources) -> dict:
    out = {"id": job.id, "status": job.status, "total": job.total, "done": job.done, "failed": job.failed,
           "collecting": job.collect_status not in (None, "done"),
           "items": [{"file": r.filename, "status": r.status, "report_id": r.report_id, "error_code": r.error_code}
                     | ({"url": r.url, "url_status": r.url_status[1]} if r.url else {}) for r in rows]}
    if job.kind == "urls":
        out["urls"] = [{k: v for k, v in s.items() if k != "status_name"} for s in sources]
    return out


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
async def job_page(request: Request, job_id: str, format: str = "html", sessions: sessionmaker = Depends(get_sessions)):
    def build():
        with sessions() as session:
            job, rows = job_rows(session, job_id)
            return job, rows, (job_sources(session, job_id) if job is not None and job.kind == "urls" else [])
    job, rows, sources = await run_in_threadpool(build)
    if job is None:
        if format == "json":
            return JSONResponse({"error": {"code": "NOT_FOUND", "message": f"未找到任务 {cut(job_id)}。"}}, status_code=404)
        return templates.TemplateResponse(request, "missing.html", {"message": f"未找到任务 {cut(job_id)}。"}, status_code=404)
    if format == "json":
        return JSONResponse(_job_json(job, rows, sources))
    name = "job_rows.html" if format == "rows" else "job.html"
    return templates.TemplateResponse(request, name, {"job": job, "rows": rows, "sources": sources})


def _batch_rows(sessions: sessionmaker, rows: list) -> Iterator[dict]:
    """The dashboard's rows as batch rows for the exporter; a corrected report exports its corrected cells."""
    with sessions() as session:
        for row in rows:
            if row.error_code:
                yield {"file": row.filename, "error": {"code": row.error_code, "message": row.error_message}}
            elif row.report_id:
                state = load_state(session, row.report_id)
                yield {"file": row.filename, "sha256": state.stored.sha256, "id": row.report_id, "result": state.result}


def _export(sessions: sessionmaker, f: Filters, kind: str) -> Path:
    from service.collections.export import export

    with sessions() as session:
        rows = report_rows(session, f)
    fd, name = tempfile.mkstemp(prefix="nianbao-reports-", suffix=f".{kind}")
    os.close(fd)
    ids = [r.report_id for r in rows if r.report_id]
    export(_batch_rows(sessions, rows), Path(name), review_hooks(sessions, ids))
    return Path(name)


@router.get("/reports/export.{kind}")
async def reports_export(kind: Literal["xlsx", "csv"], f: Annotated[Filters, Query()],
                         sessions: sessionmaker = Depends(get_sessions)) -> FileResponse:
    path = await run_in_threadpool(_export, sessions, f, kind)
    return FileResponse(path, media_type=MEDIA[kind], filename=f"nianbao-reports.{kind}",
                        background=BackgroundTask(path.unlink, missing_ok=True))
