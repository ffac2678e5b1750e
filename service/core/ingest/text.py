"""Plain-text ingestion: detect the encoding (UTF-8, GB18030/GBK, UTF-16 with BOM), never assume it."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from service.base.document import Document
from service.base.errors import EmptyInput, Undecodable

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# A report is mostly CJK; a decode that yields few CJK characters or many controls is the wrong one.
CANDIDATES = ("utf-8", "gb18030", "big5")

_CJK = re.compile("[\u4e00-\u9fff]")
# controls other than tab, line feed, carriage return and form feed; C1 controls; the replacement character; private use
_BAD = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CJK.findall(sample)) / len(sample)


def _control_share(text: str) -> float:
    sample = text[:20000]
    return len(_BAD.findall(sample)) / max(1, len(sample))


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding name). Raises Undecodable."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise Undecodable() from exc
    for name in CANDIDATES:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _control_share(text) < 0.01:
            return text, name
    guess = from_bytes(data[:200_000]).best()
    if guess is not None:
        text = data.decode(guess.encoding, errors="replace")
        if _control_share(text) < 0.01 and _cjk_share(text) > 0.05:
            return text, guess.encoding
    raise Undecodable()


def load_text(data: bytes | str) -> Document:
    """Bytes or str of a plain-text report → Document."""
    if isinstance(data, str):
        text, encoding = data, "utf-8"
    else:
        text, encoding = decode(data)
    if not text.strip():
        raise EmptyInput()
    if _control_share(text) > 0.05:
        raise Undecodable("文本中含有大量控制字符或乱码，无法作为年度报告读取。")
    return Document(text=text, source="text", encoding=encoding)
