"""The access log: one line a request, naming the key's label (never the key), the status and the time taken.

Replaces uvicorn's own access line under `nianbao serve`, which cannot tell which key a request used.
"""
from __future__ import annotations

import logging
import time

from starlette.requests import Request

from service.gateway.keys import client_label

log = logging.getLogger("nianbao.access")
_PATH_CHARS = 200  # a path is cut here in the log: a client cannot fill the log with one request


class AccessLog:
    """Pure ASGI middleware; does nothing unless nianbao.access logs at INFO."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = [500]

        async def send_seen(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_seen)
        finally:
            request = Request(scope)
            settings = request.app.state.settings
            label = (client_label(request) or "-") if settings.key_labels() else "open"
            client = scope.get("client") or ("-", 0)
            log.info('%s "%s %s" %d %.0f ms client=%s', client[0], scope["method"], scope["path"][:_PATH_CHARS],
                     status[0], (time.perf_counter() - started) * 1000, label)
