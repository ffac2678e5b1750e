"""Stored tables. A report is keyed by (document sha256, pipeline version): the same work is stored once.

Reviews and cell corrections are kept apart from the extracted result, which is never modified.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.store.base import Base


def _now() -> datetime:
    return datetime.now(UTC)


class StoredDocument(Base):
    """An uploaded original, stored once by content hash under settings.uploads_dir."""

    __tablename__ = "documents"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    filename: Mapped[str] = mapped_column(String(512))
    size: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(1024))
    created_at: Mapped[datetime] = mapped_column(default=_now)


class StoredReport(Base):
    """One extraction result (the contract JSON); `id` is derived from sha256 + pipeline version."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("sha256", "pipeline_version", name="uq_report_work"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pipeline_version: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(512))
    agency: Mapped[str | None] = mapped_column(String(256), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    n_fail: Mapped[int] = mapped_column(Integer, default=0)
    n_uncertain: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=_now)


class Job(Base):
    """A collection submitted at once; progress counters are kept with it."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | running | done | failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    submitted_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)
    kind: Mapped[str] = mapped_column(String(8), default="files", server_default="files")  # files | urls
    options: Mapped[dict | None] = mapped_column(JSON)  # a URL job's {"year", "max_docs"}
    # a URL job's collection: None for files; queued | running | done, under a lease like an item's
    collect_status: Mapped[str | None] = mapped_column(String(16))
    collect_owner: Mapped[str | None] = mapped_column(String(64))
    collect_expires: Mapped[datetime | None] = mapped_column()
    collect_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class JobSource(Base):
    """One URL submitted with a URL job, in submission order: its collection status and what it led to."""

    __tablename__ = "job_sources"
    __table_args__ = (UniqueConstraint("job_id", "seq", name="uq_job_source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(2048))
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | running | done | failed
    found: Mapped[int] = mapped_column(Integer, default=0)  # report links and documents met
    fetched: Mapped[int] = mapped_column(Integer, default=0)  # documents downloaded
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)  # FETCH_REFUSED and ROBOTS
    pages: Mapped[int] = mapped_column(Integer, default=0)  # list and detail pages read
    error_code: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(Text)


class JobItem(Base):
    """One document of a job, in submission order; exactly one outcome (a report or an error) once finished."""

    __tablename__ = "job_items"
    __table_args__ = (UniqueConstraint("job_id", "seq", name="uq_job_item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str | None] = mapped_column(ForeignKey("documents.sha256"))  # None: a collected link with no document
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | running | done | failed
    report_id: Mapped[str | None] = mapped_column(ForeignKey("reports.id"))
    error_code: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))  # the server process running it now
    lease_expires: Mapped[datetime | None] = mapped_column()  # renewed by its heartbeat; only an expired lease is taken over
    source_url: Mapped[str | None] = mapped_column(String(2048))  # collected documents: where it was fetched
    source_page: Mapped[str | None] = mapped_column(String(2048))
    source_title: Mapped[str | None] = mapped_column(String(512))
    fetched_at: Mapped[str | None] = mapped_column(String(40))


class Review(Base):
    """A reviewer's decision on one check of a report (the latest one counts)."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[str] = mapped_column(String(256))
    decision: Mapped[str] = mapped_column(String(16))  # confirmed | dismissed
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(String(128))
    key_label: Mapped[str | None] = mapped_column(String(128))  # label of the API key that made it
    created_at: Mapped[datetime] = mapped_column(default=_now)


class CellCorrection(Base):
    """A reviewer's corrected value for one table cell (`table.key`); null means the cell is blank."""

    __tablename__ = "cell_corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    cell: Mapped[str] = mapped_column(String(128))
    value: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(String(128))
    key_label: Mapped[str | None] = mapped_column(String(128))  # label of the API key that made it
    created_at: Mapped[datetime] = mapped_column(default=_now)
