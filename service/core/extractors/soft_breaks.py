"""Line ends inside a sentence (a PDF's or a crawler's wrapped lines: 按照四川省人民政府办公\n厅要求) read as if the line
ran on, so a name broken over two lines is found whole. The name finder reads the joined text; its spans are mapped
back to the original text, where a span may then hold the line end (names drop whitespace)."""
from __future__ import annotations

import bisect
import re

# a line end between two CJK characters, after a line of 12 characters or more that is no table row, before a line
# that opens no heading or enumeration (一、 （二） 1. 第三部分 五是 …)
_SOFT = re.compile(r"\n(?<=[\u4e00-\u9fff]\n)(?=[\u4e00-\u9fff])")  # the line end first: the scan jumps between them
_OPENS_ITEM = re.compile(r"[一二三四五六七八九十]+(?:[、.．是]|部分)|第[一二三四五六七八九十]+[部章条项]")
_MIN_LINE = 12


def soft_breaks(text: str) -> list[int]:
    """Offsets of the line ends that wrap a sentence."""
    out = []
    for m in _SOFT.finditer(text):
        at = m.start()
        line = text[text.rfind("\n", 0, at) + 1:at]
        if len(line) >= _MIN_LINE and "\t" not in line and "|" not in line and not _OPENS_ITEM.match(text, at + 1):
            out.append(at)
    return out


class Joined:
    """The text without its soft line ends, and the way back to original offsets."""

    def __init__(self, text: str) -> None:
        self.cuts = soft_breaks(text)
        self.text = "".join(text[a + 1:b] for a, b in zip([-1, *self.cuts], [*self.cuts, len(text)])) \
            if self.cuts else text
        self._at = [c - i for i, c in enumerate(self.cuts)]  # where each removed line end sat in the joined text

    def original(self, pos: int) -> int:
        """Original offset of the character at a joined offset."""
        return pos + bisect.bisect_right(self._at, pos)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of a joined span (it keeps a line end that fell inside it)."""
        return self.original(start), self.original(end - 1) + 1 if end > start else self.original(start)
