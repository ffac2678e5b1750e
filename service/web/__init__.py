"""Server-rendered pages for reviewers (Jinja2 templates, plain JavaScript and CSS served from the package)."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent


def install_web(app: FastAPI) -> None:
    """Mount the static files and the page routes on an app; a page without a valid key leads to the login form."""
    from service.web import dashboard, pages, upload

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (upload, dashboard, pages):  # /reports/export.* before /reports/{id}
        app.include_router(module.router)
    app.add_exception_handler(pages.LoginRequired, lambda request, exc: pages.login_redirect(request))
