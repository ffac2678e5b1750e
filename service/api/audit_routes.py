"""GET/POST /v1/jobs/{id}/audit: the audit JSON of a job's reports, optionally against an uploaded units list."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from service.api.routes import check_key
from service.base.errors import BadRequest, NianbaoError, TooLarge
from service.base.schema import ErrorResponse
from service.collections.audit import read_units, run_audit
from service.store import Job, JobItem, StoredReport, make_engine, make_sessionmaker

router = APIRouter()
_UNITS_LIMIT = 5 * 1024 * 1024


class JobNotFound(NianbaoError):
    code, status, message = "NOT_FOUND", 404, "找不到该任务。"


def _sessions(request: Request):
    """The store's sessionmaker from the app state, made from settings on first use when the lifespan has none."""
    state = request.app.state
    if getattr(state, "sessions", None) is None:
        state.sessions = make_sessionmaker(make_engine(state.settings.database_url))
    return state.sessions


def _store_rows(sessions, job_id: str) -> list[dict] | None:
    """Batch-style rows of a job read from the store, in submission order; None for an unknown job."""
    with sessions() as session:
        if session.get(Job, job_id) is None:
            return None
        query = (select(JobItem, StoredReport).outerjoin(StoredReport, JobItem.report_id == StoredReport.id)
                 .where(JobItem.job_id == job_id).order_by(JobItem.seq))
        rows = []
        for item, report in session.execute(query):
            if report is not None:
                rows.append({"file": item.filename, "sha256": item.sha256, "id": report.id, "result": report.result})
            else:
                code = item.error_code or ("PENDING" if item.status in ("queued", "running") else "NO_RESULT")
                message = item.error_message or "该文件尚未处理完成"
                rows.append({"file": item.filename, "sha256": item.sha256, "error": {"code": code, "message": message}})
        return rows


def job_rows(request: Request, job_id: str) -> tuple[list[dict], dict | None]:
    """The job's rows and status: from the JobRunner when the app has one, else straight from the store."""
    jobs = getattr(request.app.state, "jobs", None)
    if jobs is not None and hasattr(jobs, "results"):
        status = jobs.status(job_id)
        if status is None:
            raise JobNotFound()
        return list(jobs.results(job_id)), status
    rows = _store_rows(_sessions(request), job_id)
    if rows is None:
        raise JobNotFound()
    return rows, None


def _audit(request: Request, job_id: str, units, year: int | None, include_pass: bool) -> dict:
    rows, status = job_rows(request, job_id)
    audit = run_audit(rows, units, year, include_pass)
    if status is not None:
        audit["job"] = status
        if status["status"] not in ("done", "failed"):
            audit["warnings"] = [f"任务尚未完成（已处理 {status['done'] + status['failed']}/{status['total']}）："
                                 "未处理的文件不在本次核对中，未报送名单可能包含其单位"]
    return audit


async def _units(request: Request):
    """The units list of a multipart upload (field `units`), or None."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        return None
    form = await request.form(max_files=1, max_fields=4)
    upload = form.get("units")
    if upload is None:
        return None
    if isinstance(upload, str):
        raise BadRequest("units 字段应为上传的 CSV 文件。")
    data = await upload.read(_UNITS_LIMIT + 1)
    if len(data) > _UNITS_LIMIT:
        raise TooLarge("单位名单过大（超过 5 MB）。")
    return read_units(data)


_DOC = ("返回该任务全部报告的跨年核对（year_over_year）与报送情况。可用 multipart/form-data 的 units 字段上传单位名单 CSV"
        "（单位名称、别名、上级单位）；year 只核对该年度；include_pass 同时列出一致的结果。")


@router.api_route("/v1/jobs/{job_id}/audit", methods=["GET", "POST"], dependencies=[Depends(check_key)],
                  responses={s: {"model": ErrorResponse} for s in (400, 401, 404, 413)},
                  summary="任务的跨报告核对", description=_DOC)
async def job_audit(job_id: str, request: Request, year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
                    include_pass: bool = False) -> dict:
    units = await _units(request)
    return await run_in_threadpool(_audit, request, job_id, units, year, include_pass)
