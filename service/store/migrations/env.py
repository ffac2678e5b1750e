"""Alembic environment: runs on the connection handed over by store.base.upgrade (or a URL from alembic.ini)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from service.store import models  # noqa: F401  (registers the tables on Base.metadata)
from service.store.base import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as conn:
        _run(conn)
