"""The address guard: every class of address that is not global unicast is refused, in every spelling, and a name
that resolves to one is refused too; only an exact --allow-host HOST:PORT opens a non-global address."""
from __future__ import annotations

import ipaddress
import socket

import pytest

from service.collections.collect import addresses
from service.collections.collect.addresses import Refused, check, forbidden, parse_allow, split_url

FORBIDDEN = [
    "127.0.0.1", "127.8.9.10", "::1",  # loopback
    "10.1.2.3", "172.16.0.1", "192.168.1.1",  # private
    "169.254.169.254", "fe80::1",  # link-local (the metadata address)
    "100.64.0.1", "100.127.255.254",  # CGNAT
    "0.0.0.0", "::",  # unspecified
    "224.0.0.1", "ff02::1",  # multicast
    "240.0.0.1", "255.255.255.255",  # reserved, broadcast
    "fc00::1", "fd12:3456::1",  # IPv6 ULA
    "fec0::1",  # site-local
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",  # IPv4-mapped
    "::127.0.0.1", "::10.0.0.1",  # IPv4-compatible
    "2002:7f00:1::", "2002:a9fe:a9fe::1",  # 6to4 of loopback, of the metadata address
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",  # NAT64 of loopback, of the metadata address
    "192.0.2.1", "198.51.100.1", "2001:db8::1",  # documentation
    "198.18.0.1",  # benchmarking
]
GLOBAL = ["8.8.8.8", "114.114.114.114", "2400:3200::1", "::ffff:8.8.8.8", "64:ff9b::808:808"]


@pytest.mark.parametrize("ip", FORBIDDEN)
def test_forbidden_classes(ip):
    assert forbidden(ipaddress.ip_address(ip)) is not None


@pytest.mark.parametrize("ip", GLOBAL)
def test_global_unicast_passes(ip):
    assert forbidden(ipaddress.ip_address(ip)) is None


def _resolving_to(monkeypatch, *ips):
    calls = []

    def fake(host, port, *args, **kw):
        calls.append(host)
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                for ip in ips]
    monkeypatch.setattr(addresses.socket, "getaddrinfo", fake)
    return calls


@pytest.mark.parametrize("ip", ["127.0.0.1", "169.254.169.254", "::ffff:127.0.0.1", "100.64.1.1", "0.0.0.0"])
def test_a_name_resolving_inward_is_refused(monkeypatch, ip):
    _resolving_to(monkeypatch, ip)
    with pytest.raises(Refused):
        check("http://www.example.gov.cn/nb/")


def test_any_inward_address_refuses_the_name(monkeypatch):
    _resolving_to(monkeypatch, "8.8.8.8", "10.0.0.1")
    with pytest.raises(Refused):
        check("https://www.example.gov.cn/")


def test_the_checked_address_is_pinned(monkeypatch):
    calls = _resolving_to(monkeypatch, "8.8.4.4")
    target = check("https://www.example.gov.cn:8443/a")
    assert (target.host, target.port, target.ip, calls) == ("www.example.gov.cn", 8443, "8.8.4.4", ["www.example.gov.cn"])


def test_allow_host_matches_host_and_port_exactly(monkeypatch):
    _resolving_to(monkeypatch, "10.0.0.5")
    allow = parse_allow(["intranet.local:8080", "oa.local"])
    assert check("http://intranet.local:8080/x", allow).ip == "10.0.0.5"
    assert check("https://oa.local/x", allow).ip == "10.0.0.5"
    for url in ("http://intranet.local:8081/x", "http://intranet.local/x", "http://other.local:8080/"):
        with pytest.raises(Refused):
            check(url, allow)


@pytest.mark.parametrize("url", ["ftp://example.gov.cn/a", "file:///etc/passwd", "gopher://x/", "javascript:alert(1)",
                                 "http://user:pass@example.gov.cn/", "http://user@example.gov.cn/", "http:///nohost",
                                 "http://example.gov.cn:99999/"])
def test_schemes_credentials_and_bad_urls_are_refused(url):
    with pytest.raises(Refused):
        split_url(url)


def test_fetcher_refuses_https_to_http_and_inward_redirects(monkeypatch):
    """A redirect hop is checked like the first request: to loopback without allow, refused before connecting."""
    from service.base.errors import FetchRefused
    from service.base.settings import Settings
    from service.collections.collect.fetch import Fetcher
    from tests.collect.site import Route, Site

    with Site() as site, Site() as trap:
        site.routes["/r"] = Route(status=302, location=trap.url("/x"))
        site.routes["/meta"] = Route(status=301, location="http://169.254.169.254/")
        with Fetcher(Settings(fetch_rate=0), parse_allow([site.host])) as fetcher:
            for path in ("/r", "/meta"):
                with pytest.raises(FetchRefused):
                    fetcher.get(site.url(path))
        assert sum(trap.hits.values()) == 0 and site.hits["/r"] == 1
