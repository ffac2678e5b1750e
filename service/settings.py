"""All runtime settings in one place; the only module that reads the environment (prefix NIANBAO_)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


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
    api_keys: list[str] = []
    use_models: bool = True
    # worker pool (service/workers.py): 0 = one worker per core
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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
