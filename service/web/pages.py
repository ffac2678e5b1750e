"""Page routes: the report page, the login form. Pages call one layer below (reviews, store) and render."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import sessionmaker

from service.base.errors import NotFound
from service.collections.reviews import load_state
from service.gateway.keys import COOKIE, SESSION_SECONDS, key_label_of, key_ok, session_token, signed_in
from service.gateway.state import get_sessions
from service.web import HERE
from service.web.findings_docx import findings_docx
from service.web.listing import STATUS_NAMES
from service.web.report_view import report_view

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["STATUS_NAMES"] = STATUS_NAMES


class LoginRequired(Exception):
    """Raised by a page when API keys are set and the request carries none."""


def page_guard(request: Request) -> None:
    """Pages need the same keys as the API: without one, the login form."""
    if not signed_in(request):
        raise LoginRequired()


def login_redirect(request: Request) -> RedirectResponse:
    """To the login form, coming back to this page afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/") -> Response:
    return templates.TemplateResponse(request, "login.html", {"next": next, "failed": False})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, key: str = Form(""), next: str = Form("/")) -> Response:
    if not key_ok(request, key or None):
        return templates.TemplateResponse(request, "login.html", {"next": next, "failed": True}, status_code=401)
    safe_next = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(safe_next, status_code=303)
    label = key_label_of(request.app.state.settings, key)
    if label is not None:  # with no keys configured there is nothing to remember
        response.set_cookie(COOKIE, session_token(key, label), max_age=SESSION_SECONDS, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
    return response


@router.get("/reports/{report_id}", response_class=HTMLResponse, dependencies=[Depends(page_guard)])
async def report_page(request: Request, report_id: str, sessions: sessionmaker = Depends(get_sessions)) -> Response:
    def build() -> dict:
        with sessions() as session:
            return report_view(load_state(session, report_id))
    try:
        context = await run_in_threadpool(build)
    except NotFound as exc:
        return templates.TemplateResponse(request, "missing.html", {"message": exc.message}, status_code=404)
    return templates.TemplateResponse(request, "report.html", context)


@router.get("/reports/{report_id}/findings.docx", dependencies=[Depends(page_guard)])
async def findings_download(report_id: str, sessions: sessionmaker = Depends(get_sessions)) -> Response:
    def build() -> bytes:
        with sessions() as session:
            return findings_docx(load_state(session, report_id))
    data = await run_in_threadpool(build)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename=findings-{report_id}.docx"})
