"""The address guard: only http/https URLs without credentials, whose host resolves to global unicast addresses only
(an exactly allowed HOST:PORT may reach others). The checked address is what the fetcher connects to."""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_COMPAT = ipaddress.ip_network("::/96")  # IPv4-compatible ::a.b.c.d (deprecated)
DEFAULT_PORTS = {"http": 80, "https": 443}


class Refused(Exception):
    """A URL or address the fetcher will not contact (FETCH_REFUSED); the message is for users, in Chinese."""


def forbidden(ip: IP) -> str | None:
    """Why this address may not be contacted, or None for a global unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "带作用域的 IPv6 地址"
        if ip.ipv4_mapped is not None:
            return _embedded(ip.ipv4_mapped, "IPv4 映射地址")
        if ip.sixtofour is not None:
            return _embedded(ip.sixtofour, "6to4 地址")
        if ip.teredo is not None:
            return "Teredo 隧道地址"
        for net in _NAT64:
            if ip in net:
                return _embedded(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64 地址")
        if ip in _COMPAT:
            return _embedded(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "IPv4 兼容地址")
    checks = (("is_unspecified", "未指定地址"), ("is_loopback", "回环地址"), ("is_link_local", "链路本地地址"),
              ("is_multicast", "组播地址"), ("is_private", "内网地址"), ("is_reserved", "保留地址"))
    for attr, why in checks:
        if getattr(ip, attr):
            return why
    if isinstance(ip, ipaddress.IPv4Address) and (ip in _CGNAT or ip == ipaddress.IPv4Address("255.255.255.255")):
        return "运营商级 NAT 地址" if ip in _CGNAT else "广播地址"
    if isinstance(ip, ipaddress.IPv6Address) and (ip.is_site_local or ip in ipaddress.ip_network("fc00::/7")):
        return "IPv6 内网地址"
    if not ip.is_global:
        return "非公网地址"
    return None


def _embedded(v4: ipaddress.IPv4Address, form: str) -> str | None:
    inner = forbidden(v4)
    return f"{form}（内含{inner}）" if inner else None


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`ip`) and what to name (`host`, for Host and TLS)."""

    url: str
    scheme: str
    host: str
    port: int
    ip: str


def parse_allow(items) -> frozenset[tuple[str, int]]:
    """HOST[:PORT] items (a bare host means its default http and https ports) → exact (host, port) pairs."""
    pairs = set()
    for item in items or ():
        item = str(item).strip().lower()
        if not item:
            continue
        parts = urlsplit("//" + item)
        host = (parts.hostname or "").rstrip(".")
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"允许的主机写法无效：{item}") from None
        if not host:
            raise ValueError(f"允许的主机写法无效：{item}")
        pairs.update({(host, port)} if port else {(host, 80), (host, 443)})
    return frozenset(pairs)


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL without credentials; Refused otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("网址格式无效") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise Refused(f"只允许 http 和 https 网址，不允许 {scheme or '无协议'}")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise Refused("网址中不允许包含用户名或密码")
    host = (parts.hostname or "").lower()
    if not host:
        raise Refused("网址缺少主机名")
    return scheme, host, port or DEFAULT_PORTS[scheme]


def resolve(host: str, port: int) -> list[IP]:
    """Every address the name resolves to (IP literals are themselves)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise LookupError(f"无法解析主机名 {host}") from exc
    out: list[IP] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip not in out:
            out.append(ip)
    if not out:
        raise LookupError(f"无法解析主机名 {host}")
    return out


def check(url: str, allow: frozenset[tuple[str, int]] = frozenset(), only_allowed: bool = False) -> Target:
    """Resolve once and check every address; the first address is pinned. Refused when any address is not global
    unicast (unless HOST:PORT is allowed exactly), or, `only_allowed`, when HOST:PORT is not allowed (before any
    lookup); LookupError when the name does not resolve."""
    scheme, host, port = split_url(url)
    allowed = (host.rstrip("."), port) in allow
    if only_allowed and not allowed:
        raise Refused(f"{host}:{port} 不在 NIANBAO_FETCH_ALLOW 中，本服务只访问其中的站点")
    addresses = resolve(host, port)
    if not allowed:
        for ip in addresses:
            why = forbidden(ip)
            if why:
                raise Refused(f"{host} 解析到{why} {ip}，不允许访问（内网站点请用 --allow-host {host}:{port}）")
    return Target(url, scheme, host, port, str(addresses[0]))
