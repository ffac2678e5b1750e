"""robots.txt, read once per origin through the same guarded fetcher (urllib.robotparser decides)."""
from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from service.base.errors import FetchFailed, FetchRefused, FetchTimeout, NianbaoError, RobotsDisallowed, TooLarge

AGENT = "nianbao"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Robots:
    """`check(url)` raises RobotsDisallowed when the site's robots.txt forbids it (a missing robots.txt allows all,
    401/403 forbids all, as urllib.robotparser reads them)."""

    def __init__(self, fetcher, ignore: bool = False) -> None:
        self.fetcher, self.ignore = fetcher, ignore
        self._rules: dict[str, RobotFileParser] = {}

    def _rules_of(self, url: str) -> RobotFileParser:
        key = origin(url)
        if key not in self._rules:
            rules = RobotFileParser(key + "/robots.txt")
            try:
                answer = self.fetcher.get(key + "/robots.txt", permit=self._same_origin(key))
                text = answer.body.decode("utf-8", "replace")
                rules.parse(text.splitlines())
            except FetchFailed as exc:
                if "HTTP 401" in exc.message or "HTTP 403" in exc.message:
                    rules.disallow_all = True
                else:
                    rules.allow_all = True  # no robots.txt (404, 5xx, unreachable): the pages themselves will tell
            except (FetchRefused, FetchTimeout, TooLarge, NianbaoError):
                rules.allow_all = True
            self._rules[key] = rules
        return self._rules[key]

    @staticmethod
    def _same_origin(key: str):
        def permit(url: str) -> None:
            if origin(url) != key:
                raise FetchRefused("robots.txt 重定向到其他网站，已忽略。")
        return permit

    def check(self, url: str) -> None:
        if self.ignore:
            return
        if not self._rules_of(url).can_fetch(AGENT, url):
            raise RobotsDisallowed(f"robots.txt 不允许抓取 {urlsplit(url).path or '/'}。")
