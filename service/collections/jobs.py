"""Jobs on the durable store: a collection of documents submitted at once, processed in worker processes.

Every state change is committed before it is acted on, so a job survives SIGKILL or a restart: `resume()` puts the
items that were running back in the queue. A document's work is keyed by (sha256, pipeline version): an item
whose report already exists is linked to it without running again, so nothing is done twice.
One dispatcher thread per runner claims items, feeds the pool and records outcomes; the event loop never waits.
"""
from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from service.base.errors import BadRequest
from service.base.settings import Settings
from service.base.version import content_hash, current_version, report_id
from service.runtime.workers import outcome_of
from service.store import Job, JobItem, StoredDocument, StoredReport

log = logging.getLogger("nianbao.jobs")
MAX_ATTEMPTS = 3  # an item whose processing never finished this often (the server died each time) fails
GAVE_UP = {"code": "ABANDONED", "message": "该文件多次处理均未完成（服务在处理过程中中断），已放弃。"}


class JobRunner:
    """Submit jobs, follow their progress, read their results; `pool` is a WorkerPool or DaskPool."""

    def __init__(self, settings: Settings, sessions: sessionmaker, pool, in_flight: int | None = None) -> None:
        self.settings, self.sessions, self.pool = settings, sessions, pool
        self.version = current_version(settings)
        self.uploads = Path(settings.uploads_dir)
        self.in_flight = in_flight or 2 * getattr(pool, "size", 1)
        self._running: dict[Future, tuple[int, str]] = {}  # future -> (item id, sha256)
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="nianbao-jobs", daemon=True)
                self._thread.start()
        self._wake.set()

    # -- submitting -------------------------------------------------------------------------------------------
    def _store_original(self, session: Session, filename: str, data: bytes) -> str:
        sha = content_hash(data)
        path = self.uploads / sha[:2] / sha
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
            with tmp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        if session.get(StoredDocument, sha) is None:
            session.add(StoredDocument(sha256=sha, filename=filename[:512], size=len(data), path=str(path)))
            session.flush()
        return sha

    def submit(self, files: list[tuple[str, bytes]], submitted_by: str | None = None) -> str:
        """Store the originals by hash, create the job and its items (committed), and wake the dispatcher."""
        if not files:
            raise BadRequest("任务中没有文件。")
        job_id = uuid.uuid4().hex
        with self.sessions() as session:
            session.add(Job(id=job_id, status="queued", total=len(files), submitted_by=submitted_by))
            for seq, (filename, data) in enumerate(files):
                sha = self._store_original(session, filename, data)
                session.add(JobItem(job_id=job_id, seq=seq, filename=filename[:512], sha256=sha))
            session.commit()
        self._ensure_thread()
        return job_id

    # -- reading ----------------------------------------------------------------------------------------------
    def status(self, job_id: str) -> dict | None:
        """{"id", "status", "total", "done", "failed"} or None for an unknown job."""
        with self.sessions() as session:
            job = session.get(Job, job_id)
            if job is None:
                return None
            return {"id": job.id, "status": job.status, "total": job.total, "done": job.done, "failed": job.failed}

    def results(self, job_id: str) -> Iterator[dict]:
        """Batch-style rows in submission order: finished items only, each with its stored report's id."""
        with self.sessions() as session:
            query = (select(JobItem, StoredReport.result).outerjoin(StoredReport, StoredReport.id == JobItem.report_id)
                     .where(JobItem.job_id == job_id, JobItem.status.in_(("done", "failed"))).order_by(JobItem.seq))
            for item, result in session.execute(query.execution_options(yield_per=100)):
                if item.status == "done":
                    yield {"file": item.filename, "sha256": item.sha256, "id": item.report_id, "result": result}
                else:
                    yield {"file": item.filename, "sha256": item.sha256,
                           "error": {"code": item.error_code, "message": item.error_message}}

    def report(self, report_id: str) -> dict | None:
        """One stored result (the contract JSON), or None."""
        with self.sessions() as session:
            stored = session.get(StoredReport, report_id)
            return stored.result if stored else None

    # -- running ----------------------------------------------------------------------------------------------
    def resume(self) -> int:
        """After a restart: items left running by a dead process go back to the queue, and the dispatcher starts."""
        mine = [item_id for item_id, _sha in list(self._running.values())]
        with self.sessions() as session:
            moved = session.execute(update(JobItem).where(JobItem.status == "running", JobItem.id.not_in(mine))
                                    .values(status="queued")).rowcount
            session.commit()
        self._ensure_thread()
        return moved

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._collect()
                claimed = self._claim(self.in_flight - len(self._running))
            except Exception:  # a database hiccup must not end the dispatcher: log and try again shortly
                log.exception("job dispatcher error")
                claimed = 0
            if self._running:
                wait(list(self._running), timeout=0.5, return_when=FIRST_COMPLETED)
            elif not claimed:
                self._wake.wait(1.0)
                self._wake.clear()

    def _claim(self, free: int) -> int:
        """Start up to `free` queued items (oldest job first); items with a stored report finish at once."""
        if free <= 0:
            return 0
        busy = {sha for _id, sha in self._running.values()}
        with self.sessions() as session:
            query = (select(JobItem).join(Job).where(JobItem.status == "queued")
                     .order_by(Job.created_at, JobItem.job_id, JobItem.seq).limit(free + len(busy)))
            claimed = 0
            for item in session.scalars(query).all():
                if claimed >= free or item.sha256 in busy:
                    continue
                claimed += 1
                self._start(session, item)
                busy.add(item.sha256)
            session.commit()
        return claimed

    def _start(self, session: Session, item: JobItem) -> None:
        job = session.get(Job, item.job_id)
        if job.status == "queued":
            job.status = "running"
        rid = report_id(item.sha256, self.version)
        if session.get(StoredReport, rid) is not None:
            self._finish(session, item, {"reused": rid})
        elif item.attempts >= MAX_ATTEMPTS:
            self._finish(session, item, {"error": GAVE_UP})
        else:
            claim = (update(JobItem).where(JobItem.id == item.id, JobItem.status == "queued")
                     .values(status="running", attempts=JobItem.attempts + 1))
            if session.execute(claim).rowcount != 1:  # another server process took it first
                return
            session.refresh(item)
            document = session.get(StoredDocument, item.sha256)
            try:
                data = Path(document.path).read_bytes()
            except OSError as exc:
                self._finish(session, item, {"error": {"code": "READ_ERROR", "message": f"无法读取存储的原件：{exc}"}})
                return
            future = self.pool.submit(data, item.filename)
            self._running[future] = (item.id, item.sha256)

    def _collect(self) -> None:
        """Record every finished future: a report (stored once per sha256 + version) or an error."""
        done = [f for f in self._running if f.done()]
        if not done:
            return
        with self.sessions() as session:
            for future in done:
                item_id, _sha = self._running.pop(future)
                item = session.get(JobItem, item_id)
                if item is not None and item.status == "running":
                    self._finish(session, item, outcome_of(future))
            session.commit()

    def _finish(self, session: Session, item: JobItem, outcome: dict) -> None:
        if "error" in outcome:
            item.status, item.error_code = "failed", outcome["error"].get("code")
            item.error_message = outcome["error"].get("message")
        else:
            item.status, item.report_id = "done", outcome.get("reused") or self._store_report(session, item, outcome)
        session.flush()
        self._count(session, item.job_id)

    def _store_report(self, session: Session, item: JobItem, outcome: dict) -> str:
        rid = report_id(item.sha256, self.version)
        if session.get(StoredReport, rid) is None:
            result = outcome["result"]
            facts = result.get("report") or {}
            checks = result.get("checks") or []
            try:
                with session.begin_nested():
                    session.add(StoredReport(
                        id=rid, sha256=item.sha256, pipeline_version=self.version, filename=item.filename,
                        agency=((facts.get("agency") or {}).get("name") or None), year=facts.get("year"),
                        n_fail=sum(c.get("status") == "fail" for c in checks),
                        n_uncertain=sum(c.get("status") == "uncertain" for c in checks), result=result))
            except IntegrityError:  # another process stored the same work first: use its row
                pass
        return rid

    def _count(self, session: Session, job_id: str) -> None:
        counts = dict(session.execute(select(JobItem.status, func.count()).where(JobItem.job_id == job_id)
                                      .group_by(JobItem.status)).all())
        job = session.get(Job, job_id)
        job.done, job.failed = counts.get("done", 0), counts.get("failed", 0)
        if job.done + job.failed >= job.total:
            job.status = "failed" if job.done == 0 and job.total else "done"

    def close(self) -> None:
        """Stop the dispatcher (running items stay `running` in the store and are resumed on the next start)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
