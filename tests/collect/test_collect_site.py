"""`nianbao collect` against a real local site: every report once, agency and year as `extract` reads the same
bytes, notices never results, traps never reached, robots respected, a second run adds and fetches nothing."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from service.collections.collect.run import Collect, Options
from tests.collect.conftest import SETTINGS


def _rows(out):
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _collect(site, out, pool, **kw):
    options = Options(allow=(site.host,), **kw)
    return Collect([site.url("/nb/index.html")], out, pool, SETTINGS, options).run()


@pytest.fixture(scope="module")
def pipeline():
    from service.core.pipeline import Pipeline

    return Pipeline.load(SETTINGS)


def test_the_column_is_collected_once_and_safely(sites, pool, pipeline, tmp_path):
    site, trap, layout = sites
    out = tmp_path / "out.jsonl"
    summary = _collect(site, out, pool)
    rows = _rows(out)
    by_url = {r["url"]: r for r in rows}
    assert len(by_url) == len(rows), "one row per URL"
    results = {r["url"] for r in rows if "result" in r}
    assert results == {site.url(p) for p in layout["reports"]}
    for path in layout["reports"]:
        assert site.hits[path] == 1, f"{path} fetched once"
        row = by_url[site.url(path)]
        data = site.routes[path].body
        expected = pipeline.run(data, path.rsplit("/", 1)[-1]).report
        assert row["result"]["report"]["year"] == expected.year and expected.year is not None
        assert row["result"]["report"]["agency"]["name"] == expected.agency.name
        assert row["fetched_at"] and row["title"]
    # where each report was found: the attachment's page is its detail page; an inline one's is the list
    assert by_url[site.url("/files/P020230120.pdf")]["page"] == site.url("/nb/2022.html")
    assert by_url[site.url("/nb/2023.html")]["page"] == site.url("/nb/index.html")
    assert by_url[site.url("/nb/2014.txt")]["page"] == site.url("/nb/index_1.html")
    codes = {r["url"]: r["error"]["code"] for r in rows if "error" in r}
    assert codes[site.url("/nb/notice.html")] == "NOT_A_REPORT" and site.hits["/nb/notice.html"] == 0
    assert codes[site.url("/nb/training.html")] == "NOT_A_REPORT"
    assert codes[site.url("/private/2020.html")] == "ROBOTS" and site.hits["/private/2020.html"] == 0
    assert codes[site.url("/go/2019.html")] == "FETCH_REFUSED"
    assert codes[site.url("/meta/2018.html")] == "FETCH_REFUSED"
    assert codes[trap.url("/2017.pdf")] == "FETCH_REFUSED"
    assert codes[site.url("/slow/2016.txt")] == "FETCH_TIMEOUT"
    assert codes[site.url("/big/2015.txt")] == "TOO_LARGE"
    assert sum(trap.hits.values()) == 0, "the trap server never received a request"
    for chrome in ("/other/", "/nb/about.html", "/nb/2010.html"):  # nav, not a report, a detail page's sidebar
        assert not any(p.startswith(chrome) for p in site.hits)
    assert summary.counts.refused >= 4 and summary.results == len(layout["reports"])

    # the second run reads the list pages again, fetches no document and adds no row
    before = dict(site.hits)
    again = _collect(site, out, pool)
    assert _rows(out) == rows
    assert again.written == 0
    fetched_again = {p for p, n in site.hits.items() if n > before.get(p, 0)}
    assert fetched_again <= {"/nb/index.html", "/nb/index_1.html", "/robots.txt"}


def test_year_and_max_docs(sites, pool, tmp_path):
    site, _trap, _layout = sites
    out = tmp_path / "out.jsonl"
    _collect(site, out, pool, year=2022)
    rows = _rows(out)
    assert [r["url"] for r in rows if "result" in r] == [site.url("/files/P020230120.pdf")]
    assert site.hits["/nb/2023.html"] == 0
    out2 = tmp_path / "capped.jsonl"
    summary = _collect(site, out2, pool, max_docs=1)
    assert summary.counts.fetched == 1


def test_refresh_replaces_a_changed_document(sites, pool, tmp_path):
    site, _trap, _layout = sites
    out = tmp_path / "out.jsonl"
    _collect(site, out, pool)
    n = len(_rows(out))
    route = site.routes["/nb/2014.txt"]
    route.body = route.body + "\n附：更正说明。\n".encode("gb18030")
    again = _collect(site, out, pool, refresh=True)
    rows = _rows(out)
    assert len(rows) == n and again.results == 1
    assert site.hits["/nb/2014.txt"] == 2
    import hashlib

    assert {r["sha256"] for r in rows if r["url"] == site.url("/nb/2014.txt")} == {hashlib.sha256(route.body).hexdigest()}


def test_without_allow_host_loopback_is_refused(sites, pool, tmp_path):
    site, _trap, _layout = sites
    out = tmp_path / "out.jsonl"
    Collect([site.url("/nb/index.html")], out, pool, SETTINGS, Options()).run()
    rows = _rows(out)
    assert [r["error"]["code"] for r in rows] == ["FETCH_REFUSED"]
    assert sum(site.hits.values()) == 0


def test_a_seed_detail_page_and_a_seed_document(sites, pool, tmp_path):
    site, _trap, _layout = sites
    out = tmp_path / "out.jsonl"
    urls = [site.url("/nb/2022.html"), site.url(quote("/files/2021年政府信息公开工作年度报告.docx"))]
    Collect(urls, out, pool, SETTINGS, Options(allow=(site.host,))).run()
    assert {r["url"] for r in _rows(out) if "result" in r} == {site.url("/files/P020230120.pdf"), urls[1]}


def test_a_torn_last_line_is_repaired_and_its_document_done_again(sites, pool, tmp_path):
    """Kill-safe like batch: a run killed mid-row leaves a torn line; the next run cuts it and redoes that one."""
    site, _trap, _layout = sites
    out = tmp_path / "out.jsonl"
    _collect(site, out, pool)
    rows = _rows(out)
    lines = out.read_bytes().splitlines(keepends=True)
    last = json.loads(lines[-1])
    out.write_bytes(b"".join(lines[:-1]) + lines[-1][:40])  # the last row torn by a kill
    again = _collect(site, out, pool)
    assert again.written == 1
    assert sorted(r["url"] for r in _rows(out)) == sorted(r["url"] for r in rows)
    assert _rows(out)[-1]["url"] == last["url"]
