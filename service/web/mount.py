"""Mount the reviewer pages and their static files on the app (called by service/app.py)."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.web import HERE, dashboard, pages, upload


def install_web(app: FastAPI) -> None:
    """Mount the static files and the page routes on an app; a page without a valid key leads to the login form."""

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (upload, dashboard, pages):  # /reports/export.* before /reports/{id}
        app.include_router(module.router)
    app.add_exception_handler(pages.LoginRequired, lambda request, exc: pages.login_redirect(request))
