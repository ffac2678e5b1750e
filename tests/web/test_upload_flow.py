"""Upload to review in real chromium: one file opens its report, a finding is confirmed and the dashboard shows the
report reviewed; several files dropped at once open the job page, where hostile files are error rows."""
from __future__ import annotations

import json

import pytest

from service.app import create_app
from service.base.settings import Settings
from tests.fixtures.stored import broken_text
from tests.web.conftest import LiveServer, chromium_or_skip, shot
from training.formats.render import to_text
from training.formats.report import report

HOSTILE = {"坏文件.pdf": b"%PDF-1.7\n" + b"\x00\xff" * 400, "程序.exe": b"MZ\x90\x00" + b"\x00" * 512,
           "空白.txt": b"   \n\n  "}
DONE = "() => document.querySelector('#job').dataset.status === 'finished'"  # a function: the page's CSP forbids eval


@pytest.fixture
def site(tmp_path, pipeline, worker_pool):
    chromium_or_skip()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", uploads_dir=tmp_path / "uploads",
                        workers=1, use_models=False)
    with LiveServer(create_app(settings, pool=worker_pool)) as server:
        yield server


def _drop(page, files: dict[str, bytes]) -> None:
    """Drop files on the drop zone as a person dragging them from a folder would."""
    payload = {name: list(data) for name, data in files.items()}
    page.evaluate("""(files) => {
        const dt = new DataTransfer();
        for (const [name, bytes] of Object.entries(files)) dt.items.add(new File([new Uint8Array(bytes)], name));
        document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));
    }""", payload)


def test_upload_one_file_review_it_and_see_it_reviewed(site, page):
    page.goto(site.url + "/")
    page.set_input_files("#files", files=[{"name": "青禾县自然资源局2023年报.txt", "mimeType": "text/plain",
                                            "buffer": broken_text().encode("utf-8")}])
    page.click("#send")
    page.wait_for_url("**/reports/*", timeout=120_000)
    fails = page.locator(".finding.st-fail")
    assert fails.count() == 2
    fails.first.click()
    check_id = fails.first.get_attribute("data-check")
    marks = page.locator(f'mark[data-check~="{check_id}"]').all()
    assert any(m.evaluate("(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
               for m in marks)
    for n in range(fails.count()):
        finding = fails.nth(n)
        finding.click()
        finding.locator("button.confirm").click()
        page.wait_for_function("(el) => el.classList.contains('decided')", arg=finding.element_handle())
    assert page.locator(".open-count b").inner_text() == "0"
    page.goto(site.url + "/reports")
    row = page.locator("tbody#rows tr", has_text="青禾县自然资源局")
    assert row.locator("td.reviewed").inner_text().startswith("已审核")
    shot(page, "dashboard_reviewed")


def test_many_files_open_the_job_page_with_error_rows(site, page):
    page.goto(site.url + "/")
    _drop(page, {"正常.txt": to_text(report()).encode("utf-8"), "有误.txt": broken_text().encode("utf-8"), **HOSTILE})
    page.wait_for_url("**/jobs/*", timeout=30_000)
    page.wait_for_function(DONE, timeout=120_000)
    rows = page.locator("tbody#rows tr")
    assert rows.count() == 5
    errors = page.locator("tbody#rows tr.error-row")
    assert errors.count() == len(HOSTILE)
    for name in HOSTILE:
        assert "无法解析" in page.locator("tbody#rows tr", has_text=name).inner_text()
    assert page.locator("tbody#rows tr a", has_text="青禾县自然资源局").count() == 2
    shot(page, "job_with_error_rows")
    job = json.loads(page.request.get(page.url.split("?")[0] + "?format=json").text())
    assert job["failed"] == len(HOSTILE) and job["done"] == 2
    page.goto(site.url + "/reports")
    assert page.locator("tbody#rows tr.error-row").count() == 0  # hidden by default …
    page.click("a.show-errors")  # … one click away
    assert page.locator("tbody#rows tr.error-row").count() == len(HOSTILE)
