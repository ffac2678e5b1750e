"""Jobs on the durable store: a collection of documents submitted at once, processed in worker processes.

Every state change is committed before it is acted on, so a job survives SIGKILL or a restart. A document's work
is keyed by (sha256, pipeline version): an item whose report already exists is linked to it without running again,
so nothing is done twice. One dispatcher thread per runner claims items, feeds the pool and records outcomes; the
event loop never waits.

Several server processes may share one store. Each runner claims an item with a lease (an owner id and an expiry,
renewed by its heartbeat while the document runs), by one conditional UPDATE that only one process can win; on
PostgreSQL the candidates are read `FOR UPDATE SKIP LOCKED`, so two servers never even wait on the same row. Only an
expired lease is taken over, and only a takeover counts as a cut-off attempt: a second server that starts and
fails (its port taken, say) releases what it claimed and costs the live server's items nothing.

A URL job ({"urls": [...]}) is collected first (collect/job.py: one collection at a time per runner, under a lease
on the job row); each document it finds becomes an item like an uploaded file's, with its source URL, page, title and
fetch time, and a result that is not an annual report becomes a NOT_A_REPORT error, as in `nianbao collect`.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from service.base.errors import BadRequest
from service.base.settings import Settings
from service.base.version import content_hash, current_version, report_id
from service.collections.collect.job import JobCollector
from service.collections.collect.screen import screened
from service.runtime.workers import LOST_TWICE, outcome_of, worker_lost
from service.store import Job, JobItem, JobSource, StoredDocument, StoredReport

log = logging.getLogger("nianbao.jobs")
MAX_ATTEMPTS = 3  # an item whose lease expired this often (its server died each time) fails
GAVE_UP = {"code": "ABANDONED", "message": "该文件多次处理均未完成（服务在处理过程中中断），已放弃。"}
HOST = socket.gethostname()[:40]
_LIVE_OWNERS: set[str] = set()  # owner ids of the runners open in this process


def _utc_now() -> datetime:
    """Lease times: naive UTC, the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def _owner_pid(owner: str | None) -> int | None:
    """The process id in an owner id of this host ("host/pid/nonce"), else None."""
    parts = (owner or "").split("/")
    if len(parts) == 3 and parts[0] == HOST and parts[1].isdigit():
        return int(parts[1])
    return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


class JobRunner:
    """Submit jobs, follow their progress, read their results; `pool` is a WorkerPool or DaskPool."""

    max_attempts, gave_up, now = MAX_ATTEMPTS, GAVE_UP, staticmethod(_utc_now)

    def __init__(self, settings: Settings, sessions: sessionmaker, pool, in_flight: int | None = None) -> None:
        self.settings, self.sessions, self.pool = settings, sessions, pool
        self.version = current_version(settings)
        self.uploads = Path(settings.uploads_dir)
        self.in_flight = in_flight or 2 * getattr(pool, "size", 1)
        self._running: dict[Future, tuple[int, str]] = {}  # future -> (item id, sha256)
        self._lost: set[int] = set()  # items whose first worker died under them (tried once more)
        self.owner = f"{HOST}/{os.getpid()}/{uuid.uuid4().hex[:12]}"  # this runner's lease owner id
        _LIVE_OWNERS.add(self.owner)
        self.lease = timedelta(seconds=settings.job_lease_seconds)
        self._renewed = time.monotonic()
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.collector = JobCollector(self)

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

    def submit_urls(self, urls: list[str], year: int | None = None, max_docs: int | None = None,
                    submitted_by: str | None = None) -> str:
        """Create a URL job: its URLs are collected in the background (the server's allow-list only), then every
        document found is extracted like an uploaded file."""
        if not urls:
            raise BadRequest("任务中没有网址。")
        job_id = uuid.uuid4().hex
        with self.sessions() as session:
            session.add(Job(id=job_id, status="queued", total=0, submitted_by=submitted_by, kind="urls",
                            options={"year": year, "max_docs": max_docs}, collect_status="queued"))
            for seq, url in enumerate(urls):
                session.add(JobSource(job_id=job_id, seq=seq, url=url, status="queued"))
            session.commit()
        self._ensure_thread()
        return job_id

    # -- reading ----------------------------------------------------------------------------------------------
    def status(self, job_id: str) -> dict | None:
        """{"id", "status", "total", "done", "failed"} or None for an unknown job; a URL job adds "kind",
        "collecting" and "urls" (each URL with its status and counts)."""
        with self.sessions() as session:
            job = session.get(Job, job_id)
            if job is None:
                return None
            out = {"id": job.id, "status": job.status, "total": job.total, "done": job.done, "failed": job.failed}
            if job.kind == "urls":
                sources = session.scalars(select(JobSource).where(JobSource.job_id == job_id).order_by(JobSource.seq))
                out |= {"kind": "urls", "collecting": job.collect_status != "done",
                        "urls": [source_json(s) for s in sources]}
            return out

    def results(self, job_id: str) -> Iterator[dict]:
        """Batch-style rows in submission order: finished items only, each with its stored report's id."""
        with self.sessions() as session:
            query = (select(JobItem, StoredReport.result).outerjoin(StoredReport, StoredReport.id == JobItem.report_id)
                     .where(JobItem.job_id == job_id, JobItem.status.in_(("done", "failed"))).order_by(JobItem.seq))
            for item, result in session.execute(query.execution_options(yield_per=100)):
                row = {"file": item.filename}
                if item.source_url:  # a collected document: the row of `nianbao collect`
                    row = {"file": item.source_url, "url": item.source_url, "page": item.source_page,
                           "title": item.source_title or "", "fetched_at": item.fetched_at}
                if item.status == "done":
                    yield {**row, "sha256": item.sha256, "id": item.report_id, "result": result}
                else:
                    yield {**row, "sha256": item.sha256,
                           **({"id": None} if item.source_url else {}),
                           "error": {"code": item.error_code, "message": item.error_message}}

    def report(self, report_id: str) -> dict | None:
        """One stored result (the contract JSON), or None."""
        with self.sessions() as session:
            stored = session.get(StoredReport, report_id)
            return stored.result if stored else None

    # -- running ----------------------------------------------------------------------------------------------
    def resume(self) -> int:
        """Start the dispatcher. Items left running by a server process of this host that no longer exists are
        freed at once (their leases expired in effect); any other running item is only taken over when its lease
        expires, so a live server's work is never touched. Returns the number freed."""
        with self.sessions() as session:
            rows = session.execute(select(JobItem.id, JobItem.lease_owner).where(JobItem.status == "running")).all()
            dead = [item_id for item_id, owner in rows if owner is None or self._owner_dead(owner)]
            if dead:
                session.execute(update(JobItem).where(JobItem.id.in_(dead), JobItem.status == "running")
                                .values(lease_expires=datetime(1970, 1, 1)))
            rows = session.execute(select(Job.id, Job.collect_owner).where(Job.collect_status == "running")).all()
            dead_jobs = [job_id for job_id, owner in rows if owner is None or self._owner_dead(owner)]
            if dead_jobs:
                session.execute(update(Job).where(Job.id.in_(dead_jobs), Job.collect_status == "running")
                                .values(collect_expires=datetime(1970, 1, 1)))
            session.commit()
        self._ensure_thread()
        return len(dead) + len(dead_jobs)

    def _owner_dead(self, owner: str) -> bool:
        """Is the owner a server process of this host that has ended (or an earlier life of this very pid, as
        after a container restart)?"""
        pid = _owner_pid(owner)
        if pid is None:
            return False  # another host: only its lease's expiry tells
        if pid == os.getpid():
            return owner not in _LIVE_OWNERS
        return not _process_alive(pid)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._collect()
                self._heartbeat()
                claimed = self._claim(self.in_flight - len(self._running))
                self.collector.claim(_utc_now())
            except Exception:  # a database hiccup must not end the dispatcher: log and try again shortly
                log.exception("job dispatcher error")
                claimed = 0
            if self._running:
                wait(list(self._running), timeout=0.5, return_when=FIRST_COMPLETED)
            elif not claimed:
                self._wake.wait(1.0)
                self._wake.clear()

    def _heartbeat(self, force: bool = False) -> None:
        """Renew the leases of the items (and the collection) running here, a few times per lease."""
        if not (self._running or self.collector.busy) or \
                (not force and time.monotonic() - self._renewed < self.lease.total_seconds() / 4):
            return
        ids = [item_id for item_id, _sha in self._running.values()]
        with self.sessions() as session:
            if ids:
                session.execute(update(JobItem).where(JobItem.id.in_(ids), JobItem.lease_owner == self.owner,
                                                      JobItem.status == "running")
                                .values(lease_expires=_utc_now() + self.lease))
            self.collector.renew(session)
            session.commit()
        self._renewed = time.monotonic()

    def _claimable(self, now: datetime):
        """Queued items, and running ones whose lease has expired."""
        return or_(JobItem.status == "queued",
                   and_(JobItem.status == "running", or_(JobItem.lease_expires.is_(None), JobItem.lease_expires < now)))

    def _claim(self, free: int) -> int:
        """Start up to `free` claimable items (oldest job first); items with a stored report finish at once."""
        if free <= 0:
            return 0
        busy = {sha for _id, sha in self._running.values()}
        now = _utc_now()
        with self.sessions() as session:
            query = (select(JobItem).join(Job).where(self._claimable(now))
                     .order_by(Job.created_at, JobItem.job_id, JobItem.seq).limit(free + len(busy))
                     .with_for_update(skip_locked=True, of=JobItem))  # PostgreSQL; SQLite has no row locks
            claimed = 0
            for item in session.scalars(query).all():
                if claimed >= free or item.sha256 in busy:
                    continue
                if self._start(session, item, now):
                    claimed += 1
                    busy.add(item.sha256)
            session.commit()
        return claimed

    def _start(self, session: Session, item: JobItem, now: datetime) -> bool:
        """Take the item's lease (one conditional UPDATE: another process may have won it) and run it."""
        takeover = item.status == "running"  # its owner died or stalled: that was a cut-off attempt
        won = session.execute(
            update(JobItem).where(JobItem.id == item.id, JobItem.status == item.status,
                                  JobItem.lease_owner.is_not_distinct_from(item.lease_owner), self._claimable(now))
            .values(status="running", lease_owner=self.owner, lease_expires=now + self.lease,
                    attempts=JobItem.attempts + (1 if takeover else 0))
            .execution_options(synchronize_session=False)).rowcount == 1
        if not won:
            return False
        session.refresh(item)
        job = session.get(Job, item.job_id)
        if job.status == "queued":
            job.status = "running"
        rid = report_id(item.sha256, self.version)
        stored = session.get(StoredReport, rid)
        if stored is not None:
            reused = screened({"result": stored.result}) if item.source_url else {}
            self._finish(session, item, reused if "error" in reused else {"reused": rid})
        elif item.attempts >= MAX_ATTEMPTS:
            self._finish(session, item, {"error": GAVE_UP})
        else:
            document = session.get(StoredDocument, item.sha256)
            try:
                data = Path(document.path).read_bytes()
            except OSError as exc:
                self._finish(session, item, {"error": {"code": "READ_ERROR",
                                                       "message": f"无法读取存储的原件：{exc.strerror or '读取失败'}"}})
                return True
            self._submit(item.id, item.sha256, data, item.filename)
        return True

    def _submit(self, item_id: int, sha: str, data: bytes, filename: str) -> None:
        future = self.pool.submit(data, filename)
        self._running[future] = (item_id, sha)

    def _collect(self) -> None:
        """Record every finished future: a report (stored once per sha256 + version) or an error. A worker lost
        under a document sends it once more to a fresh worker, keeping the lease."""
        done = [f for f in self._running if f.done()]
        if not done:
            return
        with self.sessions() as session:
            for future in done:
                item_id, _sha = self._running.pop(future)
                outcome = outcome_of(future)
                item = session.get(JobItem, item_id)
                if item is None or item.status != "running" or item.lease_owner != self.owner:
                    continue  # cancelled, or taken over after this server stalled past its lease
                if worker_lost(outcome):
                    if item_id not in self._lost:
                        self._lost.add(item_id)
                        document = session.get(StoredDocument, item.sha256)
                        try:
                            self._submit(item_id, item.sha256, Path(document.path).read_bytes(), item.filename)
                            continue
                        except OSError:
                            pass
                    outcome = dict(LOST_TWICE)
                self._lost.discard(item_id)
                self._finish(session, item, screened(outcome) if item.source_url else outcome)
            session.commit()

    def _finish(self, session: Session, item: JobItem, outcome: dict) -> None:
        item.lease_owner, item.lease_expires = None, None
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
        """The job's counters from its items; it ends once every item is finished (and a URL job's collection
        too). The job row is locked first, so two servers finishing its last items do not both miss the end."""
        job = session.get(Job, job_id, with_for_update=True, populate_existing=True)
        counts = dict(session.execute(select(JobItem.status, func.count()).where(JobItem.job_id == job_id)
                                      .group_by(JobItem.status)).all())
        job.done, job.failed = counts.get("done", 0), counts.get("failed", 0)
        if job.done + job.failed >= job.total and job.collect_status in (None, "done"):
            job.status = "failed" if job.done == 0 and job.total else "done"

    def close(self) -> None:
        """Stop the dispatcher and give back the items still running here (queued again, no attempt counted), so
        another server, or the next start, takes them at once."""
        self._stop.set()
        self._wake.set()
        _LIVE_OWNERS.discard(self.owner)
        self.collector.release()
        if self._thread is not None:
            self._thread.join(timeout=10)
            if self._thread.is_alive():
                return  # the dispatcher is stuck on the store: leave its leases to expire
        ids = [item_id for item_id, _sha in self._running.values()]
        self._running.clear()
        if ids:
            try:
                with self.sessions() as session:
                    session.execute(update(JobItem).where(JobItem.id.in_(ids), JobItem.lease_owner == self.owner,
                                                          JobItem.status == "running")
                                    .values(status="queued", lease_owner=None, lease_expires=None))
                    session.commit()
            except Exception:  # the store went away first: the leases expire on their own
                log.exception("could not release job items on close")


def source_json(source: JobSource) -> dict:
    """One submitted URL of a URL job: its collection status and what it led to."""
    out = {"url": source.url, "status": source.status, "found": source.found, "fetched": source.fetched,
           "skipped": source.skipped, "refused": source.refused, "pages": source.pages}
    if source.error_code:
        out["error"] = {"code": source.error_code, "message": source.error_message}
    return out
