"""Response headers every answer carries: a strict content policy for the pages, no framing, no sniffing.

A pure ASGI middleware (no per-request Request object): it only appends headers to the response start.
"""
from __future__ import annotations

# Scripts and styles only from the package's /static; nothing a document holds can run, load or frame.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer")]
_POLICY = [(b"content-security-policy", CSP.encode())]
_OWN_SCRIPTS = ("/docs", "/redoc")  # FastAPI's API explorer pages bring their own inline scripts


class SecurityHeaders:
    """Adds nosniff, X-Frame-Options: DENY and Referrer-Policy to every response, and the CSP to all but /docs."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = _ALWAYS if scope["path"].startswith(_OWN_SCRIPTS) else _ALWAYS + _POLICY

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
