"""The store's schema comes from the Alembic migrations and enforces one report per (document, pipeline version)."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from service.store import StoredReport, make_engine, make_sessionmaker, upgrade
from tests.fixtures.postgres import store_url


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request, tmp_path):
    engine = make_engine(store_url(request.param, tmp_path))
    upgrade(engine)
    with make_sessionmaker(engine)() as s:
        yield s
    engine.dispose()


def _report(rid: str, sha: str, version: str) -> StoredReport:
    return StoredReport(id=rid, sha256=sha, pipeline_version=version, filename="a.txt", agency=None, year=None,
                        n_fail=0, n_uncertain=0, result={"schema_version": "1"})


def test_migrations_create_every_table(session):
    names = set(inspect(session.get_bind()).get_table_names())
    assert {"documents", "reports", "jobs", "job_items", "reviews", "cell_corrections", "alembic_version"} <= names


@pytest.mark.parametrize(("second_version", "fails"), [("v1", True), ("v2", False)])
def test_one_report_per_document_and_version(session, second_version, fails):
    session.add(_report("r1", "a" * 64, "v1"))
    session.commit()
    session.add(_report("r2", "a" * 64, second_version))
    if fails:
        with pytest.raises(IntegrityError):
            session.commit()
    else:
        session.commit()
        assert session.query(StoredReport).count() == 2
