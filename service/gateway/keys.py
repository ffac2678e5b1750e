"""API keys, for both front doors: the JSON routes take X-API-Key; the pages take it too, or the login cookie.

The login cookie never holds the key. It holds the key's label signed with the key itself (itsdangerous, with a
time stamp), so it proves the holder once knew the key, expires, dies with the key when the key is removed from the
setting, and cannot be turned back into an X-API-Key header.
"""
from __future__ import annotations

import hmac

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from service.base.errors import Unauthorized

COOKIE = "nianbao_session"
SESSION_SECONDS = 12 * 3600  # one working day: a login lasts until the evening
_SALT = "nianbao-login"


def key_label_of(settings, given: str | None) -> str | None:
    """The label of a presented key, or None when it is none of the configured keys (constant-time comparison
    against every key: no early exit, so the time does not tell which key came close)."""
    raw = (given or "").encode()
    found = None
    for key, label in settings.key_labels().items():
        if hmac.compare_digest(raw, key.encode()) and raw:
            found = label
    return found


def session_token(key: str, label: str) -> str:
    """The login cookie's value for a key that was just checked: its label, signed with the key and dated."""
    return URLSafeTimedSerializer(key, salt=_SALT).dumps(label)


def label_of_session(settings, token: str | None) -> str | None:
    """The label a login cookie proves, or None when it is forged, expired or signed by a key no longer set."""
    if not token:
        return None
    found = None
    for key, label in settings.key_labels().items():
        try:
            if URLSafeTimedSerializer(key, salt=_SALT).loads(token, max_age=SESSION_SECONDS) == label:
                found = label
        except BadSignature:  # includes SignatureExpired
            continue
    return found


async def check_key(request: Request) -> None:
    """When API keys are configured, require one in X-API-Key (the JSON routes). A coroutine: FastAPI runs a plain
    function dependency on its thread pool, a hop of a few tenths of a millisecond for a check of microseconds."""
    settings = request.app.state.settings
    request.state.client_label = None
    if not settings.key_labels():
        return
    found = key_label_of(settings, request.headers.get("x-api-key"))
    if found is None:
        raise Unauthorized()
    request.state.client_label = found


def client_label(request: Request) -> str | None:
    """The label of the key this request carries: the X-API-Key header first, else the login cookie."""
    settings = request.app.state.settings
    header = request.headers.get("x-api-key")
    if header:
        return key_label_of(settings, header)
    return label_of_session(settings, request.cookies.get(COOKIE))


def key_ok(request: Request, key: str | None) -> bool:
    """Is `key` one of the configured API keys (always true when none are configured)?"""
    settings = request.app.state.settings
    return not settings.key_labels() or key_label_of(settings, key) is not None


def signed_in(request: Request) -> bool:
    """May this request see the pages (a valid header key or login cookie, or no keys configured)?"""
    return not request.app.state.settings.key_labels() or client_label(request) is not None


def require_key(request: Request) -> None:
    """Dependency of the JSON review routes: a valid key by header or cookie when keys are set."""
    if not signed_in(request):
        raise Unauthorized()


def key_label(request: Request) -> str | None:
    """The presented key's label (None when no keys are configured): stored beside each decision it makes."""
    return client_label(request)
