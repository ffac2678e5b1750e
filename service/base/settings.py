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
    max_zip_ratio: float = 100.0  # uncompressed / compressed size of a zip entry (and of the whole archive)

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


def parse_keys(value) -> list[str] | dict[str, str]:
    """NIANBAO_API_KEYS in any of its accepted spellings; empty strings are ignored, never an accepted key."""
    if isinstance(value, str):
        raw = value.strip()
        if raw.startswith(("[", "{")):
            value = json.loads(raw)
        else:
            items = [item.strip() for item in raw.split(",") if item.strip()]
            if any(":" in item for item in items):
                pairs = [item.partition(":") for item in items]
                value = {label.strip(): key.strip() for label, _, key in pairs if key.strip()}
            else:
                value = items
    if isinstance(value, dict):
        return {str(label): str(key) for label, key in value.items() if str(key).strip()}
    return [str(k) for k in (value or []) if str(k).strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
