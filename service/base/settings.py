"""All runtime settings in one place; the only module that reads the environment (prefix NIANBAO_)."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]


def _default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nianbao"


class Settings(BaseSettings):
    """Limits and locations; override with NIANBAO_MAX_BYTES=… etc."""

    model_config = SettingsConfigDict(env_prefix="NIANBAO_", env_file=None)

    models_dir: Path = ROOT / "models"
    max_bytes: int = 20 * 1024 * 1024
    max_text_chars: int = 1_000_000  # a real report is 5–60 thousand characters
    max_pages: int = 100
    max_seconds: float = 60.0
    max_image_pixels: int = 60_000_000
    max_unzipped_bytes: int = 200 * 1024 * 1024
    ocr_dpi: int = 200
    ocr_threads: int = 0  # onnxruntime intra-op threads per OCR model; 0 = one per core, at most 4
    ocr_rec_batch: int = 16  # text crops recognised per model call (a batch is padded to its widest crop)
    # structure limits, checked before the work they bound (Chinese messages in service/core/ingest/limits.py)
    max_table_cells: int = 100_000  # grid area (rows × columns after rowspan/colspan) of one HTML/DOCX table
    max_html_depth: int = 256  # element nesting of an HTML page
    max_json_depth: int = 32  # nesting of a JSON request body (the valid one is a flat object)
    # HTTP service
    api_keys: Annotated[list[str] | dict[str, str], NoDecode] = []  # JSON list/object, "k1,k2" or "label:key,…"
    max_queue: int = 256  # documents waiting for a worker beyond those running; more are answered 503
    docs: bool = True  # serve /docs and /redoc (the OpenAPI JSON is always served)
    use_models: bool = True
    cache_dir: Path = Field(default_factory=_default_cache_dir)  # derived data kept across runs (jieba's dictionary)
    # worker pool (service/runtime/workers.py): 0 = one worker per core
    workers: int = 0
    worker_memory_mb: int = 2048  # address-space ceiling per worker (RLIMIT_AS); a warmed worker maps ~560 MB
    # collections: the durable store and uploaded originals (relative paths are under the working directory)
    database_url: str = "sqlite:///nianbao.db"
    uploads_dir: Path = Path("nianbao_data/uploads")
    dask_scheduler: str | None = None
    # jobs API (POST /v1/jobs): bounds of one submission
    max_job_files: int = 1000
    max_job_bytes: int = 512 * 1024 * 1024
    job_lease_seconds: float = 30.0  # a server's claim on a job item, renewed while it runs; only an expired one is taken over
    max_zip_ratio: float = 100.0  # uncompressed / compressed size of a zip entry (and of the whole archive)
    # nianbao collect (service/collections/collect/): polite, inward-proof fetching
    fetch_rate: float = 2.0  # requests a second to one host, at most (one request at a time per host)
    fetch_allow: Annotated[list[str], NoDecode] = []  # intranet HOST[:PORT] items, comma-separated, matched exactly
    fetch_only_allowed: bool = False  # only the fetch_allow sites may be fetched: any other URL is refused unresolved
    fetch_connect_timeout: float = 10.0
    fetch_read_timeout: float = 30.0  # between two reads of one response
    fetch_total_timeout: float = 120.0  # one response, headers to last byte (a trickling server is cut off)

    @field_validator("fetch_allow", mode="before")
    @classmethod
    def _read_allow(cls, value):
        """NIANBAO_FETCH_ALLOW as "host:port,host" (or a JSON list)."""
        if isinstance(value, str):
            value = json.loads(value) if value.strip().startswith("[") else value.split(",")
        return [str(v).strip() for v in value or [] if str(v).strip()]

    @field_validator("api_keys", mode="before")
    @classmethod
    def _read_keys(cls, value):
        """Keys as a JSON list or object ({"label": "key"}), or comma-separated "key" / "label:key" items."""
        return parse_keys(value)

    def key_labels(self) -> dict[str, str]:
        """{key: label} of the configured API keys (a key without a label is its own short label)."""
        keys = self.api_keys
        if isinstance(keys, dict):
            return {k: label for label, k in keys.items()}
        return {k: f"key-{i + 1}" for i, k in enumerate(keys)}


class KeySettingError(ValueError):
    """NIANBAO_API_KEYS is set but does not spell a usable set of keys: the service must not start open."""


def parse_keys(value) -> list[str] | dict[str, str]:
    """NIANBAO_API_KEYS in any of its accepted spellings: a JSON list or object ({"label": "key"}), or
    comma-separated "key" or "label:key" items.

    Fails closed: only an empty or absent setting means "no keys" (the service is open). A setting that is there
    but yields no key, or that would lose an entry (an empty item, a label without a key, a mixed list, a repeated
    label or key), raises KeySettingError instead of silently serving with fewer keys or none."""
    if value is None or (isinstance(value, str) and value == ""):
        return []
    written = isinstance(value, str)  # from the environment; an empty list or dict in code is "no keys"
    if written:
        raw = value.strip()
        if raw.startswith(("[", "{")):
            try:
                value = json.loads(raw)
            except ValueError:
                raise KeySettingError("不是合法的 JSON") from None
        else:
            value = _comma_keys(raw)
    if isinstance(value, dict):
        keys = {}
        for label, key in value.items():
            if not isinstance(key, str) or not key.strip() or not str(label).strip():
                raise KeySettingError(f"标签“{_cut(label)}”没有可用的密钥")
            keys[str(label).strip()] = key.strip()
        _check_distinct(list(keys.values()), "密钥")
    elif isinstance(value, list):
        if not all(isinstance(k, str) and k.strip() for k in value):
            raise KeySettingError("列表中有空的或非字符串的密钥")
        keys = [k.strip() for k in value]
        _check_distinct(keys, "密钥")
    else:
        raise KeySettingError("应为 JSON 列表、JSON 对象或逗号分隔的密钥")
    if written and not keys:
        raise KeySettingError("设置了但没有任何可用的密钥")
    return keys


def _comma_keys(raw: str) -> list[str] | dict[str, str]:
    """"k1,k2" or "label:key, label:key"; every item must be kept, so one bad item refuses the whole setting."""
    items = [item.strip() for item in raw.split(",")]
    if not raw or any(not item for item in items):
        raise KeySettingError("有空的条目（多余的逗号或只有空白）")
    labelled = [":" in item for item in items]
    if not any(labelled):
        return items
    if not all(labelled):
        raise KeySettingError("有的条目是“标签:密钥”，有的不是；请统一写法，否则会丢掉没有标签的密钥")
    pairs = [(label.strip(), key.strip()) for label, _, key in (item.partition(":") for item in items)]
    for n, (label, key) in enumerate(pairs, 1):
        if not label or not key:  # the message names the item by place and label, never by its key
            raise KeySettingError(f"第 {n} 个条目{f'（标签“{_cut(label)}”）' if label else ''}缺少{'密钥' if label else '标签'}")
    _check_distinct([label for label, _ in pairs], "标签")
    return dict(pairs)


def _check_distinct(values: list[str], what: str) -> None:
    if len(set(values)) != len(values):
        raise KeySettingError(f"有重复的{what}")


def _cut(value, limit: int = 20) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def key_setting_problem(error: Exception) -> str | None:
    """The Chinese start-up message for a refused NIANBAO_API_KEYS, or None when `error` is about something else."""
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        for item in error.errors():
            if item.get("loc") and item["loc"][0] == "api_keys":
                cause = item.get("ctx", {}).get("error")
                reason = str(cause) if cause is not None else item.get("msg", "")
                return f"NIANBAO_API_KEYS 设置无效：{reason}。服务不会在密钥无效时开放运行；不需要密钥时请不设置或设为空。"
    return None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
