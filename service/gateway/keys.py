"""API keys, for both front doors: the JSON routes take X-API-Key; the pages also take the login cookie holding it."""
from __future__ import annotations

import hmac
from urllib.parse import quote, unquote

from fastapi import Request

from service.base.errors import Unauthorized

COOKIE = "nianbao_key"


def key_label_of(settings, given: str | None) -> str | None:
    """The label of a presented key, or None when it is none of the configured keys (constant-time comparison
    against every key: no early exit, so the time does not tell which key came close)."""
    raw = (given or "").encode()
    found = None
    for key, label in settings.key_labels().items():
        if hmac.compare_digest(raw, key.encode()) and raw:
            found = label
    return found


def check_key(request: Request) -> None:
    """When API keys are configured, require one in X-API-Key."""
    settings = request.app.state.settings
    request.state.client_label = None
    if not settings.key_labels():
        return
    found = key_label_of(settings, request.headers.get("x-api-key"))
    if found is None:
        raise Unauthorized()
    request.state.client_label = found


def presented_key(request: Request) -> str | None:
    """The key a request carries: the X-API-Key header, else the login cookie."""
    cookie = request.cookies.get(COOKIE)
    return request.headers.get("x-api-key") or (unquote(cookie) if cookie else None)


def cookie_value(key: str) -> str:
    """A key as a cookie value (percent-encoded: a key may hold any character)."""
    return quote(key, safe="")


def key_ok(request: Request, key: str | None) -> bool:
    """Is `key` one of the configured API keys (always true when none are configured)?"""
    settings = request.app.state.settings
    return not settings.key_labels() or key_label_of(settings, key) is not None


def signed_in(request: Request) -> bool:
    """May this request see the pages?"""
    return key_ok(request, presented_key(request))


def require_key(request: Request) -> None:
    """Dependency of the JSON review routes: a valid key by header or cookie when keys are set."""
    if not signed_in(request):
        raise Unauthorized()


def key_label(request: Request) -> str | None:
    """The presented key's label, used as the reviewer when none is typed."""
    return key_label_of(request.app.state.settings, presented_key(request))
