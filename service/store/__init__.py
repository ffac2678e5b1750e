"""The durable store (SQLAlchemy 2): documents by hash, reports keyed by hash + pipeline version, jobs, reviews.

SQLite by default (``NIANBAO_DATABASE_URL``), PostgreSQL by URL (``postgresql+psycopg://…``); the schema is made by
the Alembic migrations in ``store/migrations``. The pipeline never touches the store.
"""
from service.store.base import Base, make_engine, make_sessionmaker, upgrade
from service.store.models import CellCorrection, Job, JobItem, JobSource, Review, StoredDocument, StoredReport

__all__ = ["Base", "CellCorrection", "Job", "JobItem", "JobSource", "Review", "StoredDocument", "StoredReport",
           "make_engine", "make_sessionmaker", "upgrade"]
