"""Rows of the dashboards: stored reports with their review state, filtered and sorted; a job's items in order."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.collections.jobs import source_json
from service.collections.reviews import load_state, review_summaries
from service.store import Job, JobItem, JobSource, StoredReport

SORTS = {"agency": StoredReport.agency, "year": StoredReport.year, "fails": StoredReport.n_fail,
         "uncertain": StoredReport.n_uncertain, "created": StoredReport.created_at, "file": StoredReport.filename}
STATUS_NAMES = {"queued": "排队中", "running": "处理中", "done": "已完成", "failed": "失败"}
SOURCE_NAMES = {"queued": "等待采集", "running": "采集中", "done": "采集完成", "failed": "采集失败"}
REFUSALS = frozenset({"FETCH_REFUSED", "ROBOTS"})


class Filters(BaseModel):
    """The dashboard's filters as given in the query string, bounded (an out-of-range value is a 422, never a
    number the database cannot hold); an empty field from the filter form means "any"."""

    q: str = Field("", max_length=200)
    year: int | None = Field(None, ge=1990, le=2100)
    fails: bool = False
    open: bool = False
    errors: bool = False
    sort: str = Field("created", max_length=16)
    desc: bool = True

    @field_validator("year", mode="before")
    @classmethod
    def _blank_year(cls, value):
        return None if isinstance(value, str) and not value.strip() else value


@dataclass
class Row:
    """One line of a dashboard: a report, a parse error, or an item still waiting."""

    filename: str
    report_id: str | None = None
    agency: str | None = None
    year: int | None = None
    n_fail: int = 0
    n_uncertain: int = 0
    decided: int = 0
    corrected: int = 0
    status: str = "done"
    error_code: str | None = None
    error_message: str | None = None
    job_id: str | None = None
    url: str | None = None  # a collected item: the URL it was fetched from (or refused), the page it was found on
    page: str | None = None
    title: str | None = None
    fetched: bool = False  # its document was downloaded

    @property
    def url_status(self) -> tuple[str, str]:
        """A collected item's URL as the job page names it: (css class, text) — downloaded, refused, failed."""
        if self.fetched:
            return "status-ok", "已下载"
        if self.error_code in REFUSALS:
            return "status-bad", f"已拒绝（{self.error_code}）"
        if self.error_code == "NOT_A_REPORT":
            return "status-wait", "未下载（NOT_A_REPORT）"
        return "status-bad", f"下载失败（{self.error_code}）"

    @property
    def shown_url(self) -> str:
        """The URL as a person reads it (percent-escapes decoded; the link itself keeps them)."""
        return unquote(self.url or "", errors="replace")

    @property
    def linkable(self) -> bool:
        """Only an http(s) URL becomes a link on the page (a refused javascript: or data: one stays text)."""
        return bool(self.url) and self.url.lower().startswith(("http://", "https://"))

    @property
    def n_findings(self) -> int:
        return self.n_fail + self.n_uncertain

    @property
    def reviewed(self) -> bool:
        """Every fail and uncertain finding has a reviewer's decision (a report with none needs no review)."""
        return self.decided >= self.n_findings


_COLUMNS = (StoredReport.id, StoredReport.filename, StoredReport.agency, StoredReport.year, StoredReport.n_fail,
            StoredReport.n_uncertain)


def _with_reviews(session: Session, rows: list[Row]) -> list[Row]:
    """Decided and corrected counts; a report with corrections counts its findings after the re-run checks."""
    summaries = review_summaries(session, [r.report_id for r in rows if r.report_id])
    for row in rows:
        if not row.report_id:
            continue
        row.decided, row.corrected = summaries[row.report_id]["decided"], summaries[row.report_id]["corrected"]
        if row.corrected:
            checks = load_state(session, row.report_id).result.get("checks") or []
            row.n_fail = sum(c["status"] == "fail" for c in checks)
            row.n_uncertain = sum(c["status"] == "uncertain" for c in checks)
    return rows


def report_rows(session: Session, f: Filters, limit: int = 2000) -> list[Row]:
    """Stored reports matching the filters, sorted; the parse errors of jobs after them when asked for."""
    query = select(*_COLUMNS)
    if f.q.strip():
        like = f"%{f.q.strip()}%"
        query = query.where(StoredReport.agency.ilike(like) | StoredReport.filename.ilike(like))
    if f.year:
        query = query.where(StoredReport.year == f.year)
    if f.fails:
        query = query.where(StoredReport.n_fail > 0)
    column = SORTS.get(f.sort, StoredReport.created_at)
    query = query.order_by(column.desc() if f.desc else column.asc(), StoredReport.id).limit(limit)
    rows = _with_reviews(session, [Row(filename=r.filename, report_id=r.id, agency=r.agency, year=r.year,
                                       n_fail=r.n_fail, n_uncertain=r.n_uncertain) for r in session.execute(query)])
    if f.fails:
        rows = [r for r in rows if r.n_fail]
    if f.open:
        rows = [r for r in rows if not r.reviewed]
    return rows + (error_rows(session, f.q) if f.errors else [])


def error_rows(session: Session, q: str = "") -> list[Row]:
    """Files that could not be read, newest first (one row per file and error)."""
    query = select(JobItem).where(JobItem.status == "failed").order_by(JobItem.id.desc())
    if q.strip():
        query = query.where(JobItem.filename.ilike(f"%{q.strip()}%"))
    seen, out = set(), []
    for item in session.scalars(query):
        key = (item.sha256 or item.source_url, item.error_code)  # a refused link has no document, only its URL
        if key not in seen:
            seen.add(key)
            out.append(_item_row(item, None))
    return out


def count_errors(session: Session) -> int:
    """How many failed items the store holds (the dashboard says so while they are hidden)."""
    return len(error_rows(session))


def _item_row(item: JobItem, report) -> Row:
    source = dict(filename=item.source_url or item.filename, url=item.source_url, page=item.source_page,
                  title=item.source_title, fetched=bool(item.source_url and item.sha256))
    if report is not None:
        return Row(report_id=report.id, agency=report.agency, year=report.year, n_fail=report.n_fail,
                   n_uncertain=report.n_uncertain, status=item.status, job_id=item.job_id, **source)
    return Row(status=item.status, error_code=item.error_code, error_message=item.error_message, job_id=item.job_id,
               **source)


def job_rows(session: Session, job_id: str) -> tuple[Job | None, list[Row]]:
    """A job and its items in submission order (reports, errors and items still waiting)."""
    job = session.get(Job, job_id)
    if job is None:
        return None, []
    items = list(session.scalars(select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.seq)))
    ids = [i.report_id for i in items if i.report_id]
    reports = {r.id: r for r in session.execute(select(*_COLUMNS).where(StoredReport.id.in_(ids)))} if ids else {}
    return job, _with_reviews(session, [_item_row(i, reports.get(i.report_id)) for i in items])


def job_sources(session: Session, job_id: str) -> list[dict]:
    """A URL job's submitted URLs in order, each with its collection status and counts."""
    sources = session.scalars(select(JobSource).where(JobSource.job_id == job_id).order_by(JobSource.seq))
    return [source_json(s) | {"status_name": SOURCE_NAMES.get(s.status, s.status)} for s in sources]
