"""The pinned fetcher: every hop is checked by the address guard and connected to the very address that was checked
(no second lookup), keeping the name for the Host header and TLS (SNI and certificate). No cookie jar, no automatic
redirects (at most MAX_REDIRECTS, each checked), https never downgraded, bodies streamed under a byte cap."""
from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpcore

from service.base.errors import FetchFailed, FetchRefused, FetchTimeout, TooLarge
from service.base.settings import Settings
from service.base.version import PACKAGE_VERSION as VERSION
from service.collections.collect.addresses import Refused, Target, check

MAX_REDIRECTS = 5
USER_AGENT = f"nianbao/{VERSION} (government information disclosure annual report collector)"
_CHUNK = 64 * 1024


class _PinnedBackend(httpcore.SyncBackend):
    """Connects a (host, port) only to the address pinned for it by the guard; an unpinned name is never resolved."""

    def __init__(self) -> None:
        self.pins: dict[tuple[str, int], str] = {}

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        ip = self.pins.get((host.lower().strip("[]"), port))
        if ip is None:
            raise httpcore.ConnectError(f"{host}:{port} was not checked")
        return super().connect_tcp(ip, port, timeout=timeout, local_address=local_address,
                                   socket_options=socket_options)


@dataclass
class Response:
    url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    body: bytes
    fetched_at: str


class Fetcher:
    """One client for a run: requests go one at a time, at most `settings.fetch_rate` a second to one host."""

    def __init__(self, settings: Settings, allow: frozenset[tuple[str, int]] = frozenset()) -> None:
        self.settings, self.allow = settings, allow
        self.max_bytes = settings.max_bytes
        self._backend = _PinnedBackend()
        self._pool = httpcore.ConnectionPool(network_backend=self._backend, max_connections=4, retries=0)
        self._last: dict[str, float] = {}
        self._lock = threading.RLock()  # one request at a time (re-entered only for robots.txt, from a permit)
        self.requests = 0

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, permit: Callable[[str], None] = lambda url: None) -> Response:
        """GET `url`, following redirects by hand; `permit(url)` may raise for a hop (robots, another site)."""
        with self._lock:
            for _hop in range(MAX_REDIRECTS + 1):
                permit(url)
                target = self._target(url)
                found = self._once(target)
                if isinstance(found, Response):
                    return found
                following = urljoin(url, found)
                if target.scheme == "https" and following.lower().startswith("http:"):
                    raise FetchRefused("https 网址重定向到 http，已拒绝（不允许降级为不加密的连接）。")
                url = following
            raise FetchFailed(f"重定向次数超过 {MAX_REDIRECTS} 次。")

    def _target(self, url: str) -> Target:
        try:
            target = check(url, self.allow, self.settings.fetch_only_allowed)
        except Refused as exc:
            raise FetchRefused(str(exc)) from None
        except LookupError as exc:
            raise FetchFailed(str(exc)) from None
        self._backend.pins[(target.host, target.port)] = target.ip
        return target

    def _wait_turn(self, host: str) -> None:
        rate = self.settings.fetch_rate
        if rate > 0:
            pause = self._last.get(host, float("-inf")) + 1 / rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _once(self, target: Target) -> Response | str:
        """One request: the Response, or the Location of a redirect."""
        s = self.settings
        self._wait_turn(target.host)
        self.requests += 1
        headers = [(b"User-Agent", USER_AGENT.encode()), (b"Accept", b"*/*"), (b"Accept-Encoding", b"gzip, deflate")]
        timeouts = {"connect": s.fetch_connect_timeout, "read": s.fetch_read_timeout,
                    "write": s.fetch_read_timeout, "pool": s.fetch_connect_timeout}
        deadline = time.monotonic() + s.fetch_total_timeout
        try:
            with self._pool.stream("GET", target.url, headers=headers, extensions={"timeout": timeouts}) as resp:
                head = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in resp.headers}
                if resp.status in (301, 302, 303, 307, 308):
                    location = head.get("location", "").strip()
                    if not location:
                        raise FetchFailed(f"服务器返回重定向（{resp.status}）但没有给出新地址。")
                    return location
                if resp.status >= 400:
                    raise FetchFailed(f"服务器返回 HTTP {resp.status}。")
                body = self._read(resp, head, deadline)
        except (httpcore.TimeoutException, TimeoutError):
            raise FetchTimeout("连接或读取超时。") from None
        except httpcore.ConnectError:
            raise FetchFailed("无法连接到服务器。") from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, OSError) as exc:
            raise FetchFailed(f"下载失败：{type(exc).__name__}") from None
        kind, _, params = head.get("content-type", "").partition(";")
        charset = next((p.split("=", 1)[1].strip(" \"'") for p in params.split(";") if "charset=" in p.lower()), None)
        return Response(target.url, resp.status, kind.strip().lower(), charset, body,
                        datetime.now(UTC).isoformat(timespec="seconds"))

    def _read(self, resp, head: dict[str, str], deadline: float) -> bytes:
        """The body, decompressed when gzip/deflate; TooLarge past max_bytes (before or after decompression)."""
        limit = self.max_bytes
        declared = head.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"文件大小 {int(declared)} 字节，超过上限 {limit} 字节，未下载。")
        coding = head.get("content-encoding", "identity").strip().lower()
        if coding not in ("identity", "", "gzip", "deflate", "x-gzip"):
            raise FetchFailed(f"不支持的内容编码：{coding}")
        inflate = None if coding in ("identity", "") else zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in coding
                                                                             else zlib.MAX_WBITS)
        out = bytearray()
        for chunk in resp.iter_stream():
            if time.monotonic() > deadline:
                raise FetchTimeout(f"下载超过 {self.settings.fetch_total_timeout:g} 秒仍未完成，已停止。")
            if inflate is not None:
                chunk = inflate.decompress(chunk, limit + 1 - len(out))
            out += chunk
            if len(out) > limit:
                raise TooLarge(f"下载内容超过上限 {limit} 字节，已停止下载。")
        return bytes(out)
