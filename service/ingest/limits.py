"""Per-document limits shared by the ingesters: a time budget checked between pages and cells, page counts."""
from __future__ import annotations

import time

from ..errors import Timeout, TooManyPages
from ..settings import Settings


class Deadline:
    """The time budget of one document; `check()` raises Timeout once it is spent."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()

    @classmethod
    def of(cls, settings: Settings) -> Deadline:
        """A fresh budget of settings.max_seconds."""
        return cls(settings.max_seconds)

    def check(self) -> None:
        """Raise Timeout when the document has taken longer than its budget."""
        if time.monotonic() - self.start > self.seconds:
            raise Timeout(f"处理超时：超过了每份文档 {self.seconds:g} 秒的处理时限。")


def check_pages(pages: int, settings: Settings) -> None:
    """Raise TooManyPages before any page is read."""
    if pages > settings.max_pages:
        raise TooManyPages(f"文档共 {pages} 页，超过了服务允许的上限 {settings.max_pages} 页。")
