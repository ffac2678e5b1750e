"""Coded errors with Chinese messages; only service.api maps them to HTTP statuses."""
from __future__ import annotations

import traceback

ECHO_CHARS = 100  # a client's value is quoted back at most this long
MESSAGE_CHARS = 400  # and no message is ever longer than this


def cut(value, limit: int = ECHO_CHARS) -> str:
    """A client-supplied value as it may appear in a message: at most `limit` characters, then an ellipsis."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


class NianbaoError(Exception):
    """Base error: a stable code, a Chinese message for users and the HTTP status the API answers with."""

    code = "NIANBAO_ERROR"
    status = 400
    message = "无法处理该文档。"

    def __init__(self, message: str | None = None) -> None:
        message = cut(message or self.message, MESSAGE_CHARS)
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


class EmptyInput(NianbaoError):
    code, status, message = "EMPTY_INPUT", 400, "输入为空：请提供年度报告的文本或文件。"


class Undecodable(NianbaoError):
    code, status, message = "UNDECODABLE", 415, "无法识别文本编码：请使用 UTF-8、GB18030/GBK 或带 BOM 的 UTF-16 编码。"


class TooLarge(NianbaoError):
    code, status, message = "TOO_LARGE", 413, "输入过大，超过了服务允许的大小上限。"


class UnsupportedFormat(NianbaoError):
    code, status, message = (
        "UNSUPPORTED_FORMAT",
        415,
        "不支持的文件格式：请提供纯文本、PDF、HTML、Word（.docx）或图片（PNG/JPEG/TIFF）。",
    )


class CorruptFile(NianbaoError):
    code, status, message = "CORRUPT_FILE", 422, "文件已损坏或无法解析。"


class EncryptedFile(NianbaoError):
    code, status, message = "ENCRYPTED_FILE", 422, "文件已加密，请提供未加密的版本。"


class TooManyPages(NianbaoError):
    code, status, message = "TOO_MANY_PAGES", 413, "页数超过了服务允许的上限。"


class Timeout(NianbaoError):
    code, status, message = "TIMEOUT", 422, "处理超时：文档过于复杂或过大。"


class TooComplex(NianbaoError):
    code, status, message = "TOO_COMPLEX", 422, "文档过于复杂，超出了单个文档允许的内存或结构上限。"


class NoText(NianbaoError):
    code, status, message = "NO_TEXT", 422, "未能从文件中读取到任何文字。"


class BadRequest(NianbaoError):
    code, status, message = "BAD_REQUEST", 400, "请求格式不正确。"


class Unauthorized(NianbaoError):
    code, status, message = "UNAUTHORIZED", 401, "缺少或错误的 API 密钥。"


class ModelMissing(NianbaoError):
    code, status, message = "MODEL_MISSING", 500, "模型文件缺失：请运行 `nianbao train` 重新生成 models/。"


class NotFound(NianbaoError):
    code, status, message = "NOT_FOUND", 404, "找不到请求的资源。"


class TooManyFiles(NianbaoError):
    code, status, message = "TOO_MANY_FILES", 413, "文件数量超过了一次任务允许的上限。"


class Busy(NianbaoError):
    code, status, message = "BUSY", 503, "服务繁忙：排队等待处理的文档已达上限，请稍后重试。"

    def __init__(self, message: str | None = None, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FetchRefused(NianbaoError):
    code, status, message = "FETCH_REFUSED", 403, "不允许访问该网址（协议、地址或网站不在允许范围内）。"


class FetchFailed(NianbaoError):
    code, status, message = "FETCH_FAILED", 502, "下载失败。"


class FetchTimeout(NianbaoError):
    code, status, message = "FETCH_TIMEOUT", 504, "下载超时。"


class RobotsDisallowed(NianbaoError):
    code, status, message = "ROBOTS", 403, "该网站的 robots.txt 不允许抓取此网址。"


class NotAReport(NianbaoError):
    code, status, message = "NOT_A_REPORT", 422, "不是政府信息公开工作年度报告（例如通知、公告）。"


def status_of(code: str) -> int:
    """The HTTP status of an error code (any NianbaoError subclass; CANCELLED/READ_ERROR are client-side 4xx)."""
    statuses = {"CANCELLED": 499, "READ_ERROR": 400, "INTERNAL": 500}
    stack = list(NianbaoError.__subclasses__())
    while stack:
        cls = stack.pop()
        statuses.setdefault(cls.code, cls.status)
        stack.extend(cls.__subclasses__())
    return statuses.get(code, 500)


def trace_of(exc: BaseException) -> str:
    """Where an unexpected exception happened, for the log: frames and type only — its message may quote the
    document, and logs never hold document text."""
    return "".join(traceback.format_tb(exc.__traceback__)) + type(exc).__name__
