"""The API keys protect the pages too: a login form sets a cookie holding the key; JSON routes accept either."""
from __future__ import annotations

from urllib.parse import quote, unquote

from fastapi import Request

from service.base.errors import Unauthorized

COOKIE = "nianbao_key"


def key_label_of(settings, given: str | None) -> str | None:
    """The API's own key comparison (service.api.routes), imported late: the API package imports this module."""
    from service.api.routes import key_label_of as compare

    return compare(settings, given)


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
