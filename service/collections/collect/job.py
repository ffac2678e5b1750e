"""The collection of a URL job (POST /v1/jobs with {"urls": [...]}), on the durable store.

A JobRunner keeps one `JobCollector`. Its dispatcher calls `claim()`: the collector takes one job's collection with
a lease (one conditional UPDATE on the job row, like an item's claim; an expired lease is taken over and counts as an
attempt) and crawls its URLs in a thread of its own, with the same crawl as `nianbao collect`: the address guard,
robots.txt, the per-host rate and the allow-list of the server's settings only (NIANBAO_FETCH_ALLOW; nothing in a
request reaches it). Each document found is stored by hash and committed as a queued job item (the dispatcher then
extracts it like an uploaded file); each refused or failed link is committed as a failed item with its code.

Every commit first renews the lease on the job row (so it also locks it): a collector that lost its lease writes
nothing more, and a link that already has an item in the job is never added again. A collection cut off by a kill
resumes from the store: the URLs whose crawl finished are not crawled again, the links with an item are not fetched
again, and `max_docs` counts the documents already collected.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from service.collections.collect.addresses import parse_allow
from service.collections.collect.crawl import Counts, Crawl, Failed, Found, file_name
from service.collections.collect.fetch import Fetcher
from service.collections.collect.robots import Robots
from service.store import Job, JobItem, JobSource

log = logging.getLogger("nianbao.jobs")
COUNTS = ("found", "fetched", "skipped", "refused", "pages")


def _delta(now: Counts, before: Counts) -> dict[str, int]:
    return {k: getattr(now, k) - getattr(before, k) for k in COUNTS}


class LeaseLost(Exception):
    """This server no longer holds the collection (released on close, or taken over after a stall)."""


class JobCollector:
    """The collection side of one JobRunner (`runner` gives settings, sessions, owner, lease, stop event, the
    original store and the job counter)."""

    def __init__(self, runner) -> None:
        self.runner = runner
        self.job_id: str | None = None
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- claiming ---------------------------------------------------------------------------------------------
    @staticmethod
    def _claimable(now: datetime):
        return or_(Job.collect_status == "queued",
                   and_(Job.collect_status == "running",
                        or_(Job.collect_expires.is_(None), Job.collect_expires < now)))

    def claim(self, now: datetime) -> bool:
        """Take one claimable collection (oldest job first) and start its crawl; False when busy or none."""
        runner = self.runner
        if self.busy or runner._stop.is_set():
            return False
        with runner.sessions() as session:
            candidates = session.execute(
                select(Job.id, Job.collect_status, Job.collect_owner).where(self._claimable(now))
                .order_by(Job.created_at, Job.id).limit(4)).all()
            for job_id, status, owner in candidates:
                takeover = status == "running"
                won = session.execute(
                    update(Job).where(Job.id == job_id, Job.collect_status == status,
                                      Job.collect_owner.is_not_distinct_from(owner), self._claimable(now))
                    .values(collect_status="running", collect_owner=runner.owner, collect_expires=now + runner.lease,
                            collect_attempts=Job.collect_attempts + (1 if takeover else 0),
                            status=case((Job.status == "queued", "running"), else_=Job.status))
                    .execution_options(synchronize_session=False)).rowcount == 1
                if not won:
                    continue
                attempts = session.scalar(select(Job.collect_attempts).where(Job.id == job_id))
                if attempts >= runner.max_attempts:
                    self._give_up(session, job_id)
                    session.commit()
                    continue
                session.commit()
                self.job_id = job_id
                self._thread = threading.Thread(target=self._run, args=(job_id,), name="nianbao-collect",
                                                daemon=True)
                self._thread.start()
                return True
        return False

    def _give_up(self, session: Session, job_id: str) -> None:
        """A collection whose server died under it too often: its unfinished URLs fail, the job ends."""
        gave_up = self.runner.gave_up
        session.execute(update(JobSource).where(JobSource.job_id == job_id, JobSource.status != "done")
                        .values(status="failed", error_code=gave_up["code"], error_message=gave_up["message"]))
        self._end(session, job_id)

    def _end(self, session: Session, job_id: str) -> None:
        session.execute(update(Job).where(Job.id == job_id)
                        .values(collect_status="done", collect_owner=None, collect_expires=None)
                        .execution_options(synchronize_session=False))
        self.runner._count(session, job_id)

    # -- the lease --------------------------------------------------------------------------------------------
    def _hold(self, session: Session, job_id: str) -> None:
        """Renew the lease, locking the job row for this transaction; LeaseLost when it is not ours any more."""
        runner = self.runner
        held = session.execute(
            update(Job).where(Job.id == job_id, Job.collect_owner == runner.owner, Job.collect_status == "running")
            .values(collect_expires=runner.now() + runner.lease)
            .execution_options(synchronize_session=False)).rowcount == 1
        if not held:
            raise LeaseLost(job_id)

    def renew(self, session: Session) -> None:
        """The dispatcher's heartbeat: keep the lease of the collection running here (a fetch may take minutes)."""
        job_id = self.job_id
        if job_id is not None and self.busy:
            session.execute(update(Job).where(Job.id == job_id, Job.collect_owner == self.runner.owner,
                                              Job.collect_status == "running")
                            .values(collect_expires=self.runner.now() + self.runner.lease)
                            .execution_options(synchronize_session=False))

    def release(self) -> None:
        """On close: give the collection back (queued again, no attempt counted) for another server or the next
        start; a crawl still in flight then finds its lease gone and writes nothing more."""
        job_id, runner = self.job_id, self.runner
        if self._thread is not None:
            self._thread.join(timeout=5)
        if job_id is None:
            return
        try:
            with runner.sessions() as session:
                session.execute(update(Job).where(Job.id == job_id, Job.collect_owner == runner.owner,
                                                  Job.collect_status == "running")
                                .values(collect_status="queued", collect_owner=None, collect_expires=None)
                                .execution_options(synchronize_session=False))
                session.commit()
        except Exception:  # the store went away first: the lease expires on its own
            log.exception("could not release a collection on close")

    # -- crawling ---------------------------------------------------------------------------------------------
    def _run(self, job_id: str) -> None:
        try:
            self._crawl(job_id)
            self.job_id = None
        except LeaseLost:
            log.info("collection of job %s is no longer held here", job_id)
            self.job_id = None
        except Exception:  # give the collection back, one attempt spent: a bug must not hold it for ever
            log.exception("collection of job %s failed", job_id)
            with self.runner.sessions() as session:
                session.execute(update(Job).where(Job.id == job_id, Job.collect_owner == self.runner.owner)
                                .values(collect_status="queued", collect_owner=None, collect_expires=None,
                                        collect_attempts=Job.collect_attempts + 1)
                                .execution_options(synchronize_session=False))
                session.commit()
            self.job_id = None
        self.runner._wake.set()

    def _crawl(self, job_id: str) -> None:
        runner = self.runner
        with runner.sessions() as session:
            options = session.get(Job, job_id).options or {}
            sources = list(session.scalars(select(JobSource).where(JobSource.job_id == job_id,
                                                                    JobSource.status != "done")
                                           .order_by(JobSource.seq)))
            done = set(session.scalars(select(JobItem.source_url).where(JobItem.job_id == job_id,
                                                                         JobItem.source_url.is_not(None))))
            fetched = session.scalar(select(func.count()).where(JobItem.job_id == job_id,
                                                                JobItem.sha256.is_not(None))) or 0
        settings = runner.settings
        with Fetcher(settings, parse_allow(settings.fetch_allow)) as fetcher:
            crawl = Crawl(fetcher, Robots(fetcher), options.get("year"), max_docs=options.get("max_docs") or 0,
                          done=done)
            crawl.counts.fetched = fetched  # the cap counts what an earlier life of this collection found
            for source in sources:
                before = Counts(**asdict(crawl.counts))
                if not crawl.full:
                    for item in crawl.run(source.url):
                        if runner._stop.is_set():
                            return
                        self._record(job_id, source, item, _delta(crawl.counts, before))
                if runner._stop.is_set():
                    return
                self._source(job_id, source, _delta(crawl.counts, before), "done")
        with runner.sessions() as session:
            self._hold(session, job_id)
            self._end(session, job_id)
            session.commit()

    def _source(self, job_id: str, source: JobSource, delta: dict[str, int], status: str) -> None:
        with self.runner.sessions() as session:
            self._hold(session, job_id)
            self._count_source(session, source, delta, status)
            session.commit()

    @staticmethod
    def _count_source(session: Session, source: JobSource, delta: dict[str, int], status: str) -> None:
        """A URL's counts: downloads and refusals add up over the lives of its crawl; the rest are its latest."""
        values = {"status": status, "fetched": source.fetched + delta["fetched"],
                  "refused": source.refused + delta["refused"], "found": max(source.found, delta["found"]),
                  "pages": max(source.pages, delta["pages"]), "skipped": delta["skipped"]}
        session.execute(update(JobSource).where(JobSource.id == source.id).values(**values))

    def _record(self, job_id: str, source: JobSource, item: Found | Failed, delta: dict[str, int]) -> None:
        """One crawled item as a job item (a document queued for extraction, or an error row), committed."""
        runner = self.runner
        with runner.sessions() as session:
            self._hold(session, job_id)
            known = session.scalar(select(JobItem.id).where(JobItem.job_id == job_id, JobItem.source_url == item.url)
                                   .limit(1))
            if known is None:
                seq = session.scalar(select(func.max(JobItem.seq)).where(JobItem.job_id == job_id))
                fields = dict(job_id=job_id, seq=(-1 if seq is None else seq) + 1, filename=file_name(item.url)[:512],
                              source_url=item.url[:2048], source_page=(item.page or None) and item.page[:2048],
                              source_title=(item.title or "")[:512] or None, fetched_at=item.fetched_at)
                if isinstance(item, Found):
                    sha = runner._store_original(session, item.name, item.data)
                    session.add(JobItem(**fields, sha256=sha, status="queued"))
                else:
                    session.add(JobItem(**fields, sha256=None, status="failed", error_code=item.code,
                                        error_message=item.message))
                job = session.get(Job, job_id)
                job.total += 1
                session.flush()
                if isinstance(item, Failed):
                    runner._count(session, job_id)
            self._count_source(session, source, delta, "running")
            session.commit()
        runner._wake.set()
