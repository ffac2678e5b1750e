"""Reading a job submission: multipart `file` fields, or one zip of documents, within bounds (total bytes, bytes per
file, number of files, unzipped size and compression ratio) checked while reading, before anything is stored."""
from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import AsyncIterator

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from service.base.errors import BadRequest, TooLarge, TooManyFiles, cut
from service.base.settings import Settings

ZIP_MAGIC = b"PK\x03\x04"


async def _bounded(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    total = 0
    async for chunk in stream:
        total += len(chunk)
        if total > limit:
            raise TooLarge(f"上传内容超过了一次任务允许的 {limit // (1024 * 1024)} MB。")
        yield chunk


async def read_files(request: Request, settings: Settings) -> list[tuple[str, bytes]]:
    """(filename, bytes) of every uploaded document, a zip of documents expanded in its place."""
    ctype = request.headers.get("content-type", "").lower()
    if not ctype.startswith("multipart/form-data"):
        raise BadRequest("请使用 multipart/form-data 上传，每个文件一个 file 字段，或上传一个 zip 压缩包。")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_job_bytes:
        raise TooLarge(f"上传内容超过了一次任务允许的 {settings.max_job_bytes // (1024 * 1024)} MB。")
    parser = MultiPartParser(request.headers, _bounded(request.stream(), settings.max_job_bytes),
                             max_files=settings.max_job_files, max_fields=16)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        if "files" in str(exc).lower():
            raise TooManyFiles(f"一次任务最多 {settings.max_job_files} 个文件。") from exc
        raise BadRequest("multipart 请求体无法解析，请检查格式与 boundary。") from exc
    try:
        uploads = [u for u in form.getlist("file") if isinstance(u, UploadFile)]
        files = [(u.filename or f"文件{i + 1}", await _read(u, settings.max_bytes)) for i, u in enumerate(uploads)]
    finally:
        await form.close()
    if not files:
        raise BadRequest("请求中没有名为 file 的文件字段。")
    if len(files) == 1 and is_archive(files[0][1]):
        files = unzip(files[0][1], settings)
    return files


async def _read(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"文件 {cut(upload.filename)} 超过了单个文件允许的 {limit // (1024 * 1024)} MB。")
    return data


def is_archive(data: bytes) -> bool:
    """A zip that is an archive of documents, not a Word file (.docx is a zip with [Content_Types].xml)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" not in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _wanted(info: zipfile.ZipInfo) -> bool:
    name = info.filename.rsplit("/", 1)[-1]
    return not info.is_dir() and not name.startswith(".") and not info.filename.startswith("__MACOSX/")


def unzip(data: bytes, settings: Settings) -> list[tuple[str, bytes]]:
    """The documents of a zip, refused as a whole when it is too many, too big or compressed suspiciously well."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BadRequest("zip 压缩包已损坏，无法读取。") from exc
    with archive:
        entries = [i for i in archive.infolist() if _wanted(i)]
        if len(entries) > settings.max_job_files:
            raise TooManyFiles(f"压缩包中有 {len(entries)} 个文件，一次任务最多 {settings.max_job_files} 个。")
        if not entries:
            raise BadRequest("zip 压缩包中没有文件。")
        _check_sizes(entries, settings)
        files, total = [], 0
        for info in entries:
            try:
                with archive.open(info) as fh:
                    body = fh.read(settings.max_bytes + 1)
            except RuntimeError as exc:  # zipfile says "encrypted" this way
                raise BadRequest(f"压缩包中的 {cut(info.filename)} 已加密，无法解压。") from exc
            except NotImplementedError as exc:
                raise BadRequest(f"压缩包中的 {cut(info.filename)} 使用了不支持的压缩方式。") from exc
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:  # bad CRC, deflate, header
                raise BadRequest(f"压缩包中的 {cut(info.filename)} 已损坏，无法解压。") from exc
            total += len(body)
            if len(body) > settings.max_bytes or total > settings.max_unzipped_bytes:  # sizes in the zip can lie
                raise TooLarge(f"压缩包中的 {cut(info.filename)} 超过了允许的大小。")
            files.append((info.filename, body))
    return files


def _check_sizes(entries: list[zipfile.ZipInfo], settings: Settings) -> None:
    total = sum(i.file_size for i in entries)
    packed = sum(i.compress_size for i in entries) or 1
    if total > settings.max_unzipped_bytes:
        raise TooLarge("压缩包解压后的总大小超过了允许的上限。")
    worst = max(i.file_size / max(i.compress_size, 1) for i in entries)
    if worst > settings.max_zip_ratio or total / packed > settings.max_zip_ratio:
        raise TooLarge("压缩包的压缩比异常（疑似压缩炸弹），已拒绝。")
